"""Project-level promises: the README's commands, documented commands, complete catalogues."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kompetens.cli.app import app
from kompetens.text.i18n import DOMAINS
from kompetens.text.language import INTERFACE_LANGUAGES

ROOT = Path(__file__).resolve().parents[1]
MESSAGES = ROOT / "src" / "kompetens" / "messages"


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(python3 -m venv .venv && [^\n]+)\n```", readme)


def test_readme_has_the_two_setup_commands_and_ci_runs_the_test_one() -> None:
    commands = _readme_commands()
    assert len(commands) == 2
    main_job, tests = commands
    assert "kompetens assess" in main_job
    assert "pytest" in tests
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_ci_runs_the_development_checks_exactly_as_readme_gives_them() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    development = readme.split("## Development", 1)[1]
    checks = re.search(r"```sh\n(\.venv/bin/ruff check [^\n]+)\n", development)
    assert checks is not None, "README's Development section lost its check command"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert checks.group(1) in ci
    assert ci.index(checks.group(1)) > ci.index(_readme_commands()[1])
    assert "set -euo pipefail" in ci  # a failing check fails CI
    assert "bash .ci/lowest" in ci


def test_every_runtime_dependency_has_a_lower_bound_that_ci_pins() -> None:
    import subprocess
    import sys
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "lowest_constraints.py")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    pinned = {pin.split("==")[0] for pin in pins}
    names = {re.split(r"[\[>=<~ ;]", dep, maxsplit=1)[0].lower() for dep in project["dependencies"]}
    assert names <= pinned


def _command_names() -> list[str]:
    return [command.name or command.callback.__name__ for command in app.registered_commands]  # type: ignore[union-attr]


def test_every_command_is_documented() -> None:
    docs = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    missing = [name for name in _command_names() if f"## kompetens {name}" not in docs]
    assert not missing, f"docs/commands.md lacks a section for: {', '.join(missing)}"


@pytest.mark.parametrize(
    "domain", sorted({*DOMAINS, *(p.name for p in MESSAGES.iterdir() if p.is_dir())})
)
def test_message_catalogues_have_the_same_keys(domain: str) -> None:
    catalogues = {
        language: json.loads((MESSAGES / domain / f"{language}.json").read_text(encoding="utf-8"))
        for language in INTERFACE_LANGUAGES
    }
    keys = set().union(*catalogues.values())
    for language, catalogue in catalogues.items():
        missing = sorted(keys - set(catalogue))
        assert not missing, f"messages/{domain}/{language}.json lacks {missing}"
        empty = sorted(k for k, v in catalogue.items() if not v.strip())
        assert not empty, f"messages/{domain}/{language}.json has empty texts: {empty}"
        for key, text in catalogue.items():
            placeholders = set(re.findall(r"\{(\w+)\}", text))
            english = set(re.findall(r"\{(\w+)\}", catalogues["en"].get(key, "")))
            assert placeholders == english, (
                f"{domain}/{language}.json {key}: {placeholders} ≠ {english}"
            )


def test_changelog_follows_keep_a_changelog() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.startswith("# Changelog")
    assert "## [Unreleased]" in changelog or re.search(r"## \[\d+\.\d+\.\d+\]", changelog)

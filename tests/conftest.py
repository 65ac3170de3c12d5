"""Shared fixtures: framework files, a CLI runner, a pseudo-terminal, and the real program."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from kompetens.cli.app import app
from kompetens.framework.catalog import builtin_frameworks
from kompetens.framework.validation import load_framework
from kompetens.model import Framework

if TYPE_CHECKING:
    import pexpect

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal.yaml"


@pytest.fixture(scope="session", autouse=True)
def _framework_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Built-in frameworks are cached in a folder of this test run (inherited by the
    programs the tests start), never in the user's own cache folder."""
    os.environ["KOMPETENS_CACHE_DIR"] = str(tmp_path_factory.mktemp("framework-cache"))
    yield


@pytest.fixture
def minimal_path() -> Path:
    return MINIMAL


@pytest.fixture(scope="session")
def minimal() -> Framework:
    framework, diagnostics = load_framework(MINIMAL)
    assert framework is not None, diagnostics
    return framework


@pytest.fixture(scope="session")
def builtin() -> Framework:
    framework, diagnostics = load_framework(builtin_frameworks()["sote-client-work"])
    assert framework is not None, diagnostics
    return framework


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Invoke `kompetens` in a fresh working directory with a neutral locale."""
    monkeypatch.chdir(tmp_path)
    for variable in ("KOMPETENS_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)

    def invoke(*args: str, input: str | None = None) -> object:
        return runner.invoke(app, list(args), input=input)

    yield invoke


@pytest.fixture
def assess_pty(tmp_path: Path) -> Iterator[Callable[..., pexpect.spawn]]:
    """Start `kompetens assess ARGS` in a real pseudo-terminal in `tmp_path`, as a student
    would (110×40, no colours, `lang` as the interface language).

    Call it as `assess_pty(*args, lang="en")`. A program still running when the test ends
    (a failed expect) is hung up like a closed terminal window, so no process outlives its
    test. POSIX only: the test is skipped on Windows.
    """
    if sys.platform == "win32":
        pytest.skip("needs a POSIX pseudo-terminal")
    from tests.terminal_spawn import spawn_assess

    children: list[pexpect.spawn] = []

    def spawn(*args: str, lang: str = "en") -> pexpect.spawn:
        child = spawn_assess(tmp_path, *args, lang=lang)
        children.append(child)
        return child

    yield spawn
    for child in children:
        if not child.closed:
            child.close(force=True)


def run_kompetens(
    *args: str, cwd: Path, input: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real program in a subprocess, as a user's shell would."""
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "kompetens", *args],
        cwd=cwd,
        input=input,
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )

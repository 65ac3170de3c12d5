"""Attacks on pseudonymisation: a shared output must name nobody.

The inputs are made here to look like what educators really have: Moodle's "download all
submissions" folders (`Full Name_123_assignsubmission_file_`), hand-in files named after
their authors, and a survey export named after a student, with name, e-mail, id and a
free-text column. Every output format is then searched for every name, name part, id,
e-mail, folder name, file stem and comment of the input.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from kompetens.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
RESULT = ROOT / "examples" / "student" / "aino-2026-spring.yaml"
KEY = "correct-horse-battery-staple-2025"

PEOPLE = [
    ("Zelda Quarrington", "s9100001", "Kuopio"),
    ("Yrjö Wexlerberg", "s9100002", "Kuopio"),
    ("Xenia Pottersmith", "s9100003", "Kuopio"),
    ("Wilhelmiina Ostrova", "s9100004", "Kuopio"),
    ("Valtteri Nyqvistson", "s9100005", "Kuopio"),
    ("Ursula Mbekindottir", "s9100006", "Tinyville"),
]


def invoke(*args: str | Path) -> Any:
    environment = {"KOMPETENS_PSEUDONYM_KEY": KEY, "KOMPETENS_LANG": "en", "COLUMNS": "120"}
    return CliRunner().invoke(app, [str(a) for a in args], env=environment)


def _secrets(name: str, student: str, stem: str, folder: str) -> list[str]:
    parts = name.split()
    return [name, *parts, student, stem, folder, f"{parts[0].lower()}.{parts[1].lower()}"]


@pytest.fixture
def moodle(tmp_path: Path) -> tuple[Path, list[str]]:
    """Six hand-ins as Moodle downloads them: one folder per student, named after them."""
    base = yaml.safe_load(RESULT.read_text(encoding="utf-8"))
    root = tmp_path / "Assignment 3 self-assessment"
    secrets: list[str] = []
    for number, (name, student, _) in enumerate(PEOPLE):
        folder = root / f"{name}_{4400 + number}_assignsubmission_file_"
        folder.mkdir(parents=True)
        stem = f"{name.split()[1].lower()}-handin-{number}"
        data = {**base, "respondent": {"id": student, "name": name}}
        (folder / f"{stem}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
        secrets += _secrets(name, student, stem, folder.name)
        secrets.append(str(4400 + number))
    return root, secrets


@pytest.fixture
def survey(tmp_path: Path) -> tuple[Path, list[str]]:
    """A survey export named after a student, with name, e-mail and a comment column."""
    from kompetens.framework.catalog import builtin_frameworks
    from kompetens.framework.validation import load_framework

    framework, _ = load_framework(builtin_frameworks()["sote-client-work"])
    assert framework is not None
    statements = [s.id for s in framework.statements_for("nqf6")]
    header = ["Opiskelija", "Nimi", "Sähköposti", "Kampus", "Kommentti", *statements]
    lines = [";".join(header)]
    secrets: list[str] = []
    for number, (name, student, campus) in enumerate(PEOPLE):
        email = f"{name.split()[0].lower()}.{name.split()[1].lower()}@example.fi"
        comment = f"secretcomment{number} about my placement at Ward{number}"
        ratings = [str(1 + (number + i) % 5) for i in range(len(statements))]
        lines.append(";".join([student, name, email, campus, comment, *ratings]))
        secrets += [*_secrets(name, student, "Valtteri Nyqvistson answers", ""), email]
        secrets += [f"secretcomment{number}", f"Ward{number}"]
    table = tmp_path / "Valtteri Nyqvistson answers.csv"
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return table, [s for s in secrets if s]


def _outputs(tmp_path: Path, inputs: Path, by: str, min_group: int) -> dict[str, str]:
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    texts: dict[str, str] = {}
    level = ["--level", "nqf6"]
    common = [inputs, *level, "--pseudonymize", "--by", by, "--min-group", str(min_group)]
    first = invoke(
        "score",
        *common,
        "--csv",
        out / "s.csv",
        "--json",
        out / "s.json",
        "--report",
        out / "s.html",
        "--force",
    )
    assert first.exit_code in (0, 1), first.output
    texts["summary"] = first.stdout
    second = invoke("score", *common, "--report", out / "s.md", "--force")
    assert second.exit_code in (0, 1), second.output
    stdout_json = invoke("score", *common, "--json", "-")
    assert stdout_json.exit_code in (0, 1), stdout_json.output
    texts["json on stdout"] = stdout_json.stdout
    # Diagnostics on standard error name their file for the educator who must fix it; the
    # summary printed there (stdout carries the JSON) is an output like any other.
    diagnostic = re.compile(r":\d+:\d+: (error|warning) \[")
    texts["summary on stderr"] = "\n".join(
        line for line in stdout_json.stderr.splitlines() if not diagnostic.search(line)
    )
    for name in ("s.csv", "s.json", "s.html", "s.md"):
        texts[name] = (out / name).read_text(encoding="utf-8")
    return texts


def _leaks(texts: dict[str, str], secrets: list[str]) -> list[tuple[str, str]]:
    return [
        (where, secret)
        for where, text in texts.items()
        for secret in secrets
        if secret.casefold() in text.casefold()
    ]


@pytest.mark.parametrize("min_group", [5, 1])
def test_moodle_folders_and_file_names_never_reach_a_pseudonymised_output(
    tmp_path: Path, moodle: tuple[Path, list[str]], min_group: int
) -> None:
    root, secrets = moodle
    texts = _outputs(tmp_path, root, "folder", min_group)
    assert not _leaks(texts, secrets)
    assert "p-" in texts["s.csv"] and texts["s.csv"].count("\n") == 1 + len(PEOPLE)


@pytest.mark.parametrize("min_group", [5, 2])
def test_a_survey_export_named_after_a_student_names_nobody(
    tmp_path: Path, survey: tuple[Path, list[str]], min_group: int
) -> None:
    table, secrets = survey
    texts = _outputs(tmp_path, table, "Kampus", min_group)
    assert not _leaks(texts, secrets)


def test_a_group_smaller_than_min_group_loses_its_label(
    tmp_path: Path, survey: tuple[Path, list[str]]
) -> None:
    """Tinyville has one respondent: its name would point at her, so it is withheld; the
    five in Kuopio are a group and keep their label."""
    table, _ = survey
    texts = _outputs(tmp_path, table, "Kampus", 5)
    for where, text in texts.items():
        assert "Tinyville" not in text, where
    for where in ("s.csv", "s.json", "s.html", "s.md", "summary"):
        assert "Kuopio" in texts[where], where
    assert "label withheld" in texts["s.html"]


def test_without_pseudonymising_small_groups_keep_their_labels(
    tmp_path: Path, survey: tuple[Path, list[str]]
) -> None:
    table, _ = survey
    result = invoke("score", table, "--level", "nqf6", "--by", "Kampus")
    assert result.exit_code in (0, 1)
    assert "Tinyville" in result.stdout


@pytest.mark.parametrize(
    "column", ["Nimi", "nimi", "Sähköposti", "Opiskelija", "e-mail", "Student number", "name"]
)
def test_grouping_by_a_column_that_identifies_people_is_refused(
    survey: tuple[Path, list[str]], column: str
) -> None:
    table, _ = survey
    result = invoke("score", table, "--level", "nqf6", "--pseudonymize", "--by", column)
    assert result.exit_code == 2
    assert "identifies people" in result.stderr
    assert "Zelda" not in result.output


def test_grouping_by_the_id_column_named_with_id_column_is_refused(
    survey: tuple[Path, list[str]],
) -> None:
    table, _ = survey
    result = invoke("score", table, "--level", "nqf6", "--id-column", "Kampus", "--by", "Kampus")
    assert result.exit_code == 2
    assert "identifies people" in result.stderr


def test_moodle_folders_group_by_the_folder_above_them(
    tmp_path: Path, moodle: tuple[Path, list[str]]
) -> None:
    """Without pseudonymising too: a student's own folder is not a group."""
    root, _ = moodle
    result = invoke("score", root, "--level", "nqf6", "--by", "folder", "--json", "-")
    assert result.exit_code == 0, result.output
    import json

    groups = json.loads(result.stdout)["groups"][0]["groups"]
    assert [(g["value"], g["n"]) for g in groups] == [(root.name, len(PEOPLE))]

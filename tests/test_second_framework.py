"""Every command works, unchanged, with the second built-in framework.

`client-participation-house` differs from the default framework where it matters: its
levels are `unit` and `organisation` (not degree levels), its scale is 1–4, its default
language is Finnish, and a unit assesses shared practice rather than a student their own
competence. Nothing in the tool may assume the first framework's shape.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from kompetens.cli.app import app
from kompetens.framework.catalog import builtin_frameworks
from kompetens.framework.validation import load_framework
from kompetens.model import Framework
from tests.conftest import run_kompetens

HOUSE = "client-participation-house"


@pytest.fixture(scope="module")
def house() -> Framework:
    framework, diagnostics = load_framework(builtin_frameworks()[HOUSE])
    assert framework is not None, diagnostics
    assert framework.level_ids == ["unit", "organisation"]
    assert framework.scale.values == [1, 2, 3, 4]
    return framework


def _answers(framework: Framework, level: str, offset: int = 0) -> str:
    """An answers file: ratings 1–4 in turn, a "can't say" and a note."""
    lines = []
    for n, statement in enumerate(framework.statements_for(level)):
        value = framework.scale.values[(n + offset) % len(framework.scale.values)]
        if n == 2:
            lines.append(f"{statement.id}: '-'")
        elif n == 3:
            lines.append(
                f"{statement.id}: {{rating: {value}, note: 'Agreed, in the team meeting'}}"
            )
        else:
            lines.append(f"{statement.id}: {value}")
    return "\n".join(lines) + "\n"


def test_validate_and_show(cli: Any, house: Framework) -> None:
    validate = cli("validate", "--strict", str(builtin_frameworks()[HOUSE]))
    assert validate.exit_code == 0, validate.output
    tree = cli("show", HOUSE, "--level", "organisation", "--lang", "en")
    assert tree.exit_code == 0, tree.output
    assert "Organisation and management" in tree.stdout
    shown = json.loads(cli("show", HOUSE, "--format", "json").stdout)
    assert shown["id"] == HOUSE
    assert [level["id"] for level in shown["levels"]] == ["unit", "organisation"]


def test_assess_with_answers_then_report_in_every_format(
    cli: Any, tmp_path: Path, house: Framework
) -> None:
    (tmp_path / "answers.yaml").write_text(_answers(house, "unit"), encoding="utf-8")
    assess = cli(
        "assess", HOUSE, "--level", "unit", "--answers", "answers.yaml", "-o", "unit.yaml",
        "--lang", "en", "--name", "Team North",
    )  # fmt: skip
    assert assess.exit_code == 0, assess.output
    result = yaml.safe_load((tmp_path / "unit.yaml").read_text(encoding="utf-8"))
    assert result["completed"] is not None
    assert result["level"] == "unit"
    assert len(result["answers"]) == len(house.statements_for("unit"))
    for fmt in ("md", "html", "json"):
        report = cli("report", "unit.yaml", "--format", fmt, "-o", f"unit.{fmt}")
        assert report.exit_code == 0, report.output
        text = (tmp_path / f"unit.{fmt}").read_text(encoding="utf-8")
        assert text
    scores = json.loads((tmp_path / "unit.json").read_text(encoding="utf-8"))
    assert scores["framework"]["id"] == HOUSE
    assert scores["scores"]["overall"]["target"] == 3
    html = (tmp_path / "unit.html").read_text(encoding="utf-8")
    assert "Team North" in html
    assert "Agreed, in the team meeting" in html


def test_assess_with_piped_stdin(tmp_path: Path, house: Framework) -> None:
    count = len(house.statements_for("organisation"))
    ratings = "".join(f"{1 + n % 4}\n" for n in range(count))
    result = run_kompetens(
        "assess", HOUSE, "--level", "organisation", "-o", "org.yaml", cwd=tmp_path, input=ratings
    )
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load((tmp_path / "org.yaml").read_text(encoding="utf-8"))
    assert data["completed"] is not None
    assert len(data["answers"]) == count


@pytest.mark.parametrize("fmt", ["moodle-csv", "case-json", "md", "html"])
def test_export_in_every_format(cli: Any, tmp_path: Path, house: Framework, fmt: str) -> None:
    result = cli("export", HOUSE, "--to", fmt, "-o", f"house.{fmt}")
    assert result.exit_code == 0, result.output
    text = (tmp_path / f"house.{fmt}").read_text(encoding="utf-8")
    if fmt == "moodle-csv":
        # A Finnish framework: the delimiter Moodle's import form preselects in Finnish.
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        assert rows[1][5] == ",".join(point.label["fi"] for point in house.scale.points)
        config = json.loads(rows[1][6])
        # unit expects 3, organisation 4: the whole framework marks 3 and 4 proficient.
        assert [item["proficient"] for item in config[1:]] == [0, 0, 1, 1]
        assert len(rows) == 2 + len(house.areas) + len(house.components()) + len(
            house.statement_index
        )
    elif fmt == "case-json":
        package = json.loads(text)
        assert len(package["CFRubrics"]) == 2
        imported = cli("import", f"house.{fmt}", "-o", "house.yaml")
        assert imported.exit_code == 0, imported.output
        again, _ = load_framework(tmp_path / "house.yaml")
        assert again == house
    elif fmt == "md":
        assert text.startswith(f"# {house.title['fi']}")
    else:
        assert "Yksikkö ja työyhteisö" in text


def test_diff_against_itself_is_compatible(cli: Any) -> None:
    result = cli("diff", HOUSE, HOUSE, "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["compatible"] is True
    assert [level["level"] for level in document["levels"]] == ["unit", "organisation"]


def test_score_a_cohort(cli: Any, tmp_path: Path, house: Framework) -> None:
    commands = {c.name or getattr(c.callback, "__name__", "") for c in app.registered_commands}
    if "score" not in commands:
        pytest.skip("the `score` command is not part of this build yet")
    cohort = tmp_path / "cohort"
    cohort.mkdir()
    for n in range(3):
        (tmp_path / f"a{n}.yaml").write_text(_answers(house, "unit", n), encoding="utf-8")
        made = cli(
            "assess", HOUSE, "--level", "unit", "--answers", f"a{n}.yaml",
            "-o", f"cohort/team-{n}.yaml", "--id", f"team-{n}",
        )  # fmt: skip
        assert made.exit_code == 0, made.output
    result = cli("score", "cohort", "--json", "-", "-j", "1")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["framework"]["id"] == HOUSE
    assert document["counts"]["scored"] == 3
    assert document["scale"]["values"] == [1, 2, 3, 4]
    assert sorted(r["respondent"] for r in document["respondents"]) == [
        "team-0",
        "team-1",
        "team-2",
    ]
    assert {area["id"] for area in document["areas"]} == {area.id for area in house.areas}

"""The synthetic programme in examples/programme runs through the four steps: a mentor's
assessment from an answers file, the student's report with the mentor's view, the cohort
score with agreement and change by campus, and one report per student."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

PROGRAMME = Path(__file__).parents[1] / "examples" / "programme"


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def test_a_mentor_assessment_from_the_answers_file_matches_the_example(
    cli: Any, tmp_path: Path
) -> None:
    out = cli(
        "assess",
        "--role",
        "mentor",
        "--assessor-name",
        "Pekka Mentor",
        "--id",
        "s3001",
        "--name",
        "Aino Heikkinen",
        "--level",
        "nqf6",
        "--lang",
        "fi",
        "--answers",
        str(PROGRAMME / "mentor-answers-s3001.yaml"),
        "-o",
        "s3001-mentor.yaml",
    )
    assert out.exit_code == 0, out.stderr
    written = _load(tmp_path / "s3001-mentor.yaml")
    example = _load(PROGRAMME / "mentors" / "Kuopio" / "s3001-mentor.yaml")
    assert written["assessor"] == {"role": "mentor", "name": "Pekka Mentor"}
    assert written["respondent"] == example["respondent"]
    assert written["answers"] == example["answers"]
    assert written["completed"] is not None

    report = cli(
        "report",
        str(PROGRAMME / "round-2" / "Kuopio" / "s3001.yaml"),
        "--assessor",
        "s3001-mentor.yaml",
        "--format",
        "json",
    )
    assert report.exit_code == 0, report.stderr
    views = json.loads(report.stdout)["views"]
    assert views["same_person"] and not views["name_mismatch"]
    assert views["shared"] == len(example["answers"])


def test_score_shows_agreement_change_and_campuses(cli: Any) -> None:
    out = cli(
        "score",
        str(PROGRAMME / "round-2"),
        str(PROGRAMME / "mentors"),
        "--since",
        str(PROGRAMME / "round-1"),
        "--by",
        "folder",
        "--json",
        "-",
    )
    assert out.exit_code == 0, out.stderr
    document = json.loads(out.stdout)
    assert document["counts"] == {**document["counts"], "scored": 30, "rejected": 0}
    assert [g["value"] for g in document["groups"][0]["groups"]] == ["Iisalmi", "Kuopio"]
    [agreement] = document["agreement"]
    assert (agreement["role"], agreement["pairs"], agreement["self_only"]) == ("mentor", 28, 2)
    assert agreement["overall"]["mean_diff"] > 0  # students rate themselves higher
    change = document["change"]
    assert change["pairs"] == 28
    assert change["new_only"] == ["s3031", "s3032"]
    assert change["old_only"] == ["s3007", "s3022"]
    assert change["overall"]["mean_change"] > 0


def test_one_report_per_student_with_the_mentor_beside(cli: Any, tmp_path: Path) -> None:
    out = cli(
        "report",
        str(PROGRAMME / "round-2"),
        str(PROGRAMME / "mentors"),
        "--each",
        "-o",
        str(tmp_path / "reports"),
    )
    assert out.exit_code == 0, out.stderr
    reports = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert len(reports) == 30
    assert "s3001.html" in reports and not any("mentor" in r for r in reports)
    with_views = [
        p for p in (tmp_path / "reports").iterdir() if 'id="views"' in p.read_text("utf-8")
    ]
    assert len(with_views) == 28


def test_the_generator_writes_the_committed_files(tmp_path: Path) -> None:
    subprocess.run([sys.executable, str(PROGRAMME / "generate.py"), str(tmp_path)], check=True)
    for path in tmp_path.rglob("*.yaml"):
        committed = PROGRAMME / path.relative_to(tmp_path)
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), path
    assert len(list(tmp_path.rglob("*.yaml"))) == len(list(PROGRAMME.rglob("*.yaml")))


def test_the_figures_in_the_example_readme_are_the_ones_score_prints(cli: Any) -> None:
    out = cli(
        "score",
        str(PROGRAMME / "round-2"),
        str(PROGRAMME / "mentors"),
        "--since",
        str(PROGRAMME / "round-1"),
        "--lang",
        "en",
    )
    assert out.exit_code == 0, out.stderr
    readme = (PROGRAMME / "README.md").read_text(encoding="utf-8")
    after_agreement = out.stdout.split("Self-assessment and mentor ratings", 1)[1]
    agreement_row = next(line for line in after_agreement.splitlines() if "Overall" in line)
    diff, share, icc = [cell.strip() for cell in agreement_row.split("│")[2:5]]
    assert f"+{diff}" in readme
    assert f"ICC(A,1) {icc}" in readme
    assert share == "0%" and "no student ≥ 1 point above the mentor" in readme
    after_change = out.stdout.split("Change since the earlier round", 1)[1]
    change_row = next(line for line in after_change.splitlines() if "Overall" in line)
    mean, p, dz, counts = [cell.strip() for cell in change_row.split("│")[2:6]]
    assert mean.removeprefix("↑ ") in readme
    assert p == "<0.001" and "p < 0.001" in readme
    assert f"d_z {dz}" in readme
    improved, stayed, declined = counts.split("/")
    assert f"{improved} improved, {stayed} stayed, {declined} declined" in readme

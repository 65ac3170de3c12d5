"""Guidance per level, and the "does not apply" answer beside "can't say"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kompetens.assessment.results import read_result
from kompetens.assessment.scoring import ratings_of, score_result
from kompetens.framework.validation import load_framework
from kompetens.report.context import build_report_context
from tests.conftest import MINIMAL

GUIDED = (
    MINIMAL.read_text(encoding="utf-8")
    .replace(
        "        guidance: {en: Practise one, fi: Harjoittele yhtä, sv: Öva ett}\n",
        "        guidance: {en: Practise one, fi: Harjoittele yhtä, sv: Öva ett}\n"
        "        level_guidance:\n"
        "          advanced: {en: Lead a project on one, fi: Johda yhtä, sv: Led ett}\n",
    )
    .replace(
        "    label: {en: Can't say, fi: En osaa sanoa, sv: Kan inte säga}\n",
        "    label: {en: Can't say, fi: En osaa sanoa, sv: Kan inte säga}\n"
        "  not_applicable:\n"
        "    label: {en: Does not apply to us, fi: Ei koske meitä, sv: Gäller inte oss}\n",
    )
)


def _framework(tmp_path: Path, text: str = GUIDED) -> Path:
    path = tmp_path / "guided.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _assess(cli: Any, framework: Path, level: str, answers: dict[str, Any]) -> Any:
    Path("answers.yaml").write_text(yaml.safe_dump(answers), encoding="utf-8")
    return cli(
        "assess", str(framework), "--level", level, "--answers", "answers.yaml", "-o", "r.yaml"
    )


def test_each_level_reads_its_own_guidance(cli: Any, tmp_path: Path) -> None:
    path = _framework(tmp_path)
    framework, _ = load_framework(path)
    assert framework is not None
    for level, expected in (("basic", "Practise one"), ("advanced", "Lead a project on one")):
        done = _assess(cli, path, level, {s.id: 1 for s in framework.statements_for(level)})
        assert done.exit_code == 0, done.output
        result, _, _ = read_result(Path("r.yaml"))
        assert result is not None
        scores = score_result(framework, level, ratings_of(result.answers))
        context = build_report_context(framework, result, scores, "en")
        assert context["areas"][0]["components"][0]["guidance"] == expected
        Path("r.yaml").unlink()


def test_not_applicable_is_recorded_shown_and_never_a_number(cli: Any, tmp_path: Path) -> None:
    path = _framework(tmp_path)
    framework, _ = load_framework(path)
    assert framework is not None
    done = _assess(cli, path, "basic", {"alpha.one.1": "n/a", "alpha.one.2": 2, "alpha.two.1": "-"})
    assert done.exit_code == 0, done.output
    data = yaml.safe_load(Path("r.yaml").read_text(encoding="utf-8"))
    assert data["answers"]["alpha.one.1"] == {"rating": None, "note": None, "not_applicable": True}
    assert "not_applicable" not in data["answers"]["alpha.one.2"]
    result, _, _ = read_result(Path("r.yaml"))
    assert result is not None
    scores = score_result(framework, "basic", ratings_of(result.answers))
    assert scores.components["alpha.one"].mean == 2.0
    context = build_report_context(framework, result, scores, "en")
    statements = {s["id"]: s for s in context["areas"][0]["components"][0]["statements"]}
    assert statements["alpha.one.1"]["rating_label"] == "Does not apply to us"
    assert statements["alpha.one.1"]["not_applicable"] is True
    assert statements["alpha.one.1"]["cant_say"] is False
    two = context["areas"][0]["components"][1]["statements"][0]
    assert two["cant_say"] is True and two["rating_label"] == "Can't say"


def test_not_applicable_is_refused_where_the_scale_has_none(cli: Any, tmp_path: Path) -> None:
    done = _assess(cli, MINIMAL, "basic", {"alpha.one.1": "n/a"})
    assert done.exit_code != 0
    assert "'n/a' is not a rating" in done.output


def test_a_result_cannot_rate_and_say_not_applicable(cli: Any, tmp_path: Path) -> None:
    path = _framework(tmp_path)
    assert _assess(cli, path, "basic", {"alpha.one.1": "n/a"}).exit_code == 0
    text = Path("r.yaml").read_text(encoding="utf-8")
    Path("r.yaml").write_text(
        text.replace("    rating: null", "    rating: 3", 1), encoding="utf-8"
    )
    done = cli("report", "r.yaml", "--framework", str(path))
    assert done.exit_code == 1
    assert "r.yaml:" in done.output and "not_applicable has no rating" in done.output


def test_a_result_with_not_applicable_is_refused_by_a_scale_without_it(
    cli: Any, tmp_path: Path
) -> None:
    path = _framework(tmp_path)
    assert _assess(cli, path, "basic", {"alpha.one.1": "n/a"}).exit_code == 0
    done = cli("report", "r.yaml", "--framework", str(MINIMAL))
    assert done.exit_code == 1
    assert '[off-scale] answers.alpha.one.1.not_applicable: this framework has no "not ' in (
        done.output
    )


def test_house_x_key_in_a_real_terminal_records_does_not_apply(tmp_path: Path) -> None:
    import os
    import sys

    import pexpect

    env = {**os.environ, "NO_COLOR": "1", "TERM": "xterm", "KOMPETENS_LANG": "en"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "kompetens", "assess", "client-participation-house", "--level", "unit",
         "--name", "", "-o", "unit.yaml"],
        cwd=str(tmp_path), env=env, encoding="utf-8", timeout=20, dimensions=(40, 110),
    )  # fmt: skip
    child.expect(r"x(\x1b\[0m)?\s+Does not apply to us")  # the key, then its label
    child.send("x")
    child.expect("Does not apply to us")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    data = yaml.safe_load((tmp_path / "unit.yaml").read_text(encoding="utf-8"))
    (answer,) = data["answers"].values()
    assert answer == {"rating": None, "note": None, "not_applicable": True}


def test_piped_answers_accept_not_applicable(tmp_path: Path) -> None:
    from tests.conftest import run_kompetens

    done = run_kompetens(
        "assess", "client-participation-house", "--level", "unit", "-o", "unit.yaml",
        cwd=tmp_path, input="3\nn/a we procure nothing\n2\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = yaml.safe_load((tmp_path / "unit.yaml").read_text(encoding="utf-8"))
    answers = list(data["answers"].values())
    assert answers[0]["rating"] == 3
    assert answers[1] == {"rating": None, "note": "we procure nothing", "not_applicable": True}
    assert answers[2]["rating"] == 2

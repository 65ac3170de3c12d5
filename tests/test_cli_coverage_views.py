"""`report --assessor` refusals and the terminal side-by-side view: paths the main tests skip.

Each refusal names the file and the problem and exits 1; the comparison is never drawn
from a result that cannot be trusted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kompetens.assessment.results import write_result
from kompetens.assessment.session import new_result, now
from kompetens.model import Answer, Framework, Respondent
from tests.conftest import MINIMAL
from tests.test_report_assessor import MENTOR, SELF, _report, _write


def test_another_person_is_named_with_name_and_id(
    cli: Any, tmp_path: Path, minimal: Framework
) -> None:
    own = _write(
        tmp_path / "a.yaml", minimal, SELF, respondent=Respondent(id="s1", name="Aino Virtanen")
    )
    other = _write(
        tmp_path / "b.yaml",
        minimal,
        MENTOR,
        respondent=Respondent(id="s2", name="Eero Laine"),
        role="mentor",
    )
    out = _report(cli, own, other)
    assert out.exit_code == 1
    assert "b.yaml is about Eero Laine (s2), not Aino Virtanen (s1)" in out.stderr


def test_an_assessor_result_for_another_framework_is_refused(
    cli: Any, tmp_path: Path, minimal: Framework
) -> None:
    aino = Respondent(id="s1")
    own = _write(tmp_path / "a.yaml", minimal, SELF, respondent=aino)
    other = _write(tmp_path / "b.yaml", minimal, MENTOR, respondent=aino, role="mentor")
    data = yaml.safe_load(other.read_text(encoding="utf-8"))
    data["framework"]["id"] = "another-framework"
    other.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = _report(cli, own, other)
    assert out.exit_code == 1
    assert "b.yaml is for framework 'another-framework'" in out.stderr
    assert "do not exist in 'mini'" in out.stderr
    assert out.stdout == ""


def test_an_assessor_rating_off_the_scale_is_named_and_nothing_is_compared(
    cli: Any, tmp_path: Path, minimal: Framework
) -> None:
    aino = Respondent(id="s1")
    own = _write(tmp_path / "a.yaml", minimal, SELF, respondent=aino)
    other = _write(
        tmp_path / "b.yaml", minimal, {**MENTOR, "beta.one.1": 9}, respondent=aino, role="mentor"
    )
    out = _report(cli, own, other, "--format", "json")
    assert out.exit_code == 1
    assert "b.yaml" in out.stderr and "beta.one.1" in out.stderr and "9" in out.stderr
    assert "Traceback" not in out.stderr
    assert out.stdout == ""


def test_equal_ratings_say_there_is_nothing_to_talk_about(
    cli: Any, tmp_path: Path, minimal: Framework
) -> None:
    aino = Respondent(id="s1", name="Aino")
    own = _write(tmp_path / "a.yaml", minimal, SELF, respondent=aino)
    other = _write(tmp_path / "b.yaml", minimal, SELF, respondent=aino, role="mentor")
    out = _report(cli, own, other)
    assert out.exit_code == 0, out.stderr
    assert "No statement differs by 1 point or more." in out.stdout
    assert "You rate yourself higher" not in out.stdout


def test_only_one_direction_of_difference_is_listed(
    cli: Any, tmp_path: Path, minimal: Framework
) -> None:
    aino = Respondent(id="s1", name="Aino")
    own = _write(tmp_path / "a.yaml", minimal, SELF, respondent=aino)
    lower = {**SELF, "alpha.one.1": 1}  # the mentor is lower on one statement only
    other = _write(tmp_path / "b.yaml", minimal, lower, respondent=aino, role="mentor")
    out = _report(cli, own, other)
    assert out.exit_code == 0, out.stderr
    assert "You rate yourself higher" in out.stdout
    starters = out.stdout.split("You rate yourself higher", 1)[1]
    assert "I can do one" in starters
    assert "rates you higher" not in out.stdout


def test_the_terminal_report_of_a_draft_says_it_is_a_draft(
    cli: Any, tmp_path: Path, minimal: Framework
) -> None:
    result = new_result(minimal, "basic", "en", Respondent(id="s1"))
    result.answers = {"alpha.one.1": Answer(rating=3)}
    write_result(result, tmp_path / "draft.yaml")
    out = cli("report", str(tmp_path / "draft.yaml"), "--framework", str(MINIMAL))
    assert out.exit_code == 0, out.stderr
    assert "Draft: this self-assessment has not been completed." in out.stdout
    done = new_result(minimal, "basic", "en", Respondent(id="s1"))
    done.answers = {"alpha.one.1": Answer(rating=3)}
    done.completed = now()
    write_result(done, tmp_path / "done.yaml")
    finished = cli("report", str(tmp_path / "done.yaml"), "--framework", str(MINIMAL))
    assert finished.exit_code == 0, finished.stderr
    assert "Draft" not in finished.stdout

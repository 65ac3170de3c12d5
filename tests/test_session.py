"""The assessment state machine: order, back, notes, reflections and resuming."""

from __future__ import annotations

import pytest

from kompetens.assessment.session import (
    ReflectionStep,
    ScaleError,
    Session,
    StatementStep,
    new_result,
)
from kompetens.model import Framework


def _session(framework: Framework, level: str = "basic") -> Session:
    return Session(framework, new_result(framework, level, "en"))


def test_walks_areas_then_reflection(minimal: Framework) -> None:
    session = _session(minimal)
    kinds = [type(step).__name__ for step in session.steps]
    assert kinds == ["StatementStep"] * 3 + ["ReflectionStep"] + ["StatementStep", "ReflectionStep"]
    assert session.statement_count == 4
    assert session.area_count == 2


def test_answer_back_and_change(minimal: Framework) -> None:
    session = _session(minimal)
    session.answer(2)
    session.back()
    assert isinstance(session.current, StatementStep)
    assert session.current.statement.id == "alpha.one.1"
    session.answer(4)
    assert session.result.answers["alpha.one.1"].rating == 4


def test_note_before_rating_is_kept(minimal: Framework) -> None:
    session = _session(minimal)
    session.note("  evidence from placement  ")
    session.answer(None)
    answer = session.result.answers["alpha.one.1"]
    assert answer.rating is None
    assert answer.note == "evidence from placement"


def test_rating_off_the_scale_is_refused(minimal: Framework) -> None:
    session = _session(minimal)
    with pytest.raises(ScaleError):
        session.answer(9)
    assert session.result.answers == {}


def test_resume_starts_at_first_unanswered(minimal: Framework) -> None:
    session = _session(minimal)
    session.answer(3)
    session.answer(3)
    resumed = Session(minimal, session.result)
    assert isinstance(resumed.current, StatementStep)
    assert resumed.current.statement.id == "alpha.two.1"
    assert resumed.answered_count == 2


def test_reflection_and_completion(minimal: Framework) -> None:
    session = _session(minimal)
    for _ in range(3):
        session.answer(3)
    assert isinstance(session.current, ReflectionStep)
    session.reflect("I learned to listen first.")
    session.answer(1)
    session.reflect("")
    assert session.finished
    session.complete()
    assert session.result.reflections == {"alpha": "I learned to listen first."}
    assert not session.result.is_draft


def test_entering_area_and_component(minimal: Framework) -> None:
    session = _session(minimal)
    assert session.entering_area() and session.entering_component()
    session.answer(3)
    assert not session.entering_area() and not session.entering_component()
    session.answer(3)
    assert not session.entering_area() and session.entering_component()


def test_a_note_on_an_unrated_statement_is_in_the_result_at_once(minimal: Framework) -> None:
    session = _session(minimal)
    session.note("  evidence from placement ")
    assert session.result.notes == {"alpha.one.1": "evidence from placement"}
    session.note("")  # typed and then erased again
    assert session.result.notes == {}
    session.note("kept")
    session.answer(3)
    assert session.result.answers["alpha.one.1"].note == "kept"
    assert session.result.notes == {}


def test_a_reflection_is_kept_while_typed_and_a_skip_keeps_an_earlier_one(
    minimal: Framework,
) -> None:
    session = _session(minimal)
    for _ in range(3):
        session.answer(2)
    session.draft_reflection("half a thou")
    assert session.result.reflections == {"alpha": "half a thou"}
    session.reflect("half a thought, finished")
    session.back()
    session.reflect(None)
    assert session.result.reflections == {"alpha": "half a thought, finished"}


def test_goals_replace_the_goal_of_the_same_sub_area_in_place(minimal: Framework) -> None:
    from datetime import date

    session = _session(minimal)
    session.set_goal("alpha.one", "first", None, None)
    session.set_goal("beta.one", "second", None, None)
    session.set_goal("alpha.one", "first, longer", "ask", date(2027, 5, 31))
    assert [(g.component, g.text) for g in session.result.goals] == [
        ("alpha.one", "first, longer"),
        ("beta.one", "second"),
    ]
    session.set_goal("beta.one", " ", None, None)
    assert [g.component for g in session.result.goals] == ["alpha.one"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2027-05-31", (2027, 5, 31)), ("31.5.2027", (2027, 5, 31)), ("1.2.2027.", (2027, 2, 1))],
)
def test_due_dates_as_people_write_them(text: str, expected: tuple[int, int, int]) -> None:
    from datetime import date

    from kompetens.assessment.session import parse_due_date

    assert parse_due_date(text) == date(*expected)
    assert parse_due_date("  ") is None


@pytest.mark.parametrize("text", ["31 May", "31.13.2027", "2027-02-30", "5.2027"])
def test_due_dates_that_are_not_dates_are_refused(text: str) -> None:
    from kompetens.assessment.session import parse_due_date

    with pytest.raises(ValueError):
        parse_due_date(text)

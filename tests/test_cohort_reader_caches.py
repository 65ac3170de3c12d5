"""The result reader's caches, keyed by an object's `id`, never hand one object's data to
another. Python reuses an id once its object is gone: in a process that scores more than
once (a `--since` round, a test run, a notebook) a stale entry would encode ratings against
another framework's statements, and the cohort's columns would no longer line up."""

from __future__ import annotations

from kompetens.assessment.scoring import ScoringPlan
from kompetens.cohort import files
from kompetens.cohort.plain_results import PlainResult
from kompetens.framework.catalog import builtin_version
from kompetens.framework.validation import load_framework
from kompetens.model import Framework


def _frameworks() -> tuple[Framework, Framework]:
    current = load_framework(builtin_version("sote-client-work", None))[0]
    archived = load_framework(builtin_version("sote-client-work", "1.0.0"))[0]
    assert current is not None and archived is not None
    return current, archived


def test_a_plan_cached_for_another_framework_at_the_same_id_is_not_used() -> None:
    current, archived = _frameworks()
    old_plan = files.plan_for(archived, "nqf6")
    files._plans[(id(current), "nqf6")] = files._plans[(id(archived), "nqf6")]
    plan = files.plan_for(current, "nqf6")
    assert plan is not old_plan
    assert plan.statement_ids == ScoringPlan.build(current, "nqf6").statement_ids


def test_codes_are_made_from_the_plan_asked_for() -> None:
    current, archived = _frameworks()
    old_plan = ScoringPlan.build(archived, "nqf6")
    new_plan = ScoringPlan.build(current, "nqf6")
    only_new = [s for s in new_plan.statement_ids if s not in old_plan.statement_ids]
    assert only_new, "the two versions must differ for this test to mean anything"
    files._level_reader(archived, "nqf6")
    files._readers[(id(current), "nqf6")] = files._readers[(id(archived), "nqf6")]
    plain = PlainResult(
        framework_id=current.id,
        version=current.version,
        level="nqf6",
        respondent=None,
        name=None,
        role="self",
        completed=0.0,
        statement_ids=tuple(only_new),
        answer_ratings=[3] * len(only_new),
        not_applicable=False,
        strings=0,
    )
    codes = files._level_reader(current, "nqf6").codes(plain)
    assert codes is not None
    assert [code == 3 for code in codes] == [s in only_new for s in new_plan.statement_ids]


def test_valid_answers_are_those_of_the_framework_asked_for() -> None:
    current, archived = _frameworks()
    old_known, _ = files._answers_for(archived, "nqf6")
    files._valid_answers[(id(current), "nqf6")] = files._valid_answers[(id(archived), "nqf6")]
    known, _ = files._answers_for(current, "nqf6")
    assert known == frozenset(s.id for s in current.statements_for("nqf6"))
    assert known != old_known

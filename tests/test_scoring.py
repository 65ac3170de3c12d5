"""Scoring: what a student sees as mean, gap and status, and the invariants behind it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kompetens.assessment.scoring import ScoringPlan, Status, score_result
from kompetens.model import Framework


def test_component_mean_ignores_cant_say(minimal: Framework) -> None:
    scores = score_result(minimal, "basic", {"alpha.one.1": 4, "alpha.one.2": None})
    component = scores.components["alpha.one"]
    assert component.mean == 4.0
    assert component.cant_say == 1
    assert component.answered == 1


def test_too_few_answers_is_not_assessable(builtin: Framework) -> None:
    # One rating out of four statements in the sub-area: no mean rather than a misleading one.
    scores = score_result(builtin, "nqf6", {"client-centredness.implementing.1": 5})
    component = scores.components["client-centredness.implementing"]
    assert component.mean is None
    assert component.status is Status.NOT_ASSESSABLE
    assert scores.overall.mean is None


def test_gap_and_status_against_level_target(builtin: Framework) -> None:
    ids = [s.id for s in builtin.statements_for("nqf6")]
    scores = score_result(builtin, "nqf6", dict.fromkeys(ids, 2))
    assert scores.overall.target == 4
    assert scores.overall.mean == 2.0
    assert scores.overall.gap == 2.0
    assert scores.overall.status is Status.PRIORITY
    higher = score_result(builtin, "nqf6", dict.fromkeys(ids, 4))
    assert higher.overall.status is Status.MEETS
    assert higher.priorities() == []
    assert len(higher.strengths()) == 3


def test_nqf7_has_more_statements_of_its_own_and_a_target_below_the_top(
    builtin: Framework,
) -> None:
    # The levels differ in what is asked, not in how high one must rate (docs/scoring.md).
    nqf6 = ScoringPlan.build(builtin, "nqf6")
    nqf7 = ScoringPlan.build(builtin, "nqf7")
    assert len(nqf7.statement_ids) > len(nqf6.statement_ids)
    shared = set(nqf7.statement_ids) & set(nqf6.statement_ids)
    assert len(shared) <= 0.4 * len(nqf7.statement_ids)
    assert nqf7.target < builtin.scale.maximum


def test_priorities_rank_largest_gap_first(minimal: Framework) -> None:
    scores = score_result(
        minimal, "basic", {"alpha.one.1": 2, "alpha.one.2": 2, "alpha.two.1": 1, "beta.one.1": 3}
    )
    assert [p.id for p in scores.priorities()] == ["alpha.two", "alpha.one"]
    assert [s.id for s in scores.strengths()] == ["beta.one"]


RATING = st.one_of(st.none(), st.integers(min_value=1, max_value=5))


def _answers(builtin: Framework) -> st.SearchStrategy[dict[str, int | None]]:
    ids = [s.id for s in builtin.statements_for("nqf7")]
    return st.dictionaries(st.sampled_from(ids), RATING)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_scores_stay_on_the_scale(builtin: Framework, data: st.DataObject) -> None:
    scores = score_result(builtin, "nqf7", data.draw(_answers(builtin)))
    for score in [scores.overall, *scores.areas, *scores.components.values()]:
        if score.mean is not None:
            assert 1 <= score.mean <= 5
        assert 0 <= score.answered_share <= 1


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_raising_a_rating_never_lowers_a_mean(builtin: Framework, data: st.DataObject) -> None:
    answers = data.draw(_answers(builtin))
    rated = [k for k, v in answers.items() if v is not None and v < 5]
    if not rated:
        return
    key = data.draw(st.sampled_from(rated))
    before = score_result(builtin, "nqf7", answers)
    raised = {**answers, key: answers[key] + data.draw(st.integers(1, 5 - answers[key]))}  # type: ignore[operator]
    after = score_result(builtin, "nqf7", raised)
    pairs = [(before.overall, after.overall), *zip(before.areas, after.areas, strict=True)]
    pairs += [(before.components[k], after.components[k]) for k in before.components]
    for old, new in pairs:
        if old.mean is not None:
            assert new.mean is not None
            assert new.mean >= old.mean - 1e-9


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_order_of_answers_changes_nothing(builtin: Framework, data: st.DataObject) -> None:
    answers = data.draw(_answers(builtin))
    shuffled = dict(data.draw(st.permutations(list(answers.items()))))
    assert (
        score_result(builtin, "nqf7", answers).as_dict()
        == score_result(builtin, "nqf7", shuffled).as_dict()
    )


def test_area_weighs_each_sub_area_equally(minimal: Framework) -> None:
    # alpha.one has two statements at "basic", alpha.two one: the area mean is the mean of
    # the two sub-area means (4 and 1 → 2.5), not of the three ratings (4, 4, 1 → 3.0).
    scores = score_result(minimal, "basic", {"alpha.one.1": 4, "alpha.one.2": 4, "alpha.two.1": 1})
    (alpha, beta) = scores.areas
    assert alpha.mean == 2.5
    assert beta.mean is None  # beta.one unanswered: not assessable
    assert scores.overall.mean == 2.5  # one of two areas is half: enough for an overall mean


@pytest.mark.parametrize(
    ("gap", "status"),
    [
        (-0.3, Status.MEETS),
        (0.0, Status.MEETS),
        (0.01, Status.NEAR),
        (0.5, Status.NEAR),
        (0.51, Status.DEVELOPING),
        (1.5, Status.DEVELOPING),
        (1.51, Status.PRIORITY),
        (None, Status.NOT_ASSESSABLE),
    ],
)
def test_meets_only_at_or_above_the_target(gap: float | None, status: Status) -> None:
    from kompetens.assessment.scoring import status_for

    assert status_for(gap) is status

"""The columnar tally against `ScoringPlan.tally`, the one definition of the scoring rules.

Random plans (sub-areas of 1–6 statements, areas of 1–4 sub-areas) and random code matrices
(unanswered, "can't say" and every scale point, weighted so that the at-least-half edges are
hit often) must give the same means and counts to the last bit.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kompetens.assessment.scoring import ScoringPlan
from kompetens.assessment.scoring_matrix import CANT_SAY_CODE, MatrixPlan
from kompetens.model import Framework


def _plan(shape: list[list[int]]) -> ScoringPlan:
    areas = tuple(
        (
            f"a{a}",
            tuple(
                (f"a{a}.c{c}", tuple(f"a{a}.c{c}.{s}" for s in range(size)))
                for c, size in enumerate(components)
            ),
        )
        for a, components in enumerate(shape)
    )
    return ScoringPlan("random", "level", 4.0, areas)


def _ratings(plan: ScoringPlan, row: np.ndarray, minimum: int) -> dict[str, int | None]:
    ratings: dict[str, int | None] = {}
    for statement_id, code in zip(plan.statement_ids, row.tolist(), strict=True):
        if code == CANT_SAY_CODE:
            ratings[statement_id] = None
        elif code:
            ratings[statement_id] = code + minimum - 1
    return ratings


def _same(a: float | None, b: float) -> bool:
    return (a is None and math.isnan(b)) or (a is not None and a == b)


def _assert_same_tally(plan: ScoringPlan, codes: np.ndarray, minimum: int) -> None:
    matrix = MatrixPlan.build(plan, minimum).tally(codes)
    for row_index, row in enumerate(codes):
        expected = plan.tally(_ratings(plan, row, minimum))
        got_components = matrix.component_means[row_index].tolist()
        assert all(map(_same, expected.component_means, got_components)), row
        assert list(expected.component_answered) == matrix.component_answered[row_index].tolist()
        assert list(expected.component_cant_say) == matrix.component_cant_say[row_index].tolist()
        assert all(map(_same, expected.area_means, matrix.area_means[row_index].tolist())), row
        assert _same(expected.overall_mean, float(matrix.overall_means[row_index])), row
        assert expected.answered == int(matrix.answered[row_index])
        assert expected.cant_say == int(matrix.cant_say[row_index])


shapes = st.lists(
    st.lists(st.integers(min_value=1, max_value=6), min_size=1, max_size=4),
    min_size=1,
    max_size=5,
)


@settings(max_examples=200, deadline=None)
@given(
    shape=shapes,
    points=st.integers(min_value=2, max_value=7),
    minimum=st.integers(min_value=-3, max_value=3),
    rows=st.integers(min_value=1, max_value=30),
    blank_share=st.sampled_from([0.0, 0.3, 0.5, 0.7, 1.0]),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_matrix_tally_equals_the_row_tally(
    shape: list[list[int]], points: int, minimum: int, rows: int, blank_share: float, seed: int
) -> None:
    plan = _plan(shape)
    generator = np.random.default_rng(seed)
    width = len(plan.statement_ids)
    codes = generator.integers(1, points + 1, size=(rows, width)).astype(np.uint8)
    blank = generator.random((rows, width)) < blank_share
    cant_say = generator.random((rows, width)) < 0.15
    codes[cant_say] = CANT_SAY_CODE
    codes[blank] = 0
    _assert_same_tally(plan, codes, minimum)


@pytest.mark.parametrize("level", ["nqf6", "nqf7"])
def test_matrix_tally_on_the_builtin_framework(builtin: Framework, level: str) -> None:
    plan = ScoringPlan.build(builtin, level)
    generator = np.random.default_rng(7)
    width = len(plan.statement_ids)
    codes = generator.integers(0, 6, size=(500, width)).astype(np.uint8)
    codes[generator.random((500, width)) < 0.1] = CANT_SAY_CODE
    _assert_same_tally(plan, codes, builtin.scale.minimum)


def test_half_rule_edges_exactly() -> None:
    # One sub-area of four statements: two rated is assessable, one is not.
    plan = _plan([[4], [2]])
    codes = np.array(
        [
            [3, 4, 0, 0, 5, 0],  # 2 of 4 rated, 1 of 2 rated: both assessable
            [3, 0, 0, 255, 5, 5],  # 1 of 4 rated: first sub-area has no mean
            [0, 0, 0, 0, 0, 0],  # nothing
        ],
        dtype=np.uint8,
    )
    tally = MatrixPlan.build(plan, 1).tally(codes)
    assert tally.component_means[0].tolist() == [3.5, 5.0]
    assert math.isnan(tally.component_means[1][0])
    assert tally.area_means[1].tolist()[1] == 5.0
    assert tally.overall_means[0] == (3.5 + 5.0) / 2
    assert tally.overall_means[1] == 5.0  # one of two areas known: at least half
    assert math.isnan(tally.overall_means[2])
    _assert_same_tally(plan, codes, 1)


def test_a_matrix_of_the_wrong_width_is_refused() -> None:
    plan = MatrixPlan.build(_plan([[2]]), 1)
    with pytest.raises(ValueError, match="expected a"):
        plan.tally(np.zeros((3, 5), dtype=np.uint8))


def test_no_respondents_gives_empty_arrays() -> None:
    tally = MatrixPlan.build(_plan([[2, 3]]), 1).tally(np.zeros((0, 5), dtype=np.uint8))
    assert tally.component_means.shape == (0, 2)
    assert tally.overall_means.shape == (0,)

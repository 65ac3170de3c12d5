"""The rules of `scoring.py`, applied to a whole cohort at once as a matrix of rating codes.

A cohort of a million respondents cannot afford a Python object per answer. Its ratings are
held as one `uint8` matrix, a row per respondent and a column per statement of the level in
the plan's order (`ScoringPlan.statement_ids`), with the codes of `cohort.records.encode`:
0 unanswered, 255 "can't say", otherwise `value - minimum + 1`. The tally below computes the
same numbers as `ScoringPlan.tally`, bit for bit: the ratings of a sub-area are summed as
integers, and sub-area and area means are added up one column at a time in plan order, as the
row-by-row loop does, so not even the last bit of a float can differ (a property test holds
the two to that). `scoring.py` stays the one definition of the rules; this module only
vectorises them.

numpy is imported by the caller's first use of this module, never by `--help`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from kompetens.assessment.scoring import ASSESSABLE_SHARE, ScoringPlan

if TYPE_CHECKING:
    from numpy.typing import NDArray

UNANSWERED_CODE = 0
CANT_SAY_CODE = 255


@dataclass(frozen=True, slots=True)
class MatrixTally:
    """`scoring.Tally` for many respondents: row i is respondent i; NaN where a mean is none."""

    component_means: NDArray[np.float64]
    """(respondents, sub-areas) in the plan's order."""
    component_answered: NDArray[np.int64]
    component_cant_say: NDArray[np.int64]
    area_means: NDArray[np.float64]
    """(respondents, areas)."""
    overall_means: NDArray[np.float64]
    answered: NDArray[np.int64]
    cant_say: NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class MatrixPlan:
    """Where each sub-area's and area's columns start, worked out once per level."""

    width: int
    component_starts: NDArray[np.intp]
    component_sizes: NDArray[np.int64]
    area_component_counts: tuple[int, ...]
    value_offset: int
    """Added to a rating code to give the rating (`minimum - 1`)."""
    packing: _Packing | None
    """How the sub-areas are summed by one matrix product (None: too large to pack)."""

    @classmethod
    def build(cls, plan: ScoringPlan, minimum: int) -> MatrixPlan:
        return _built(plan, minimum)

    def tally(self, codes: NDArray[np.uint8]) -> MatrixTally:
        """Every mean and count of `ScoringPlan.tally`, for each row of `codes`."""
        if codes.ndim != 2 or codes.shape[1] != self.width:
            raise ValueError(f"expected a (respondents, {self.width}) matrix, got {codes.shape}")
        rows = codes.shape[0]
        if rows == 0:
            return _empty_tally(len(self.component_sizes), len(self.area_component_counts))
        rated_sum, answered, cant = self._component_sums(codes)
        # A sub-area is assessable when at least half of its statements are rated.
        assessable = (answered > 0) & (answered >= self.component_sizes * ASSESSABLE_SHARE)
        with np.errstate(invalid="ignore", divide="ignore"):
            component_means = np.where(assessable, rated_sum / np.maximum(answered, 1), np.nan)
        area_means = np.full((rows, len(self.area_component_counts)), np.nan)
        first = 0
        for area, count in enumerate(self.area_component_counts):
            area_means[:, area] = _mean_of_known(component_means[:, first : first + count])
            first += count
        overall = _mean_of_known(area_means)
        return MatrixTally(
            component_means=component_means,
            component_answered=answered,
            component_cant_say=cant,
            area_means=area_means,
            overall_means=overall,
            answered=answered.sum(axis=1),
            cant_say=cant.sum(axis=1),
        )

    def _component_sums(
        self, codes: NDArray[np.uint8]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        """Per row and sub-area: the sum of the ratings, how many are rated, how many are
        "can't say", as exact integers. Each cell is looked up once as a packed number
        (`_Packing`) and the sub-areas are summed by one product with a 0/1 matrix; the
        sums of integers below 2⁵³ are exact in floating point."""
        packing = self.packing
        if packing is None:
            rated = (codes != UNANSWERED_CODE) & (codes != CANT_SAY_CODE)
            values = np.where(rated, codes.astype(np.int64) + self.value_offset, 0)
            starts = self.component_starts
            return (
                np.add.reduceat(values, starts, axis=1),
                np.add.reduceat(rated.astype(np.int64), starts, axis=1),
                np.add.reduceat((codes == CANT_SAY_CODE).astype(np.int64), starts, axis=1),
            )
        packed = (packing.lookup[codes] @ packing.membership).astype(np.int64)
        cant = packed // packing.base2
        packed -= cant * packing.base2
        answered = packed // packing.base1
        code_sum = packed - answered * packing.base1
        return code_sum + answered * self.value_offset, answered, cant


class _Packing(NamedTuple):
    """A cell's code, whether it is rated and whether it is "can't say", packed into one
    integer-valued float (code + rated·base1 + can't say·base2) so that one matrix product
    sums all three per sub-area exactly."""

    base1: int
    base2: int
    lookup: NDArray[np.float64]
    """Code → its packed number."""
    membership: NDArray[np.float64]
    """(statements, sub-areas): 1 where the statement is in the sub-area."""

    @classmethod
    def of(cls, sizes: list[int]) -> _Packing | None:
        """The packing for sub-areas of `sizes` statements; None when the sums could pass
        2⁵³."""
        largest = max(sizes, default=0)
        base1 = 1 << (254 * largest).bit_length()
        base2 = base1 << largest.bit_length()
        if base2 * (largest + 1) >= 2**53:
            return None
        lookup = np.zeros(256, dtype=np.float64)
        lookup[1:CANT_SAY_CODE] = np.arange(1, CANT_SAY_CODE) + base1
        lookup[CANT_SAY_CODE] = base2
        width = sum(sizes)
        membership = np.zeros((width, len(sizes)), dtype=np.float64)
        membership[np.arange(width), np.repeat(np.arange(len(sizes)), sizes)] = 1.0
        return cls(base1, base2, lookup, membership)


@functools.lru_cache(maxsize=64)
def _built(plan: ScoringPlan, minimum: int) -> MatrixPlan:
    """`MatrixPlan.build`, once per plan and scale (a reader builds it for every chunk)."""
    sizes = [len(ids) for _, components in plan.areas for _, ids in components]
    return MatrixPlan(
        width=sum(sizes),
        component_starts=np.cumsum([0, *sizes[:-1]]).astype(np.intp),
        component_sizes=np.asarray(sizes, dtype=np.int64),
        area_component_counts=tuple(len(components) for _, components in plan.areas),
        value_offset=minimum - 1,
        packing=_Packing.of(sizes),
    )


def _mean_of_known(means: NDArray[np.float64]) -> NDArray[np.float64]:
    """The mean of each row's known (non-NaN) columns when at least half are known.

    Columns are added one at a time, left to right, as `ScoringPlan.tally` adds them, so the
    float sums are the same to the last bit (adding 0.0 for an unknown one changes nothing).
    """
    known = ~np.isnan(means)
    total = np.zeros(means.shape[0])
    for column in range(means.shape[1]):
        total = total + np.where(known[:, column], means[:, column], 0.0)
    count = known.sum(axis=1)
    enough = (count > 0) & (count >= means.shape[1] * ASSESSABLE_SHARE)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(enough, total / np.maximum(count, 1), np.nan)


def _empty_tally(components: int, areas: int) -> MatrixTally:
    empty_int = np.zeros((0, components), dtype=np.int64)
    return MatrixTally(
        component_means=np.zeros((0, components)),
        component_answered=empty_int,
        component_cant_say=empty_int,
        area_means=np.zeros((0, areas)),
        overall_means=np.zeros(0),
        answered=np.zeros(0, dtype=np.int64),
        cant_say=np.zeros(0, dtype=np.int64),
    )

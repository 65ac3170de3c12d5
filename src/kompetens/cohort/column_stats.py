"""The per-column statistics of a cohort: each mean column's summary, each statement's
code counts, each area's reliability; for a large cohort, in two processes.

These are independent column computations over matrices of a million rows (sorting each
column of means for its quartiles, counting codes, summing items): about a second at a
million respondents, all on one core while the other waits. From `PARALLEL_ROWS`
respondents, a forked process computes the reliabilities and the first mean columns'
summaries while this one computes the rest; the results are the same functions' results
either way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from kompetens.assessment.scoring import Status, status_for
from kompetens.cohort.analysis_types import SummaryBlock
from kompetens.cohort.records import CANT_SAY, UNANSWERED
from kompetens.cohort.stats import (
    Reliability,
    Summary,
    reliability,
    reliability_matrix,
    summarize_counts,
)

if TYPE_CHECKING:
    from concurrent.futures import Executor

    import numpy as np
    from numpy.typing import NDArray

PARALLEL_ROWS = 50_000
"""From this many respondents, the statistics are computed in two processes (when there
are two CPUs and processes fork)."""


class ColumnStatistics(NamedTuple):
    counters: list[Counter[int]]
    """Per statement: how often each code occurs (`code_counters`)."""
    reliabilities: list[Reliability]
    """Per area (`area_reliability`)."""
    summaries: list[SummaryBlock]
    """Per column of means: sub-areas, areas, overall (`summary_block`)."""


def column_statistics(
    codes: NDArray[np.uint8],
    means: NDArray[np.float64],
    areas: Sequence[tuple[int, int]],
    target: float,
    possible: Sequence[int],
) -> ColumnStatistics:
    """The statistics of every column: `areas` are the statement spans [start, end) of the
    areas in `codes`; `possible` the codes a statement may hold."""
    work = _Work(codes, means, tuple(areas), target)
    helper = _helper(len(codes))
    if helper is None:
        reliabilities, summaries = work.first_part()
        return ColumnStatistics(
            code_counters(codes, possible), reliabilities, summaries + work.rest()
        )
    from concurrent.futures.process import BrokenProcessPool

    _work[:] = [work]
    try:
        future = helper.submit(_first_part)
        counters = code_counters(codes, possible)
        rest = work.rest()
        try:
            reliabilities, summaries = future.result()
        except (BrokenProcessPool, OSError):  # the helper died (out of memory): here, then
            reliabilities, summaries = work.first_part()
    finally:
        helper.shutdown()
        _work.clear()
    return ColumnStatistics(counters, reliabilities, summaries + rest)


class _Work(NamedTuple):
    codes: NDArray[np.uint8]
    means: NDArray[np.float64]
    areas: tuple[tuple[int, int], ...]
    target: float

    @property
    def split(self) -> int:
        """The mean columns the helper summarises besides the reliabilities: about as
        long as the code counts and the rest of the columns here."""
        return int(self.means.shape[1]) // 3

    def first_part(self) -> tuple[list[Reliability], list[SummaryBlock]]:
        reliabilities = [area_reliability(self.codes, start, end) for start, end in self.areas]
        return reliabilities, [self.summary(column) for column in range(self.split)]

    def rest(self) -> list[SummaryBlock]:
        return [self.summary(column) for column in range(self.split, self.means.shape[1])]

    def summary(self, column: int) -> SummaryBlock:
        return summary_block(self.means[:, column], len(self.means), self.target)


_work: list[_Work] = []
"""The work a forked helper inherits."""


def _first_part() -> tuple[list[Reliability], list[SummaryBlock]]:
    return _work[0].first_part()


def _helper(rows: int) -> Executor | None:
    """A forked process for half the work, when it is worth one."""
    from kompetens.cohort.workers import default_jobs, forks, pool

    if rows < PARALLEL_ROWS or default_jobs() < 2 or not forks():
        return None
    return pool(1, _no_setup)


def _no_setup() -> None:
    """The helper inherits its work (`_work`) when it is forked."""


def summary_block(values: NDArray[np.float64], total: int, target: float) -> SummaryBlock:
    """n, mean, spread and the shares by status of one column of means (NaN: none)."""
    import numpy as np

    distinct_array, how_many_array = np.unique(values[~np.isnan(values)], return_counts=True)
    distinct: list[float] = distinct_array.tolist()
    how_many: list[int] = how_many_array.tolist()
    summary: Summary = summarize_counts(distinct, how_many)
    counts: Counter[Status] = Counter()
    for value, count in zip(distinct, how_many, strict=True):
        counts[status_for(round(target - value, 10))] += count
    n = summary.n
    gap = None if summary.mean is None else target - summary.mean
    return {
        "n": n,
        "not_assessable": total - n,
        "mean": summary.mean,
        "sd": summary.sd,
        "median": summary.median,
        "q1": summary.q1,
        "q3": summary.q3,
        "min": summary.minimum,
        "max": summary.maximum,
        "gap": gap,
        "status": status_for(None if gap is None else round(gap, 10)).value,
        "meets": counts[Status.MEETS] / n if n else None,
        "near": counts[Status.NEAR] / n if n else None,
        "developing": counts[Status.DEVELOPING] / n if n else None,
        "priority": counts[Status.PRIORITY] / n if n else None,
    }


SAMPLE_ROWS = 4096
"""Rows in which the codes of a statement are looked for first (`_first_seen`)."""


def code_counters(matrix: NDArray[np.uint8], possible: Sequence[int]) -> list[Counter[int]]:
    """Per statement, how often each code occurs (`np.bincount` over its column), the codes
    in order of first occurrence, as `Counter(column)` would have them (the statement's
    sd is summed in that order)."""
    import numpy as np

    counters: list[Counter[int]] = []
    columns = np.ascontiguousarray(matrix.T)  # one copy: each statement's codes in a row
    for column in columns:
        counts = np.bincount(column, minlength=256).tolist()
        present = [code for code in range(256) if counts[code]]
        if not set(present) <= set(possible):  # a code outside the scale
            counters.append(Counter(column.tobytes()))
            continue
        counters.append(Counter({code: counts[code] for code in _first_seen(column, present)}))
    return counters


def _first_seen(column: NDArray[np.uint8], present: list[int]) -> list[int]:
    """The codes `present` in `column`, in the order they first occur: looked for in its
    first rows, and in the whole column only when some are not there."""
    for rows in (SAMPLE_ROWS, len(column)):
        where = column[:rows].tobytes()
        first = sorted((where.find(code), code) for code in present)
        if not first or first[0][0] >= 0 or rows >= len(column):
            return [code for _, code in first]
    return present  # not reached: the whole column holds every present code


def area_reliability(codes: NDArray[np.uint8], start: int, end: int) -> Reliability:
    """Alpha and item–total correlations of the statements [start, end) over the
    respondents who rated every one of them (on the codes, as before: a shift of every
    rating changes neither)."""
    import numpy as np

    segment = codes[:, start:end]
    complete = ((segment != UNANSWERED) & (segment != CANT_SAY)).all(axis=1)
    if not complete.any():
        return reliability([])  # k = 0: no respondent to count the statements by
    return reliability_matrix(segment[complete].astype(np.int64))

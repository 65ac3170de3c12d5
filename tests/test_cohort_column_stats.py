"""A large cohort's column statistics are computed in two processes (`column_stats`): the
outputs must be those of one process, to the last bit."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kompetens.cohort import column_stats
from kompetens.cohort.column_stats import (
    SAMPLE_ROWS,
    code_counters,
    column_statistics,
)
from kompetens.model import Framework
from tests.test_score_outputs_unchanged import GOLDEN, _run


def _cohort(rows: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    codes = rng.choice(
        np.array([0, 1, 2, 3, 4, 5, 255], dtype=np.uint8),
        size=(rows, 12),
        p=[0.1, 0.1, 0.2, 0.2, 0.2, 0.1, 0.1],
    )
    means = rng.integers(4, 21, size=(rows, 7)) / rng.integers(1, 5, size=(rows, 7))
    means[rng.random((rows, 7)) < 0.1] = np.nan
    return codes, means


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_two_processes_give_what_one_gives(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    codes, means = _cohort(3000, seed)
    areas = [(0, 5), (5, 9), (9, 12)]
    possible = [0, 255, 1, 2, 3, 4, 5]
    monkeypatch.setattr(column_stats, "PARALLEL_ROWS", 10**9)
    alone = column_statistics(codes, means, areas, 4.0, possible)
    monkeypatch.setattr(column_stats, "PARALLEL_ROWS", 100)
    monkeypatch.setattr(column_stats, "_helper", _counting(column_stats._helper))
    shared = column_statistics(codes, means, areas, 4.0, possible)
    assert _helpers_made == [1]
    assert shared.counters == alone.counters
    assert [list(c) for c in shared.counters] == [list(c) for c in alone.counters]  # order too
    assert shared.reliabilities == alone.reliabilities
    assert json.dumps(shared.summaries) == json.dumps(alone.summaries)
    assert len(shared.summaries) == means.shape[1]


_helpers_made: list[int] = []


def _counting(make: Callable[[int], Executor | None]) -> Callable[[int], Executor | None]:
    """`make`, counting the helper processes it starts."""
    _helpers_made.clear()

    def counted(rows: int) -> Executor | None:
        helper = make(rows)
        if helper is not None:
            _helpers_made.append(1)
        return helper

    return counted


def test_score_outputs_are_unchanged_with_the_statistics_in_two_processes(
    builtin: Framework, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The benchmark cohort (5,000 rows) with the two-process statistics forced: the same
    CSV, JSON, report and summary as the fingerprints taken before."""
    monkeypatch.setattr(column_stats, "PARALLEL_ROWS", 100)
    found = _run(builtin, tmp_path, "benchmark-j2")
    assert found == json.loads(GOLDEN.read_text())["benchmark-j2"]


@settings(max_examples=100, deadline=None)
@given(
    rows=st.integers(min_value=0, max_value=2 * SAMPLE_ROWS + 500),
    late_codes=st.lists(st.sampled_from([0, 1, 2, 3, 4, 5, 255]), max_size=4),
    seed=st.integers(min_value=0, max_value=2**16),
)
def test_code_counts_come_in_the_order_counter_gives(
    rows: int, late_codes: list[int], seed: int
) -> None:
    """Per statement, the codes and their counts in order of first occurrence, as
    `Counter(column)`: also for a code that first occurs after the rows looked at first."""
    rng = np.random.default_rng(seed)
    codes = rng.choice(np.array([2, 3, 4], dtype=np.uint8), size=(rows, 3))
    for offset, code in enumerate(late_codes):
        if rows > offset:
            codes[rows - 1 - offset, offset % 3] = code
    found = code_counters(codes, [0, 255, 1, 2, 3, 4, 5])
    expected = [Counter(codes[:, index].tolist()) for index in range(3)]
    assert [list(c.items()) for c in found] == [list(c.items()) for c in expected]


def _die() -> None:
    os._exit(9)


def test_a_helper_that_dies_leaves_the_work_to_this_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A helper killed mid-way (as by the out-of-memory killer): the statistics are still
    all there, computed here."""
    codes, means = _cohort(2000, 5)
    areas = [(0, 5), (5, 9), (9, 12)]
    possible = [0, 255, 1, 2, 3, 4, 5]
    monkeypatch.setattr(column_stats, "PARALLEL_ROWS", 10**9)
    alone = column_statistics(codes, means, areas, 4.0, possible)
    monkeypatch.setattr(column_stats, "PARALLEL_ROWS", 100)
    monkeypatch.setattr(column_stats, "_first_part", _die)
    found = column_statistics(codes, means, areas, 4.0, possible)
    assert found.reliabilities == alone.reliabilities
    assert json.dumps(found.summaries) == json.dumps(alone.summaries)

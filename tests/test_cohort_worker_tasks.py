"""How a cohort's inputs are cut into worker tasks: every input once, in order, and the
last tasks small enough that no worker is left alone with a long one at the end."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kompetens.cohort.workers import chunks


@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=1, max_value=400))
def test_every_item_is_in_one_task_in_order(count: int, size: int) -> None:
    items = list(range(count))
    tasks = chunks(items, size)
    assert [item for task in tasks for item in task] == items
    assert all(0 < len(task) <= size for task in tasks)


def test_the_last_tasks_of_a_large_cohort_are_cut_smaller() -> None:
    tasks = chunks(list(range(10_000)), 250)
    sizes = [len(task) for task in tasks]
    assert sizes[:38] == [250] * 38
    assert all(60 <= size <= 65 for size in sizes[38:])
    assert sum(sizes) == 10_000


def test_a_small_cohort_keeps_whole_tasks() -> None:
    assert [len(task) for task in chunks(list(range(999)), 250)] == [250, 250, 250, 249]


def _square(number: int) -> int:
    return number * number


def test_what_the_run_needs_later_is_imported_while_a_pool_reads() -> None:
    import sys

    from kompetens.cohort.workers import import_while_reading, pool, results

    for name in ("tabnanny", "pyclbr"):
        sys.modules.pop(name, None)
    import_while_reading("tabnanny")
    tasks = list(range(8))
    alone = list(results(tasks, _square, [1] * 8, executor=None, phase="x", progress=None))
    assert "tabnanny" not in sys.modules  # no pool: imported where it is needed, if at all
    import_while_reading("pyclbr")
    executor = pool(2, _noop)
    try:
        pooled = list(results(tasks, _square, [1] * 8, executor=executor, phase="x", progress=None))
    finally:
        executor.shutdown()
    assert pooled == alone == [number * number for number in tasks]
    assert "tabnanny" in sys.modules and "pyclbr" in sys.modules


def _noop() -> None:
    return

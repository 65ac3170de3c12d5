"""Worker processes for reading a cohort: a pool, tasks in chunks, outputs in order.

Reading and scoring 50,000 result files or a million table rows is CPU work that splits
into independent pieces. On Linux the workers are forked, so they start at once with the
framework (and numpy) already loaded; elsewhere the platform's default (spawn) pickles
what each worker is set up with. Outputs come back in the order of the tasks, each as soon
as it is done, so that the main process uses them while the workers go on.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Executor

Progress = Callable[[str, int, int], None]
"""`progress(phase, done, total)`: called as inputs are read (the CLI draws a bar)."""

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """One worker per CPU this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """`items` in tasks of `size`; when there are many, the last two to three tasks' worth
    is cut into eight, so that the workers finish nearly together (the last task of one
    worker is what the others wait for)."""
    if len(items) < 4 * size or size < 8:
        return [items[start : start + size] for start in range(0, len(items), size)]
    head = (len(items) - 2 * size) // size * size
    tail = len(items) - head
    bounds = [head + tail * part // _TAIL_PARTS for part in range(_TAIL_PARTS + 1)]
    return [
        *(items[start : start + size] for start in range(0, head, size)),
        *(items[start:end] for start, end in itertools.pairwise(bounds)),
    ]


_TAIL_PARTS = 8


def forks() -> bool:
    """Whether worker processes are forked (Linux): they then inherit this process's data."""
    import multiprocessing

    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def pool(jobs: int, initializer: Callable[..., None], *arguments: Any) -> Executor:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork on Linux: workers start at once with the framework already loaded; elsewhere
    # the platform's default (spawn), which pickles the initializer's arguments.
    context = multiprocessing.get_context("fork" if forks() else None)
    return ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=initializer, initargs=arguments
    )


def results(
    tasks: Sequence[T],
    work: Callable[[T], R],
    sizes: Sequence[int],
    *,
    executor: Executor | None,
    phase: str,
    progress: Progress | None,
) -> Iterator[R]:
    """The outputs of the tasks in order, each as soon as it is done (so that this process
    uses them while workers are still busy with the next)."""
    total = sum(sizes)
    done = 0
    outputs: Iterable[R] = executor.map(work, tasks) if executor else map(work, tasks)
    for size, output in zip(sizes, outputs, strict=True):
        yield output
        if done == 0 and executor is not None:
            # Every worker is at work (imports hold the interpreter's lock, which the
            # threads that hand the workers their first tasks need): this process would
            # only wait for the next output.
            _import_later()
        done += size
        if progress is not None:
            progress(phase, done, total)


_later: set[str] = set()


def import_while_reading(*modules: str) -> None:
    """Have `modules`, which the run imports after reading (the statistics, the summary's
    table), imported while worker processes read, if a pool reads: this process would
    only wait for them then. The imports are done once, in this thread, after the workers
    are started (no process is forked while a module is half imported)."""
    _later.update(modules)


def _import_later() -> None:
    import importlib

    while _later:
        name = _later.pop()
        with contextlib.suppress(Exception):  # met again, and reported, where it is needed
            importlib.import_module(name)

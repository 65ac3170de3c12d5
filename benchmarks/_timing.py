"""Timing helpers shared by the benchmark scripts: medians of repeated subprocess runs."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Sequence


def median_seconds(command: Sequence[str], *, runs: int = 15, warmup: int = 2) -> float:
    """Median wall time of `command`; warm-up runs fill the OS file cache first."""
    timings: list[float] = []
    for index in range(warmup + runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        if index >= warmup:
            timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def interleaved_medians(
    commands: dict[str, Sequence[str]], *, runs: int = 15, warmup: int = 2
) -> dict[str, float]:
    """Medians of several commands run in turn, so machine noise hits all of them alike."""
    timings: dict[str, list[float]] = {name: [] for name in commands}
    for index in range(warmup + runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=False)
            if index >= warmup:
                timings[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in timings.items()}


def with_bytecode(*trees: str) -> None:
    """Time commands as an installed package runs them: from compiled bytecode.

    An installed wheel has its `.pyc` files; a checkout run with PYTHONDONTWRITEBYTECODE=1
    would compile every module of the package on every start and charge that to it. So the
    sources under `trees` are compiled once here, and the commands run without that flag.
    """
    import compileall
    import os

    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    for tree in trees:
        compileall.compile_dir(tree, quiet=1)

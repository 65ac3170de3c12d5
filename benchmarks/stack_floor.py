"""The floor under any `kompetens score TABLE --csv` on kompetens's stack, as a baseline for
`bench_side_by_side.py`: what a run costs before it scores a single row.

    python benchmarks/stack_floor.py score TABLE --level nqf6 --csv OUT.csv

It is the minimal typer app of `minimal_typer_app.py` (the `score` command's options, so
typer builds the same parameter adapters), whose `score` here also imports numpy (the
columnar core's one addition) and reads the table with the csv module (what the other
baseline `csv` does): start-up, the command line, the array library and one pass over the
text, and nothing scored, counted or written. kompetens's own work is whatever its run
takes beyond this.
"""

from __future__ import annotations

import csv
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import minimal_typer_app


def _read_only(command: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(command)  # the same signature: typer reads the options from it
    def score(inputs: list[str], **options: Any) -> None:
        import numpy  # noqa: F401

        for name in inputs:
            with Path(name).open(encoding="utf-8", newline="") as stream:
                for _ in csv.reader(stream):
                    pass

    return score


for info in minimal_typer_app.app.registered_commands:
    if info.callback is not None and info.callback.__name__ == "score":
        info.callback = _read_only(info.callback)

if __name__ == "__main__":
    minimal_typer_app.app()

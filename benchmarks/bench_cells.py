"""Time `CellReader.read`, the per-cell step of reading a survey table, against a floor.

    python benchmarks/bench_cells.py                # 100,000 cells, best of 5
    python benchmarks/bench_cells.py --cells 20000 --repeat 3

Rows whose cells are not all plain ratings take the exact row path of `kompetens score`,
which calls `CellReader.read` once per cell; this measures that call alone, in one
process, on two samples: every form the survey exports in tests/data/surveys hold, in turn
(numbers, numeric text such as `4,0`, scale labels in three languages, numbered labels
`3 – …`, answer codes `AO03`, "can't say" markers, blanks, text that is not a rating), and
what a CSV export's answer cells mostly are (`1`–`4`, blanks, `EOS`). The floor is
the same loop calling a function that returns its argument, so the ratio says how much
the reading itself costs, whatever the machine.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from kompetens.cohort.cells import CellReader  # noqa: E402
from kompetens.framework.validation import load_framework  # noqa: E402

SAMPLE: tuple[Any, ...] = (
    4,
    2.0,
    "3",
    "4,0",
    "Itsenäisesti",
    "med stöd",
    "3 – Itsenäisesti",
    "(2) Ohjatusti",
    "AO03",
    "A2",
    "-",
    "EOS",
    "En osaa sanoa",
    "Can&#039;t say",
    None,
    "",
    "  ",
    "7",
    "kyllä",
    True,
)
"""Every form a cell can take, in turn: the reading's worst mix."""
CSV_SAMPLE: tuple[Any, ...] = ("1", "2", "3", "4", "4", "3", "", "EOS", "2", "3")
"""What a CSV export's answer cells mostly are: the scale's numbers as text, some blank,
some "can't say"."""


def _best(call: Callable[[Any], object], cells: list[Any], repeat: int) -> float:
    """The least CPU time of `repeat` passes over `cells`: CPU time, not wall time, so
    that other work on a shared machine does not count."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for cell in cells:
            call(cell)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--framework", type=Path, default=ROOT / "frameworks" / "client-participation-house.yaml"
    )
    options = parser.parse_args()
    framework, _ = load_framework(options.framework)
    if framework is None:
        raise SystemExit(f"cannot load {options.framework}")
    reader = CellReader.build(framework, value_map={"AO99": None})
    plain = CellReader.build(framework)
    cells = list(itertools.islice(itertools.cycle(SAMPLE), options.cells))
    csv_cells = list(itertools.islice(itertools.cycle(CSV_SAMPLE), options.cells))

    def floor(value: Any) -> object:
        return value

    floor_time = _best(floor, cells, options.repeat)
    rows = [
        ("floor (identity call)", floor_time),
        ("CellReader.read, every form", _best(plain.read, cells, options.repeat)),
        ("the same with a value map", _best(reader.read, cells, options.repeat)),
        ("CellReader.read, CSV answers", _best(plain.read, csv_cells, options.repeat)),
        ("the same with a value map", _best(reader.read, csv_cells, options.repeat)),
    ]
    print(f"{options.cells:,} cells, best of {options.repeat}")
    print("| case | ms | µs/cell | × floor |")
    print("| --- | ---: | ---: | ---: |")
    for name, seconds in rows:
        print(
            f"| {name} | {seconds * 1000:.1f} | {seconds / options.cells * 1e6:.3f} "
            f"| {seconds / floor_time:.1f} |"
        )


if __name__ == "__main__":
    main()

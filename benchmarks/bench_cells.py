"""Time `CellReader.read`, the per-cell step of reading a survey table, against a floor.

    python benchmarks/bench_cells.py                # 100,000 cells, best of 5
    python benchmarks/bench_cells.py --cells 20000 --repeat 3

Rows whose cells are not all plain ratings take the exact row path of `kompetens score`,
which calls `CellReader.read` once per cell; this measures that call alone, in one
process, on a mix of what the survey exports in tests/data/surveys hold: numbers, numeric
text (`4`, `4,0`), scale labels in three languages, numbered labels (`3 – …`), answer
codes (`AO03`), "can't say" markers, blanks and text that is not a rating. The floor is
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


def _best(call: Callable[[Any], object], cells: list[Any], repeat: int) -> float:
    """The best wall time of `repeat` passes over `cells` (the least disturbed one)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for cell in cells:
            call(cell)
        best = min(best, time.perf_counter() - start)
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

    def floor(value: Any) -> object:
        return value

    floor_time = _best(floor, cells, options.repeat)
    rows = [
        ("floor (identity call)", floor_time),
        ("CellReader.read", _best(plain.read, cells, options.repeat)),
        ("CellReader.read with a value map", _best(reader.read, cells, options.repeat)),
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

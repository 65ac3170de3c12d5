"""Time `kompetens score` end to end against floors measured in the same run.

    python benchmarks/cohort_generate.py        # once: writes benchmarks/data/
    python benchmarks/bench_score.py            # prints a Markdown table of figures and ratios
    python benchmarks/bench_score.py --repeat 1 --cases yaml-10000

For each case the best of `--repeat` runs is reported:

* `kompetens score` as a subprocess (`python -m kompetens score INPUT --level nqf6`), wall
  time and peak memory (`resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`, measured in a
  fresh wrapper process per run, so it is the largest process of that run: the command or
  one of its workers);
* the parse floor: the same files loaded with the fastest available parser (yaml
  CSafeLoader, json, csv), in one process, doing nothing else;
* for tables, a straightforward pandas version of the same area means (read_csv, the
  "at least half answered" rule per sub-area, area = mean of sub-area means), as a
  subprocess including its imports (needs the `bench` extra: pandas).

Targets (docs/benchmarks.md): 10,000 result files within 1.5× the parse floor; a
100,000-row CSV in a few seconds on two cores under 1 GB; faster than the pandas version.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"
CASES = {
    "yaml-1000": DATA / "cohort-1000-yaml",
    "yaml-10000": DATA / "cohort-10000-yaml",
    "json-10000": DATA / "cohort-10000-json",
    "csv-10000": DATA / "cohort-10000.csv",
    "csv-100000": DATA / "cohort-100000.csv",
}

_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(elapsed, peak, code)
"""


def measure(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB and exit code of `command`, run in a fresh wrapper."""
    output = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    kilobytes = float(output[1])
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # macOS reports bytes
    return float(output[0]), kilobytes * 1024 / scale / 1024, int(output[2])


def floor_files(directory: Path) -> float:
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    files = sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".json"))
    start = time.perf_counter()
    for path in files:
        raw = path.read_bytes()
        if path.suffix == ".json":
            json.loads(raw)
        else:
            yaml.load(raw, Loader=loader)  # the C *safe* loader
    return time.perf_counter() - start


def floor_csv(path: Path) -> float:
    start = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as stream:
        for _ in csv.reader(stream):
            pass
    return time.perf_counter() - start


PANDAS_VERSION = """
import sys
import pandas as pd
from kompetens.framework.catalog import resolve_framework
from kompetens.framework.validation import load_framework

framework, _ = load_framework(resolve_framework("sote-client-work"))
level = "nqf6"
frame = pd.read_csv(sys.argv[1], dtype=str)
ratings = frame.drop(columns=["respondent", "campus"]).apply(pd.to_numeric, errors="coerce")
areas = {}
for area in framework.areas:
    component_means = []
    for component in area.components:
        ids = [s.id for s in component.statements_for(level)]
        part = ratings[ids]
        mean = part.mean(axis=1).where(part.notna().sum(axis=1) >= len(ids) / 2)
        component_means.append(mean)
    table = pd.concat(component_means, axis=1)
    areas[area.id] = table.mean(axis=1).where(table.notna().sum(axis=1) >= table.shape[1] / 2)
means = pd.DataFrame(areas)
print(means.mean().round(3).to_dict())
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cases", nargs="+", default=list(CASES))
    parser.add_argument("--jobs", type=int, default=0, help="passed to kompetens score -j")
    args = parser.parse_args(argv)
    missing = [name for name in args.cases if not CASES[name].exists()]
    if missing:
        print(
            f"missing data for {', '.join(missing)}: run python benchmarks/cohort_generate.py",
            file=sys.stderr,
        )
        return 2
    try:
        import pandas  # noqa: F401

        has_pandas = True
    except ImportError:
        has_pandas = False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"Python {sys.version.split()[0]}, {cores} cores, best of {args.repeat}\n")
    print(
        "| case | kompetens score | peak RSS | parse floor | ratio to floor | pandas | "
        "ratio to pandas |"
    )
    print("|---|--:|--:|--:|--:|--:|--:|")
    for name in args.cases:
        target = CASES[name]
        command = [
            sys.executable,
            "-m",
            "kompetens",
            "score",
            str(target),
            "--level",
            "nqf6",
            "--jobs",
            str(args.jobs),
        ]
        runs = [measure(command) for _ in range(args.repeat)]
        wall = min(r[0] for r in runs)
        peak = max(r[1] for r in runs)
        codes = {r[2] for r in runs}
        floor = min(
            (floor_csv(target) if target.suffix == ".csv" else floor_files(target))
            for _ in range(args.repeat)
        )
        pandas_text = ratio_pandas = "–"
        if target.suffix == ".csv" and has_pandas:
            pandas_runs = [
                measure([sys.executable, "-c", PANDAS_VERSION, str(target)])
                for _ in range(args.repeat)
            ]
            pandas_wall = min(r[0] for r in pandas_runs)
            pandas_text = f"{pandas_wall:.2f} s"
            ratio_pandas = f"{wall / pandas_wall:.2f}×"
        print(
            f"| {name} | {wall:.2f} s | {peak:.0f} MB | {floor:.2f} s | {wall / floor:.2f}× | "
            f"{pandas_text} | {ratio_pandas} |" + ("" if codes == {0} else f" exit {codes}")
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`kompetens score TABLE --csv` side by side with pandas, polars and DuckDB, in one run.

    pip install -e '.[bench]'
    python benchmarks/bench_side_by_side.py                       # 10k and 100k rows, 5 runs
    python benchmarks/bench_side_by_side.py --sizes 1000000 --runs 3

Every tool reads the same table (made by `cohort_generate.py` when missing) and writes the
same per-respondent CSV: respondent, answered, "can't say", overall, area and sub-area means
with the ≥ half rules (`score_baseline.py`). Before any timing, each baseline's numbers are
checked against kompetens's own CSV (every respondent, every mean, to the 4 decimals
written); a tool whose numbers differ is reported and not timed. Two floors score nothing:
`csv` (the csv module reading the table) and `floor` (`stack_floor.py`: typer parsing the
same `score` command line, numpy imported and the table read by the csv module), which is
what any `kompetens score` costs on its stack before it scores a row.

Runs are interleaved (one of each tool in turn, the order rotating every round), so load on
a shared machine hits every tool alike; medians are reported, with wall time, CPU time
(user + system of the process and its workers: kompetens scores a large table in one
process per core, the baselines in one process, with their own threads) and peak RSS of
the largest process. Ratios are of medians from the same run. Each command runs as a
subprocess, imports included, as a person would run it.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
BASELINES = ("pandas", "polars", "duckdb")
FLOOR = "floor"
"""`stack_floor.py`: typer parsing the same command line, numpy imported and the table read
by the csv module; nothing scored or written (no CSV to compare)."""


@dataclass
class Runs:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_mib: list[float] = field(default_factory=list)


_MEASURE = """
import os, resource, subprocess, sys, time
start = time.perf_counter()
process = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.buffer.write(process.stderr)
print(process.returncode, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
"""


def run(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MiB) of one command and its workers.

    The command runs under a small fresh wrapper process, so that its peak is its own (a
    process forked from this one would start from this one's size)."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True
    )
    code, wall, cpu, peak = done.stdout.split()
    if int(code) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({code}):\n{done.stderr}")
    # ru_maxrss is in KiB on Linux: the largest of the command and the workers it waited for.
    return float(wall), float(cpu), int(peak) / 1024


def structure_file(framework_spec: str, level: str) -> Path:
    from kompetens.assessment.scoring import ScoringPlan
    from kompetens.framework.catalog import resolve_framework
    from kompetens.framework.validation import load_framework

    framework, _ = load_framework(resolve_framework(framework_spec))
    assert framework is not None
    plan = ScoringPlan.build(framework, level)
    structure = [[list(ids) for _, ids in components] for _, components in plan.areas]
    path = DATA / f"structure-{framework_spec}-{level}.json"
    path.write_text(json.dumps(structure), encoding="utf-8")
    return path


def table_file(size: int, framework_spec: str, level: str) -> Path:
    path = DATA / f"cohort-{size}.csv"
    if not path.exists():
        sys.path.insert(0, str(HERE))
        import cohort_generate

        cohort_generate.write_csv(cohort_generate.load(framework_spec), level, size, 2025)
    return path


def _numbers(path: Path, columns: int) -> dict[str, list[float]]:
    """respondent → the numbers of a per-respondent CSV (NaN for a blank)."""
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    return {
        row[0]: [float(cell) if cell else math.nan for cell in row[1 : 1 + columns]]
        for row in rows[1:]
    }


def kompetens_numbers(path: Path, columns: int) -> dict[str, list[float]]:
    """The same columns from `kompetens score --csv` (which also writes level, source...)."""
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    header = rows[0]
    first = header.index("answered")
    keep = [first, first + 1, first + 2, *range(first + 5, first + 5 + columns - 3)]
    return {row[0]: [float(row[i]) if row[i] else math.nan for i in keep] for row in rows[1:]}


def same(expected: dict[str, list[float]], found: dict[str, list[float]]) -> str:
    """'' when every respondent's numbers agree to the 4 decimals written, else why not."""
    if expected.keys() != found.keys():
        return f"{len(expected)} respondents against {len(found)}"
    for respondent, numbers in expected.items():
        for a, b in zip(numbers, found[respondent], strict=True):
            if math.isnan(a) != math.isnan(b) or (not math.isnan(a) and abs(a - b) > 1.01e-4):
                return f"{respondent}: {numbers} against {found[respondent]}"
    return ""


def kompetens_command(table: Path, target: Path, options: argparse.Namespace) -> list[str]:
    return [
        *(sys.executable, "-m", "kompetens", "score", str(table)),
        *("--level", options.level, "--csv", str(target)),
        *("--csv-dialect", "comma", "-j", str(options.jobs), "--lang", "en", "--force"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=0, help="kompetens score -j")
    parser.add_argument("--framework", default="sote-client-work")
    parser.add_argument("--level", default="nqf6")
    parser.add_argument("--tools", nargs="+", default=["kompetens", *BASELINES, "csv", FLOOR])
    parser.add_argument(
        "--before",
        type=Path,
        help="a source tree of another version (git archive REV | tar -x -C DIR): timed as "
        "'kompetens-before', and its CSV compared byte for byte with this version's",
    )
    options = parser.parse_args(argv)
    DATA.mkdir(parents=True, exist_ok=True)
    structure = structure_file(options.framework, options.level)
    columns = 3 + sum(1 + len(area) for area in json.loads(structure.read_text()))
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        for size in options.sizes:
            table = table_file(size, options.framework, options.level)
            commands: dict[str, list[str]] = {}
            for tool in options.tools:
                target = out / f"{tool}.csv"
                if tool == "kompetens":
                    commands[tool] = kompetens_command(table, target, options)
                elif tool == FLOOR:
                    floor = [sys.executable, str(HERE / "stack_floor.py")]
                    commands[tool] = [*floor, *kompetens_command(table, target, options)[3:]]
                else:
                    script = str(HERE / "score_baseline.py")
                    commands[tool] = [sys.executable, script, tool, str(table), str(structure)]
                    commands[tool].append(str(target))
            if options.before is not None and "kompetens" in commands:
                source = f"PYTHONPATH={options.before.resolve() / 'src'}"
                commands["kompetens-before"] = [
                    *("env", source),
                    *kompetens_command(table, out / "kompetens-before.csv", options),
                ]
            # One untimed round: fills the file cache and gives the outputs to compare.
            for tool, command in list(commands.items()):
                try:
                    run(command)
                except SystemExit as problem:
                    print(f"{tool}: not run ({str(problem).splitlines()[-1]})")
                    del commands[tool]
            if "kompetens-before" in commands:
                before = (out / "kompetens-before.csv").read_bytes()
                changed = before != (out / "kompetens.csv").read_bytes()
                print("kompetens-before: " + ("a DIFFERENT CSV" if changed else "the same CSV"))
            if "kompetens" in commands:
                expected = kompetens_numbers(out / "kompetens.csv", columns)
                for tool in [t for t in commands if t in BASELINES]:
                    why = same(expected, _numbers(out / f"{tool}.csv", columns))
                    if why:
                        print(f"{tool}: numbers differ from kompetens ({why}); not timed")
                        del commands[tool]
                    else:
                        print(f"{tool}: same numbers as kompetens for {len(expected)} rows")
            runs = {tool: Runs() for tool in commands}
            order = list(commands)
            for round_number in range(options.runs):
                shift = round_number % len(order)
                for tool in order[shift:] + order[:shift]:
                    wall, cpu, peak = run(commands[tool])
                    runs[tool].wall.append(wall)
                    runs[tool].cpu.append(cpu)
                    runs[tool].peak_mib.append(peak)
            report(size, runs, options.runs)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    return 0


def report(size: int, runs: dict[str, Runs], count: int) -> None:
    medians = {
        tool: (statistics.median(r.wall), statistics.median(r.cpu), max(r.peak_mib))
        for tool, r in runs.items()
    }
    print(f"\n{size:,} rows, medians of {count} interleaved runs")
    print("| tool | wall s | CPU s | peak MiB | kompetens wall ÷ tool wall |")
    print("|---|---|---|---|---|")
    ours = medians.get("kompetens")
    for tool, (wall, cpu, peak) in medians.items():
        ratio = f"{ours[0] / wall:.2f}" if ours else "–"
        print(f"| {tool} | {wall:.2f} | {cpu:.2f} | {peak:.0f} | {ratio} |")


if __name__ == "__main__":
    sys.exit(main())

"""The fixed cost of a `score` run: a 2-row table scored to CSV, against start-up floors.

    python benchmarks/bench_fixed_cost.py                     # 15 interleaved rounds
    python benchmarks/bench_fixed_cost.py --runs 25 --before /tmp/before/src
    python benchmarks/bench_fixed_cost.py --runs 3 --before /tmp/before/src \
        --input benchmarks/data/cohort-10000.csv --input benchmarks/data/cohort-10000-json

Whatever a 2-row table costs is the price every `score` run pays before it reads its first
row: starting Python, typer, the framework, numpy, the summary. This script times, in one
interleaved run (A, B, C, … after two warm-up rounds, medians, not best-of):

* floors: `python -c "import typer"`, `python -c "import polars"` (the start of the polars
  script that `bench_side_by_side.py` compares with), and the minimal typer app
  (`minimal_typer_app.py`, typer's own price for the same options) showing `score --help`
  and parsing the same `score` command line into a function that does nothing;
* `kompetens score --help` and `kompetens score TINY.csv --level nqf6 --csv OUT --force`;
* with `--before SRC` (a checkout's `src`, e.g. `git archive main | tar -x -C /tmp/before`),
  the same two commands of that version, after checking that it writes the same CSV and
  prints the same summary.

Each command's wall time, CPU time (user + system, of the process and its workers) and
peak resident memory (`wait4`'s `ru_maxrss`) are taken per run. Each version keeps its own
framework cache (`KOMPETENS_CACHE_DIR`), filled by the warm-up rounds.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _timing import with_bytecode  # noqa: E402

MINIMAL = str(HERE / "minimal_typer_app.py")
LEVEL = "nqf6"


def tiny_table(folder: Path) -> Path:
    """A 2-row table like the benchmark cohorts': respondent, campus, every statement."""
    from kompetens.framework.catalog import DEFAULT_FRAMEWORK, resolve_framework
    from kompetens.framework.validation import load_framework

    framework, _ = load_framework(resolve_framework(DEFAULT_FRAMEWORK))
    assert framework is not None
    statements = [s.id for s in framework.statements_for(LEVEL)]
    path = folder / "tiny.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["respondent", "campus", *statements])
        writer.writerow(["s1", "Kuopio", *[str(2 + i % 3) for i in range(len(statements))]])
        writer.writerow(
            ["s2", "Iisalmi", *["-" if i % 7 == 0 else "3" for i in range(len(statements))]]
        )
    return path


def run_once(command: Sequence[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS (KiB) of one run of `command`."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited with {process.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def measure(
    commands: dict[str, tuple[list[str], dict[str, str]]], runs: int, warmup: int = 2
) -> dict[str, tuple[float, float, float]]:
    """Median wall, median CPU and median peak (MiB) of each command, run in turn."""
    samples: dict[str, list[tuple[float, float, int]]] = {name: [] for name in commands}
    for index in range(warmup + runs):
        for name, (command, env) in commands.items():
            sample = run_once(command, env)
            if index >= warmup:
                samples[name].append(sample)
    return {
        name: (
            statistics.median(s[0] for s in values),
            statistics.median(s[1] for s in values),
            statistics.median(s[2] for s in values) / 1024,
        )
        for name, values in samples.items()
    }


def same_outputs(
    ours: tuple[list[str], dict[str, str]], theirs: tuple[list[str], dict[str, str]], out: Path
) -> bool:
    """Both versions write the same CSV and print the same summary."""
    seen = []
    for command, env in (ours, theirs):
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        seen.append((done.returncode, done.stdout, done.stderr, out.read_bytes()))
    return seen[0] == seen[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--before", type=Path, help="src folder of the version to compare with")
    parser.add_argument(
        "--input",
        action="append",
        default=[],
        help="also score this input (a table, a folder of result files); repeatable",
    )
    args = parser.parse_args(argv)
    python = sys.executable
    trees = [str(HERE.parent / "src"), str(HERE)]
    if args.before:
        trees.append(str(args.before))
    with_bytecode(*trees)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.update(COLUMNS="80", KOMPETENS_LANG="en")
    with tempfile.TemporaryDirectory() as folder:
        # Each version keeps its own framework cache, as an installation does: the cache
        # key names the code, so two versions sharing one folder would replace each other's
        # entry and both would parse the framework's YAML on every run.
        env["KOMPETENS_CACHE_DIR"] = str(Path(folder) / "cache-now")
        before_env = env
        if args.before:
            cache = str(Path(folder) / "cache-before")
            before_env = {**env, "PYTHONPATH": str(args.before), "KOMPETENS_CACHE_DIR": cache}
        table = tiny_table(Path(folder))
        out = Path(folder) / "out.csv"
        score = [python, "-m", "kompetens", "score", str(table), "--level", LEVEL]
        score += ["--csv", str(out), "--force", "--lang", "en"]
        help_ = [python, "-m", "kompetens", "score", "--help"]
        commands: dict[str, tuple[list[str], dict[str, str]]] = {
            '`python -c "import typer"`': ([python, "-c", "import typer"], env),
            '`python -c "import polars"`': ([python, "-c", "import polars"], env),
            '`python -c "import numpy"`': ([python, "-c", "import numpy"], env),
            "minimal typer app `score --help`": ([python, MINIMAL, "score", "--help"], env),
            "minimal typer app `score` 2 rows `--csv` (parses, does nothing)": (
                [python, MINIMAL, *score[3:]],
                env,
            ),
            "`kompetens score --help`": (help_, env),
            "`kompetens score` 2 rows `--csv`": (score, env),
        }
        if args.before:
            if not same_outputs(
                commands["`kompetens score` 2 rows `--csv`"], (score, before_env), out
            ):
                print("the two versions write different outputs")
                return 1
            commands["before: `kompetens score --help`"] = (help_, before_env)
            commands["before: `kompetens score` 2 rows `--csv`"] = (score, before_env)
        for extra in args.input:
            command = [*score[:4], extra, *score[5:]]
            commands[f"`kompetens score {Path(extra).name}` `--csv`"] = (command, env)
            if args.before:
                commands[f"before: `kompetens score {Path(extra).name}` `--csv`"] = (
                    command,
                    before_env,
                )
        print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"medians of {args.runs} interleaved runs\n")
        results = measure(commands, args.runs)
    print("| command | wall | CPU | peak |")
    print("|---|---|---|---|")
    for name, (wall, cpu, peak) in results.items():
        print(f"| {name} | {wall * 1000:.0f} ms | {cpu * 1000:.0f} ms | {peak:.0f} MiB |")
    print(f"\nload average at end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""`kompetens score FOLDER --level nqf6` on a folder of result files, against parse floors.

    python benchmarks/cohort_generate.py --sizes 10000 --formats yaml json   # once
    python benchmarks/bench_results.py                                      # 5 rounds
    python benchmarks/bench_results.py --cases yaml --runs 3 --yaml benchmarks/data/cohort-50000-yaml
    python benchmarks/bench_results.py --before /tmp/before                 # another version too
    python benchmarks/bench_results.py --cases json --startup               # and its fixed cost

The floors (`parse_floor.py`) read every file of the same folder and parse it, nothing else:
YAML with `yaml.load(raw, Loader=CSafeLoader)` in two forked processes (kompetens scores a
folder this size in two worker processes on two cores), JSON with `json.loads` in one process
and, for comparison, in two. Targets: YAML within 1.1× the two-process floor, JSON within 2×
the one-process `json.loads` floor (wall time, medians).

Runs are interleaved (one of each command in turn, the order rotating every round) after
one untimed round that fills the file cache (and each version's own framework cache); medians of wall time and of CPU time (user +
system of the command and every worker it waited for) are reported, and the peak RSS of the
largest process. Every command runs as a subprocess, start-up included, from compiled
bytecode as an installed package would. With `--before`,
the other version's summary and per-respondent CSV are checked to be byte-identical first.
With `--startup`, kompetens is also timed on a folder holding only the first file: what a
run costs whatever the number of files (start-up, imports, the framework, the summary).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _timing import with_bytecode  # noqa: E402
from bench_side_by_side import Runs, run  # noqa: E402

DATA = HERE / "data"
FLOOR = str(HERE / "parse_floor.py")


def kompetens_command(folder: Path, options: argparse.Namespace, csv: Path | None) -> list[str]:
    command = [sys.executable, "-m", "kompetens", "score", str(folder), "--level", "nqf6"]
    if options.jobs is not None:
        command += ["-j", str(options.jobs)]
    if csv is not None:
        command += ["--csv", str(csv), "--force"]
    return command


def commands_for(
    kind: str, folder: Path, options: argparse.Namespace, out: Path
) -> dict[str, list[str]]:
    csv = out / f"{kind}.csv" if options.csv else None
    # Each version keeps its own framework cache, as an installation does: the cache key
    # names the code, so two versions sharing one folder would replace each other's entry
    # and both would parse the framework's YAML on every run.
    now = ("env", f"KOMPETENS_CACHE_DIR={out / 'cache-now'}")
    commands = {"kompetens": [*now, *kompetens_command(folder, options, csv)]}
    if options.before is not None:
        source = f"PYTHONPATH={options.before.resolve() / 'src'}"
        before_csv = out / f"{kind}-before.csv" if options.csv else None
        commands["kompetens-before"] = [
            *("env", source, f"KOMPETENS_CACHE_DIR={out / 'cache-before'}"),
            *kompetens_command(folder, options, before_csv),
        ]
    if options.startup:  # the fixed cost: the same command on one file of the folder
        one = out / f"one-{kind}"
        one.mkdir(exist_ok=True)
        first = min(path for path in folder.iterdir() if path.suffix == f".{kind}")
        shutil.copy(first, one / first.name)
        commands["kompetens, 1 file"] = [*now, *kompetens_command(one, options, None)]
    if kind == "yaml":
        commands["floor-2"] = [sys.executable, FLOOR, "yaml", str(folder), "--processes", "2"]
    else:
        commands["floor-1"] = [sys.executable, FLOOR, "json", str(folder), "--processes", "1"]
        commands["floor-2"] = [sys.executable, FLOOR, "json", str(folder), "--processes", "2"]
    return commands


def same_outputs(kind: str, folder: Path, options: argparse.Namespace, out: Path) -> str:
    """'' when this version and `--before` print the same summary and write the same CSV."""
    import subprocess

    outputs = []
    for name, prefix in (("now", []), ("before", ["env", f"PYTHONPATH={options.before}/src"])):
        target = out / f"check-{kind}-{name}.csv"
        done = subprocess.run(
            [*prefix, *kompetens_command(folder, options, target)],
            capture_output=True,
            check=False,
        )
        outputs.append((done.returncode, done.stdout, target.read_bytes()))
    if outputs[0] == outputs[1]:
        return ""
    return "exit codes, summaries or CSVs differ"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", nargs="+", default=["yaml", "json"], choices=["yaml", "json"])
    parser.add_argument("--yaml", type=Path, default=DATA / "cohort-10000-yaml")
    parser.add_argument("--json", type=Path, default=DATA / "cohort-10000-json")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=None, help="kompetens score -j")
    parser.add_argument("--csv", action="store_true", help="also write --csv (timed)")
    parser.add_argument("--before", type=Path, help="source tree of another version")
    parser.add_argument(
        "--startup",
        action="store_true",
        help="also time kompetens on one file of the folder: its fixed cost (start-up)",
    )
    options = parser.parse_args(argv)
    trees = [HERE.parent / "src", *([options.before / "src"] if options.before else [])]
    with_bytecode(*map(str, trees))
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        for kind in options.cases:
            folder: Path = getattr(options, kind)
            if not folder.is_dir():
                print(f"{folder} is missing: run benchmarks/cohort_generate.py", file=sys.stderr)
                return 2
            if options.before is not None:
                why = same_outputs(kind, folder, options, out)
                print(f"{kind}: before and now " + (f"DIFFER ({why})" if why else "agree"))
            commands = commands_for(kind, folder, options, out)
            for command in commands.values():  # untimed: fills the file cache
                run(command)
            runs = {name: Runs() for name in commands}
            order = list(commands)
            for round_number in range(options.runs):
                shift = round_number % len(order)
                for name in order[shift:] + order[:shift]:
                    wall, cpu, peak = run(commands[name])
                    runs[name].wall.append(wall)
                    runs[name].cpu.append(cpu)
                    runs[name].peak_mib.append(peak)
            report(kind, folder, runs, options.runs)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    return 0


def report(kind: str, folder: Path, runs: dict[str, Runs], count: int) -> None:
    files = sum(1 for _ in folder.iterdir())
    medians = {
        name: (statistics.median(r.wall), statistics.median(r.cpu), max(r.peak_mib))
        for name, r in runs.items()
    }
    print(f"\n{kind}: {files:,} files, medians of {count} interleaved runs")
    print("| command | wall s | CPU s | peak MiB | kompetens wall ÷ this | kompetens CPU ÷ this |")
    print("|---|---|---|---|---|---|")
    wall_ours, cpu_ours, _ = medians["kompetens"]
    for name, (wall, cpu, peak) in medians.items():
        print(
            f"| {name} | {wall:.2f} | {cpu:.2f} | {peak:.0f} | {wall_ours / wall:.2f}× "
            f"| {cpu_ours / cpu:.2f}× |"
        )


if __name__ == "__main__":
    sys.exit(main())

"""`kompetens COMMAND --help` against a minimal typer app with the same options.

    python benchmarks/bench_startup.py                  # 15 interleaved runs per command
    python benchmarks/bench_startup.py --runs 25 --commands score

`minimal_typer_app.py` declares `score`, `assess` and `validate` with the same options and
nothing behind them, so it pays exactly typer's price for those options. Before timing,
both `--help` outputs are checked to list the same options, and the package's modules are
compiled to bytecode (as in an installed wheel). Each pair of commands is run
in turn (A, B, A, B, …) after two warm-up rounds, as subprocesses, and the medians of the
wall times are compared. Target: within 1.1× the minimal app.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _timing import interleaved_medians, with_bytecode  # noqa: E402

MINIMAL = str(HERE / "minimal_typer_app.py")
COMMANDS = ("score", "assess", "validate")


def options(command: list[str]) -> set[str]:
    """The long options a `--help` output lists."""
    text = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", text))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--commands", nargs="+", default=list(COMMANDS), choices=COMMANDS)
    args = parser.parse_args(argv)
    python = sys.executable
    with_bytecode(str(HERE.parent / "src"), str(HERE))
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"medians of {args.runs} interleaved runs\n")
    print("| command | kompetens | minimal typer app | ratio |")
    print("|---|---|---|---|")
    worst = 0.0
    for name in args.commands:
        ours = [python, "-m", "kompetens", name, "--help"]
        theirs = [python, MINIMAL, name, "--help"]
        if options(ours) != options(theirs):
            print(f"{name}: the options differ: {sorted(options(ours) ^ options(theirs))}")
            return 1
        times = interleaved_medians({"ours": ours, "theirs": theirs}, runs=args.runs)
        ratio = times["ours"] / times["theirs"]
        worst = max(worst, ratio)
        print(
            f"| `{name} --help` | {times['ours'] * 1000:.0f} ms | "
            f"{times['theirs'] * 1000:.0f} ms | {ratio:.2f}× |"
        )
    print(f"\nworst ratio {worst:.2f}× (target ≤ 1.1×)")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

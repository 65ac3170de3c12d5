"""How long the attacks of tests/test_attacks_*.py take, against a baseline measured in
the same run: `kompetens validate` of the built-in framework (a second or less).

Each attack input is made here in a temporary folder; each command runs as a subprocess
with a memory limit (`--memory`, default 1 GiB) and a time-out (`--timeout`). Printed per
attack: the exit code, the median wall time, the ratio to the baseline and the largest
resident memory of the child processes.

Run: `python benchmarks/bench_attacks.py [--runs 3]`.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal.yaml"
RESULT = ROOT / "examples" / "student" / "aino-2026-spring.yaml"
FRAMEWORK = ROOT / "frameworks" / "sote-client-work.yaml"


def _inputs(folder: Path) -> dict[str, list[str]]:
    import yaml

    head = MINIMAL.read_text(encoding="utf-8").split("\nareas:")[0]
    flood = folder / "empty-areas.yaml"
    flood.write_text(head + "\nareas:\n" + "- {}\n" * 100_000, encoding="utf-8")
    some = folder / "5000-empty-areas.yaml"
    areas = "".join(f"- {{id: a{i}, title: {{en: A}}, components: []}}\n" for i in range(5000))
    some.write_text(head + "\nareas:\n" + areas, encoding="utf-8")
    data = yaml.safe_load(RESULT.read_text(encoding="utf-8"))
    data["answers"] = {
        f"client-centredness.implementing.{i}": {"rating": 3, "note": None}
        for i in range(5, 10_005)
    }
    unknown = folder / "unknown.yaml"
    unknown.write_text(yaml.safe_dump(data), encoding="utf-8")
    loop = folder / "loop"
    loop.mkdir()
    (loop / "a.yaml").write_text(RESULT.read_text(encoding="utf-8"), encoding="utf-8")
    (loop / "self1").symlink_to(".", target_is_directory=True)
    (loop / "self2").symlink_to(".", target_is_directory=True)
    template = folder / "loops.md.j2"
    template.write_text(
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
        encoding="utf-8",
    )
    power = folder / "power.md.j2"
    power.write_text("{{ 10**(10**9) }}", encoding="utf-8")
    return {
        "baseline: validate built-in": ["validate", str(FRAMEWORK)],
        "validate 100,000 empty areas": ["validate", str(flood)],
        "validate 5,000 empty areas": ["validate", str(some)],
        "report 10,000 unknown answers": ["report", str(unknown)],
        "score 10,000 unknown answers": ["score", str(unknown)],
        "score a folder with 2 self-links": ["score", str(loop)],
        "report --template nested loops": [
            "report",
            str(RESULT),
            "--template",
            str(template),
            "-f",
            "md",
        ],
        "report --template 10**(10**9)": [
            "report",
            str(RESULT),
            "--template",
            str(power),
            "-f",
            "md",
        ],
    }


def _limit(memory: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return apply


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--memory", type=int, default=1024, help="MiB per run")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        commands = _inputs(Path(name))
        timings: dict[str, list[float]] = {label: [] for label in commands}
        codes: dict[str, int | str] = {}
        peaks: dict[str, int] = {}
        for _ in range(options.runs):
            for label, args in commands.items():
                start = time.perf_counter()
                try:
                    done = subprocess.run(
                        [sys.executable, "-m", "kompetens", *args],
                        capture_output=True,
                        timeout=options.timeout,
                        preexec_fn=_limit(options.memory * 2**20),
                        check=False,
                    )
                    codes[label] = done.returncode
                except subprocess.TimeoutExpired:
                    codes[label] = "timeout"
                timings[label].append(time.perf_counter() - start)
                peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
                peaks[label] = max(peaks.get(label, 0), peak)
    baseline = statistics.median(timings["baseline: validate built-in"])
    print(f"{'attack':<36} {'exit':>7} {'seconds':>8} {'× baseline':>11} {'max RSS':>9}")
    for label, values in timings.items():
        seconds = statistics.median(values)
        print(
            f"{label:<36} {codes[label]!s:>7} {seconds:8.2f} {seconds / baseline:11.1f} "
            f"{peaks[label]:>6} MB"
        )
    print("(max RSS is the largest child so far in this run: it never decreases down the list)")


if __name__ == "__main__":
    main()

"""Start-up and validation speed, as ratios against baselines measured in the same run.

* `kompetens --help` against a bare `python -c "import typer"` (target: within 1.5×).
* `kompetens validate` of the built-in framework against `check-jsonschema --schemafile
  schemas/framework.schema.json` on the same file (target: faster, while reporting more).

Run: `python benchmarks/bench_cli.py [--runs N]` (needs `pip install -e .[bench]`).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _timing import interleaved_medians

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORK = ROOT / "frameworks" / "sote-client-work.yaml"
SCHEMA = ROOT / "schemas" / "framework.schema.json"


def _tool(name: str) -> str:
    found = Path(sys.executable).parent / name
    return str(found) if found.exists() else (shutil.which(name) or name)


def _broken_copy(directory: Path) -> Path:
    """The built-in framework with five realistic mistakes, for counting what is reported."""
    text = FRAMEWORK.read_text(encoding="utf-8")
    text = text.replace('version: "1.0.0"', "version: 1.10", 1)  # YAML 1.1 number
    text = text.replace("id: guidance.methods.2", "id: guidance.methods.1", 1)  # duplicate id
    text = text.replace("levels: [nqf6, nqf7]", "levels: [nqf6, nqf8]", 1)  # unknown level
    text = text.replace("    target: 5", "    target: 6", 1)  # target off the scale
    text = text.replace("guidance:", "guidence:", 1)  # misspelt key
    path = directory / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _count_problems(command: list[str]) -> int:
    output = subprocess.run(command, capture_output=True, text=True, check=False)
    text = output.stdout + output.stderr
    return sum(
        1 for line in text.splitlines() if ": error" in line or line.lstrip().startswith("$")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    python = sys.executable
    kompetens = [python, "-m", "kompetens"]
    check_jsonschema = [_tool("check-jsonschema"), "--schemafile", str(SCHEMA)]

    help_times = interleaved_medians(
        {"typer": [python, "-c", "import typer"], "help": [*kompetens, "--help"]}, runs=args.runs
    )
    validate_times = interleaved_medians(
        {
            "check-jsonschema": [*check_jsonschema, str(FRAMEWORK)],
            "validate": [*kompetens, "validate", str(FRAMEWORK)],
        },
        runs=args.runs,
    )
    with tempfile.TemporaryDirectory() as directory:
        broken = _broken_copy(Path(directory))
        ours = _count_problems([*kompetens, "validate", str(broken)])
        theirs = subprocess.run(
            [*check_jsonschema, "--output-format", "json", str(broken)],
            capture_output=True,
            text=True,
            check=False,
        )
        import json

        try:
            their_count = len(json.loads(theirs.stdout).get("errors", []))
        except (ValueError, AttributeError):
            their_count = -1

    help_ratio = help_times["help"] / help_times["typer"]
    validate_ratio = validate_times["validate"] / validate_times["check-jsonschema"]
    print(f"runs per command: {args.runs} (medians, interleaved)")
    print(
        f"kompetens --help        {help_times['help'] * 1000:7.1f} ms  "
        f"import typer {help_times['typer'] * 1000:7.1f} ms  ratio {help_ratio:.2f}× (target ≤ 1.5×)"
    )
    print(
        f"kompetens validate      {validate_times['validate'] * 1000:7.1f} ms  "
        f"check-jsonschema {validate_times['check-jsonschema'] * 1000:7.1f} ms  "
        f"ratio {validate_ratio:.2f}× (target < 1×)"
    )
    print(
        f"problems found in a copy with 5 mistakes: kompetens {ours}, check-jsonschema {their_count}"
    )


if __name__ == "__main__":
    main()

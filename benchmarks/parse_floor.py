"""The parse floor of a folder of result files: read every file and parse it, nothing else.

    python benchmarks/parse_floor.py yaml DIR --processes 2
    python benchmarks/parse_floor.py json DIR --processes 1

YAML files are loaded with `yaml.load(raw, Loader=yaml.CSafeLoader)` (libyaml's parser and
PyYAML's safe constructor), JSON files with `json.loads`. With `--processes 2` the sorted file
list is split between two forked processes (every other file each), which is the least a
two-process parse can cost. `bench_results.py` times this script as a subprocess, start-up
included, exactly as it times `kompetens score`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any


def _files(directory: str, suffix: str) -> list[str]:
    found: list[str] = []
    for root, _, names in os.walk(directory):
        found.extend(os.path.join(root, name) for name in names if name.endswith(suffix))  # noqa: PTH118
    return sorted(found)


def _parse(kind: str, files: Sequence[str]) -> int:
    """How many files parsed to a mapping (so that the work cannot be skipped)."""
    if kind == "json":
        loads: Any = json.loads
    else:
        import yaml

        loader = yaml.CSafeLoader

        def loads(raw: bytes) -> Any:
            return yaml.load(raw, Loader=loader)  # CSafeLoader: the safe loader

    count = 0
    for file in files:
        with open(file, "rb") as handle:  # noqa: PTH123
            if isinstance(loads(handle.read()), dict):
                count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kind", choices=["yaml", "json"])
    parser.add_argument("directory")
    parser.add_argument("--processes", type=int, default=1)
    options = parser.parse_args(argv)
    files = _files(options.directory, ".json" if options.kind == "json" else ".yaml")
    children: list[int] = []
    for index in range(1, options.processes):
        pid = os.fork()
        if pid == 0:  # a child parses its share and leaves at once
            _parse(options.kind, files[index :: options.processes])
            os._exit(0)
        children.append(pid)
    parsed = _parse(options.kind, files[0 :: options.processes])
    for pid in children:
        os.waitpid(pid, 0)
    print(parsed, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

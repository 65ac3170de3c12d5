"""Print `name==X` for every `name>=X` runtime dependency in pyproject.toml.

The runtime dependencies (and the optional extras users install, not the test tools) are
pinned to their lower bounds, so the lowest-versions CI run tests exactly what
pyproject.toml promises to work with.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

_BOUND = re.compile(r"^\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*>=\s*([^,;\s]+)")
USER_EXTRAS = ("xlsx",)


def main() -> int:
    project = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project.get("dependencies", []))
    for extra in USER_EXTRAS:
        requirements += project.get("optional-dependencies", {}).get(extra, [])
    pins: dict[str, str] = {}
    for requirement in requirements:
        match = _BOUND.match(requirement)
        if match is None:
            print(f"no lower bound: {requirement!r}", file=sys.stderr)
            return 1
        pins[match.group(1).lower()] = match.group(3)
    for name, version in sorted(pins.items()):
        print(f"{name}=={version}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

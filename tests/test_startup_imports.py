"""`COMMAND --help` loads the command line and nothing behind it: no charts, no report
code, no numpy, Jinja or openpyxl, none of the core that does the work. (How long it takes
is measured in benchmarks/bench_startup.py, never in a test.)"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("numpy", "jinja2", "openpyxl", "markupsafe", "yaml", "kompetens.report")
"""Modules (and their sub-modules) that no `--help` may import."""
CORE = (
    "kompetens.cohort",
    "kompetens.assessment",
    "kompetens.model",
    "kompetens.framework.loading",
    "kompetens.framework.validation",
    "kompetens.framework.checks",
)
"""The core that reads, validates and scores (the pydantic models, the YAML reader, the
cohort): a command imports it when it runs. (Tables of names, such as `framework.catalog`
or `interop.formats`, may be imported to declare options.)"""

_PROGRAM = """
import json, sys
import typer.main
from kompetens.cli.app import app
from kompetens.cli.help_texts import run

def heavy():
    return sorted(
        name for name in sys.modules
        if name.startswith(tuple(sys.argv[1:])) or "chart" in name.rsplit(".", 1)[-1]
    )

found = {}
commands = sorted(typer.main.get_command(app).commands)
for command in [None, *commands]:
    arguments = ["--help"] if command is None else [command, "--help"]
    try:
        code = run(app, arguments)
    except SystemExit as stop:
        code = stop.code
    found[command or ""] = [code, heavy()]
print(json.dumps(found))
"""


def _after_help() -> dict[str, list[object]]:
    done = subprocess.run(
        [sys.executable, "-c", _PROGRAM, *HEAVY, *CORE],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "KOMPETENS_LANG": "fi"},
    )
    found: dict[str, list[object]] = json.loads(done.stdout.splitlines()[-1])
    return found


def test_help_of_every_command_imports_no_charts_reports_or_core() -> None:
    found = _after_help()
    assert {"", "score", "assess", "validate", "report"} <= set(found)
    for command, (code, heavy) in found.items():
        assert code == 0, command
        assert heavy == [], f"`{command} --help` imported {heavy}"


def test_the_check_would_see_a_heavy_import() -> None:
    """The test above can fail: a module in the list is seen once something imports it."""
    program = "import numpy, kompetens.report.charts; " + _PROGRAM
    done = subprocess.run(
        [sys.executable, "-c", program, *HEAVY, *CORE],
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(done.stdout.splitlines()[-1])
    assert "numpy" in found["score"][1]
    assert "kompetens.report.charts" in found["score"][1]

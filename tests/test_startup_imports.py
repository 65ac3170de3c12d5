"""`COMMAND --help` loads the command line and nothing behind it: no charts, no report
code, no numpy, Jinja or openpyxl, none of the core that does the work; and a command
that runs loads only what its run needs (no report code for a `score` without
`--report`). (How long it takes is measured in benchmarks/bench_startup.py and
benchmarks/bench_fixed_cost.py, never in a test.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from kompetens.framework.catalog import DEFAULT_FRAMEWORK, resolve_framework
from kompetens.framework.validation import load_framework

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


REPORT_ONLY = ("jinja2", "markupsafe", "kompetens.report")
"""Modules only a report needs: the templates, their markup and the charts."""
NOT_FOR_A_SMALL_TABLE = (
    "openpyxl",
    "kompetens.cohort.workbooks",
    "concurrent.futures.process",
    "kompetens.cohort.paired",
    "rich.progress",
)
"""Modules a small CSV table of self-assessments does not need: the workbook reader, the
worker pool, the statistics of paired raters, the progress bar (no terminal here)."""

_SCORE_PROGRAM = """
import json, sys
from kompetens.cli.app import app
from kompetens.cli.help_texts import run

arguments = sys.argv[1:sys.argv.index("--")]
prefixes = tuple(sys.argv[sys.argv.index("--") + 1:])
try:
    code = run(app, arguments)
except SystemExit as stop:
    code = stop.code
loaded = sorted(
    name for name in sys.modules
    if name.startswith(prefixes) or "chart" in name.rsplit(".", 1)[-1]
)
print(json.dumps([code, loaded]))
"""


def _score_imports(tmp_path: Path, *options: str) -> tuple[int, list[str]]:
    """The exit code and the watched modules a `score` of a 2-row table imported."""
    table = tmp_path / "answers.csv"
    framework, _ = load_framework(resolve_framework(DEFAULT_FRAMEWORK))
    assert framework is not None
    statements = [s.id for s in framework.statements_for("nqf6")]
    rows = [["respondent", *statements], ["s1", *["3"] * len(statements)]]
    rows.append(["s2", *["4"] * len(statements)])
    table.write_text("".join(",".join(row) + "\n" for row in rows), encoding="utf-8")
    arguments = ["score", str(table), "--level", "nqf6", "--lang", "en", *options]
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            _SCORE_PROGRAM,
            *arguments,
            "--",
            *REPORT_ONLY,
            *NOT_FOR_A_SMALL_TABLE,
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={
            "PATH": "/usr/bin:/bin",
            "KOMPETENS_LANG": "en",
            "KOMPETENS_CACHE_DIR": os.environ.get("KOMPETENS_CACHE_DIR", ""),
        },
    )
    code, loaded = json.loads(done.stdout.splitlines()[-1])
    return code, loaded


def test_score_of_a_small_table_imports_no_report_chart_workbook_or_pool_code(
    tmp_path: Path,
) -> None:
    code, loaded = _score_imports(tmp_path, "--csv", "scores.csv", "--json", "scores.json")
    assert code == 0
    assert (tmp_path / "scores.csv").read_text(encoding="utf-8-sig").startswith("respondent,")
    assert loaded == []


def test_score_with_a_report_does_import_them(tmp_path: Path) -> None:
    """The test above can fail: the same run asked for a report loads the report code."""
    code, loaded = _score_imports(tmp_path, "--report", "cohort.html")
    assert code == 0
    assert "<svg" in (tmp_path / "cohort.html").read_text(encoding="utf-8")
    assert {"jinja2", "markupsafe", "kompetens.report.environment"} <= set(loaded)
    assert "kompetens.cohort.charts" in loaded


_THREADS_PROGRAM = """
import os, sys
sys.argv = ["kompetens", *sys.argv[1:]]
from kompetens.cli.app import main
try:
    main()
except SystemExit:
    pass
print(len(os.listdir("/proc/self/task")), os.environ.get("PYDANTIC_DISABLE_PLUGINS"))
"""


def _threads_after_score(tmp_path: Path, environment: dict[str, str]) -> tuple[int, str]:
    """Threads alive after `kompetens score` of a 1-row table, and pydantic's plugin setting."""
    table = tmp_path / "answers.csv"
    framework, _ = load_framework(resolve_framework(DEFAULT_FRAMEWORK))
    assert framework is not None
    statements = [s.id for s in framework.statements_for("nqf6")]
    table.write_text(
        ",".join(["respondent", *statements]) + "\n" + ",".join(["s1", *["3"] * len(statements)]),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-c", _THREADS_PROGRAM, "score", str(table), "--level", "nqf6"],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    assert "1 scored" in done.stdout
    threads, plugins = done.stdout.splitlines()[-1].split()
    return int(threads), plugins


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="threads are counted in /proc")
def test_score_leaves_no_idle_numpy_threads_behind_and_loads_no_pydantic_plugins(
    tmp_path: Path,
) -> None:
    """numpy's OpenBLAS would start a spinning thread per CPU, and pydantic would search
    every installed distribution for plugins; `kompetens` asks for neither, unless the
    user's own settings say otherwise."""
    environment = {"PATH": "/usr/bin:/bin", "KOMPETENS_LANG": "en"}
    environment["KOMPETENS_CACHE_DIR"] = os.environ.get("KOMPETENS_CACHE_DIR", "")
    bare = subprocess.run(
        [sys.executable, "-c", "import os, numpy; print(len(os.listdir('/proc/self/task')))"],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    assert _threads_after_score(tmp_path, environment) == (1, "1")
    if (os.cpu_count() or 1) > 1:
        assert int(bare.stdout) > 1  # so the check above could have seen a thread
        users = {**environment, "OPENBLAS_NUM_THREADS": "2", "PYDANTIC_DISABLE_PLUGINS": "x"}
        assert _threads_after_score(tmp_path, users) == (2, "x")


def test_every_command_is_declared_where_the_table_says() -> None:
    """`kompetens NAME …` builds only the module `COMMAND_MODULES` names for NAME."""
    from kompetens.cli import app as app_module

    whole = set(typer.main.get_command(app_module.app).commands)  # type: ignore[attr-defined]
    assert whole == set(app_module.COMMAND_MODULES)
    for module in app_module.MODULES:
        built = typer.main.get_command(app_module.build_app((module,)))
        declared = {name for name, where in app_module.COMMAND_MODULES.items() if where == module}
        assert set(built.commands) == declared, module  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", ["en", "fi"])
def test_one_commands_command_line_says_what_the_whole_one_says(
    language: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kompetens.cli import app as app_module
    from kompetens.cli.help_texts import run

    monkeypatch.setenv("KOMPETENS_LANG", language)
    for command in app_module.COMMAND_MODULES:
        for arguments in ([command, "--help"], [command, "--no-such-option"]):
            seen = []
            for application in (app_module.app_for(arguments), app_module.build_app()):
                code = run(application, arguments)
                captured = capsys.readouterr()
                seen.append((code, captured.out, captured.err))
            assert seen[0] == seen[1], arguments
            assert seen[0][0] == (0 if arguments[1] == "--help" else 2)


def test_a_command_imports_no_other_commands_module() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _MAIN_PROGRAM, "score", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "KOMPETENS_LANG": "en"},
    )
    loaded = json.loads(done.stdout.splitlines()[-1])
    assert "kompetens.cli.educator" in loaded
    assert not {"kompetens.cli.designer", "kompetens.cli.publish"} & set(loaded)
    assert not {"kompetens.cli.student", "kompetens.cli.offline_form"} & set(loaded)


_MAIN_PROGRAM = """
import json, sys
sys.argv = ["kompetens", *sys.argv[1:]]
from kompetens.cli.app import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted(name for name in sys.modules if name.startswith("kompetens.cli."))))
"""

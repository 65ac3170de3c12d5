"""Attacks on the amount of work: a file with a hundred thousand problems, a folder that
contains itself. Each is answered with output a person can read, within a memory limit and
a time-out that an endless run would hit (the speed itself is measured in
benchmarks/bench_attacks.py, not here: test machines are shared).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from kompetens.cli.app import app
from kompetens.framework.diagnostics import MAX_PER_FILE, Diagnostic, Severity, bounded

ROOT = Path(__file__).resolve().parents[1]
RESULT = ROOT / "examples" / "student" / "aino-2026-spring.yaml"
MINIMAL = Path(__file__).parent / "data" / "minimal.yaml"
HEAD = MINIMAL.read_text(encoding="utf-8").split("\nareas:")[0]


def invoke(*args: str | Path) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args], env={"KOMPETENS_LANG": "en"})


MEMORY = 1024 * 2**20
"""Address space the program may use in the bounded runs (it needs about 300 MB)."""


def _limit() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _bounded(*args: str | Path, seconds: float = 120) -> subprocess.CompletedProcess[str]:
    """The real program in a child process with a memory limit and a time-out: a run that
    needed more memory dies, one that took longer raises `TimeoutExpired`."""
    return subprocess.run(
        [sys.executable, "-m", "kompetens", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=seconds,
        preexec_fn=_limit if sys.platform.startswith("linux") else None,
        env={**os.environ, "KOMPETENS_LANG": "en", "NO_COLOR": "1"},
        check=False,
    )


def _diagnostic_lines(text: str, file: Path) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(f"{file}:")]


def test_100000_empty_areas_are_refused_in_seconds(tmp_path: Path) -> None:
    """500 kB of `- {}`: before, 300,000 diagnostics, 20 s, 28 MB of output."""
    path = tmp_path / "empty.yaml"
    path.write_text(HEAD + "\nareas:\n" + "- {}\n" * 100_000, encoding="utf-8")
    result = _bounded("validate", path)
    assert result.returncode == 2
    assert "[too-large]" in result.stderr and "100,000 values" in result.stderr
    assert len(result.stderr) < 2_000


def test_thousands_of_empty_areas_give_50_diagnostics_and_a_count(tmp_path: Path) -> None:
    areas = "".join(f"- {{id: a{i}, title: {{en: A}}, components: []}}\n" for i in range(5_000))
    path = tmp_path / "empty.yaml"
    path.write_text(HEAD + "\nareas:\n" + areas, encoding="utf-8")
    result = _bounded("validate", path)
    assert result.returncode == 1
    lines = _diagnostic_lines(result.stderr, path)
    assert len(lines) == MAX_PER_FILE + 1
    assert lines[-1].endswith("(the first 50 are shown; fix those and run again)")
    assert "… and 4,950 more problems in this file" in lines[-1]


def test_a_json_report_of_many_problems_is_bounded_too(tmp_path: Path) -> None:
    areas = "".join(f"- {{id: a{i}, title: {{en: A}}, components: []}}\n" for i in range(300))
    path = tmp_path / "empty.yaml"
    path.write_text(HEAD + "\nareas:\n" + areas, encoding="utf-8")
    result = invoke("validate", path, "--format", "json")
    document = json.loads(result.stdout)
    diagnostics = document["diagnostics"]
    assert len(diagnostics) == MAX_PER_FILE + 1
    assert any(d["code"] == "more" and "250 more" in d["message"] for d in diagnostics)


def _unknown_answers(tmp_path: Path, count: int) -> Path:
    data = yaml.safe_load(RESULT.read_text(encoding="utf-8"))
    data["answers"] = {
        f"client-centredness.implementing.{i}": {"rating": 3, "note": None}
        for i in range(5, 5 + count)
    }
    path = tmp_path / "unknown.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["report", "score"])
def test_10000_unknown_answers_are_rejected_in_seconds(tmp_path: Path, command: str) -> None:
    """Near misses all: before, each got a "did you mean" (difflib) and took 36–43 s."""
    path = _unknown_answers(tmp_path, 10_000)
    result = _bounded(command, path)
    assert result.returncode == (1 if command == "report" else 2)  # score: nothing scored
    lines = _diagnostic_lines(result.stderr, path)
    assert len(lines) == MAX_PER_FILE + 1
    assert sum("did you mean" in line for line in lines) == 5
    assert "… and 9,950 more problems" in lines[-1]


def test_an_answers_file_with_many_unknown_ids_is_bounded(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("".join(f"alpha.one.{i}: 3\n" for i in range(10, 3000)), encoding="utf-8")
    result = invoke(
        "assess", MINIMAL, "--level", "basic", "--answers", answers, "-o", tmp_path / "r.yaml"
    )
    assert result.exit_code == 1
    lines = _diagnostic_lines(result.stderr, answers)
    assert len(lines) == MAX_PER_FILE + 1
    assert sum("did you mean" in line for line in lines) <= 5
    assert not (tmp_path / "r.yaml").exists()


def test_a_table_with_thousands_of_bad_rows_prints_50_and_keeps_all_in_json(
    tmp_path: Path,
) -> None:
    from kompetens.framework.catalog import builtin_frameworks
    from kompetens.framework.validation import load_framework

    framework, _ = load_framework(builtin_frameworks()["sote-client-work"])
    assert framework is not None
    first = framework.statements_for("nqf6")[0].id
    table = tmp_path / "survey.csv"
    rows = "".join(f"s{i};9\n" for i in range(2_000)) + "s-good;3\n"
    table.write_text(f"Opiskelija;{first}\n" + rows, encoding="utf-8")
    report = tmp_path / "cohort.html"
    result = invoke("score", table, "--level", "nqf6", "--json", "-", "--report", report)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if ": error [" in line]
    assert len(lines) == MAX_PER_FILE + 1
    assert "1,950 more" in lines[-1]
    document = json.loads(result.stdout)
    assert len(document["rejected"]) == 2_000
    assert document["counts"]["rejected"] == 2_000
    html = report.read_text(encoding="utf-8")
    assert html.count("[off-scale]") == MAX_PER_FILE
    assert "1,950 more problems" in html


def _one_hand_in(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.yaml").write_text(RESULT.read_text(encoding="utf-8"), encoding="utf-8")


def test_a_folder_with_links_to_itself_is_walked_once(tmp_path: Path) -> None:
    folder = tmp_path / "loop"
    _one_hand_in(folder)
    (folder / "self1").symlink_to(".", target_is_directory=True)
    (folder / "self2").symlink_to(".", target_is_directory=True)
    (folder / "up").symlink_to("..", target_is_directory=True)
    for spec in (folder, f"{folder}/**/*.yaml", f"{folder}/**"):
        result = _bounded("score", spec, "--json", "-", seconds=60)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["counts"]["scored"] == 1


def test_recursive_patterns_still_find_nested_hand_ins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _one_hand_in(tmp_path / "c" / "Kuopio")
    second = RESULT.read_text(encoding="utf-8").replace("s1234567", "s7654321")
    (tmp_path / "c" / "top.yaml").write_text(second, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for spec in ("c/**/*.yaml", "**/*.yaml", "c/*/*.yaml"):
        result = invoke("score", spec, "--json", "-")
        assert result.exit_code == 0, (spec, result.output)
        expected = 1 if spec == "c/*/*.yaml" else 2
        assert json.loads(result.stdout)["counts"]["scored"] == expected, spec


def test_bounded_keeps_order_and_counts_per_file() -> None:
    def error(file: str, line: int) -> Diagnostic:
        return Diagnostic(file, line, 1, Severity.ERROR, "x", "", "m")

    many = [error("a", n) for n in range(1, 61)] + [error("b", 1)] + [error("a", 99)]
    shown = bounded(many, limit=10)
    assert [d.line for d in shown if d.file == "a"][:10] == list(range(1, 11))
    more = [d for d in shown if d.code == "more"]
    assert len(more) == 1 and more[0].file == "a" and "51 more problems" in more[0].message
    assert shown.index(more[0]) == 10, "the count follows the file's last shown line"
    assert bounded(shown, limit=10) == shown, "bounding twice changes nothing"

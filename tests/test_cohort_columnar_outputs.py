"""Scoring a table's rows a chunk at a time (the columnar tally) writes exactly the files
that scoring them one row at a time (`ScoringPlan.tally` per row) wrote: the same CSV, JSON,
report and summary, byte for byte, on the benchmark cohort and on a messy table."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from typer.testing import CliRunner

from kompetens.cli.app import app
from kompetens.cohort import fastrows
from kompetens.cohort.records import score_vector
from kompetens.cohort.table import ReadContext, RowScore
from kompetens.model import Framework
from tests.test_cohort_perf_equivalence import _messy_table

ROOT = Path(__file__).resolve().parents[1]


def _generator(data: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "cohort_generate", ROOT / "benchmarks" / "cohort_generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.DATA = data
    return module


def _row_by_row(context: ReadContext, level: str, codes: Any) -> tuple[Any, Any, Any]:
    """What the table reader did before the columnar tally: each row through
    `ScoringPlan.tally` (via `score_vector`), from its ratings."""
    import numpy as np

    plan = context.plan(level)
    shift = 1 - context.framework.scale.minimum
    means: list[list[float]] = []
    answered: list[int] = []
    cant_say: list[int] = []
    for row in codes.tolist():
        ratings = {
            statement_id: None if code == 255 else code - shift
            for statement_id, code in zip(plan.statement_ids, row, strict=True)
            if code
        }
        row_means, row_answered, row_cant_say = score_vector(plan, ratings)
        means.append([np.nan if mean is None else mean for mean in row_means])
        answered.append(row_answered)
        cant_say.append(row_cant_say)
    return (
        np.array(means, dtype=np.float64).reshape(len(means), -1),
        np.array(answered, dtype=np.int64),
        np.array(cant_say, dtype=np.int64),
    )


def _score(table: Path, out: Path, *options: str) -> dict[str, Any]:
    out.mkdir(parents=True)
    result = CliRunner().invoke(
        app,
        [
            "score",
            str(table),
            "--csv",
            str(out / "scores.csv"),
            "--json",
            str(out / "scores.json"),
            "--report",
            str(out / "report.md"),
            *options,
        ],
        env={"KOMPETENS_PSEUDONYM_KEY": "", "KOMPETENS_LANG": "en"},
        catch_exceptions=False,
    )
    html = CliRunner().invoke(
        app,
        ["score", str(table), "--report", str(out / "report.html"), *options],
        env={"KOMPETENS_PSEUDONYM_KEY": "", "KOMPETENS_LANG": "en"},
        catch_exceptions=False,
    )
    assert html.exit_code == result.exit_code
    files = {path.name: _undated(path.read_bytes()) for path in sorted(out.iterdir())}
    stdout = "".join(result.stdout.split())  # the folder's name, wrapped, is not compared
    stdout = stdout.replace("".join(str(out).split()), "OUT")
    return {"exit": result.exit_code, "stdout": stdout, "files": files}


def _undated(data: bytes) -> bytes:
    """The file without the minute it was generated in (the two runs may straddle one)."""
    data = re.sub(rb"\d{4}-\d\d-\d\d \d\d:\d\d", b"DATE", data)
    return re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d[+-]\d\d:\d\d", b"DATE", data)


def _both_ways(
    monkeypatch: pytest.MonkeyPatch, table: Path, tmp_path: Path, *options: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    columnar = _score(table, tmp_path / "a" / "out", *options)
    with monkeypatch.context() as patched:
        patched.setattr(fastrows, "_tally_chunk", _row_by_row)
        row_by_row = _score(table, tmp_path / "b" / "out", *options)
    return columnar, row_by_row


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_benchmark_cohort_outputs_are_unchanged(
    builtin: Framework, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, jobs: str
) -> None:
    level = builtin.level_ids[-1]
    generator = _generator(tmp_path)
    table = generator.write_csv(builtin, level, 5000, seed=11)  # over the pool threshold
    columnar, row_by_row = _both_ways(
        monkeypatch, table, tmp_path, "--level", level, "--by", "campus", "-j", jobs
    )
    assert columnar["exit"] == 0
    assert set(columnar["files"]) == {"report.html", "report.md", "scores.csv", "scores.json"}
    assert len(columnar["files"]["scores.csv"].splitlines()) == 5001
    assert columnar == row_by_row


def test_messy_table_outputs_are_unchanged(
    builtin: Framework, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    table = _messy_table(builtin, tmp_path / "messy.csv")
    columnar, row_by_row = _both_ways(
        monkeypatch, table, tmp_path, "--level", builtin.level_ids[0], "--by", "team"
    )
    assert columnar["exit"] == 1  # some rows are rejected, and named on standard error
    assert columnar == row_by_row


def test_the_columnar_path_is_the_one_taken(
    builtin: Framework, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The comparisons above compare something: scoring goes through `_tally_chunk`."""
    calls: list[int] = []
    original = fastrows._tally_chunk

    def counting(context: ReadContext, level: str, codes: Any) -> tuple[Any, Any, Any]:
        calls.append(len(codes))
        return original(context, level, codes)

    monkeypatch.setattr(fastrows, "_tally_chunk", counting)
    table = _messy_table(builtin, tmp_path / "messy.csv")
    _score(table, tmp_path / "out", "--level", builtin.level_ids[0], "-j", "1")
    assert sum(calls) > 50


def test_total_labels_are_the_words_and_phrases_listed() -> None:
    """`is_total_label` looks up a first word; it says what a scan of TOTAL_WORDS says."""
    from kompetens.cohort.headers import TOTAL_WORDS, is_total_label, normalise

    def scan(text: str) -> bool:
        words = normalise(text)
        return any(words == w or words.startswith(w + " ") for w in TOTAL_WORDS)

    texts = [
        *TOTAL_WORDS,
        *(w.upper() + ":" for w in TOTAL_WORDS),
        *(w + " (all)" for w in TOTAL_WORDS),
        *(w + "s" for w in TOTAL_WORDS),
        "Averages (where applicable):",
        "averages where",
        "Keskiarvo",
        "Mean score of s1",
        "meaning",
        "r1",
        "",
        " ",
        "Total_",
        "sub total",
        "Yhteensä 12",
    ]
    assert [is_total_label(t) for t in texts] == [scan(t) for t in texts]
    assert sum(map(is_total_label, texts)) > len(TOTAL_WORDS)


def test_entries_share_one_object_per_distinct_mean(builtin: Framework, tmp_path: Path) -> None:
    """A cohort's entries keep equal means as one float object (memory), and are equal to
    entries that keep their own."""
    from kompetens.cohort.records import Entry
    from kompetens.cohort.table import (
        RowTask,
        Table,
        chunk_outputs,
        init_rows,
        read_table,
        row_entry,
        score_rows,
    )

    path = _messy_table(builtin, tmp_path / "messy.csv")
    context = ReadContext.build(builtin)
    table = read_table(path, context)
    assert isinstance(table, Table)
    init_rows(context)
    rows = [
        row
        for row in chunk_outputs(
            score_rows(RowTask(table.layout, table.rows, 0, 0, len(table.rows)))
        )
        if isinstance(row, RowScore)
    ]
    numbers: dict[float | None, float | None] = {}
    shared = [row_entry(table.layout, builtin.id, n, row, numbers) for n, row in enumerate(rows)]
    own = [row_entry(table.layout, builtin.id, n, row) for n, row in enumerate(rows)]
    assert shared == own
    means = [mean for entry in shared for mean in entry.means if mean is not None]
    assert len({id(mean) for mean in means}) == len(set(means)) < len(means)
    assert all(isinstance(entry, Entry) for entry in shared)


@pytest.mark.parametrize("command", [["--help"], ["score", "--help"]])
def test_help_does_not_import_numpy(command: list[str]) -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from kompetens.cli.app import main\n"
        f"sys.argv = ['kompetens', *{command!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('numpy loaded' if 'numpy' in sys.modules else 'numpy not loaded')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert "Usage" in done.stdout
    assert done.stdout.rstrip().endswith("numpy not loaded")

"""`score` writes, for the benchmark cohorts, exactly what it wrote before its collection
became columnar: the same CSV, JSON, Markdown report, summary, messages and exit code.

The fingerprints in `tests/data/score-golden.json` were taken with kompetens 0.x as it
was before the table rows were kept as columns (main at f0a7c48), by running this module
with `KOMPETENS_WRITE_GOLDEN=1`. The cohorts come from the seeded benchmark generator and
the messy table of `test_cohort_perf_equivalence`, so they are the same on every machine:
a table over the worker threshold, read with one and with two workers, in both CSV
dialects, pseudonymised; a messy table (duplicates, drafts, total rows, bad cells, mixed
levels); and result files that duplicate rows of a table.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kompetens.cli.app import app
from kompetens.model import Framework
from tests.test_cohort_columnar_outputs import _generator, _undated
from tests.test_cohort_perf_equivalence import _messy_table

GOLDEN = Path(__file__).parent / "data" / "score-golden.json"
KEY = "0123456789abcdef0123456789abcdef"


def _benchmark(builtin: Framework, data: Path) -> list[str]:
    return [str(_generator(data).write_csv(builtin, builtin.level_ids[-1], 5000, seed=11))]


def _messy(builtin: Framework, data: Path) -> list[str]:
    data.mkdir(parents=True, exist_ok=True)
    return [str(_messy_table(builtin, data / "messy.csv"))]


def _files_and_table(builtin: Framework, data: Path) -> list[str]:
    """250 result files by the first 250 respondents of the table: each file is the later
    answer (it has a completion time), so the table's row is the duplicate."""
    generator = _generator(data)
    level = builtin.level_ids[-1]
    folder = generator.write_files(builtin, level, 250, "json", seed=11)
    return [str(folder), str(generator.write_csv(builtin, level, 5000, seed=11))]


Scenario = tuple[Callable[[Framework, Path], list[str]], tuple[str, ...]]
SCENARIOS: dict[str, Scenario] = {
    "benchmark-j2": (_benchmark, ("--level", "nqf7", "--by", "campus", "-j", "2")),
    "benchmark-j1-fi": (_benchmark, ("--level", "nqf7", "-j", "1", "--lang", "fi")),
    "benchmark-pseudonymised": (
        _benchmark,
        ("--level", "nqf7", "--by", "campus", "-j", "2", "--pseudonymize"),
    ),
    "messy": (_messy, ("--level", "nqf6", "--by", "team")),
    "messy-any-level": (
        _messy,
        (
            "-j",
            "2",
        ),
    ),
    "files-and-table": (_files_and_table, ("--level", "nqf7", "-j", "2")),
}


def _fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _run(builtin: Framework, tmp_path: Path, name: str) -> dict[str, Any]:
    make, options = SCENARIOS[name]
    inputs = make(builtin, tmp_path / "data")
    out = tmp_path / "out"
    out.mkdir()
    outputs = ["--csv", str(out / "scores.csv"), "--json", str(out / "scores.json")]
    outputs += ["--report", str(out / "report.md")]
    result = CliRunner().invoke(
        app,
        ["score", *inputs, *outputs, *options],
        env={"KOMPETENS_PSEUDONYM_KEY": KEY, "KOMPETENS_LANG": "en", "COLUMNS": "400"},
        catch_exceptions=False,
    )
    found: dict[str, Any] = {"exit": result.exit_code}
    for stream, text in (("stdout", result.stdout), ("stderr", result.stderr)):
        found[stream] = _fingerprint(_printed(_unplaced(text, tmp_path)).encode())
    for path in sorted(out.iterdir()):
        text = _unplaced(path.read_bytes().decode("utf-8"), tmp_path)
        text = re.sub(r"\d{1,2}\.\d{1,2}\.\d{4} (klo|kl\.) \d{1,2}[.:]\d\d", "DATE", text)
        found[path.name] = _fingerprint(_undated(text.encode()))
    return found


def _printed(text: str) -> str:
    """What the terminal summary says, without how rich lays it out (which changes with
    its version): no spaces, line breaks or table borders. A wide terminal keeps it from
    cutting a cell short."""
    return re.sub(r"[\s\u2500-\u257f]", "", text)


def _unplaced(text: str, folder: Path) -> str:
    """The text without the test's own folder (as written, and as Markdown escapes it)."""
    where = str(folder)
    return text.replace(where, "TMP").replace(where.replace("_", "\\_"), "TMP")


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_score_outputs_are_unchanged(builtin: Framework, tmp_path: Path, name: str) -> None:
    found = _run(builtin, tmp_path, name)
    if os.environ.get("KOMPETENS_WRITE_GOLDEN"):
        stored = json.loads(GOLDEN.read_text()) if GOLDEN.exists() else {}
        stored[name] = found
        GOLDEN.write_text(json.dumps(stored, indent=2, sort_keys=True) + "\n")
    expected = json.loads(GOLDEN.read_text())[name]
    assert found["exit"] == expected["exit"]
    assert found == expected

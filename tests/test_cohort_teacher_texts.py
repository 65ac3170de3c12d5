"""Texts teachers read: statements by their wording, item notes only when n means
something, and a report that names students saying so at the top."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from kompetens.cohort.analysis import ITEM_STATS_MIN
from kompetens.model import Framework

ROOT = Path(__file__).parents[1]


def _table(path: Path, framework: Framework, rows: int, seed: int = 1) -> Path:
    """A wide CSV in which the first statement is noise (unrelated to the others) and the
    last is "can't say" for a third of the respondents."""
    rng = random.Random(seed)
    ids = [s.id for s in framework.statements_for("nqf6")]
    lines = ["respondent," + ",".join(ids)]
    for number in range(rows):
        ability = rng.gauss(3, 0.8)
        cells = []
        for index, _ in enumerate(ids):
            if index == 0:
                value = str(rng.randint(1, 5))
            elif index == len(ids) - 1 and number % 3 == 0:
                value = "-"
            else:
                value = str(max(1, min(5, round(ability + rng.gauss(0, 0.5)))))
            cells.append(value)
        lines.append(f"r{number}," + ",".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_wording_notes_name_the_statement_by_its_text_once_n_is_large_enough(
    cli: Any, tmp_path: Path, builtin: Framework
) -> None:
    big = _table(tmp_path / "big.csv", builtin, ITEM_STATS_MIN + 10)
    report = tmp_path / "big.md"
    out = cli(
        "score", str(big), "--level", "nqf6", "--lang", "en", "--json", "-", "--report", str(report)
    )
    assert out.exit_code == 0, out.stderr
    statements = builtin.statements_for("nqf6")
    first, last = statements[0], statements[-1]
    notes = report.read_text(encoding="utf-8").split("## Data quality", 1)[1]
    assert f"“{first.text['en']}” correlates weakly" in notes.replace("\\", "")
    assert f"“{last.text['en']}”: 33%" in notes.replace("\\", "")
    assert first.id not in notes.split("##", 1)[0]
    statements = json.loads(out.stdout)["areas"][0]["components"][0]["statements"]
    assert statements[0]["item_total"] is not None


def test_no_item_statistics_or_wording_notes_for_a_small_cohort(
    cli: Any, tmp_path: Path, builtin: Framework
) -> None:
    small = _table(tmp_path / "small.csv", builtin, ITEM_STATS_MIN - 1)
    out = cli("score", str(small), "--level", "nqf6", "--lang", "en", "--json", "-")
    assert out.exit_code == 0, out.stderr
    assert "correlates weakly" not in out.stderr
    document = json.loads(out.stdout)
    assert document["quality"] == [
        q for q in document["quality"] if q["code"] not in ("low-item-total", "cant-say")
    ]
    statements = [s for a in document["areas"] for c in a["components"] for s in c["statements"]]
    assert all(s["item_total"] is None for s in statements)


def test_a_report_naming_students_says_so_at_the_top(cli: Any, tmp_path: Path) -> None:
    cohort = ROOT / "examples" / "cohort" / "hand-ins"
    named = tmp_path / "named.html"
    cli("score", str(cohort), "--level", "nqf6", "--lang", "en", "--report", str(named))
    page = named.read_text(encoding="utf-8")
    assert "Contains personal data" in page
    assert page.index("Contains personal data") < page.index('id="overview"')
    key = tmp_path / "key"
    key.write_text("k" * 40, encoding="utf-8")
    shared = tmp_path / "shared.md"
    cli(
        "score",
        str(cohort),
        "--level",
        "nqf6",
        "--lang",
        "en",
        "--pseudonymize",
        "--key-file",
        str(key),
        "--report",
        str(shared),
    )
    assert "Contains personal data" not in shared.read_text(encoding="utf-8")

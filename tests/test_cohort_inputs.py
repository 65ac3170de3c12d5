"""Reading a cohort: result files and messy wide tables, and what is rejected and why."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kompetens.cohort.analysis import analyse
from kompetens.cohort.collect import CollectOptions, StrictStop, collect
from kompetens.cohort.records import CohortError
from kompetens.framework.validation import load_framework

MINIMAL = Path(__file__).parent / "data" / "minimal.yaml"
BASIC_IDS = ["alpha.one.1", "alpha.one.2", "alpha.two.1", "beta.one.1"]


@pytest.fixture(scope="module")
def mini() -> Any:
    framework, _ = load_framework(MINIMAL)
    assert framework is not None
    return framework


def result(
    path: Path,
    respondent: str | None,
    ratings: dict[str, int | None],
    *,
    level: str = "basic",
    framework: str = "mini",
    version: str = "1.10.0",
    completed: datetime | None = datetime(2025, 3, 1, 12, tzinfo=UTC),
    name: str | None = None,
) -> Path:
    data: dict[str, Any] = {
        "format": 1,
        "framework": {"id": framework, "version": version},
        "level": level,
        "language": "en",
        "respondent": {"id": respondent, "name": name},
        "started": "2025-03-01T11:00:00+00:00",
        "answers": {k: {"rating": v} for k, v in ratings.items()},
    }
    if completed is not None:
        data["completed"] = completed.isoformat()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def run(mini: Any, *inputs: Path | str, **options: Any) -> Any:
    return collect([str(i) for i in inputs], CollectOptions(framework=mini, **options))


def test_statistics_through_the_pipeline_match_hand_computed_values(
    tmp_path: Path, mini: Any
) -> None:
    # Level basic (target 3, scale 1–4): alpha.one.1, alpha.one.2 and alpha.two.1 form
    # the area "alpha". Four respondents:
    #   r1: 1 2 2 | r2: 2 3 2 | r3: 3 3 4 | r4: 4 4 4
    # item variances 5/3, 2/3, 4/3; totals 5 7 10 12 → variance 29/3
    # alpha = 3/2 · (1 − (11/3)/(29/3)) = 1.5 · 18/29 = 0.931034
    # item–total of alpha.one.1: x = 1 2 3 4, rest = 4 5 7 8 → r = 7/√50 = 0.989949
    # alpha.one means 1.5, 2.5, 3, 4 → mean 2.75, median 2.75, sd √(3.25/3) = 1.040833;
    # meeting target 3 (mean ≥ 3): 2 of 4; just below it (2.5 ≤ mean < 3): 1 of 4
    table = tmp_path / "answers.csv"
    table.write_text(
        "respondent,alpha.one.1,alpha.one.2,alpha.two.1,beta.one.1\n"
        "r1,1,2,2,1\nr2,2,3,2,2\nr3,3,3,4,3\nr4,4,4,4,-\n",
        encoding="utf-8",
    )
    analysis = analyse(run(mini, table, level="basic"), item_stats_min=1)
    area = analysis["areas"][0]
    assert area["reliability"]["alpha"] == pytest.approx(0.931034, abs=1e-6)
    assert area["reliability"]["n"] == 4
    first = area["components"][0]["statements"][0]
    assert first["item_total"] == pytest.approx(0.989949, abs=1e-6)
    assert first["mean"] == pytest.approx(2.5)
    component = area["components"][0]
    assert component["mean"] == pytest.approx(2.75)
    assert component["median"] == pytest.approx(2.75)
    assert (component["q1"], component["q3"]) == (pytest.approx(2.25), pytest.approx(3.25))
    assert component["sd"] == pytest.approx(1.040833, abs=1e-6)
    assert component["meets"] == pytest.approx(0.5)
    assert component["near"] == pytest.approx(0.25)
    assert component["distribution"]["counts"] == {"1": 1, "2": 2, "3": 3, "4": 2}
    beta = analysis["areas"][1]["components"][0]["statements"][0]
    assert beta["cant_say"] == 1 and beta["cant_say_share"] == pytest.approx(0.25)


def test_finnish_excel_csv_semicolons_cp1252_decimal_commas_and_labels(
    tmp_path: Path, mini: Any
) -> None:
    table = tmp_path / "kysely.csv"
    text = (
        "Opiskelija;Nimi;Kampus;alpha.one.1;alpha.one.2;alpha.two.1;beta.one.1;Kommentti\r\n"
        "s1;Väinö Öhman;Kuopio;3,0;Itsenäisesti;En osaa sanoa;2;hyvä\r\n"
        "s2;Åsa Ärlig;Kuopio;4;Ohjaan muita;-;With support;\r\n"
    )
    table.write_bytes(text.encode("cp1252"))
    collection = run(mini, table, level="basic", by=("Kampus",))
    assert [e.respondent for e in collection.entries] == ["s1", "s2"]
    assert collection.entries[0].name == "Väinö Öhman"
    first = analyse(collection)["respondents"][0]
    assert first["components"]["alpha.one"] == pytest.approx(3.0)
    assert first["cant_say"] == 1
    notes = " ".join(d.message for d in collection.notes)
    assert "Windows-1252" in notes and "semicolon" in notes
    assert "'Kommentti'" in notes  # the unrecognised column is named
    assert collection.entries[0].groups == {"Kampus": "Kuopio"}


@pytest.mark.parametrize(
    ("header", "encoding", "sep"),
    [
        ("respondent", "utf-8-sig", ","),
        ("opiskelija", "utf-8", "\t"),
        ("studerande", "utf-8", ";"),
        ("vastaaja", "utf-8-sig", "\t"),
        ("Student", "utf-8", ","),
        ("namn", "utf-8", ","),
    ],
)
def test_delimiter_encoding_and_id_column_are_detected(
    tmp_path: Path, mini: Any, header: str, encoding: str, sep: str
) -> None:
    table = tmp_path / "t.csv"
    rows = [[header, *BASIC_IDS], ["A-1", "3", "3", "2", "4"], ["B-2", "1", "2", "-", "3"]]
    table.write_bytes("\n".join(sep.join(r) for r in rows).encode(encoding))
    collection = run(mini, table, level="basic")
    assert [e.respondent for e in collection.entries] == ["A-1", "B-2"]
    assert not collection.rejected


def test_id_column_can_be_named(tmp_path: Path, mini: Any) -> None:
    table = tmp_path / "t.csv"
    table.write_text("Tunnus,alpha.one.1,alpha.one.2,alpha.two.1\nx9,3,3,3\n", encoding="utf-8")
    collection = run(mini, table, level="basic", id_column="tunnus")
    assert collection.entries[0].respondent == "x9"
    missing = run(mini, table, level="basic", id_column="nope")
    assert missing.rejected[0].code == "no-id-column"


def test_header_may_carry_the_statement_text(tmp_path: Path, mini: Any) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "id,alpha.one.1: I can do one,alpha.one.2 I can explain one,alpha.two.1\nq,4,4,4\n",
        encoding="utf-8",
    )
    collection = run(mini, table, level="basic")
    assert collection.entries[0].answered == 3


def test_bad_rows_are_listed_with_row_and_column_and_others_scored(
    tmp_path: Path, mini: Any
) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "respondent,alpha.one.1,alpha.one.2,alpha.two.1\n"
        "ok,3,3,3\n"
        "bad,7,3,3\n"
        "empty,,,\n"
        "half,3.5,3,3\n"
        "extra,3,3,3,9\n",
        encoding="utf-8",
    )
    collection = run(mini, table, level="basic")
    assert [e.respondent for e in collection.entries] == ["ok"]
    found = {(d.line, d.col, d.code) for d in collection.rejected}
    assert (3, 2, "off-scale") in found
    assert (5, 2, "off-scale") in found
    assert (6, 5, "extra-cells") in found
    assert (4, 1, "no-answers") in found  # a respondent without any answer
    assert collection.rejected_inputs == 4


def test_a_table_without_level_needs_level(tmp_path: Path, mini: Any) -> None:
    table = tmp_path / "t.csv"
    table.write_text("respondent,alpha.one.1\nx,3\n", encoding="utf-8")
    with pytest.raises(CohortError, match="--level is required"):
        run(mini, table)


def test_level_column_gives_each_row_its_level(tmp_path: Path, mini: Any) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "respondent,taso,alpha.one.1,alpha.one.2,alpha.one.3,alpha.two.1\n"
        "x,basic,3,3,,3\ny,advanced,4,4,4,4\n",
        encoding="utf-8",
    )
    with pytest.raises(CohortError, match="different levels"):
        run(mini, table)
    collection = run(mini, table, level="advanced")
    assert [e.respondent for e in collection.entries] == ["y"]
    assert collection.rejected[0].code == "wrong-level" and collection.rejected[0].line == 2


def test_result_files_every_rejection_reason_is_listed(tmp_path: Path, mini: Any) -> None:
    good = {"alpha.one.1": 3, "alpha.one.2": 4, "alpha.two.1": 3, "beta.one.1": 2}
    result(tmp_path / "a.json", "a", good)
    result(tmp_path / "draft.json", "d", good, completed=None)
    result(tmp_path / "level.json", "l", good, level="advanced")
    result(tmp_path / "other.json", "o", good, framework="other")
    result(tmp_path / "major.json", "m", good, version="2.0.0")
    result(tmp_path / "offscale.json", "s", {**good, "beta.one.1": 9})
    (tmp_path / "broken.yaml").write_text("format: 1\nlevel: [basic\n", encoding="utf-8")
    collection = run(mini, tmp_path, level="basic")
    assert [e.respondent for e in collection.entries] == ["a"]
    codes = {Path(d.file).name: d.code for d in collection.rejected}
    assert codes == {
        "draft.json": "draft",
        "level.json": "wrong-level",
        "other.json": "wrong-framework",
        "major.json": "wrong-version",
        "offscale.json": "off-scale",
        "broken.yaml": "yaml-syntax",
    }
    broken = next(d for d in collection.rejected if d.file.endswith("broken.yaml"))
    assert broken.line == 3  # where the flow sequence is found unterminated
    assert collection.rejected_inputs == 6


def test_duplicates_keep_the_latest_completed_result(tmp_path: Path, mini: Any) -> None:
    ratings = {"alpha.one.1": 1, "alpha.one.2": 1, "alpha.two.1": 1}
    early = datetime(2025, 1, 1, tzinfo=UTC)
    result(tmp_path / "z-old.json", "S1", ratings, completed=early + timedelta(days=9))
    result(
        tmp_path / "a-new.json",
        "s1 ",
        {**ratings, "alpha.one.1": 4},
        completed=early + timedelta(days=10),
    )
    collection = run(mini, tmp_path, level="basic")
    assert [Path(e.source).name for e in collection.entries] == ["a-new.json"]
    (rejected,) = collection.rejected
    assert rejected.code == "duplicate" and rejected.file.endswith("z-old.json")
    assert "a-new.json" in rejected.message


def test_strict_stops_at_the_first(tmp_path: Path, mini: Any) -> None:
    result(tmp_path / "a.json", "a", {"alpha.one.1": 3}, completed=None)
    with pytest.raises(StrictStop):
        run(mini, tmp_path, level="basic", strict=True)


def test_globs_and_missing_inputs(tmp_path: Path, mini: Any) -> None:
    result(tmp_path / "one.json", "a", {"alpha.one.1": 3, "alpha.one.2": 3, "alpha.two.1": 3})
    collection = run(mini, str(tmp_path / "*.json"), tmp_path / "missing.yaml", level="basic")
    assert len(collection.entries) == 1
    assert collection.rejected[0].code == "unreadable"


def test_many_files_in_worker_processes_give_the_same_numbers(tmp_path: Path, mini: Any) -> None:
    for number in range(240):
        value = 1 + number % 4
        result(
            tmp_path / f"r{number:03}.json",
            f"r{number}",
            {"alpha.one.1": value, "alpha.one.2": 4 - number % 3, "alpha.two.1": value},
        )
    one = analyse(run(mini, tmp_path, level="basic", jobs=1))
    two = analyse(run(mini, tmp_path, level="basic", jobs=2))
    assert one["overall"] == two["overall"]
    assert one["areas"] == two["areas"]


def test_xlsx_table_is_read(tmp_path: Path, mini: Any) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Studerande", "Namn", *BASIC_IDS])
    sheet.append([1001, "Anna", 3, "Självständigt", 2.0, "Kan inte säga"])
    sheet.append([1002, "Bo", 4, 4, 4, None])
    path = tmp_path / "svar.xlsx"
    workbook.save(path)
    collection = run(mini, path, level="basic")
    assert [e.respondent for e in collection.entries] == ["1001", "1002"]
    assert collection.entries[0].cant_say == 1

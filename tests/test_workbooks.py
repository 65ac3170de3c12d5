"""Spreadsheets as LibreOffice and Excel write them, and files that only look like one:
each refused as that file's problem, with a message naming it, while the other inputs are
scored."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest

from kompetens.cohort.collect import CollectOptions, collect
from kompetens.cohort.workbooks import WorkbookError, read_workbook, sheet_names
from kompetens.model import Framework

_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def _cell(value: Any, repeat: int = 1) -> str:
    columns = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    if value is None:
        return f"<table:table-cell{columns}/>"
    if isinstance(value, bool):
        flag = "true" if value else "false"
        return f'<table:table-cell office:value-type="boolean" office:boolean-value="{flag}"{columns}><text:p>{value}</text:p></table:table-cell>'  # fmt: skip
    if isinstance(value, int | float):
        return f'<table:table-cell office:value-type="float" office:value="{value}"{columns}><text:p>{value}</text:p></table:table-cell>'  # fmt: skip
    return f"<table:table-cell{columns}><text:p>{value}</text:p></table:table-cell>"


def write_ods(path: Path, sheets: dict[str, str]) -> Path:
    """An .ods whose sheets hold the given `table:table-row` elements, as LibreOffice
    stores them (repeated empty cells and rows included by the caller)."""
    tables = "".join(
        f'<table:table table:name="{name}">{rows}</table:table>' for name, rows in sheets.items()
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_NAMESPACES}>'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    return path


def _row(*cells: str, repeat: int = 1) -> str:
    rows = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{rows}>{''.join(cells)}</table:table-row>"


def _answers_sheet() -> str:
    return (
        _row(_cell("Sähköposti"), _cell("Osaan tehdä yhden"), _cell(None, 1000))
        + _row(_cell("a@x.fi"), _cell(3), _cell(None, 1000))
        + _row(_cell(None, 1024), repeat=5)  # empty rows between answers
        + _row(_cell("b@x.fi"), _cell(4))
        + _row(_cell(None, 1024), repeat=1048570)  # LibreOffice: empty to the last row
    )


def _collect(framework: Framework, *inputs: Path, **options: Any) -> Any:
    return collect([str(i) for i in inputs], CollectOptions(framework=framework, level="basic", **options))  # fmt: skip


def test_the_sheet_with_answers_is_found_after_an_instructions_sheet(
    tmp_path: Path, minimal: Framework
) -> None:
    path = write_ods(
        tmp_path / "t.ods",
        {"Ohje": _row(_cell("Täytä yksi rivi opiskelijaa kohden")), "Vastaukset": _answers_sheet()},
    )
    collection = _collect(minimal, path)
    assert [e.respondent for e in collection.entries] == ["a@x.fi", "b@x.fi"]
    assert not collection.rejected
    assert sheet_names(path) == ["Ohje", "Vastaukset"]
    sheet = read_workbook(path, None)
    assert sheet.name == "Ohje"  # without a test of the rows, the first sheet
    chosen = read_workbook(path, "Vastaukset")
    assert len(chosen.rows) == 8  # the empty rows between answers kept, the trailing ones not
    assert chosen.rows[2:7] == [[]] * 5


def test_a_missing_sheet_names_the_sheets_there_are(tmp_path: Path, minimal: Framework) -> None:
    path = write_ods(tmp_path / "t.ods", {"Ohje": _row(_cell("x")), "Vastaukset": _answers_sheet()})
    (missing,) = _collect(minimal, path, sheet="Svar").rejected
    assert missing.file == str(path) and missing.code == "no-sheet"
    assert missing.message == "no sheet named 'Svar' (sheets: Ohje, Vastaukset)"


def test_typed_cells_are_read_as_their_values(tmp_path: Path) -> None:
    date = '<table:table-cell office:value-type="date" office:date-value="2025-05-02T10:30:00"><text:p>2.5.2025</text:p></table:table-cell>'  # fmt: skip
    bad_date = '<table:table-cell office:value-type="date" office:date-value="kevät"><text:p>kevät</text:p></table:table-cell>'  # fmt: skip
    percent = '<table:table-cell office:value-type="percentage" office:value="0.5"><text:p>50 %</text:p></table:table-cell>'  # fmt: skip
    covered = "<table:covered-table-cell><text:p>merged</text:p></table:covered-table-cell>"
    path = write_ods(
        tmp_path / "t.ods",
        {"S": _row(_cell(True), _cell(2.0), _cell(7, repeat=3), date, bad_date, percent, covered)},
    )
    (row,) = read_workbook(path, None).rows
    assert row[:5] == [True, 2, 7, 7, 7]
    assert type(row[1]) is int
    assert str(row[5]) == "2025-05-02 10:30:00"
    assert row[6:] == ["kevät", 0.5, "merged"]


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("renamed.xlsx", lambda path: path.write_text("Sähköposti,Osaan tehdä yhden\n")),
        ("renamed.ods", lambda path: path.write_text("Sähköposti,Osaan tehdä yhden\n")),
        (
            "no-content.ods",
            lambda path: zipfile.ZipFile(path, "w").writestr("mimetype", "x"),
        ),
        ("broken-xml.ods", lambda path: write_ods(path, {"S": "<table:table-row>"})),
        (
            "not-excel.xlsx",
            lambda path: zipfile.ZipFile(path, "w").writestr("word/document.xml", "<w/>"),
        ),
    ],
)
def test_a_file_that_only_looks_like_a_workbook_is_that_files_problem(
    tmp_path: Path, minimal: Framework, name: str, make: Any
) -> None:
    bad = tmp_path / name
    make(bad)
    good = write_ods(tmp_path / "good.ods", {"Vastaukset": _answers_sheet()})
    before = bad.read_bytes()
    collection = _collect(minimal, bad, good)
    assert len(collection.entries) == 2
    (problem,) = collection.rejected
    assert problem.file == str(bad)
    assert problem.message.startswith("not a readable workbook (.xlsx or .ods)")
    assert bad.read_bytes() == before


def test_a_workbook_that_is_not_there_says_so(tmp_path: Path) -> None:
    with pytest.raises(WorkbookError) as raised:
        read_workbook(tmp_path / "gone.ods", None)
    assert raised.value.key == "tables.no_file"

"""Reading the cells of a spreadsheet (.xlsx from Excel and survey tools, .ods from
LibreOffice) safely.

A workbook is a zip of XML files, so a hostile or broken one can be small on disk and huge
when unpacked (a zip bomb), or carry XML entity definitions that expand to gigabytes
("billion laughs") or read files from the computer (external entities). Before anything is
parsed:

* the sizes the zip declares are added up and checked against `MAX_UNPACKED_BYTES`;
* the start of every XML part is checked for a document type declaration (`<!DOCTYPE`,
  `<!ENTITY`): spreadsheets never need one, so a part with one is refused, which stops both
  entity attacks without a separate XML library;

and while reading, at most `MAX_CELLS` cells are taken. Each problem is that file's
problem (a `WorkbookError` with a message key), never a crash of the run.

openpyxl's read-only mode trusts the `<dimension>` a sheet declares, and some tools write a
wrong one (`A1:A1` for a full sheet); the dimension is reset so every row is read.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

MAX_UNPACKED_BYTES = 512 * 1024 * 1024
MAX_CELLS = 20_000_000
_PROLOG_BYTES = 64 * 1024


class WorkbookError(Exception):
    """A workbook that cannot be read: `key` names the catalogue message."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]
    """Cell values; row i is spreadsheet row i + 1."""


def _check_zip(path: Path) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise WorkbookError("tables.no_file") from None
    except (zipfile.BadZipFile, OSError, ValueError):
        raise WorkbookError("tables.not_workbook") from None
    total = sum(info.file_size for info in archive.infolist())
    if total > MAX_UNPACKED_BYTES:
        archive.close()
        raise WorkbookError("tables.too_large_unpacked", size=total, cap=MAX_UNPACKED_BYTES)
    for info in archive.infolist():
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue
        try:
            with archive.open(info) as part:
                safe = _prolog_is_safe(part.read(_PROLOG_BYTES))
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
            archive.close()
            raise WorkbookError("tables.not_workbook") from None
        if not safe:
            archive.close()
            raise WorkbookError("tables.unsafe_xml", part=info.filename)
    return archive


def _prolog_is_safe(head: bytes) -> bool:
    """Whether the XML before the root element holds no document type declaration: only
    the declaration, processing instructions, comments and white space, and the root
    element starts within the bytes given (a prolog padded past them is refused too)."""
    text = head.removeprefix(b"\xef\xbb\xbf")
    if text.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = text.decode("utf-16", errors="replace").encode("utf-8")
    position = 0
    while position < len(text):
        if text[position : position + 1].isspace():
            position += 1
        elif text.startswith(b"<?", position):
            end = text.find(b"?>", position)
            if end < 0:
                return False
            position = end + 2
        elif text.startswith(b"<!--", position):
            end = text.find(b"-->", position)
            if end < 0:
                return False
            position = end + 3
        elif text.startswith(b"<!", position):
            return False  # <!DOCTYPE …>, with or without entities
        else:
            return text.startswith(b"<", position)  # the root element, or not XML
    return len(text) < _PROLOG_BYTES  # an empty part; a longer one whose root is not in sight


def sheet_names(path: Path) -> list[str]:
    """The sheet names of a workbook (after the safety checks)."""
    if path.suffix.lower() == ".ods":
        return [sheet.name for sheet in _ods_sheets(path, None)]
    import openpyxl

    _check_zip(path).close()
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return list(workbook.sheetnames)
    finally:
        workbook.close()


SheetTest = Callable[[list[list[Any]]], bool]
"""Whether a sheet's rows are the table wanted (the reader asks: is there a header?)."""


def read_workbook(path: Path, sheet: str | None, pick: SheetTest | None = None) -> Sheet:
    """The rows of one sheet: the one named `sheet`, else the first for which `pick(rows)`
    is true, else the first."""
    if path.suffix.lower() == ".ods":
        sheets = _ods_sheets(path, sheet)
        return _choose(sheets, sheet, pick)
    return _read_xlsx(path, sheet, pick)


def _choose(sheets: list[Sheet], name: str | None, pick: SheetTest | None) -> Sheet:
    if not sheets:
        raise WorkbookError("tables.empty")
    if name is not None:
        for candidate in sheets:
            if candidate.name == name:
                return candidate
        raise WorkbookError("tables.no_sheet", sheet=name, sheets=", ".join(s.name for s in sheets))
    if pick is not None:
        for candidate in sheets:
            if pick(candidate.rows):
                return candidate
    return sheets[0]


@dataclass
class _Budget:
    """The cells a workbook may still yield: one budget across its sheets, so that many
    sheets cannot add up to more than `MAX_CELLS` either."""

    left: int

    def spend(self, cells: int) -> None:
        self.left -= cells
        if self.left < 0:
            raise WorkbookError("tables.too_many_cells", cap=MAX_CELLS)


def _read_xlsx(path: Path, name: str | None, pick: SheetTest | None) -> Sheet:
    """Like `_choose`, but a sheet at a time: the sheets after the one taken are never
    read (openpyxl streams them in read-only mode)."""
    try:
        import openpyxl
    except ImportError:  # a normal dependency; only a broken installation lacks it
        raise WorkbookError("tables.needs_openpyxl") from None
    _check_zip(path).close()
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken or foreign file
        raise WorkbookError("tables.not_workbook") from None
    try:
        names = list(workbook.sheetnames)
        if name is not None and name not in names:
            raise WorkbookError("tables.no_sheet", sheet=name, sheets=", ".join(names))
        chosen: Sheet | None = None
        budget = _Budget(MAX_CELLS)
        for sheet_name in [name] if name is not None else names:
            sheet = Sheet(str(sheet_name), _xlsx_rows(workbook[sheet_name], budget))
            if chosen is None:
                chosen = sheet
            if name is not None or pick is None or pick(sheet.rows):
                return sheet
        if chosen is None:
            raise WorkbookError("tables.empty")
        return chosen
    finally:
        workbook.close()


def _xlsx_rows(worksheet: Any, budget: _Budget) -> list[list[Any]]:
    """The rows of one worksheet, read whole whatever `<dimension>` it declares."""
    reset = getattr(worksheet, "reset_dimensions", None)
    if reset is not None:
        reset()  # a wrong <dimension> must not cut the sheet short
    try:
        return list(_capped(worksheet.iter_rows(values_only=True), budget))
    except WorkbookError:
        raise
    except Exception:  # openpyxl raises many kinds for a broken sheet
        raise WorkbookError("tables.not_workbook") from None


def _capped(rows: Iterator[tuple[Any, ...]], budget: _Budget) -> Iterator[list[Any]]:
    """Rows without their trailing empty cells, every cell counted against the budget."""
    for row in rows:
        budget.spend(len(row))
        cells = list(row)
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()
        yield cells


_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
MAX_REPEAT = 10_000
"""A repeated non-empty cell or row is expanded at most this often (LibreOffice repeats
empty cells to the end of the sheet; those are never expanded)."""


def _ods_value(cell: Any) -> Any:
    kind = cell.get(f"{{{_OFFICE}}}value-type")
    if kind in ("float", "percentage", "currency"):
        raw = cell.get(f"{{{_OFFICE}}}value")
        try:
            number = float(raw)
        except (TypeError, ValueError):
            number = None
        if number is not None:
            return int(number) if number.is_integer() else number
    if kind == "date":
        raw = cell.get(f"{{{_OFFICE}}}date-value") or ""
        try:
            return datetime.fromisoformat(raw)
        except ValueError:
            pass
    if kind == "boolean":
        return cell.get(f"{{{_OFFICE}}}boolean-value") == "true"
    paragraphs = [_ods_text(p) for p in cell.iter(f"{{{_TEXT}}}p")]
    text = "\n".join(paragraphs)
    return text if text else None


def _ods_text(element: Any) -> str:
    """The text of a paragraph: `text:s` is spaces, `text:tab` and `text:line-break` a
    break between words (ElementTree's itertext would drop them)."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{{{_TEXT}}}s":
            parts.append(" " * int(child.get(f"{{{_TEXT}}}c") or 1))
        elif child.tag in (f"{{{_TEXT}}}tab", f"{{{_TEXT}}}line-break"):
            parts.append(" ")
        else:
            parts.append(_ods_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _ods_sheets(path: Path, only: str | None) -> list[Sheet]:
    """Every sheet of an OpenDocument spreadsheet, read as a stream (`content.xml` can be
    large); sheets other than `only` keep their name but not their rows."""
    import xml.etree.ElementTree as ElementTree

    archive = _check_zip(path)
    try:
        try:
            source = archive.open("content.xml")
        except KeyError:
            raise WorkbookError("tables.not_workbook") from None
        sheets: list[Sheet] = []
        budget = _Budget(MAX_CELLS)
        with source:
            try:
                for _, element in ElementTree.iterparse(source, events=("end",)):
                    if element.tag != f"{{{_TABLE}}}table":
                        continue
                    name = element.get(f"{{{_TABLE}}}name") or f"Sheet{len(sheets) + 1}"
                    wanted = only is None or name == only
                    sheets.append(Sheet(name, _ods_rows(element, budget) if wanted else []))
                    element.clear()
            except ElementTree.ParseError:
                raise WorkbookError("tables.not_workbook") from None
        if only is not None and not any(s.name == only for s in sheets):
            raise WorkbookError(
                "tables.no_sheet", sheet=only, sheets=", ".join(s.name for s in sheets)
            )
        return sheets
    finally:
        archive.close()


def _ods_rows(table: Any, budget: _Budget) -> list[list[Any]]:
    """The rows of one `table:table`. Empty rows repeated to the end of the sheet are
    kept only when a filled row follows them; a repeated filled row is expanded at most
    `MAX_REPEAT` times."""
    rows: list[list[Any]] = []
    pending_rows = 0
    for row in table.iter(f"{{{_TABLE}}}table-row"):
        cells = _ods_cells(row)
        repeat_rows = int(row.get(f"{{{_TABLE}}}number-rows-repeated") or 1)
        if not cells:
            pending_rows += repeat_rows
            continue
        rows.extend([] for _ in range(pending_rows))
        pending_rows = 0
        for _ in range(min(repeat_rows, MAX_REPEAT)):
            budget.spend(len(cells))
            rows.append(list(cells))
    return rows


_CELL_TAGS = (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell")


def _ods_cells(row: Any) -> list[Any]:
    """The values of one `table:table-row`, without its trailing empty cells (LibreOffice
    repeats an empty cell to the last column: never expanded)."""
    cells: list[Any] = []
    pending = 0
    for cell in row:
        if cell.tag not in _CELL_TAGS:
            continue
        repeat = int(cell.get(f"{{{_TABLE}}}number-columns-repeated") or 1)
        value = _ods_value(cell)
        if value is None:
            pending += repeat
            continue
        cells.extend([None] * pending)
        pending = 0
        cells.extend([value] * min(repeat, MAX_REPEAT))
    return cells

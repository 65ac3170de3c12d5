"""Reading a table file: text tables (encoding, delimiter, header, rows, and pieces of the
text that worker processes read on their own) and workbooks; `read_raw` for drafting a
column map."""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from kompetens.cohort.decoding import (
    decode_table,
    looks_utf16,
)
from kompetens.cohort.headers import (
    header_score,
)
from kompetens.cohort.layout import (
    find_header,
    plan_layout,
)
from kompetens.cohort.quotedcells import quotes_wrap_cells
from kompetens.cohort.records import (
    note,
    rejection,
)
from kompetens.cohort.tabletypes import (
    DELIMITER_KEYS,
    DELIMITERS,
    HEADER_SEARCH_ROWS,
    MAX_TABLE_BYTES,
    WORKBOOK_SUFFIXES,
    ReadContext,
    Table,
)
from kompetens.framework.diagnostics import Diagnostic
from kompetens.text.i18n import Messages


def _has_lines(text: str, start: int, count: int) -> bool:
    """Whether `text` has at least `count` line feeds from `start`: counted in a window
    that usually holds them, and in all of it only when that one does not."""
    window = start + 1000 * max(count, 1)
    return text.count("\n", start, window) >= count or text.count("\n", start) >= count


def _simple_text(text: str, delimiter: str) -> bool:
    """Whether every line of the text is one row: no NUL, no carriage return but before a
    line feed, and no quotes but around whole cells on one line (`quotes_wrap_cells`:
    survey tools that quote every cell). Then any run of lines can be read on its own."""
    if "\x00" in text:
        return False
    if "\r" in text and _LONE_CARRIAGE_RETURN.search(text) is not None:
        return False
    return '"' not in text or quotes_wrap_cells(text, delimiter)


_LONE_CARRIAGE_RETURN = re.compile("\r(?!\n)")
"""A carriage return that does not end a line: one pass of a regex, where counting
"\\r\\n" (a two-character search) took twice as long as the regex at a million rows."""


class TextPart(NamedTuple):
    """A piece of a table's text that a worker reads on its own."""

    start: int
    end: int
    first_line: int
    lines: int


SAMPLE_CHARS = 1 << 20


def text_parts(table: Table, lines: int) -> list[TextPart]:
    """Pieces of the rows of a table read with `unparsed_from`, about `lines` lines each."""
    text, body = table.text, table.body
    # The average line's length from the first megabyte: each piece is cut at a line end
    # and its lines counted exactly, so an estimate is enough to size them.
    sample = text[body : body + SAMPLE_CHARS]
    sampled = sample.count("\n") + (0 if sample.endswith("\n") else 1)
    step = max(1, len(sample) * lines // max(sampled, 1))
    parts: list[TextPart] = []
    start, line = body, 2
    while start < len(text):
        end = text.find("\n", min(start + step, len(text)) - 1)
        end = len(text) if end == -1 else end + 1
        count = text.count("\n", start, end) + (0 if text[end - 1] == "\n" else 1)
        parts.append(TextPart(start, end, line, count))
        start, line = end, line + count
    return parts


def read_part(text: str, first_line: int, delimiter: str) -> list[tuple[int, list[str]]]:
    """The rows of a piece of a simple text (`_simple_text`: every line one row) with
    their lines, blank rows left out. A piece without quotes or a blank line (the usual
    case) is split at its line ends and delimiters, which is what the csv module makes of
    a text without quotes, and its line numbers are counted rather than asked row by
    row; any other piece is read by the csv module."""
    if '"' not in text and not has_blank_line(text, delimiter):
        plain = text.replace("\r\n", "\n")
        plain = plain[:-1] if plain.endswith("\n") else plain
        lines = plain.split("\n") if plain else []
        if max(map(len, lines), default=0) < csv.field_size_limit():
            rows = [line.split(delimiter) for line in lines]
        else:  # a field the csv module would refuse: let it say so
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        return list(zip(range(first_line, first_line + len(rows)), rows, strict=True))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    shift = first_line - 1
    # "".join(cells).strip(): some cell is not blank (as in read_table)
    return [(shift + reader.line_num, cells) for cells in reader if "".join(cells).strip()]


def has_blank_line(text: str, delimiter: str) -> bool:
    """Whether a piece of text (whole lines) has a line of nothing but spaces and
    delimiters, which `read_part` leaves out."""
    body = text[:-1] if text.endswith("\n") else text
    return _blank_line(delimiter).search(body) is not None


@functools.cache
def _blank_line(delimiter: str) -> re.Pattern[str]:
    """A line of nothing but spaces and delimiters (which `read_part` leaves out)."""
    return re.compile(r"(?m)^(?:[^\S\n]|" + re.escape(delimiter) + r")*$")


def _head_rows(text: str, delimiter: str, count: int) -> list[list[str]]:
    return [cells for _, cells in _numbered_head(text, delimiter, count)]


def _numbered_head(text: str, delimiter: str, count: int) -> list[tuple[int, list[str]]]:
    """The first `count` rows with the line each starts on (a quoted cell may span
    lines). Read from the start of the text when that holds them all (a reader over the
    whole text of a large table would first copy all of it)."""
    if len(text) > HEAD_CHARS:
        rows = _rows_from(text[:HEAD_CHARS], delimiter, count + 1)
        if len(rows) > count:  # the row cut at the end of the piece is not among them
            return rows[:count]
    return _rows_from(text, delimiter, count)


HEAD_CHARS = 200_000
"""How much of a table's text the header and delimiter are looked for in, at first."""


def _rows_from(text: str, delimiter: str, count: int) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
            if len(rows) >= count:
                break
    except csv.Error:
        pass
    return rows


def sniff_delimiter(text: str, context: ReadContext) -> str:
    head = text[:HEAD_CHARS]

    def rank(delimiter: str) -> tuple[int, int]:
        rows = _head_rows(head, delimiter, HEADER_SEARCH_ROWS)
        if context.options.header_row is not None:
            index = context.options.header_row - 1
            row = rows[index] if index < len(rows) else []
            return header_score(row, context.index), len(row)
        best = max((header_score(row, context.index) for row in rows), default=0)
        return best, len(rows[0]) if rows else 0

    return max(DELIMITERS, key=rank)


def read_table(
    path: Path, context: ReadContext, *, unparsed_from: int | None = None
) -> Table | list[Diagnostic]:
    """Read a whole table; its rows are scored by `score_rows` (here or in workers).

    With `unparsed_from`, a CSV table of at least that many lines, whose header is its
    first line and in which every line is one row, is returned unparsed (`Table.text`):
    workers read its pieces (`text_parts`).
    """
    file = str(path)
    msg = context.messages
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return _read_workbook(path, context)
    raw = _table_bytes(path, msg)
    if isinstance(raw, list):
        return raw
    text, encoding, cp1252_lines = decode_table(raw)
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")  # old Mac line ends
    if not text.strip():
        return [rejection(file, 1, 1, "empty", msg("tables.empty"))]
    delimiter = sniff_delimiter(text, context)
    numbered = _numbered_head(text, delimiter, HEADER_SEARCH_ROWS + 1)
    header_index, header, header_rows = find_header([cells for _, cells in numbered], context)
    header_line = numbered[header_index][0] if header_index < len(numbered) else 1
    layout, notes, problems = plan_layout(file, header, context, header_line)
    if layout is None:
        return notes
    described = msg(
        "tables.format_text",
        encoding=encoding,
        delimiter=msg(f"tables.delimiter_{DELIMITER_KEYS[delimiter]}"),
    )
    front = [note(file, header_line, 1, "table-format", described)]
    if header_line != 1 or header_rows == 2:
        front.append(_header_note(file, header_line, header_rows, msg))
    if cp1252_lines:
        rows_named = _row_list(cp1252_lines)
        front.append(
            note(
                file,
                cp1252_lines[0],
                1,
                "mixed-encoding",
                msg("tables.mixed_encoding", rows=rows_named),
            )
        )
    notes[:0] = front
    body = text.find("\n") + 1
    if (
        unparsed_from is not None
        and header_line == 1
        and header_rows == 1
        and body
        and _has_lines(text, body, unparsed_from)
        and _simple_text(text, delimiter)
    ):
        return Table(
            layout, [], notes, encoding, delimiter, text=text, body=body, problems=problems
        )
    rows = _parsed_rows(file, text, delimiter, header_index)
    if isinstance(rows, Diagnostic):
        return [rows]
    return Table(layout, rows, notes, encoding, delimiter, problems=problems)


def _table_bytes(path: Path, msg: Messages) -> bytes | list[Diagnostic]:
    """The bytes of a text table, or why they cannot be read as one (missing, too large,
    a zip archive such as a workbook with the wrong suffix, binary)."""
    file = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_TABLE_BYTES:
            return [rejection(file, 0, 0, "too-large", msg("tables.too_large", size=size))]
        raw = path.read_bytes()
    except FileNotFoundError:
        return [rejection(file, 0, 0, "unreadable", msg("tables.no_file"))]
    except OSError as exc:
        return [rejection(file, 0, 0, "unreadable", exc.strerror or str(exc))]
    if raw.startswith(b"PK\x03\x04"):
        return [rejection(file, 1, 1, "not-a-table", msg("tables.zip_not_text"))]
    if (
        b"\x00" in raw[:4096]
        and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        and looks_utf16(raw) is None
    ):
        return [rejection(file, 1, 1, "not-a-table", msg("tables.binary"))]
    return raw


def _parsed_rows(
    file: str, text: str, delimiter: str, header_index: int
) -> list[tuple[int, list[Any]]] | Diagnostic:
    """(line, cells) of every row below the header that is not blank; or the CSV syntax
    error and where it is."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[Any]]] = []
    try:
        for index, cells in enumerate(reader):
            if index <= header_index:
                continue
            if any(cell.strip() for cell in cells):
                rows.append((reader.line_num, cells))
    except csv.Error as exc:
        return rejection(file, reader.line_num, 1, "csv-syntax", str(exc))
    return rows


@dataclass
class RawTable:
    """The cells of a table as read, before its columns are planned (for drafting a column
    map)."""

    rows: list[tuple[int, list[Any]]]
    """(line, cells) of every row after the header."""
    header: list[str]
    header_line: int
    described: str


def read_raw(path: Path, context: ReadContext) -> RawTable | list[Diagnostic]:
    """Header and rows of a table, whatever its columns are."""
    file = str(path)
    msg = context.messages
    grid: list[list[Any]]
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        from kompetens.cohort.workbooks import WorkbookError, read_workbook

        try:
            sheet = read_workbook(path, context.options.sheet)
        except WorkbookError as exc:
            return [rejection(file, 0, 0, "unreadable", msg(exc.key, **exc.values))]
        except Exception:
            return [rejection(file, 0, 0, "unreadable", msg("tables.not_workbook"))]
        grid = sheet.rows
        described = msg("tables.format_sheet", sheet=sheet.name)
        numbered = list(enumerate(grid, start=1))
    else:
        try:
            raw = path.read_bytes()
        except OSError:
            return [rejection(file, 0, 0, "unreadable", msg("tables.no_file"))]
        text, encoding, _ = decode_table(raw)
        if "\r" in text and "\n" not in text:
            text = text.replace("\r", "\n")
        delimiter = sniff_delimiter(text, context)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            numbered = [(reader.line_num, cells) for cells in reader]
        except csv.Error as exc:
            return [rejection(file, reader.line_num, 1, "csv-syntax", str(exc))]
        grid = [cells for _, cells in numbered]
        described = msg(
            "tables.format_text",
            encoding=encoding,
            delimiter=msg(f"tables.delimiter_{DELIMITER_KEYS[delimiter]}"),
        )
    if not grid:
        return [rejection(file, 1, 1, "empty", msg("tables.empty"))]
    index, header, _ = find_header(grid, context)
    rows = [
        (line, list(cells))
        for line, cells in numbered[index + 1 :]
        if any(c is not None and str(c).strip() for c in cells)
    ]
    return RawTable(rows, header, numbered[index][0] if index < len(numbered) else 1, described)


def _header_note(file: str, line: int, rows: int, msg: Messages) -> Diagnostic:
    key = "tables.header_two_rows" if rows == 2 else "tables.header_row"
    return note(file, line, 1, "header-row", msg(key, row=line, upper=line - 1))


def _row_list(lines: Sequence[int], limit: int = 10) -> str:
    shown = ", ".join(str(n) for n in lines[:limit])
    return shown + (f", … ({len(lines)})" if len(lines) > limit else "")


def _read_workbook(path: Path, context: ReadContext) -> Table | list[Diagnostic]:
    from kompetens.cohort.workbooks import WorkbookError, read_workbook

    file = str(path)
    msg = context.messages
    try:
        sheet = read_workbook(
            path,
            context.options.sheet,
            pick=lambda rows: any(
                header_score(row, context.index) > 0 for row in rows[:HEADER_SEARCH_ROWS]
            ),
        )
    except WorkbookError as exc:
        code = "unreadable" if exc.key != "tables.no_sheet" else "no-sheet"
        return [rejection(file, 0, 0, code, msg(exc.key, **exc.values))]
    except Exception as exc:  # a workbook that openpyxl cannot read in some other way
        return [rejection(file, 0, 0, "unreadable", msg("tables.not_workbook") + f" ({exc})")]
    if not sheet.rows:
        return [rejection(file, 1, 1, "empty", msg("tables.empty_sheet", sheet=sheet.name))]
    header_index, header, header_rows = find_header(sheet.rows, context)
    header_line = header_index + 1
    layout, notes, problems = plan_layout(file, header, context, header_line)
    if layout is None:
        return notes
    front = [
        note(file, header_line, 1, "table-format", msg("tables.format_sheet", sheet=sheet.name))
    ]
    if header_line != 1 or header_rows == 2:
        front.append(_header_note(file, header_line, header_rows, msg))
    notes[:0] = front
    rows = [
        (number, cells)
        for number, cells in enumerate(sheet.rows[header_index + 1 :], start=header_line + 1)
        if any(cell is not None and str(cell).strip() for cell in cells)
    ]
    return Table(layout, rows, notes, "xlsx", "", problems=problems)

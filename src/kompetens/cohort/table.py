"""Wide tables: one row per respondent, one column per statement (CSV, TSV, Excel's
"Unicode text" .txt, XLSX, ODS), as survey tools export them.

Real exports are messy, so the reader works out for itself what it was given:

* Encoding: a byte-order mark (UTF-8, UTF-16) wins; UTF-16 without one is recognised by its
  zero bytes; otherwise UTF-8 when the bytes are valid UTF-8, else Windows-1252 (what a
  Finnish or Swedish Excel writes as "CSV"). A UTF-8 table in which a few rows are
  Windows-1252 (rows pasted in from elsewhere) is read row by row, and the rows are named.
* Delimiter: of `;`, `,`, tab and `|`, the one that splits the header into the most
  recognised columns, then into the most columns.
* Header: the row among the first 30 that looks most like a header (statement columns,
  respondent and time columns); or `--header-row N`. A row above it that holds titles over
  merged cells (a question above its statements) is read with it.
* Columns: statements by id or text (`headers`), or by a `--columns` map; respondent, name,
  level, time and group columns by name. Every other column is reported as not recognised.
* Cells: see `cells`.
* Rows: total and average rows are skipped with one note; a row without a completion time
  where the table has one is an unfinished response (a draft): counted and listed, not
  scored; an unreadable time is a warning on that row, and its answers are scored.

What one run needs to read tables — framework, level, statement index, cell reader, column
map, options — travels in a `ReadContext` to worker processes; rows come back as named
`RowScore` tuples.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple, cast

from kompetens.assessment.scoring import ScoringPlan
from kompetens.cohort.cells import EMPTY, CellReader
from kompetens.cohort.columnmap import ColumnMap
from kompetens.cohort.files import FOLDER_GROUPS
from kompetens.cohort.headers import (
    TOTAL_WORDS,
    StatementIndex,
    all_statements,
    find_roles,
    header_score,
    is_total_label,
    match_header,
    normalise,
)
from kompetens.cohort.records import (
    CANT_SAY,
    UNANSWERED,
    Entry,
    encode,
    note,
    rejection,
    score_vector,
)
from kompetens.framework.diagnostics import Diagnostic
from kompetens.model import Framework
from kompetens.text.i18n import Messages

WORKBOOK_SUFFIXES = (".xlsx", ".ods")
MAX_TABLE_BYTES = 1024 * 1024 * 1024
"""A table may be large (100,000 rows are ~10 MB); the cap only stops a mistake."""
HEADER_SEARCH_ROWS = 30

DELIMITERS = (";", ",", "\t", "|")
_DELIMITER_KEYS = {";": "semicolon", ",": "comma", "\t": "tab", "|": "bar"}


@dataclass(frozen=True)
class TableOptions:
    """What the person said about the tables (command-line options)."""

    level: str | None = None
    id_column: str | None = None
    by: tuple[str, ...] = ()
    cant_say: tuple[str, ...] = ()
    column_map: ColumnMap | None = None
    header_row: int | None = None
    sheet: str | None = None
    language: str = "en"


@dataclass(frozen=True)
class ReadContext:
    """Everything one run needs to read and score table rows; built once per run and
    handed to worker processes (no module-level caches)."""

    framework: Framework
    options: TableOptions
    index: StatementIndex
    cells: CellReader
    levels_of: dict[str, frozenset[str]]
    """Statement id → the levels it belongs to."""
    plans: dict[str, ScoringPlan] = field(default_factory=dict, compare=False)
    """Scoring plans by level, made when first needed (in each process)."""

    def plan(self, level: str) -> ScoringPlan:
        found = self.plans.get(level)
        if found is None:
            found = self.plans[level] = ScoringPlan.build(self.framework, level)
        return found

    @classmethod
    def build(cls, framework: Framework, options: TableOptions | None = None) -> ReadContext:
        options = options or TableOptions()
        return cls(
            framework=framework,
            options=options,
            index=StatementIndex.build(framework),
            cells=CellReader.build(
                framework,
                options.cant_say,
                options.column_map.values if options.column_map else None,
            ),
            levels_of={s.id: frozenset(s.levels) for s in all_statements(framework)},
        )

    @cached_property
    def messages(self) -> Messages:
        return Messages(self.options.language)


@dataclass(frozen=True, slots=True)
class Layout:
    """What each column of a table means; picklable, so worker processes can use it."""

    file: str
    header: tuple[str, ...]
    statements: tuple[tuple[int, str], ...]
    id_column: int | None = None
    name_column: int | None = None
    level_column: int | None = None
    completed_column: int | None = None
    groups: tuple[tuple[str, int | None], ...] = ()
    level: str | None = None
    folder: str = ""
    header_line: int = 1
    label_columns: tuple[int, ...] = ()
    fallback_id_column: int | None = None
    """A response id, used when the respondent cell is empty or a placeholder such as
    Forms' `anonymous`."""
    """Columns that may hold "Keskiarvo"/"Average" in a total row."""


class RowScore(NamedTuple):
    """A scored row in compact form (cheap to send between processes)."""

    line: int
    respondent: str | None
    name: str | None
    level: str
    groups: tuple[str | None, ...]
    codes: bytes
    means: tuple[float | None, ...]
    answered: int
    cant_say: int
    completed: float | None
    warnings: tuple[Diagnostic, ...] = ()


RowOutput = RowScore | list[Diagnostic]
"""A scored row, or every problem in it (only warnings: a draft or a total row, not
scored and not rejected)."""


@dataclass
class Table:
    layout: Layout
    rows: list[tuple[int, list[Any]]]
    notes: list[Diagnostic] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    text: str = ""
    """The whole text, when its rows are left for workers to split (`text_parts`)."""
    body: int = 0
    """Where the rows start in `text`."""
    problems: list[Diagnostic] = field(default_factory=list)
    """Errors about the table as a whole that still let its rows be scored (a header that
    matches two statements, two columns for one statement)."""


# --- decoding ----------------------------------------------------------------------------


def _looks_utf16(raw: bytes) -> str | None:
    head = raw[:2000]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > len(odd) * 0.4 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.4 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    return None


def decode_table(raw: bytes) -> tuple[str, str, list[int]]:
    """The text, the name of its encoding, and the lines (1-based) read as Windows-1252 in
    an otherwise UTF-8 table."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", errors="replace"), "UTF-8 (BOM)", []
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace"), "UTF-16", []
    utf16 = _looks_utf16(raw)
    if utf16 is not None:
        return raw.decode(utf16, errors="replace"), "UTF-16", []
    try:
        return raw.decode("utf-8"), "UTF-8", []
    except UnicodeDecodeError:
        pass
    lines = raw.split(b"\n")
    utf8_lines = 0
    for line in lines:
        if max(line, default=0) < 0x80:
            continue
        try:
            line.decode("utf-8")
            utf8_lines += 1
        except UnicodeDecodeError:
            pass
    if utf8_lines:
        parts: list[str] = []
        other: list[int] = []
        for number, line in enumerate(lines, start=1):
            try:
                parts.append(line.decode("utf-8"))
            except UnicodeDecodeError:
                parts.append(line.decode("cp1252", errors="replace"))
                other.append(number)
        return "\n".join(parts), "UTF-8", other
    try:
        return raw.decode("cp1252"), "Windows-1252", []
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "Latin-1", []


# --- header --------------------------------------------------------------------------------


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\ufeff", "").strip()


def find_header(rows: Sequence[Sequence[Any]], context: ReadContext) -> tuple[int, list[str], int]:
    """Index of the header row, the header texts (merged with a title row above), and how
    many header rows there are (1 or 2)."""
    given = context.options.header_row
    if given is not None:
        index = given - 1
        if index >= len(rows):
            return index, [], 1
    else:
        scores = [header_score(row, context.index) for row in rows[:HEADER_SEARCH_ROWS]]
        best = max(scores, default=0)
        index = scores.index(best) if best > 0 else 0
    lower = [_header_text(c) for c in rows[index]] if index < len(rows) else []
    if index > 0:
        upper = [_header_text(c) for c in rows[index - 1]]
        numbers = any(
            isinstance(c, int | float) and not isinstance(c, bool) for c in rows[index - 1]
        )
        fills = [i for i, text in enumerate(upper) if text and (i >= len(lower) or not lower[i])]
        if fills and not numbers and any(upper):
            width = max(len(upper), len(lower))
            merged = [
                (lower[i] if i < len(lower) and lower[i] else (upper[i] if i < len(upper) else ""))
                for i in range(width)
            ]
            return index, merged, 2
    return index, lower, 1


def plan_layout(
    file: str, header: Sequence[Any], context: ReadContext, header_line: int = 1
) -> tuple[Layout | None, list[Diagnostic], list[Diagnostic]]:
    """What the columns mean; notes; and errors about the table that do not stop it."""
    msg = context.messages
    framework = context.framework
    options = context.options
    headers = [_header_text(h) for h in header]
    column_map = options.column_map
    matched: dict[int, str] = {}
    first_column: dict[str, int] = {}
    twice: dict[str, list[int]] = {}
    notes: list[Diagnostic] = []
    problems: list[Diagnostic] = []
    ambiguous: set[int] = set()
    for index, text in enumerate(headers):
        mapped = column_map.statement_for(text) if column_map else None
        if mapped is not None:
            statements: tuple[str, ...] = (mapped,)
        else:
            found = match_header(text, context.index)
            if found is None:
                continue
            statements = found.statements
            if len(statements) > 1:
                ambiguous.add(index)
                problems.append(
                    rejection(
                        file,
                        header_line,
                        index + 1,
                        "ambiguous-column",
                        msg(
                            "tables.one_header_two_statements",
                            column=index + 1,
                            header=_short(text),
                            statements=", ".join(statements),
                        ),
                    )
                )
                continue
            if found.how == "near":
                notes.append(
                    note(
                        file,
                        header_line,
                        index + 1,
                        "near-match",
                        msg(
                            "tables.near_match",
                            header=_short(text),
                            statement=statements[0],
                            percent=round(found.similarity * 100),
                        ),
                    )
                )
        statement_id = statements[0]
        if statement_id in first_column:
            twice.setdefault(statement_id, [first_column[statement_id]]).append(index)
            continue
        first_column[statement_id] = index
        matched[index] = statement_id
    for statement_id, columns in twice.items():
        for column in columns:
            matched.pop(column, None)
        problems.append(
            rejection(
                file,
                header_line,
                columns[1] + 1,
                "duplicate-column",
                msg(
                    "tables.two_columns_one_statement",
                    statement=statement_id,
                    columns=", ".join(f"{c + 1} ('{_short(headers[c])}')" for c in columns),
                ),
            )
        )
    if column_map is not None:
        present = {" ".join(h.split()).casefold() for h in headers}
        unused = [key for key in column_map.columns if key not in present]
        if unused:
            notes.append(
                note(
                    column_map.file,
                    column_map.columns[unused[0]][1],
                    1,
                    "map-unused",
                    msg(
                        "tables.map_unused",
                        file=file,
                        headers=", ".join(f"'{column_map.headers.get(h, h)}'" for h in unused[:8]),
                    ),
                )
            )
    statement_columns = set(matched) | {c for cs in twice.values() for c in cs} | ambiguous
    statements_in_order = tuple(sorted(matched.items()))
    if not statements_in_order:
        level_hint = options.level or framework.level_ids[0]
        return (
            None,
            [
                rejection(
                    file,
                    header_line,
                    1,
                    "no-statements",
                    msg(
                        "tables.no_statements",
                        framework=framework.id,
                        file=file,
                        level=level_hint,
                        row=header_line,
                    ),
                ),
                *problems,
            ],
            [],
        )
    roles = find_roles(headers, skip=statement_columns)
    if options.id_column is not None:
        wanted = normalise(options.id_column)
        id_index = next(
            (
                i
                for i, h in enumerate(headers)
                if normalise(h) == wanted and i not in statement_columns
            ),
            None,
        )
        if id_index is None:
            return (
                None,
                [
                    rejection(
                        file,
                        header_line,
                        1,
                        "no-id-column",
                        msg(
                            "tables.no_id_column",
                            column=options.id_column,
                            columns=_column_list(headers),
                        ),
                    )
                ],
                [],
            )
        name_index = roles.name
    else:
        id_index = next(
            (
                i
                for i in (
                    roles.email,
                    roles.username,
                    roles.respondent,
                    roles.name,
                    roles.response_id,
                )
                if i is not None
            ),
            None,
        )
        name_index = roles.name
    groups: list[tuple[str, int | None]] = []
    for group in options.by:
        wanted_group = normalise(group)
        groups.append(
            (group, next((i for i, h in enumerate(headers) if normalise(h) == wanted_group), None))
        )
    used = statement_columns | roles.used
    used |= {i for i in (id_index, name_index) if i is not None}
    used |= {i for _, i in groups if i is not None}
    unknown = [(index, text) for index, text in enumerate(headers) if index not in used]
    if unknown:
        names = ", ".join(
            f"'{_short(text)}'" if text.strip() else msg("tables.unnamed_column", column=index + 1)
            for index, text in unknown
        )
        notes.append(
            note(
                file,
                header_line,
                unknown[0][0] + 1,
                "unrecognised-column",
                msg("tables.unrecognised", count=len(unknown), names=names),
            )
        )
    if id_index is None:
        notes.append(
            note(file, header_line, 1, "no-respondent-column", msg("tables.no_respondent"))
        )
    if options.level is None and roles.level is None:
        return (
            None,
            [
                rejection(
                    file,
                    header_line,
                    1,
                    "no-level",
                    msg("tables.no_level", levels=", ".join(framework.level_ids)),
                ),
                *notes,
            ],
            [],
        )
    first_statement = min(matched)
    label_columns = tuple(
        i for i in range(min(first_statement, 4)) if i not in statement_columns
    ) or ((id_index,) if id_index is not None else ())
    layout = Layout(
        file=file,
        header=tuple(headers),
        statements=statements_in_order,
        id_column=id_index,
        fallback_id_column=roles.response_id if roles.response_id != id_index else None,
        name_column=name_index,
        level_column=roles.level,
        completed_column=roles.completed,
        groups=tuple(groups),
        level=options.level,
        folder=Path(file).parent.name,
        header_line=header_line,
        label_columns=label_columns,
    )
    return layout, notes, problems


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _column_list(headers: Sequence[str], limit: int = 8) -> str:
    shown = [_short(h, 30) for h in headers if h.strip()][:limit]
    more = len([h for h in headers if h.strip()]) - len(shown)
    return ", ".join(shown) + (f", … ({more})" if more > 0 else "")


# --- text tables ---------------------------------------------------------------------------


def _simple_text(text: str) -> bool:
    """Whether every line of the text is one row: no quotes (so no line break within a
    cell), no NUL, and no carriage return but before a line feed. Then any run of lines can
    be read on its own."""
    return '"' not in text and "\x00" not in text and text.count("\r") == text.count("\r\n")


class TextPart(NamedTuple):
    """A piece of a table's text that a worker reads on its own."""

    start: int
    end: int
    first_line: int
    lines: int


def text_parts(table: Table, lines: int) -> list[TextPart]:
    """Pieces of the rows of a table read with `unparsed_from`, about `lines` lines each."""
    text, body = table.text, table.body
    total = text.count("\n", body) + (0 if text.endswith("\n") else 1)
    step = max(1, (len(text) - body) * lines // max(total, 1))
    parts: list[TextPart] = []
    start, line = body, 2
    while start < len(text):
        end = text.find("\n", min(start + step, len(text)) - 1)
        end = len(text) if end == -1 else end + 1
        count = text.count("\n", start, end) + (0 if text[end - 1] == "\n" else 1)
        parts.append(TextPart(start, end, line, count))
        start, line = end, line + count
    return parts


def _read_part(text: str, first_line: int, delimiter: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    shift = first_line - 1
    # "".join(cells).strip(): some cell is not blank (as in read_table)
    return [(shift + reader.line_num, cells) for cells in reader if "".join(cells).strip()]


def _head_rows(text: str, delimiter: str, count: int) -> list[list[str]]:
    return [cells for _, cells in _numbered_head(text, delimiter, count)]


def _numbered_head(text: str, delimiter: str, count: int) -> list[tuple[int, list[str]]]:
    """The first `count` rows with the line each starts on (a quoted cell may span
    lines)."""
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
    head = text[:200_000]

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
        and _looks_utf16(raw) is None
    ):
        return [rejection(file, 1, 1, "not-a-table", msg("tables.binary"))]
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
        delimiter=msg(f"tables.delimiter_{_DELIMITER_KEYS[delimiter]}"),
    )
    front = [note(file, header_line, 1, "table-format", described)]
    if header_line != 1 or header_rows == 2:
        front.append(_header_note(file, header_line, header_rows, msg))
    if cp1252_lines:
        front.append(
            note(
                file,
                cp1252_lines[0],
                1,
                "mixed-encoding",
                msg("tables.mixed_encoding", rows=_row_list(cp1252_lines)),
            )
        )
    notes[:0] = front
    body = text.find("\n") + 1
    if (
        unparsed_from is not None
        and header_line == 1
        and header_rows == 1
        and body
        and text.count("\n", body) >= unparsed_from
        and _simple_text(text)
    ):
        return Table(
            layout, [], notes, encoding, delimiter, text=text, body=body, problems=problems
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[Any]]] = []
    try:
        for index, cells in enumerate(reader):
            if index <= header_index:
                continue
            if any(cell.strip() for cell in cells):
                rows.append((reader.line_num, cells))
    except csv.Error as exc:
        return [rejection(file, reader.line_num, 1, "csv-syntax", str(exc))]
    return Table(layout, rows, notes, encoding, delimiter, problems=problems)


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
            delimiter=msg(f"tables.delimiter_{_DELIMITER_KEYS[delimiter]}"),
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


# --- cells and times -----------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()


_DMY = re.compile(
    r"^(\d{1,2})\.(\d{1,2})\.(\d{1,4})(?:[ T]+(\d{1,2})[.:](\d{2})(?:[.:](\d{2}))?)?$"
)
_YMD_SLASH = re.compile(
    r"^(\d{4})/(\d{1,2})/(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?"
    r"(?:\s*(?:GMT|UTC)\s*([+-]\d{1,2})(?::?(\d{2}))?)?$"
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_WORDY = re.compile(
    r"^(?:[a-z]+,\s*)?(\d{1,2})\s+([a-z]+)\s+(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]m)?$",
    re.I,
)
"""Moodle's `userdate`: `Friday, 14 March 2025, 3:38 PM`."""
_MDY_SLASH = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$"
)


def _clock(hour: str | None, ampm: str | None) -> int:
    value = int(hour or 0)
    if ampm:
        value = value % 12 + (12 if ampm.lower() == "pm" else 0)
    return value


def parse_time(value: Any) -> float | bool | None:
    """A time as a POSIX timestamp; `None` when empty; `False` when unreadable."""
    try:
        if isinstance(value, datetime):
            return value.timestamp()
        text = _cell_text(value)
        if not text:
            return None
        try:
            return datetime.fromisoformat(text).timestamp()
        except ValueError:
            pass
        match = _DMY.match(text)
        if match:
            day, month, year, hour, minute, second = match.groups()
            if len(year) != 4:
                return False
            return datetime(
                int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
            ).timestamp()
        match = _YMD_SLASH.match(text)
        if match:
            year, month, day, hour, minute, second, ampm, zone_h, zone_m = match.groups()
            zone = None
            if zone_h is not None:
                sign = -1 if zone_h.startswith("-") else 1
                zone = timezone(sign * timedelta(hours=abs(int(zone_h)), minutes=int(zone_m or 0)))
            return datetime(
                int(year),
                int(month),
                int(day),
                _clock(hour, ampm),
                int(minute or 0),
                int(second or 0),
                tzinfo=zone,
            ).timestamp()
        match = _WORDY.match(text)
        if match and match.group(2).casefold() in _MONTHS:
            day, month_name, year, hour, minute, second, ampm = match.groups()
            return datetime(
                int(year),
                _MONTHS[month_name.casefold()],
                int(day),
                _clock(hour, ampm),
                int(minute),
                int(second or 0),
            ).timestamp()
        match = _MDY_SLASH.match(text)
        if match:
            month, day, year, hour, minute, second, ampm = match.groups()
            return datetime(
                int(year),
                int(month),
                int(day),
                _clock(hour, ampm),
                int(minute or 0),
                int(second or 0),
            ).timestamp()
    except (ValueError, OverflowError, OSError):
        return False
    return False


_completed = parse_time


def _level_of(value: Any, framework: Framework) -> str | None:
    text = _cell_text(value).casefold().replace(" ", "").replace("-", "")
    for level_id in framework.level_ids:
        if text == level_id.replace("-", ""):
            return level_id
    return None


def _cell_problem(context: ReadContext, error: str, value: Any) -> str:
    """The message for a cell `CellReader.read` could not read."""
    msg = context.messages
    kind, _, detail = error.partition(":")
    scale = context.framework.scale
    if kind == "off-scale":
        return msg("tables.off_scale", value=detail, minimum=scale.minimum, maximum=scale.maximum)
    if kind == "mismatch":
        number, _, label = detail.partition(":")
        return msg("tables.label_mismatch", value=_cell_text(value), number=number, label=label)
    if kind == "code":
        return msg("tables.answer_code", value=detail)
    return msg(
        "tables.not_rating",
        value=_short(_cell_text(value), 40),
        minimum=scale.minimum,
        maximum=scale.maximum,
    )


ANONYMOUS = frozenset({"anonymous", "anonyymi", "anonym", "anonymt", "anon"})
"""What survey tools write for a respondent they were told not to identify."""


def _respondent(layout: Layout, cells: Sequence[Any]) -> str | None:
    """The respondent's id; a response id where the respondent is empty or anonymous."""
    count = len(cells)
    index = layout.id_column
    text = _cell_text(cells[index]) if index is not None and index < count else ""
    if text and text.casefold() not in ANONYMOUS:
        return text
    fallback = layout.fallback_id_column
    if fallback is not None and fallback < count:
        return _cell_text(cells[fallback]) or None
    return None


_ONE_WORD_TOTALS = frozenset(word for word in TOTAL_WORDS if " " not in word)


def _total_label(text: str) -> bool:
    """`is_total_label`, with a shortcut for the usual label cell, a plain ASCII id such as
    `s100001` (its normalised form is itself in lower case)."""
    if text.isascii() and text.isalnum():
        return text.lower() in _ONE_WORD_TOTALS
    return is_total_label(text)


def _is_total(layout: Layout, cells: Sequence[Any]) -> bool:
    count = len(cells)
    for index in layout.label_columns:
        if index < count:
            value = cells[index]
            if isinstance(value, str) and value and is_total_label(value):
                return True
    return False


def score_row(
    layout: Layout, context: ReadContext, line: int, cells: Sequence[Any], order: int
) -> Entry | list[Diagnostic]:
    """One row as a scored `Entry`, or every problem in it (with its column). A draft or a
    total row gives only warnings: it is not scored, and not rejected either."""
    framework = context.framework
    msg = context.messages
    file = layout.file
    count = len(cells)
    if _is_total(layout, cells):
        return [note(file, line, 1, "total-row", msg("tables.total_row"))]
    level = layout.level
    if layout.level_column is not None and layout.level_column < count:
        raw_level = _cell_text(cells[layout.level_column])
        if raw_level:
            level = _level_of(raw_level, framework)
            if level is None:
                return [
                    rejection(
                        file,
                        line,
                        layout.level_column + 1,
                        "unknown-level",
                        msg(
                            "tables.unknown_level",
                            level=raw_level,
                            levels=", ".join(framework.level_ids),
                        ),
                        layout.header[layout.level_column],
                    )
                ]
    if level is None:
        return [
            rejection(
                file,
                line,
                (layout.level_column or 0) + 1,
                "no-level",
                msg("tables.row_no_level"),
            )
        ]
    completed: float | None = None
    warnings: list[Diagnostic] = []
    if layout.completed_column is not None:
        column_name = layout.header[layout.completed_column]
        cell = cells[layout.completed_column] if layout.completed_column < count else None
        moment = parse_time(cell)
        if moment is None:
            return [
                note(
                    file,
                    line,
                    layout.completed_column + 1,
                    "draft",
                    msg("tables.draft", column=column_name),
                    column_name,
                )
            ]
        if moment is False:
            warnings.append(
                note(
                    file,
                    line,
                    layout.completed_column + 1,
                    "bad-time",
                    msg("tables.bad_time", value=_cell_text(cell), column=column_name),
                    column_name,
                )
            )
        else:
            completed = float(moment)
    levels_of = context.levels_of
    reader = context.cells
    ratings: dict[str, int | None] = {}
    problems: list[Diagnostic] = []
    for column, statement_id in layout.statements:
        if column >= count:
            continue
        value = cells[column]
        if value is None or value == "":
            continue
        rating = reader.read(value)
        if rating == EMPTY:
            continue
        if isinstance(rating, str):
            problems.append(
                rejection(
                    file,
                    line,
                    column + 1,
                    "off-scale",
                    _cell_problem(context, rating, value),
                    statement_id,
                )
            )
        elif level not in levels_of[statement_id]:
            problems.append(
                rejection(
                    file,
                    line,
                    column + 1,
                    "unknown-statement",
                    msg("tables.other_level_statement", statement=statement_id, level=level),
                    statement_id,
                )
            )
        else:
            ratings[statement_id] = rating
    if count > len(layout.header) and any(_cell_text(c) for c in cells[len(layout.header) :]):
        problems.append(
            rejection(
                file,
                line,
                len(layout.header) + 1,
                "extra-cells",
                msg("tables.extra_cells", cells=count, header=len(layout.header)),
            )
        )
    if problems:
        return problems
    if not ratings:
        return [rejection(file, line, 1, "no-answers", msg("tables.no_answers"))]
    plan = context.plan(level)
    means, answered, cant_say = score_vector(plan, ratings)

    def text_at(index: int | None) -> str | None:
        if index is None or index >= count:
            return None
        return _cell_text(cells[index]) or None

    groups = {
        name: (
            text_at(index) or ""
            if index is not None
            else (layout.folder if name.casefold() in FOLDER_GROUPS else "")
        )
        for name, index in layout.groups
    }
    return Entry(
        source=file,
        line=line,
        respondent=_respondent(layout, cells),
        name=text_at(layout.name_column) if layout.name_column != layout.id_column else None,
        level=level,
        groups=groups,
        codes=encode(plan, framework.scale.minimum, ratings),
        means=means,
        answered=answered,
        cant_say=cant_say,
        completed=completed,
        order=order,
        framework_id=framework.id,
        kind="row",
        warnings=tuple(warnings),
    )


# --- the fast reader -----------------------------------------------------------------------


class _CodeCache(dict[Any, int]):
    """Cell value → rating code (`records.encode`'s codes: 0 blank, 255 "can't say"), or -1
    when the cell is not a rating (the exact row reader then reports it)."""

    def __init__(self, reader: CellReader, minimum: int) -> None:
        super().__init__()
        self.reader = reader
        self.shift = 1 - minimum

    def __missing__(self, value: Any) -> int:
        if value is None or value == "":
            code = UNANSWERED
        else:
            rating = self.reader.read(value)
            if rating == EMPTY:
                code = UNANSWERED
            elif rating is None:
                code = CANT_SAY
            elif type(rating) is int and 0 < rating + self.shift < CANT_SAY:
                code = rating + self.shift
            else:
                code = -1
        if len(self) < 100_000:
            self[value] = code
        return code


@dataclass(frozen=True, slots=True)
class _RowPlan:
    """How the fast reader takes a row of one table at one level."""

    plan: ScoringPlan
    getter: Callable[[Sequence[Any]], Sequence[Any]]
    """The cells of the plan's statements that the table has, in plan order."""
    positions: tuple[int, ...] | None
    """Where those go in the codes when the table lacks some statements of the plan."""
    others: Callable[[Sequence[Any]], Sequence[Any]] | None
    """The cells of the table's other statement columns (must be blank)."""
    width: int


def _getter(columns: Sequence[int]) -> Callable[[Sequence[Any]], Sequence[Any]]:
    if len(columns) == 1:
        column = columns[0]
        return lambda cells: (cells[column],)
    return itemgetter(*columns)


def _row_plan(layout: Layout, context: ReadContext, level: str) -> _RowPlan:
    plan = context.plan(level)
    column_of = {statement_id: column for column, statement_id in layout.statements}
    ids = plan.statement_ids
    present = [i for i, statement_id in enumerate(ids) if statement_id in column_of]
    in_plan = set(ids)
    other_columns = [c for c, statement_id in layout.statements if statement_id not in in_plan]
    return _RowPlan(
        plan=plan,
        getter=_getter([column_of[ids[i]] for i in present]),
        positions=None if len(present) == len(ids) else tuple(present),
        others=_getter(other_columns) if other_columns else None,
        width=len(ids),
    )


def _fast_rows(
    layout: Layout, context: ReadContext, codes_of: _CodeCache
) -> Callable[[int, Sequence[Any]], RowScore | None]:
    """A reader of the rows of one table that are plainly fine: `fast(line, cells)` is the
    row scored, or `None` for anything else, which `score_row` then reads exactly (and
    words every problem of). What all rows share is worked out here, once."""
    framework = context.framework
    header = len(layout.header)
    default_level = layout.level
    level_column = layout.level_column
    completed_column = layout.completed_column
    name_column = layout.name_column if layout.name_column != layout.id_column else None
    group_columns = tuple(index for _, index in layout.groups)
    label_columns = layout.label_columns
    code_of = codes_of.__getitem__
    levels: dict[Any, Any] = {}
    plans: dict[str, _RowPlan] = {}

    def text_at(cells: Sequence[Any], index: int | None) -> str | None:
        if index is None or index >= len(cells):
            return None
        return _cell_text(cells[index]) or None

    def fast(line: int, cells: Sequence[Any]) -> RowScore | None:
        count = len(cells)
        if count > header:
            return None
        for index in label_columns:
            if index < count and isinstance(cells[index], str) and _total_label(cells[index]):
                return None
        level = default_level
        if level_column is not None and level_column < count:
            value = cells[level_column]
            found = levels.get(value, _MISSING)
            if found is _MISSING:
                text = _cell_text(value)
                found = _level_of(text, framework) if text else ""
                if len(levels) < 1000:
                    levels[value] = found
            if found is None:  # an unknown level
                return None
            if found:
                level = found
        if level is None:
            return None
        row_plan = plans.get(level)
        if row_plan is None:
            row_plan = plans[level] = _row_plan(layout, context, level)
        try:
            if row_plan.others is not None and any(map(code_of, row_plan.others(cells))):
                return None
            codes = bytes(map(code_of, row_plan.getter(cells)))
        except (IndexError, ValueError):  # a short row, a cell that is not a rating
            return None
        if not any(codes):
            return None
        if row_plan.positions is not None:
            full = bytearray(row_plan.width)
            for position, code in zip(row_plan.positions, codes, strict=True):
                full[position] = code
            codes = bytes(full)
        completed: float | None = None
        if completed_column is not None:
            if completed_column >= count:
                return None
            moment = parse_time(cells[completed_column])
            if moment is None or moment is False:
                return None
            completed = float(moment)
        # The means and counts are left to `_tally_chunk`, which scores the chunk's rows
        # of one level at once from their codes.
        return RowScore(
            line,
            _respondent(layout, cells),
            text_at(cells, name_column),
            level,
            tuple(
                text_at(cells, index) or "" if index is not None else None
                for index in group_columns
            )
            if group_columns
            else (),
            codes,
            (),
            0,
            0,
            completed,
        )

    return fast


_MISSING = object()


def _compact(entry: Entry) -> RowScore:
    return RowScore(
        entry.line,
        entry.respondent,
        entry.name,
        entry.level,
        tuple(entry.groups.values()),
        entry.codes,
        entry.means,
        entry.answered,
        entry.cant_say,
        entry.completed,
        entry.warnings,
    )


def row_entry(
    layout: Layout,
    framework_id: str,
    order: int,
    row: RowScore,
    numbers: dict[float | None, float | None] | None = None,
) -> Entry:
    """The `Entry` of a row that `score_rows` scored.

    `numbers`, shared by the rows of a run, holds one float object per distinct mean: a
    cohort's means take few distinct values, and a float object per mean per respondent
    would be most of the memory its entries take."""
    means = row.means
    if numbers is not None and len(numbers) < 1_000_000:
        means = tuple([numbers.setdefault(mean, mean) for mean in means])
    groups = (
        {}
        if not row.groups
        else {
            group: (
                value
                if value is not None
                else (layout.folder if group.casefold() in FOLDER_GROUPS else "")
            )
            for (group, _), value in zip(layout.groups, row.groups, strict=True)
        }
    )
    return Entry(
        layout.file,
        row.line,
        row.respondent,
        row.name,
        row.level,
        groups,
        row.codes,
        means,
        row.answered,
        row.cant_say,
        row.completed,
        order,
        framework_id,
        "row",
        warnings=row.warnings,
    )


@dataclass(frozen=True, slots=True)
class RowTask:
    layout: Layout
    rows: Sequence[tuple[int, list[Any]]] | None
    """The rows; `None`: rows `start:end` of the table this worker was set up with."""
    first_order: int
    start: int = 0
    end: int = 0
    part: TextPart | None = None
    """A piece of the text this worker was set up with (`text_parts`), to read itself."""
    delimiter: str = ","


@dataclass
class _Worker:
    """What a worker process was set up with (`init_rows`): the run's context, and the
    rows or text of the table when the worker was forked with them."""

    context: ReadContext
    rows: Sequence[tuple[int, list[Any]]] = ()
    text: str = ""
    codes: _CodeCache | None = None


_worker: list[_Worker] = []


def init_rows(
    context: ReadContext, rows: Sequence[tuple[int, list[Any]]] = (), text: str = ""
) -> None:
    """Set up this process for scoring rows with `context` (and the table's rows or text,
    when forked)."""
    _worker[:] = [_Worker(context, rows, text)]


def score_rows(task: RowTask) -> list[RowOutput]:
    """Rows in compact form: a `RowScore`, or the row's problems."""
    worker = _worker[0]
    context = worker.context
    layout = task.layout
    rows: Sequence[tuple[int, list[Any]]]
    if task.part is not None:
        part = task.part
        rows = _read_part(worker.text[part.start : part.end], part.first_line, task.delimiter)
    else:
        rows = task.rows if task.rows is not None else worker.rows[task.start : task.end]
    if worker.codes is None:
        worker.codes = _CodeCache(context.cells, context.framework.scale.minimum)
    fast_row = _fast_rows(layout, context, worker.codes)
    outputs: list[RowOutput] = []
    unscored: dict[str, list[int]] = {}
    """Level → where in `outputs` the rows of that level that the fast reader took are."""
    for offset, (line, cells) in enumerate(rows):
        fast = fast_row(line, cells)
        if fast is not None:
            unscored.setdefault(fast.level, []).append(len(outputs))
            outputs.append(fast)
            continue
        slow = score_row(layout, context, line, cells, task.first_order + offset)
        outputs.append(_compact(slow) if isinstance(slow, Entry) else slow)
    for level, indices in unscored.items():
        _tally_chunk(context, level, outputs, indices)
    return outputs


def _tally_chunk(
    context: ReadContext, level: str, outputs: list[RowOutput], indices: Sequence[int]
) -> None:
    """Fill in the means and counts of the fast reader's rows of one level, all at once,
    with the columnar tally (`scoring_matrix`), which equals `ScoringPlan.tally` bit for
    bit. The rows' codes become one `uint8` matrix; no per-cell objects are made."""
    import numpy as np

    from kompetens.assessment.scoring_matrix import MatrixPlan

    matrix_plan = MatrixPlan.build(context.plan(level), context.framework.scale.minimum)
    rows = [cast(RowScore, outputs[index]) for index in indices]
    codes = np.frombuffer(b"".join(row.codes for row in rows), dtype=np.uint8)
    tally = matrix_plan.tally(codes.reshape(len(rows), matrix_plan.width))
    means = np.concatenate(
        (tally.component_means, tally.area_means, tally.overall_means[:, None]), axis=1
    )
    boxed = means.astype(object)  # Python floats, and None where a mean is none
    boxed[np.isnan(means)] = None
    for index, row, row_means, answered, cant_say in zip(
        indices,
        rows,
        boxed.tolist(),
        tally.answered.tolist(),
        tally.cant_say.tolist(),
        strict=True,
    ):
        outputs[index] = RowScore(
            row.line,
            row.respondent,
            row.name,
            row.level,
            row.groups,
            row.codes,
            tuple(row_means),
            answered,
            cant_say,
            row.completed,
            row.warnings,
        )

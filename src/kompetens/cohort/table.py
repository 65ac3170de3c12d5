"""Wide tables: one row per respondent, one column per statement id (CSV, TSV, XLSX).

Real exports are messy, so the reader works out for itself what it was given:

* Encoding: a byte-order mark (UTF-8, UTF-16) wins; otherwise UTF-8 when the bytes are
  valid UTF-8, else Windows-1252 (what a Finnish or Swedish Excel writes as "CSV").
* Delimiter: of `;`, `,`, tab and `|`, the one that splits the header into the most
  recognised columns (statement ids, respondent, group, level), then into the most columns.
* Cells: scale values (`4`, `4.0`, `4,0`), scale labels in any of the framework's
  languages (`Itsenäisesti`, `With support`), "can't say" (`-`, `EOS`, the label); an
  empty cell is unanswered.
* Columns: a header is a statement when it is the statement id, or starts with it
  (`guidance.methods.2: I can …`). The respondent column is found by its name in English,
  Finnish or Swedish (or named with --id-column); `level`/`taso`/`nivå` gives a row's level;
  `completed`/`timestamp`/`aikaleima`/`tidsstämpel` its completion time. Every other
  column is reported as not recognised, never silently used or dropped.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import Any

from kompetens.cohort.files import FOLDER_GROUPS, plan_for
from kompetens.cohort.records import (
    CANT_SAY,
    UNANSWERED,
    Entry,
    encode,
    note,
    rejection,
    score_vector,
)
from kompetens.diagnostics import Diagnostic
from kompetens.model import Framework
from kompetens.results import parse_rating
from kompetens.scoring import ScoringPlan

TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx")
MAX_TABLE_BYTES = 1024 * 1024 * 1024
"""A table may be large (100,000 rows are ~10 MB); the cap only stops a mistake."""

ID_NAMES = (
    "respondent",
    "respondent id",
    "id",
    "student",
    "student id",
    "student number",
    "vastaaja",
    "opiskelija",
    "opiskelijanumero",
    "studerande",
    "studentnummer",
)
NAME_NAMES = ("name", "full name", "nimi", "namn")
LEVEL_NAMES = ("level", "taso", "nivå")
COMPLETED_NAMES = (
    "completed",
    "submitted",
    "timestamp",
    "aikaleima",
    "valmis",
    "tidsstämpel",
    "inlämnad",
)
DELIMITERS = (";", ",", "\t", "|")
_DELIMITER_NAMES = {";": "semicolon", ",": "comma", "\t": "tab", "|": "vertical bar"}
_NUMBER = re.compile(r"^\s*[+-]?\d+(?:[.,]\d+)?\s*$")
_HEADER_TOKEN = re.compile(r"[\s:]+")
_FINNISH_TIME = re.compile(
    r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T]+(\d{1,2})[.:](\d{2})(?:[.:](\d{2}))?)?\s*$"
)


def _norm(header: Any) -> str:
    return " ".join(str(header or "").replace("\ufeff", "").strip().casefold().split())


def decode_table(raw: bytes) -> tuple[str, str]:
    """The text and the name of the encoding it was in."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", errors="replace"), "UTF-8 with BOM"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace"), "UTF-16"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "Latin-1"


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


def _simple_text(text: str) -> bool:
    """Whether every line of the text is one row: no quotes (so no line break within a
    cell), no NUL, and no carriage return but before a line feed. Then any run of lines can
    be read on its own."""
    return '"' not in text and "\x00" not in text and text.count("\r") == text.count("\r\n")


def text_parts(table: Table, lines: int) -> list[tuple[int, int, int, int]]:
    """Pieces of the rows of a table read with `unparsed_from`, about `lines` lines each:
    (start, end, number of the first line, number of lines)."""
    text, body = table.text, table.body
    total = text.count("\n", body) + (0 if text.endswith("\n") else 1)
    step = max(1, (len(text) - body) * lines // max(total, 1))
    parts: list[tuple[int, int, int, int]] = []
    start, line = body, 2
    while start < len(text):
        end = text.find("\n", min(start + step, len(text)) - 1)
        end = len(text) if end == -1 else end + 1
        count = text.count("\n", start, end) + (0 if text[end - 1] == "\n" else 1)
        parts.append((start, end, line, count))
        start, line = end, line + count
    return parts


def _read_part(text: str, first_line: int, delimiter: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    shift = first_line - 1
    # "".join(cells).strip(): some cell is not blank (as any(cell.strip() …) in read_table)
    return [(shift + reader.line_num, cells) for cells in reader if "".join(cells).strip()]


def _statement_of(header: str, known: dict[str, frozenset[str]]) -> str | None:
    text = _norm(header)
    if text in known:
        return text
    token = _HEADER_TOKEN.split(text, maxsplit=1)[0].strip("[]()")
    return token if token in known else None


def _find(headers: Sequence[str], names: Sequence[str]) -> int | None:
    normalised = [_norm(h) for h in headers]
    for name in names:
        if name in normalised:
            return normalised.index(name)
    return None


def plan_layout(
    file: str,
    header: Sequence[Any],
    framework: Framework,
    *,
    level: str | None,
    id_column: str | None,
    by: Sequence[str],
) -> tuple[Layout | None, list[Diagnostic]]:
    """What the columns mean, the columns nobody recognised, and whole-table problems."""
    headers = [str(h) if h is not None else "" for h in header]
    known = _known_statements(framework)
    statements: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    notes: list[Diagnostic] = []
    for index, text in enumerate(headers):
        statement_id = _statement_of(text, known)
        if statement_id is None:
            continue
        if statement_id in seen:
            notes.append(
                note(
                    file,
                    1,
                    index + 1,
                    "duplicate-column",
                    f"column {index + 1} is '{statement_id}' again; only column "
                    f"{seen[statement_id] + 1} is used",
                )
            )
            continue
        seen[statement_id] = index
        statements.append((index, statement_id))
    if not statements:
        sample = ", ".join(list(known)[:2])
        return None, [
            rejection(
                file,
                1,
                1,
                "no-statements",
                f"no column is a statement id of {framework.id} (expected headers like "
                f"{sample}); is this the right framework, or is the header not on the first line?",
            )
        ]
    if id_column is not None:
        id_index = _find(headers, [_norm(id_column)])
        if id_index is None:
            return None, [
                rejection(
                    file,
                    1,
                    1,
                    "no-id-column",
                    f"no column named '{id_column}' (columns: {_column_list(headers)})",
                )
            ]
        name_index = _find(headers, NAME_NAMES)
    else:
        id_index = _find(headers, ID_NAMES)
        name_index = _find(headers, NAME_NAMES)
        if id_index is None:
            id_index, name_index = name_index, name_index
    level_index = _find(headers, LEVEL_NAMES)
    completed_index = _find(headers, COMPLETED_NAMES)
    groups: list[tuple[str, int | None]] = []
    for column in by:
        groups.append((column, _find(headers, [_norm(column)])))
    used = {index for index, _ in statements} | set(seen.values())
    used |= {i for i in (id_index, name_index, level_index, completed_index) if i is not None}
    used |= {i for _, i in groups if i is not None}
    duplicates = {n.col - 1 for n in notes}
    unknown = [
        (index, text)
        for index, text in enumerate(headers)
        if index not in used and index not in duplicates
    ]
    if unknown:
        names = ", ".join(
            f"'{text}'" if text.strip() else f"(column {index + 1}, no name)"
            for index, text in unknown
        )
        notes.append(
            note(
                file,
                1,
                unknown[0][0] + 1,
                "unrecognised-column",
                f"{len(unknown)} column(s) not recognised and not used: {names}",
            )
        )
    if id_index is None:
        notes.append(
            note(
                file,
                1,
                1,
                "no-respondent-column",
                "no respondent column (respondent, id, student, vastaaja, opiskelija, nimi, "
                "studerande, namn, …): rows are anonymous and duplicates cannot be found; "
                "name the column with --id-column",
            )
        )
    if level is None and level_index is None:
        return None, [
            rejection(
                file,
                1,
                1,
                "no-level",
                f"the table has no level column; give the level with --level "
                f"({', '.join(framework.level_ids)})",
            ),
            *notes,
        ]
    layout = Layout(
        file=file,
        header=tuple(headers),
        statements=tuple(statements),
        id_column=id_index,
        name_column=name_index,
        level_column=level_index,
        completed_column=completed_index,
        groups=tuple(groups),
        level=level,
        folder=Path(file).parent.name,
    )
    return layout, notes


def _column_list(headers: Sequence[str], limit: int = 8) -> str:
    shown = [h for h in headers if h.strip()][:limit]
    more = len([h for h in headers if h.strip()]) - len(shown)
    return ", ".join(shown) + (f", … ({more} more)" if more > 0 else "")


_known_cache: dict[int, dict[str, frozenset[str]]] = {}


def _known_statements(framework: Framework) -> dict[str, frozenset[str]]:
    key = id(framework)
    if key not in _known_cache:
        _known_cache[key] = {
            statement.id: frozenset(statement.levels)
            for area in framework.areas
            for component in area.components
            for statement in component.statements
        }
    return _known_cache[key]


def _split_header(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


def sniff_delimiter(text: str, framework: Framework) -> str:
    first = text.split("\n", 1)[0].rstrip("\r")
    known = _known_statements(framework)
    names = {*ID_NAMES, *NAME_NAMES, *LEVEL_NAMES, *COMPLETED_NAMES}

    def rank(delimiter: str) -> tuple[int, int]:
        cells = _split_header(first, delimiter)
        recognised = sum(
            1 for cell in cells if _statement_of(cell, known) is not None or _norm(cell) in names
        )
        return recognised, len(cells)

    return max(DELIMITERS, key=rank)


def read_table(
    path: Path,
    framework: Framework,
    *,
    level: str | None,
    id_column: str | None,
    by: Sequence[str],
    unparsed_from: int | None = None,
) -> Table | list[Diagnostic]:
    """Read a whole table; its rows are scored by `score_rows` (here or in workers).

    With `unparsed_from`, a CSV table of at least that many lines in which every line is
    one row is returned unparsed (`Table.text`): workers read its pieces (`text_parts`).
    """
    file = str(path)
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path, framework, level=level, id_column=id_column, by=by)
    try:
        size = path.stat().st_size
        if size > MAX_TABLE_BYTES:
            return [rejection(file, 0, 0, "too-large", f"file is {size:,} bytes; too large")]
        raw = path.read_bytes()
    except FileNotFoundError:
        return [rejection(file, 0, 0, "unreadable", "no such file")]
    except OSError as exc:
        return [rejection(file, 0, 0, "unreadable", exc.strerror or str(exc))]
    if b"\x00" in raw[:4096] and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return [rejection(file, 1, 1, "not-a-table", "this is a binary file, not a CSV table")]
    text, encoding = decode_table(raw)
    if not text.strip():
        return [rejection(file, 1, 1, "empty", "the file is empty")]
    delimiter = sniff_delimiter(text, framework)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        layout, notes = plan_layout(
            file, header, framework, level=level, id_column=id_column, by=by
        )
        if layout is None:
            return notes
        described = f"read as {encoding}, separated by {_DELIMITER_NAMES[delimiter]}s"
        body = text.find("\n") + 1
        if (
            unparsed_from is not None
            and body
            and text.count("\n", body) >= unparsed_from
            and _simple_text(text)
        ):
            notes.insert(0, note(file, 1, 1, "table-format", described))
            return Table(layout, [], notes, encoding, delimiter, text=text, body=body)
        rows: list[tuple[int, list[Any]]] = []
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append((reader.line_num, cells))
    except csv.Error as exc:
        return [rejection(file, reader.line_num, 1, "csv-syntax", str(exc))]
    notes.insert(0, note(file, 1, 1, "table-format", described))
    return Table(layout, rows, notes, encoding, delimiter)


def _read_xlsx(
    path: Path,
    framework: Framework,
    *,
    level: str | None,
    id_column: str | None,
    by: Sequence[str],
) -> Table | list[Diagnostic]:
    file = str(path)
    try:
        import openpyxl
    except ImportError:
        return [
            rejection(
                file,
                0,
                0,
                "needs-openpyxl",
                "reading .xlsx needs openpyxl: pip install 'kompetens[xlsx]', or save the "
                "sheet as CSV",
            )
        ]
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        return [rejection(file, 0, 0, "unreadable", "no such file")]
    except Exception as exc:  # openpyxl raises many kinds for a broken or foreign file
        return [rejection(file, 0, 0, "unreadable", f"not a readable .xlsx workbook ({exc})")]
    try:
        sheet = workbook.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = next(values, None)
        if header is None:
            return [rejection(file, 1, 1, "empty", "the first sheet is empty")]
        layout, notes = plan_layout(
            file, list(header), framework, level=level, id_column=id_column, by=by
        )
        if layout is None:
            return notes
        rows: list[tuple[int, list[Any]]] = []
        for number, cells in enumerate(values, start=2):
            if any(cell is not None and str(cell).strip() for cell in cells):
                rows.append((number, list(cells)))
    finally:
        workbook.close()
    notes.insert(0, note(file, 1, 1, "table-format", f"read sheet '{sheet.title}'"))
    return Table(layout, rows, notes, "xlsx", "")


_EMPTY = object()
_MISSING = object()
"""A blank cell: unanswered."""
_rating_caches: dict[int, dict[Any, Any]] = {}


def _rating(value: Any, framework: Framework) -> Any:
    """A cell's rating, `None` for "can't say", `_EMPTY` for a blank cell, or an error
    message (str)."""
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return _EMPTY
        if _NUMBER.match(value):
            number = float(value.replace(",", "."))
            value = int(number) if number.is_integer() else number
    try:
        return parse_rating(value, framework)
    except ValueError as exc:
        return str(exc)


def _cache_for(framework: Framework) -> dict[Any, Any]:
    cache = _rating_caches.get(id(framework))
    if cache is None or len(cache) > 100_000:
        cache = _rating_caches[id(framework)] = {}
    return cache


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _completed(value: Any) -> float | str | None:
    """A completion time as a timestamp, `None` when empty, or an error message."""
    if isinstance(value, datetime):
        return value.timestamp()
    text = _cell_text(value)
    if not text:
        return None
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        pass
    match = _FINNISH_TIME.match(text)
    if match:
        day, month, year, hour, minute, second = match.groups()
        try:
            moment = datetime(
                int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
            )
        except ValueError:
            return f"'{text}' is not a date"
        return moment.timestamp()
    return f"'{text}' is not a date and time (use 2025-01-15 10:30 or 15.1.2025 10.30)"


def _level_of(value: Any, framework: Framework) -> str | None:
    text = _cell_text(value).casefold().replace(" ", "").replace("-", "")
    for level_id in framework.level_ids:
        if text == level_id.replace("-", ""):
            return level_id
    return None


def score_row(
    layout: Layout, framework: Framework, line: int, cells: Sequence[Any], order: int
) -> Entry | list[Diagnostic]:
    """One row as a scored `Entry`, or every problem in it (with its column)."""
    file = layout.file
    count = len(cells)
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
                        f"unknown level '{raw_level}' (this framework has: "
                        f"{', '.join(framework.level_ids)})",
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
                "the row has no level; fill in the level column or give --level",
            )
        ]
    known = _known_statements(framework)
    cache = _cache_for(framework)
    ratings: dict[str, int | None] = {}
    problems: list[Diagnostic] = []
    for column, statement_id in layout.statements:
        if column >= count:
            continue
        value = cells[column]
        if value is None or value == "":
            continue
        rating = cache.get(value, _MISSING)
        if rating is _MISSING:
            rating = cache[value] = _rating(value, framework)
        if rating is _EMPTY:
            continue
        if isinstance(rating, str):
            problems.append(
                rejection(file, line, column + 1, "off-scale", rating, layout.header[column])
            )
        elif level not in known[statement_id]:
            problems.append(
                rejection(
                    file,
                    line,
                    column + 1,
                    "unknown-statement",
                    f"'{statement_id}' is not a statement of level '{level}'; leave it empty",
                    layout.header[column],
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
                f"the row has {count} cells but the header only {len(layout.header)}; "
                "is a value split by a separator?",
            )
        )
    if problems:
        return problems
    if not ratings:
        return [rejection(file, line, 1, "no-answers", "the row has no answers")]
    completed: float | None = None
    if layout.completed_column is not None:
        cell = cells[layout.completed_column] if layout.completed_column < count else None
        moment = _completed(cell)
        column_name = layout.header[layout.completed_column]
        if moment is None:
            return [
                rejection(
                    file,
                    line,
                    layout.completed_column + 1,
                    "draft",
                    f"draft: no completion time in column '{column_name}'; it is not scored",
                    column_name,
                )
            ]
        if isinstance(moment, str):
            return [
                rejection(file, line, layout.completed_column + 1, "bad-time", moment, column_name)
            ]
        completed = moment
    plan = plan_for(framework, level)
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
        respondent=text_at(layout.id_column),
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
    )


RowOutput = tuple[Any, ...] | list[Diagnostic]
"""A scored row in compact form (see `row_entry`), or every problem in it."""


class _CodeCache(dict[Any, int]):
    """Cell value → rating code (`records.encode`'s codes: 0 blank, 255 "can't say"), or -1
    when the cell is not a rating (the exact row reader then reports it)."""

    def __init__(self, framework: Framework) -> None:
        super().__init__()
        self.framework = framework
        self.shift = 1 - framework.scale.minimum

    def __missing__(self, value: Any) -> int:
        if value is None or value == "":
            code = UNANSWERED
        else:
            cache = _cache_for(self.framework)
            rating = cache.get(value, _MISSING)
            if rating is _MISSING:
                rating = cache[value] = _rating(value, self.framework)
            if rating is _EMPTY:
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
    rating_of: Callable[[int], Any]
    """Code → rating (`None` for "can't say")."""
    width: int
    ids: tuple[str, ...]


def _getter(columns: Sequence[int]) -> Callable[[Sequence[Any]], Sequence[Any]]:
    if len(columns) == 1:
        column = columns[0]
        return lambda cells: (cells[column],)
    return itemgetter(*columns)


_row_plans: dict[tuple[int, int, str], _RowPlan] = {}


def _row_plan(layout: Layout, framework: Framework, level: str) -> _RowPlan:
    key = (id(layout), id(framework), level)
    found = _row_plans.get(key)
    if found is not None:
        return found
    plan = plan_for(framework, level)
    column_of = {statement_id: column for column, statement_id in layout.statements}
    ids = plan.statement_ids
    present = [i for i, statement_id in enumerate(ids) if statement_id in column_of]
    in_plan = set(ids)
    other_columns = [c for c, statement_id in layout.statements if statement_id not in in_plan]
    shift = 1 - framework.scale.minimum
    ratings: list[Any] = [None] * 256
    for code in range(1, CANT_SAY):
        ratings[code] = code - shift
    found = _RowPlan(
        plan=plan,
        getter=_getter([column_of[ids[i]] for i in present]),
        positions=None if len(present) == len(ids) else tuple(present),
        others=_getter(other_columns) if other_columns else None,
        rating_of=tuple(ratings).__getitem__,
        width=len(ids),
        ids=ids,
    )
    if len(_row_plans) > 1000:
        _row_plans.clear()
    _row_plans[key] = found
    return found


def _fast_rows(
    layout: Layout, framework: Framework, codes_of: _CodeCache
) -> Callable[[int, Sequence[Any]], tuple[Any, ...] | None]:
    """A reader of the rows of one table that are plainly fine: `fast(line, cells)` is the
    row scored, or `None` for anything else, which `score_row` then reads exactly (and
    words every problem of). What all rows share is worked out here, once."""
    header = len(layout.header)
    default_level = layout.level
    level_column = layout.level_column
    completed_column = layout.completed_column
    id_column = layout.id_column
    name_column = layout.name_column if layout.name_column != layout.id_column else None
    group_columns = tuple(index for _, index in layout.groups)
    code_of = codes_of.__getitem__
    levels: dict[Any, Any] = {}
    plans: dict[str, _RowPlan] = {}

    def text_at(cells: Sequence[Any], index: int | None) -> str | None:
        if index is None or index >= len(cells):
            return None
        return _cell_text(cells[index]) or None

    def fast(line: int, cells: Sequence[Any]) -> tuple[Any, ...] | None:
        count = len(cells)
        if count > header:
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
            row_plan = plans[level] = _row_plan(layout, framework, level)
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
            moment = _completed(cells[completed_column])
            if moment is None or isinstance(moment, str):
                return None
            completed = moment
        # statement id → rating of the answered statements (code 0: unanswered)
        ratings = dict(
            compress(zip(row_plan.ids, map(row_plan.rating_of, codes), strict=True), codes)
        )
        means, answered, cant_say = score_vector(row_plan.plan, ratings)
        return (
            line,
            text_at(cells, id_column),
            text_at(cells, name_column),
            level,
            tuple(
                text_at(cells, index) or "" if index is not None else None
                for index in group_columns
            )
            if group_columns
            else (),
            codes,
            means,
            answered,
            cant_say,
            completed,
        )

    return fast


def _compact(entry: Entry) -> tuple[Any, ...]:
    return (
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
    )


def row_entry(layout: Layout, framework_id: str, order: int, row: tuple[Any, ...]) -> Entry:
    """The `Entry` of a row that `score_rows` scored (compact: cheap to send between
    processes)."""
    line, respondent, name, level, values, codes, means, answered, cant_say, completed = row
    groups = (
        {}
        if not values
        else {
            group: (
                value
                if value is not None
                else (layout.folder if group.casefold() in FOLDER_GROUPS else "")
            )
            for (group, _), value in zip(layout.groups, values, strict=True)
        }
    )
    return Entry(
        layout.file,
        line,
        respondent,
        name,
        level,
        groups,
        codes,
        means,
        answered,
        cant_say,
        completed,
        order,
        framework_id,
        "row",
    )


@dataclass(frozen=True, slots=True)
class RowTask:
    layout: Layout
    rows: Sequence[tuple[int, list[Any]]] | None
    """The rows; `None`: rows `start:end` of the table this worker was forked with."""
    first_order: int
    start: int = 0
    end: int = 0
    part: tuple[int, int, int, int] | None = None
    """A piece of the text this worker was forked with (`text_parts`), to read itself."""
    delimiter: str = ","


_row_framework: list[Framework] = []
_row_table: list[Sequence[tuple[int, list[Any]]]] = []
_row_text: list[str] = [""]


def init_rows(
    framework: Framework, rows: Sequence[tuple[int, list[Any]]] = (), text: str = ""
) -> None:
    """Set up a worker process for scoring rows (with the table's rows or text, when
    forked)."""
    _row_framework[:] = [framework]
    _row_table[:] = [rows]
    _row_text[:] = [text]


def score_rows(task: RowTask) -> list[RowOutput]:
    """Rows in compact form: a tuple for `row_entry`, or the row's problems."""
    framework = _row_framework[0]
    layout = task.layout
    rows: Sequence[tuple[int, list[Any]]]
    if task.part is not None:
        start, end, first_line, _ = task.part
        rows = _read_part(_row_text[0][start:end], first_line, task.delimiter)
    else:
        rows = task.rows if task.rows is not None else _row_table[0][task.start : task.end]
    codes_of = _code_caches.get(id(framework))
    if codes_of is None or codes_of.framework is not framework:
        codes_of = _code_caches[id(framework)] = _CodeCache(framework)
    fast_row = _fast_rows(layout, framework, codes_of)
    outputs: list[RowOutput] = []
    for offset, (line, cells) in enumerate(rows):
        fast = fast_row(line, cells)
        if fast is not None:
            outputs.append(fast)
            continue
        slow = score_row(layout, framework, line, cells, task.first_order + offset)
        outputs.append(_compact(slow) if isinstance(slow, Entry) else slow)
    return outputs


_code_caches: dict[int, _CodeCache] = {}

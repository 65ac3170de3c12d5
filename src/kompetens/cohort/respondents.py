"""Every respondent's output row (`score --csv`), held as columns rather than as a dict per
respondent.

A cohort of a million respondents has tens of millions of means, but few distinct ones
(sums of small integers over small counts): each distinct mean, gap and status is formatted
once, and the rows are assembled as bytes a column at a time (`_ByteChunkMaker`, with
`cohort.csvbytes`). The text follows Python's `csv` module (minimal quoting, `\\r\\n` line
ends) byte for byte, and text cells are made safe for spreadsheets (`export.neutralise`).
`_ChunkMaker`, which joins a list of ready strings per column row by row, makes the chunks
that the bytes cannot hold (a NUL byte in a cell), and is the oracle of the tests.

The dict form of a row (`RowMaker`) is made only where a row is printed as such: `--json`'s
`respondents`, and the few respondents of `support`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING, Any

from kompetens.assessment.scoring import Status, status_for
from kompetens.cohort.analysis_types import RespondentRow
from kompetens.cohort.columns import EntryColumns
from kompetens.cohort.export import EXCEL_BOM, FORMULA_STARTS, neutralise
from kompetens.cohort.records import Entry

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from kompetens.cohort.csvbytes import Vocabulary


@dataclass(frozen=True)
class RespondentTable:
    """The per-respondent output of a cohort: its entries, and every respondent's means as
    one matrix (sub-areas in plan order, then areas, then the overall mean; NaN where a
    mean is none)."""

    entries: EntryColumns
    means: NDArray[np.float64]
    component_ids: tuple[str, ...]
    area_ids: tuple[str, ...]
    target: float
    display: Callable[[Entry], str]
    pseudonymised: bool
    withheld: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Group labels left out (`privacy.withhold_small_groups`), by group column."""

    def header(self, by: Sequence[str]) -> list[str]:
        header = ["respondent"]
        if not self.pseudonymised:
            header.append("name")
        header.extend(by)
        header.append("level")
        if not self.pseudonymised:
            header.append("source")
        header.extend(["answered", "cant_say", "overall_mean", "overall_gap", "overall_status"])
        header.extend(self.area_ids)
        header.extend(self.component_ids)
        return header

    def text_columns(
        self, by: Sequence[str], start: int, end: int, where: bool = True
    ) -> Iterator[list[Any]]:
        """The cells of the columns before the numbers, as the rows had them, of the
        respondents `start:end` (without the source with `where=False`)."""
        entries = self.entries
        yield entries.displayed(self.display, start, end)
        if not self.pseudonymised:
            yield [name or "" for name in entries.names[start:end]]
        for column in by:
            hidden = self.withheld.get(column, frozenset())
            values = entries.group(column, start, end)
            yield [("" if value in hidden else value) for value in values] if hidden else values
        yield entries.levels[start:end]
        if where and not self.pseudonymised:
            yield entries.where(start, end)


_Number = Callable[[float], str]


def _formatter(decimal: str) -> _Number:
    """How a mean is written: to 4 decimals, as Python writes a float (with a decimal comma
    for `decimal=","`)."""

    def number(value: float) -> str:
        text = repr(round(value, 4))
        return text.replace(".", decimal) if decimal != "." else text

    return number


class _Column(dict[float, str]):
    """Writes a column of means a chunk at a time, each distinct value once per run (a
    dict lookup per cell: means take few distinct values)."""

    def __init__(self, write: Callable[[float], str]) -> None:
        super().__init__()
        self.write = write

    def __call__(self, values: NDArray[np.float64]) -> list[str]:
        """Each value written ("" for NaN)."""
        return list(map(self.__getitem__, values.tolist()))

    def __missing__(self, value: float) -> str:
        if value != value:  # NaN: never equal to itself, so never kept
            return ""
        found = self[value] = self.write(value)
        return found


def _quoter(delimiter: str) -> Callable[[Any], str]:
    """A cell as `csv.writer` (minimal quoting, doubled quotes) writes it."""
    special = re.compile("[" + re.escape(delimiter + '"\r\n') + "]").search

    def quote(value: Any) -> str:
        if value is None:
            return ""
        text = value if type(value) is str else str(value)
        if special(text):
            return '"' + text.replace('"', '""') + '"'
        return text

    return quote


def _plain(delimiter: str) -> Callable[[list[Any]], bool]:
    """Whether a column of cells can be written as it is: all text, none that needs quotes
    or starts like a formula (checked on the joined column, in C)."""
    special = re.compile("[" + re.escape(delimiter + '"\r\n') + "]").search
    formula = re.compile("\x00[" + re.escape("".join(FORMULA_STARTS)) + "]").search

    def plain(values: list[Any]) -> bool:
        try:
            joined = "\x00" + "\x00".join(values)
        except TypeError:  # a cell that is not text
            return False
        return special(joined) is None and formula(joined) is None

    return plain


CHUNK_ROWS = 8192
"""Rows of the CSV made at a time: what is held besides the text is bounded by these (a
few megabytes, which mostly stay in the processor's cache)."""


def respondent_csv_text(
    table: RespondentTable, by: Sequence[str], delimiter: str, decimal: str
) -> str:
    """The per-respondent CSV of `export.respondents_csv`."""
    return "".join(respondent_csv_chunks(table, by, delimiter, decimal))


def respondent_csv_chunks(
    table: RespondentTable, by: Sequence[str], delimiter: str, decimal: str
) -> Iterator[str]:
    """The per-respondent CSV in pieces of `CHUNK_ROWS` rows, each built a column at a
    time: the header first (with the byte-order mark that tells Excel it is UTF-8).

    The chunks are made in this process: assembled as bytes, a million rows take about
    0.7 s of CPU, less than forking workers from a process that holds the cohort and
    sending their text back cost (docs/benchmarks.md)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", delimiter=delimiter)
    writer.writerow([neutralise(h) for h in table.header(by)])
    yield EXCEL_BOM + buffer.getvalue()
    maker = _ByteChunkMaker(table, tuple(by), delimiter, decimal)
    yield from map(maker, range(0, len(table.entries), CHUNK_ROWS))


class _ChunkMaker:
    """Makes the CSV's rows `start:start + CHUNK_ROWS` as text, a column at a time; each
    distinct mean, gap and status is written once. `_ByteChunkMaker` makes the same rows
    as bytes, and hands this one the chunks it cannot take."""

    def __init__(self, table: RespondentTable, by: tuple[str, ...], delimiter: str, decimal: str):
        self.table = table
        self.by = by
        self.delimiter = delimiter
        self.quote = quote = _quoter(delimiter)
        self.plain = _plain(delimiter)
        self.number = number = _formatter(decimal)
        target = table.target
        self.empty = quote(neutralise(Status.NOT_ASSESSABLE.value))
        self.overall = _Column(number)
        self.gap = _Column(lambda mean: number(target - mean))
        self.status = _Column(lambda mean: quote(neutralise(status_of(target, mean).value)))
        components = len(table.component_ids)
        self.order = [*range(components, components + len(table.area_ids)), *range(components)]
        self.means = [_Column(number) for _ in self.order]

    def __call__(self, start: int) -> str:
        table, quote, plain = self.table, self.quote, self.plain
        end = start + CHUNK_ROWS
        chunk = table.means[start:end]
        columns: list[list[str]] = [
            values if plain(values) else [quote(neutralise(value)) for value in values]
            for values in table.text_columns(self.by, start, end)
        ]
        columns.append(list(map(str, table.entries.answered[start:end].tolist())))
        columns.append(list(map(str, table.entries.cant_say[start:end].tolist())))
        columns.append(self.overall(chunk[:, -1]))
        columns.append(self.gap(chunk[:, -1]))
        columns.append([text or self.empty for text in self.status(chunk[:, -1])])
        columns.extend(
            write(chunk[:, index]) for write, index in zip(self.means, self.order, strict=True)
        )
        lines = map(self.delimiter.join, zip(*columns, strict=True))
        return "\r\n".join(chain(lines, ("",)))


class _ByteChunkMaker(_ChunkMaker):
    """`_ChunkMaker`'s rows, assembled as bytes a column at a time (`csvbytes`): each
    distinct mean, gap, status and file is written once, by the same functions. A chunk
    with a cell that `csvbytes` cannot take (a NUL byte, a cell longer than
    `csvbytes.WIDEST_CELL`, text that is not Unicode) is made by `_ChunkMaker`."""

    def __init__(self, table: RespondentTable, by: tuple[str, ...], delimiter: str, decimal: str):
        from kompetens.cohort.csvbytes import Numbers, Statuses, TextCells, Vocabulary

        super().__init__(table, by, delimiter, decimal)
        self.texts = TextCells(delimiter, FORMULA_STARTS)
        self.numbers = Numbers(Vocabulary(), self.number)
        self.statuses = Statuses(self.status_texts)
        self.files = Vocabulary()
        self.writers = [self.means[self.order.index(column)] for column in range(len(self.order))]
        self.writers.append(self.overall)
        """Each column of the means matrix's memory of written means (`_ChunkMaker`'s)."""
        self.bytewise = len(delimiter) == 1 and delimiter.isascii() and delimiter not in _DIGITS

    def __call__(self, start: int) -> str:
        if self.bytewise:
            try:
                made = self.bytes_of(start)
            except UnicodeEncodeError:  # a file name that is not Unicode
                made = None
            if made is not None:
                return made.decode("utf-8")
        return super().__call__(start)

    def bytes_of(self, start: int) -> bytes | None:
        """The rows `start:start + CHUNK_ROWS` as UTF-8, or None."""
        from kompetens.cohort.csvbytes import digits, rows_text

        table = self.table
        end = min(start + CHUNK_ROWS, len(table.entries))
        found = [
            self.texts(values, self.written)
            for values in table.text_columns(self.by, start, end, where=False)
        ]
        if not table.pseudonymised:
            found.append(self.sources(start, end))
        found.append(digits(table.entries.answered[start:end]))
        found.append(digits(table.entries.cant_say[start:end]))
        texts = [cells for cells in found if cells is not None]
        if len(texts) < len(found):
            return None
        return rows_text(texts, self.number_cells(start, end), self.delimiter)

    def number_cells(self, start: int, end: int) -> list[tuple[Vocabulary, NDArray[np.int32]]]:
        """The vocabulary indices of the overall mean, the gap, the status, then the area
        and sub-area means of the rows `start:end`."""
        table, numbers = self.table, self.numbers
        chunk = table.means[start:end]  # sub-areas, areas, overall
        overall = chunk[:, -1]
        gaps = table.target - overall[:, None]

        def exact(column: int, rows: NDArray[np.intp]) -> list[str]:
            return self.writers[column](chunk[rows, column])

        def exact_gap(column: int, rows: NDArray[np.intp]) -> list[str]:
            return self.gap(overall[rows])  # written from the mean, as `_ChunkMaker` does

        means = numbers.indices(chunk, exact)
        gap = numbers.indices(gaps, exact_gap)
        statuses = self.statuses.indices(overall, gaps[:, 0], gap[:, 0], len(numbers.vocabulary))
        areas = len(table.area_ids)
        components = len(table.component_ids)
        return [
            (numbers.vocabulary, means[:, -1:]),
            (numbers.vocabulary, gap),
            (self.statuses.vocabulary, statuses[:, None]),
            (numbers.vocabulary, means[:, components : components + areas]),
            (numbers.vocabulary, means[:, :components]),
        ]

    def sources(self, start: int, end: int) -> NDArray[np.uint8] | None:
        """`file:line` of each row: the file written once (as its cells need), the line
        as digits; rows of a file that must be quoted are written one at a time."""
        import numpy as np

        from kompetens.cohort.csvbytes import digits

        entries, written = self.table.entries, self.written
        files = entries.sources[start:end]
        places: dict[str, int] = {}
        one = files.count(files[0]) == len(files)  # a table's rows: the same string
        for file in files[:1] if one else dict.fromkeys(files):
            bare = written(file)
            if "\x00" in file or written(file + ":1") != bare + ":1":
                return self.texts(entries.where(start, end), written)
            places[file] = self.files.index(bare)
        if len(places) == 1:
            which = np.full(len(files), places[files[0]], dtype=np.intp)
        else:
            which = np.fromiter(map(places.__getitem__, files), dtype=np.intp, count=len(files))
        lines = entries.lines[start:end]
        numbered = lines != 0
        line_digits = digits(lines)
        if line_digits is None:
            return None
        line_digits[~numbered] = 0
        colon = np.where(numbered, ord(":"), 0).astype(np.uint8)
        return np.concatenate([self.files.cells(which), colon[:, None], line_digits], axis=1)

    def status_texts(self, means: NDArray[np.float64]) -> list[str]:
        """The status column of `means` as `_ChunkMaker` writes it, each status's text
        made once."""
        texts = {status: self.quote(neutralise(status.value)) for status in Status}
        target, empty = self.table.target, self.empty
        return [
            empty if mean != mean else texts[status_of(target, mean)] for mean in means.tolist()
        ]

    def written(self, value: Any) -> str:
        """A text cell as `csv.writer` writes it, made safe for spreadsheets."""
        return self.quote(neutralise(value))


_DIGITS = "0123456789:"
"""Delimiters that could be taken for a line number's digits."""


class _Priority(dict[float, bool]):
    """Whether a sub-area mean is a priority (`status_for`), remembered per mean: means take
    few distinct values."""

    def __init__(self, target: float) -> None:
        super().__init__()
        self.target = target

    def __missing__(self, mean: float) -> bool:
        found = status_of(self.target, mean) is Status.PRIORITY
        if len(self) < 100_000:
            self[mean] = found
        return found


class RowMaker:
    """One respondent's row of the output (`analysis["respondents"]`), with what every row shares
    worked out once."""

    def __init__(
        self,
        component_ids: Sequence[str],
        area_ids: Sequence[str],
        target: float,
        display: Callable[[Entry], str],
        pseudonymised: bool,
    ) -> None:
        self.component_ids = tuple(component_ids)
        self.area_ids = tuple(area_ids)
        self.count = len(component_ids)
        self.end = len(component_ids) + len(area_ids)
        self.target = target
        self.display = display
        self.pseudonymised = pseudonymised
        self.priority = _Priority(target)

    def __call__(self, entry: Entry) -> RespondentRow:
        means = entry.means
        target = self.target
        overall = means[-1]
        count = self.count
        component_ids = self.component_ids
        component_means = dict(zip(component_ids, means[:count], strict=True))
        priority = self.priority
        behind = [
            (target - mean, component_id)
            for component_id, mean in zip(component_ids, means, strict=False)
            if mean is not None and priority[mean]
        ]
        if len(behind) > 1:
            behind.sort(key=by_gap)
        pseudonymised = self.pseudonymised
        return {
            "respondent": self.display(entry),
            "name": None if pseudonymised else entry.name,
            "groups": dict(entry.groups),
            "source": None if pseudonymised else entry.where,
            "level": entry.level,
            "answered": entry.answered,
            "cant_say": entry.cant_say,
            "overall": overall,
            "gap": None if overall is None else target - overall,
            "status": (
                Status.NOT_ASSESSABLE if overall is None else status_of(target, overall)
            ).value,
            "areas": dict(zip(self.area_ids, means[count : self.end], strict=True)),
            "components": component_means,
            "priorities": [component_id for _, component_id in behind],
        }


def by_gap(pair: tuple[float, str]) -> tuple[float, str]:
    return (-pair[0], pair[1])


_STATUSES: dict[tuple[float, float], Status] = {}


def status_of(target: float, mean: float) -> Status:
    """`status_for` of a mean, remembered: means take few distinct values."""
    key = (target, mean)
    status = _STATUSES.get(key)
    if status is None:
        if len(_STATUSES) > 100_000:
            _STATUSES.clear()
        status = _STATUSES[key] = status_for(round(target - mean, 10))
    return status


def support_of(
    entries: Sequence[Entry],
    means: NDArray[np.float64],
    row: Callable[[Entry], RespondentRow],
    target: float,
    top: int,
) -> list[RespondentRow]:
    """`_support` of every respondent's row, building only the rows that can be in it: those
    whose gap is at least the `top`-th largest (the gap is the first sort key)."""
    import numpy as np

    gaps = target - means[:, -1]
    behind = np.flatnonzero(gaps > 0)  # NaN (no overall mean) is not behind
    if top > 0 and len(behind) > top:
        threshold = np.partition(gaps[behind], len(behind) - top)[len(behind) - top]
        behind = behind[gaps[behind] >= threshold]
    return _support([row(entries[index]) for index in behind.tolist()], top)


def _support(respondents: Sequence[RespondentRow], top: int) -> list[RespondentRow]:
    """Respondents with the largest overall gaps (who may need support), largest first."""
    ranked = sorted(
        ((gap, r) for r in respondents if (gap := r["gap"]) is not None and gap > 0),
        key=lambda pair: (-pair[0], -len(pair[1]["priorities"]), pair[1]["respondent"]),
    )
    return [r for _, r in ranked[:top]]

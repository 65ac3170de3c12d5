"""The fast table reader a column at a time: the rows of a worker's task that are plainly
fine, read as columns.

`fastrows` takes a row at a time, and its cost is a Python call and a dozen checks per row.
Most rows of a real export are alike — every cell a rating, the same level, an ordinary
id — so here the rows of a task are turned into columns (`zip`, in C) and each check runs
over a whole column: the codes of a statement column by one `bytes(map(...))` over a cache
of distinct values, the label columns by one look at their joined text, and so on. A row
that any check does not clear is left to `fastrows` (and from there to the exact reader,
which words its problem), so every check here is at least as strict as `fastrows`'s.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from kompetens.cohort.bytecells import KeyTable
from kompetens.cohort.records import UNANSWERED
from kompetens.cohort.rowcells import (
    ANONYMOUS,
    level_of,
    parse_time,
    respondent_of,
    total_label,
)
from kompetens.cohort.rowplan import CodeCache, RowPlan, row_plan
from kompetens.cohort.tabletypes import Layout, ReadContext, RowScore

if TYPE_CHECKING:
    from numpy.typing import NDArray

_MISSING: Any = object()
BAD = 254
"""The code of a cell that is not a rating, in this reader only (the real codes are 0,
1 … scale size, and 255)."""
MIN_ROWS = 64
"""Fewer full rows than this are left to `fastrows`."""


class CellCodes(dict[Any, int]):
    """`CodeCache` with `BAD` for a cell that is not a rating, so that a column of codes
    is one `bytes` object."""

    def __init__(self, codes: CodeCache) -> None:
        super().__init__()
        self.codes = codes
        self.key_tables: dict[str, KeyTable] = {}
        """Delimiter → the codes of the two-byte keys seen (`bytecells.KeyTable`)."""

    def __missing__(self, value: Any) -> int:
        code = self.codes[value]
        code = BAD if code < 0 else code
        if len(self) < 100_000:
            self[value] = code
        return code


@dataclass
class TakenRows:
    """Rows of one level that a fast reader took, before the tally."""

    offsets: list[int] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    respondents: list[str | None] = field(default_factory=list)
    names: list[str | None] = field(default_factory=list)
    groups: list[list[str | None]] = field(default_factory=list)
    """Per group column of the layout, each row's cell."""
    codes: list[NDArray[np.uint8]] = field(default_factory=list)
    """Matrices of codes of the rows taken a column at a time."""
    row_codes: list[bytes] = field(default_factory=list)
    """Codes of the rows taken one at a time (after all those taken as columns)."""
    completed: list[float | None] = field(default_factory=list)

    def add_row(self, offset: int, row: RowScore) -> None:
        """A row that `fastrows` took on its own."""
        self.offsets.append(offset)
        self.lines.append(row.line)
        self.respondents.append(row.respondent)
        self.names.append(row.name)
        if not self.groups:
            self.groups = [[] for _ in row.groups]
        for cells, cell in zip(self.groups, row.groups, strict=True):
            cells.append(cell)
        self.row_codes.append(row.codes)
        self.completed.append(row.completed)

    def matrix(self, width: int) -> NDArray[np.uint8]:
        """Every row's codes, in the order the rows were added."""
        parts = list(self.codes)
        if self.row_codes:
            joined = np.frombuffer(b"".join(self.row_codes), dtype=np.uint8)
            parts.append(joined.reshape(len(self.row_codes), width))
        return parts[0] if len(parts) == 1 else np.concatenate(parts)


@dataclass
class ColumnReader:
    """Reads the rows of one table's tasks a column at a time (in one worker process)."""

    layout: Layout
    context: ReadContext
    codes: CodeCache
    plans: dict[str, RowPlan] = field(default_factory=dict)
    levels: dict[Any, str | None] = field(default_factory=dict)
    shared: CellCodes | None = None
    """A worker's `CellCodes`, kept across its tasks so that what it learns of a table's
    cells carries over (made here when not given)."""
    bad: CellCodes = field(init=False)

    def __post_init__(self) -> None:
        self.bad = self.shared if self.shared is not None else CellCodes(self.codes)

    def take(self, rows: Sequence[tuple[int, list[Any]]], taken: dict[str, TakenRows]) -> list[int]:
        """Add the plainly fine rows of `rows` to `taken` (by level); the positions of the
        others, for the row-by-row readers."""
        width = len(self.layout.header)
        full = [offset for offset, (_, cells) in enumerate(rows) if len(cells) == width]
        if len(full) < MIN_ROWS:
            return list(range(len(rows)))
        columns = TupleColumns(zip(*(rows[offset][1] for offset in full), strict=True))
        try:
            chosen = self.read(columns, [rows[offset][0] for offset in full], full, taken)
        except (TypeError, AttributeError):  # a cell that is not text (in a workbook)
            return list(range(len(rows)))
        return sorted(set(range(len(rows))) - chosen)

    def read(
        self,
        columns: Columns,
        lines: list[int],
        offsets: list[int],
        taken: dict[str, TakenRows],
    ) -> set[int]:
        """The rows taken (their positions in the task)."""
        count = len(lines)
        ok = np.ones(count, dtype=bool)
        for index in self.layout.label_columns:
            ok &= ~_total_labels(columns[index])
        level, same = self._level(columns, count)
        if level is None:
            return set()
        ok &= same
        plan = self.plans.get(level)
        if plan is None:
            plan = self.plans[level] = row_plan(self.layout, self.context, level)
        codes = self._codes(columns, plan, count)
        ok &= ~(codes == BAD).any(axis=1) & (codes != UNANSWERED).any(axis=1)
        if plan.other_columns:
            ok &= ~columns.codes(plan.other_columns, self.bad).any(axis=1)
        completed = self._completed(columns, ok)
        rows = np.flatnonzero(ok).tolist()
        every = len(rows) == count  # as nearly always: no row needs to be picked out
        if rows:
            found = self._found(columns, rows, lines, offsets, every)
            found.codes.append(codes if every else codes[ok])
            found.completed.extend(completed if every else (completed[row] for row in rows))
            taken[level] = found  # the first rows of the task taken: nothing to join
        return set(offsets) if every else {offsets[row] for row in rows}

    def _level(self, columns: Columns, count: int) -> tuple[str | None, Any]:
        """The level most rows are at, and which rows are at it (an unknown level is at
        none)."""
        default = self.layout.level
        index = self.layout.level_column
        if index is None:
            return default, np.ones(count, dtype=bool)
        levels = self.levels
        found: list[str | None] = []
        for value in columns[index]:
            level = levels.get(value, _MISSING)
            if level is _MISSING:
                text = value.strip()
                level = level_of(text, self.context.framework) if text else ""
                if len(levels) < 1000:
                    levels[value] = level
            found.append(level or default if level is not None else None)
        counts = Counter(level for level in found if level is not None)
        if not counts:
            return None, None
        level = counts.most_common(1)[0][0]
        return level, np.fromiter((f == level for f in found), dtype=bool, count=count)

    def _codes(self, columns: Columns, plan: RowPlan, count: int) -> Any:
        """The (rows, statements of the level) codes; `BAD` for a cell that is not a
        rating."""
        matrix = columns.codes(plan.columns, self.bad)
        if plan.positions is None:
            return matrix
        full = np.zeros((count, plan.width), dtype=np.uint8)
        full[:, list(plan.positions)] = matrix
        return full

    def _completed(self, columns: Columns, ok: Any) -> list[float | None]:
        """Each row's completion time; a row without a readable one is not taken."""
        index = self.layout.completed_column
        if index is None:
            return [None] * len(ok)
        times: list[float | None] = []
        for row, value in enumerate(columns[index]):
            moment = parse_time(value) if ok[row] else None
            if moment is None or moment is False:
                ok[row] = False
                times.append(None)
            else:
                times.append(float(moment))
        return times

    def _found(
        self,
        columns: Columns,
        rows: list[int],
        lines: list[int],
        offsets: list[int],
        every: bool,
    ) -> TakenRows:
        """The rows `rows` (positions among the full rows; `every` when that is all of
        them) as `TakenRows`, codes aside."""
        layout = self.layout
        name = layout.name_column if layout.name_column != layout.id_column else None
        groups: list[list[str | None]] = [
            list(_texts(columns, index, rows, every)) if index is not None else [None] * len(rows)
            for _, index in layout.groups
        ]
        names = _texts(columns, name, rows, every)
        return TakenRows(
            offsets=list(offsets) if every else [offsets[row] for row in rows],
            lines=list(lines) if every else [lines[row] for row in rows],
            respondents=self._respondents(columns, rows, every),
            names=[None] * len(rows) if not any(names) else [text or None for text in names],
            groups=groups,
        )

    def _respondents(self, columns: Columns, rows: list[int], every: bool) -> list[str | None]:
        """`respondent_of` each row: its id, unless that is empty or a placeholder."""
        ids = _texts(columns, self.layout.id_column, rows, every)
        plain = self.layout.id_column is not None and all(ids)
        if plain and ANONYMOUS.isdisjoint(map(str.casefold, ids)):
            return list(ids)
        return [respondent_of(self.layout, columns.row(row)) for row in rows]


class Columns(Protocol):
    """The cells of a task's full rows, a column at a time."""

    def __getitem__(self, index: int) -> Sequence[Any]: ...

    def row(self, position: int) -> Sequence[Any]:
        """The cells of one row."""
        ...

    def codes(self, indices: Sequence[int], bad: Mapping[Any, int]) -> Any:
        """The (rows, len(indices)) `uint8` codes of those columns; `BAD` for a cell that
        is not a rating."""
        ...


class TupleColumns(list[tuple[Any, ...]]):
    """Columns made by `zip` from rows the csv module (or a workbook) gave."""

    def row(self, position: int) -> Sequence[Any]:
        return [column[position] for column in self]

    def codes(self, indices: Sequence[int], bad: Mapping[Any, int]) -> Any:
        code = bad.__getitem__
        count = len(self[0]) if self else 0
        joined = b"".join(bytes(map(code, self[index])) for index in indices)
        matrix = np.frombuffer(joined, dtype=np.uint8).reshape(len(indices), count).T
        return np.ascontiguousarray(matrix)


def _texts(columns: Columns, index: int | None, rows: list[int], every: bool) -> list[str]:
    """The stripped cells of column `index` at `rows` (all "" when there is none)."""
    if index is None:
        return [""] * len(rows)
    column = columns[index]
    if every:
        joined = "\x00".join(column)  # TypeError for a cell that is not text
        if _EDGE_SPACE.search(joined) is None:  # no cell to strip (as ids nearly always are)
            return list(column)
    return [column[row].strip() for row in rows]


_EDGE_SPACE = re.compile(r"\A\s|\s\Z|\s\x00|\x00\s")
"""Space at either end of a cell, in cells joined with NUL."""


def _total_labels(column: Sequence[Any]) -> Any:
    """Which cells of a label column start a total row (`total_label`): looked at once in
    the joined column when it is plain ASCII letters and digits, else cell by cell."""
    joined = "".join(column)  # TypeError for a cell that is not text
    if joined.isascii() and joined.isalnum():
        folded = joined.lower()
        if not any(word in folded for word in _ONE_WORD_TOTALS):
            return np.zeros(len(column), dtype=bool)
    return np.fromiter(map(total_label, column), dtype=bool, count=len(column))


def _one_word_totals() -> frozenset[str]:
    from kompetens.cohort.headers import TOTAL_WORDS

    return frozenset(word for word in TOTAL_WORDS if " " not in word)


_ONE_WORD_TOTALS = _one_word_totals()

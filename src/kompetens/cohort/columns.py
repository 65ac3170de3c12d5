"""A cohort's scored respondents as columns: one `uint8` code matrix, one `float64` matrix
of means, and a list or array per field, instead of an `Entry` object per respondent.

A national cohort has a million respondents; an `Entry` each took half a kilobyte and a few
microseconds to build, so holding them was most of the memory and much of the time of
scoring a large table. Rows that the fast table reader took arrive as `ScoredRows` (columns
already) and stay columns; result files and rows read exactly arrive as `Entry` objects and
are kept as they are. `EntryColumns` joins both in input order and is still a
`Sequence[Entry]`: indexing it gives an `Entry` (the very object for those that came as one,
a new one otherwise), so every reader of single entries works as before, while the cohort
statistics and the per-respondent CSV read the columns whole.

numpy is imported by the first use of this module, never by `--help`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, overload

import numpy as np

from kompetens.cohort.files import FOLDER_GROUPS
from kompetens.cohort.records import Entry

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from kompetens.assessment.scoring import ScoringPlan
    from kompetens.cohort.tabletypes import Layout, RowBlock

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ScoredRows:
    """Rows of one table at one level that the fast reader scored, as columns."""

    source: str
    framework_id: str
    level: str
    orders: NDArray[np.int64]
    """Each row's place among all inputs (result files first, then table rows)."""
    lines: NDArray[np.int64]
    respondents: list[str | None]
    names: list[str | None]
    groups: dict[str, list[str]]
    codes: NDArray[np.uint8]
    """(rows, statements of the level), codes as in `records.encode`."""
    means: NDArray[np.float64]
    """(rows, sub-areas + areas + 1), NaN where a mean is none."""
    answered: NDArray[np.int64]
    cant_say: NDArray[np.int64]
    completed: NDArray[np.float64]
    """POSIX time of completion, NaN where the table has none."""
    keys_are_ids: bool = False
    """Each row's id is its deduplication key (`RowBlock.keys_are_ids`)."""

    def __len__(self) -> int:
        return len(self.respondents)

    def entry(self, index: int) -> Entry:
        """Row `index` as an `Entry`, equal to what the row-by-row reader made of it."""
        groups = {column: values[index] for column, values in self.groups.items()}
        return _entry(self, index, self.source, self.level, self.framework_id, groups)

    def take(self, keep: NDArray[np.bool_]) -> ScoredRows:
        """The rows where `keep` is true."""
        chosen = np.flatnonzero(keep).tolist()
        return ScoredRows(
            self.source,
            self.framework_id,
            self.level,
            self.orders[keep],
            self.lines[keep],
            [self.respondents[i] for i in chosen],
            [self.names[i] for i in chosen],
            {column: [values[i] for i in chosen] for column, values in self.groups.items()},
            self.codes[keep],
            self.means[keep],
            self.answered[keep],
            self.cant_say[keep],
            self.completed[keep],
            self.keys_are_ids,
        )


def scored_rows(layout: Layout, framework_id: str, first: int, block: RowBlock) -> ScoredRows:
    """A worker's `RowBlock` of a task whose first row is input number `first`, with its
    group cells filled in as `fastrows.row_entry` does (a missing cell is "", or the
    table's folder for a folder group)."""
    groups: dict[str, list[str]] = {}
    for (group, _), cells in zip(layout.groups, block.groups, strict=True):
        missing = layout.folder if group.casefold() in FOLDER_GROUPS else ""
        groups[group] = [missing if cell is None else cell for cell in cells]
    return ScoredRows(
        layout.file,
        framework_id,
        block.level,
        block.offsets + first,
        block.lines,
        block.respondents,
        block.names,
        groups,
        block.codes,
        block.means,
        block.answered,
        block.cant_say,
        block.completed,
        block.keys_are_ids,
    )


def widths(plan: ScoringPlan) -> tuple[int, int]:
    """How many codes (statements of the level) and means (sub-areas, areas, overall) a
    respondent of `plan` has: the widths of the two matrices."""
    components = sum(len(components) for _, components in plan.areas)
    return len(plan.statement_ids), components + len(plan.areas) + 1


def _entry(
    rows: ScoredRows | EntryColumns,
    index: int,
    source: str,
    level: str,
    framework_id: str | None,
    groups: dict[str, str],
) -> Entry:
    """Row `index` of `rows` as the `Entry` the row-by-row reader made of a table row."""
    completed = float(rows.completed[index])
    return Entry(
        source,
        int(rows.lines[index]),
        rows.respondents[index],
        rows.names[index],
        level,
        groups,
        rows.codes[index].tobytes(),
        _means(rows.means[index]),
        int(rows.answered[index]),
        int(rows.cant_say[index]),
        None if completed != completed else completed,
        int(rows.orders[index]),
        framework_id,
        "row",
    )


def _means(row: NDArray[np.float64]) -> tuple[float | None, ...]:
    return tuple(None if value != value else value for value in row.tolist())


class EntryColumns(Sequence[Entry]):
    """Every scored respondent of a cohort (one level), in input order, as columns."""

    def __init__(
        self,
        *,
        sources: list[str],
        lines: NDArray[np.int64],
        respondents: list[str | None],
        names: list[str | None],
        levels: list[str],
        groups: dict[str, list[str | None]],
        codes: NDArray[np.uint8],
        means: NDArray[np.float64],
        answered: NDArray[np.int64],
        cant_say: NDArray[np.int64],
        completed: NDArray[np.float64],
        orders: NDArray[np.int64],
        framework_ids: list[str | None],
        originals: dict[int, Entry],
    ) -> None:
        self.sources = sources
        self.lines = lines
        self.respondents = respondents
        self.names = names
        self.levels = levels
        self.groups = groups
        """Group column → each row's value; None where the row has no such group."""
        self.codes = codes
        self.means = means
        self.answered = answered
        self.cant_say = cant_say
        self.completed = completed
        self.orders = orders
        self.framework_ids = framework_ids
        self.originals = originals
        """Row → the `Entry` it came as (result files, rows read exactly)."""

    @classmethod
    def gather(
        cls, entries: Sequence[Entry], blocks: Sequence[ScoredRows], width: int, columns: int
    ) -> EntryColumns:
        """`entries` and the rows of `blocks` as one set of columns, in input order
        (`Entry.order`). `width` statements and `columns` means per respondent."""
        names = _group_names(entries, blocks)
        parts = [_of_entries(entries, width, columns, names)]
        parts.extend(_of_block(block, names) for block in blocks)
        return _joined(parts).in_order()

    @classmethod
    def of(cls, entries: Sequence[Entry], width: int, columns: int) -> EntryColumns:
        """`entries` as columns (itself when it already is)."""
        if isinstance(entries, EntryColumns):
            return entries
        return cls.gather(entries, (), width, columns)

    def in_order(self) -> EntryColumns:
        """The rows sorted by input order (already so, nearly always)."""
        orders = self.orders
        if len(orders) < 2 or bool(np.all(orders[1:] > orders[:-1])):
            return self
        return self.pick(np.argsort(orders, kind="stable"))

    def pick(self, rows: NDArray[np.intp]) -> EntryColumns:
        """The rows at the positions `rows`, in that order."""
        chosen: list[int] = rows.tolist()
        where = {row: position for position, row in enumerate(chosen)}
        return EntryColumns(
            sources=[self.sources[i] for i in chosen],
            lines=self.lines[rows],
            respondents=[self.respondents[i] for i in chosen],
            names=[self.names[i] for i in chosen],
            levels=[self.levels[i] for i in chosen],
            groups={name: [values[i] for i in chosen] for name, values in self.groups.items()},
            codes=self.codes[rows],
            means=self.means[rows],
            answered=self.answered[rows],
            cant_say=self.cant_say[rows],
            completed=self.completed[rows],
            orders=self.orders[rows],
            framework_ids=[self.framework_ids[i] for i in chosen],
            originals={where[i]: e for i, e in self.originals.items() if i in where},
        )

    def __len__(self) -> int:
        return len(self.respondents)

    @overload
    def __getitem__(self, index: int) -> Entry: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Entry]: ...

    def __getitem__(self, index: int | slice) -> Entry | Sequence[Entry]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        original = self.originals.get(index)
        if original is not None:
            return original
        groups = {
            name: value
            for name, values in self.groups.items()
            if (value := values[index]) is not None
        }
        return _entry(
            self, index, self.sources[index], self.levels[index], self.framework_ids[index], groups
        )

    def __iter__(self) -> Iterator[Entry]:
        for index in range(len(self)):
            yield self[index]

    def group(self, name: str, start: int = 0, end: int | None = None) -> list[str]:
        """Each row's value of a group column ("" where it has none)."""
        values = self.groups.get(name)
        if values is None:
            return [""] * len(range(*slice(start, end).indices(len(self))))
        return ["" if value is None else value for value in values[start:end]]

    def where(self, start: int, end: int) -> list[str]:
        """`Entry.where` of the rows `start:end`: the file, and the row's line."""
        return [
            f"{source}:{line}" if line else source
            for source, line in zip(
                self.sources[start:end], self.lines[start:end].tolist(), strict=True
            )
        ]

    def displayed(self, display: Callable[[Entry], str], start: int, end: int) -> list[str]:
        """How `display` names the respondents `start:end`, a column at a time when it can
        (`display.column`), else one entry at a time."""
        column = getattr(display, "column", None)
        if column is not None:
            names: list[str] = column(self, start, end)
            return names
        return [display(self[index]) for index in range(start, min(end, len(self)))]

    def basename(self, index: int) -> str:
        return Path(self.sources[index]).name


def _of_entries(
    entries: Sequence[Entry], width: int, columns: int, names: Sequence[str]
) -> EntryColumns:
    """Entries as columns; each stays at hand as it is (`originals`)."""
    return EntryColumns(
        sources=[e.source for e in entries],
        lines=np.array([e.line for e in entries], dtype=np.int64),
        respondents=[e.respondent for e in entries],
        names=[e.name for e in entries],
        levels=[e.level for e in entries],
        groups={name: [e.groups.get(name) for e in entries] for name in names},
        codes=_entry_codes(entries, width),
        means=_entry_means(entries, columns),
        answered=np.array([e.answered for e in entries], dtype=np.int64),
        cant_say=np.array([e.cant_say for e in entries], dtype=np.int64),
        completed=np.array(
            [np.nan if e.completed is None else e.completed for e in entries], dtype=np.float64
        ),
        orders=np.array([e.order for e in entries], dtype=np.int64),
        framework_ids=[e.framework_id for e in entries],
        originals=dict(enumerate(entries)),
    )


def _of_block(block: ScoredRows, names: Sequence[str]) -> EntryColumns:
    """A block's rows as columns (no `Entry` is made)."""
    count = len(block)
    return EntryColumns(
        sources=[block.source] * count,
        lines=block.lines,
        respondents=block.respondents,
        names=block.names,
        levels=[block.level] * count,
        groups={name: _group_cells(block, name) for name in names},
        codes=block.codes,
        means=block.means,
        answered=block.answered,
        cant_say=block.cant_say,
        completed=block.completed,
        orders=block.orders,
        framework_ids=[block.framework_id] * count,
        originals={},
    )


def _joined(parts: Sequence[EntryColumns]) -> EntryColumns:
    """The rows of `parts`, one after the other."""
    if len(parts) == 1:
        return parts[0]
    originals: dict[int, Entry] = {}
    start = 0
    for part in parts:
        originals.update((start + row, entry) for row, entry in part.originals.items())
        start += len(part)
    first = parts[0]
    return EntryColumns(
        sources=_flat(part.sources for part in parts),
        lines=np.concatenate([part.lines for part in parts]),
        respondents=_flat(part.respondents for part in parts),
        names=_flat(part.names for part in parts),
        levels=_flat(part.levels for part in parts),
        groups={name: _flat(part.groups[name] for part in parts) for name in first.groups},
        codes=np.concatenate([part.codes for part in parts]),
        means=np.concatenate([part.means for part in parts]),
        answered=np.concatenate([part.answered for part in parts]),
        cant_say=np.concatenate([part.cant_say for part in parts]),
        completed=np.concatenate([part.completed for part in parts]),
        orders=np.concatenate([part.orders for part in parts]),
        framework_ids=_flat(part.framework_ids for part in parts),
        originals=originals,
    )


def _entry_codes(entries: Sequence[Entry], width: int) -> NDArray[np.uint8]:
    blob = b"".join(entry.codes for entry in entries)
    if len(blob) != width * len(entries):
        raise ValueError(f"every entry needs {width} codes")
    return np.frombuffer(blob, dtype=np.uint8).reshape(len(entries), width).copy()


def _entry_means(entries: Sequence[Entry], columns: int) -> NDArray[np.float64]:
    if not entries:
        return np.zeros((0, columns))
    return np.array([entry.means for entry in entries], dtype=np.float64).reshape(
        len(entries), columns
    )


def _group_cells(block: ScoredRows, name: str) -> list[str | None]:
    cells: list[str | None] = [None] * len(block)
    found = block.groups.get(name)
    if found is not None:
        cells[:] = found
    return cells


def _flat(lists: Iterable[Sequence[T]]) -> list[T]:
    flat: list[T] = []
    for values in lists:
        flat.extend(values)
    return flat


def _group_names(entries: Sequence[Entry], blocks: Sequence[ScoredRows]) -> list[str]:
    """Every group column of the rows, in the order first met."""
    names: dict[str, None] = {}
    for entry in entries:
        names.update(dict.fromkeys(entry.groups))
    for block in blocks:
        names.update(dict.fromkeys(block.groups))
    return list(names)

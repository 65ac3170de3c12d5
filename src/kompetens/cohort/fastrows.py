"""The fast reader: the rows of a table that are plainly fine, a chunk at a time, their
codes tallied at once by `scoring_matrix`; any other row goes to `rowscore.score_row`.
Runs in worker processes (`init_rows`, `score_rows`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from kompetens.assessment.scoring import ScoringPlan
from kompetens.cohort.cells import EMPTY, CellReader
from kompetens.cohort.files import FOLDER_GROUPS
from kompetens.cohort.records import (
    CANT_SAY,
    UNANSWERED,
    Entry,
)
from kompetens.cohort.rowcells import (
    cell_text,
    level_of,
    parse_time,
    respondent_of,
    total_label,
)
from kompetens.cohort.rowscore import (
    score_row,
)
from kompetens.cohort.tabletext import (
    TextPart,
    read_part,
)
from kompetens.cohort.tabletypes import (
    Layout,
    ReadContext,
    RowBlock,
    RowChunk,
    RowOutput,
    RowScore,
)


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
        return cell_text(cells[index]) or None

    def fast(line: int, cells: Sequence[Any]) -> RowScore | None:
        count = len(cells)
        if count > header:
            return None
        for index in label_columns:
            if index < count and isinstance(cells[index], str) and total_label(cells[index]):
                return None
        level = default_level
        if level_column is not None and level_column < count:
            value = cells[level_column]
            found = levels.get(value, _MISSING)
            if found is _MISSING:
                text = cell_text(value)
                found = level_of(text, framework) if text else ""
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
            respondent_of(layout, cells),
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
        means = tuple(map(numbers.setdefault, means, means))
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


def score_rows(task: RowTask) -> RowChunk:
    """The task's rows: those the fast reader takes as columns by level (`RowBlock`), every
    other row read exactly (`score_row`) with its position in the task."""
    worker = _worker[0]
    context = worker.context
    layout = task.layout
    rows: Sequence[tuple[int, list[Any]]]
    if task.part is not None:
        part = task.part
        rows = read_part(worker.text[part.start : part.end], part.first_line, task.delimiter)
    else:
        rows = task.rows if task.rows is not None else worker.rows[task.start : task.end]
    if worker.codes is None:
        worker.codes = _CodeCache(context.cells, context.framework.scale.minimum)
    fast_row = _fast_rows(layout, context, worker.codes)
    others: list[tuple[int, RowOutput]] = []
    taken: dict[str, list[tuple[int, RowScore]]] = {}
    """Level → the rows of that level that the fast reader took, with their positions."""
    for offset, (line, cells) in enumerate(rows):
        fast = fast_row(line, cells)
        if fast is not None:
            taken.setdefault(fast.level, []).append((offset, fast))
            continue
        slow = score_row(layout, context, line, cells, task.first_order + offset)
        others.append((offset, _compact(slow) if isinstance(slow, Entry) else slow))
    blocks = [_block(context, level, level_rows) for level, level_rows in taken.items()]
    return RowChunk(blocks, others, len(rows))


def _block(context: ReadContext, level: str, rows: Sequence[tuple[int, RowScore]]) -> RowBlock:
    """The fast reader's rows of one level as columns, tallied all at once."""
    import numpy as np

    scored = [row for _, row in rows]
    width = len(context.plan(level).statement_ids)
    codes = np.frombuffer(b"".join(row.codes for row in scored), dtype=np.uint8)
    codes = codes.reshape(len(scored), width)
    means, answered, cant_say = _tally_chunk(context, level, codes)
    return RowBlock(
        level,
        np.array([offset for offset, _ in rows], dtype=np.int64),
        np.array([row.line for row in scored], dtype=np.int64),
        [row.respondent for row in scored],
        [row.name for row in scored],
        tuple(list(column) for column in zip(*(row.groups for row in scored), strict=True))
        if scored and scored[0].groups
        else (),
        codes,
        means,
        answered,
        cant_say,
        np.array(
            [np.nan if row.completed is None else row.completed for row in scored],
            dtype=np.float64,
        ),
    )


def _tally_chunk(context: ReadContext, level: str, codes: Any) -> tuple[Any, Any, Any]:
    """Means (sub-areas, areas, overall; NaN for none), answered and "can't say" counts of
    the rows of `codes`, all at once, with the columnar tally (`scoring_matrix`), which
    equals `ScoringPlan.tally` bit for bit; no per-cell objects are made."""
    import numpy as np

    from kompetens.assessment.scoring_matrix import MatrixPlan

    matrix_plan = MatrixPlan.build(context.plan(level), context.framework.scale.minimum)
    tally = matrix_plan.tally(codes)
    means = np.concatenate(
        (tally.component_means, tally.area_means, tally.overall_means[:, None]), axis=1
    )
    return means, tally.answered.astype(np.int64), tally.cant_say.astype(np.int64)


def chunk_outputs(chunk: RowChunk) -> list[RowOutput]:
    """The task's rows one by one, in order, as the row-by-row reader gave them: a
    `RowScore`, or the row's problems (for comparing the two readers)."""
    outputs: list[RowOutput | None] = [None] * chunk.rows
    for offset, output in chunk.others:
        outputs[offset] = output
    for block in chunk.blocks:
        for index, offset in enumerate(block.offsets.tolist()):
            outputs[offset] = RowScore(
                int(block.lines[index]),
                block.respondents[index],
                block.names[index],
                block.level,
                tuple(column[index] for column in block.groups),
                block.codes[index].tobytes(),
                tuple(None if v != v else v for v in block.means[index].tolist()),
                int(block.answered[index]),
                int(block.cant_say[index]),
                None
                if block.completed[index] != block.completed[index]
                else float(block.completed[index]),
            )
    return [output for output in outputs if output is not None]

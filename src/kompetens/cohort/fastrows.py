"""The fast reader: the rows of a table that are plainly fine, a chunk at a time, their
codes tallied at once by `scoring_matrix`; any other row goes to `rowscore.score_row`.
Runs in worker processes (`init_rows`, `score_rows`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from kompetens.cohort.bytecells import ByteColumns
from kompetens.cohort.fastcolumns import MIN_ROWS, CellCodes, ColumnReader, TakenRows
from kompetens.cohort.files import FOLDER_GROUPS
from kompetens.cohort.records import (
    Entry,
)
from kompetens.cohort.rowcells import (
    cell_text,
    level_of,
    parse_time,
    respondent_of,
    total_label,
)
from kompetens.cohort.rowplan import CodeCache, RowPlan, row_plan
from kompetens.cohort.rowscore import (
    score_row,
)
from kompetens.cohort.selection import ids_are_keys
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


def _fast_rows(
    layout: Layout, context: ReadContext, codes_of: CodeCache
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
    plans: dict[str, RowPlan] = {}

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
        taken = plans.get(level)
        if taken is None:
            taken = plans[level] = row_plan(layout, context, level)
        try:
            if taken.others is not None and any(map(code_of, taken.others(cells))):
                return None
            codes = bytes(map(code_of, taken.getter(cells)))
        except (IndexError, ValueError):  # a short row, a cell that is not a rating
            return None
        if not any(codes):
            return None
        if taken.positions is not None:
            full = bytearray(taken.width)
            for position, code in zip(taken.positions, codes, strict=True):
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
    codes: CodeCache | None = None
    bad: CellCodes | None = None


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
    if worker.codes is None:
        worker.codes = CodeCache(context.cells, context.framework.scale.minimum)
    if worker.bad is None:
        worker.bad = CellCodes(worker.codes)
    reader = ColumnReader(task.layout, context, worker.codes, shared=worker.bad)
    taken: dict[str, TakenRows] = {}
    """Level → the rows of that level that the fast readers took."""
    rows: Sequence[tuple[int, Sequence[Any]]]
    if task.part is not None:
        part = task.part
        text = worker.text[part.start : part.end]
        columns = _byte_columns(text, task.delimiter, task.layout)
        if columns is not None:
            count = len(columns)
            chosen = reader.read(
                columns,
                list(range(part.first_line, part.first_line + count)),
                [*range(count)],
                taken,
            )
            rest = sorted(set(range(count)) - chosen)
            return _rest(task, _RestRows(part.first_line, columns), rest, taken, count)
        rows = read_part(text, part.first_line, task.delimiter)
    else:
        rows = task.rows if task.rows is not None else worker.rows[task.start : task.end]
    return _rest(task, rows, reader.take(rows, taken), taken, len(rows))


def _byte_columns(text: str, delimiter: str, layout: Layout) -> ByteColumns | None:
    """The piece's cells found by numpy (`bytecells`), when it is plain enough: no blank
    line, every line a full row, short rating cells, enough rows to be worth it."""
    width = len(layout.header)
    if width < 2 or text.count("\n") < MIN_ROWS:
        return None
    return ByteColumns.of(text, delimiter, width, [column for column, _ in layout.statements])


class _RestRows:
    """Rows of a piece read by numpy, cut out as cells only when the row readers ask."""

    def __init__(self, first_line: int, columns: ByteColumns) -> None:
        self.first_line = first_line
        self.columns = columns

    def __getitem__(self, offset: int) -> tuple[int, Sequence[Any]]:
        return self.first_line + offset, self.columns.row(offset)


def _rest(
    task: RowTask,
    rows: Any,
    rest: Sequence[int],
    taken: dict[str, TakenRows],
    count: int,
) -> RowChunk:
    """The rows at `rest` read a row at a time (`fastrows`, else exactly), with the rows
    the column reader took: the task's `RowChunk`."""
    worker = _worker[0]
    context = worker.context
    layout = task.layout
    assert worker.codes is not None
    fast_row = _fast_rows(layout, context, worker.codes)
    others: list[tuple[int, RowOutput]] = []
    for offset in rest:
        line, cells = rows[offset]
        fast = fast_row(line, cells)
        if fast is not None:
            taken.setdefault(fast.level, TakenRows()).add_row(offset, fast)
            continue
        slow = score_row(layout, context, line, list(cells), task.first_order + offset)
        others.append((offset, _compact(slow) if isinstance(slow, Entry) else slow))
    blocks = [_block(context, level, rows_of_level) for level, rows_of_level in taken.items()]
    return RowChunk(blocks, others, count)


def _block(context: ReadContext, level: str, taken: TakenRows) -> RowBlock:
    """The fast readers' rows of one level as columns in the order of the rows, tallied
    all at once."""
    import numpy as np

    codes = taken.matrix(len(context.plan(level).statement_ids))
    offsets = np.array(taken.offsets, dtype=np.int64)
    lines = np.array(taken.lines, dtype=np.int64)
    if taken.completed.count(None) == len(taken.completed):  # a table without times
        completed = np.full(len(taken.completed), np.nan)
    else:
        completed = np.array(
            [np.nan if moment is None else moment for moment in taken.completed],
            dtype=np.float64,
        )
    respondents, names, groups = taken.respondents, taken.names, taken.groups
    if len(offsets) > 1 and not bool(np.all(offsets[1:] > offsets[:-1])):
        order = np.argsort(offsets, kind="stable")
        rows: list[int] = order.tolist()
        offsets, lines, codes, completed = (
            offsets[order],
            lines[order],
            codes[order],
            completed[order],
        )
        respondents = [respondents[row] for row in rows]
        names = [names[row] for row in rows]
        groups = [[cells[row] for row in rows] for cells in groups]
    means, answered, cant_say = _tally_chunk(context, level, codes)
    return RowBlock(
        level,
        offsets,
        lines,
        respondents,
        names,
        tuple(groups),
        codes,
        means,
        answered,
        cant_say,
        completed,
        ids_are_keys(respondents),
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

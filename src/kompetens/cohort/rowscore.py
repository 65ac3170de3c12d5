"""One table row read exactly: every problem in it found and located (column and
statement), or the row scored as an `Entry`. Rows the fast reader (`fastrows`) does not
take come here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kompetens.cohort.cells import EMPTY
from kompetens.cohort.files import FOLDER_GROUPS
from kompetens.cohort.records import (
    Entry,
    encode,
    note,
    rejection,
    score_vector,
)
from kompetens.cohort.rowcells import (
    cell_problem,
    cell_text,
    is_total_row,
    level_of,
    parse_time,
    respondent_of,
)
from kompetens.cohort.tabletypes import (
    Layout,
    ReadContext,
)
from kompetens.framework.diagnostics import Diagnostic


def score_row(
    layout: Layout, context: ReadContext, line: int, cells: Sequence[Any], order: int
) -> Entry | list[Diagnostic]:
    """One row as a scored `Entry`, or every problem in it (with its column). A draft or a
    total row gives only warnings: it is not scored, and not rejected either."""
    msg = context.messages
    if is_total_row(layout, cells):
        return [note(layout.file, line, 1, "total-row", msg("tables.total_row"))]
    level = _row_level(layout, context, line, cells)
    if isinstance(level, Diagnostic):
        return [level]
    completed = _row_completed(layout, context, line, cells)
    if isinstance(completed, Diagnostic):  # a draft
        return [completed]
    moment, warnings = completed
    ratings, problems = _row_ratings(layout, context, line, cells, level)
    if problems:
        return problems
    if not ratings:
        return [rejection(layout.file, line, 1, "no-answers", msg("tables.no_answers"))]
    return _entry(layout, context, line, cells, order, level, ratings, moment, warnings)


def _row_level(
    layout: Layout, context: ReadContext, line: int, cells: Sequence[Any]
) -> str | Diagnostic:
    """The row's level (its level cell, else the run's), or why it has none."""
    framework = context.framework
    msg = context.messages
    level = layout.level
    column = layout.level_column
    raw_level = cell_text(cells[column]) if column is not None and column < len(cells) else ""
    if column is not None and raw_level:
        level = level_of(raw_level, framework)
        if level is None:
            return rejection(
                layout.file,
                line,
                column + 1,
                "unknown-level",
                msg(
                    "tables.unknown_level",
                    level=raw_level,
                    levels=", ".join(framework.level_ids),
                ),
                layout.header[column],
            )
    if level is None:
        return rejection(
            layout.file, line, (column or 0) + 1, "no-level", msg("tables.row_no_level")
        )
    return level


def _row_completed(
    layout: Layout, context: ReadContext, line: int, cells: Sequence[Any]
) -> tuple[float | None, list[Diagnostic]] | Diagnostic:
    """When the row was completed (`None`: the table has no time column, or the time cannot
    be read, which is a warning); a note when the row is a draft (no time)."""
    column = layout.completed_column
    if column is None:
        return None, []
    msg = context.messages
    column_name = layout.header[column]
    cell = cells[column] if column < len(cells) else None
    moment = parse_time(cell)
    if moment is None:
        draft = msg("tables.draft", column=column_name)
        return note(layout.file, line, column + 1, "draft", draft, column_name)
    if moment is False:
        bad = msg("tables.bad_time", value=cell_text(cell), column=column_name)
        return None, [note(layout.file, line, column + 1, "bad-time", bad, column_name)]
    return float(moment), []


def _row_ratings(
    layout: Layout, context: ReadContext, line: int, cells: Sequence[Any], level: str
) -> tuple[dict[str, int | None], list[Diagnostic]]:
    """The row's ratings by statement, and every cell that is not a rating of this level
    (and cells beyond the header)."""
    msg = context.messages
    file = layout.file
    count = len(cells)
    levels_of = context.levels_of
    reader = context.cells
    ratings: dict[str, int | None] = {}
    problems: list[Diagnostic] = []
    for column, statement_id in layout.statements:
        value = cells[column] if column < count else None
        if value is None or value == "":
            continue
        rating = reader.read(value)
        if rating == EMPTY:
            continue
        if isinstance(rating, str):
            problem = cell_problem(context, rating, value)
            problems.append(rejection(file, line, column + 1, "off-scale", problem, statement_id))
        elif level not in levels_of[statement_id]:
            other = msg("tables.other_level_statement", statement=statement_id, level=level)
            problems.append(
                rejection(file, line, column + 1, "unknown-statement", other, statement_id)
            )
        else:
            ratings[statement_id] = rating
    width = len(layout.header)
    if count > width and any(cell_text(c) for c in cells[width:]):
        extra = msg("tables.extra_cells", cells=count, header=width)
        problems.append(rejection(file, line, width + 1, "extra-cells", extra))
    return ratings, problems


def _entry(
    layout: Layout,
    context: ReadContext,
    line: int,
    cells: Sequence[Any],
    order: int,
    level: str,
    ratings: dict[str, int | None],
    completed: float | None,
    warnings: list[Diagnostic],
) -> Entry:
    framework = context.framework
    plan = context.plan(level)
    means, answered, cant_say = score_vector(plan, ratings)
    count = len(cells)

    def text_at(index: int | None) -> str | None:
        if index is None or index >= count:
            return None
        return cell_text(cells[index]) or None

    groups = {
        name: (
            text_at(index) or ""
            if index is not None
            else (layout.folder if name.casefold() in FOLDER_GROUPS else "")
        )
        for name, index in layout.groups
    }
    return Entry(
        source=layout.file,
        line=line,
        respondent=respondent_of(layout, cells),
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

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
    framework = context.framework
    msg = context.messages
    file = layout.file
    count = len(cells)
    if is_total_row(layout, cells):
        return [note(file, line, 1, "total-row", msg("tables.total_row"))]
    level = layout.level
    if layout.level_column is not None and layout.level_column < count:
        raw_level = cell_text(cells[layout.level_column])
        if raw_level:
            level = level_of(raw_level, framework)
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
                    msg("tables.bad_time", value=cell_text(cell), column=column_name),
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
                    cell_problem(context, rating, value),
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
    if count > len(layout.header) and any(cell_text(c) for c in cells[len(layout.header) :]):
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
        source=file,
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

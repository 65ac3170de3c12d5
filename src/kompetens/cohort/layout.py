"""What each column of a table means: the header row (found among the first rows, merged
with a title row above), statements by id or text or a `--columns` map, the respondent,
name, level, time and group columns, and notes about columns that were not recognised."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kompetens.cohort.headers import (
    find_roles,
    header_score,
    match_header,
    normalise,
)
from kompetens.cohort.records import (
    note,
    rejection,
)
from kompetens.cohort.rowcells import (
    short_text,
)
from kompetens.cohort.tabletypes import (
    HEADER_SEARCH_ROWS,
    Layout,
    ReadContext,
)
from kompetens.framework.diagnostics import Diagnostic


def header_text(value: Any) -> str:
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
    lower = [header_text(c) for c in rows[index]] if index < len(rows) else []
    if index > 0:
        upper = [header_text(c) for c in rows[index - 1]]
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
    headers = [header_text(h) for h in header]
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
                            header=short_text(text),
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
                            header=short_text(text),
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
                    columns=", ".join(f"{c + 1} ('{short_text(headers[c])}')" for c in columns),
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
            f"'{short_text(text)}'"
            if text.strip()
            else msg("tables.unnamed_column", column=index + 1)
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


def _column_list(headers: Sequence[str], limit: int = 8) -> str:
    shown = [short_text(h, 30) for h in headers if h.strip()][:limit]
    more = len([h for h in headers if h.strip()]) - len(shown)
    return ", ".join(shown) + (f", … ({more})" if more > 0 else "")

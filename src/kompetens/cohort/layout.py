"""What each column of a table means: the header row (found among the first rows, merged
with a title row above), statements by id or text or a `--columns` map, the respondent,
name, level, time and group columns, and notes about columns that were not recognised."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from kompetens.cohort.columnmap import ColumnMap
from kompetens.cohort.headers import (
    ColumnRoles,
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
    merged = _merged(rows[index - 1], lower) if index > 0 else None
    if merged is not None:
        return index, merged, 2
    return index, lower, 1


def _merged(above: Sequence[Any], lower: list[str]) -> list[str] | None:
    """The header merged with the row above it, when that row holds titles over merged
    cells (text where the header is empty, and no numbers); else `None`."""
    upper = [header_text(c) for c in above]
    numbers = any(isinstance(c, int | float) and not isinstance(c, bool) for c in above)
    fills = [i for i, text in enumerate(upper) if text and (i >= len(lower) or not lower[i])]
    if not fills or numbers or not any(upper):
        return None
    width = max(len(upper), len(lower))
    return [
        (lower[i] if i < len(lower) and lower[i] else (upper[i] if i < len(upper) else ""))
        for i in range(width)
    ]


@dataclass
class _Plan:
    """What `plan_layout` finds as it goes: the header texts, notes and problems (in the
    order they are found), and which columns hold which statements."""

    file: str
    header_line: int
    context: ReadContext
    headers: list[str]
    notes: list[Diagnostic] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    matched: dict[int, str] = field(default_factory=dict)
    twice: dict[str, list[int]] = field(default_factory=dict)
    ambiguous: set[int] = field(default_factory=set)

    @property
    def statement_columns(self) -> set[int]:
        twice = {c for columns in self.twice.values() for c in columns}
        return set(self.matched) | twice | self.ambiguous


def _header_rejection(plan: _Plan, at: int, code: str, key: str, /, **values: Any) -> Diagnostic:
    """An error at column `at` of the header, worded by message `key`."""
    message = plan.context.messages(key, **values)
    return rejection(plan.file, plan.header_line, at, code, message)


def _header_note(plan: _Plan, at: int, code: str, key: str, /, **values: Any) -> Diagnostic:
    """A note at column `at` of the header, worded by message `key`."""
    message = plan.context.messages(key, **values)
    return note(plan.file, plan.header_line, at, code, message)


def plan_layout(
    file: str, header: Sequence[Any], context: ReadContext, header_line: int = 1
) -> tuple[Layout | None, list[Diagnostic], list[Diagnostic]]:
    """What the columns mean; notes; and errors about the table that do not stop it."""
    options = context.options
    plan = _Plan(file, header_line, context, [header_text(h) for h in header])
    first_column: dict[str, int] = {}
    for index, text in enumerate(plan.headers):
        statement_id = _statement_of(plan, index, text)
        if statement_id is None:
            continue
        if statement_id in first_column:
            plan.twice.setdefault(statement_id, [first_column[statement_id]]).append(index)
            continue
        first_column[statement_id] = index
        plan.matched[index] = statement_id
    _drop_duplicates(plan)
    if options.column_map is not None:
        _note_unused_map(plan, options.column_map)
    if not plan.matched:
        level_hint = options.level or context.framework.level_ids[0]
        found = _header_rejection(
            plan,
            1,
            "no-statements",
            "tables.no_statements",
            framework=context.framework.id,
            file=file,
            level=level_hint,
            row=header_line,
        )
        return None, [found, *plan.problems], []
    roles = find_roles(plan.headers, skip=plan.statement_columns)
    id_index = _id_column(plan, roles)
    if id_index is False:
        found = _header_rejection(
            plan,
            1,
            "no-id-column",
            "tables.no_id_column",
            column=options.id_column,
            columns=_column_list(plan.headers),
        )
        return None, [found], []
    groups = [(group, _column_named(plan.headers, group)) for group in options.by]
    _note_unknown(plan, roles, id_index, groups)
    if id_index is None:
        plan.notes.append(_header_note(plan, 1, "no-respondent-column", "tables.no_respondent"))
    if options.level is None and roles.level is None:
        levels = ", ".join(context.framework.level_ids)
        found = _header_rejection(plan, 1, "no-level", "tables.no_level", levels=levels)
        return None, [found, *plan.notes], []
    return _layout(plan, roles, id_index, groups), plan.notes, plan.problems


def _statement_of(plan: _Plan, index: int, text: str) -> str | None:
    """The statement a header names (by the column map, else by its id or text); a header
    that names two is a problem, a near match a note."""
    column_map = plan.context.options.column_map
    mapped = column_map.statement_for(text) if column_map else None
    if mapped is not None:
        return mapped
    found = match_header(text, plan.context.index)
    if found is None:
        return None
    statements = found.statements
    if len(statements) > 1:
        plan.ambiguous.add(index)
        plan.problems.append(
            _header_rejection(
                plan,
                index + 1,
                "ambiguous-column",
                "tables.one_header_two_statements",
                column=index + 1,
                header=short_text(text),
                statements=", ".join(statements),
            )
        )
        return None
    if found.how == "near":
        plan.notes.append(
            _header_note(
                plan,
                index + 1,
                "near-match",
                "tables.near_match",
                header=short_text(text),
                statement=statements[0],
                percent=round(found.similarity * 100),
            )
        )
    return statements[0]


def _drop_duplicates(plan: _Plan) -> None:
    """Two columns for one statement: neither is read, and that is a problem."""
    for statement_id, columns in plan.twice.items():
        for column in columns:
            plan.matched.pop(column, None)
        listed = ", ".join(f"{c + 1} ('{short_text(plan.headers[c])}')" for c in columns)
        plan.problems.append(
            _header_rejection(
                plan,
                columns[1] + 1,
                "duplicate-column",
                "tables.two_columns_one_statement",
                statement=statement_id,
                columns=listed,
            )
        )


def _note_unused_map(plan: _Plan, column_map: ColumnMap) -> None:
    present = {" ".join(h.split()).casefold() for h in plan.headers}
    unused = [key for key in column_map.columns if key not in present]
    if unused:
        listed = ", ".join(f"'{column_map.headers.get(h, h)}'" for h in unused[:8])
        plan.notes.append(
            note(
                column_map.file,
                column_map.columns[unused[0]][1],
                1,
                "map-unused",
                plan.context.messages("tables.map_unused", file=plan.file, headers=listed),
            )
        )


def _column_named(headers: Sequence[str], name: str, skip: set[int] | None = None) -> int | None:
    wanted = normalise(name)
    return next(
        (
            i
            for i, h in enumerate(headers)
            if normalise(h) == wanted and (skip is None or i not in skip)
        ),
        None,
    )


def _id_column(plan: _Plan, roles: ColumnRoles) -> int | Literal[False] | None:
    """The respondent's column: the one `--id-column` names (`False`: none has that name),
    else an e-mail, user name, respondent, name or response id column."""
    given = plan.context.options.id_column
    if given is not None:
        found = _column_named(plan.headers, given, plan.statement_columns)
        return False if found is None else found
    candidates = (roles.email, roles.username, roles.respondent, roles.name, roles.response_id)
    return next((i for i in candidates if i is not None), None)


def _note_unknown(
    plan: _Plan, roles: ColumnRoles, id_index: int | None, groups: list[tuple[str, int | None]]
) -> None:
    used = plan.statement_columns | roles.used
    used |= {i for i in (id_index, roles.name) if i is not None}
    used |= {i for _, i in groups if i is not None}
    unknown = [(index, text) for index, text in enumerate(plan.headers) if index not in used]
    if not unknown:
        return
    msg = plan.context.messages
    names = ", ".join(
        f"'{short_text(text)}'" if text.strip() else msg("tables.unnamed_column", column=index + 1)
        for index, text in unknown
    )
    plan.notes.append(
        _header_note(
            plan,
            unknown[0][0] + 1,
            "unrecognised-column",
            "tables.unrecognised",
            count=len(unknown),
            names=names,
        )
    )


def _layout(
    plan: _Plan, roles: ColumnRoles, id_index: int | None, groups: list[tuple[str, int | None]]
) -> Layout:
    statement_columns = plan.statement_columns
    first_statement = min(plan.matched)
    label_columns = tuple(
        i for i in range(min(first_statement, 4)) if i not in statement_columns
    ) or ((id_index,) if id_index is not None else ())
    return Layout(
        file=plan.file,
        header=tuple(plan.headers),
        statements=tuple(sorted(plan.matched.items())),
        id_column=id_index,
        fallback_id_column=roles.response_id if roles.response_id != id_index else None,
        name_column=roles.name,
        level_column=roles.level,
        completed_column=roles.completed,
        groups=tuple(groups),
        level=plan.context.options.level,
        folder=Path(plan.file).parent.name,
        header_line=plan.header_line,
        label_columns=label_columns,
    )


def _column_list(headers: Sequence[str], limit: int = 8) -> str:
    shown = [short_text(h, 30) for h in headers if h.strip()][:limit]
    more = len([h for h in headers if h.strip()]) - len(shown)
    return ", ".join(shown) + (f", … ({more})" if more > 0 else "")

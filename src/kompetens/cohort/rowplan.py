"""How the fast table readers (`fastrows` row by row, `fastcolumns` a column at a time)
take the rows of one table at one level: which columns hold the level's statements, and
what each distinct cell value means as a rating code."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from kompetens.assessment.scoring import ScoringPlan
from kompetens.cohort.cells import EMPTY, CellReader
from kompetens.cohort.records import CANT_SAY, UNANSWERED
from kompetens.cohort.tabletypes import Layout, ReadContext


class CodeCache(dict[Any, int]):
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
class RowPlan:
    """How the fast reader takes a row of one table at one level."""

    plan: ScoringPlan
    getter: Callable[[Sequence[Any]], Sequence[Any]]
    """The cells of the plan's statements that the table has, in plan order."""
    positions: tuple[int, ...] | None
    """Where those go in the codes when the table lacks some statements of the plan."""
    others: Callable[[Sequence[Any]], Sequence[Any]] | None
    """The cells of the table's other statement columns (must be blank)."""
    width: int
    columns: tuple[int, ...] = ()
    """The table's columns of the plan's statements, in plan order (what `getter` takes)."""
    other_columns: tuple[int, ...] = ()


def _getter(columns: Sequence[int]) -> Callable[[Sequence[Any]], Sequence[Any]]:
    if len(columns) == 1:
        column = columns[0]
        return lambda cells: (cells[column],)
    return itemgetter(*columns)


def row_plan(layout: Layout, context: ReadContext, level: str) -> RowPlan:
    plan = context.plan(level)
    column_of = {statement_id: column for column, statement_id in layout.statements}
    ids = plan.statement_ids
    present = [i for i, statement_id in enumerate(ids) if statement_id in column_of]
    in_plan = set(ids)
    other_columns = [c for c, statement_id in layout.statements if statement_id not in in_plan]
    return RowPlan(
        plan=plan,
        getter=_getter([column_of[ids[i]] for i in present]),
        positions=None if len(present) == len(ids) else tuple(present),
        others=_getter(other_columns) if other_columns else None,
        width=len(ids),
        columns=tuple(column_of[ids[i]] for i in present),
        other_columns=tuple(other_columns),
    )

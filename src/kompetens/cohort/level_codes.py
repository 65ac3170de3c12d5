"""A result file's answers as a row of rating codes for its level (`records.encode`).

One `LevelReader` is made per (framework, level) and process; it keeps the level's plan,
the code of each rating on the scale, and, for each order of statement ids met in a file,
what picks the ratings in plan order (files written by one tool share a few orders).
Caches keyed by an object's `id` keep the object beside the value and check it: an id is
reused once its object is gone, and a stale plan would encode ratings against the wrong
statements.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import repeat
from operator import itemgetter
from typing import TYPE_CHECKING

from kompetens.assessment.scoring import ScoringPlan
from kompetens.cohort.records import CANT_SAY, UNANSWERED

if TYPE_CHECKING:
    from kompetens.cohort.plain_results import PlainResult
    from kompetens.model import Framework

plans: dict[tuple[int, str], tuple[Framework, ScoringPlan]] = {}
"""(id of a framework, level) → the framework and the level's plan."""


def plan_for(framework: Framework, level: str) -> ScoringPlan:
    key = (id(framework), level)
    cached = plans.get(key)
    if cached is not None and cached[0] is framework:
        return cached[1]
    plan = ScoringPlan.build(framework, level)
    plans[key] = (framework, plan)
    return plan


_ABSENT = object()
"""The rating of a statement a file does not answer."""


class LevelReader:
    """Turns the answers of a level's files into rows of rating codes, made once per
    (framework, level) and process."""

    __slots__ = ("book", "framework", "layouts", "minimum", "plan", "positions")

    def __init__(
        self,
        framework: Framework,
        plan: ScoringPlan,
        minimum: int,
        book: dict[object, int],
        positions: dict[str, int],
    ) -> None:
        self.framework = framework
        self.plan = plan
        self.minimum = minimum
        self.book = book
        """Rating (or `_ABSENT`) → code, for the scale's ratings only."""
        self.positions = positions
        """Statement id → its position in the plan."""
        self.layouts: dict[tuple[str, ...], Callable[[list[object]], tuple[object, ...]] | None]
        self.layouts = {}
        """The statement ids of a file, in its order → what picks its ratings in plan order
        (`None`: a statement the level does not have). Files written by one tool share a
        few orders, so a file's order is worked out once."""

    @classmethod
    def build(cls, framework: Framework, level: str) -> LevelReader:
        plan = plan_for(framework, level)
        minimum = framework.scale.minimum
        book: dict[object, int] = {value: value - minimum + 1 for value in framework.scale.values}
        if not all(0 < code < CANT_SAY for code in book.values()):
            book = {}  # a scale beyond a byte: every file to the exact reader
        else:
            book.update({_ABSENT: UNANSWERED, None: CANT_SAY})
        positions = {statement_id: index for index, statement_id in enumerate(plan.statement_ids)}
        return cls(framework, plan, minimum, book, positions)

    def codes(self, plain: PlainResult) -> bytes | None:
        """The row of rating codes of a file (`records.encode`); `None` when a statement is
        not the level's or a rating is off the scale."""
        ids = plain.statement_ids
        try:
            pick = self.layouts[ids]
        except KeyError:
            pick = self._layout(ids)
        if pick is None or not self.book:
            return None
        try:
            return bytes(map(self.book.__getitem__, pick([*plain.answer_ratings, _ABSENT])))
        except KeyError:  # off the scale
            return None

    def _layout(self, ids: tuple[str, ...]) -> Callable[[list[object]], tuple[object, ...]] | None:
        if len(self.layouts) >= _MAX_LAYOUTS:
            self.layouts.clear()
        places = [*map(self.positions.get, ids)]
        if None in places or len(set(places)) != len(places):
            self.layouts[ids] = None
            return None
        where = dict(zip(places, range(len(ids)), strict=True))
        picks = [*map(where.get, range(len(self.positions)), repeat(len(ids)))]
        pick = _picker(picks)
        self.layouts[ids] = pick
        return pick


_MAX_LAYOUTS = 4096


def _picker(picks: list[int]) -> Callable[[list[object]], tuple[object, ...]]:
    """`operator.itemgetter(*picks)`, which returns a tuple for any number of picks."""
    if len(picks) >= 2:
        return itemgetter(*picks)
    if picks:
        only = picks[0]
        return lambda values: (values[only],)
    return lambda values: ()


readers: dict[tuple[int, str], LevelReader] = {}
"""(id of a framework, level) → its reader (which keeps the framework)."""


def level_reader(framework: Framework, level: str) -> LevelReader:
    key = (id(framework), level)
    reader = readers.get(key)
    if reader is None or reader.framework is not framework:
        reader = readers[key] = LevelReader.build(framework, level)
    return reader


__all__ = ["LevelReader", "level_reader", "plan_for", "plans", "readers"]

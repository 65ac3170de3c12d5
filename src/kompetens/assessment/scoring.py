"""Scores: a pure function of framework, level and answers.

Nothing here reads files, prints or remembers: every report can be recomputed from the
result file, and the student report and the cohort report share this one implementation.

How scores are computed (documented for users in docs/scoring.md):

* A statement's score is its rating; "can't say" and unanswered statements have none.
* A component (sub-area) is *assessable* when at least half of its statements for the level
  have a rating; its mean is the mean of those ratings. Otherwise it gets no mean, because a
  mean of one answer out of five would mislead.
* An area's mean is the mean of its assessable components' means, so every sub-area weighs
  the same however many statements it has; an area is assessable when at least half of its
  components are. The overall mean is computed from the areas in the same way.
* gap = target − mean. Status: *meets* only when gap ≤ 0 (the mean is at or above the
  target, as the chart shows it), *near* when the mean is at most 0.5 below the target,
  *developing* when at most 1.5 below, *priority* when further; *not assessable* without a
  mean. The words the reports use for them say the same: "meets the target", "just below
  the target", "below the target", "well below the target".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple

from kompetens.model.framework import Framework

MEETS_WITHIN = 0.0
NEAR_WITHIN = 0.5
DEVELOPING_WITHIN = 1.5
ASSESSABLE_SHARE = 0.5
TOP_N = 3


class Status(StrEnum):
    MEETS = "meets"
    NEAR = "near"
    DEVELOPING = "developing"
    PRIORITY = "priority"
    NOT_ASSESSABLE = "not-assessable"


def status_for(gap: float | None) -> Status:
    if gap is None:
        return Status.NOT_ASSESSABLE
    if gap <= MEETS_WITHIN:
        return Status.MEETS
    if gap <= NEAR_WITHIN:
        return Status.NEAR
    if gap <= DEVELOPING_WITHIN:
        return Status.DEVELOPING
    return Status.PRIORITY


@dataclass(frozen=True, slots=True)
class Score:
    """The score of one statement, component, area or the whole framework."""

    id: str
    kind: str
    mean: float | None
    answered: int
    cant_say: int
    total: int
    target: float
    children: tuple[Score, ...] = ()

    @property
    def answered_share(self) -> float:
        return self.answered / self.total if self.total else 0.0

    @property
    def gap(self) -> float | None:
        return None if self.mean is None else round(self.target - self.mean, 10)

    @property
    def status(self) -> Status:
        return status_for(self.gap)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "mean": None if self.mean is None else round(self.mean, 3),
            "answered": self.answered,
            "cant_say": self.cant_say,
            "total": self.total,
            "answered_share": round(self.answered_share, 3),
            "target": self.target,
            "gap": None if self.gap is None else round(self.gap, 3),
            "status": self.status.value,
        }
        if self.children:
            data["children"] = [child.as_dict() for child in self.children]
        return data


@dataclass(frozen=True, slots=True)
class Scores:
    framework_id: str
    level: str
    overall: Score
    areas: tuple[Score, ...]
    components: dict[str, Score] = field(default_factory=dict)
    statements: dict[str, Score] = field(default_factory=dict)

    def priorities(self, limit: int = TOP_N) -> list[Score]:
        """Sub-areas below the target, furthest below first."""
        behind = [
            c
            for c in self.components.values()
            if c.status in (Status.PRIORITY, Status.DEVELOPING, Status.NEAR)
        ]
        return sorted(behind, key=lambda c: (-(c.gap or 0.0), c.id))[:limit]

    def strengths(self, limit: int = TOP_N) -> list[Score]:
        """Sub-areas at or above the target, highest mean first."""
        meeting = [c for c in self.components.values() if c.status is Status.MEETS]
        return sorted(meeting, key=lambda c: (-(c.mean or 0.0), c.id))[:limit]

    def as_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework_id,
            "level": self.level,
            "overall": {k: v for k, v in self.overall.as_dict().items() if k != "children"},
            "areas": [area.as_dict() for area in self.areas],
            "priorities": [c.id for c in self.priorities()],
            "strengths": [c.id for c in self.strengths()],
        }


class Tally(NamedTuple):
    """The numbers behind a `Scores`, without the objects: what a cohort of thousands needs.

    Component entries follow the plan's order (areas, then their components).
    """

    component_means: tuple[float | None, ...]
    component_answered: tuple[int, ...]
    component_cant_say: tuple[int, ...]
    area_means: tuple[float | None, ...]
    overall_mean: float | None
    answered: int
    cant_say: int


@dataclass(frozen=True, slots=True)
class ScoringPlan:
    """Which statements count at a level, worked out once and applied to many results."""

    framework_id: str
    level: str
    target: float
    areas: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...]

    @classmethod
    def build(cls, framework: Framework, level: str) -> ScoringPlan:
        target = framework.level(level).target
        areas = tuple(
            (
                area.id,
                tuple(
                    (component.id, tuple(s.id for s in component.statements_for(level)))
                    for component in area.components
                    if component.statements_for(level)
                ),
            )
            for area in framework.areas
        )
        return cls(framework.id, level, target, tuple(a for a in areas if a[1]))

    @property
    def statement_ids(self) -> tuple[str, ...]:
        """Every statement at the level, in order (worked out once: cohorts ask per row)."""
        cached: tuple[str, ...] | None = _STATEMENT_IDS.get(self.areas)
        if cached is None:
            cached = tuple(s for _, components in self.areas for _, ids in components for s in ids)
            _STATEMENT_IDS[self.areas] = cached
        return cached

    def tally(self, ratings: Mapping[str, int | None]) -> Tally:
        """All means and counts for one respondent; the rules of this module in one place.

        Statements missing from `ratings` are unanswered, `None` is "can't say"; ids the plan
        does not know are ignored here (readers report them before scoring).
        """
        component_means: list[float | None] = []
        component_answered: list[int] = []
        component_cant_say: list[int] = []
        area_means: list[float | None] = []
        get = ratings.get
        unanswered = _UNANSWERED
        share = ASSESSABLE_SHARE
        # One loop, no helper calls: a cohort of 100,000 runs this 100,000 times.
        for _, components in self.areas:
            known_sum = 0.0
            known = 0
            for _, statement_ids in components:
                rated_sum = 0
                rated = 0
                cant_say = 0
                for statement_id in statement_ids:
                    rating = get(statement_id, unanswered)
                    if rating is None:
                        cant_say += 1
                    elif rating is not unanswered:
                        rated_sum += rating
                        rated += 1
                # A sub-area is assessable when at least half of its statements are rated.
                mean = rated_sum / rated if rated and rated >= len(statement_ids) * share else None
                component_means.append(mean)
                component_answered.append(rated)
                component_cant_say.append(cant_say)
                if mean is not None:
                    known_sum += mean
                    known += 1
            # An area: the mean of its assessable sub-areas, when at least half are.
            assessable = known and known >= len(components) * share
            area_means.append(known_sum / known if assessable else None)
        area_known = [m for m in area_means if m is not None]
        overall = (
            sum(area_known) / len(area_known)
            if area_known and len(area_known) >= len(area_means) * share
            else None
        )
        return Tally(
            tuple(component_means),
            tuple(component_answered),
            tuple(component_cant_say),
            tuple(area_means),
            overall,
            sum(component_answered),
            sum(component_cant_say),
        )

    def score(self, ratings: Mapping[str, int | None]) -> Scores:
        """Scores with every statement, sub-area and area, for reports."""
        target = self.target
        tally = self.tally(ratings)
        statement_scores: dict[str, Score] = {}
        component_scores: dict[str, Score] = {}
        area_scores: list[Score] = []
        index = 0
        for area_number, (area_id, components) in enumerate(self.areas):
            children: list[Score] = []
            for component_id, statement_ids in components:
                for statement_id in statement_ids:
                    rating = ratings.get(statement_id, _UNANSWERED)
                    rated = rating is not None and rating is not _UNANSWERED
                    statement_scores[statement_id] = Score(
                        statement_id,
                        "statement",
                        float(rating) if rated else None,
                        int(rated),
                        int(rating is None),
                        1,
                        target,
                    )
                component = Score(
                    component_id,
                    "component",
                    tally.component_means[index],
                    tally.component_answered[index],
                    tally.component_cant_say[index],
                    len(statement_ids),
                    target,
                )
                component_scores[component_id] = component
                children.append(component)
                index += 1
            area_scores.append(
                _parent(area_id, "area", tuple(children), tally.area_means[area_number], target)
            )
        overall = _parent(
            self.framework_id, "overall", tuple(area_scores), tally.overall_mean, target
        )
        return Scores(
            self.framework_id,
            self.level,
            overall,
            tuple(area_scores),
            component_scores,
            statement_scores,
        )


_UNANSWERED: Any = object()
_STATEMENT_IDS: dict[tuple[Any, ...], tuple[str, ...]] = {}


def _parent(
    identifier: str, kind: str, children: tuple[Score, ...], mean: float | None, target: float
) -> Score:
    return Score(
        id=identifier,
        kind=kind,
        mean=mean,
        answered=sum(c.answered for c in children),
        cant_say=sum(c.cant_say for c in children),
        total=sum(c.total for c in children),
        target=target,
        children=children,
    )


def score_result(framework: Framework, level: str, ratings: Mapping[str, int | None]) -> Scores:
    return ScoringPlan.build(framework, level).score(ratings)


def ratings_of(answers: Mapping[str, Any]) -> dict[str, int | None]:
    """Statement id → rating from a result's answers (objects with a `rating`)."""
    return {statement_id: answer.rating for statement_id, answer in answers.items()}

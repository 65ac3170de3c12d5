"""The student's view and an assessor's view of the same competences, side by side.

`kompetens report SELF --assessor OTHER` puts a self-assessment next to the ratings a
mentor, teacher or peer gave the same student. This module decides whether the two
results can be compared (same person, same level, statements the framework has) and
builds the comparison as plain data for the templates, the terminal and JSON.

Differences are always self − assessor: positive where the student rates herself higher.
The "conversation starters" are the statements with the largest differences in each
direction, at least `STARTER_MIN` scale points apart: a difference of one point on a
five-point scale is the smallest that means a different answer, not rounding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypedDict

from kompetens.assessment.scoring import Score, Scores, score_result
from kompetens.model import Framework, Result, localize
from kompetens.model.framework import Area, Component

STARTER_MIN = 1.0
"""Smallest |self − assessor| on a statement that is named as a conversation starter."""
STARTERS = 3
"""How many conversation starters in each direction."""


def _norm(text: str | None) -> str | None:
    return " ".join(text.casefold().split()) if text and text.strip() else None


@dataclass(frozen=True)
class Identity:
    """Whether two results are about the same person."""

    same_person: bool
    """False when the ids differ (or, with no ids, the names differ)."""
    name_mismatch: bool
    """The ids match but the names differ: probably a typo, possibly the wrong file."""


def identity(own: Result, other: Result) -> Identity:
    """Same person by id when both have one, else by name when both have one; results
    that name nobody cannot be told apart and count as the same person."""
    own_id, other_id = _norm(own.respondent.id), _norm(other.respondent.id)
    own_name, other_name = _norm(own.respondent.name), _norm(other.respondent.name)
    names_differ = own_name is not None and other_name is not None and own_name != other_name
    if own_id is not None and other_id is not None:
        return Identity(own_id == other_id, own_id == other_id and names_differ)
    return Identity(not names_differ, False)


@dataclass
class Comparison:
    """What `compare` found: the shared statements and those left out of the comparison."""

    shared: list[str]
    left_out: list[str] = field(default_factory=list)
    """Statements either result answered that the other one's framework version lacks."""


def shared_statements(
    framework: Framework, level: str, other: Result, older: Framework | None = None
) -> Comparison:
    """The statements of `level` in `framework` that the other result can be compared on.

    A result made with another version of the framework may have answered statements that
    this version does not have (left out, and named) and lack statements this version added
    (also left out: the assessor was never asked them). When that other version is known
    (`older`, a built-in version), the statements compared are the ones that carry over
    between the versions — same id, same sub-area, asked at the level in both — as for
    `report --baseline` (`kompetens.framework.diff`).
    """
    known = [s.id for s in framework.statements_for(level)]
    other_ids = set(other.answers)
    if other.framework.version == framework.version:
        return Comparison(known)
    if older is not None:
        from kompetens.framework.diff import diff_frameworks

        verdict = next(v for v in diff_frameworks(older, framework).verdicts if v.level == level)
        carried = set(verdict.carried)
        left_out = sorted({*verdict.statements, *verdict.added, *(other_ids - set(known))})
        return Comparison([s for s in known if s in carried], left_out)
    gone = sorted(other_ids - set(known))
    missing = [statement_id for statement_id in known if statement_id not in other_ids]
    return Comparison([s for s in known if s in other_ids], sorted([*gone, *missing]))


class ViewsPair(TypedDict):
    """The student's and the assessor's mean (or rating) and self − assessor."""

    self: float | None
    assessor: float | None
    diff: float | None


class ViewsStatement(TypedDict):
    id: str
    text: str
    component: str
    """The sub-area's title."""
    self: int | None
    assessor: int | None
    diff: float | None
    assessor_note: str | None
    starter: Literal["self_higher", "assessor_higher"] | None


class ViewsComponent(TypedDict):
    id: str
    title: str
    self: float | None
    assessor: float | None
    diff: float | None
    statements: list[ViewsStatement]


class ViewsArea(TypedDict):
    id: str
    title: str
    self: float | None
    assessor: float | None
    diff: float | None
    components: list[ViewsComponent]


class ViewsPerson(TypedDict):
    id: str | None
    name: str | None


class ViewsAssessor(TypedDict):
    role: str
    name: str | None
    respondent: ViewsPerson
    completed: str | None
    framework_version: str


class ViewsContext(TypedDict):
    """The comparison, as templates (`views`), the terminal and `report --format json`
    read it; docs/assessors.md lists the keys."""

    assessor: ViewsAssessor
    same_person: bool
    name_mismatch: bool
    left_out: list[str]
    shared: int
    overall: ViewsPair
    areas: list[ViewsArea]
    self_higher: list[ViewsStatement]
    assessor_higher: list[ViewsStatement]
    starter_min: float


def _ratings(result: Result, shared: set[str]) -> dict[str, int | None]:
    return {k: a.rating for k, a in result.answers.items() if k in shared}


def _diff(own: float | None, other: float | None) -> float | None:
    if own is None or other is None:
        return None
    return round(own - other, 3)


def _pair(own: Score | None, other: Score | None) -> ViewsPair:
    own_mean = own.mean if own else None
    other_mean = other.mean if other else None
    return {
        "self": None if own_mean is None else round(own_mean, 3),
        "assessor": None if other_mean is None else round(other_mean, 3),
        "diff": _diff(own_mean, other_mean),
    }


def _area_score(scores: Scores, area_id: str) -> Score | None:
    return next((a for a in scores.areas if a.id == area_id), None)


@dataclass(frozen=True)
class _Sides:
    """Both results, scored on the statements they share, in the reader's language."""

    framework: Framework
    own: Result
    other: Result
    language: str
    shared: set[str]
    own_scores: Scores
    other_scores: Scores

    def t(self, text: dict[str, str] | None) -> str:
        return localize(text, self.language, self.framework.default_language)

    def statements(self, component: Component) -> list[ViewsStatement]:
        rows: list[ViewsStatement] = []
        for statement in component.statements_for(self.own.level):
            if statement.id not in self.shared:
                continue
            mine = self.own.answers.get(statement.id)
            theirs = self.other.answers.get(statement.id)
            own_rating = mine.rating if mine else None
            other_rating = theirs.rating if theirs else None
            rows.append(
                {
                    "id": statement.id,
                    "text": self.t(statement.text),
                    "component": self.t(component.title),
                    "self": own_rating,
                    "assessor": other_rating,
                    "diff": _diff(own_rating, other_rating),
                    "assessor_note": theirs.note if theirs else None,
                    "starter": None,
                }
            )
        return rows

    def component(self, component: Component) -> ViewsComponent | None:
        rows = self.statements(component)
        if not rows:
            return None
        pair = _pair(
            self.own_scores.components.get(component.id),
            self.other_scores.components.get(component.id),
        )
        return {
            "id": component.id,
            "title": self.t(component.title),
            "self": pair["self"],
            "assessor": pair["assessor"],
            "diff": pair["diff"],
            "statements": rows,
        }

    def area(self, area: Area) -> ViewsArea | None:
        components = [
            entry for component in area.components if (entry := self.component(component))
        ]
        if not components:
            return None
        pair = _pair(_area_score(self.own_scores, area.id), _area_score(self.other_scores, area.id))
        return {
            "id": area.id,
            "title": self.t(area.title),
            "self": pair["self"],
            "assessor": pair["assessor"],
            "diff": pair["diff"],
            "components": components,
        }


def _mark_starters(
    areas: list[ViewsArea],
) -> tuple[list[ViewsStatement], list[ViewsStatement]]:
    """The conversation starters in each direction, marked in the rows themselves."""
    rated = [
        (diff, s)
        for area in areas
        for component in area["components"]
        for s in component["statements"]
        if (diff := s["diff"]) is not None
    ]
    self_higher = [
        s
        for _, s in sorted(
            (d for d in rated if d[0] >= STARTER_MIN), key=lambda d: (-d[0], d[1]["id"])
        )
    ][:STARTERS]
    assessor_higher = [
        s
        for _, s in sorted(
            (d for d in rated if d[0] <= -STARTER_MIN), key=lambda d: (d[0], d[1]["id"])
        )
    ][:STARTERS]
    for row in self_higher:
        row["starter"] = "self_higher"
    for row in assessor_higher:
        row["starter"] = "assessor_higher"
    return self_higher, assessor_higher


def build_views_context(
    framework: Framework,
    own: Result,
    other: Result,
    language: str,
    older: Framework | None = None,
) -> ViewsContext:
    """The comparison as plain data (documented in docs/assessors.md); `older` is the
    framework version the other result was made with, when it differs and is known."""
    level = own.level
    comparison = shared_statements(framework, level, other, older)
    shared = set(comparison.shared)
    sides = _Sides(
        framework,
        own,
        other,
        language,
        shared,
        score_result(framework, level, _ratings(own, shared)),
        score_result(framework, level, _ratings(other, shared)),
    )
    who = identity(own, other)
    areas = [entry for area in framework.areas if (entry := sides.area(area))]
    self_higher, assessor_higher = _mark_starters(areas)
    assessor = other.assessor
    return {
        "assessor": {
            "role": other.role,
            "name": assessor.name if assessor else None,
            "respondent": {"id": other.respondent.id, "name": other.respondent.name},
            "completed": other.completed.isoformat(timespec="minutes") if other.completed else None,
            "framework_version": other.framework.version,
        },
        "same_person": who.same_person,
        "name_mismatch": who.name_mismatch,
        "left_out": comparison.left_out,
        "shared": len(comparison.shared),
        "overall": _pair(sides.own_scores.overall, sides.other_scores.overall),
        "areas": areas,
        "self_higher": self_higher,
        "assessor_higher": assessor_higher,
        "starter_min": STARTER_MIN,
    }

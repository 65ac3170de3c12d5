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
from typing import Any

from kompetens.assessment.scoring import Score, Scores, score_result
from kompetens.model import Framework, Result, localize

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


def _ratings(result: Result, shared: set[str]) -> dict[str, int | None]:
    return {k: a.rating for k, a in result.answers.items() if k in shared}


def _diff(own: float | None, other: float | None) -> float | None:
    if own is None or other is None:
        return None
    return round(own - other, 3)


def _pair(own: Score | None, other: Score | None) -> dict[str, Any]:
    own_mean = own.mean if own else None
    other_mean = other.mean if other else None
    return {
        "self": None if own_mean is None else round(own_mean, 3),
        "assessor": None if other_mean is None else round(other_mean, 3),
        "diff": _diff(own_mean, other_mean),
    }


def build_views_context(
    framework: Framework,
    own: Result,
    other: Result,
    language: str,
    older: Framework | None = None,
) -> dict[str, Any]:
    """The comparison as plain data (documented in docs/assessors.md); `older` is the
    framework version the other result was made with, when it differs and is known."""
    default = framework.default_language
    level = own.level
    comparison = shared_statements(framework, level, other, older)
    shared = set(comparison.shared)
    own_scores: Scores = score_result(framework, level, _ratings(own, shared))
    other_scores: Scores = score_result(framework, level, _ratings(other, shared))
    who = identity(own, other)
    areas: list[dict[str, Any]] = []
    statements: list[dict[str, Any]] = []
    for area in framework.areas:
        components: list[dict[str, Any]] = []
        for component in area.components:
            rows = []
            for statement in component.statements_for(level):
                if statement.id not in shared:
                    continue
                mine = own.answers.get(statement.id)
                theirs = other.answers.get(statement.id)
                own_rating = mine.rating if mine else None
                other_rating = theirs.rating if theirs else None
                row = {
                    "id": statement.id,
                    "text": localize(statement.text, language, default),
                    "component": localize(component.title, language, default),
                    "self": own_rating,
                    "assessor": other_rating,
                    "diff": _diff(own_rating, other_rating),
                    "assessor_note": theirs.note if theirs else None,
                    "starter": None,
                }
                rows.append(row)
                statements.append(row)
            if not rows:
                continue
            components.append(
                {
                    "id": component.id,
                    "title": localize(component.title, language, default),
                    **_pair(
                        own_scores.components.get(component.id),
                        other_scores.components.get(component.id),
                    ),
                    "statements": rows,
                }
            )
        if components:
            own_area = next((a for a in own_scores.areas if a.id == area.id), None)
            other_area = next((a for a in other_scores.areas if a.id == area.id), None)
            areas.append(
                {
                    "id": area.id,
                    "title": localize(area.title, language, default),
                    **_pair(own_area, other_area),
                    "components": components,
                }
            )
    rated = [s for s in statements if s["diff"] is not None]
    self_higher = sorted(
        (s for s in rated if s["diff"] >= STARTER_MIN), key=lambda s: (-s["diff"], s["id"])
    )[:STARTERS]
    assessor_higher = sorted(
        (s for s in rated if s["diff"] <= -STARTER_MIN), key=lambda s: (s["diff"], s["id"])
    )[:STARTERS]
    for row in self_higher:
        row["starter"] = "self_higher"
    for row in assessor_higher:
        row["starter"] = "assessor_higher"
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
        "overall": _pair(own_scores.overall, other_scores.overall),
        "areas": areas,
        "self_higher": self_higher,
        "assessor_higher": assessor_higher,
        "starter_min": STARTER_MIN,
    }

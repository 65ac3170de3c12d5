"""A baseline made with another version of the framework: compare what can be compared.

A student who assessed herself with version 1.0.0 in spring and with 2.0.0 in autumn wants
to see what changed. Only the statements that carry over (same id, same sub-area, asked at
the level in both versions: see `kompetens.framework.diff`) ask the same question in both results,
so the change is computed on those alone, on *both* sides: the spring and the autumn answers
are scored against the current framework cut down to the carried statements. Sub-areas
and areas with too few carried statements are then not assessable and show no change,
rather than a change that compares different questions. What was left out is reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from kompetens.assessment.scoring import Scores, score_result
from kompetens.framework.diff import diff_frameworks
from kompetens.model.framework import Framework


@dataclass(frozen=True, slots=True)
class CrossVersionComparison:
    old_version: str
    carried: tuple[str, ...]
    """Statements compared: asked at the level in both versions, same id, same sub-area."""
    left_out: tuple[str, ...]
    """Statements the baseline's version asked at the level that are not compared."""
    added: tuple[str, ...]
    """Statements the current version asks at the level that the baseline could not answer."""
    before: Scores
    """The baseline's answers, scored on the carried statements only."""
    now: Scores
    """The current answers, scored on the same statements."""


def restricted(framework: Framework, keep: set[str]) -> Framework:
    """`framework` with only the statements in `keep` (empty sub-areas and areas dropped)."""
    data = framework.model_dump()
    areas = []
    for area in data["areas"]:
        components = []
        for component in area["components"]:
            statements = [s for s in component["statements"] if s["id"] in keep]
            if statements:
                components.append({**component, "statements": statements})
        if components:
            areas.append({**area, "components": components})
    return Framework.model_validate({**data, "areas": areas})


def compare_across_versions(
    old: Framework,
    new: Framework,
    level: str,
    old_ratings: Mapping[str, int | None],
    new_ratings: Mapping[str, int | None],
) -> CrossVersionComparison:
    """Both results scored on the statements that carry over from `old` to `new` at `level`."""
    verdict = next(v for v in diff_frameworks(old, new).verdicts if v.level == level)
    carried = set(verdict.carried)
    if verdict.carried:
        common = restricted(new, carried)
        before = score_result(common, level, old_ratings)
        now = score_result(common, level, new_ratings)
    else:  # nothing carries over: nothing to compare
        before = now = score_result(new, level, {})
    return CrossVersionComparison(
        old.version,
        tuple(verdict.carried),
        tuple(verdict.statements),
        tuple(verdict.added),
        before,
        now,
    )

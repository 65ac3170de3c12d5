"""Which earlier result a report may compare with, and how: the same person, older, the
same level; made with another version of the framework, compare what can be compared.

A student who assessed herself with version 1.0.0 in spring and with 2.0.0 in autumn wants
to see what changed. Only the statements that carry over (same id, same sub-area, asked at
the level in both versions: see `kompetens.framework.diff`) ask the same question in both results,
so the change is computed on those alone, on *both* sides: the spring and the autumn answers
are scored against the current framework cut down to the carried statements. Sub-areas
and areas with too few carried statements are then not assessable and show no change,
rather than a change that compares different questions. What was left out is reported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kompetens.assessment.scoring import Scores, score_result
from kompetens.framework.diff import diff_frameworks
from kompetens.model.framework import Framework

if TYPE_CHECKING:
    from pathlib import Path

    from kompetens.framework.diagnostics import Diagnostic
    from kompetens.framework.loading import Document
    from kompetens.model import Result


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


class BaselineRefused(Exception):
    """An earlier result that cannot be compared with: `key` is a `report.*` message and
    `values` its values (dates as datetimes, for the reader's format); or `problems`, the
    reasons the baseline does not fit its framework."""

    def __init__(
        self,
        key: str | None,
        problems: Sequence[Diagnostic] = (),
        **values: object,
    ) -> None:
        self.key = key
        self.problems = list(problems)
        self.values = values
        super().__init__(key or (problems[0].as_text() if problems else "refused"))


@dataclass(frozen=True, slots=True)
class Baseline:
    """The earlier result a report compares with, scored on what can be compared."""

    result: Result
    scores: Scores
    across: CrossVersionComparison | None
    """Set when the baseline was made with another built-in version of the framework."""


def choose_baseline(
    old: Result,
    document: Document,
    result: Result,
    framework: Framework,
    paths: tuple[Path, Path],
    *,
    force: bool,
    older_framework: Framework | None = None,
) -> Baseline:
    """An earlier result to compare `result` with: the same person, older, the same level,
    and statements `framework` has. Another person's result, or one that is not older (the
    two files swapped), is refused with the reason unless `force`. `paths` are the files
    of the baseline and of the result, for the messages.

    `older_framework` is the built-in version the baseline names when it is another version
    of `framework`: the two are then compared on the statements that carry over.
    Raises `BaselineRefused`."""
    from kompetens.assessment.results import check_result, moment, not_older, other_respondent
    from kompetens.assessment.scoring import ratings_of

    baseline_path, result_path = paths
    if old.level != result.level:
        raise BaselineRefused(
            "report.error_other_level", path=baseline_path, other=old.level, level=result.level
        )
    if not force and other_respondent(result, old):
        raise BaselineRefused(
            "report.error_baseline_other_person",
            baseline=baseline_path,
            other=_who(old),
            path=result_path,
            who=_who(result),
        )
    if not force and not_older(result, old):
        raise BaselineRefused(
            "report.error_baseline_not_older",
            baseline=baseline_path,
            baseline_when=moment(old),
            path=result_path,
            when=moment(result),
        )
    if older_framework is not None:
        problems = check_result(older_framework, old, document)
        if problems:
            raise BaselineRefused(None, problems)
        across = compare_across_versions(
            older_framework,
            framework,
            old.level,
            ratings_of(old.answers),
            ratings_of(result.answers),
        )
        return Baseline(old, across.before, across)
    if old.framework.id == framework.id:
        problems = check_result(framework, old, document)
        if problems:
            raise BaselineRefused(None, problems)
    else:
        unknown = sorted(set(old.answers) - set(framework.statement_index))
        if unknown:
            raise BaselineRefused(
                "report.error_other_framework",
                path=baseline_path,
                other=old.framework.id,
                statements=", ".join(unknown[:3]),
                framework=framework.id,
            )
    return Baseline(old, score_result(framework, old.level, ratings_of(old.answers)), None)


def other_version_spec(old: Result, framework: Framework) -> str | None:
    """The built-in framework version an earlier result names (`id@version`), when it is
    another version of `framework` that is kept; None otherwise."""
    from kompetens.framework.catalog import UnknownFrameworkError, resolve_framework

    if old.framework.id != framework.id or old.framework.version == framework.version:
        return None
    spec = f"{old.framework.id}@{old.framework.version}"
    try:
        resolve_framework(spec)
    except UnknownFrameworkError:
        return None
    return spec


def _who(result: Result) -> str:
    parts = [p for p in (result.respondent.name, result.respondent.id) if p]
    return " / ".join(parts)

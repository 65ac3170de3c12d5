"""The outcome of a diff: each change with its impact, and per level the verdict.

These types are the contract between the sections that find changes, the verdicts and the
two outputs (the text report and `--format json`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NotRequired, TypedDict


class TextChange(TypedDict):
    old: str
    new: str


class ChangeDict(TypedDict):
    """One change in `kompetens diff --format json`."""

    impact: str
    kind: str
    change: str
    id: str
    message: str
    levels: list[str]
    old: NotRequired[Any]
    """The value before (an id, a target, a list of levels, the primary text), when any."""
    new: NotRequired[Any]
    texts: NotRequired[dict[str, TextChange]]


class NotComparableDict(TypedDict):
    statements: list[str]
    components: list[str]
    areas: list[str]
    overall: bool
    gaps_and_statuses: bool


class LevelVerdictDict(TypedDict):
    level: str
    comparable: bool
    carried: list[str]
    added: list[str]
    reasons: list[str]
    warnings: list[str]
    not_comparable: NotComparableDict


class VersionDict(TypedDict):
    id: str
    version: str


class FrameworkDiffDict(TypedDict):
    """The whole document of `kompetens diff --format json`."""

    old: VersionDict
    new: VersionDict
    compatible: bool
    suggested_version: str | None
    counts: dict[str, int]
    changes: list[ChangeDict]
    levels: list[LevelVerdictDict]


class Impact(StrEnum):
    BREAKING = "breaking"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Change:
    """One difference. `levels` are the levels whose results it affects (empty: none)."""

    impact: Impact
    kind: str
    change: str
    id: str
    message: str
    levels: tuple[str, ...] = ()
    old: Any = None
    new: Any = None
    texts: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """For rewording: language → (old text, new text), only the languages that changed."""

    def as_dict(self) -> ChangeDict:
        data: ChangeDict = {
            "impact": self.impact.value,
            "kind": self.kind,
            "change": self.change,
            "id": self.id,
            "message": self.message,
            "levels": list(self.levels),
        }
        if self.old is not None:
            data["old"] = self.old
        if self.new is not None:
            data["new"] = self.new
        if self.texts:
            data["texts"] = {lang: {"old": o, "new": n} for lang, (o, n) in self.texts.items()}
        return data


@dataclass(frozen=True, slots=True)
class LevelVerdict:
    """Whether results at one level of OLD can be compared with results of NEW, and which
    parts cannot."""

    level: str
    comparable: bool
    reasons: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    statements: tuple[str, ...] = ()
    components: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    overall: bool = True
    """The overall mean is comparable."""
    targets: bool = True
    """Gaps and statuses (which use the level's target) are comparable."""
    carried: tuple[str, ...] = ()
    """Statements OLD asks at the level that NEW still asks there under the same id in the
    same sub-area: the same question (an id keeps its meaning; a new meaning gets a new id),
    so their answers can be compared across the versions."""
    added: tuple[str, ...] = ()
    """Statements NEW asks at the level that OLD did not: nothing to compare them with."""

    def as_dict(self) -> LevelVerdictDict:
        return {
            "level": self.level,
            "comparable": self.comparable,
            "carried": list(self.carried),
            "added": list(self.added),
            "reasons": list(self.reasons),
            "warnings": list(self.warnings),
            "not_comparable": {
                "statements": list(self.statements),
                "components": list(self.components),
                "areas": list(self.areas),
                "overall": not self.overall,
                "gaps_and_statuses": not self.targets,
            },
        }


@dataclass(frozen=True, slots=True)
class FrameworkDiff:
    old_id: str
    old_version: str
    new_id: str
    new_version: str
    changes: tuple[Change, ...]
    verdicts: tuple[LevelVerdict, ...]

    @property
    def compatible(self) -> bool:
        """Results of OLD can be compared with results of NEW at every level OLD has."""
        return all(verdict.comparable for verdict in self.verdicts)

    def of(self, impact: Impact) -> list[Change]:
        return [change for change in self.changes if change.impact is impact]

    @property
    def suggested_version(self) -> str | None:
        """The next semantic version these changes call for, when NEW does not already have
        one at least that high: major for breaking changes, minor for warnings, patch for
        the rest."""
        if not any(c.change != "version" for c in self.changes):
            return None
        old = _version_tuple(self.old_version)
        new = _version_tuple(self.new_version)
        if old is None or new is None:
            return None
        if self.of(Impact.BREAKING):
            wanted = (old[0] + 1, 0, 0)
        elif self.of(Impact.WARNING):
            wanted = (old[0], old[1] + 1, 0)
        else:
            wanted = (old[0], old[1], old[2] + 1)
        if new >= wanted:
            return None
        return ".".join(map(str, wanted))

    def as_dict(self) -> FrameworkDiffDict:
        return {
            "old": {"id": self.old_id, "version": self.old_version},
            "new": {"id": self.new_id, "version": self.new_version},
            "compatible": self.compatible,
            "suggested_version": self.suggested_version,
            "counts": {impact.value: len(self.of(impact)) for impact in Impact},
            "changes": [change.as_dict() for change in self.changes],
            "levels": [verdict.as_dict() for verdict in self.verdicts],
        }


def _version_tuple(version: str) -> tuple[int, int, int] | None:
    core = version.split("-")[0].split("+")[0].split(".")
    try:
        major, minor, patch = (int(part) for part in core)
    except ValueError:
        return None
    return major, minor, patch


def normal(text: str | None) -> str:
    """Text with runs of whitespace made one space: re-wrapping a paragraph is no change."""
    return " ".join((text or "").split())


def reworded(
    old: Mapping[str, str] | None, new: Mapping[str, str] | None
) -> dict[str, tuple[str, str]]:
    """The languages in which a multilingual text differs (ignoring whitespace)."""
    old = old or {}
    new = new or {}
    changed: dict[str, tuple[str, str]] = {}
    for language in sorted({*old, *new}):
        before, after = old.get(language, ""), new.get(language, "")
        if normal(before) != normal(after):
            changed[language] = (before, after)
    return changed

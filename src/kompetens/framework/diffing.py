"""What changed between two versions of a framework, and can their results be compared?

A result file stores ratings by statement id, and scores are means of statements per
sub-area, of sub-areas per area and of areas overall, compared with the level's target on
the scale. Results collected with OLD can therefore be compared with results collected with
NEW, at a level, when (the rules, documented in docs/designers.md):

1. the scale has the same values (what "3" means is the same number);
2. the level still exists and its target is the same (gaps and statuses use it);
3. every statement OLD asks at the level is still asked at that level, under the same id and
   in the same sub-area (answers are found by id; a statement that moved changes two
   sub-areas' means), and no sub-area moved to another area.

Breaking any rule is a *breaking* change: the verdict names the statements, sub-areas and
areas whose scores cannot be compared. Some changes leave results comparable but deserve a
look, and are *warnings*: a reworded statement (a machine cannot tell whether its meaning
changed, so both texts are shown), a reworded scale label, a statement or sub-area added
(old results simply have no answer for it, but the sub-area or area mean is now made of
more parts). Everything else (titles, descriptions, descriptors, guidance) is *info*.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kompetens.model.framework import Area, Component, Framework, Statement


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

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
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

    def as_dict(self) -> dict[str, Any]:
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

    def as_dict(self) -> dict[str, Any]:
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


def _normal(text: str | None) -> str:
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
        if _normal(before) != _normal(after):
            changed[language] = (before, after)
    return changed


@dataclass(frozen=True, slots=True)
class _Place:
    area: Area
    component: Component
    statement: Statement


class _Index:
    """Where every statement, sub-area and area of one framework is."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.areas = {area.id: area for area in framework.areas}
        self.components: dict[str, tuple[Area, Component]] = {}
        self.statements: dict[str, _Place] = {}
        for area in framework.areas:
            for component in area.components:
                self.components[component.id] = (area, component)
                for statement in component.statements:
                    self.statements[statement.id] = _Place(area, component, statement)

    def at(self, level: str) -> dict[str, _Place]:
        return {sid: p for sid, p in self.statements.items() if level in p.statement.levels}

    def component_levels(self, component: Component) -> tuple[str, ...]:
        found = {level for s in component.statements for level in s.levels}
        return tuple(level for level in self.framework.level_ids if level in found)


def _same_text(old: Mapping[str, str], new: Mapping[str, str]) -> bool:
    """Two texts are the same when any language has the same words in both."""
    return any(
        _normal(text) == _normal(new.get(language)) for language, text in old.items() if text
    )


def _levels_text(levels: Iterable[str]) -> str:
    return ", ".join(levels)


class _Differ:
    def __init__(self, old: Framework, new: Framework) -> None:
        self.old = _Index(old)
        self.new = _Index(new)
        self.changes: list[Change] = []
        self.moved_statements: dict[str, str] = {}
        """old statement id → new statement id for statements that were moved or renamed."""

    def add(
        self,
        impact: Impact,
        kind: str,
        change: str,
        identifier: str,
        message: str,
        levels: Iterable[str] = (),
        **extra: Any,
    ) -> None:
        self.changes.append(
            Change(impact, kind, change, identifier, message, tuple(levels), **extra)
        )

    def reworded_fields(
        self, kind: str, identifier: str, label: str, old: Any, new: Any, names: Sequence[str]
    ) -> None:
        """An informational change for each multilingual field whose text differs."""
        for name in names:
            texts = reworded(getattr(old, name), getattr(new, name))
            if texts:
                self.add(
                    Impact.INFO,
                    kind,
                    "reworded",
                    identifier,
                    f"{label} {name} reworded",
                    texts=texts,
                )

    def run(self) -> FrameworkDiff:
        self.framework()
        self.scale()
        self.levels()
        self.areas()
        self.components()
        self.statements()
        old, new = self.old.framework, self.new.framework
        return FrameworkDiff(
            old.id, old.version, new.id, new.version, tuple(self.changes), self.verdicts()
        )

    # -- framework, scale and levels ------------------------------------------------------

    def framework(self) -> None:
        old, new = self.old.framework, self.new.framework
        if old.id != new.id:
            self.add(
                Impact.WARNING,
                "framework",
                "id",
                new.id,
                f"framework id changed: {old.id} → {new.id} (result files name the "
                "framework id; they will not find the new one by itself)",
                old=old.id,
                new=new.id,
            )
        if old.version != new.version:
            self.add(
                Impact.INFO,
                "framework",
                "version",
                new.id,
                f"version {old.version} → {new.version}",
                old=old.version,
                new=new.version,
            )
        self.reworded_fields("framework", new.id, "framework", old, new, ("title", "description"))
        added = [lang for lang in new.languages if lang not in old.languages]
        removed = [lang for lang in old.languages if lang not in new.languages]
        if added or removed:
            self.add(
                Impact.INFO,
                "framework",
                "languages",
                new.id,
                f"languages {', '.join(old.languages)} → {', '.join(new.languages)}",
                old=list(old.languages),
                new=list(new.languages),
            )

    def scale(self) -> None:
        old, new = self.old.framework.scale, self.new.framework.scale
        all_levels = self.old.framework.level_ids
        if old.values != new.values:
            self.add(
                Impact.BREAKING,
                "scale",
                "values",
                "scale",
                f"scale values {old.values} → {new.values}: the numbers in old results "
                "mean something else now",
                all_levels,
                old=old.values,
                new=new.values,
            )
        new_points = {point.value: point for point in new.points}
        for point in old.points:
            other = new_points.get(point.value)
            if other is None:
                continue
            texts = reworded(point.label, other.label)
            if texts:
                self.add(
                    Impact.WARNING,
                    "scale",
                    "reworded",
                    f"scale.{point.value}",
                    f"scale point {point.value} label reworded: respondents chose between "
                    "different words",
                    all_levels,
                    texts=texts,
                )
            texts = reworded(point.description, other.description)
            if texts:
                self.add(
                    Impact.INFO,
                    "scale",
                    "reworded",
                    f"scale.{point.value}",
                    f"scale point {point.value} description reworded",
                    texts=texts,
                )
        if (old.cant_say is None) != (new.cant_say is None):
            what = "added" if new.cant_say is not None else "removed"
            self.add(
                Impact.WARNING,
                "scale",
                "cant-say",
                "scale.cant_say",
                f'"can\'t say" answer {what}: the share of answered statements may '
                "differ between the versions",
                all_levels,
            )

    def levels(self) -> None:
        old = {level.id: level for level in self.old.framework.levels}
        new = {level.id: level for level in self.new.framework.levels}
        for identifier, level in old.items():
            other = new.get(identifier)
            if other is None:
                self.add(
                    Impact.BREAKING,
                    "level",
                    "removed",
                    identifier,
                    f"level {identifier} removed: results at this level have nothing to "
                    "be compared with",
                    (identifier,),
                )
                continue
            if level.target != other.target:
                self.add(
                    Impact.BREAKING,
                    "level",
                    "target",
                    identifier,
                    f"level {identifier}: target {level.target:g} → {other.target:g} "
                    "(gaps and statuses are measured from it)",
                    (identifier,),
                    old=level.target,
                    new=other.target,
                )
            self.reworded_fields(
                "level", identifier, f"level {identifier}", level, other, ("title", "description")
            )
        for identifier in new:
            if identifier not in old:
                self.add(
                    Impact.INFO,
                    "level",
                    "added",
                    identifier,
                    f"level {identifier} added (no old results to compare with)",
                )

    # -- areas and sub-areas --------------------------------------------------------------

    def areas(self) -> None:
        for identifier, area in self.old.areas.items():
            other = self.new.areas.get(identifier)
            if other is None:
                levels = sorted(
                    {lv for c in area.components for lv in self.old.component_levels(c)},
                    key=self.old.framework.level_ids.index,
                )
                self.add(
                    Impact.BREAKING,
                    "area",
                    "removed",
                    identifier,
                    f"area {identifier} removed",
                    levels,
                )
                continue
            self.reworded_fields(
                "area", identifier, f"area {identifier}", area, other, ("title", "description")
            )
        for identifier, area in self.new.areas.items():
            if identifier not in self.old.areas:
                levels = sorted(
                    {lv for c in area.components for lv in self.new.component_levels(c)},
                    key=self.new.framework.level_ids.index,
                )
                self.add(
                    Impact.WARNING,
                    "area",
                    "added",
                    identifier,
                    f"area {identifier} added: the overall mean now includes it",
                    [lv for lv in levels if lv in self.old.framework.level_ids],
                )

    def components(self) -> None:
        removed = {
            cid: pair for cid, pair in self.old.components.items() if cid not in self.new.components
        }
        added = {
            cid: pair for cid, pair in self.new.components.items() if cid not in self.old.components
        }
        renamed: dict[str, str] = {}
        for old_id, (_old_area, old_component) in removed.items():
            for new_id, (_new_area, new_component) in added.items():
                if new_id in renamed.values():
                    continue
                if _same_text(old_component.title, new_component.title):
                    renamed[old_id] = new_id
                    break
        for cid, (area, component) in self.old.components.items():
            levels = self.old.component_levels(component)
            if cid in renamed:
                new_area, _ = self.new.components[renamed[cid]]
                where = "" if new_area.id == area.id else f" in area {new_area.id}"
                self.add(
                    Impact.BREAKING,
                    "component",
                    "renamed",
                    cid,
                    f"sub-area {cid} renamed to {renamed[cid]}{where}",
                    levels,
                    old=cid,
                    new=renamed[cid],
                )
                continue
            if cid in removed:
                self.add(
                    Impact.BREAKING,
                    "component",
                    "removed",
                    cid,
                    f"sub-area {cid} removed ({len(component.statements)} statements)",
                    levels,
                )
                continue
            new_area, other = self.new.components[cid]
            if new_area.id != area.id:
                self.add(
                    Impact.BREAKING,
                    "component",
                    "moved",
                    cid,
                    f"sub-area {cid} moved from area {area.id} to {new_area.id}: both "
                    "areas' means change",
                    levels,
                    old=area.id,
                    new=new_area.id,
                )
            self.component_texts(cid, component, other)
        for cid, (_, component) in added.items():
            if cid in renamed.values():
                continue
            gained = [
                lv
                for lv in self.new.component_levels(component)
                if lv in self.old.framework.level_ids
            ]
            self.add(
                Impact.WARNING,
                "component",
                "added",
                cid,
                f"sub-area {cid} added: its area's mean now includes it",
                gained,
            )

    def component_texts(self, cid: str, old: Component, new: Component) -> None:
        self.reworded_fields(
            "component", cid, f"sub-area {cid}", old, new, ("title", "description", "guidance")
        )
        for level in sorted({*old.descriptors, *new.descriptors}):
            texts = reworded(old.descriptors.get(level), new.descriptors.get(level))
            if texts:
                self.add(
                    Impact.INFO,
                    "component",
                    "descriptor",
                    cid,
                    f"sub-area {cid}: what is expected at {level} reworded",
                    texts=texts,
                )
        before = [(str(r.title), r.url) for r in old.references]
        after = [(str(r.title), r.url) for r in new.references]
        if before != after:
            self.add(
                Impact.INFO,
                "component",
                "references",
                cid,
                f"sub-area {cid}: references changed ({len(before)} → {len(after)})",
            )

    # -- statements -----------------------------------------------------------------------

    def statements(self) -> None:
        old, new = self.old.statements, self.new.statements
        removed = [sid for sid in old if sid not in new]
        added = [sid for sid in new if sid not in old]
        matched: dict[str, str] = {}
        for sid in removed:
            for candidate in added:
                if candidate in matched.values():
                    continue
                if _same_text(old[sid].statement.text, new[candidate].statement.text):
                    matched[sid] = candidate
                    break
        for sid, place in old.items():
            levels = place.statement.levels
            if sid in matched:
                target = new[matched[sid]]
                if target.component.id == place.component.id:
                    message = (
                        f"statement {sid} renamed to {matched[sid]}: old answers are "
                        "stored under the old id (keep ids to keep results comparable)"
                    )
                    change = "renamed"
                else:
                    message = (
                        f"statement {sid} moved from sub-area {place.component.id} to "
                        f"{target.component.id} as {matched[sid]}"
                    )
                    change = "moved"
                self.moved_statements[sid] = matched[sid]
                self.add(
                    Impact.BREAKING,
                    "statement",
                    change,
                    sid,
                    message,
                    levels,
                    old=sid,
                    new=matched[sid],
                )
                self.statement_changes(sid, place, target, report_text=True)
                continue
            if sid not in new:
                self.add(
                    Impact.BREAKING,
                    "statement",
                    "removed",
                    sid,
                    f"statement {sid} removed (was asked at {_levels_text(levels)})",
                    levels,
                    old=_primary(place.statement, self.old.framework),
                )
                continue
            other = new[sid]
            if other.component.id != place.component.id:
                self.moved_statements[sid] = sid
                self.add(
                    Impact.BREAKING,
                    "statement",
                    "moved",
                    sid,
                    f"statement {sid} moved from sub-area {place.component.id} to "
                    f"{other.component.id}",
                    levels,
                    old=place.component.id,
                    new=other.component.id,
                )
            self.statement_changes(sid, place, other, report_text=True)
        for sid in added:
            if sid in matched.values():
                continue
            levels = [lv for lv in new[sid].statement.levels if lv in self.old.framework.level_ids]
            self.add(
                Impact.WARNING,
                "statement",
                "added",
                sid,
                f"statement {sid} added in sub-area {new[sid].component.id}: old results "
                "have no answer for it, and the sub-area mean now includes it",
                levels,
                new=_primary(new[sid].statement, self.new.framework),
            )

    def statement_changes(self, sid: str, old: _Place, new: _Place, *, report_text: bool) -> None:
        texts = reworded(old.statement.text, new.statement.text)
        if texts and report_text:
            self.add(
                Impact.WARNING,
                "statement",
                "reworded",
                sid,
                f"statement {sid} reworded: check that it still asks the same thing",
                old.statement.levels,
                texts=texts,
            )
        dropped = [
            lv
            for lv in old.statement.levels
            if lv not in new.statement.levels and lv in self.new.framework.level_ids
        ]
        gained = [
            lv
            for lv in new.statement.levels
            if lv not in old.statement.levels and lv in self.old.framework.level_ids
        ]
        if dropped:
            self.add(
                Impact.BREAKING,
                "statement",
                "levels",
                sid,
                f"statement {sid} no longer asked at {_levels_text(dropped)}",
                dropped,
                old=list(old.statement.levels),
                new=list(new.statement.levels),
            )
        if gained:
            self.add(
                Impact.WARNING,
                "statement",
                "levels",
                sid,
                f"statement {sid} now also asked at {_levels_text(gained)}: old results at "
                "that level have no answer for it",
                gained,
                old=list(old.statement.levels),
                new=list(new.statement.levels),
            )

    # -- verdicts -------------------------------------------------------------------------

    def verdicts(self) -> tuple[LevelVerdict, ...]:
        verdicts = []
        new_levels = {level.id: level for level in self.new.framework.levels}
        scale_changed = self.old.framework.scale.values != self.new.framework.scale.values
        for level in self.old.framework.levels:
            old_at = self.old.at(level.id)
            reasons = [
                c.message
                for c in self.changes
                if c.impact is Impact.BREAKING and level.id in c.levels
            ]
            warnings = [
                c.message
                for c in self.changes
                if c.impact is Impact.WARNING and level.id in c.levels
            ]
            if level.id not in new_levels or scale_changed:
                verdicts.append(
                    LevelVerdict(
                        level.id,
                        False,
                        tuple(reasons),
                        tuple(warnings),
                        tuple(old_at),
                        tuple(dict.fromkeys(p.component.id for p in old_at.values())),
                        tuple(dict.fromkeys(p.area.id for p in old_at.values())),
                        overall=False,
                        targets=False,
                    )
                )
                continue
            new_at = self.new.at(level.id)
            carried = tuple(
                sid
                for sid, place in old_at.items()
                if sid in new_at and new_at[sid].component.id == place.component.id
            )
            added = tuple(sid for sid in new_at if sid not in old_at)
            statements: list[str] = []
            components: dict[str, None] = {}
            areas: dict[str, None] = {}
            for sid, place in old_at.items():
                other = new_at.get(sid)
                if other is not None and other.component.id == place.component.id:
                    continue
                statements.append(sid)
                components[place.component.id] = None
                areas[place.area.id] = None
                if sid in self.moved_statements and self.moved_statements[sid] in new_at:
                    target = new_at[self.moved_statements[sid]]
                    components[target.component.id] = None
                    areas[target.area.id] = None
            for cid, (area, _) in self.old.components.items():
                if (
                    cid in self.new.components
                    and self.new.components[cid][0].id != area.id
                    and any(p.component.id == cid for p in old_at.values())
                ):
                    areas[area.id] = None
                    areas[self.new.components[cid][0].id] = None
            target_same = new_levels[level.id].target == level.target
            comparable = not statements and not components and not areas and target_same
            verdicts.append(
                LevelVerdict(
                    level.id,
                    comparable,
                    tuple(reasons),
                    tuple(warnings),
                    tuple(statements),
                    tuple(components),
                    tuple(areas),
                    overall=not (statements or components or areas),
                    targets=target_same,
                    carried=carried,
                    added=added,
                )
            )
        return tuple(verdicts)


def _primary(statement: Statement, framework: Framework) -> str:
    return statement.text.get(framework.default_language) or next(iter(statement.text.values()))


def diff_frameworks(old: Framework, new: Framework) -> FrameworkDiff:
    """Every difference between OLD and NEW and, per level of OLD, the verdict."""
    return _Differ(old, new).run()


# ------------------------------------------------------------------------------------------
# The text report
# ------------------------------------------------------------------------------------------

_SECTIONS = (
    (Impact.BREAKING, "Breaking changes (results cannot be compared)"),
    (Impact.WARNING, "Warnings (results can be compared, but check these)"),
    (Impact.INFO, "Other changes"),
)


def _shown(text: str) -> str:
    return _normal(text) or "(none)"


def format_text(diff: FrameworkDiff, old_name: str = "OLD", new_name: str = "NEW") -> str:
    """The diff for a person: changes grouped by impact, reworded texts, then the verdict."""
    lines = [
        f"{diff.old_id} {diff.old_version} ({old_name}) → {diff.new_id} {diff.new_version} "
        f"({new_name})"
    ]
    if not diff.changes:
        lines.append("")
        lines.append("No changes.")
    for impact, heading in _SECTIONS:
        changes = diff.of(impact)
        if not changes:
            continue
        lines.append("")
        lines.append(f"{heading}:")
        for change in changes:
            lines.append(f"  - {change.message}")
            for language, (before, after) in change.texts.items():
                lines.append(f"      {language} old: {_shown(before)}")
                lines.append(f"      {language} new: {_shown(after)}")
    lines.append("")
    lines.append("Comparability of results, level by level:")
    for verdict in diff.verdicts:
        if verdict.carried or verdict.added:
            total = len(verdict.carried) + len(verdict.statements)
            lines.append(
                f"  {verdict.level}: {len(verdict.carried)} of {total} statements carry over "
                f"(same id, same sub-area, same meaning); {len(verdict.added)} new"
                + (f": {', '.join(verdict.added)}" if verdict.added else "")
            )
        if verdict.comparable:
            note = f" ({len(verdict.warnings)} warnings)" if verdict.warnings else ""
            lines.append(f"  {verdict.level}: comparable{note}")
            continue
        parts = []
        if verdict.statements:
            parts.append(f"statements {', '.join(verdict.statements)}")
        if verdict.components:
            parts.append(f"sub-areas {', '.join(verdict.components)}")
        if verdict.areas:
            parts.append(f"areas {', '.join(verdict.areas)}")
        if not verdict.overall:
            parts.append("the overall score")
        if not verdict.targets:
            parts.append("gaps and statuses")
        lines.append(f"  {verdict.level}: NOT comparable: {'; '.join(parts) or 'see above'}")
    lines.append("")
    failing = [v.level for v in diff.verdicts if not v.comparable]
    if diff.compatible:
        lines.append(
            f"Verdict: compatible. Results collected with {diff.old_version} can be compared "
            f"with results collected with {diff.new_version}."
        )
    else:
        lines.append(
            f"Verdict: NOT compatible. Results collected with {diff.old_version} cannot be "
            f"compared with results collected with {diff.new_version} at "
            f"{', '.join(failing)} (the parts listed above)."
        )
    if diff.suggested_version:
        lines.append(f"Suggested version for NEW: {diff.suggested_version}.")
    return "\n".join(lines) + "\n"


__all__ = [
    "Change",
    "FrameworkDiff",
    "Impact",
    "LevelVerdict",
    "diff_frameworks",
    "format_text",
    "reworded",
]

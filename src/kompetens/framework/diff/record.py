"""What every section of a diff shares: where each part of both frameworks is, and the list
of changes found so far.

The sections (metadata, structure, statements) run in order and append to one `Record`;
the verdicts read it afterwards, so a verdict can name the reasons the sections found.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kompetens.framework.diff.changes import Change, Impact, normal, reworded
from kompetens.model.framework import Area, Component, Framework, Statement
from kompetens.text.i18n import FALLBACK, Messages


@dataclass(frozen=True, slots=True)
class Place:
    area: Area
    component: Component
    statement: Statement


class Index:
    """Where every statement, sub-area and area of one framework is."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.areas = {area.id: area for area in framework.areas}
        self.components: dict[str, tuple[Area, Component]] = {}
        self.statements: dict[str, Place] = {}
        for area in framework.areas:
            for component in area.components:
                self.components[component.id] = (area, component)
                for statement in component.statements:
                    self.statements[statement.id] = Place(area, component, statement)

    def at(self, level: str) -> dict[str, Place]:
        return {sid: p for sid, p in self.statements.items() if level in p.statement.levels}

    def component_levels(self, component: Component) -> tuple[str, ...]:
        found = {level for s in component.statements for level in s.levels}
        return tuple(level for level in self.framework.level_ids if level in found)

    def area_levels(self, area: Area) -> list[str]:
        """The levels at which any sub-area of `area` is asked, in the framework's order."""
        found = {lv for c in area.components for lv in self.component_levels(c)}
        return sorted(found, key=self.framework.level_ids.index)


@dataclass
class Record:
    """Both frameworks, indexed, and the changes found between them."""

    old: Index
    new: Index
    messages: Messages = field(default_factory=lambda: Messages(FALLBACK))
    """The language of the change messages (`framework.diff.*` in the catalogue)."""
    changes: list[Change] = field(default_factory=list)
    moved_statements: dict[str, str] = field(default_factory=dict)
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

    def text(self, key: str, **values: Any) -> str:
        """The message `framework.diff.<key>` in the diff's language."""
        return self.messages(f"framework.diff.{key}", **values)

    def reworded_fields(
        self, kind: str, identifier: str, old: Any, new: Any, names: Sequence[str]
    ) -> None:
        """An informational change for each multilingual field whose text differs."""
        what = self.text(f"what.{kind}", id=identifier)
        for name in names:
            texts = reworded(getattr(old, name), getattr(new, name))
            if texts:
                field_name = self.text(f"field.{name}")
                self.add(
                    Impact.INFO,
                    kind,
                    "reworded",
                    identifier,
                    self.text("reworded", what=what, field=field_name),
                    texts=texts,
                )

    def old_levels(self, levels: Iterable[str]) -> list[str]:
        """Those of `levels` that OLD has: only results at those can be affected."""
        return [lv for lv in levels if lv in self.old.framework.level_ids]


def same_text(old: Mapping[str, str], new: Mapping[str, str]) -> bool:
    """Two texts are the same when any language has the same words in both."""
    return any(normal(text) == normal(new.get(language)) for language, text in old.items() if text)


def levels_text(levels: Iterable[str]) -> str:
    return ", ".join(levels)


def primary(statement: Statement, framework: Framework) -> str:
    return statement.text.get(framework.default_language) or next(iter(statement.text.values()))

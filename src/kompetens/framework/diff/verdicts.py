"""Per level of OLD: can its results be compared with results of NEW, and which parts not?

The rules are in the package docstring. A statement whose answers cannot be found under the
same id in the same sub-area makes its sub-area and area incomparable (and, when it moved,
the sub-area and area it moved to); a sub-area that moved to another area makes both areas
incomparable; a changed target makes gaps and statuses incomparable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kompetens.framework.diff.changes import Impact, LevelVerdict
from kompetens.framework.diff.record import Place, Record
from kompetens.model.framework import Level


@dataclass
class _Lost:
    """The parts of OLD's scores at one level that NEW cannot reproduce (in order, once)."""

    statements: list[str] = field(default_factory=list)
    components: dict[str, None] = field(default_factory=dict)
    areas: dict[str, None] = field(default_factory=dict)

    def place(self, place: Place) -> None:
        self.components[place.component.id] = None
        self.areas[place.area.id] = None

    @property
    def empty(self) -> bool:
        return not self.statements and not self.components and not self.areas


def level_verdicts(record: Record) -> tuple[LevelVerdict, ...]:
    new_levels = {level.id: level for level in record.new.framework.levels}
    scale_changed = record.old.framework.scale.values != record.new.framework.scale.values
    verdicts = []
    for level in record.old.framework.levels:
        if level.id not in new_levels or scale_changed:
            verdicts.append(_nothing_comparable(record, level))
        else:
            verdicts.append(_verdict(record, level, new_levels[level.id]))
    return tuple(verdicts)


def _messages(record: Record, level: str, impact: Impact) -> tuple[str, ...]:
    return tuple(c.message for c in record.changes if c.impact is impact and level in c.levels)


def _nothing_comparable(record: Record, level: Level) -> LevelVerdict:
    """The level is gone, or the scale's numbers mean something else: no part compares."""
    old_at = record.old.at(level.id)
    return LevelVerdict(
        level.id,
        False,
        _messages(record, level.id, Impact.BREAKING),
        _messages(record, level.id, Impact.WARNING),
        tuple(old_at),
        tuple(dict.fromkeys(p.component.id for p in old_at.values())),
        tuple(dict.fromkeys(p.area.id for p in old_at.values())),
        overall=False,
        targets=False,
    )


def _verdict(record: Record, level: Level, new_level: Level) -> LevelVerdict:
    old_at = record.old.at(level.id)
    new_at = record.new.at(level.id)
    carried = tuple(
        sid
        for sid, place in old_at.items()
        if sid in new_at and new_at[sid].component.id == place.component.id
    )
    lost = _lost(record, old_at, new_at)
    target_same = new_level.target == level.target
    return LevelVerdict(
        level.id,
        lost.empty and target_same,
        _messages(record, level.id, Impact.BREAKING),
        _messages(record, level.id, Impact.WARNING),
        tuple(lost.statements),
        tuple(lost.components),
        tuple(lost.areas),
        overall=lost.empty,
        targets=target_same,
        carried=carried,
        added=tuple(sid for sid in new_at if sid not in old_at),
    )


def _lost(record: Record, old_at: dict[str, Place], new_at: dict[str, Place]) -> _Lost:
    lost = _Lost()
    for sid, place in old_at.items():
        other = new_at.get(sid)
        if other is not None and other.component.id == place.component.id:
            continue
        lost.statements.append(sid)
        lost.place(place)
        moved_to = record.moved_statements.get(sid)
        if moved_to is not None and moved_to in new_at:
            lost.place(new_at[moved_to])
    asked = {p.component.id for p in old_at.values()}
    for cid, (area, _) in record.old.components.items():
        new_area = record.new.components.get(cid, (area, None))[0]
        if new_area.id != area.id and cid in asked:
            lost.areas[area.id] = None
            lost.areas[new_area.id] = None
    return lost

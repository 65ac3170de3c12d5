"""Changes to areas and sub-areas: added, removed, renamed, moved between areas, reworded.

A sub-area's mean is made of its statements and an area's of its sub-areas, so moving a
sub-area changes two areas' means; a renamed sub-area is found by its unchanged title.
"""

from __future__ import annotations

from kompetens.framework.diff.changes import Impact, reworded
from kompetens.framework.diff.record import Record, same_text
from kompetens.model.framework import Component


def area_changes(record: Record) -> None:
    for identifier, area in record.old.areas.items():
        other = record.new.areas.get(identifier)
        if other is None:
            record.add(
                Impact.BREAKING,
                "area",
                "removed",
                identifier,
                f"area {identifier} removed",
                record.old.area_levels(area),
            )
            continue
        record.reworded_fields(
            "area", identifier, f"area {identifier}", area, other, ("title", "description")
        )
    for identifier, area in record.new.areas.items():
        if identifier not in record.old.areas:
            record.add(
                Impact.WARNING,
                "area",
                "added",
                identifier,
                f"area {identifier} added: the overall mean now includes it",
                record.old_levels(record.new.area_levels(area)),
            )


def component_changes(record: Record) -> None:
    removed = {
        cid: pair for cid, pair in record.old.components.items() if cid not in record.new.components
    }
    added = {
        cid: pair for cid, pair in record.new.components.items() if cid not in record.old.components
    }
    renamed: dict[str, str] = {}
    for old_id, (_old_area, old_component) in removed.items():
        for new_id, (_new_area, new_component) in added.items():
            if new_id in renamed.values():
                continue
            if same_text(old_component.title, new_component.title):
                renamed[old_id] = new_id
                break
    for cid, (area, component) in record.old.components.items():
        levels = record.old.component_levels(component)
        if cid in renamed:
            new_area, _ = record.new.components[renamed[cid]]
            where = "" if new_area.id == area.id else f" in area {new_area.id}"
            record.add(
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
            record.add(
                Impact.BREAKING,
                "component",
                "removed",
                cid,
                f"sub-area {cid} removed ({len(component.statements)} statements)",
                levels,
            )
            continue
        new_area, other = record.new.components[cid]
        if new_area.id != area.id:
            record.add(
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
        component_texts(record, cid, component, other)
    for cid, (_, component) in added.items():
        if cid in renamed.values():
            continue
        gained = record.old_levels(record.new.component_levels(component))
        record.add(
            Impact.WARNING,
            "component",
            "added",
            cid,
            f"sub-area {cid} added: its area's mean now includes it",
            gained,
        )


def component_texts(record: Record, cid: str, old: Component, new: Component) -> None:
    record.reworded_fields(
        "component", cid, f"sub-area {cid}", old, new, ("title", "description", "guidance")
    )
    for level in sorted({*old.descriptors, *new.descriptors}):
        texts = reworded(old.descriptors.get(level), new.descriptors.get(level))
        if texts:
            record.add(
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
        record.add(
            Impact.INFO,
            "component",
            "references",
            cid,
            f"sub-area {cid}: references changed ({len(before)} → {len(after)})",
        )

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
                record.text("area_removed", area=identifier),
                record.old.area_levels(area),
            )
            continue
        record.reworded_fields("area", identifier, area, other, ("title", "description"))
    for identifier, area in record.new.areas.items():
        if identifier not in record.old.areas:
            record.add(
                Impact.WARNING,
                "area",
                "added",
                identifier,
                record.text("area_added", area=identifier),
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
            if new_area.id == area.id:
                message = record.text("component_renamed", old=cid, new=renamed[cid])
            else:
                message = record.text(
                    "component_renamed_elsewhere", old=cid, new=renamed[cid], area=new_area.id
                )
            record.add(
                Impact.BREAKING,
                "component",
                "renamed",
                cid,
                message,
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
                record.text("component_removed", component=cid, count=len(component.statements)),
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
                record.text("component_moved", component=cid, old=area.id, new=new_area.id),
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
            record.text("component_added", component=cid),
            gained,
        )


def component_texts(record: Record, cid: str, old: Component, new: Component) -> None:
    record.reworded_fields("component", cid, old, new, ("title", "description", "guidance"))
    for level in sorted({*old.descriptors, *new.descriptors}):
        texts = reworded(old.descriptors.get(level), new.descriptors.get(level))
        if texts:
            record.add(
                Impact.INFO,
                "component",
                "descriptor",
                cid,
                record.text("descriptor", component=cid, level=level),
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
            record.text("references", component=cid, old=len(before), new=len(after)),
        )

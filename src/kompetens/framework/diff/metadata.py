"""Changes to the framework as a whole: its id, version and texts, the scale and the levels.

The scale and the targets are what every score is measured with, so most changes here break
comparability at every level (the scale) or at one (a level's target).
"""

from __future__ import annotations

from kompetens.framework.diff.changes import Impact, reworded
from kompetens.framework.diff.record import Record


def framework_changes(record: Record) -> None:
    old, new = record.old.framework, record.new.framework
    if old.id != new.id:
        record.add(
            Impact.WARNING,
            "framework",
            "id",
            new.id,
            record.text("id", old=old.id, new=new.id),
            old=old.id,
            new=new.id,
        )
    if old.version != new.version:
        record.add(
            Impact.INFO,
            "framework",
            "version",
            new.id,
            record.text("version", old=old.version, new=new.version),
            old=old.version,
            new=new.version,
        )
    record.reworded_fields("framework", new.id, old, new, ("title", "description"))
    added = [lang for lang in new.languages if lang not in old.languages]
    removed = [lang for lang in old.languages if lang not in new.languages]
    if added or removed:
        record.add(
            Impact.INFO,
            "framework",
            "languages",
            new.id,
            record.text("languages", old=", ".join(old.languages), new=", ".join(new.languages)),
            old=list(old.languages),
            new=list(new.languages),
        )


def scale_changes(record: Record) -> None:
    old, new = record.old.framework.scale, record.new.framework.scale
    all_levels = record.old.framework.level_ids
    if old.values != new.values:
        record.add(
            Impact.BREAKING,
            "scale",
            "values",
            "scale",
            record.text("scale_values", old=str(old.values), new=str(new.values)),
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
            record.add(
                Impact.WARNING,
                "scale",
                "reworded",
                f"scale.{point.value}",
                record.text("scale_label", value=point.value),
                all_levels,
                texts=texts,
            )
        texts = reworded(point.description, other.description)
        if texts:
            record.add(
                Impact.INFO,
                "scale",
                "reworded",
                f"scale.{point.value}",
                record.text("scale_description", value=point.value),
                texts=texts,
            )
    if (old.cant_say is None) != (new.cant_say is None):
        record.add(
            Impact.WARNING,
            "scale",
            "cant-say",
            "scale.cant_say",
            record.text("cant_say_added" if new.cant_say is not None else "cant_say_removed"),
            all_levels,
        )


def level_changes(record: Record) -> None:
    old = {level.id: level for level in record.old.framework.levels}
    new = {level.id: level for level in record.new.framework.levels}
    for identifier, level in old.items():
        other = new.get(identifier)
        if other is None:
            record.add(
                Impact.BREAKING,
                "level",
                "removed",
                identifier,
                record.text("level_removed", level=identifier),
                (identifier,),
            )
            continue
        if level.target != other.target:
            record.add(
                Impact.BREAKING,
                "level",
                "target",
                identifier,
                record.text(
                    "level_target",
                    level=identifier,
                    old=f"{level.target:g}",
                    new=f"{other.target:g}",
                ),
                (identifier,),
                old=level.target,
                new=other.target,
            )
        record.reworded_fields("level", identifier, level, other, ("title", "description"))
    for identifier in new:
        if identifier not in old:
            record.add(
                Impact.INFO,
                "level",
                "added",
                identifier,
                record.text("level_added", level=identifier),
            )

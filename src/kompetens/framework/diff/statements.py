"""Changes to statements: added, removed, renamed, moved, reworded, asked at other levels.

Answers are stored by statement id, so a renamed or moved statement breaks comparability of
its sub-area; one that was renamed or moved is recognised by its unchanged text.
"""

from __future__ import annotations

from kompetens.framework.diff.changes import Impact, reworded
from kompetens.framework.diff.record import Place, Record, levels_text, primary, same_text


def statement_changes(record: Record) -> None:
    old, new = record.old.statements, record.new.statements
    removed = [sid for sid in old if sid not in new]
    added = [sid for sid in new if sid not in old]
    matched: dict[str, str] = {}
    for sid in removed:
        for candidate in added:
            if candidate in matched.values():
                continue
            if same_text(old[sid].statement.text, new[candidate].statement.text):
                matched[sid] = candidate
                break
    for sid, place in old.items():
        levels = place.statement.levels
        if sid in matched:
            target = new[matched[sid]]
            if target.component.id == place.component.id:
                message = record.text("statement_renamed", old=sid, new=matched[sid])
                change = "renamed"
            else:
                message = record.text(
                    "statement_moved_as",
                    old=sid,
                    source=place.component.id,
                    destination=target.component.id,
                    new=matched[sid],
                )
                change = "moved"
            record.moved_statements[sid] = matched[sid]
            record.add(
                Impact.BREAKING,
                "statement",
                change,
                sid,
                message,
                levels,
                old=sid,
                new=matched[sid],
            )
            _statement_edits(record, sid, place, target, report_text=True)
            continue
        if sid not in new:
            record.add(
                Impact.BREAKING,
                "statement",
                "removed",
                sid,
                record.text("statement_removed", statement=sid, levels=levels_text(levels)),
                levels,
                old=primary(place.statement, record.old.framework),
            )
            continue
        other = new[sid]
        if other.component.id != place.component.id:
            record.moved_statements[sid] = sid
            record.add(
                Impact.BREAKING,
                "statement",
                "moved",
                sid,
                record.text(
                    "statement_moved",
                    statement=sid,
                    source=place.component.id,
                    destination=other.component.id,
                ),
                levels,
                old=place.component.id,
                new=other.component.id,
            )
        _statement_edits(record, sid, place, other, report_text=True)
    for sid in added:
        if sid in matched.values():
            continue
        levels = record.old_levels(new[sid].statement.levels)
        record.add(
            Impact.WARNING,
            "statement",
            "added",
            sid,
            record.text("statement_added", statement=sid, component=new[sid].component.id),
            levels,
            new=primary(new[sid].statement, record.new.framework),
        )


def _statement_edits(
    record: Record, sid: str, old: Place, new: Place, *, report_text: bool
) -> None:
    texts = reworded(old.statement.text, new.statement.text)
    if texts and report_text:
        record.add(
            Impact.WARNING,
            "statement",
            "reworded",
            sid,
            record.text("statement_reworded", statement=sid),
            old.statement.levels,
            texts=texts,
        )
    dropped = [
        lv
        for lv in old.statement.levels
        if lv not in new.statement.levels and lv in record.new.framework.level_ids
    ]
    gained = [
        lv
        for lv in new.statement.levels
        if lv not in old.statement.levels and lv in record.old.framework.level_ids
    ]
    if dropped:
        record.add(
            Impact.BREAKING,
            "statement",
            "levels",
            sid,
            record.text("statement_dropped", statement=sid, levels=levels_text(dropped)),
            dropped,
            old=list(old.statement.levels),
            new=list(new.statement.levels),
        )
    if gained:
        record.add(
            Impact.WARNING,
            "statement",
            "levels",
            sid,
            record.text("statement_gained", statement=sid, levels=levels_text(gained)),
            gained,
            old=list(old.statement.levels),
            new=list(new.statement.levels),
        )

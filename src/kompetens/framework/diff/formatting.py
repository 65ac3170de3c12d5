"""The diff as text for a person: changes grouped by impact, reworded texts side by side,
then the verdict level by level and as a whole, in the language of `messages`."""

from __future__ import annotations

from kompetens.framework.diff.changes import Change, FrameworkDiff, Impact, LevelVerdict, normal
from kompetens.text.i18n import FALLBACK, Messages

_SECTIONS = (Impact.BREAKING, Impact.WARNING, Impact.INFO)
"""Headings `framework.diff.report.<impact>`, in this order."""


def format_text(
    diff: FrameworkDiff,
    old_name: str = "OLD",
    new_name: str = "NEW",
    messages: Messages | None = None,
) -> str:
    """The diff for a person: changes grouped by impact, reworded texts, then the verdict."""
    text = _Text(messages or Messages(FALLBACK))
    lines = [
        f"{diff.old_id} {diff.old_version} ({old_name}) → {diff.new_id} {diff.new_version} "
        f"({new_name})"
    ]
    if not diff.changes:
        lines.append("")
        lines.append(text("no_changes"))
    for impact in _SECTIONS:
        lines.extend(_section(text, impact, diff.of(impact)))
    lines.append("")
    lines.append(text("levels"))
    for verdict in diff.verdicts:
        lines.extend(_verdict_lines(text, verdict))
    lines.append("")
    lines.extend(_conclusion(text, diff))
    return "\n".join(lines) + "\n"


class _Text:
    def __init__(self, messages: Messages) -> None:
        self.messages = messages

    def __call__(self, key: str, **values: object) -> str:
        return self.messages(f"framework.diff.report.{key}", **values)

    def shown(self, text: str) -> str:
        return normal(text) or self("none")


def _section(text: _Text, impact: Impact, changes: list[Change]) -> list[str]:
    if not changes:
        return []
    lines = ["", f"{text(impact.value)}:"]
    for change in changes:
        lines.append(f"  - {change.message}")
        for language, (before, after) in change.texts.items():
            lines.append("      " + text("old", language=language, text=text.shown(before)))
            lines.append("      " + text("new", language=language, text=text.shown(after)))
    return lines


def _verdict_lines(text: _Text, verdict: LevelVerdict) -> list[str]:
    lines = []
    if verdict.carried or verdict.added:
        total = len(verdict.carried) + len(verdict.statements)
        carried = text(
            "carried",
            level=verdict.level,
            carried=len(verdict.carried),
            total=total,
            added=len(verdict.added),
        )
        lines.append(f"  {carried}" + (f": {', '.join(verdict.added)}" if verdict.added else ""))
    if verdict.comparable:
        if verdict.warnings:
            count = len(verdict.warnings)
            lines.append("  " + text("comparable_warnings", level=verdict.level, count=count))
        else:
            lines.append("  " + text("comparable", level=verdict.level))
    else:
        parts = "; ".join(_incomparable_parts(text, verdict)) or text("see_above")
        lines.append("  " + text("not_comparable", level=verdict.level, parts=parts))
    return lines


def _incomparable_parts(text: _Text, verdict: LevelVerdict) -> list[str]:
    parts = []
    if verdict.statements:
        parts.append(text("part_statements", ids=", ".join(verdict.statements)))
    if verdict.components:
        parts.append(text("part_components", ids=", ".join(verdict.components)))
    if verdict.areas:
        parts.append(text("part_areas", ids=", ".join(verdict.areas)))
    if not verdict.overall:
        parts.append(text("part_overall"))
    if not verdict.targets:
        parts.append(text("part_targets"))
    return parts


def _conclusion(text: _Text, diff: FrameworkDiff) -> list[str]:
    if diff.compatible:
        lines = [text("compatible", old=diff.old_version, new=diff.new_version)]
    else:
        failing = ", ".join(v.level for v in diff.verdicts if not v.comparable)
        lines = [text("incompatible", old=diff.old_version, new=diff.new_version, levels=failing)]
    if diff.suggested_version:
        lines.append(text("suggested", version=diff.suggested_version))
    return lines

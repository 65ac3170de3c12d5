"""The diff as text for a person: changes grouped by impact, reworded texts side by side,
then the verdict level by level and as a whole."""

from __future__ import annotations

from kompetens.framework.diff.changes import Change, FrameworkDiff, Impact, LevelVerdict, normal

_SECTIONS = (
    (Impact.BREAKING, "Breaking changes (results cannot be compared)"),
    (Impact.WARNING, "Warnings (results can be compared, but check these)"),
    (Impact.INFO, "Other changes"),
)


def _shown(text: str) -> str:
    return normal(text) or "(none)"


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
        lines.extend(_section(heading, diff.of(impact)))
    lines.append("")
    lines.append("Comparability of results, level by level:")
    for verdict in diff.verdicts:
        lines.extend(_verdict_lines(verdict))
    lines.append("")
    lines.extend(_conclusion(diff))
    return "\n".join(lines) + "\n"


def _section(heading: str, changes: list[Change]) -> list[str]:
    if not changes:
        return []
    lines = ["", f"{heading}:"]
    for change in changes:
        lines.append(f"  - {change.message}")
        for language, (before, after) in change.texts.items():
            lines.append(f"      {language} old: {_shown(before)}")
            lines.append(f"      {language} new: {_shown(after)}")
    return lines


def _verdict_lines(verdict: LevelVerdict) -> list[str]:
    lines = []
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
    else:
        parts = _incomparable_parts(verdict)
        lines.append(f"  {verdict.level}: NOT comparable: {'; '.join(parts) or 'see above'}")
    return lines


def _incomparable_parts(verdict: LevelVerdict) -> list[str]:
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
    return parts


def _conclusion(diff: FrameworkDiff) -> list[str]:
    failing = [v.level for v in diff.verdicts if not v.comparable]
    if diff.compatible:
        lines = [
            f"Verdict: compatible. Results collected with {diff.old_version} can be compared "
            f"with results collected with {diff.new_version}."
        ]
    else:
        lines = [
            f"Verdict: NOT compatible. Results collected with {diff.old_version} cannot be "
            f"compared with results collected with {diff.new_version} at "
            f"{', '.join(failing)} (the parts listed above)."
        ]
    if diff.suggested_version:
        lines.append(f"Suggested version for NEW: {diff.suggested_version}.")
    return lines

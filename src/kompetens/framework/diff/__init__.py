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

The package works in sections, one module each: `metadata` (id, version, scale, levels),
`structure` (areas and sub-areas), `statements`, then `verdicts` per level; `changes` holds
the types they produce and `formatting` the text report.
"""

from __future__ import annotations

from kompetens.framework.diff.changes import (
    Change,
    FrameworkDiff,
    Impact,
    LevelVerdict,
    reworded,
)
from kompetens.framework.diff.formatting import format_text
from kompetens.framework.diff.metadata import framework_changes, level_changes, scale_changes
from kompetens.framework.diff.record import Index, Record
from kompetens.framework.diff.statements import statement_changes
from kompetens.framework.diff.structure import area_changes, component_changes
from kompetens.framework.diff.verdicts import level_verdicts
from kompetens.model.framework import Framework
from kompetens.text.i18n import FALLBACK, Messages

_SECTIONS = (
    framework_changes,
    scale_changes,
    level_changes,
    area_changes,
    component_changes,
    statement_changes,
)
"""In this order: the verdicts read the statements' moves, and the change list is shown in
the order the sections find them."""


def diff_frameworks(
    old: Framework, new: Framework, messages: Messages | None = None
) -> FrameworkDiff:
    """Every difference between OLD and NEW and, per level of OLD, the verdict; the change
    messages in the language of `messages` (English when not given)."""
    record = Record(Index(old), Index(new), messages or Messages(FALLBACK))
    for section in _SECTIONS:
        section(record)
    return FrameworkDiff(
        old.id, old.version, new.id, new.version, tuple(record.changes), level_verdicts(record)
    )


__all__ = [
    "Change",
    "FrameworkDiff",
    "Impact",
    "LevelVerdict",
    "diff_frameworks",
    "format_text",
    "reworded",
]

"""Which scored entries make the cohort: one framework and version, one level, one entry
per respondent.

Every input is scored where it is read (in a worker process, a row at a time); only once
all are in can the run see which framework and level the cohort is, and which of two
results by one respondent is the later. These are the steps `collect` takes then; each
entry left out becomes a located diagnostic, a result file's at the key that decided it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

from kompetens.cohort.records import CohortError, Entry, note, rejection
from kompetens.framework.diagnostics import Diagnostic
from kompetens.model import Framework
from kompetens.text.i18n import Messages

if TYPE_CHECKING:
    from kompetens.cohort.columns import ScoredRows


def _locate(file: str, loc: tuple[str, ...]) -> tuple[int, int]:
    """Line and column of a key in a result file (read again: only for rejections)."""
    from kompetens.framework.loading import read_document

    document = read_document(Path(file))
    if document.data is None:
        return 1, 1
    return document.locate(loc)


def entry_rejection(entry: Entry, loc: tuple[str, ...], code: str, message: str) -> Diagnostic:
    """An entry left out: at the key `loc` of a result file, or at the row of a table."""
    if entry.kind == "result":
        line, col = _locate(entry.source, loc)
        return rejection(entry.source, line, col, code, message, ".".join(loc))
    return rejection(entry.source, entry.line, 1, code, message)


def keep_framework(
    entries: list[Entry], framework: Framework, messages: Messages
) -> tuple[list[Entry], list[Diagnostic]]:
    """The entries of the cohort's framework and version, and why the others are not."""
    kept: list[Entry] = []
    left_out: list[Diagnostic] = []
    for entry in entries:
        if entry.framework_id != framework.id:
            found = entry.framework_id
            left_out.append(
                entry_rejection(
                    entry,
                    ("framework", "id"),
                    "wrong-framework",
                    messages("tables.wrong_framework", found=found, framework=framework.id),
                )
            )
        elif entry.extra.get("scored_with", framework.version) != framework.version:
            left_out.append(
                entry_rejection(
                    entry,
                    ("framework", "version"),
                    "other-version",
                    f"result was made with {framework.id} {entry.extra['version']}; this "
                    f"cohort is scored with {framework.version}. Score each version on its "
                    f"own, e.g. --framework {framework.id}@{entry.extra['scored_with']}",
                )
            )
        else:
            kept.append(entry)
    return kept, left_out


def choose_level(
    entries: list[Entry],
    given: str | None,
    framework: Framework,
    messages: Messages,
    blocks: Sequence[ScoredRows] = (),
) -> str:
    """`--level`, else the one level of the entries and rows (mixed levels are refused),
    else the framework's first."""
    if given is not None:
        return given
    levels = _level_counts(entries, blocks)
    if len(levels) > 1:
        listed = ", ".join(f"{name} ({count})" for name, count in levels.most_common())
        raise CohortError(
            messages("tables.mixed_levels", levels=listed, level=levels.most_common(1)[0][0])
        )
    return next(iter(levels)) if levels else framework.level_ids[0]


def _level_counts(entries: list[Entry], blocks: Sequence[ScoredRows]) -> Counter[str]:
    """How many inputs are at each level, the levels in the order the inputs first name
    them."""
    counts: Counter[str] = Counter(e.level for e in entries)
    first: dict[str, int] = {}
    for entry in entries:
        first.setdefault(entry.level, entry.order)
    for block in blocks:
        counts[block.level] += len(block)
        first[block.level] = min(first.get(block.level, int(block.orders[0])), int(block.orders[0]))
    return Counter({level: counts[level] for level in sorted(counts, key=first.__getitem__)})


def keep_level(
    entries: list[Entry], level: str, messages: Messages
) -> tuple[list[Entry], list[Diagnostic]]:
    """The entries at `level`, and why the others are not scored."""
    kept = [entry for entry in entries if entry.level == level]
    left_out = [
        entry_rejection(
            entry,
            ("level",),
            "wrong-level",
            messages("tables.wrong_level", found=entry.level, level=level),
        )
        for entry in entries
        if entry.level != level
    ]
    return kept, left_out


def with_level_rows(
    entries: list[Entry], blocks: list[ScoredRows], level: str
) -> tuple[list[Entry], list[ScoredRows]]:
    """The rows of another level become entries (in input order among the others), to be
    rejected one by one; the rows of the cohort's level stay columns."""
    other = [block for block in blocks if block.level != level]
    if not other:
        return entries, blocks
    rows = [block.entry(index) for block in other for index in range(len(block))]
    merged = sorted([*entries, *rows], key=lambda entry: entry.order)
    return merged, [block for block in blocks if block.level == level]


def split_roles(entries: list[Entry], more_own: bool = False) -> tuple[list[Entry], list[Entry]]:
    """Self-assessments and others' ratings. Inputs with no self-assessment at all (a
    folder of mentors' ratings) are scored as the cohort themselves. `more_own`: the cohort
    has self-assessments besides `entries` (rows of tables)."""
    own = [e for e in entries if e.extra.get("role", "self") == "self"]
    others = [e for e in entries if e.extra.get("role", "self") != "self"]
    if not own and not more_own:
        return others, []
    return own, others


def dedupe_key(entry: Entry) -> str | None:
    """Who the entry is: the respondent id, else the name (case and spaces ignored)."""
    text = entry.respondent or entry.name
    return " ".join(text.casefold().split()) if text else None


_SPACE = re.compile(r"\s")


def ids_are_keys(respondents: Sequence[str | None]) -> bool:
    """Whether every row has an id that is its own `dedupe_key`: case-folding changes none
    and none has a space (ids such as student numbers, nearly always)."""
    if not respondents or not all(respondents):
        return False
    joined = "\0".join(cast("Sequence[str]", respondents))
    return joined.casefold() == joined and not _SPACE.search(joined)


def row_keys(respondents: Sequence[str | None], names: Sequence[str | None]) -> list[str | None]:
    """`dedupe_key` of many rows at once: their ids (else names) case-folded in one string
    when none has a space or a NUL to normalise, else one by one."""
    if all(respondents):  # every row has an id (as nearly always): no name is needed
        texts: Sequence[str | None] = respondents
        joined = "\0".join(cast("Sequence[str]", respondents))
    else:
        texts = [respondent or name for respondent, name in zip(respondents, names, strict=True)]
        joined = "\0".join(text or "" for text in texts)
    folded = joined.casefold()
    if folded.count("\0") == len(texts) - 1 and not _SPACE.search(folded):
        if not texts:
            return []
        keys = folded.split("\0")
        return cast("list[str | None]", keys) if all(keys) else [key or None for key in keys]
    return [" ".join(text.casefold().split()) if text else None for text in texts]


Display = Callable[[Entry], str]
"""How a respondent is named in messages (a pseudonym when pseudonymising)."""


def deduplicate(
    entries: list[Entry], display: Display, messages: Messages
) -> tuple[list[Entry], list[Diagnostic], list[Diagnostic]]:
    """The entries to score, the duplicates rejected, and the double submissions warned
    about (rows of one table by the same respondent: a survey answered twice keeps its
    latest answer)."""
    groups: dict[str, list[Entry]] = {}
    unique: list[Entry] = []
    for entry in entries:
        key = dedupe_key(entry)
        if key is None:
            unique.append(entry)
        else:
            groups.setdefault(key, []).append(entry)
    rejected: list[Diagnostic] = []
    warned: list[Diagnostic] = []
    for group in groups.values():
        keep = group[0] if len(group) == 1 else max(group, key=_latest)
        unique.append(keep)
        if len(group) == 1:
            continue
        if all(e.kind == "row" and e.source == keep.source for e in group):
            warned.append(_double_submission(group, keep, display, messages))
        else:
            rejected.extend(_duplicates(group, keep, display, messages))
    return unique, rejected, warned


def deduplicate_rows(
    entries: list[Entry], blocks: Sequence[ScoredRows], display: Display, messages: Messages
) -> tuple[list[Entry], list[ScoredRows], list[Diagnostic], list[Diagnostic]]:
    """`deduplicate` over entries and rows kept as columns: only the respondents who occur
    more than once become entries and go through `deduplicate` (in input order, so its
    diagnostics come in the same order); the rows it leaves out are taken out of their
    blocks."""
    import numpy as np

    entry_keys = [dedupe_key(entry) for entry in entries]
    block_keys = [
        block.respondents if block.keys_are_ids else row_keys(block.respondents, block.names)
        for block in blocks
    ]
    twice = _repeated([entry_keys, *block_keys])
    if not twice:
        return entries, list(blocks), [], []
    masks = [
        np.fromiter((key in twice for key in keys), dtype=bool, count=len(keys))
        for keys in block_keys
    ]
    involved = [entry for entry, key in zip(entries, entry_keys, strict=True) if key in twice]
    for block, mask in zip(blocks, masks, strict=True):
        involved.extend(block.entry(index) for index in np.flatnonzero(mask).tolist())
    involved.sort(key=lambda entry: entry.order)
    unique, rejected, warned = deduplicate(involved, display, messages)
    kept = {entry.order for entry in unique}
    kept_entries = [
        entry
        for entry, key in zip(entries, entry_keys, strict=True)
        if key not in twice or entry.order in kept
    ]
    kept_orders = np.fromiter(kept, dtype=np.int64, count=len(kept))
    kept_blocks = [
        block.take(~(mask & ~np.isin(block.orders, kept_orders)))
        for block, mask in zip(blocks, masks, strict=True)
    ]
    return kept_entries, kept_blocks, rejected, warned


def _repeated(key_lists: Sequence[Sequence[str | None]]) -> set[str | None]:
    """The keys (not None) that occur more than once: counted only when a set of them all
    is smaller than their number, which it rarely is."""
    named = [
        keys if None not in keys else [key for key in keys if key is not None] for keys in key_lists
    ]
    distinct: set[str | None] = set().union(*named)
    if len(distinct) == sum(map(len, named)):
        return set()
    counts = Counter(key for keys in named for key in keys)
    return {key for key, count in counts.items() if count > 1}


def _latest(entry: Entry) -> tuple[float, int]:
    """Completed later, else given later."""
    return (entry.completed if entry.completed is not None else float("-inf"), entry.order)


def _double_submission(
    group: list[Entry], keep: Entry, display: Display, messages: Messages
) -> Diagnostic:
    others = sorted(e.line for e in group if e is not keep)
    return note(
        keep.source,
        others[0],
        1,
        "double-submission",
        messages(
            "tables.double_submission",
            who=display(keep),
            rows=", ".join(str(line) for line in sorted(e.line for e in group)),
            kept=keep.line,
        ),
    )


def _duplicates(
    group: list[Entry], keep: Entry, display: Display, messages: Messages
) -> list[Diagnostic]:
    rejected: list[Diagnostic] = []
    for other in group:
        if other is keep:
            continue
        reason = messages(
            "tables.completed_later"
            if keep.completed is not None
            and other.completed is not None
            and keep.completed > other.completed
            else "tables.given_later"
        )
        rejected.append(
            entry_rejection(
                other,
                ("respondent", "id"),
                "duplicate",
                messages("tables.duplicate", who=display(other), kept=keep.where, reason=reason),
            )
        )
    return rejected


def deduplicate_roles(
    assessors: list[Entry], display: Display, messages: Messages
) -> tuple[list[Entry], list[Diagnostic], list[Diagnostic]]:
    """`deduplicate` within each assessor role: a mentor's and a teacher's rating of one
    student are both kept."""
    by_role: dict[str, list[Entry]] = {}
    for entry in assessors:
        by_role.setdefault(entry.extra.get("role", ""), []).append(entry)
    kept: list[Entry] = []
    rejected: list[Diagnostic] = []
    warned: list[Diagnostic] = []
    for role_entries in by_role.values():
        role_kept, duplicates, double = deduplicate(role_entries, display, messages)
        kept.extend(role_kept)
        rejected.extend(duplicates)
        warned.extend(double)
    return kept, rejected, warned


def version_notes(
    entries: list[Entry], framework: Framework, messages: Messages
) -> list[Diagnostic]:
    """A note per other minor version the results were made with (scored all the same)."""
    versions = Counter(
        e.extra.get("version")
        for e in entries
        if e.extra.get("version") not in (None, framework.version)
    )
    return [
        note(
            "",
            0,
            0,
            "other-version",
            messages(
                "tables.other_version",
                count=count,
                framework=framework.id,
                version=version,
                scored=framework.version,
            ),
        )
        for version, count in versions.items()
    ]

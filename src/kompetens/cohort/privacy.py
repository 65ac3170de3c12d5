"""Pseudonyms for respondents: keyed hashes that only the key holder can reproduce.

A pseudonym is `p-` followed by the first 16 hex digits (64 bits) of
HMAC-SHA256(key, respondent id), with the id stripped and case-folded so that `S1001` and
` s1001` are the same student. The same key gives the same pseudonym in every run, so
cohorts scored in different terms can be linked by whoever holds the key, and by nobody
else: without the key, trying every student number does not help, because each guess needs
the key. Lose the key and the pseudonyms can no longer be linked to anyone; share it and
they can. Nothing is sent anywhere: the hash is computed on this machine.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kompetens.framework.diagnostics import Diagnostic
    from kompetens.text.i18n import Messages

KEY_VARIABLE = "KOMPETENS_PSEUDONYM_KEY"
MIN_KEY_BYTES = 16
MAX_KEY_FILE_BYTES = 64 * 1024
PREFIX = "p-"
DIGITS = 16


class PseudonymKeyError(Exception):
    """No usable key: `key` is the catalogue message (`cohort.key_*`) saying how to provide
    one, with its `values`."""

    def __init__(self, key: str, **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(f"{key}: {values}")

    def text(self, messages: Messages) -> str:
        """The message in the reader's language, with how to make and pass a key."""
        how = messages("cohort.key_help", variable=KEY_VARIABLE)
        return messages(self.key, **self.values, help=how)


def load_key(key_file: Path | None, environ: Mapping[str, str] | None = None) -> bytes:
    """The pseudonymisation key from `key_file`, else from the environment."""
    env = os.environ if environ is None else environ
    if key_file is not None:
        try:
            raw = key_file.read_bytes()[: MAX_KEY_FILE_BYTES + 1]
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise PseudonymKeyError("cohort.key_unreadable", path=key_file, reason=reason) from exc
        if len(raw) > MAX_KEY_FILE_BYTES:
            raise PseudonymKeyError("cohort.key_too_large", path=key_file)
        key = raw.strip()
        source = str(key_file)
    else:
        text = env.get(KEY_VARIABLE)
        if not text:
            raise PseudonymKeyError("cohort.key_missing")
        key = text.strip().encode("utf-8")
        source = KEY_VARIABLE
    if len(key) < MIN_KEY_BYTES:
        raise PseudonymKeyError(
            "cohort.key_too_short", source=source, length=len(key), minimum=MIN_KEY_BYTES
        )
    return key


def normalise(respondent: str) -> str:
    return " ".join(respondent.casefold().split())


class Pseudonymizer:
    """`pseudonymizer("s1001")` → `p-3f0c…`; stable for a key, unlinkable without it."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def __call__(self, respondent: str) -> str:
        digest = hmac.new(self._key, normalise(respondent).encode("utf-8"), hashlib.sha256)
        return PREFIX + digest.hexdigest()[:DIGITS]


# --- What a shared output may say: one policy for CSV, JSON, HTML, Markdown and the summary

_MOODLE_SUBMISSION = re.compile(r"_\d+_(assignsubmission|onlinetext|file)\w*$", re.IGNORECASE)
"""Moodle's "download all submissions" folder of one student: `Full Name_123_assignsubmission_file_`."""


def identifying_column(column: str, id_column: str | None = None) -> bool:
    """Whether grouping by `column` would group by person (a name, e-mail or id column),
    by the table headers' own list (`headers`, imported here: a run of result files does
    not read headers)."""
    from kompetens.cohort.headers import IDENTIFYING_NAMES as IDENTIFYING_COLUMNS
    from kompetens.cohort.headers import normalise as normalise_header

    header = normalise_header(column)
    return header in IDENTIFYING_COLUMNS or (
        id_column is not None and header == normalise_header(id_column)
    )


def folder_label(file: str) -> str:
    """The folder a result file is grouped by with `--by folder`.

    Moodle puts each student's hand-in in a folder named after the student
    (`Full Name_123_assignsubmission_file_`); such a folder is a person, not a group, so the
    folder above it is used instead.
    """
    folder = Path(file).parent
    while _MOODLE_SUBMISSION.search(folder.name) and folder.parent != folder:
        folder = folder.parent
    return "" if _MOODLE_SUBMISSION.search(folder.name) else folder.name


def withhold_small_groups(analysis: Mapping[str, Any], *, pseudonymised: bool) -> None:
    """Leave out the label of every group smaller than `--min-group` when pseudonymising.

    A group of one is a person: its label (a folder named after a student, a rare
    programme) would tie the pseudonym, and the group's row, to that person. The group's
    statistics are suppressed anyway; now its label goes too, in the group comparison and
    in every respondent's row. Applied to the analysis that every output is made from.
    """
    if not pseudonymised:
        return
    minimum = int(analysis.get("min_group") or 1)
    withheld: dict[str, set[str]] = {}
    for comparison in analysis.get("groups") or []:
        hidden = withheld.setdefault(comparison["column"], set())
        for group in comparison["groups"]:
            if group["n"] < minimum and group["value"]:
                hidden.add(group["value"])
                group["value"] = ""
                group["withheld"] = True
    if not any(withheld.values()):
        return
    for row in analysis.get("respondents") or []:
        groups = row.get("groups") or {}
        for column, hidden in withheld.items():
            if groups.get(column) in hidden:
                groups[column] = ""


def shareable_inputs(diagnostics: Sequence[Diagnostic], *, pseudonymised: bool) -> list[Diagnostic]:
    """The rejected inputs (or unfinished drafts) an output may name: none when
    pseudonymising, because file names often carry a student number or name; the counts
    by reason stay in the output's quality notes."""
    return [] if pseudonymised else list(diagnostics)


def shareable_notes(notes: Sequence[Diagnostic], *, pseudonymised: bool) -> list[Diagnostic]:
    """The input notes an output may carry: when pseudonymising, only those about the run
    as a whole (a table's notes name its file, and a file is often named after a student)."""
    if not pseudonymised:
        return list(notes)
    return [note for note in notes if not note.file]

"""The formats `export` writes and `import` reads, and which file suffix means which.

One table of suffixes serves both directions, so that `export -o x.json` and `import
x.json` agree on what a `.json` file is.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path


class ExportFormat(StrEnum):
    moodle_csv = "moodle-csv"
    case_json = "case-json"
    md = "md"
    html = "html"
    moodle_feedback = "moodle-feedback"
    limesurvey = "limesurvey"
    questions = "questions"


class ImportFormat(StrEnum):
    case_json = "case-json"
    moodle_csv = "moodle-csv"


SURVEY_DESIGNS = frozenset(
    {ExportFormat.moodle_feedback, ExportFormat.limesurvey, ExportFormat.questions}
)
"""Exports that are a survey to collect answers with, not the framework itself."""

SUFFIX_FORMATS = {
    ".csv": ExportFormat.moodle_csv,
    ".json": ExportFormat.case_json,
    ".md": ExportFormat.md,
    ".html": ExportFormat.html,
    ".htm": ExportFormat.html,
}
"""The format a file suffix names (`-o` of export, the FILE of import)."""

IMPORT_SUFFIXES = {".txt": ImportFormat.moodle_csv}
"""Suffixes only an import reads a format from (Moodle's own export may be a .txt)."""


def export_format_for(path: Path | None) -> ExportFormat | None:
    """The export format that `path`'s suffix names, or None."""
    if path is None:
        return None
    return SUFFIX_FORMATS.get(path.suffix.lower())


def import_format_for(source: Path, chosen: ImportFormat | None) -> ImportFormat:
    """`--from`, else the suffix, else a look at the first character (`{` is JSON)."""
    if chosen is not None:
        return chosen
    suffix = source.suffix.lower()
    named = SUFFIX_FORMATS.get(suffix)
    if named is not None and named.value in tuple(ImportFormat):
        return ImportFormat(named.value)
    if suffix in IMPORT_SUFFIXES:
        return IMPORT_SUFFIXES[suffix]
    try:
        with source.open("rb") as handle:
            start = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return ImportFormat.case_json  # the reader reports why it cannot be read
    return ImportFormat.case_json if start.startswith(b"{") else ImportFormat.moodle_csv


__all__ = [
    "IMPORT_SUFFIXES",
    "SUFFIX_FORMATS",
    "SURVEY_DESIGNS",
    "ExportFormat",
    "ImportFormat",
    "export_format_for",
    "import_format_for",
]

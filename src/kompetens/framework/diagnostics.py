"""Diagnostics: one problem in one file, located by line and column.

Every reader and checker speaks this type so that the CLI can sort, filter and format
problems from YAML parsing, schema validation and semantic checks in one place.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, TypedDict

from kompetens.text.terminal import quoted_name, safe_text


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class DiagnosticDict(TypedDict):
    """One diagnostic in `--format json` (and in the JSON of `score` and `report --each`)."""

    file: str
    line: int
    col: int
    severity: str
    code: str
    path: str
    message: str


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found in `file` at 1-based `line` and `col`.

    `path` is the data path inside the document (`areas[0].components[1].id`), so that a
    message still makes sense when positions are unknown (line 0 means "whole file").
    """

    file: str
    line: int
    col: int
    severity: Severity
    code: str
    path: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_text(self) -> str:
        """One line, whatever the file name or message holds (see `kompetens.text.terminal`)."""
        where = f" {safe_text(self.path, lines=False)}:" if self.path else ""
        return (
            f"{quoted_name(self.file)}:{self.line}:{self.col}: {self.severity.value} "
            f"[{self.code}]{where} {safe_text(self.message, lines=False)}"
        )

    def as_github(self) -> str:
        """A GitHub Actions workflow command (`::error file=…,line=…::message`)."""
        level = "error" if self.is_error else "warning"
        message = f"{self.path}: {self.message}" if self.path else self.message
        message = safe_text(message)
        return (
            f"::{level} file={_github_property(safe_text(self.file))},line={max(self.line, 1)},"
            f"col={max(self.col, 1)},title={_github_property(self.code)}::"
            f"{_github_data(message)}"
        )

    def as_dict(self) -> DiagnosticDict:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity.value,
            "code": self.code,
            "path": self.path,
            "message": self.message,
        }

    def escalated(self) -> Diagnostic:
        """The same problem as an error (`--strict` turns warnings into errors)."""
        return replace(self, severity=Severity.ERROR)


def format_path(loc: tuple[Any, ...]) -> str:
    """`("areas", 0, "id")` → `areas[0].id`, the form used in every message."""
    parts: list[str] = []
    for segment in loc:
        if isinstance(segment, int) and not isinstance(segment, bool):
            parts.append(f"[{segment}]")
        else:
            parts.append(("." if parts else "") + str(segment))
    return "".join(parts)


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """Property values also escape `:` and `,` (a Windows path has a colon)."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


MAX_PER_FILE = 50
"""Diagnostics shown per file: a file with 100,000 broken areas is one problem repeated, and
400,000 lines of it would hide everything else (and take minutes to print)."""
MORE = "more"


def more_problems(file: str, count: int, *, severity: Severity = Severity.ERROR) -> Diagnostic:
    """`… and N more problems` for a file whose further diagnostics are not shown."""
    return Diagnostic(
        file,
        0,
        0,
        severity,
        MORE,
        "",
        f"… and {count:,} more problem{'s' * (count != 1)} in this file (the first "
        f"{MAX_PER_FILE} are shown; fix those and run again)",
    )


def bounded(diagnostics: Iterable[Diagnostic], limit: int = MAX_PER_FILE) -> list[Diagnostic]:
    """At most `limit` diagnostics per file, in the given order, each file's hidden rest
    counted in one `more` diagnostic after its last shown one."""
    shown: list[Diagnostic] = []
    counts: dict[str, int] = {}
    hidden: dict[str, list[Diagnostic]] = {}
    last: dict[str, int] = {}
    for diagnostic in diagnostics:
        if diagnostic.code == MORE:
            hidden.setdefault(diagnostic.file, []).append(diagnostic)
            continue
        count = counts.get(diagnostic.file, 0)
        counts[diagnostic.file] = count + 1
        if count < limit:
            shown.append(diagnostic)
            last[diagnostic.file] = len(shown)
        else:
            hidden.setdefault(diagnostic.file, []).append(diagnostic)
    if not hidden:
        return shown
    inserts: list[tuple[int, Diagnostic]] = []
    for file, rest in hidden.items():
        extra = sum(_hidden_count(d) for d in rest)
        worst = Severity.ERROR if any(d.is_error for d in rest) else Severity.WARNING
        inserts.append((last.get(file, len(shown)), more_problems(file, extra, severity=worst)))
    for position, diagnostic in sorted(inserts, key=lambda item: -item[0]):
        shown.insert(position, diagnostic)
    return shown


def _hidden_count(diagnostic: Diagnostic) -> int:
    if diagnostic.code != MORE:
        return 1
    digits = diagnostic.message.removeprefix("… and ").split(" ", 1)[0].replace(",", "")
    return int(digits) if digits.isdigit() else 1


def sort_key(diagnostic: Diagnostic) -> tuple[str, int, int, str]:
    return (diagnostic.file, diagnostic.line, diagnostic.col, diagnostic.code)


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=sort_key)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def format_diagnostics(diagnostics: Sequence[Diagnostic], fmt: str) -> str:
    """Render diagnostics as `text` (one per line), `github` annotations or `json`."""
    if fmt == "json":
        return json.dumps([d.as_dict() for d in diagnostics], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(d.as_github() for d in diagnostics)
    return "\n".join(d.as_text() for d in diagnostics)

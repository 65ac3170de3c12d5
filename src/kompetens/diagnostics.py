"""Diagnostics: one problem in one file, located by line and column.

Every reader and checker speaks this type so that the CLI can sort, filter and format
problems from YAML parsing, schema validation and semantic checks in one place.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from enum import StrEnum

from kompetens.terminal import quoted_name, safe_text


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


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
        """One line, whatever the file name or message holds (see `kompetens.terminal`)."""
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

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    def escalated(self) -> Diagnostic:
        """The same problem as an error (`--strict` turns warnings into errors)."""
        return replace(self, severity=Severity.ERROR)


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    """Property values also escape `:` and `,` (a Windows path has a colon)."""
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


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

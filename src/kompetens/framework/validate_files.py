"""`kompetens validate` over many files: which files, and which rules apply to each.

A built-in framework is checked against the built-in glossary unless the user names
another; an archived version is kept exactly as it was published, so the lint rules (which
grow over time) do not run on it and a release stays valid once it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kompetens.framework.catalog import FRAMEWORK_SUFFIXES, archived_frameworks, builtin_frameworks
from kompetens.framework.checks.glossary import Glossary
from kompetens.framework.checks.lint import LintOptions
from kompetens.framework.diagnostics import Diagnostic, Severity
from kompetens.framework.loading import iter_files
from kompetens.framework.validation import load_framework


@dataclass(frozen=True, slots=True)
class ValidationRun:
    """What `validate` found in `files`: every diagnostic, and how many files are invalid."""

    files: tuple[Path, ...]
    diagnostics: tuple[Diagnostic, ...]
    invalid: int

    @property
    def valid(self) -> int:
        return len(self.files) - self.invalid

    @property
    def errors(self) -> int:
        return sum(d.severity is Severity.ERROR for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return len(self.diagnostics) - self.errors


@dataclass(frozen=True, slots=True)
class Rules:
    """The options of one run: `lint` off skips item writing and terms altogether."""

    strict: bool = False
    lint: bool = True
    max_words: int = 25
    glossary: Glossary | None = None
    """The glossary the user named, for every file."""
    builtin_glossary: Glossary | None = None
    """The glossary of the built-in frameworks, when the user named none."""


def files_to_validate(paths: Iterable[Path], *, builtin: bool) -> list[Path]:
    """The framework files named or found below the named directories, and with `builtin`
    the built-in frameworks."""
    files = list(iter_files(list(paths), FRAMEWORK_SUFFIXES))
    if builtin:
        files.extend(builtin_frameworks().values())
    return files


def validate_files(files: Iterable[Path], rules: Rules) -> ValidationRun:
    builtin_files = {path.resolve() for path in builtin_frameworks().values()}
    archived = {path.resolve() for path in archived_frameworks().values()}
    checked = tuple(files)
    diagnostics: list[Diagnostic] = []
    invalid = 0
    for file in checked:
        options = None
        if rules.lint and file.resolve() not in archived:
            own = rules.builtin_glossary if file.resolve() in builtin_files else None
            options = LintOptions(max_words=rules.max_words, glossary=rules.glossary or own)
        framework, found = load_framework(file, strict=rules.strict, lint=options)
        diagnostics.extend(found)
        invalid += framework is None
    return ValidationRun(checked, tuple(diagnostics), invalid)

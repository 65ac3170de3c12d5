"""Continuing a draft: whether it can be continued with this framework, and how.

A draft made with an earlier version of the framework (or a changed file) is continued
with the current one when every statement it answered still exists on the current scale:
the draft then names the current framework from the next save on, and the student is told.
A draft the current framework cannot take is refused with the reasons, and nothing is
changed. A result that is already complete is not a draft to continue.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kompetens.assessment.results import check_result, framework_changes
from kompetens.assessment.session import framework_ref
from kompetens.text.language import resolve_language

if TYPE_CHECKING:
    from kompetens.framework.diagnostics import Diagnostic
    from kompetens.framework.loading import Document
    from kompetens.model import Framework, Result


class DraftRefused(Exception):
    """The framework cannot take the draft: `problems` say why; `change` how the framework
    differs from the draft's (None when it is the same)."""

    def __init__(self, problems: list[Diagnostic], change: str | None) -> None:
        self.problems = problems
        self.change = change
        super().__init__(problems[0].as_text() if problems else "refused")


@dataclass(frozen=True, slots=True)
class Continuation:
    """A draft ready to be continued (or found complete)."""

    language: str
    """The language to continue in: `--lang`, else the draft's, else the framework's."""
    migrated: str | None
    """How the framework differs from the draft's, when the draft was moved to it."""
    complete: bool
    """The result is not a draft: there is nothing to continue."""


def continue_draft(
    framework: Framework, result: Result, document: Document, lang: str | None
) -> Continuation:
    """Check `result` against `framework` and prepare it for answering: moved to the current
    framework when that changed, and to `--lang` when the framework has that language.

    Raises `DraftRefused` when the framework cannot take the draft (nothing is changed)."""
    change = framework_changes(framework, result)
    problems = check_result(framework, result, document)
    if problems:
        raise DraftRefused(problems, change)
    language = resolve_language(
        lang or result.language, framework.languages, framework.default_language
    )
    if not result.is_draft:
        return Continuation(language, None, complete=True)
    if change:
        result.framework = framework_ref(framework)
    if lang and language in framework.languages:
        result.language = language
    return Continuation(language, change, complete=False)

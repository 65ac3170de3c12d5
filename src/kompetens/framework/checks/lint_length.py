"""`long-statement`: a statement longer than the limit (`validate --max-words`) usually
packs in more than one thing to rate, or an explanation that belongs in the descriptor."""

from __future__ import annotations

from collections.abc import Iterator

from kompetens.framework.checks.finding import Finding
from kompetens.framework.checks.lint import LintOptions, iter_statements, words
from kompetens.framework.diagnostics import Severity
from kompetens.model.framework import Framework

CODE = "long-statement"


def check_statement_length(framework: Framework, options: LintOptions) -> Iterator[Finding]:
    for loc, statement in iter_statements(framework):
        if options.respect_silence and CODE in statement.silence:
            continue
        for language, text in statement.text.items():
            count = len(words(text))
            if count > options.max_words:
                yield Finding(
                    (*loc, "text", language),
                    CODE,
                    f"statement {statement.id} ({language}) has {count} words, more than "
                    f"{options.max_words}: keep one behaviour and move explanations to the "
                    "descriptor",
                    Severity.WARNING,
                )

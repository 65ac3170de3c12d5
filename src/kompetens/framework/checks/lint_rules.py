"""The item-writing and terminology rules `kompetens validate` runs, in one place."""

from __future__ import annotations

from collections.abc import Iterator

from kompetens.framework.checks.finding import Finding
from kompetens.framework.checks.glossary import check_glossary
from kompetens.framework.checks.lint import LintOptions, LintRule
from kompetens.framework.checks.lint_double_barrel import check_double_barrel
from kompetens.framework.checks.lint_first_person import check_first_person
from kompetens.framework.checks.lint_length import check_statement_length
from kompetens.framework.checks.lint_silence import check_silences
from kompetens.model.framework import Framework

STATEMENT_RULES: tuple[LintRule, ...] = (
    check_first_person,
    check_statement_length,
    check_double_barrel,
)
"""Rules about one statement's wording; each can be silenced per statement."""

LINT_RULES: tuple[LintRule, ...] = (*STATEMENT_RULES, check_silences, check_glossary)


def run_lint(framework: Framework, options: LintOptions) -> Iterator[Finding]:
    for rule in LINT_RULES:
        yield from rule(framework, options)

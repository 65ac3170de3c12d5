"""`unknown-silence` and `unused-silence`: a silenced warning must name a real rule and
still be needed, so that no silence outlives the reason written next to it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from kompetens.framework.checks.finding import Finding, did_you_mean
from kompetens.framework.checks.lint import LintOptions, iter_statements
from kompetens.framework.diagnostics import Severity
from kompetens.model.framework import Framework

SILENCEABLE = ("not-first-person", "long-statement", "double-barrel")


def check_silences(framework: Framework, options: LintOptions) -> Iterator[Finding]:
    from kompetens.framework.checks.lint_rules import STATEMENT_RULES

    ids = {loc: statement.id for loc, statement in iter_statements(framework)}
    unsilenced = replace(options, respect_silence=False)
    firing = {
        (ids[finding.loc[:6]], finding.code)
        for rule in STATEMENT_RULES
        for finding in rule(framework, unsilenced)
    }
    for loc, statement in iter_statements(framework):
        for code in statement.silence:
            where = (*loc, "silence", code)
            if code not in SILENCEABLE:
                yield Finding(
                    where,
                    "unknown-silence",
                    f"'{code}' is not an item-writing rule{did_you_mean(code, SILENCEABLE)}; "
                    f"these can be silenced: {', '.join(SILENCEABLE)}",
                    Severity.WARNING,
                    at_key=True,
                )
            elif (statement.id, code) not in firing:
                yield Finding(
                    where,
                    "unused-silence",
                    f"statement {statement.id} silences '{code}', but the rule finds nothing "
                    "to warn about: remove the silence",
                    Severity.WARNING,
                    at_key=True,
                )

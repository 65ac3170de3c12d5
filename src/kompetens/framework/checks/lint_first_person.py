"""`not-first-person`: a self-assessment statement speaks as the respondent ("I can …",
"We …"); a statement about someone else is answered about someone else."""

from __future__ import annotations

from collections.abc import Iterator

from kompetens.framework.checks.finding import Finding
from kompetens.framework.checks.lint import LintOptions, iter_statements, words
from kompetens.framework.diagnostics import Severity
from kompetens.model.framework import Framework

CODE = "not-first-person"

_PRONOUNS = {
    "en": {"i", "we", "my", "our", "me", "us"},
    "sv": {"jag", "vi", "min", "mitt", "mina", "vår", "vårt", "våra", "mig", "oss"},
    "fi": {"minä", "minun", "minulla", "minua", "me", "meidän", "meillä", "meitä", "meille"},
}


def is_first_person(language: str, text: str) -> bool | None:
    """True or False for the languages the rule knows (fi, sv, en), None for others."""
    found = words(text)
    if language not in _PRONOUNS:
        return None
    if not found:
        return False
    if any(word in _PRONOUNS[language] for word in found):
        return True
    if language == "fi":
        # A first-person verb (Osaan, Kehitän; Teemme) or a possessive suffix (-ni, -mme).
        return found[0].endswith(("n", "mme")) or any(
            word.endswith(("mme", "ni")) for word in found
        )
    return False


def check_first_person(framework: Framework, options: LintOptions) -> Iterator[Finding]:
    for loc, statement in iter_statements(framework):
        if options.respect_silence and CODE in statement.silence:
            continue
        for language, text in statement.text.items():
            if is_first_person(language, text) is False:
                yield Finding(
                    (*loc, "text", language),
                    CODE,
                    f"statement {statement.id} ({language}) is not in the first person: "
                    "write it as the respondent would say it ('I can …', 'We …')",
                    Severity.WARNING,
                )

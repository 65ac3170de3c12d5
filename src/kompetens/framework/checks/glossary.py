"""The glossary: one term per concept in each language, and the check that texts use it.

A framework written in three languages drifts: *moniammatillinen* becomes
"multi-professional" in one place and "interprofessional" in another, and the Finnish and
English titles then name different things. The glossary says which term stands for which
concept in each language; the rules flag

* `glossary-mismatch`: a text whose Finnish (or other default-language) version uses one
  concept's term while its translation uses, instead, the term of a concept the glossary
  says is easily confused with it (`confused_with`), and
* `glossary-avoid`: a term the glossary marks as not to be used (a calque, an old name),
  with the term to use.

Terms are matched at the start of a word and case-insensitively, so a Finnish stem
(`moniammatilli`) finds every inflected form (`moniammatillisessa`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from kompetens.framework.checks.finding import Finding
from kompetens.framework.checks.lint import LintOptions
from kompetens.framework.diagnostics import Diagnostic, Severity
from kompetens.model.framework import Framework, Identifier
from kompetens.model.text import LanguageCode

Term = Annotated[str, StringConstraints(min_length=2, strip_whitespace=True)]


class Concept(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    note: str | None = None
    terms: dict[LanguageCode, list[Term]] = Field(
        min_length=1, description="Language → the terms (or word stems) that name the concept."
    )
    avoid: dict[LanguageCode, list[Term]] = Field(
        default_factory=dict, description="Language → terms not to use for this concept."
    )
    confused_with: list[Identifier] = Field(
        default_factory=list,
        description="Concepts whose terms translators mix up with this one's; a text that "
        "names this concept in one language and one of these in another is flagged.",
    )


class Glossary(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    format: int = 1
    concepts: dict[Identifier, Concept] = Field(min_length=1)

    def confusable(self, first: str, second: str) -> bool:
        """Whether either concept names the other as one it is confused with."""
        return second in self.concepts[first].confused_with or (
            first in self.concepts[second].confused_with
        )

    @cached_property
    def _patterns(self) -> dict[str, dict[str, re.Pattern[str]]]:
        return {
            concept_id: {
                language: _pattern(terms) for language, terms in concept.terms.items() if terms
            }
            for concept_id, concept in self.concepts.items()
        }

    def concepts_in(self, language: str, text: str) -> dict[str, str]:
        """Concept id → the term found, for the concepts `text` names in `language`."""
        found: dict[str, str] = {}
        for concept_id, patterns in self._patterns.items():
            pattern = patterns.get(language)
            match = pattern.search(text) if pattern else None
            if match:
                found[concept_id] = match.group(0)
        return found

    def avoided_in(self, language: str, text: str) -> Iterator[tuple[str, str]]:
        """(concept id, the avoided term found) for every avoided term in `text`."""
        for concept_id, concept in self.concepts.items():
            terms = concept.avoid.get(language)
            if terms:
                match = _pattern(terms, whole=True).search(text)
                if match:
                    yield concept_id, match.group(0)


def _pattern(terms: list[str], *, whole: bool = False) -> re.Pattern[str]:
    """Terms as word starts (`moniammatilli…`), or with `whole` as whole words (a plural
    `-s` allowed), so that avoiding `cross-sector` does not also flag `cross-sectoral`."""
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    ending = r"(?:e?s)?(?![\w-])" if whole else r"[\w-]*"
    return re.compile(rf"(?<![\w-])(?:{alternatives}){ending}", re.IGNORECASE)


def load_glossary(path: Path) -> tuple[Glossary | None, list[Diagnostic]]:
    """A glossary file as a model, or its problems with line and column."""
    from kompetens.framework.loading import read_document
    from kompetens.framework.validation import validate_document

    return validate_document(read_document(path), Glossary)


def builtin_glossary_path() -> Path:
    from kompetens.framework.catalog import BUILTIN_GLOSSARY, resource_dir

    directory, name = BUILTIN_GLOSSARY
    return resource_dir(directory) / name


def _first_term(glossary: Glossary, concept_id: str, language: str) -> str:
    terms = glossary.concepts[concept_id].terms.get(language) or ["?"]
    return terms[0]


def check_glossary(framework: Framework, options: LintOptions) -> Iterator[Finding]:
    glossary: Glossary | None = options.glossary
    if glossary is None:
        return
    from kompetens.framework.checks.translations import iter_texts

    default = framework.default_language
    for loc, text in iter_texts(framework):
        for language, value in text.items():
            for concept_id, term in glossary.avoided_in(language, value):
                yield Finding(
                    (*loc, language),
                    "glossary-avoid",
                    f"'{term}' ({language}) is not the glossary's term for '{concept_id}': "
                    f"use '{_first_term(glossary, concept_id, language)}'",
                    Severity.WARNING,
                )
        original = text.get(default)
        if original is None:
            continue
        named = glossary.concepts_in(default, original)
        for language, value in text.items():
            if language == default:
                continue
            translated = glossary.concepts_in(language, value)
            missing = [c for c in named if c not in translated]
            instead = [c for c in translated if c not in named]
            pairs = [(m, i) for m in missing for i in instead if glossary.confusable(m, i)]
            if pairs:
                meant, used = pairs[0]
                yield Finding(
                    (*loc, language),
                    "glossary-mismatch",
                    f"the {default} text says '{named[meant]}' ({meant}), but the "
                    f"{language} text says '{translated[used]}' ({used}): use "
                    f"'{_first_term(glossary, meant, language)}'",
                    Severity.WARNING,
                )

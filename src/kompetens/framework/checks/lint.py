"""Item-writing lint: what makes a self-assessment statement measure one thing.

These rules are advice for designers, so they are warnings (errors with `--strict`) and run
in `kompetens validate` only. Each rule lives in its own module (`lint_*.py`) and reads the
words of a statement through the helpers here. A designer who has a reason to keep a
statement as it is silences one rule for that statement in the framework file:

    silence: {double-barrel: "one behaviour: 'recognise and name' is a single act"}
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from kompetens.model.framework import Framework, Statement

Loc = tuple[Any, ...]

DEFAULT_MAX_WORDS = 25
"""Longer statements are hard to answer with one number; 25 words fits a full sentence with
one example."""

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.UNICODE)


@dataclass(frozen=True, slots=True)
class LintOptions:
    """How `validate` runs the item-writing rules."""

    max_words: int = DEFAULT_MAX_WORDS
    glossary: Any = None
    """A `kompetens.framework.checks.glossary.Glossary`, or None for no terminology check."""
    respect_silence: bool = True
    """False only to find out which silences are still needed."""


def words(text: str) -> list[str]:
    """The words of a text, lowercased, without punctuation (`easy-to-read` is one word)."""
    return [match.group(0).lower() for match in _WORD.finditer(text)]


def iter_statements(framework: Framework) -> Iterator[tuple[Loc, Statement]]:
    for ai, area in enumerate(framework.areas):
        for ci, component in enumerate(area.components):
            for si, statement in enumerate(component.statements):
                yield ("areas", ai, "components", ci, "statements", si), statement


LintRule = Callable[[Framework, LintOptions], Iterator[Any]]

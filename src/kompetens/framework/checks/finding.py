"""What a rule reports: a data path, a code and a message; positions are added later."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kompetens.framework.diagnostics import Severity


@dataclass(frozen=True, slots=True)
class Finding:
    loc: tuple[Any, ...]
    code: str
    message: str
    severity: Severity = Severity.ERROR
    at_key: bool = False
    related: tuple[Any, ...] | None = None
    """Another place the message refers to (the first use of a duplicate id); its line is
    added to the message."""


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """` (did you mean 'x'?)` when a known word is close, else an empty string."""
    matches = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""

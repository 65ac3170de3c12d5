"""Numbers as a reader of each language writes them: `3,4` and `83 %` in Finnish and
Swedish, `3.4` and `83%` in English, `–` for a number that does not exist.

The terminal summary, the SVG charts and the HTML and Markdown reports all format numbers
here (`kompetens.report.filters` hands these to the templates), so a Finnish reader sees
the same `3,4` everywhere, and the terminal does not import the report code to print one.
Every function accepts `None`, because a sub-area without enough answers has no mean.
"""

from __future__ import annotations

from typing import Any

MISSING = "–"
"""Shown for a number that does not exist (an en dash, not a zero)."""

MINUS = "−"
"""U+2212: a real minus sign lines up with `+` and does not break lines like a hyphen."""

DECIMAL_COMMA_LANGUAGES = frozenset({"fi", "sv"})


def _as_float(value: Any) -> float | None:
    """A number from a context value, or `None` for missing and non-numeric values."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value))
    except ValueError:
        return None


def _decimal(text: str, language: str) -> str:
    return text.replace(".", ",") if language in DECIMAL_COMMA_LANGUAGES else text


def num(value: Any, language: str = "en", digits: int = 1) -> str:
    """`3.4` (`3,4` in Finnish and Swedish); `–` for a missing mean.

    Rounding happens before the sign is chosen, so `-0.04` shows as `0.0`, never `−0.0`.
    """
    number = _as_float(value)
    if number is None:
        return MISSING
    rounded = round(number, digits)
    if rounded == 0:
        rounded = 0.0
    text = f"{abs(rounded):.{digits}f}"
    return _decimal(f"{MINUS if rounded < 0 else ''}{text}", language)


def pct(value: Any, language: str = "en", digits: int = 0) -> str:
    """A share (0–1) as a percentage: `83%`, or `83 %` (with a no-break space) in fi/sv."""
    number = _as_float(value)
    if number is None:
        return MISSING
    text = num(number * 100, language, digits)
    return f"{text}\u00a0%" if language in DECIMAL_COMMA_LANGUAGES else f"{text}%"


def signed(value: Any, language: str = "en", digits: int = 1) -> str:
    """A change since the baseline: `↑ +0.5`, `↓ −0.3`, `→ 0.0`; `–` without a baseline.

    The arrow carries the direction for readers who cannot tell the colours apart and for
    black-and-white printouts; the sign carries it for screen readers.
    """
    number = _as_float(value)
    if number is None:
        return MISSING
    rounded = round(number, digits)
    text = num(rounded, language, digits)
    if rounded > 0:
        return f"↑ +{text}"
    if rounded < 0:
        return f"↓ {text}"
    return f"→ {text}"

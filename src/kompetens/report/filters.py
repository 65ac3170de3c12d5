"""Formatting helpers shared by the report templates, the charts and the terminal view.

They live apart from the Jinja environment so that the terminal summary and the SVG charts
format numbers exactly like the HTML and Markdown reports (a Finnish reader sees `3,4` in
all of them) without importing Jinja. Every function accepts `None`, because a sub-area
without enough answers has no mean and a report must still render.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

MISSING = "–"
"""Shown for a number that does not exist (an en dash, not a zero)."""

MINUS = "−"
"""U+2212: a real minus sign lines up with `+` and does not break lines like a hyphen."""

DECIMAL_COMMA_LANGUAGES = frozenset({"fi", "sv"})

_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


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


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|~#!])")
_MD_LINE_START = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)]))")
_NEWLINES = re.compile(r"\r\n|\r|\n")


def _escape_line_start(match: re.Match[str]) -> str:
    """`- x` → `\\- x` and `1. x` → `1\\. x` (a backslash only escapes punctuation)."""
    indent, bullet, digits, delimiter = match.groups()
    return f"{indent}\\{bullet}" if bullet else f"{indent}{digits}\\{delimiter}"


def md(value: Any) -> str:
    """User text made inert for Markdown: it shows as typed and cannot break a table.

    Markdown punctuation gets a backslash, `<`, `>` and `&` become HTML entities (so a note
    with `<script>` stays text in any Markdown renderer), a leading `-`, `+` or `1.` cannot
    start a list, and line breaks become `<br>` so that a multi-line note stays in its table
    cell. `None` becomes the empty string.
    """
    if value is None:
        return ""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    lines = [_MD_LINE_START.sub(_escape_line_start, line) for line in _NEWLINES.split(text.strip())]
    return "<br>".join(lines)


def date(value: Any, language: str = "en") -> str:
    """An ISO timestamp from the context as the reader writes dates: `15.1.2025 klo 10.30` in
    Finnish, `2025-01-15 10:30` in Swedish and English. Text that is not a timestamp is
    returned unchanged, so a template never fails on a hand-edited result file."""
    if value is None or value == "":
        return MISSING
    text = str(value)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    has_time = "T" in text or " " in text.strip()
    if language == "fi":
        day = f"{moment.day}.{moment.month}.{moment.year}"
        return f"{day} klo {moment.hour}.{moment.minute:02d}" if has_time else day
    day = moment.strftime("%Y-%m-%d")
    return f"{day} {moment.strftime('%H:%M')}" if has_time else day


_NOT_IN_URLS = re.compile(r"[\x00-\x20\x7f-\x9f<>\u2028\u2029]")


def http_url(value: Any) -> str | None:
    """The URL when it is safe to put in a link (`http`, `https`, `mailto`), else `None`.

    Framework files come from other people; a reference URL of `javascript:…` must be shown
    as text, never made clickable. So is one with a space, a line break, a control character,
    `<` or `>`: no real URL has them, and inside Markdown's `<…>` link target a line break
    or `>` would end the link and let the rest become live Markdown.
    """
    if not value:
        return None
    text = str(value).strip()
    if _NOT_IN_URLS.search(text):
        return None
    try:
        scheme = urlsplit(text).scheme.lower()
    except ValueError:
        return None
    return text if scheme in _SAFE_SCHEMES else None

"""Formatting helpers for the report templates and the charts.

They live apart from the Jinja environment so that the SVG charts format numbers exactly
like the HTML and Markdown reports without importing Jinja. The numbers themselves
(`num`, `pct`, `signed`) are `kompetens.text.numbers`', which the terminal summary uses
without importing any report code. Every function accepts `None`, because a sub-area
without enough answers has no mean and a report must still render.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from kompetens.text.numbers import (
    DECIMAL_COMMA_LANGUAGES,
    MINUS,
    MISSING,
    num,
    pct,
    signed,
)

__all__ = [
    "DECIMAL_COMMA_LANGUAGES",
    "MINUS",
    "MISSING",
    "date",
    "http_url",
    "md",
    "num",
    "pct",
    "signed",
]

_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


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

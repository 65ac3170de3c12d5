"""What one cell of a table row says: its text, a completion time in the formats survey
tools write, a level, the respondent (a response id for an anonymous one), whether the row
is a total row, and the message for a cell that is not a rating."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from kompetens.cohort.headers import (
    TOTAL_WORDS,
    is_total_label,
)
from kompetens.cohort.tabletypes import (
    Layout,
    ReadContext,
)
from kompetens.model import Framework


def short_text(text: str, limit: int = 60) -> str:
    """The text on one line, cut to `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()


_DMY = re.compile(
    r"^(\d{1,2})\.(\d{1,2})\.(\d{1,4})(?:[ T]+(\d{1,2})[.:](\d{2})(?:[.:](\d{2}))?)?$"
)
_YMD_SLASH = re.compile(
    r"^(\d{4})/(\d{1,2})/(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?"
    r"(?:\s*(?:GMT|UTC)\s*([+-]\d{1,2})(?::?(\d{2}))?)?$"
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_WORDY = re.compile(
    r"^(?:[a-z]+,\s*)?(\d{1,2})\s+([a-z]+)\s+(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]m)?$",
    re.I,
)
"""Moodle's `userdate`: `Friday, 14 March 2025, 3:38 PM`."""
_MDY_SLASH = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$"
)


def _clock(hour: str | None, ampm: str | None) -> int:
    value = int(hour or 0)
    if ampm:
        value = value % 12 + (12 if ampm.lower() == "pm" else 0)
    return value


def parse_time(value: Any) -> float | bool | None:
    """A time as a POSIX timestamp; `None` when empty; `False` when unreadable."""
    try:
        if isinstance(value, datetime):
            return value.timestamp()
        text = cell_text(value)
        if not text:
            return None
        try:
            return datetime.fromisoformat(text).timestamp()
        except ValueError:
            pass
        for pattern, read in _FORMATS:
            match = pattern.match(text)
            if match:
                moment = read(match)
                return False if moment is None else moment.timestamp()
    except (ValueError, OverflowError, OSError):
        return False
    return False


def _day_month_year(match: re.Match[str]) -> datetime | None:
    """`14.3.2025 15.38` (Finnish), `14.3.2025 15:38:02`."""
    day, month, year, hour, minute, second = match.groups()
    if len(year) != 4:
        return None
    return datetime(
        int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0)
    )


def _year_month_day(match: re.Match[str]) -> datetime:
    """`2025/03/14 3:38:02 PM GMT+2` (Google Forms)."""
    year, month, day, hour, minute, second, ampm, zone_h, zone_m = match.groups()
    zone = None
    if zone_h is not None:
        sign = -1 if zone_h.startswith("-") else 1
        zone = timezone(sign * timedelta(hours=abs(int(zone_h)), minutes=int(zone_m or 0)))
    return datetime(
        int(year),
        int(month),
        int(day),
        _clock(hour, ampm),
        int(minute or 0),
        int(second or 0),
        tzinfo=zone,
    )


def _wordy(match: re.Match[str]) -> datetime | None:
    """`Friday, 14 March 2025, 3:38 PM` (Moodle)."""
    day, month_name, year, hour, minute, second, ampm = match.groups()
    month = _MONTHS.get(month_name.casefold())
    if month is None:
        return None
    return datetime(int(year), month, int(day), _clock(hour, ampm), int(minute), int(second or 0))


def _month_day_year(match: re.Match[str]) -> datetime:
    """`3/14/2025 15:38:02` (Microsoft Forms in a US locale)."""
    month, day, year, hour, minute, second, ampm = match.groups()
    return datetime(
        int(year), int(month), int(day), _clock(hour, ampm), int(minute or 0), int(second or 0)
    )


_FORMATS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], datetime | None]], ...] = (
    (_DMY, _day_month_year),
    (_YMD_SLASH, _year_month_day),
    (_WORDY, _wordy),
    (_MDY_SLASH, _month_day_year),
)
"""The formats tried after ISO 8601, in order; the first that matches decides."""


def level_of(value: Any, framework: Framework) -> str | None:
    text = cell_text(value).casefold().replace(" ", "").replace("-", "")
    for level_id in framework.level_ids:
        if text == level_id.replace("-", ""):
            return level_id
    return None


def cell_problem(context: ReadContext, error: str, value: Any) -> str:
    """The message for a cell `CellReader.read` could not read."""
    msg = context.messages
    kind, _, detail = error.partition(":")
    scale = context.framework.scale
    if kind == "off-scale":
        return msg("tables.off_scale", value=detail, minimum=scale.minimum, maximum=scale.maximum)
    if kind == "mismatch":
        number, _, label = detail.partition(":")
        return msg("tables.label_mismatch", value=cell_text(value), number=number, label=label)
    if kind == "code":
        return msg("tables.answer_code", value=detail)
    return msg(
        "tables.not_rating",
        value=short_text(cell_text(value), 40),
        minimum=scale.minimum,
        maximum=scale.maximum,
    )


ANONYMOUS = frozenset({"anonymous", "anonyymi", "anonym", "anonymt", "anon"})
"""What survey tools write for a respondent they were told not to identify."""


def respondent_of(layout: Layout, cells: Sequence[Any]) -> str | None:
    """The respondent's id; a response id where the respondent is empty or anonymous."""
    count = len(cells)
    index = layout.id_column
    text = cell_text(cells[index]) if index is not None and index < count else ""
    if text and text.casefold() not in ANONYMOUS:
        return text
    fallback = layout.fallback_id_column
    if fallback is not None and fallback < count:
        return cell_text(cells[fallback]) or None
    return None


_ONE_WORD_TOTALS = frozenset(word for word in TOTAL_WORDS if " " not in word)


def total_label(text: str) -> bool:
    """`is_total_label`, with a shortcut for the usual label cell, a plain ASCII id such as
    `s100001` (its normalised form is itself in lower case)."""
    if text.isascii() and text.isalnum():
        return text.lower() in _ONE_WORD_TOTALS
    return is_total_label(text)


def is_total_row(layout: Layout, cells: Sequence[Any]) -> bool:
    count = len(cells)
    for index in layout.label_columns:
        if index < count:
            value = cells[index]
            if isinstance(value, str) and value and is_total_label(value):
                return True
    return False

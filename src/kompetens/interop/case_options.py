"""What varies between two CASE exports of the same framework: language, time stamp, URIs.

These are checked before anything is exported (a `--changed` that is not a date, a
`--base-url` that is not an absolute URL), so they live apart from the package builder.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from kompetens.interop.notices import Refused

DEFAULT_CHANGED = "1970-01-01T00:00:00+00:00"
"""`lastChangeDateTime` when neither `--changed` nor SOURCE_DATE_EPOCH says otherwise: a
framework file has no date of its own, and a clock time would change every export."""


@dataclass(frozen=True, slots=True)
class CaseOptions:
    """What varies between exports of the same framework: the language of the standard CASE
    fields, the time stamp, and where the objects would be served (`base_url`)."""

    language: str
    changed: str = DEFAULT_CHANGED
    base_url: str | None = None


def changed_timestamp(value: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The `lastChangeDateTime` of an export, as ISO 8601 with a UTC offset.

    `value` is a date (`2025-01-15`) or a date and time; without it, SOURCE_DATE_EPOCH (the
    reproducible-builds convention, seconds since 1970) is used, and without that a fixed
    date. Raises ValueError for text that is not a date.
    """
    if value:
        text = value.strip()
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise Refused("publish.export.not_a_date", value=value) from None
        if len(text) == 10:
            moment = datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.isoformat(timespec="seconds")
    epoch = (environ or {}).get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC).isoformat(timespec="seconds")
        except (ValueError, OverflowError, OSError):
            raise Refused("publish.export.bad_epoch", epoch=epoch) from None
    return DEFAULT_CHANGED


def check_base_url(value: str) -> str:
    """`--base-url` as an absolute http(s) URL without a query or fragment (object URIs are
    built by appending `/ims/case/v1p1/...`); raises Refused (a ValueError) saying why not."""
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise Refused("publish.export.base_url_absolute", value=value)
    if any(character.isspace() for character in text) or parts.query or parts.fragment:
        raise Refused("publish.export.base_url_parts", value=value)
    return text.rstrip("/")


__all__ = ["DEFAULT_CHANGED", "CaseOptions", "changed_timestamp", "check_base_url"]

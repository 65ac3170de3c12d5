"""Multilingual text: a mapping from language code to text, with a defined fallback."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

LANGUAGE_PATTERN = r"^[a-z]{2,3}$"
LanguageCode = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
NonEmptyText = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]
LocalizedText = Annotated[dict[LanguageCode, NonEmptyText], Field(min_length=1)]
"""`{sv: …, fi: …, en: …}`; a missing language falls back (see `localize`)."""


def localize(text: dict[str, str] | None, language: str, default: str) -> str:
    """The text in `language`, else in the framework's `default`, else in any language.

    A missing translation is a lint warning, never a crash, so readers always get text.
    """
    if not text:
        return ""
    return text.get(language) or text.get(default) or next(iter(text.values()))

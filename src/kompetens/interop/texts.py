"""Words that exports add around the framework's own text, in Finnish, Swedish and English.

An exported document is read by students and teachers in their own language, so its
headings ("Levels", "Target", …) follow `--lang` like the framework text does. The words
are the `doc` domain of the message catalogues (`messages/doc/{fi,sv,en}.json`), read here
as a plain dict because a Moodle CSV and a CASE package need them without Jinja.
"""

from __future__ import annotations

from collections.abc import Mapping

from kompetens.model.text import localize
from kompetens.text.i18n import Messages, catalogue
from kompetens.text.language import INTERFACE_LANGUAGES

DOMAIN = "doc"


def messages_for(language: str) -> dict[str, str]:
    """All document words in `language`, English filling any gap (never a missing key)."""
    return Messages(language).domain(DOMAIN)


def every_language_word(key: str) -> list[str]:
    """The word for `key` in every catalogue language (to recognise it in any of them)."""
    return [catalogue(DOMAIN, language)[key] for language in INTERFACE_LANGUAGES]


def pick(text: Mapping[str, str] | None, language: str, default: str) -> str:
    """`localize` for the read-only mappings the exports pass around."""
    return localize(dict(text) if text else None, language, default)


__all__ = ["every_language_word", "messages_for", "pick"]

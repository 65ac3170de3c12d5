"""Interface text in Finnish, Swedish and English, kept in message catalogues.

Catalogues live in `messages/<domain>/<language>.json` (flat `key → text` with `{name}`
placeholders) so that translators edit data, not code; a test fails when one language lacks
a key that another has. A missing key falls back to English, then to the key itself.

The `cli` domain holds `--help` and usage errors: `cli.<command>` and
`cli.<command>.<parameter>` for each command and option (see `kompetens.cli.help_texts`
for how a new option gets its three texts).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from kompetens.text.language import INTERFACE_LANGUAGES

FALLBACK = "en"
DOMAINS = ("assess", "cli", "cohort", "form", "output", "report", "tables")


_FOLDER = Path(__file__).resolve().parents[1] / "messages"
"""The catalogues of an installed package; read through `importlib.resources` (and its
readers, 3 ms to import) only when the package is not a folder."""


@cache
def catalogue(domain: str, language: str) -> dict[str, str]:
    if _FOLDER.is_dir():
        base: Any = _FOLDER / domain / f"{language}.json"
    else:
        from importlib import resources

        base = resources.files("kompetens") / "messages" / domain / f"{language}.json"
    try:
        data: dict[str, str] = json.loads(base.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return data


class Messages:
    """`messages("assess.progress", area=2)`: the text for a key, formatted."""

    def __init__(self, language: str) -> None:
        self.language = language if language in INTERFACE_LANGUAGES else FALLBACK

    def __call__(self, key: str, /, **values: Any) -> str:
        domain = key.split(".", 1)[0]
        text = catalogue(domain, self.language).get(key) or catalogue(domain, FALLBACK).get(key)
        if text is None:
            return key
        return text.format(**values) if values else text

    def domain(self, domain: str) -> dict[str, str]:
        """All texts of a domain, for templates (which receive plain dicts)."""
        merged = dict(catalogue(domain, FALLBACK))
        merged.update(catalogue(domain, self.language))
        return merged

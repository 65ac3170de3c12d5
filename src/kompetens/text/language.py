"""Which language to speak: `--lang`, then `KOMPETENS_LANG`, then the system locale,
then the framework's default language."""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping, Sequence

INTERFACE_LANGUAGES = ("fi", "sv", "en")


def _locale_language(environ: Mapping[str, str]) -> str | None:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = environ.get(variable)
        if value:
            code = value.split(":")[0].split(".")[0].split("_")[0].lower()
            return None if code in ("c", "posix", "") else code
    try:
        code = (locale.getlocale()[0] or "").split("_")[0].lower()
    except ValueError:
        return None
    return code or None


def resolve_language(
    requested: str | None,
    available: Sequence[str],
    default: str,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The first of the candidates that `available` offers; `default` when none does."""
    env = os.environ if environ is None else environ
    for candidate in (requested, env.get("KOMPETENS_LANG"), _locale_language(env)):
        if candidate and candidate.lower() in available:
            return candidate.lower()
    return default

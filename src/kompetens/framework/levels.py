"""The one wording of "no such level", for every command that takes `--level`.

`assess`, `form`, `show`, `export`, `template`, `columns` and `score` all refuse a level the
framework does not have, before anything is read or written; they say it in the same words,
in the interface language, naming the levels there are.
"""

from __future__ import annotations

from collections.abc import Sequence

from kompetens.text.i18n import Messages


def unknown_level(messages: Messages, level: str, known: Sequence[str]) -> str:
    """`unknown level 'nqf9'; this framework has: nqf6, nqf7` in the messages' language."""
    return messages("framework.unknown_level", level=level, levels=", ".join(known))

"""What the publishing core has to say, as catalogue keys rather than sentences.

The core never prints and speaks no language of its own: a refusal (`--base-url` that is
not a URL, a level the framework lacks) or a note (which time stamp an export got) is a
key of the `publish` catalogue with its values, and the command line says it in the
user's language. `str()` gives the English text, for logs and for callers without a
language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from kompetens.text.i18n import Messages


@dataclass(frozen=True)
class Notice:
    """One catalogue text: its key and the values of its placeholders."""

    key: str
    values: Mapping[str, object] = field(default_factory=dict)

    def text(self, messages: Messages) -> str:
        return messages(self.key, **self.values)

    def __str__(self) -> str:
        return self.text(Messages("en"))


class Refused(ValueError):
    """An option or combination of options the core cannot carry out (exit 2)."""

    def __init__(self, key: str, **values: object) -> None:
        self.notice = Notice(key, values)
        super().__init__(str(self.notice))


__all__ = ["Notice", "Refused"]

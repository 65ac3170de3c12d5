"""A key source that plays back what a student types, for driving the terminal UI in-process.

`ScriptedKeys("3", "b", Line("my note"), "q")` answers `read_key` with "3", then "b", then
gives "my note" to the next `read_line`, then "q". A string of several characters is that
many keypresses (`"3bn"` is 3, b, n). When the script has run out, `read_key` raises
EOFError as a closed terminal does, so a test that forgets a key ends instead of hanging.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    """A line typed at a `read_line` prompt, one keystroke at a time.

    `interrupted` ends the line with Ctrl-C after its last character, before Enter.
    """

    text: str
    interrupted: bool = False


class Interrupt:
    """Ctrl-C pressed where a key is read."""


INTERRUPT = Interrupt()


class ScriptedKeys:
    """Satisfies `kompetens.cli.keys.KeySource`; records the prompts it was shown."""

    def __init__(self, *script: str | Line | Interrupt) -> None:
        self.script: deque[str | Line | Interrupt] = deque()
        for item in script:
            if isinstance(item, str):
                self.script.extend(item)
            else:
                self.script.append(item)
        self.prompts: list[str] = []
        self.defaults: list[str] = []

    def read_key(self) -> str:
        if not self.script:
            raise EOFError
        item = self.script.popleft()
        if isinstance(item, Interrupt):
            raise KeyboardInterrupt
        if isinstance(item, Line):
            raise AssertionError(f"the UI read a key where the script types a line: {item}")
        return item

    def read_line(
        self, prompt: str, *, default: str = "", on_change: Callable[[str], None] | None = None
    ) -> str:
        self.prompts.append(prompt)
        self.defaults.append(default)
        if not self.script:
            raise EOFError
        item = self.script.popleft()
        if isinstance(item, Interrupt):
            raise KeyboardInterrupt
        if not isinstance(item, Line):
            raise AssertionError(f"the UI asked for a line where the script presses {item!r}")
        text = default
        for character in item.text:
            text += character
            if on_change is not None:
                on_change(text)
        if item.interrupted:
            raise KeyboardInterrupt
        return text

    @property
    def left(self) -> int:
        """Keys and lines not yet read: a test checks the UI consumed what it expected."""
        return len(self.script)

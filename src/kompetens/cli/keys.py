"""Reading one keypress, or one edited line, from the terminal.

A rating is one key (no Enter), read directly; free text goes through prompt_toolkit's line
editor. Nothing here decides what a key means.

The terminal UI reads through a `KeySource`, not through the terminal itself, so that the
same screens can be driven key by key from a script (tests replay a student's keys without a
pseudo-terminal). `TerminalKeys` is the real keyboard; `read_key` and `read_line` use the
one shared instance, so keys typed ahead carry over from one screen to the next.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from prompt_toolkit.buffer import Buffer


class KeySource(Protocol):
    """Where the terminal UI gets its keys and lines from."""

    def read_key(self) -> str:
        """One keypress; "\\x1b" for any arrow or function key; EOFError when input ends."""
        ...

    def read_line(
        self, prompt: str, *, default: str = "", on_change: Callable[[str], None] | None = None
    ) -> str:
        """A line of text; `on_change` sees the text after every keystroke."""
        ...


class TerminalKeys:
    """The keyboard of the terminal the program runs in."""

    def __init__(self) -> None:
        self.typed_ahead: deque[str] = deque()
        """Keys that arrived together (fast typing, a paste) are answered one by one, not
        dropped."""

    def read_key(self) -> str:
        """One keypress without waiting for Enter; Ctrl-C still raises KeyboardInterrupt.

        Raises EOFError when the terminal is closed.
        """
        if self.typed_ahead:
            return self.typed_ahead.popleft()
        if sys.platform == "win32":
            import msvcrt

            key: str = msvcrt.getwch()
            if key == "\x03":
                raise KeyboardInterrupt
            if key in ("\x00", "\xe0"):
                # An arrow or function key arrives as a prefix and a letter ("\xe0" + "K" is
                # the left arrow): read both, so that the letter is never taken for a key of
                # its own (K would be "can't say").
                msvcrt.getwch()
                return "\x1b"
            return key
        import termios
        import tty

        fd = sys.stdin.fileno()
        saved = termios.tcgetattr(fd)
        try:
            # TCSANOW, not setcbreak's default TCSAFLUSH: a flush would throw away keys
            # typed ahead, and a Ctrl-C the terminal has not yet turned into SIGINT with them.
            tty.setcbreak(fd, termios.TCSANOW)
            data = os.read(fd, 8)
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
        if not data or data == b"\x04":
            raise EOFError
        if data.startswith(b"\x1b"):
            return "\x1b"  # an arrow or function key: one unknown key, not several
        text = data.decode("utf-8", errors="ignore")
        self.typed_ahead.extend(text[1:])
        return text[:1]

    def read_line(
        self, prompt: str, *, default: str = "", on_change: Callable[[str], None] | None = None
    ) -> str:
        """A line of text with real line editing; EOFError when input has ended.

        In a terminal, prompt_toolkit does the editing (arrows, Home/End, Backspace over
        multi-byte letters, on Linux, macOS and Windows alike), so no escape code ever ends
        up in the text. `on_change` sees the text after every keystroke: the caller saves it,
        so a half-typed line survives Ctrl-C, a closed terminal or a killed process. Keys
        typed ahead of the prompt (fast typing, a paste) start the line instead of being
        dropped. Without a terminal it is a plain `input()`.
        """
        typed = default + "".join(self.typed_ahead)
        self.typed_ahead.clear()
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            return typed + input(prompt)
        from prompt_toolkit import PromptSession

        session: PromptSession[str] = PromptSession()
        if on_change is not None:
            report = on_change

            def changed(buffer: Buffer) -> None:
                report(buffer.text)

            session.default_buffer.on_text_changed += changed
        text = session.prompt(prompt, default=typed)
        # Keys typed after Enter in the same burst (a paste, fast typing) are kept for the
        # next key read, not dropped with the line editor.
        from prompt_toolkit.input.typeahead import get_typeahead

        for press in get_typeahead(session.app.input):
            if len(press.data) == 1 and press.data.isprintable():
                self.typed_ahead.append(press.data)
        return text


TERMINAL = TerminalKeys()
"""The one keyboard of this process: every screen reads through it, so typed-ahead keys
reach the next screen."""


def read_key() -> str:
    """One keypress from the terminal (see `TerminalKeys.read_key`)."""
    return TERMINAL.read_key()


def read_line(
    prompt: str, *, default: str = "", on_change: Callable[[str], None] | None = None
) -> str:
    """A line of text from the terminal (see `TerminalKeys.read_line`)."""
    return TERMINAL.read_line(prompt, default=default, on_change=on_change)

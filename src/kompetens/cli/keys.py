"""Reading one keypress, or one line, from the terminal."""

from __future__ import annotations

import os
import sys
from collections import deque

_typed_ahead: deque[str] = deque()
"""Keys that arrived together (fast typing, a paste) are answered one by one, not dropped."""


def read_key() -> str:
    """One keypress without waiting for Enter; Ctrl-C still raises KeyboardInterrupt.

    Raises EOFError when the terminal is closed.
    """
    if _typed_ahead:
        return _typed_ahead.popleft()
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        key: str = msvcrt.getwch()
        if key == "\x03":
            raise KeyboardInterrupt
        return key
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        # TCSANOW, not setcbreak's default TCSAFLUSH: a flush would throw away keys typed
        # ahead, and a Ctrl-C the terminal has not yet turned into SIGINT with them.
        tty.setcbreak(fd, termios.TCSANOW)
        data = os.read(fd, 8)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
    if not data or data == b"\x04":
        raise EOFError
    if data.startswith(b"\x1b"):
        return "\x1b"  # an arrow or function key: one unknown key, not several
    text = data.decode("utf-8", errors="ignore")
    _typed_ahead.extend(text[1:])
    return text[:1]


def read_line(prompt: str) -> str:
    """A line of text; EOFError when input has ended."""
    return input(prompt)

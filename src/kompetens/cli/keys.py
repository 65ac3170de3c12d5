"""Reading one keypress, or one line, from the terminal."""

from __future__ import annotations

import os
import sys


def read_key() -> str:
    """One keypress without waiting for Enter; Ctrl-C still raises KeyboardInterrupt.

    Raises EOFError when the terminal is closed.
    """
    if os.name == "nt":  # pragma: no cover - exercised on Windows only
        import msvcrt

        key = msvcrt.getwch()
        if key == "\x03":
            raise KeyboardInterrupt
        return key
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        data = os.read(fd, 8)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
    if not data or data == b"\x04":
        raise EOFError
    return data.decode("utf-8", errors="ignore")[:1]


def read_line(prompt: str) -> str:
    """A line of text; EOFError when input has ended."""
    return input(prompt)

"""The real keyboard (`TerminalKeys`) on a real pseudo-terminal, in-process.

Bytes written to the pty's master side arrive as a student's keypresses would: a burst of
keys, an arrow key's escape sequence, a letter of two bytes, Ctrl-D.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator

import pytest

from kompetens.cli.keys import TerminalKeys

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


@pytest.fixture
def keyboard(monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """Standard input is the slave side of a new pty; the master fd is yielded for typing."""
    master, slave = os.openpty()
    stdin = open(slave, encoding="utf-8", closefd=False)  # noqa: SIM115 - closed below
    monkeypatch.setattr(sys, "stdin", stdin)
    try:
        yield master
    finally:
        stdin.close()
        os.close(slave)
        os.close(master)


def test_a_burst_of_keys_is_answered_one_key_at_a_time(keyboard: int) -> None:
    keys = TerminalKeys()
    os.write(keyboard, b"34n")
    assert [keys.read_key(), keys.read_key(), keys.read_key()] == ["3", "4", "n"]


def test_an_arrow_key_is_one_unknown_key(keyboard: int) -> None:
    keys = TerminalKeys()
    os.write(keyboard, b"\x1b[D")  # left arrow
    assert keys.read_key() == "\x1b"
    os.write(keyboard, b"2")
    assert keys.read_key() == "2"  # nothing of the arrow's sequence is left over


def test_a_two_byte_letter_is_one_key(keyboard: int) -> None:
    keys = TerminalKeys()
    os.write(keyboard, "ä".encode())
    assert keys.read_key() == "ä"


def test_ctrl_d_ends_the_input(keyboard: int) -> None:
    import tty

    keys = TerminalKeys()
    tty.setcbreak(sys.stdin.fileno())  # typed while the program waits for a key
    os.write(keyboard, b"\x04")
    with pytest.raises(EOFError):
        keys.read_key()


def test_the_terminal_mode_is_restored_after_each_key(keyboard: int) -> None:
    import termios

    before = termios.tcgetattr(sys.stdin.fileno())
    os.write(keyboard, b"1")
    TerminalKeys().read_key()
    assert termios.tcgetattr(sys.stdin.fileno()) == before


def test_without_a_terminal_a_line_is_read_and_typed_ahead_keys_start_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("the rest\n"))
    keys = TerminalKeys()
    keys.typed_ahead.extend("Se")
    assert keys.read_line("Note: ", default="") == "Sethe rest"
    assert capsys.readouterr().out == "Note: "
    assert not keys.typed_ahead  # used once, not again for the next key

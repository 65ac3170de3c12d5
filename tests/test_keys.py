"""Reading keys: what a Windows console sends for arrow keys, typed-ahead keys."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator

import pytest

from kompetens.cli import keys


@pytest.fixture
def windows_console(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A fake `msvcrt` whose getwch returns the queued characters."""
    queued: list[str] = []
    fake = types.ModuleType("msvcrt")
    fake.getwch = lambda: queued.pop(0)  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "msvcrt", fake)
    monkeypatch.setattr(sys, "platform", "win32")
    keys.TERMINAL.typed_ahead.clear()
    yield queued
    keys.TERMINAL.typed_ahead.clear()


def test_a_windows_arrow_key_is_one_unknown_key_not_a_letter(windows_console: list[str]) -> None:
    windows_console.extend(["\xe0", "K", "3"])  # left arrow, then the rating 3
    assert keys.read_key() == "\x1b"
    assert keys.read_key() == "3"
    windows_console.extend(["\x00", ";"])  # F1
    assert keys.read_key() == "\x1b"


def test_ctrl_c_in_a_windows_console_interrupts(windows_console: list[str]) -> None:
    windows_console.append("\x03")
    with pytest.raises(KeyboardInterrupt):
        keys.read_key()

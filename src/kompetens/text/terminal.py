"""Text that reaches a terminal: control characters shown, never obeyed.

A respondent's name, a note, a file name or a framework's text may contain escape
sequences (`ESC ]0;…BEL` retitles the terminal, `ESC [2J` clears it), a carriage return
that overwrites what was printed, or a newline that forges a diagnostic line of its own.
Everything printed is passed through `safe_text`, which writes such characters as visible
escapes (`\\x1b`), and file names in diagnostics go through `quoted_name`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
"""C0 and C1 controls, DEL, and the invisible direction marks that can reorder a line."""
_IN_LINES = re.compile(f"[{_CONTROLS}]")
_IN_A_LINE = re.compile(f"[{_CONTROLS}\t\n]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: str, *, lines: bool = True) -> str:
    """`text` with every control character written as an escape; with `lines=False`, line
    breaks and tabs too (for what must stay on one line: a diagnostic, a name)."""
    pattern = _IN_LINES if lines else _IN_A_LINE
    return pattern.sub(_visible, text) if pattern.search(text) else text


def quoted_name(name: str) -> str:
    """A file name as a diagnostic shows it: as it is, or quoted and escaped when it holds
    a character that could forge or hide output."""
    if _IN_A_LINE.search(name) or name != name.strip() or '"' in name:
        return '"' + safe_text(name.replace("\\", "\\\\").replace('"', '\\"'), lines=False) + '"'
    return name


def safe_tree(value: Any) -> Any:
    """Plain data (a report context) with `safe_text` applied to every string in it."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, Mapping):
        return {key: safe_tree(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [safe_tree(item) for item in value]
    return value

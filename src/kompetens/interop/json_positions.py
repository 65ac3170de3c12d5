"""Where each part of a JSON text stands, found in one pass over the text.

Diagnostics name a line and column. The shared position map composes the text as YAML,
which is fine for framework files but takes seconds for the megabytes of a real CASE
package (every foreign import reports at least one warning, so the map is always built).
JSON needs no YAML: this scanner walks the text once, using the standard library's string
scanner, and records the same `Position` for every data path.
"""

from __future__ import annotations

import json.decoder
import re
from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from kompetens.framework.loading import Position

# In json.decoder at run time, though not in its type stubs.
scanstring: Callable[[str, int], tuple[str, int]] = vars(json.decoder)["scanstring"]
"""The standard library's (C) string scanner: the decoded string and the offset after it."""

_SPACE = re.compile(r"[ \t\n\r]*")
_ATOM = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")

DataPath = tuple[Any, ...]


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.positions: dict[DataPath, Position] = {}

    def place(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def skip(self, offset: int) -> int:
        match = _SPACE.match(self.text, offset)
        return match.end() if match else offset

    def value(self, offset: int, path: DataPath, key_at: int, key: str | None) -> int:
        """Record the value at `offset` (and everything in it); return the offset after it."""
        text = self.text
        offset = self.skip(offset)
        key_line, key_col = self.place(key_at)
        line, col = self.place(offset)
        self.positions.setdefault(path, Position(key_line, key_col, line, col, None, key))
        char = text[offset]
        if char == "{":
            offset = self.skip(offset + 1)
            if text[offset] == "}":
                return offset + 1
            while True:
                offset = self.skip(offset)
                name, after = scanstring(text, offset + 1)
                colon = self.skip(after)
                offset = self.value(colon + 1, (*path, name), offset, name)
                offset = self.skip(offset)
                if text[offset] == "}":
                    return offset + 1
                offset += 1  # the comma
        if char == "[":
            offset = self.skip(offset + 1)
            if text[offset] == "]":
                return offset + 1
            index = 0
            while True:
                offset = self.skip(offset)
                offset = self.value(offset, (*path, index), offset, None)
                index += 1
                offset = self.skip(offset)
                if text[offset] == "]":
                    return offset + 1
                offset += 1
        if char == '"':
            return scanstring(text, offset + 1)[1]
        match = _ATOM.match(text, offset)
        if match is None:
            raise ValueError(f"unexpected {char!r} at offset {offset}")
        return match.end()


def json_positions(text: str) -> dict[DataPath, Position] | None:
    """Every data path of the JSON `text` with its position, or None if the text is not
    plain JSON after all (the caller then keeps the slower general map)."""
    scanner = _Scanner(text)
    start = scanner.skip(0)
    try:
        scanner.value(start, (), start, None)
    except (ValueError, IndexError, RecursionError):
        return None
    return scanner.positions


__all__ = ["json_positions"]

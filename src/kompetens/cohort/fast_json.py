"""Reading a JSON result file fast: its bytes with plain `os` calls, its value with
`json`'s own scanner. Nothing here imports the YAML reader, so a cohort of JSON files never
pays for it; `Unusual` and `unique_pairs` are shared with the YAML fast path
(`fast_parse`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any


class Unusual(Exception):
    """The fast path saw something only the strict reader should judge."""


def unique_pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(items)
    if len(mapping) != len(items):
        raise Unusual
    return mapping


_READ = 1 << 14
"""Bytes asked for by the first read: a hand-in is a few kB, so one read and one that
finds the end."""


def read_small(file: str, limit: int) -> bytes | None:
    """A file's bytes, or `None` when it holds more than `limit` (the exact reader words
    that). Plain `os` calls: no `Path`, no buffered file object, no `fstat` and no buffer
    of `limit` per file, which together cost more than parsing a JSON hand-in."""
    handle = os.open(file, os.O_RDONLY)
    try:
        first = os.read(handle, _READ)
        if not first:
            return first
        parts = [first]
        size = len(first)
        while part := os.read(handle, max(_READ, size)):
            size += len(part)
            if size > limit:
                return None
            parts.append(part)
    finally:
        os.close(handle)
    return first if len(parts) == 1 else b"".join(parts)


_SCAN: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
"""`json.loads`'s own scanner (the C one), called without its wrapping."""


def json_value(text: str) -> Any:
    """`json.loads(text)`, without its wrapping for a text that starts with its value (about
    a sixth of the time of parsing a hand-in); anything else by `json.loads` itself, which
    words what is wrong."""
    try:
        data, end = _SCAN(text, 0)
    except StopIteration:  # no value at the start: white space first, or not JSON
        return json.loads(text)
    if end != len(text) and text[end:].strip(" \t\n\r"):
        return json.loads(text)  # more after the value
    return data


__all__ = ["Unusual", "json_value", "read_small", "unique_pairs"]

"""The text of a table file: its encoding worked out from the bytes (a byte-order mark,
UTF-16's zero bytes, UTF-8, else Windows-1252), and rows pasted in another encoding named."""

from __future__ import annotations

import codecs


def looks_utf16(raw: bytes) -> str | None:
    head = raw[:2000]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > len(odd) * 0.4 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.4 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    return None


def decode_table(raw: bytes) -> tuple[str, str, list[int]]:
    """The text, the name of its encoding, and the lines (1-based) read as Windows-1252 in
    an otherwise UTF-8 table."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", errors="replace"), "UTF-8 (BOM)", []
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace"), "UTF-16", []
    utf16 = looks_utf16(raw)
    if utf16 is not None:
        return raw.decode(utf16, errors="replace"), "UTF-16", []
    try:
        return raw.decode("utf-8"), "UTF-8", []
    except UnicodeDecodeError:
        pass
    lines = raw.split(b"\n")
    utf8_lines = 0
    for line in lines:
        if max(line, default=0) < 0x80:
            continue
        try:
            line.decode("utf-8")
            utf8_lines += 1
        except UnicodeDecodeError:
            pass
    if utf8_lines:
        parts: list[str] = []
        other: list[int] = []
        for number, line in enumerate(lines, start=1):
            try:
                parts.append(line.decode("utf-8"))
            except UnicodeDecodeError:
                parts.append(line.decode("cp1252", errors="replace"))
                other.append(number)
        return "\n".join(parts), "UTF-8", other
    try:
        return raw.decode("cp1252"), "Windows-1252", []
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "Latin-1", []

"""A reader for the plain YAML that `assess` writes: block mappings of one-line scalars.

Parsing a hand-in with libyaml costs about 2 ms, most of it spent making a node and marks
for every scalar and asking PyYAML's resolver (Python regular expressions) about each one.
The files `assess` writes use a small part of YAML: nested block mappings, one `key: value`
per line, plain or simply quoted scalars, `{}` and `[]`, a comment at the top. This module reads exactly that
part, a line at a time, and resolves and constructs each distinct plain scalar once, with
PyYAML's own resolver and the safe constructor's own functions, so that every value is
what `yaml.safe_load` makes of it.

Anything outside that part gives `None` and the caller parses the text with libyaml: a
list, a comment after a value, a block or multi-line scalar, a quote or backslash inside a
quoted scalar, an indicator at the start of a plain scalar, a tab, a character YAML
forbids or treats as a line break, indentation that is not plainly nested, a key without
a value, a duplicate key. So this reader may refuse what YAML accepts, never the other way
round, and a test holds it to reading what libyaml reads.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from yaml import YAMLError
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

TAG = "tag:yaml.org,2002:"
SCALARS: dict[str, Callable[[SafeConstructor, ScalarNode], Any]] = {
    TAG + "str": lambda constructor, node: node.value,
    TAG + "null": lambda constructor, node: None,
    TAG + "bool": SafeConstructor.construct_yaml_bool,
    TAG + "int": SafeConstructor.construct_yaml_int,
    TAG + "float": SafeConstructor.construct_yaml_float,
    TAG + "timestamp": SafeConstructor.construct_yaml_timestamp,
}
"""The safe constructor's own functions for the scalars a result file holds (also used by
`fast_parse` on libyaml's nodes)."""

_OUTSIDE = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")
"""A character this reader leaves to libyaml: a control character, a tab, a carriage
return, one of YAML 1.1's other line breaks (NEL, LS, PS), a byte-order mark, a surrogate,
a character beyond the Basic Multilingual Plane."""

_PLAIN_START = frozenset("_~(/")
"""Besides letters and digits, what a plain scalar here may start with: none of YAML's
indicators (`-?:,[]{}#&*!|>'"%@` and the backquote), nor `.` or `+` (`...`, `.inf`)."""

_LONGEST_KEY = 1000
"""libyaml refuses an implicit key longer than 1024 characters."""


class _Refused(Exception):
    """Something this reader leaves to libyaml."""


class _Scalars:
    """Plain scalars resolved and constructed once each, as `yaml.safe_load` does."""

    def __init__(self) -> None:
        self.resolver = Resolver()
        self.constructor = SafeConstructor()
        self.known: dict[str, Any] = {}

    def plain(self, text: str) -> Any:
        try:
            return self.known[text]
        except KeyError:
            pass
        first = text[:1]
        if not (first.isalnum() or first in _PLAIN_START):
            raise _Refused
        if text[-1] in " :" or ": " in text or " #" in text:
            raise _Refused
        tag = self.resolver.resolve(ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
        construct = SCALARS.get(tag)
        if construct is None:
            raise _Refused
        try:
            value = construct(self.constructor, ScalarNode(tag, text))
        except (ValueError, YAMLError):  # `2025-02-30`: libyaml's path words it
            raise _Refused from None
        if len(self.known) >= 50_000:
            self.known.clear()
        self.known[text] = value
        return value

    def value(self, text: str) -> Any:
        first = text[:1]
        if first == "'" or first == '"':
            inner = text[1:-1]
            if len(text) < 2 or text[-1] != first or first in inner or "\\" in inner:
                raise _Refused
            return inner
        if text == "{}":
            return {}
        if text == "[]":
            return []
        return self.plain(text)


_scalars: _Scalars | None = None


def plain_yaml(text: str) -> dict[Any, Any] | None:
    """The mapping a YAML text holds when it is written in the plain form `assess` writes,
    else `None` (the caller then asks libyaml)."""
    global _scalars
    if _OUTSIDE.search(text):
        return None
    if _scalars is None:
        _scalars = _Scalars()
    try:
        return _read(text, _scalars)
    except _Refused:
        return None


def _read(text: str, scalars: _Scalars) -> dict[Any, Any]:
    root: dict[Any, Any] = {}
    levels: list[tuple[int, dict[Any, Any]]] = [(0, root)]
    """The open mappings, innermost last, with the indentation of their keys."""
    opened: tuple[dict[Any, Any], Any, int] | None = None
    """The mapping, key and indentation of a `key:` line, whose value is a mapping below."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    for line in lines:
        content = line.lstrip(" ")
        if not content or content[0] == "#":
            continue  # a blank line or a comment (`assess` writes one at the top)
        indent = len(line) - len(content)
        if opened is not None:
            parent, key, parent_indent = opened
            if indent <= parent_indent:  # the key's value is null: left to libyaml
                raise _Refused
            mapping: dict[Any, Any] = {}
            parent[key] = mapping
            levels.append((indent, mapping))
            opened = None
        else:
            while indent < levels[-1][0]:
                levels.pop()
            if indent != levels[-1][0]:
                raise _Refused
            mapping = levels[-1][1]
        key_text, separator, value_text = content.partition(": ")
        if not separator:
            if content[-1] != ":":
                raise _Refused
            key_text = content[:-1]
        if len(key_text) > _LONGEST_KEY:
            raise _Refused
        key = scalars.plain(key_text)
        if key in mapping:
            raise _Refused
        if separator:
            mapping[key] = scalars.value(value_text)
        else:
            mapping[key] = None  # until its first line is read
            opened = (mapping, key, indent)
    if opened is not None or not root:
        raise _Refused
    return root


__all__ = ["plain_yaml"]

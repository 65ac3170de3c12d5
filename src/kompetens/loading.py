"""Safe reading of YAML and JSON documents into plain data, with positions and limits.

Framework and result files come from people and from other tools, so reading them must
never execute anything, never blow up on hostile input (alias and merge-key bombs, huge
files, deep nesting) and always say *where* a problem is. PyYAML is used at `safe_load`
level only (the C loader where present); aliases and merge keys are refused, duplicate keys
are reported with both lines, and positions are recovered by composing the text into nodes
only when a problem needs a position.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from kompetens.diagnostics import Diagnostic, Severity

MAX_BYTES = 5 * 1024 * 1024
"""Largest document we read: the built-in framework is ~100 kB, a result ~10 kB."""

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE_TAG = "tag:yaml.org,2002:merge"

DataPath = tuple[str | int, ...]


class _AliasRefusedError(Exception):
    """Raised when a node is constructed twice, which only an alias can cause."""


class _StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A safe loader that refuses aliases and merge keys and records duplicate keys."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.problems: list[tuple[Node, str, str]] = []

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _AliasRefusedError
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, MappingNode):
            raise ConstructorError(
                None, None, f"expected a mapping node, but found {node.id}", node.start_mark
            )
        mapping: dict[Any, Any] = {}
        first_seen: dict[Any, Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self.problems.append((key_node, "yaml-merge-key", "merge keys (<<) are not allowed"))
                continue
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, Hashable):
                self.problems.append((key_node, "yaml-key", "a mapping key must be a plain value"))
                continue
            if key in first_seen:
                first_line = first_seen[key].start_mark.line + 1
                self.problems.append(
                    (
                        key_node,
                        "duplicate-key",
                        f"duplicate key {key!r} (first defined on line {first_line}); "
                        "YAML would silently keep only the last one",
                    )
                )
            first_seen[key] = key_node
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


@dataclass(frozen=True, slots=True)
class Position:
    key_line: int
    key_col: int
    value_line: int
    value_col: int
    raw: str | None = None
    """The scalar exactly as written (before YAML 1.1 turned `no` into false)."""


@dataclass
class Document:
    """A parsed document: its plain data and, on demand, where each part of it stands."""

    file: str
    text: str
    data: Any
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @cached_property
    def positions(self) -> dict[DataPath, Position]:
        return position_map(self.text)

    def locate(self, loc: tuple[Any, ...], *, at_key: bool = False) -> tuple[int, int]:
        """Line and column for a data path, falling back to the nearest ancestor.

        Segments that are not in the document (pydantic adds union member names, or the
        path names a missing field) are skipped, so the answer is always a real place.
        """
        positions = self.positions
        current: DataPath = ()
        matched_all = True
        for segment in loc:
            candidate = (*current, segment)
            if candidate in positions:
                current = candidate
            elif isinstance(segment, int | str) and (*current, str(segment)) in positions:
                current = (*current, str(segment))
            else:
                matched_all = False
        position = positions.get(current)
        if position is None:
            return (1, 1)
        if at_key or not matched_all:
            return (position.key_line, position.key_col)
        return (position.value_line, position.value_col)

    def raw_scalar(self, loc: tuple[Any, ...]) -> str | None:
        position = self.positions.get(tuple(loc))
        return position.raw if position else None

    def diagnostic(
        self,
        loc: tuple[Any, ...],
        code: str,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
        at_key: bool = False,
    ) -> Diagnostic:
        line, col = self.locate(loc, at_key=at_key)
        return Diagnostic(self.file, line, col, severity, code, format_path(loc), message)


def format_path(loc: tuple[Any, ...]) -> str:
    """`("areas", 0, "id")` → `areas[0].id`, the form used in every message."""
    parts: list[str] = []
    for segment in loc:
        if isinstance(segment, int):
            parts.append(f"[{segment}]")
        else:
            parts.append(("." if parts else "") + str(segment))
    return "".join(parts)


def position_map(text: str) -> dict[DataPath, Position]:
    """Compose the text once and map every data path to its key and value positions."""
    try:
        root = yaml.compose(text, Loader=_BaseLoader)
    except (yaml.YAMLError, RecursionError):
        return {}
    positions: dict[DataPath, Position] = {}
    if root is None:
        return positions
    start = root.start_mark
    stack: list[tuple[DataPath, Node, int, int]] = [((), root, start.line + 1, start.column + 1)]
    seen: set[int] = set()
    while stack:
        path, node, key_line, key_col = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        mark = node.start_mark
        raw = node.value if isinstance(node, ScalarNode) else None
        positions[path] = Position(key_line, key_col, mark.line + 1, mark.column + 1, raw)
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode):
                    km = key_node.start_mark
                    stack.append(((*path, key_node.value), value_node, km.line + 1, km.column + 1))
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                im = item.start_mark
                stack.append(((*path, index), item, im.line + 1, im.column + 1))
    return positions


def _error(file: str, line: int, col: int, code: str, message: str) -> Diagnostic:
    return Diagnostic(file, line, col, Severity.ERROR, code, "", message)


def decode(raw: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 (a byte-order mark is accepted and dropped), or a diagnostic at the bad byte."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        message = (
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8 "
            "(if it came from Excel, use 'CSV UTF-8')"
        )
        return None, [_error(file, line, col, "encoding", message)]


def read_bytes(path: Path, *, max_bytes: int = MAX_BYTES) -> tuple[bytes | None, list[Diagnostic]]:
    """The file's bytes, refusing what cannot be read or is larger than `max_bytes`."""
    file = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            limit = f"{max_bytes / 1024 / 1024:g} MB"
            return None, [_error(file, 0, 0, "too-large", f"file is {size:,} bytes; the limit is {limit}")]
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except IsADirectoryError:
        return None, [_error(file, 0, 0, "unreadable", "is a directory, expected a file")]
    except FileNotFoundError:
        return None, [_error(file, 0, 0, "unreadable", "no such file")]
    except OSError as exc:
        return None, [_error(file, 0, 0, "unreadable", exc.strerror or str(exc))]
    if len(raw) > max_bytes:
        return None, [_error(file, 0, 0, "too-large", f"file is larger than {max_bytes:,} bytes")]
    return raw, []


def _first_alias(text: str) -> tuple[int, int]:
    """Position of the first alias, found again with the event parser for the message."""
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                return mark.line + 1, mark.column + 1
    except yaml.YAMLError:
        pass
    return 1, 1


def parse_yaml(text: str, file: str) -> Document:
    """Parse YAML text into plain data; every problem becomes a diagnostic, never an exception."""
    loader = _StrictLoader(text)
    try:
        data = loader.get_single_data()
    except _AliasRefusedError:
        line, col = _first_alias(text)
        message = "aliases (*name) are not allowed; write the value out in full"
        return Document(file, text, None, [_error(file, line, col, "yaml-alias", message)])
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        code = "yaml-tag" if isinstance(exc, ConstructorError) else "yaml-syntax"
        problem = (exc.problem or str(exc)).strip()
        if exc.context and code == "yaml-syntax":
            problem = f"{exc.context.strip()}: {problem}"
        return Document(file, text, None, [_error(file, line, col, code, problem)])
    except yaml.YAMLError as exc:
        return Document(file, text, None, [_error(file, 0, 0, "yaml-syntax", str(exc))])
    except RecursionError:
        return Document(file, text, None, [_error(file, 0, 0, "too-deep", "nesting is too deep")])
    finally:
        loader.dispose()
    diagnostics = [
        _error(file, node.start_mark.line + 1, node.start_mark.column + 1, code, message)
        for node, code, message in loader.problems
    ]
    return Document(file, text, data, diagnostics)


def parse_json(text: str, file: str) -> Document:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return Document(file, text, None, [_error(file, exc.lineno, exc.colno, "json-syntax", exc.msg)])
    except RecursionError:
        return Document(file, text, None, [_error(file, 0, 0, "too-deep", "nesting is too deep")])
    return Document(file, text, data, [])


def parse_text(text: str, file: str) -> Document:
    """JSON when the file says so by its name, YAML otherwise (JSON is read by its own parser
    because it is both faster and stricter)."""
    if file.lower().endswith(".json"):
        return parse_json(text, file)
    return parse_yaml(text, file)


def read_document(path: Path, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read, decode and parse one file; an empty or non-mapping document is a diagnostic."""
    file = str(path)
    raw, problems = read_bytes(path, max_bytes=max_bytes)
    if raw is None:
        return Document(file, "", None, problems)
    text, problems = decode(raw, file)
    if text is None:
        return Document(file, "", None, problems)
    document = parse_text(text, file)
    if not document.diagnostics and not isinstance(document.data, dict):
        if document.data is None:
            message = "the file is empty"
        else:
            message = f"expected a mapping of keys to values, found {_kind(document.data)}"
        document.diagnostics.append(_error(file, 1, 1, "not-a-mapping", message))
    return document


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "plain text (is this a YAML file?)"
    return f"a single {type(value).__name__} value"


def iter_files(paths: list[Path], suffixes: tuple[str, ...]) -> Iterator[Path]:
    """Files named directly, and files with one of `suffixes` found below directories."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in suffixes and p.is_file())
        else:
            yield path

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
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import Reader, ReaderError

from kompetens.framework.diagnostics import Diagnostic, Severity, format_path
from kompetens.framework.limits import MAX_BYTES, MAX_DEPTH, MAX_NODES

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE_TAG = "tag:yaml.org,2002:merge"
_STR_TAG = "tag:yaml.org,2002:str"
_YAML_TAG_PREFIX = "tag:yaml.org,2002:"
_SCALAR_KINDS = {
    "bool": "true or false",
    "int": "a whole number",
    "float": "a number",
    "timestamp": "a date",
    "null": "nothing (null)",
    "binary": "base64 data",
}

DataPath = tuple[str | int, ...]


class _AliasRefusedError(Exception):
    """Raised when a node is constructed twice, which only an alias can cause."""


class _BadScalarError(ConstructorError):
    """A scalar that YAML 1.1 resolves to a type but cannot build (`2020-13-45`, `0x_`)."""


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_YAML_TAG_PREFIX) if tag.startswith(_YAML_TAG_PREFIX) else tag


class _StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A safe loader that refuses aliases and merge keys and records duplicate keys."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.problems: list[tuple[Node, str, str]] = []

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _AliasRefusedError
        if not isinstance(node, ScalarNode):
            return super().construct_object(node, deep=deep)
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, KeyError, AttributeError, TypeError, OverflowError) as exc:
            # PyYAML's scalar constructors assume the resolver's regex was enough; a plain
            # `2020-13-45` or `0x_` (or an explicit `!!int abc`) raises a bare Python error.
            raise _BadScalarError(
                None, None, _bad_scalar_message(node, exc), node.start_mark
            ) from exc

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, MappingNode):
            raise ConstructorError(
                None,
                None,
                f"expected a mapping node, but found {getattr(node, 'id', '?')}",
                node.start_mark,
            )
        mapping: dict[Any, Any] = {}
        first_seen: dict[Any, Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                self.problems.append(
                    (key_node, "yaml-merge-key", "merge keys (<<) are not allowed")
                )
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


def _bad_scalar_message(node: ScalarNode, exc: Exception) -> str:
    kind = node.tag.removeprefix(_YAML_TAG_PREFIX)
    reason = f": {_clip(str(exc), 80)}" if isinstance(exc, ValueError) and str(exc) else ""
    return (
        f"'{_clip(node.value)}' cannot be read as {_SCALAR_KINDS.get(kind, _short_tag(node.tag))}"
        f"{reason}; put it in quotes if it is text"
    )


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class Position:
    key_line: int
    key_col: int
    value_line: int
    value_col: int
    raw: str | None = None
    """The scalar exactly as written (before YAML 1.1 turned `no` into false)."""
    key_raw: str | None = None
    """The mapping key exactly as written, when this is the value of a key."""


@dataclass
class Document:
    """A parsed document: its plain data and, on demand, where each part of it stands."""

    file: str
    text: str
    data: Any
    diagnostics: list[Diagnostic] = field(default_factory=list)
    root: Node | None = field(default=None, repr=False, compare=False)
    """The composed YAML, kept from parsing so that positions need not compose it again."""

    @cached_property
    def positions(self) -> dict[DataPath, Position]:
        root, self.root = self.root, None
        return position_map(self.text, root)

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

    def raw_key(self, loc: tuple[Any, ...]) -> str | None:
        """The last key of `loc` as written (`no` for a key that YAML read as false)."""
        position = self.positions.get(tuple(loc))
        return position.key_raw if position else None

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


def _key_spellings(key_node: ScalarNode, constructor: SafeConstructor) -> list[Any]:
    """The ways a data path may name this key: as written (`no`), as the data has it
    (False, which pydantic reports as 0) and as pydantic prints other keys (`1.1`, `None`)."""
    spellings: list[Any] = [key_node.value]
    if key_node.tag == _STR_TAG:
        return spellings
    try:
        key = constructor.construct_object(key_node)
    except Exception:  # a key that cannot be built has no other spelling
        return spellings
    if isinstance(key, Hashable):
        spellings.extend(k for k in (key, str(key)) if k not in spellings)
    return spellings


def position_map(text: str, root: Node | None = None) -> dict[DataPath, Position]:
    """Compose the text once (unless `root` is its composed YAML already) and map every data
    path to its key and value positions.

    A key is recorded under its text (`no`) and, when YAML reads it as something else, also
    under the value the data has (`False`), so pydantic locations of either kind are found.
    """
    if root is None:
        try:
            root = yaml.compose(text, Loader=_BaseLoader)
        except (yaml.YAMLError, RecursionError):
            return {}
    positions: dict[DataPath, Position] = {}
    if root is None:
        return positions
    constructor = SafeConstructor()
    start = root.start_mark
    stack: list[tuple[tuple[DataPath, ...], Node, int, int, str | None]] = [
        (((),), root, start.line + 1, start.column + 1, None)
    ]
    seen: set[int] = set()
    while stack:
        paths, node, key_line, key_col, key_raw = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        mark = node.start_mark
        raw = node.value if isinstance(node, ScalarNode) else None
        position = Position(key_line, key_col, mark.line + 1, mark.column + 1, raw, key_raw)
        for path in paths:
            positions.setdefault(path, position)
        path = paths[0]
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if isinstance(key_node, ScalarNode):
                    km = key_node.start_mark
                    spellings = tuple((*path, key) for key in _key_spellings(key_node, constructor))
                    stack.append(
                        (spellings, value_node, km.line + 1, km.column + 1, key_node.value)
                    )
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                im = item.start_mark
                stack.append((((*path, index),), item, im.line + 1, im.column + 1, None))
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
        line_start = before.rfind(b"\n") + 1
        col = len(before[line_start:].decode("utf-8-sig", errors="replace")) + 1
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
            return None, [
                _error(file, 0, 0, "too-large", f"file is {size:,} bytes; the limit is {limit}")
            ]
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
                if mark is not None:
                    return mark.line + 1, mark.column + 1
    except yaml.YAMLError:
        pass
    return 1, 1


def _too_deep(text: str, file: str) -> Diagnostic | None:
    """Stop at the first collection deeper than MAX_DEPTH, before anything is built.

    Only events are read, so the cost stays linear in the text; syntax errors are left to
    the real parse, which reports them with more context. libyaml 0.2.6 and newer refuse
    flow nesting beyond their own limit while scanning ahead, before our count reaches
    MAX_DEPTH; the pure-Python parser has no such limit and reads events one at a time, so
    it finds the place where *our* limit is passed and the user gets the same diagnostic
    whichever layer noticed first.
    """
    try:
        return _first_too_deep(text, file, _BaseLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        if "nesting depth" not in (exc.problem or "") or mark is None:
            return None
    # Our limit is passed before libyaml's, so the text up to libyaml's mark holds it. The
    # Python scanner's cost grows with tokens × depth, so growing prefixes are tried first.
    lines = text.split("\n", mark.line + 1)[: mark.line + 1]
    cut = sum(len(line) + 1 for line in lines[:-1]) + mark.column + 1
    prefix = MAX_DEPTH + 16  # enough for the tightest nesting, one bracket a level
    while True:
        try:
            found = _first_too_deep(text[: min(prefix, cut)], file, yaml.SafeLoader)
        except yaml.YAMLError:
            found = None
        if found is not None:
            return found
        if prefix >= cut:
            return _error(file, 0, 0, "too-deep", f"nesting is deeper than {MAX_DEPTH} levels")
        prefix *= 2


def _first_too_deep(text: str, file: str, loader: type[yaml.SafeLoader]) -> Diagnostic | None:
    """The too-deep diagnostic at the first collection past MAX_DEPTH, or None.

    Raises the parser's MarkedYAMLError when it stops earlier; other YAML errors are left
    to the real parse.
    """
    depth = nodes = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.NodeEvent) and not isinstance(event, yaml.AliasEvent):
                nodes += 1
                if nodes > MAX_NODES:
                    mark = event.start_mark
                    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
                    message = (
                        f"the file holds more than {MAX_NODES:,} values; a framework or "
                        "result is far smaller (is this the right file?)"
                    )
                    return _error(file, line, col, "too-large", message)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
                    message = f"nesting is deeper than {MAX_DEPTH} levels"
                    return _error(file, line, col, "too-deep", message)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError:
        raise
    except yaml.YAMLError:
        return None
    return None


def _line_col(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _reader_error(text: str, file: str, exc: ReaderError) -> Diagnostic:
    """A character YAML does not allow (NUL and other control characters, as in binary files).

    The C reader reports a byte offset and no character, so the character is found again.
    """
    match = Reader.NON_PRINTABLE.search(text)
    if match is None:
        return _error(file, 1, 1, "yaml-syntax", str(exc.reason))
    line, col = _line_col(text, match.start())
    message = (
        f"character U+{ord(match.group()):04X} is not allowed in YAML "
        "(is this a binary file, or was it saved in the wrong format?)"
    )
    return _error(file, line, col, "yaml-character", message)


def _marked_error(file: str, exc: yaml.MarkedYAMLError) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    problem = (exc.problem or str(exc)).strip()
    if isinstance(exc, _BadScalarError):
        return _error(file, line, col, "yaml-value", problem)
    if isinstance(exc, ConstructorError):
        prefix = "could not determine a constructor for the tag "
        if problem.startswith(prefix):
            tag = problem.removeprefix(prefix).strip("'")
            problem = (
                f"the tag '{_short_tag(tag)}' is not allowed: framework and result files hold "
                "plain data only; remove the tag"
            )
        return _error(file, line, col, "yaml-tag", problem)
    if exc.context:
        context = exc.context.strip()
        started = exc.context_mark
        moved = started is not None and mark is not None and started.line != mark.line
        if moved and context.startswith("while ") and started is not None:
            context = f"{context} that starts on line {started.line + 1}"
        problem = f"{context}: {problem}"
    return _error(file, line, col, "yaml-syntax", problem)


def parse_yaml(text: str, file: str) -> Document:
    """Parse YAML text into plain data; every problem becomes a diagnostic, never an exception.

    Aliases and merge keys refuse the whole document (its data would be incomplete, and
    further errors about it misleading); duplicate keys are reported and the data kept.
    """
    too_deep = _too_deep(text, file)
    if too_deep is not None:
        return Document(file, text, None, [too_deep])
    loader: _StrictLoader | None = None
    try:
        loader = _StrictLoader(text)
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except _AliasRefusedError:
        line, col = _first_alias(text)
        message = "aliases (*name) are not allowed; write the value out in full"
        return Document(file, text, None, [_error(file, line, col, "yaml-alias", message)])
    except ReaderError as exc:
        return Document(file, text, None, [_reader_error(text, file, exc)])
    except yaml.MarkedYAMLError as exc:
        return Document(file, text, None, [_marked_error(file, exc)])
    except yaml.YAMLError as exc:
        return Document(file, text, None, [_error(file, 0, 0, "yaml-syntax", str(exc))])
    except RecursionError:
        return Document(file, text, None, [_error(file, 0, 0, "too-deep", "nesting is too deep")])
    finally:
        if loader is not None:
            loader.dispose()
    diagnostics = [
        _error(file, node.start_mark.line + 1, node.start_mark.column + 1, code, message)
        for node, code, message in loader.problems
    ]
    if any(code == "yaml-merge-key" for _, code, _ in loader.problems):
        data = None
    return Document(file, text, data, diagnostics, root=root)


def parse_json(text: str, file: str) -> Document:
    """Parse JSON text; duplicate keys are errors here too (`json` keeps the last silently)."""
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        for key, value in items:
            if key in mapping:
                duplicates.append(key)
            mapping[key] = value
        return mapping

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        return Document(
            file, text, None, [_error(file, exc.lineno, exc.colno, "json-syntax", exc.msg)]
        )
    except RecursionError:
        return Document(file, text, None, [_error(file, 0, 0, "too-deep", "nesting is too deep")])
    except ValueError as exc:  # e.g. an integer longer than Python's digit limit
        return Document(file, text, None, [_error(file, 0, 0, "json-syntax", str(exc))])
    diagnostics: list[Diagnostic] = []
    if duplicates:
        # JSON is YAML: the YAML reader knows the lines of both keys.
        diagnostics = [
            replace(d, message=d.message.replace("YAML would", "JSON readers may"))
            for d in parse_yaml(text, file).diagnostics
            if d.code == "duplicate-key"
        ]
        if not diagnostics:
            names = ", ".join(sorted({repr(key) for key in duplicates}))
            diagnostics = [_error(file, 1, 1, "duplicate-key", f"duplicate keys: {names}")]
    return Document(file, text, data, diagnostics)


def parse_text(text: str, file: str) -> Document:
    """JSON when the file says so by its name, YAML otherwise (JSON is read by its own parser
    because it is both faster and stricter)."""
    if file.lower().endswith(".json"):
        return parse_json(text, file)
    return parse_yaml(text, file)


def read_text(path: Path, *, max_bytes: int = MAX_BYTES) -> tuple[str | None, list[Diagnostic]]:
    """The file's text (size-capped, UTF-8), or the diagnostics that say why not."""
    raw, problems = read_bytes(path, max_bytes=max_bytes)
    if raw is None:
        return None, problems
    return decode(raw, str(path))


def read_document(path: Path, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read, decode and parse one file; an empty or non-mapping document is a diagnostic."""
    file = str(path)
    text, problems = read_text(path, max_bytes=max_bytes)
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
            yield from sorted(
                p for p in path.rglob("*") if p.suffix.lower() in suffixes and p.is_file()
            )
        else:
            yield path

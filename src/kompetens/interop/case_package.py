"""A CASE package read into a tree of items, or the structural problems that prevent it.

Every kind of package (ours, ours without extensions, anyone else's) is first the same
thing: a `CFDocument`, a list of `CFItems` and the `isChildOf` associations that hang each
item under one parent. This module checks that structure (one parent per item, no cycle,
no parent missing, not absurdly deep) and builds the tree; what the tree becomes is the
job of `case_native`, `case_stripped` and `case_foreign`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kompetens.framework.diagnostic_codes import IMPORT_UNREADABLE_CODES
from kompetens.framework.diagnostics import Diagnostic, Severity
from kompetens.framework.loading import Document, parse_json, read_text
from kompetens.interop.case_fields import link_id, link_title
from kompetens.interop.case_vocabulary import EXTENSION
from kompetens.interop.tree_import import MAX_TIERS

UNREADABLE_CODES = IMPORT_UNREADABLE_CODES
"""Diagnostics that mean "this is not a JSON file at all" (exit 2, not 1)."""

MAX_PACKAGE_BYTES = 20 * 1024 * 1024
"""CASE packages of large standards run to megabytes; ours are well under one."""

Links = dict[str, list[tuple[str, float, int]]]
"""child identifier → [(parent identifier, sequence number, association index)]."""


def read_case_package(path: Path) -> Document:
    """The package at `path` parsed as JSON (whatever its name), with positions for messages."""
    file = str(path)
    text, problems = read_text(path, max_bytes=MAX_PACKAGE_BYTES)
    if text is None:
        return Document(file, "", None, problems)
    document = parse_json(text, file)
    if document.data is None:
        document.diagnostics[:] = [
            replace(d, message=f"{d.message}: this is not JSON, and a CASE package is a JSON file")
            if d.code == "json-syntax"
            else d
            for d in document.diagnostics
        ]
    return document


@dataclass
class Findings:
    """The diagnostics of one import, located in the package's JSON text."""

    document: Document
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, loc: tuple[Any, ...], code: str, message: str) -> None:
        self.diagnostics.append(self.document.diagnostic(loc, code, message))

    def warn(self, loc: tuple[Any, ...], code: str, message: str) -> None:
        self.diagnostics.append(
            self.document.diagnostic(loc, code, message, severity=Severity.WARNING)
        )

    @property
    def failed(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


@dataclass
class CaseNode:
    """One `CFItem` and the items hung under it (sequence number, index, node)."""

    index: int
    data: dict[str, Any]
    children: list[tuple[float, int, CaseNode]] = field(default_factory=list)

    @property
    def identifier(self) -> str:
        return str(self.data["identifier"])

    def name(self) -> str:
        """How messages name an item: its code and statement, or its identifier."""
        code = self.data.get("humanCodingScheme")
        statement = self.data.get("fullStatement")
        parts = []
        if isinstance(code, str) and code.strip():
            parts.append(code.strip())
        if isinstance(statement, str) and statement.strip():
            text = " ".join(statement.split())
            parts.append(f"“{text[:50]}{'…' if len(text) > 50 else ''}”")
        label = " ".join(parts) or self.identifier
        return f"'{label}'" if not parts else label

    def extension(self) -> dict[str, Any]:
        return extension_of(self.data)


def extension_of(data: dict[str, Any]) -> dict[str, Any]:
    """The `extensions.kompetens` object of a document or item ({} when there is none)."""
    extensions = data.get("extensions")
    if isinstance(extensions, dict) and isinstance(extensions.get(EXTENSION), dict):
        return dict(extensions[EXTENSION])
    return {}


def has_extension(data: dict[str, Any]) -> bool:
    """Whether a document carries an `extensions.kompetens` object (even an empty one)."""
    extensions = data.get("extensions")
    return isinstance(extensions, dict) and isinstance(extensions.get(EXTENSION), dict)


@dataclass
class Package:
    """A structurally sound package: its raw JSON, its document, its items and the tree."""

    raw: dict[str, Any]
    cf_document: dict[str, Any]
    nodes: dict[str, CaseNode]
    roots: list[CaseNode]


def read_package(findings: Findings) -> Package | None:
    """The package's tree, or None after reporting what is structurally wrong."""
    raw = findings.document.data
    if not isinstance(raw, dict):
        findings.error(
            (),
            "case-package",
            "expected a CASE package: a JSON object with CFDocument, CFItems and CFAssociations",
        )
        return None
    cf_document = _cf_document(findings, raw)
    if cf_document is None:
        return None
    doc_id = str(cf_document["identifier"])
    nodes = _items(findings, raw)
    links = _links(findings, raw, doc_id, nodes)
    if findings.failed:
        return None
    roots = _attach(findings, doc_id, nodes, links)
    if findings.failed or not _deep_enough(findings, roots):
        return None
    return Package(raw, cf_document, nodes, roots)


def _cf_document(findings: Findings, raw: dict[str, Any]) -> dict[str, Any] | None:
    cf_document = raw.get("CFDocument")
    if not isinstance(cf_document, dict):
        hint = ""
        if "CFDocuments" in raw:
            hint = " (this is a list of documents: export the package of one document)"
        elif "CFItem" in raw or "fullStatement" in raw:
            hint = " (this looks like a single item: export the whole package)"
        where = ("CFDocument",) if "CFDocument" in raw else ()
        findings.error(where, "case-document", f"no CFDocument object: not a CASE package{hint}")
        return None
    doc_id = cf_document.get("identifier")
    if not isinstance(doc_id, str) or not doc_id.strip():
        findings.error(("CFDocument",), "case-identifier", "CFDocument has no identifier")
        return None
    return cf_document


def _deep_enough(findings: Findings, roots: list[CaseNode]) -> bool:
    """False (with an error) when an item stands more than MAX_TIERS deep."""
    stack = [(root, 1) for root in roots]
    while stack:  # without recursion: a chain of links may be thousands long
        node, depth = stack.pop()
        if depth > MAX_TIERS:
            findings.error(
                ("CFItems", node.index),
                "import-too-deep",
                f"item {node.name()} stands more than {MAX_TIERS} tiers deep; a "
                "competence framework is not that deep (is this a chain of isChildOf "
                "links by mistake?)",
            )
            return False
        stack.extend((child, depth + 1) for _, _, child in node.children)
    return True


def _items(findings: Findings, raw: dict[str, Any]) -> dict[str, CaseNode]:
    items = raw.get("CFItems", [])
    if not isinstance(items, list):
        findings.error(("CFItems",), "case-items", "CFItems must be a list of items")
        return {}
    nodes: dict[str, CaseNode] = {}
    for index, item in enumerate(items):
        if _item_problem(findings, index, item, nodes) is None:
            nodes[item["identifier"]] = CaseNode(index, item)
    return nodes


def _item_problem(
    findings: Findings, index: int, item: Any, nodes: dict[str, CaseNode]
) -> str | None:
    """The code of what makes CFItems[index] unusable (reported), or None when it is sound."""
    if not isinstance(item, dict):
        findings.error(("CFItems", index), "case-item", "an item must be a JSON object")
        return "case-item"
    identifier = item.get("identifier")
    if not isinstance(identifier, str) or not identifier.strip():
        findings.error(("CFItems", index), "case-identifier", "item has no identifier")
        return "case-identifier"
    if identifier in nodes:
        findings.error(
            ("CFItems", index, "identifier"),
            "case-duplicate",
            f"item {CaseNode(index, item).name()} repeats the identifier {identifier} "
            f"of CFItems[{nodes[identifier].index}]",
        )
        return "case-duplicate"
    statement = item.get("fullStatement")
    if not isinstance(statement, str) or not statement.strip():
        findings.error(
            ("CFItems", index),
            "case-statement",
            f"item {identifier} has no fullStatement (its text)",
        )
        return "case-statement"
    return None


def _links(
    findings: Findings, raw: dict[str, Any], doc_id: str, nodes: dict[str, CaseNode]
) -> Links:
    associations = raw.get("CFAssociations", [])
    if not isinstance(associations, list):
        findings.error(("CFAssociations",), "case-associations", "CFAssociations must be a list")
        return {}
    parents: Links = {}
    for index, association in enumerate(associations):
        if not isinstance(association, dict):
            findings.error(
                ("CFAssociations", index),
                "case-association",
                "an association must be a JSON object",
            )
            continue
        if association.get("associationType") != "isChildOf":
            continue
        link = _child_link(findings, index, association, doc_id, nodes)
        if link is not None:
            origin, destination = link
            sequence = association.get("sequenceNumber")
            order = float(sequence) if isinstance(sequence, int | float) else float("inf")
            parents.setdefault(origin, []).append((destination, order, index))
    return parents


def _child_link(
    findings: Findings,
    index: int,
    association: dict[str, Any],
    doc_id: str,
    nodes: dict[str, CaseNode],
) -> tuple[str, str] | None:
    """(child, parent) of one isChildOf association, or None after reporting why not."""
    loc: tuple[Any, ...] = ("CFAssociations", index)
    origin = link_id(association.get("originNodeURI"))
    destination = link_id(association.get("destinationNodeURI"))
    name = association.get("identifier") or f"CFAssociations[{index}]"
    if origin is None or destination is None:
        missing = "originNodeURI" if origin is None else "destinationNodeURI"
        findings.error(
            (*loc, missing),
            "case-association",
            f"isChildOf association {name} has no {missing}.identifier",
        )
        return None
    if origin not in nodes:
        what = "the CFDocument" if origin == doc_id else f"'{origin}'"
        findings.error(
            (*loc, "originNodeURI", "identifier"),
            "case-unknown-item",
            f"isChildOf association {name} makes {what} a child, but it is not an item "
            "in this package",
        )
        return None
    if destination != doc_id and destination not in nodes:
        title = link_title(association.get("destinationNodeURI"))
        findings.error(
            (*loc, "destinationNodeURI", "identifier"),
            "case-missing-parent",
            f"item {nodes[origin].name()} is a child of {destination}"
            f"{f' ({title})' if title else ''}, which is neither the CFDocument nor an "
            "item in this package",
        )
        return None
    return origin, destination


def _attach(
    findings: Findings, doc_id: str, nodes: dict[str, CaseNode], links: Links
) -> list[CaseNode]:
    """The items hung under their parents; the document's children, in order."""
    _check_one_parent(findings, doc_id, nodes, links)
    if findings.failed:
        return []
    parent_of = {child: found[0] for child, found in links.items() if child in nodes}
    _check_cycles(findings, nodes, parent_of)
    if findings.failed:
        return []
    return _hang(findings, doc_id, nodes, parent_of)


def _check_one_parent(
    findings: Findings, doc_id: str, nodes: dict[str, CaseNode], links: Links
) -> None:
    for identifier, node in nodes.items():
        distinct = sorted({parent for parent, _, _ in links.get(identifier, [])})
        if len(distinct) > 1:
            names = ", ".join(
                "the CFDocument" if p == doc_id else nodes[p].name() for p in distinct
            )
            findings.error(
                ("CFItems", node.index),
                "case-parents",
                f"item {node.name()} has {len(distinct)} parents ({names}); a kompetens "
                "framework is a tree, so each item needs exactly one",
            )


def _check_cycles(
    findings: Findings,
    nodes: dict[str, CaseNode],
    parent_of: dict[str, tuple[str, float, int]],
) -> None:
    """Walk up from every item once: nodes already known to reach the top (or a reported
    cycle) end the walk, so a long chain costs linear time, not quadratic."""
    settled: set[str] = set()
    for start in nodes:
        path: list[str] = []
        on_path: dict[str, int] = {}
        current = start
        while current in parent_of and current not in settled and current not in on_path:
            on_path[current] = len(path)
            path.append(current)
            current = parent_of[current][0]
        if current in on_path:
            cycle = path[on_path[current] :]
            names = " → ".join(nodes[c].name() for c in [*cycle, cycle[0]])
            findings.error(
                ("CFAssociations", parent_of[cycle[0]][2]),
                "case-cycle",
                f"isChildOf associations form a cycle: {names}",
            )
        settled.update(path)


def _hang(
    findings: Findings,
    doc_id: str,
    nodes: dict[str, CaseNode],
    parent_of: dict[str, tuple[str, float, int]],
) -> list[CaseNode]:
    roots: list[tuple[float, int, CaseNode]] = []
    for identifier, node in nodes.items():
        if identifier not in parent_of:
            findings.warn(
                ("CFItems", node.index),
                "case-unattached",
                f"item {node.name()} has no isChildOf association and is left out",
            )
            continue
        parent, order, _ = parent_of[identifier]
        entry = (order, node.index, node)
        if parent == doc_id:
            roots.append(entry)
        else:
            nodes[parent].children.append(entry)
    for node in nodes.values():
        node.children.sort(key=lambda entry: (entry[0], entry[1]))
    roots.sort(key=lambda entry: (entry[0], entry[1]))
    return [node for _, _, node in roots]


__all__ = [
    "MAX_PACKAGE_BYTES",
    "UNREADABLE_CODES",
    "CaseNode",
    "Findings",
    "Package",
    "extension_of",
    "has_extension",
    "read_case_package",
    "read_package",
]

"""1EdTech CASE 1.1 packages read back as framework data.

A package written by kompetens carries the whole framework in `extensions.kompetens` and
comes back exactly. Any other package (OpenSALT, the CASE Network, a state's standards) is
a tree of items of any depth joined by `isChildOf` associations; it is fitted to area →
sub-area → statement by `kompetens.interop.tree_import`, its `isRelatedTo` and
`exactMatchOf` associations become related statements, its identifiers and URIs are kept
so that a re-export links back to it, and everything that cannot be kept is a warning that
says what was lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kompetens.framework.diagnostic_codes import IMPORT_UNREADABLE_CODES
from kompetens.framework.diagnostics import Diagnostic, Severity
from kompetens.framework.loading import Document, parse_json, read_text
from kompetens.interop.case_export import EXTENSION, NOTES_MARK, case_uuid
from kompetens.interop.imported import ImportResult
from kompetens.interop.json_positions import json_positions
from kompetens.interop.texts import MESSAGES, messages_for
from kompetens.interop.tree_import import (
    MAX_TIERS,
    LevelChoice,
    SourceNode,
    TierChoice,
    build_tree,
    default_scale,
    in_model_order,
    natural_key,
    slug,
    tidy_areas,
)
from kompetens.model.framework import IDENTIFIER_PATTERN

_IDENTIFIER = re.compile(IDENTIFIER_PATTERN)
_SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_ISO639_2 = {"fin": "fi", "swe": "sv", "eng": "en", "ger": "de", "deu": "de", "fre": "fr"}


UNREADABLE_CODES = IMPORT_UNREADABLE_CODES
"""Diagnostics that mean "this is not a JSON file at all" (exit 2, not 1)."""


def _language_code(value: Any) -> str | None:
    """`fi`, `fi-FI`, `FI` and `fin` all become `fi`; anything else is None."""
    if not isinstance(value, str) or not value.strip():
        return None
    primary = value.strip().split("-")[0].split("_")[0].lower()
    primary = _ISO639_2.get(primary, primary)
    return primary if _LANGUAGE.match(primary) else None


def _version(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = value.strip().removeprefix("v")
    if _SEMVER.match(text):
        return text
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return ".".join([*text.split("."), "0", "0"][:3])
    return None


@dataclass
class _Node:
    index: int
    data: dict[str, Any]
    children: list[tuple[float, int, _Node]] = field(default_factory=list)

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
        extensions = self.data.get("extensions")
        if isinstance(extensions, dict) and isinstance(extensions.get(EXTENSION), dict):
            return dict(extensions[EXTENSION])
        return {}


RELATED_TYPES = {"isRelatedTo": "related", "exactMatchOf": "exact-match"}
"""CASE association types kept as related statements, and their `kind` in the model."""

USED_ITEM_FIELDS = frozenset(
    {
        "identifier", "uri", "fullStatement", "humanCodingScheme", "notes", "educationLevel",
        "language", "lastChangeDateTime", "CFDocumentURI", "CFItemType", "CFItemTypeURI",
        "listEnumeration", "extensions", "educationalLevel", "abbreviatedStatement",
    }
)  # fmt: skip
"""Item fields whose content the import keeps (or that only restate the tree)."""

USED_DOCUMENT_FIELDS = frozenset(
    {
        "identifier", "uri", "title", "description", "language", "version", "creator",
        "officialSourceURL", "licenseURI", "lastChangeDateTime", "CFPackageURI", "caseVersion",
        "extensions",
    }
)  # fmt: skip
"""Document fields whose content the import keeps."""


class _Importer:
    def __init__(
        self,
        document: Document,
        tiers: TierChoice | None = None,
        levels: LevelChoice | None = None,
    ) -> None:
        self.document = document
        self.diagnostics: list[Diagnostic] = []
        self.tiers = tiers
        self.level_choice = levels or LevelChoice()

    def error(self, loc: tuple[Any, ...], code: str, message: str) -> None:
        self.diagnostics.append(self.document.diagnostic(loc, code, message))

    def warn(self, loc: tuple[Any, ...], code: str, message: str) -> None:
        self.diagnostics.append(
            self.document.diagnostic(loc, code, message, severity=Severity.WARNING)
        )

    def document_version(self, cf_document: dict[str, Any]) -> str:
        """The document's version when it is a semantic version, else 1.0.0 with a warning."""
        version = _version(cf_document.get("version"))
        if version is not None:
            return version
        if cf_document.get("version") is not None:
            self.warn(
                ("CFDocument", "version"),
                "case-version",
                f"version {cf_document.get('version')!r} is not a semantic version; "
                "the framework starts at 1.0.0",
            )
        return "1.0.0"

    @property
    def failed(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    # -- structure ------------------------------------------------------------------------

    def run(self) -> ImportResult:
        package = self.document.data
        if not isinstance(package, dict):
            self.error(
                (),
                "case-package",
                "expected a CASE package: a JSON object with "
                "CFDocument, CFItems and CFAssociations",
            )
            return ImportResult(None, self.diagnostics)
        cf_document = package.get("CFDocument")
        if not isinstance(cf_document, dict):
            hint = ""
            if "CFDocuments" in package:
                hint = " (this is a list of documents: export the package of one document)"
            elif "CFItem" in package or "fullStatement" in package:
                hint = " (this looks like a single item: export the whole package)"
            where = ("CFDocument",) if "CFDocument" in package else ()
            self.error(where, "case-document", f"no CFDocument object: not a CASE package{hint}")
            return ImportResult(None, self.diagnostics)
        doc_id = cf_document.get("identifier")
        if not isinstance(doc_id, str) or not doc_id.strip():
            self.error(("CFDocument",), "case-identifier", "CFDocument has no identifier")
            return ImportResult(None, self.diagnostics)
        nodes = self.items(package)
        links = self.links(package, doc_id, nodes)
        if self.failed:
            return ImportResult(None, self.diagnostics)
        roots = self.attach(doc_id, nodes, links)
        if self.failed:
            return ImportResult(None, self.diagnostics)
        stack = [(root, 1) for root in roots]
        while stack:  # without recursion: a chain of links may be thousands long
            node, depth = stack.pop()
            if depth > MAX_TIERS:
                self.error(
                    ("CFItems", node.index),
                    "import-too-deep",
                    f"item {node.name()} stands more than {MAX_TIERS} tiers deep; a "
                    "competence framework is not that deep (is this a chain of isChildOf "
                    "links by mistake?)",
                )
                return ImportResult(None, self.diagnostics)
            stack.extend((child, depth + 1) for _, _, child in node.children)
        extensions = cf_document.get("extensions")
        if not (isinstance(extensions, dict) and isinstance(extensions.get(EXTENSION), dict)):
            mark = _our_mark(cf_document, package)
            if mark is not None:
                stripped = self.stripped(cf_document, roots, package, nodes, *mark)
                return ImportResult(None if self.failed else stripped, self.diagnostics, True)
            foreign = self.foreign(cf_document, roots, package, nodes)
            return ImportResult(None if self.failed else foreign, self.diagnostics)
        data, native = self.framework(cf_document, roots, package)
        if self.failed:
            return ImportResult(None, self.diagnostics, native)
        return ImportResult(data, self.diagnostics, native)

    def items(self, package: dict[str, Any]) -> dict[str, _Node]:
        raw = package.get("CFItems", [])
        if not isinstance(raw, list):
            self.error(("CFItems",), "case-items", "CFItems must be a list of items")
            return {}
        nodes: dict[str, _Node] = {}
        for index, item in enumerate(raw):
            if not isinstance(item, dict):
                self.error(("CFItems", index), "case-item", "an item must be a JSON object")
                continue
            identifier = item.get("identifier")
            if not isinstance(identifier, str) or not identifier.strip():
                self.error(("CFItems", index), "case-identifier", "item has no identifier")
                continue
            if identifier in nodes:
                first = nodes[identifier]
                self.error(
                    ("CFItems", index, "identifier"),
                    "case-duplicate",
                    f"item {_Node(index, item).name()} repeats the identifier {identifier} "
                    f"of CFItems[{first.index}]",
                )
                continue
            statement = item.get("fullStatement")
            if not isinstance(statement, str) or not statement.strip():
                self.error(
                    ("CFItems", index),
                    "case-statement",
                    f"item {identifier} has no fullStatement (its text)",
                )
                continue
            nodes[identifier] = _Node(index, item)
        return nodes

    def links(
        self, package: dict[str, Any], doc_id: str, nodes: dict[str, _Node]
    ) -> dict[str, list[tuple[str, float, int]]]:
        """child identifier → [(parent identifier, sequence number, association index)]."""
        raw = package.get("CFAssociations", [])
        if not isinstance(raw, list):
            self.error(("CFAssociations",), "case-associations", "CFAssociations must be a list")
            return {}
        parents: dict[str, list[tuple[str, float, int]]] = {}
        for index, association in enumerate(raw):
            loc: tuple[Any, ...] = ("CFAssociations", index)
            if not isinstance(association, dict):
                self.error(loc, "case-association", "an association must be a JSON object")
                continue
            if association.get("associationType") != "isChildOf":
                continue
            origin = _link_id(association.get("originNodeURI"))
            destination = _link_id(association.get("destinationNodeURI"))
            name = association.get("identifier") or f"CFAssociations[{index}]"
            if origin is None or destination is None:
                missing = "originNodeURI" if origin is None else "destinationNodeURI"
                self.error(
                    (*loc, missing),
                    "case-association",
                    f"isChildOf association {name} has no {missing}.identifier",
                )
                continue
            if origin not in nodes:
                what = "the CFDocument" if origin == doc_id else f"'{origin}'"
                self.error(
                    (*loc, "originNodeURI", "identifier"),
                    "case-unknown-item",
                    f"isChildOf association {name} makes {what} a child, but it is not an item "
                    "in this package",
                )
                continue
            if destination != doc_id and destination not in nodes:
                title = _link_title(association.get("destinationNodeURI"))
                self.error(
                    (*loc, "destinationNodeURI", "identifier"),
                    "case-missing-parent",
                    f"item {nodes[origin].name()} is a child of {destination}"
                    f"{f' ({title})' if title else ''}, which is neither the CFDocument nor an "
                    "item in this package",
                )
                continue
            sequence = association.get("sequenceNumber")
            order = float(sequence) if isinstance(sequence, int | float) else float("inf")
            parents.setdefault(origin, []).append((destination, order, index))
        return parents

    def attach(
        self,
        doc_id: str,
        nodes: dict[str, _Node],
        links: dict[str, list[tuple[str, float, int]]],
    ) -> list[_Node]:
        for identifier, node in nodes.items():
            found = links.get(identifier, [])
            distinct = sorted({parent for parent, _, _ in found})
            if len(distinct) > 1:
                names = ", ".join(
                    "the CFDocument" if p == doc_id else nodes[p].name() for p in distinct
                )
                self.error(
                    ("CFItems", node.index),
                    "case-parents",
                    f"item {node.name()} has {len(distinct)} parents ({names}); a kompetens "
                    "framework is a tree, so each item needs exactly one",
                )
        if self.failed:
            return []
        parent_of = {child: found[0] for child, found in links.items() if child in nodes}
        # Walk up from every item once: nodes already known to reach the top (or a
        # reported cycle) end the walk, so a long chain costs linear time, not quadratic.
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
                self.error(
                    ("CFAssociations", parent_of[cycle[0]][2]),
                    "case-cycle",
                    f"isChildOf associations form a cycle: {names}",
                )
            settled.update(path)
        if self.failed:
            return []
        roots: list[tuple[float, int, _Node]] = []
        for identifier, node in nodes.items():
            if identifier not in parent_of:
                self.warn(
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

    # -- any other package --------------------------------------------------------------

    def language(self, cf_document: dict[str, Any], nodes: dict[str, _Node]) -> str:
        language = _language_code(cf_document.get("language"))
        if language is not None:
            return language
        for node in nodes.values():
            language = _language_code(node.data.get("language"))
            if language is not None:
                return language
        self.warn(
            ("CFDocument",),
            "case-language",
            f"CFDocument.language {cf_document.get('language')!r} is not a language code; "
            "the texts are taken to be in 'en'",
        )
        return "en"

    def source_node(self, node: _Node) -> SourceNode:
        data = node.data
        code = data.get("humanCodingScheme")
        code = code.strip() if isinstance(code, str) and code.strip() else None
        notes = data.get("notes")
        notes = notes.strip() if isinstance(notes, str) and notes.strip() else None
        full = " ".join(str(data["fullStatement"]).split())
        short = data.get("abbreviatedStatement")
        short = " ".join(short.split()) if isinstance(short, str) and short.strip() else None
        origin: dict[str, Any] = {"identifier": node.identifier}
        if isinstance(data.get("uri"), str) and data["uri"].strip():
            origin["uri"] = data["uri"].strip()
        if code:
            origin["code"] = code
        # A heading is titled by its abbreviated statement when it has one ("Geometry and
        # Measurement"), the full statement then describing it; a statement is the full text.
        description = "\n\n".join(part for part in (full if short else None, notes) if part)
        return SourceNode(
            node.identifier,
            short or full,
            ("CFItems", node.index),
            code=code,
            description=description or None,
            education_levels=_education_levels(data),
            origin=origin,
            children=[self.source_node(child) for _, _, child in node.children],
            statement_text=str(data["fullStatement"]).strip(),
        )

    def foreign(
        self,
        cf_document: dict[str, Any],
        roots: list[_Node],
        package: dict[str, Any],
        nodes: dict[str, _Node],
    ) -> dict[str, Any] | None:
        language = self.language(cf_document, nodes)
        title = cf_document.get("title")
        if not isinstance(title, str) or not title.strip():
            self.error(("CFDocument",), "case-title", "CFDocument has no title")
            return None
        title = " ".join(title.split())
        if not roots:
            self.error(("CFItems",), "case-empty", "the package has no items under its CFDocument")
            return None
        description = cf_document.get("description")
        description = description.strip() if isinstance(description, str) else ""
        built = build_tree(
            [self.source_node(root) for root in roots],
            language=language,
            tiers=self.tiers,
            levels=self.level_choice,
            warn=self.warn,
            error=self.error,
            document_title=title,
            document_description=description or None,
        )
        if built is None:
            return None
        version = self.document_version(cf_document)
        data: dict[str, Any] = {
            "format": 1,
            "id": slug(title) or "imported",
            "version": version,
            "title": {language: title},
        }
        if description:
            data["description"] = {language: description}
        data["languages"] = [language]
        data["default_language"] = language
        data.update(self.foreign_source(cf_document, package, language, title))
        data["scale"] = default_scale(language)
        data["levels"] = built.levels
        data["areas"] = built.areas
        origin = {"identifier": str(cf_document["identifier"])}
        if isinstance(cf_document.get("uri"), str) and cf_document["uri"].strip():
            origin["uri"] = cf_document["uri"].strip()
        data["origin"] = origin
        self.warn(
            ("CFDocument",),
            "case-defaults",
            "the package has no kompetens data: a 1–5 scale and a target of 4 per level were "
            "filled in, and each sub-area's description (or title) stands in for its level "
            "descriptors; review them before use",
        )
        self.associations(package, nodes, built.statement_of, built.areas)
        tidy_areas(built.areas)
        self.lost(package, nodes, built.statement_of)
        return data

    def associations(
        self,
        package: dict[str, Any],
        nodes: dict[str, _Node],
        statement_of: dict[str, str],
        areas: list[dict[str, Any]],
    ) -> None:
        """`isRelatedTo` and `exactMatchOf` as related statements; the rest is reported."""
        statements = {
            statement["id"]: statement
            for area in areas
            for component in area["components"]
            for statement in component["statements"]
        }
        other: dict[str, int] = {}
        lost = 0
        raw = package.get("CFAssociations", [])
        for association in raw if isinstance(raw, list) else []:
            if not isinstance(association, dict):
                continue
            kind_name = association.get("associationType")
            if kind_name == "isChildOf":
                continue
            if kind_name not in RELATED_TYPES:
                key = str(kind_name)
                other[key] = other.get(key, 0) + 1
                continue
            kind = RELATED_TYPES[str(kind_name)]
            origin, destination = (
                association.get("originNodeURI"),
                association.get("destinationNodeURI"),
            )
            origin_id, destination_id = _link_id(origin), _link_id(destination)
            if origin_id in statement_of:
                owner, target, link = statement_of[origin_id], destination_id, destination
            elif destination_id in statement_of and origin_id not in nodes:
                owner, target, link = statement_of[destination_id], origin_id, origin
            else:
                lost += 1
                continue
            entry: dict[str, Any] = {"kind": kind} if kind != "related" else {}
            if target in statement_of:
                if statement_of[target] == owner:
                    continue
                entry["statement"] = statement_of[target]
            elif target in nodes or target is None:
                lost += 1
                continue
            else:
                entry["identifier"] = target
                assert isinstance(link, dict)
                for key in ("uri", "title"):
                    if isinstance(link.get(key), str) and link[key].strip():
                        entry[key] = link[key].strip()
            related = statements[owner].setdefault("related", [])
            if entry not in related:
                related.append(entry)
        if other:
            counts = ", ".join(f"{count} {name}" for name, count in sorted(other.items()))
            self.warn(
                ("CFAssociations",),
                "case-associations-lost",
                f"associations of other types are not kept: {counts}",
            )
        if lost:
            self.warn(
                ("CFAssociations",),
                "case-related-lost",
                f"{lost} isRelatedTo/exactMatchOf association(s) join items that became "
                "areas, sub-areas or headings; only those of statements are kept",
            )

    def lost(
        self, package: dict[str, Any], nodes: dict[str, _Node], statement_of: dict[str, str]
    ) -> None:
        """One warning per kind of content that the framework has no place for."""
        fields: dict[str, int] = {}
        for node in nodes.values():
            for key in node.data:
                if key not in USED_ITEM_FIELDS:
                    fields[key] = fields.get(key, 0) + 1
        notes = sum(
            1
            for key in statement_of
            if isinstance(nodes[key].data.get("notes"), str) and nodes[key].data["notes"].strip()
        )
        if notes:
            fields["notes (of statements)"] = notes
        if fields:
            listed = ", ".join(f"{name} ({count})" for name, count in sorted(fields.items()))
            self.warn(("CFItems",), "case-fields-lost", f"item fields not kept: {listed}")
        document = package.get("CFDocument")
        if isinstance(document, dict):
            lost = sorted(key for key in document if key not in USED_DOCUMENT_FIELDS)
            if isinstance(document.get("licenseURI"), dict) and document["licenseURI"].get("uri"):
                lost.append("licenseURI.uri (its title is kept as the licence)")
            if lost:
                self.warn(
                    ("CFDocument",),
                    "case-document-fields-lost",
                    f"document fields not kept: {', '.join(lost)}",
                )
        rubrics = package.get("CFRubrics")
        if isinstance(rubrics, list) and rubrics:
            self.warn(
                ("CFRubrics",),
                "case-rubrics-lost",
                f"{len(rubrics)} CFRubric(s) of another tool are not kept",
            )

    # -- a package written by kompetens whose extensions were dropped ---------------------

    def stripped(
        self,
        cf_document: dict[str, Any],
        roots: list[_Node],
        package: dict[str, Any],
        nodes: dict[str, _Node],
        framework_id: str,
        version: str,
    ) -> dict[str, Any] | None:
        """Our package after a tool dropped `extensions`: the rubrics still hold the levels
        (titles, descriptions, targets), the scale and the descriptors, the notes the
        framework id, guidance, references and statement context."""
        language = self.language(cf_document, nodes)
        words = messages_for(language)
        rubrics = [r for r in package.get("CFRubrics") or [] if isinstance(r, dict)]
        values = sorted(
            {value for node in nodes.values() for value in _education_levels(node.data)},
            key=natural_key,
        )
        levels: list[dict[str, Any]] = []
        descriptors: dict[str, dict[str, dict[str, str]]] = {}
        scale: dict[str, Any] | None = None
        for index, rubric in enumerate(rubrics):
            level_id = (
                next(
                    (
                        v
                        for v in values
                        if case_uuid(framework_id, "rubric", v) == rubric.get("identifier")
                    ),
                    None,
                )
                or slug(str(rubric.get("title", "")))
                or f"level-{index + 1}"
            )
            description, target = _rubric_target(rubric.get("description"))
            level: dict[str, Any] = {
                "id": level_id,
                "title": {language: str(rubric.get("title") or level_id)},
            }
            if description:
                level["description"] = {language: description}
            if target is None:
                self.warn(
                    ("CFRubrics", index),
                    "case-target",
                    f"rubric {level_id} names no target; 4 was filled in",
                )
            level["target"] = target if target is not None else 4
            levels.append(level)
            for criterion in rubric.get("CFRubricCriteria") or []:
                if not isinstance(criterion, dict):
                    continue
                item = _link_id(criterion.get("CFItemURI"))
                text = criterion.get("description")
                if item and isinstance(text, str):
                    descriptors.setdefault(item, {})[level_id] = {language: text}
                if scale is None:
                    component_of = {
                        case_uuid(framework_id, "item", c): c for c in _item_keys(nodes)
                    }
                    component = component_of.get(item or "", "")
                    unscored = {
                        case_uuid(framework_id, "criterion-level", f"{level_id}/{component}/{k}"): k
                        for k in ("cant-say", "not-applicable")
                    }
                    scale = _rubric_scale(criterion, language, unscored)
        built = build_tree(
            [self.source_node(root) for root in roots],
            language=language,
            tiers=TierChoice(1, 2),
            levels=LevelChoice("map", tuple((value, value) for value in values)),
            warn=self.warn,
            error=self.error,
            document_title=str(cf_document.get("title", "")),
        )
        if built is None:
            return None
        by_id = {node.identifier: node for node in nodes.values()}
        for area in built.areas:
            area.pop("origin", None)
            for component in area["components"]:
                component.pop("origin", None)
                component.pop("description", None)  # the composed notes, parsed below
                identifier = case_uuid(framework_id, "item", component["id"])
                component.update(_component_notes(by_id.get(identifier), words, language, levels))
                component["descriptors"] = descriptors.get(identifier, {})
                for statement in component["statements"]:
                    statement.pop("origin", None)
                    node = by_id.get(case_uuid(framework_id, "item", statement["id"]))
                    notes = node.data.get("notes") if node else None
                    if isinstance(notes, str) and notes.strip():
                        statement["context"] = {language: notes.strip()}
            area["components"] = [in_model_order(c) for c in area["components"]]
        data: dict[str, Any] = {"format": 1, "id": framework_id, "version": version}
        data["title"] = {language: str(cf_document.get("title", framework_id))}
        document_description = cf_document.get("description")
        if isinstance(document_description, str) and document_description.strip():
            data["description"] = {language: document_description.strip()}
        data["languages"] = [language]
        data["default_language"] = language
        citation = _document_citation(cf_document.get("notes"))
        source = self.foreign_source(cf_document, package, language, citation or "")
        if citation is None:
            source.pop("source", None)
        elif source["source"].get("authors") == framework_id:
            del source["source"]["authors"]
        data.update(source)
        data["scale"] = scale or default_scale(language)
        data["levels"] = levels or built.levels
        data["areas"] = built.areas
        self.associations(package, nodes, built.statement_of, built.areas)
        tidy_areas(built.areas)
        self.warn(
            ("CFDocument",),
            "case-stripped",
            f"this package was written by kompetens ({framework_id} {version}) but has lost "
            f"its extensions; it was rebuilt from the standard fields in '{language}' only: "
            "other languages and the completion rule are lost, and the source is one line "
            "of text",
        )
        return data

    # -- a package written by kompetens ---------------------------------------------------

    def framework(
        self, cf_document: dict[str, Any], roots: list[_Node], package: dict[str, Any]
    ) -> tuple[dict[str, Any], bool]:
        extensions = cf_document.get("extensions")
        ext: dict[str, Any] = {}
        if isinstance(extensions, dict) and isinstance(extensions.get(EXTENSION), dict):
            ext = dict(extensions[EXTENSION])
        native = bool(ext)
        language = _language_code(cf_document.get("language"))
        if language is None:
            language = _language_code(ext.get("default_language")) or "en"
            if cf_document.get("language") is not None or not native:
                self.warn(
                    ("CFDocument", "language"),
                    "case-language",
                    f"CFDocument.language {cf_document.get('language')!r} is not a language "
                    f"code; the texts are taken to be in '{language}'",
                )
        title = cf_document.get("title")
        if not isinstance(title, str) or not title.strip():
            self.error(("CFDocument",), "case-title", "CFDocument has no title")
            title = ""
        levels, level_map = self.levels(ext, roots, language)
        data: dict[str, Any] = {"format": 1}
        if native:
            data["id"] = ext.get("id")
            data["version"] = ext.get("version")
        else:
            data["id"] = slug(title) or "imported"
            data["version"] = self.document_version(cf_document)
        data["title"] = _with(ext.get("title"), language, title)
        description = cf_document.get("description")
        if isinstance(description, str) and description.strip():
            data["description"] = _with(ext.get("description"), language, description)
        elif ext.get("description"):
            data["description"] = ext["description"]
        data["languages"] = ext.get("languages") or [language]
        data["default_language"] = ext.get("default_language") or language
        if native:
            for key in ("source", "licence"):
                if key in ext:
                    data[key] = ext[key]
            data["scale"] = ext.get("scale")
        else:
            data.update(self.foreign_source(cf_document, package, language, title))
            data["scale"] = {
                "points": [{"value": v, "label": {language: str(v)}} for v in range(1, 6)]
            }
            self.warn(
                ("CFDocument",),
                "case-defaults",
                "the package has no kompetens data: a 1–5 scale and a target of 4 per level were "
                "filled in, and each sub-area's description stands in for its level "
                "descriptors; review them before use",
            )
        data["levels"] = levels
        level_ids = [
            level["id"]
            for level in levels
            if isinstance(level, dict) and isinstance(level.get("id"), str)
        ]
        data["areas"] = [
            self.area(node, position, language, level_ids, level_map, native)
            for position, node in enumerate(roots, start=1)
        ]
        if not roots:
            self.error(("CFItems",), "case-empty", "the package has no items under its CFDocument")
        for key in ("completion", "origin"):
            if ext.get(key):
                data[key] = ext[key]
        return data, native

    def foreign_source(
        self, cf_document: dict[str, Any], package: dict[str, Any], language: str, title: str
    ) -> dict[str, Any]:
        result: dict[str, Any] = {}
        source: dict[str, Any] = {"title": {language: title or "CASE"}}
        creator = cf_document.get("creator")
        if isinstance(creator, str) and creator.strip():
            source["authors"] = creator.strip()
        url = cf_document.get("officialSourceURL")
        if isinstance(url, str) and url.strip():
            source["url"] = url.strip()
        result["source"] = source
        licence = _link_title(cf_document.get("licenseURI"))
        if licence:
            result["licence"] = licence
        return result

    def levels(
        self, ext: dict[str, Any], roots: list[_Node], language: str
    ) -> tuple[list[Any], dict[str, str]]:
        """The levels, and a map from `educationLevel` values to level ids."""
        if ext.get("levels"):
            declared = ext["levels"] if isinstance(ext["levels"], list) else [ext["levels"]]
            ids = {str(level.get("id")) for level in declared if isinstance(level, dict)}
            return declared, {identifier: identifier for identifier in ids}
        values: list[str] = []
        for area in roots:
            for _, _, component in area.children:
                for _, _, statement in component.children:
                    for value in _education_levels(statement.data):
                        if value not in values:
                            values.append(value)
        mapping: dict[str, str] = {}
        levels: list[Any] = []
        for value in sorted(values, key=_natural):
            identifier = slug(value) or f"level-{len(levels) + 1}"
            if identifier in mapping.values():
                mapping[value] = identifier
                continue
            mapping[value] = identifier
            levels.append({"id": identifier, "title": {language: value}, "target": 4})
        if not levels:
            levels = [{"id": "all", "title": {language: "All"}, "target": 4}]
        return levels, mapping

    def _id(self, node: _Node, ext: dict[str, Any], prefix: str, position: int) -> str:
        """The item's id: ours from the extension or `humanCodingScheme` when it is a valid id
        under its parent's, else one made from the code or the text."""
        for candidate in (ext.get("id"), node.data.get("humanCodingScheme")):
            if (
                isinstance(candidate, str)
                and _IDENTIFIER.match(candidate)
                and (not prefix or candidate.startswith(prefix + "."))
            ):
                return candidate
        code = node.data.get("humanCodingScheme")
        base = ""
        if isinstance(code, str) and code.strip():
            base = slug(code.split(".")[-1]) if prefix else slug(code)
        if not base and not prefix:
            base = slug(str(node.data.get("fullStatement", "")))
        base = base or str(position)
        return f"{prefix}.{base}" if prefix else base

    def area(
        self,
        node: _Node,
        position: int,
        language: str,
        level_ids: list[str],
        level_map: dict[str, str],
        native: bool,
    ) -> dict[str, Any]:
        ext = node.extension()
        identifier = self._id(node, ext, "", position)
        area: dict[str, Any] = {"id": identifier}
        area["title"] = _with(ext.get("title"), language, node.data["fullStatement"])
        description = ext.get("description") or _notes(node.data, language, native)
        if description:
            area["description"] = description
        if not node.children:
            self.error(
                ("CFItems", node.index),
                "case-depth",
                f"area {node.name()} has no sub-areas under it",
            )
        used: set[str] = set()
        area["components"] = []
        for c_pos, (_, _, child) in enumerate(node.children, start=1):
            component = self.component(
                child, c_pos, identifier, language, level_ids, level_map, native, used
            )
            area["components"].append(component)
        if ext.get("origin"):
            area["origin"] = ext["origin"]
        return area

    def component(
        self,
        node: _Node,
        position: int,
        area_id: str,
        language: str,
        level_ids: list[str],
        level_map: dict[str, str],
        native: bool,
        used: set[str],
    ) -> dict[str, Any]:
        ext = node.extension()
        identifier = _unique(self._id(node, ext, area_id, position), used)
        component: dict[str, Any] = {"id": identifier}
        component["title"] = _with(ext.get("title"), language, node.data["fullStatement"])
        description = ext.get("description") or _notes(node.data, language, native)
        if description:
            component["description"] = description
        if native:
            for key in ("descriptors", "guidance", "level_guidance", "references"):
                if ext.get(key):
                    component[key] = ext[key]
        else:
            stand_in = description if isinstance(description, dict) else component["title"]
            component["descriptors"] = {level: dict(stand_in) for level in level_ids}
        if not node.children:
            self.error(
                ("CFItems", node.index),
                "case-depth",
                f"sub-area {node.name()} has no statements under it: a kompetens framework has "
                "three tiers (area → sub-area → statement)",
            )
        statements = []
        used_statements: set[str] = set()
        for s_pos, (_, _, child) in enumerate(node.children, start=1):
            if child.children:
                self.error(
                    ("CFItems", child.children[0][2].index),
                    "case-depth",
                    f"item {child.children[0][2].name()} is a fourth tier under "
                    f"{child.name()}: a kompetens framework has three (area → sub-area → "
                    "statement)",
                )
            child_ext = child.extension()
            statement_id = _unique(self._id(child, child_ext, identifier, s_pos), used_statements)
            grades = _education_levels(child.data)
            levels = [level_map.get(v, v) for v in grades]
            origin = child_ext.get("origin")
            if isinstance(origin, dict) and grades and grades == origin.get("education_levels"):
                levels = []  # the source's grade levels, exported again: not level ids
            if not levels:
                declared = child_ext.get("levels")
                levels = list(declared) if isinstance(declared, list) and declared else level_ids
            statement = {
                "id": statement_id,
                "levels": _distinct(levels),
                "text": _with(child_ext.get("text"), language, child.data["fullStatement"]),
            }
            for key in ("context", "related", "origin", "silence"):
                if child_ext.get(key):
                    statement[key] = child_ext[key]
            statements.append(statement)
        component["statements"] = statements
        if ext.get("origin"):
            component["origin"] = ext["origin"]
        return component


_MARK = re.compile(rf"^{re.escape(NOTES_MARK)} (?P<id>\S+) (?P<version>\S+)\s*$", re.MULTILINE)


def _our_mark(cf_document: dict[str, Any], package: dict[str, Any]) -> tuple[str, str] | None:
    """(framework id, version) when a package without extensions was written by kompetens:
    the notes end with `kompetens: ID VERSION`, and the document or a rubric has the
    identifier kompetens derives from that id."""
    notes = cf_document.get("notes")
    if not isinstance(notes, str):
        return None
    matches = list(_MARK.finditer(notes))
    if not matches:
        return None
    framework_id, version = matches[-1]["id"], matches[-1]["version"]
    if not _IDENTIFIER.match(framework_id):
        return None
    if cf_document.get("identifier") == case_uuid(framework_id, "document"):
        return framework_id, version
    # A document that kept its source's identifier: one of our rubrics must match.
    items = package.get("CFItems")
    items = items if isinstance(items, list) else []
    values = {v for item in items if isinstance(item, dict) for v in _education_levels(item)}
    derived = {case_uuid(framework_id, "rubric", value) for value in values}
    rubrics = package.get("CFRubrics")
    rubrics = rubrics if isinstance(rubrics, list) else []
    if any(isinstance(r, dict) and r.get("identifier") in derived for r in rubrics):
        return framework_id, version
    return None


def _document_citation(notes: Any) -> str | None:
    """The source citation that precedes the `kompetens:` line in our document notes."""
    if not isinstance(notes, str):
        return None
    text = _MARK.sub("", notes).strip()
    return text or None


_TARGET_WORDS = "|".join(re.escape(words["doc.target"]) for words in MESSAGES.values())
_TARGET = re.compile(rf"(?:\n\n|^)(?:{_TARGET_WORDS}): (?P<target>\d+(?:\.\d+)?)\s*$")


def _rubric_target(description: Any) -> tuple[str, float | None]:
    """A rubric description split into the level's description and its target."""
    if not isinstance(description, str):
        return "", None
    match = _TARGET.search(description)
    if match is None:
        return description.strip(), None
    return description[: match.start()].strip(), float(match["target"])


def _item_keys(nodes: dict[str, _Node]) -> list[str]:
    """The `humanCodingScheme` of every item (our ids, in a package we wrote)."""
    return [
        code
        for node in nodes.values()
        if isinstance(code := node.data.get("humanCodingScheme"), str) and code
    ]


def _rubric_scale(
    criterion: dict[str, Any], language: str, unscored: dict[str, str]
) -> dict[str, Any] | None:
    """The rating scale from a criterion's levels: scored levels are the points, a level
    without a score is "can't say" or "does not apply" (its identifier tells which)."""
    levels = [lv for lv in criterion.get("CFRubricCriterionLevels") or [] if isinstance(lv, dict)]
    levels.sort(key=lambda lv: lv["position"] if isinstance(lv.get("position"), int) else 0)
    points = []
    answers: dict[str, dict[str, Any]] = {}
    for level in levels:
        entry: dict[str, Any] = {"label": {language: str(level.get("quality", ""))}}
        if isinstance(level.get("description"), str) and level["description"]:
            entry["description"] = {language: level["description"]}
        score = level.get("score")
        if isinstance(score, int | float) and not isinstance(score, bool):
            points.append({"value": int(score) if float(score).is_integer() else score, **entry})
        else:
            kind = unscored.get(str(level.get("identifier")), "cant-say")
            answers.setdefault(kind, entry)
    if len(points) < 2:
        return None
    scale: dict[str, Any] = {"points": points}
    if "cant-say" in answers:
        scale["cant_say"] = answers["cant-say"]
    if "not-applicable" in answers:
        scale["not_applicable"] = answers["not-applicable"]
    return scale


def _component_notes(
    node: _Node | None, words: dict[str, str], language: str, levels: list[dict[str, Any]]
) -> dict[str, Any]:
    """Description, guidance and references from the notes our export composes for a
    sub-area (paragraphs; guidance and references introduced by their headings)."""
    notes = node.data.get("notes") if node is not None else None
    if not isinstance(notes, str) or not notes.strip():
        return {}
    result: dict[str, Any] = {}
    description = []
    guidance_mark = f"{words['doc.guidance']}: "
    references_mark = f"{words['doc.references']}: "
    level_marks = {
        f"{words['doc.guidance']} – {level['title'][language]}: ": level["id"] for level in levels
    }
    for part in notes.split("\n\n"):
        level_mark = next((mark for mark in level_marks if part.startswith(mark)), None)
        if level_mark is not None:
            result.setdefault("level_guidance", {})[level_marks[level_mark]] = {
                language: part[len(level_mark) :]
            }
        elif part.startswith(guidance_mark):
            result["guidance"] = {language: part[len(guidance_mark) :]}
        elif part.startswith(references_mark):
            references = []
            for entry in part[len(references_mark) :].split("; "):
                match = re.fullmatch(r"(?P<title>.*?)(?: <(?P<url>[^<>]+)>)?", entry, re.DOTALL)
                if match is None:
                    continue
                reference: dict[str, Any] = {"title": {language: match["title"]}}
                if match["url"]:
                    reference["url"] = match["url"]
                references.append(reference)
            result["references"] = references
        else:
            description.append(part)
    if description:
        result["description"] = {language: "\n\n".join(description)}
    return result


def _distinct(values: list[Any]) -> list[Any]:
    """`values` without repeats, in order (unhashable junk is kept for validation to report)."""
    result: list[Any] = []
    for value in values:
        if value not in result:
            result.append(value)
    return result


def _unique(identifier: str, used: set[str]) -> str:
    candidate, counter = identifier, 2
    while candidate in used:
        candidate = f"{identifier}-{counter}"
        counter += 1
    used.add(candidate)
    return candidate


def _natural(text: str) -> list[tuple[int, int | str]]:
    """Sort key that puts `Year 2` before `Year 10`."""
    return [
        (0, int(part)) if part.isdigit() else (1, part.lower()) for part in re.split(r"(\d+)", text)
    ]


def _link_id(link: Any) -> str | None:
    if isinstance(link, dict):
        identifier = link.get("identifier")
        if isinstance(identifier, str) and identifier.strip():
            return identifier
    return None


def _link_title(link: Any) -> str | None:
    if isinstance(link, dict):
        title = link.get("title")
        if isinstance(title, str) and title.strip():
            return title.strip()
    return None


def _education_levels(item: dict[str, Any]) -> list[str]:
    """`educationLevel` as a list (OpenSALT's early exports wrote `educationalLevel`, and
    some tools one comma-separated string)."""
    value = item.get("educationLevel", item.get("educationalLevel"))
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return []
    return [v.strip() for v in value if isinstance(v, str) and v.strip()]


def _with(texts: Any, language: str, text: str) -> dict[str, str]:
    """A multilingual text whose `language` entry is `text` (the standard CASE field wins)."""
    result = {str(k): v for k, v in texts.items()} if isinstance(texts, dict) else {}
    if text:
        result[language] = text
    return result


def _notes(item: dict[str, Any], language: str, native: bool) -> dict[str, str] | None:
    """A foreign item's `notes` as its description (ours hold composed text, not a field)."""
    notes = item.get("notes")
    if native or not isinstance(notes, str) or not notes.strip():
        return None
    return {language: notes.strip()}


MAX_PACKAGE_BYTES = 20 * 1024 * 1024
"""CASE packages of large standards run to megabytes; ours are well under one."""


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


def import_case(
    document: Document,
    *,
    tiers: TierChoice | None = None,
    levels: LevelChoice | None = None,
) -> ImportResult:
    """Framework data from a parsed CASE package, or the problems that prevent it.

    Structural problems (no CFDocument, an item whose parent is missing, more than one
    parent, a cycle of `isChildOf`) are errors that name the item; `tiers` and `levels`
    say how a foreign tree becomes areas, sub-areas, statements and levels. The caller
    validates the resulting data like any framework before writing it.
    """
    if document.data is None:
        return ImportResult(None, list(document.diagnostics))
    if "positions" not in vars(document):
        positions = json_positions(document.text)
        if positions is not None:
            vars(document)["positions"] = positions  # fills the cached property at once
    importer = _Importer(document, tiers, levels)
    importer.diagnostics.extend(document.diagnostics)
    if importer.failed:
        return ImportResult(None, importer.diagnostics)
    return importer.run()


__all__ = ["MAX_PACKAGE_BYTES", "UNREADABLE_CODES", "import_case", "read_case_package"]

"""1EdTech CASE 1.1: a framework as a `CFPackage`, and a `CFPackage` back as a framework.

CASE systems know documents, items and associations; they do not know our scale, levels,
translations or guidance. The export therefore puts every kompetens fact in the standard
field where CASE has one (the tree as `isChildOf` associations, ids as
`humanCodingScheme`, statement levels as `educationLevel`, level descriptors as one
`CFRubric` per level) and carries the rest, in every language, in each object's
`extensions.kompetens`. The import reads the standard fields first (a text edited in a CASE
editor wins over the extension in the package's language) and the extension for the rest,
so export → import → export gives the identical JSON.

Identifiers are UUIDv5 derived from the framework id and the item id, and every
`lastChangeDateTime` is one value the caller chooses, so exporting an unchanged framework
twice gives identical files (diffable in git, no spurious "updated" in a CASE registry).
The mapping is documented in docs/designers.md.
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from kompetens.diagnostics import Diagnostic, Severity
from kompetens.interop.texts import messages_for, pick
from kompetens.loading import Document, parse_json, read_text
from kompetens.model.framework import (
    IDENTIFIER_PATTERN,
    Area,
    Component,
    Framework,
    Level,
    Statement,
)

NAMESPACE = uuid.UUID("8ab8f10e-4e6d-54ae-94e4-baf904423c1e")
"""uuid5(NAMESPACE_URL, "urn:kompetens:case"): the namespace of every identifier we derive."""

EXTENSION = "kompetens"
"""The key under each object's `extensions` that holds the kompetens data."""

CASE_VERSION = "1.1"
DEFAULT_CHANGED = "1970-01-01T00:00:00+00:00"
"""`lastChangeDateTime` when neither `--changed` nor SOURCE_DATE_EPOCH says otherwise: a
framework file has no date of its own, and a clock time would change every export."""

_IDENTIFIER = re.compile(IDENTIFIER_PATTERN)
_SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_ISO639_2 = {"fin": "fi", "swe": "sv", "eng": "en", "ger": "de", "deu": "de", "fre": "fr"}
_TYPE_CODES = ("area", "component", "statement")


def case_uuid(framework_id: str, kind: str, key: str = "") -> str:
    """The identifier of one CASE object: stable for the same framework id, kind and key."""
    return str(uuid.uuid5(NAMESPACE, f"{framework_id}/{kind}/{key}"))


def changed_timestamp(value: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The `lastChangeDateTime` of an export, as ISO 8601 with a UTC offset.

    `value` is a date (`2025-01-15`) or a date and time; without it, SOURCE_DATE_EPOCH (the
    reproducible-builds convention, seconds since 1970) is used, and without that a fixed
    date. Raises ValueError for text that is not a date.
    """
    if value:
        text = value.strip()
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(
                f"'{value}' is not a date: write e.g. 2025-01-15 or 2025-01-15T12:00:00+02:00"
            ) from None
        if len(text) == 10:
            moment = datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.isoformat(timespec="seconds")
    epoch = (environ or {}).get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC).isoformat(timespec="seconds")
        except (ValueError, OverflowError, OSError):
            raise ValueError(f"SOURCE_DATE_EPOCH='{epoch}' is not a number of seconds") from None
    return DEFAULT_CHANGED


@dataclass(frozen=True, slots=True)
class CaseOptions:
    """What varies between exports of the same framework: the language of the standard CASE
    fields, the time stamp, and where the objects would be served (`base_url`)."""

    language: str
    changed: str = DEFAULT_CHANGED
    base_url: str | None = None


@dataclass(slots=True)
class _Exporter:
    framework: Framework
    options: CaseOptions

    def text(self, value: Mapping[str, str] | None) -> str:
        return pick(value, self.options.language, self.framework.default_language)

    def uuid(self, kind: str, key: str = "") -> str:
        return case_uuid(self.framework.id, kind, key)

    def uri(self, collection: str, identifier: str) -> str:
        """`{base}/ims/case/v1p1/{collection}/{uuid}` (the CASE REST path) or `urn:uuid:…`."""
        if self.options.base_url:
            return f"{self.options.base_url.rstrip('/')}/ims/case/v1p1/{collection}/{identifier}"
        return f"urn:uuid:{identifier}"

    def link(self, collection: str, identifier: str, title: str) -> dict[str, str]:
        return {"title": title, "identifier": identifier, "uri": self.uri(collection, identifier)}

    # -- the document ---------------------------------------------------------------------

    def document_link(self) -> dict[str, str]:
        return self.link("CFDocuments", self.uuid("document"), self.text(self.framework.title))

    def licence(self) -> dict[str, Any] | None:
        if not self.framework.licence:
            return None
        identifier = self.uuid("licence", self.framework.licence)
        return {
            "identifier": identifier,
            "uri": self.uri("CFLicenses", identifier),
            "title": self.framework.licence,
            "description": self.framework.licence,
            "licenseText": self.framework.licence,
            "lastChangeDateTime": self.options.changed,
        }

    def document(self) -> dict[str, Any]:
        framework = self.framework
        identifier = self.uuid("document")
        source = framework.source
        document: dict[str, Any] = {
            "identifier": identifier,
            "uri": self.uri("CFDocuments", identifier),
            "caseVersion": CASE_VERSION,
            "creator": (source.authors if source and source.authors else framework.id),
            "title": self.text(framework.title),
            "lastChangeDateTime": self.options.changed,
        }
        if source is not None and source.url:
            document["officialSourceURL"] = source.url
        if framework.description:
            document["description"] = self.text(framework.description)
        document["language"] = self.options.language
        document["version"] = framework.version
        licence = self.licence()
        if licence is not None:
            document["licenseURI"] = self.link(
                "CFLicenses", licence["identifier"], licence["title"]
            )
        if source is not None:
            parts = [self.text(source.title), source.authors or "", source.year or ""]
            note = ", ".join(part for part in parts if part)
            if source.note:
                note = f"{note}. {self.text(source.note)}"
            document["notes"] = note
        data = framework.model_dump(mode="json", exclude_none=True, exclude={"areas"})
        document["extensions"] = {EXTENSION: data}
        return document

    # -- items ----------------------------------------------------------------------------

    def item_type(self, code: str) -> dict[str, Any]:
        words = messages_for(self.options.language)
        title = {
            "area": words["doc.area"],
            "component": words["doc.subarea"],
            "statement": words["doc.statement"],
        }[code]
        identifier = self.uuid("item-type", code)
        return {
            "identifier": identifier,
            "uri": self.uri("CFItemTypes", identifier),
            "title": title,
            "description": title,
            "hierarchyCode": str(_TYPE_CODES.index(code) + 1),
            "typeCode": code,
            "lastChangeDateTime": self.options.changed,
        }

    def item(
        self,
        code: str,
        key: str,
        statement: str,
        position: int,
        notes: str,
        data: dict[str, Any],
        education_levels: Sequence[str] = (),
    ) -> dict[str, Any]:
        identifier = self.uuid("item", key)
        item_type = self.item_type(code)
        item: dict[str, Any] = {
            "identifier": identifier,
            "uri": self.uri("CFItems", identifier),
            "fullStatement": statement,
            "humanCodingScheme": key,
            "listEnumeration": str(position),
            "CFItemType": item_type["title"],
            "CFItemTypeURI": self.link("CFItemTypes", item_type["identifier"], item_type["title"]),
            "language": self.options.language,
        }
        if education_levels:
            item["educationLevel"] = list(education_levels)
        if notes:
            item["notes"] = notes
        item["lastChangeDateTime"] = self.options.changed
        item["extensions"] = {EXTENSION: data}
        return item

    def component_notes(self, component: Component) -> str:
        words = messages_for(self.options.language)
        parts = [self.text(component.description)]
        if component.guidance:
            parts.append(f"{words['doc.guidance']}: {self.text(component.guidance)}")
        if component.references:
            titles = "; ".join(
                self.text(ref.title) + (f" <{ref.url}>" if ref.url else "")
                for ref in component.references
            )
            parts.append(f"{words['doc.references']}: {titles}")
        return "\n\n".join(part for part in parts if part)

    def association(
        self, child_key: str, child_title: str, parent: dict[str, str], position: int
    ) -> dict[str, Any]:
        identifier = self.uuid("association", f"{child_key}>{parent['identifier']}")
        child = self.uuid("item", child_key)
        return {
            "identifier": identifier,
            "uri": self.uri("CFAssociations", identifier),
            "associationType": "isChildOf",
            "sequenceNumber": position,
            "originNodeURI": self.link("CFItems", child, child_title),
            "destinationNodeURI": parent,
            "lastChangeDateTime": self.options.changed,
        }

    def tree(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        items: list[dict[str, Any]] = []
        associations: list[dict[str, Any]] = []
        document = self.document_link()
        for a_pos, area in enumerate(self.framework.areas, start=1):
            items.append(self.area_item(area, a_pos))
            associations.append(self.association(area.id, area.id, document, a_pos))
            area_link = self.link("CFItems", self.uuid("item", area.id), area.id)
            for c_pos, component in enumerate(area.components, start=1):
                items.append(self.component_item(component, c_pos))
                associations.append(self.association(component.id, component.id, area_link, c_pos))
                component_link = self.link("CFItems", self.uuid("item", component.id), component.id)
                for s_pos, statement in enumerate(component.statements, start=1):
                    items.append(self.statement_item(statement, s_pos))
                    associations.append(
                        self.association(statement.id, statement.id, component_link, s_pos)
                    )
        return items, associations

    def area_item(self, area: Area, position: int) -> dict[str, Any]:
        data = area.model_dump(mode="json", exclude_none=True, exclude={"components"})
        return self.item(
            "area", area.id, self.text(area.title), position, self.text(area.description), data
        )

    def component_item(self, component: Component, position: int) -> dict[str, Any]:
        data = component.model_dump(mode="json", exclude_none=True, exclude={"statements"})
        return self.item(
            "component",
            component.id,
            self.text(component.title),
            position,
            self.component_notes(component),
            data,
        )

    def statement_item(self, statement: Statement, position: int) -> dict[str, Any]:
        data = statement.model_dump(mode="json", exclude_none=True)
        return self.item(
            "statement",
            statement.id,
            self.text(statement.text),
            position,
            "",
            data,
            education_levels=statement.levels,
        )

    # -- rubrics: the level descriptors ---------------------------------------------------

    def rubric(self, level: Level) -> dict[str, Any]:
        """One rubric per level: a criterion per sub-area (its descriptor for the level,
        linked to the sub-area's item) whose criterion levels are the rating scale."""
        identifier = self.uuid("rubric", level.id)
        criteria: list[dict[str, Any]] = []
        position = 0
        for area in self.framework.areas:
            for component in area.components:
                descriptor = component.descriptors.get(level.id)
                if descriptor is None:
                    continue
                position += 1
                criterion_id = self.uuid("criterion", f"{level.id}/{component.id}")
                item_id = self.uuid("item", component.id)
                criteria.append(
                    {
                        "identifier": criterion_id,
                        "uri": self.uri("CFRubricCriteria", criterion_id),
                        "category": self.text(area.title),
                        "description": self.text(descriptor),
                        "CFItemURI": self.link("CFItems", item_id, component.id),
                        "position": position,
                        "rubricId": identifier,
                        "lastChangeDateTime": self.options.changed,
                        "CFRubricCriterionLevels": self.criterion_levels(level, component),
                    }
                )
        rubric: dict[str, Any] = {
            "identifier": identifier,
            "uri": self.uri("CFRubrics", identifier),
            "title": self.text(level.title),
        }
        if level.description:
            rubric["description"] = self.text(level.description)
        rubric["lastChangeDateTime"] = self.options.changed
        rubric["CFRubricCriteria"] = criteria
        rubric["extensions"] = {EXTENSION: {"level": level.id, "target": level.target}}
        return rubric

    def criterion_levels(self, level: Level, component: Component) -> list[dict[str, Any]]:
        criterion_id = self.uuid("criterion", f"{level.id}/{component.id}")
        result = []
        for position, point in enumerate(self.framework.scale.points, start=1):
            identifier = self.uuid("criterion-level", f"{level.id}/{component.id}/{point.value}")
            entry: dict[str, Any] = {
                "identifier": identifier,
                "uri": self.uri("CFRubricCriterionLevels", identifier),
                "quality": self.text(point.label),
                "score": point.value,
                "position": position,
                "rubricCriterionId": criterion_id,
                "lastChangeDateTime": self.options.changed,
            }
            if point.description:
                entry["description"] = self.text(point.description)
            result.append(entry)
        return result

    def package(self) -> dict[str, Any]:
        items, associations = self.tree()
        definitions: dict[str, Any] = {
            "CFItemTypes": [self.item_type(code) for code in _TYPE_CODES],
        }
        licence = self.licence()
        if licence is not None:
            definitions["CFLicenses"] = [licence]
        return {
            "CFDocument": self.document(),
            "CFItems": items,
            "CFAssociations": associations,
            "CFDefinitions": definitions,
            "CFRubrics": [self.rubric(level) for level in self.framework.levels],
        }


def to_case_package(framework: Framework, options: CaseOptions) -> dict[str, Any]:
    """The framework as a CASE 1.1 CFPackage (plain JSON data)."""
    return _Exporter(framework, options).package()


def to_case_json(framework: Framework, options: CaseOptions) -> str:
    """The CFPackage as JSON text: UTF-8, two-space indent, keys in a fixed order."""
    return json.dumps(to_case_package(framework, options), ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------------------------------
# Import
# ------------------------------------------------------------------------------------------

UNREADABLE_CODES = frozenset({"unreadable", "too-large", "encoding", "json-syntax", "too-deep"})
"""Diagnostics that mean "this is not a JSON file at all" (exit 2, not 1)."""


def slug(text: str) -> str:
    """`Client-centred work (2021)` → `client-centred-work-2021`: a valid id segment or ''."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))[:60].strip("-")


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


@dataclass
class ImportResult:
    """Framework data in model field order (or None) and what was found on the way."""

    data: dict[str, Any] | None
    diagnostics: list[Diagnostic]
    native: bool = False
    """True when the package was written by kompetens (its document has our extension)."""


class _Importer:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.diagnostics: list[Diagnostic] = []

    def error(self, loc: tuple[Any, ...], code: str, message: str) -> None:
        self.diagnostics.append(self.document.diagnostic(loc, code, message))

    def warn(self, loc: tuple[Any, ...], code: str, message: str) -> None:
        self.diagnostics.append(
            self.document.diagnostic(loc, code, message, severity=Severity.WARNING)
        )

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
        reported: set[frozenset[str]] = set()
        for start in nodes:
            path: list[str] = []
            current = start
            while current in parent_of and current not in path:
                path.append(current)
                current = parent_of[current][0]
            if current in path:
                cycle = path[path.index(current) :]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    names = " → ".join(nodes[c].name() for c in [*cycle, cycle[0]])
                    self.error(
                        ("CFAssociations", parent_of[cycle[0]][2]),
                        "case-cycle",
                        f"isChildOf associations form a cycle: {names}",
                    )
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

    # -- content --------------------------------------------------------------------------

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
            version = _version(cf_document.get("version"))
            if version is None:
                version = "1.0.0"
                if cf_document.get("version") is not None:
                    self.warn(
                        ("CFDocument", "version"),
                        "case-version",
                        f"version {cf_document.get('version')!r} is not a semantic version; "
                        "the framework starts at 1.0.0",
                    )
            data["version"] = version
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
            levels = [level_map.get(v, v) for v in _education_levels(child.data)]
            if not levels:
                declared = child_ext.get("levels")
                levels = list(declared) if isinstance(declared, list) and declared else level_ids
            statements.append(
                {
                    "id": statement_id,
                    "levels": _distinct(levels),
                    "text": _with(child_ext.get("text"), language, child.data["fullStatement"]),
                }
            )
            if native and isinstance(child_ext.get("silence"), dict) and child_ext["silence"]:
                statements[-1]["silence"] = child_ext["silence"]
        component["statements"] = statements
        return component


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
    value = item.get("educationLevel")
    if isinstance(value, str):
        value = [value]
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


def import_case(document: Document) -> ImportResult:
    """Framework data from a parsed CASE package, or the problems that prevent it.

    Structural problems (no CFDocument, an item whose parent is missing, more than one
    parent, a cycle of `isChildOf`, more than three tiers) are errors that name the item;
    the caller validates the resulting data like any framework before writing it.
    """
    if document.data is None:
        return ImportResult(None, list(document.diagnostics))
    importer = _Importer(document)
    importer.diagnostics.extend(document.diagnostics)
    if importer.failed:
        return ImportResult(None, importer.diagnostics)
    return importer.run()


__all__ = [
    "CASE_VERSION",
    "DEFAULT_CHANGED",
    "EXTENSION",
    "NAMESPACE",
    "UNREADABLE_CODES",
    "CaseOptions",
    "ImportResult",
    "case_uuid",
    "changed_timestamp",
    "import_case",
    "read_case_package",
    "slug",
    "to_case_json",
    "to_case_package",
]

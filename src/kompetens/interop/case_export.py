"""1EdTech CASE 1.1: a framework as a `CFPackage`.

CASE systems know documents, items and associations; they do not know our scale, levels,
translations or guidance. The export therefore puts every kompetens fact in the standard
field where CASE has one (the tree as `isChildOf` associations, ids as
`humanCodingScheme`, statement levels as `educationLevel`, level descriptors as one
`CFRubric` per level, related statements as `isRelatedTo`/`exactMatchOf` associations) and
carries the rest, in every language, in the `extensions.kompetens` of the document and the
items, which both the CASE 1.1 package schema and OpenSALT's import schema allow (OpenSALT
forbids `extensions` on rubrics, so rubrics carry none). `kompetens.interop.case_import`
reads the package back, so export → import → export gives the identical JSON.

Identifiers are UUIDv5 derived from the framework id and the item id (or, for a framework
imported from CASE, the source's own identifiers and URIs, so that the package links back
to its source), and every `lastChangeDateTime` is one value the caller chooses, so
exporting an unchanged framework twice gives identical files (diffable in git, no
spurious "updated" in a CASE registry). The mapping is documented in docs/designers.md.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from kompetens.interop.case_options import (
    DEFAULT_CHANGED,
    CaseOptions,
    changed_timestamp,
    check_base_url,
)
from kompetens.interop.case_vocabulary import (
    CASE_VERSION,
    EXTENSION,
    NAMESPACE,
    NOTES_MARK,
    RELATED_ASSOCIATIONS,
    TYPE_CODES,
    case_uuid,
)
from kompetens.interop.notices import Notice
from kompetens.interop.texts import messages_for, pick
from kompetens.model.framework import Area, Component, Framework, Level, Origin, Statement

_UUID = re.compile(r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")


def previous_stamp(package: Mapping[str, Any], previous: Any) -> tuple[str | None, bool]:
    """The `lastChangeDateTime` of a previous export of the same document (None when
    `previous` is not one) and whether its content differs from `package`'s."""
    if not isinstance(previous, dict):
        return None, False
    document = previous.get("CFDocument")
    if not isinstance(document, dict):
        return None, False
    if document.get("identifier") != package["CFDocument"]["identifier"]:
        return None, False
    stamp = document.get("lastChangeDateTime")
    if not isinstance(stamp, str):
        return None, False
    return stamp, package_content(previous) != package_content(package)


def decide_changed(
    framework: Framework,
    options: CaseOptions,
    *,
    changed: str | None,
    environ: Mapping[str, str],
    previous: Any,
    now: datetime,
) -> tuple[str, list[Notice]]:
    """The `lastChangeDateTime` of an export, and notes for the person exporting.

    `--changed` (or SOURCE_DATE_EPOCH) wins. Otherwise, when the file being replaced holds
    an export of the same document: its time stamp is kept if the content is the same
    (the file stays byte-identical), and the current time is used if the content changed
    (a consumer that syncs by date must see the change). Without either, the fixed
    DEFAULT_CHANGED keeps exports reproducible, with a note to set `--changed`.
    Raises ValueError for a `--changed` or SOURCE_DATE_EPOCH that is not a date.
    """
    explicit = bool(changed) or bool(environ.get("SOURCE_DATE_EPOCH", "").strip())
    stamp = changed_timestamp(changed, environ)
    package = to_case_package(framework, replace(options, changed=stamp))
    earlier, differs = previous_stamp(package, previous)
    if explicit:
        if earlier == stamp and differs:
            return stamp, [Notice("publish.export.changed_unseen", {"stamp": stamp})]
        return stamp, []
    if earlier is not None and not differs:
        return earlier, []
    if earlier is not None:
        new = now.astimezone(UTC).isoformat(timespec="seconds")
        return new, [Notice("publish.export.changed_now", {"earlier": earlier, "stamp": new})]
    return stamp, [Notice("publish.export.changed_default", {"stamp": stamp})]


def package_content(package: Mapping[str, Any]) -> str:
    """The package without its time stamps: equal for two exports of the same content."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "lastChangeDateTime"}
        if isinstance(value, list):
            return [strip(item) for item in value]
        return value

    return json.dumps(strip(package), sort_keys=True, ensure_ascii=False)


@dataclass(slots=True)
class _Exporter:
    framework: Framework
    options: CaseOptions
    ids: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Item key (area, sub-area or statement id) → its CASE identifier and URI."""

    def __post_init__(self) -> None:
        for area in self.framework.areas:
            self.ids[area.id] = self.identity("item", area.id, area.origin)
            for component in area.components:
                self.ids[component.id] = self.identity("item", component.id, component.origin)
                for statement in component.statements:
                    self.ids[statement.id] = self.identity("item", statement.id, statement.origin)

    def identity(self, kind: str, key: str, origin: Origin | None) -> tuple[str, str]:
        """The identifier and URI of an object: the source's, for a part imported from CASE
        (so that the package links back to it; `--base-url` still moves the URIs), else
        derived from the framework id and the key."""
        collection = "CFDocuments" if kind == "document" else "CFItems"
        if origin is not None and origin.identifier and _UUID.match(origin.identifier):
            identifier = origin.identifier
            if origin.uri and not self.options.base_url:
                return identifier, origin.uri
            return identifier, self.uri(collection, identifier)
        identifier = self.uuid(kind, key)
        return identifier, self.uri(collection, identifier)

    def item_link(self, key: str, title: str) -> dict[str, str]:
        identifier, uri = self.ids[key]
        return {"title": title, "identifier": identifier, "uri": uri}

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

    def document_identity(self) -> tuple[str, str]:
        return self.identity("document", "", self.framework.origin)

    def document_link(self) -> dict[str, str]:
        identifier, uri = self.document_identity()
        return {"title": self.text(self.framework.title), "identifier": identifier, "uri": uri}

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
        identifier, uri = self.document_identity()
        source = framework.source
        document: dict[str, Any] = {
            "identifier": identifier,
            "uri": uri,
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
        notes = []
        if source is not None:
            parts = [self.text(source.title), source.authors or "", source.year or ""]
            note = ", ".join(part for part in parts if part)
            if source.note:
                note = f"{note}. {self.text(source.note)}"
            notes.append(note)
        # The framework id and version in a standard field, for tools that drop extensions.
        notes.append(f"{NOTES_MARK} {framework.id} {framework.version}")
        document["notes"] = "\n\n".join(notes)
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
            "hierarchyCode": str(TYPE_CODES.index(code) + 1),
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
        origin: Origin | None = None,
    ) -> dict[str, Any]:
        identifier, uri = self.ids[key]
        item_type = self.item_type(code)
        item: dict[str, Any] = {
            "identifier": identifier,
            "uri": uri,
            "fullStatement": statement,
            "humanCodingScheme": origin.code if origin is not None and origin.code else key,
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
        for level in self.framework.levels:
            guidance = component.level_guidance.get(level.id)
            if guidance:
                heading = f"{words['doc.guidance']} – {self.text(level.title)}"
                parts.append(f"{heading}: {self.text(guidance)}")
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
        child, child_uri = self.ids[child_key]
        return {
            "identifier": identifier,
            "uri": self.uri("CFAssociations", identifier),
            "associationType": "isChildOf",
            "sequenceNumber": position,
            "originNodeURI": {"title": child_title, "identifier": child, "uri": child_uri},
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
            area_link = self.item_link(area.id, area.id)
            for c_pos, component in enumerate(area.components, start=1):
                items.append(self.component_item(component, c_pos))
                associations.append(self.association(component.id, component.id, area_link, c_pos))
                component_link = self.item_link(component.id, component.id)
                for s_pos, statement in enumerate(component.statements, start=1):
                    items.append(self.statement_item(statement, s_pos))
                    associations.append(
                        self.association(statement.id, statement.id, component_link, s_pos)
                    )
        for component in self.framework.components():
            for statement in component.statements:
                associations.extend(self.related(statement))
        return items, associations

    def related(self, statement: Statement) -> list[dict[str, Any]]:
        """`isRelatedTo` / `exactMatchOf` from the statement to each related statement."""
        result = []
        origin = self.item_link(statement.id, statement.id)
        for related in statement.related:
            kind = RELATED_ASSOCIATIONS[related.kind]
            if related.statement is not None:
                target = self.item_link(related.statement, related.statement)
                key = related.statement
            else:
                identifier = related.identifier or str(uuid.uuid5(NAMESPACE, related.uri or ""))
                target = {
                    "title": related.title or identifier,
                    "identifier": identifier,
                    "uri": related.uri or f"urn:uuid:{identifier}",
                }
                key = identifier
            identifier = self.uuid("association", f"{statement.id}~{kind}~{key}")
            result.append(
                {
                    "identifier": identifier,
                    "uri": self.uri("CFAssociations", identifier),
                    "associationType": kind,
                    "originNodeURI": origin,
                    "destinationNodeURI": target,
                    "lastChangeDateTime": self.options.changed,
                }
            )
        return result

    def area_item(self, area: Area, position: int) -> dict[str, Any]:
        data = _dump(area, {"components"})
        return self.item(
            "area",
            area.id,
            self.text(area.title),
            position,
            self.text(area.description),
            data,
            origin=area.origin,
        )

    def component_item(self, component: Component, position: int) -> dict[str, Any]:
        data = _dump(component, {"statements"})
        return self.item(
            "component",
            component.id,
            self.text(component.title),
            position,
            self.component_notes(component),
            data,
            origin=component.origin,
        )

    def statement_item(self, statement: Statement, position: int) -> dict[str, Any]:
        data = _dump(statement, set())
        origin = statement.origin
        return self.item(
            "statement",
            statement.id,
            self.text(statement.text),
            position,
            self.text(statement.context),
            data,
            # Grade levels kept from an imported package go back as they came.
            education_levels=(
                origin.education_levels
                if origin is not None and origin.education_levels
                else statement.levels
            ),
            origin=origin,
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
        # The target in a standard field (OpenSALT refuses extensions on rubrics).
        words = messages_for(self.options.language)
        target = f"{words['doc.target']}: {level.target:g}"
        if level.description:
            target = f"{self.text(level.description)}\n\n{target}"
        rubric["description"] = target
        rubric["lastChangeDateTime"] = self.options.changed
        rubric["CFRubricCriteria"] = criteria
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
        # "Can't say" and "does not apply" are levels without a score: recorded, never
        # counted; their identifiers say which is which.
        scale = self.framework.scale
        for key, answer in (("cant-say", scale.cant_say), ("not-applicable", scale.not_applicable)):
            if answer is None:
                continue
            identifier = self.uuid("criterion-level", f"{level.id}/{component.id}/{key}")
            entry = {
                "identifier": identifier,
                "uri": self.uri("CFRubricCriterionLevels", identifier),
                "quality": self.text(answer.label),
                "position": len(result) + 1,
                "rubricCriterionId": criterion_id,
                "lastChangeDateTime": self.options.changed,
            }
            if answer.description:
                entry["description"] = self.text(answer.description)
            result.append(entry)
        return result

    def package(self) -> dict[str, Any]:
        items, associations = self.tree()
        definitions: dict[str, Any] = {
            "CFItemTypes": [self.item_type(code) for code in TYPE_CODES],
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


def _dump(model: Area | Component | Statement | Framework, exclude: set[str]) -> dict[str, Any]:
    """The model's data for `extensions.kompetens`, without empty optional fields."""
    data = model.model_dump(mode="json", exclude_none=True, exclude=exclude)
    return {
        key: value for key, value in data.items() if key not in _OPTIONAL or value not in ([], {})
    }


_OPTIONAL = frozenset({"related", "silence", "level_guidance"})


def to_case_package(framework: Framework, options: CaseOptions) -> dict[str, Any]:
    """The framework as a CASE 1.1 CFPackage (plain JSON data)."""
    return _Exporter(framework, options).package()


def to_case_json(framework: Framework, options: CaseOptions) -> str:
    """The CFPackage as JSON text: UTF-8, two-space indent, keys in a fixed order."""
    return json.dumps(to_case_package(framework, options), ensure_ascii=False, indent=2) + "\n"


__all__ = [
    "CASE_VERSION",
    "DEFAULT_CHANGED",
    "EXTENSION",
    "NAMESPACE",
    "NOTES_MARK",
    "RELATED_ASSOCIATIONS",
    "TYPE_CODES",
    "CaseOptions",
    "case_uuid",
    "changed_timestamp",
    "check_base_url",
    "decide_changed",
    "package_content",
    "to_case_json",
    "to_case_package",
]

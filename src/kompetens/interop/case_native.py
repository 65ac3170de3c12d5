"""A CASE package whose document carries `extensions.kompetens`: our own export.

Such a package comes back exactly: the document's extension holds the framework's
languages, scale, levels, source and completion rule, each item's extension its texts in
every language, and the standard CASE fields (which a person may have edited in a CASE
tool) win over the extension for the package's language. An empty extension is treated
as a package without kompetens data whose tree has exactly three tiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kompetens.interop.case_fields import (
    distinct,
    document_version,
    education_levels,
    language_code,
    source_and_licence,
    stripped_text,
    with_text,
)
from kompetens.interop.case_package import CaseNode, Findings, Package, extension_of
from kompetens.interop.tree_import import natural_key, slug, unique_id
from kompetens.model.framework import IDENTIFIER_PATTERN

_IDENTIFIER = re.compile(IDENTIFIER_PATTERN)

DEFAULTS_WARNING = (
    "the package has no kompetens data: a 1–5 scale and a target of 4 per level were "
    "filled in, and each sub-area's description stands in for its level "
    "descriptors; review them before use"
)


@dataclass(frozen=True)
class _Context:
    """What every area, sub-area and statement of one package is read with."""

    language: str
    level_ids: list[str]
    level_map: dict[str, str]
    """`educationLevel` value → level id."""
    native: bool
    """False for an empty extension: texts come from the standard fields only."""


def import_native(findings: Findings, package: Package) -> tuple[dict[str, Any], bool]:
    """Framework data from a package with our extension, and whether the extension held
    any data (an empty one is read like a foreign three-tier package)."""
    cf_document, roots = package.cf_document, package.roots
    ext = extension_of(cf_document)
    native = bool(ext)
    language = _language(findings, cf_document, ext, native)
    title = stripped_text(cf_document.get("title"))
    if title is None:
        findings.error(("CFDocument",), "case-title", "CFDocument has no title")
    title = cf_document["title"] if title is not None else ""
    levels, level_map = _levels(ext, roots, language)
    data = _head(findings, cf_document, ext, native, language, title)
    data.update(_source_and_scale(findings, cf_document, ext, native, language, title))
    data["levels"] = levels
    level_ids = [
        level["id"]
        for level in levels
        if isinstance(level, dict) and isinstance(level.get("id"), str)
    ]
    context = _Context(language, level_ids, level_map, native)
    data["areas"] = [
        _area(findings, node, position, context) for position, node in enumerate(roots, start=1)
    ]
    if not roots:
        findings.error(("CFItems",), "case-empty", "the package has no items under its CFDocument")
    for key in ("completion", "origin"):
        if ext.get(key):
            data[key] = ext[key]
    return data, native


def _language(
    findings: Findings, cf_document: dict[str, Any], ext: dict[str, Any], native: bool
) -> str:
    """CFDocument.language, else the extension's default language, else 'en'."""
    language = language_code(cf_document.get("language"))
    if language is not None:
        return language
    language = language_code(ext.get("default_language")) or "en"
    if cf_document.get("language") is not None or not native:
        findings.warn(
            ("CFDocument", "language"),
            "case-language",
            f"CFDocument.language {cf_document.get('language')!r} is not a language "
            f"code; the texts are taken to be in '{language}'",
        )
    return language


def _head(
    findings: Findings,
    cf_document: dict[str, Any],
    ext: dict[str, Any],
    native: bool,
    language: str,
    title: str,
) -> dict[str, Any]:
    """format, id, version, title, description, languages and default language."""
    data: dict[str, Any] = {"format": 1}
    if native:
        data["id"] = ext.get("id")
        data["version"] = ext.get("version")
    else:
        data["id"] = slug(title) or "imported"
        data["version"] = document_version(findings, cf_document)
    data["title"] = with_text(ext.get("title"), language, title)
    description = cf_document.get("description")
    if isinstance(description, str) and description.strip():
        data["description"] = with_text(ext.get("description"), language, description)
    elif ext.get("description"):
        data["description"] = ext["description"]
    data["languages"] = ext.get("languages") or [language]
    data["default_language"] = ext.get("default_language") or language
    return data


def _source_and_scale(
    findings: Findings,
    cf_document: dict[str, Any],
    ext: dict[str, Any],
    native: bool,
    language: str,
    title: str,
) -> dict[str, Any]:
    """The extension's source, licence and scale, or the standard fields and a 1–5 scale."""
    if native:
        data: dict[str, Any] = {key: ext[key] for key in ("source", "licence") if key in ext}
        data["scale"] = ext.get("scale")
        return data
    data = source_and_licence(cf_document, language, title)
    data["scale"] = {"points": [{"value": v, "label": {language: str(v)}} for v in range(1, 6)]}
    findings.warn(("CFDocument",), "case-defaults", DEFAULTS_WARNING)
    return data


def _levels(
    ext: dict[str, Any], roots: list[CaseNode], language: str
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
                for value in education_levels(statement.data):
                    if value not in values:
                        values.append(value)
    mapping: dict[str, str] = {}
    levels: list[Any] = []
    for value in sorted(values, key=natural_key):
        identifier = slug(value) or f"level-{len(levels) + 1}"
        if identifier not in mapping.values():
            levels.append({"id": identifier, "title": {language: value}, "target": 4})
        mapping[value] = identifier
    if not levels:
        levels = [{"id": "all", "title": {language: "All"}, "target": 4}]
    return levels, mapping


def _id(node: CaseNode, ext: dict[str, Any], prefix: str, position: int) -> str:
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


def _notes(item: dict[str, Any], context: _Context) -> dict[str, str] | None:
    """A foreign item's `notes` as its description (ours hold composed text, not a field)."""
    notes = stripped_text(item.get("notes"))
    if context.native or notes is None:
        return None
    return {context.language: notes}


def _area(findings: Findings, node: CaseNode, position: int, context: _Context) -> dict[str, Any]:
    ext = node.extension()
    identifier = _id(node, ext, "", position)
    area: dict[str, Any] = {"id": identifier}
    area["title"] = with_text(ext.get("title"), context.language, node.data["fullStatement"])
    description = ext.get("description") or _notes(node.data, context)
    if description:
        area["description"] = description
    if not node.children:
        findings.error(
            ("CFItems", node.index),
            "case-depth",
            f"area {node.name()} has no sub-areas under it",
        )
    used: set[str] = set()
    area["components"] = [
        _component(findings, child, c_pos, identifier, context, used)
        for c_pos, (_, _, child) in enumerate(node.children, start=1)
    ]
    if ext.get("origin"):
        area["origin"] = ext["origin"]
    return area


def _component(
    findings: Findings,
    node: CaseNode,
    position: int,
    area_id: str,
    context: _Context,
    used: set[str],
) -> dict[str, Any]:
    ext = node.extension()
    identifier = unique_id(_id(node, ext, area_id, position), used)
    component: dict[str, Any] = {"id": identifier}
    component["title"] = with_text(ext.get("title"), context.language, node.data["fullStatement"])
    description = ext.get("description") or _notes(node.data, context)
    if description:
        component["description"] = description
    if context.native:
        for key in ("descriptors", "guidance", "level_guidance", "references"):
            if ext.get(key):
                component[key] = ext[key]
    else:
        stand_in = description if isinstance(description, dict) else component["title"]
        component["descriptors"] = {level: dict(stand_in) for level in context.level_ids}
    if not node.children:
        findings.error(
            ("CFItems", node.index),
            "case-depth",
            f"sub-area {node.name()} has no statements under it: a kompetens framework has "
            "three tiers (area → sub-area → statement)",
        )
    used_statements: set[str] = set()
    component["statements"] = [
        _statement(findings, child, s_pos, identifier, context, used_statements)
        for s_pos, (_, _, child) in enumerate(node.children, start=1)
    ]
    if ext.get("origin"):
        component["origin"] = ext["origin"]
    return component


def _statement(
    findings: Findings,
    node: CaseNode,
    position: int,
    component_id: str,
    context: _Context,
    used: set[str],
) -> dict[str, Any]:
    if node.children:
        findings.error(
            ("CFItems", node.children[0][2].index),
            "case-depth",
            f"item {node.children[0][2].name()} is a fourth tier under "
            f"{node.name()}: a kompetens framework has three (area → sub-area → "
            "statement)",
        )
    ext = node.extension()
    statement: dict[str, Any] = {
        "id": unique_id(_id(node, ext, component_id, position), used),
        "levels": distinct(_statement_levels(node, ext, context)),
        "text": with_text(ext.get("text"), context.language, node.data["fullStatement"]),
    }
    for key in ("context", "related", "origin", "silence"):
        if ext.get(key):
            statement[key] = ext[key]
    return statement


def _statement_levels(node: CaseNode, ext: dict[str, Any], context: _Context) -> list[Any]:
    """The statement's level ids: from `educationLevel`, else the extension, else all."""
    grades = education_levels(node.data)
    levels = [context.level_map.get(v, v) for v in grades]
    origin = ext.get("origin")
    if isinstance(origin, dict) and grades and grades == origin.get("education_levels"):
        levels = []  # the source's grade levels, exported again: not level ids
    if not levels:
        declared = ext.get("levels")
        levels = list(declared) if isinstance(declared, list) and declared else context.level_ids
    return levels

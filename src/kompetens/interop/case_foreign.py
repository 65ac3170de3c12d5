"""A CASE package of another tool (OpenSALT, the CASE Network, a state's standards).

Such a package is a tree of any depth with no scale, levels or descriptors. The tree is
fitted to area → sub-area → statement by `tree_import`, the scale and targets are filled
in, the source's identifiers and URIs are kept as `origin` so that a re-export links back
to it, and every kind of content that has no place in a framework is one warning.
"""

from __future__ import annotations

from typing import Any

from kompetens.interop.case_fields import (
    document_language,
    document_version,
    education_levels,
    source_and_licence,
    stripped_text,
)
from kompetens.interop.case_package import CaseNode, Findings, Package
from kompetens.interop.case_related import keep_related
from kompetens.interop.tree_import import (
    LevelChoice,
    SourceNode,
    TierChoice,
    build_tree,
    default_scale,
    slug,
    tidy_areas,
)

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

DEFAULTS_WARNING = (
    "the package has no kompetens data: a 1–5 scale and a target of 4 per level were "
    "filled in, and each sub-area's description (or title) stands in for its level "
    "descriptors; review them before use"
)


def package_language(findings: Findings, package: Package) -> str:
    """The language of the package's texts (the document's, an item's, or 'en')."""
    items = [node.data for node in package.nodes.values()]
    return document_language(findings, package.cf_document, items)


def source_node(node: CaseNode) -> SourceNode:
    """An item (and, recursively, those under it) in the terms `tree_import` builds from."""
    data = node.data
    code = stripped_text(data.get("humanCodingScheme"))
    notes = stripped_text(data.get("notes"))
    full = " ".join(str(data["fullStatement"]).split())
    short = data.get("abbreviatedStatement")
    short = " ".join(short.split()) if isinstance(short, str) and short.strip() else None
    origin: dict[str, Any] = {"identifier": node.identifier}
    uri = stripped_text(data.get("uri"))
    if uri:
        origin["uri"] = uri
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
        education_levels=education_levels(data),
        origin=origin,
        children=[source_node(child) for _, _, child in node.children],
        statement_text=str(data["fullStatement"]).strip(),
    )


def import_foreign(
    findings: Findings, package: Package, tiers: TierChoice | None, levels: LevelChoice
) -> dict[str, Any] | None:
    """Framework data from another tool's package, or None after reporting why not."""
    cf_document = package.cf_document
    language = package_language(findings, package)
    title = stripped_text(cf_document.get("title"))
    if title is None:
        findings.error(("CFDocument",), "case-title", "CFDocument has no title")
        return None
    title = " ".join(title.split())
    if not package.roots:
        findings.error(("CFItems",), "case-empty", "the package has no items under its CFDocument")
        return None
    description = stripped_text(cf_document.get("description")) or ""
    built = build_tree(
        [source_node(root) for root in package.roots],
        language=language,
        tiers=tiers,
        levels=levels,
        warn=findings.warn,
        error=findings.error,
        document_title=title,
        document_description=description or None,
    )
    if built is None:
        return None
    data = _document_data(findings, cf_document, language, title, description)
    data["levels"] = built.levels
    data["areas"] = built.areas
    data["origin"] = _document_origin(cf_document)
    findings.warn(("CFDocument",), "case-defaults", DEFAULTS_WARNING)
    keep_related(findings, package.raw, package.nodes, built.statement_of, built.areas)
    tidy_areas(built.areas)
    report_lost(findings, package, built.statement_of)
    return data


def _document_data(
    findings: Findings, cf_document: dict[str, Any], language: str, title: str, description: str
) -> dict[str, Any]:
    """The framework's head (id, version, texts, languages, source, scale) in model order."""
    version = document_version(findings, cf_document)
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
    data.update(source_and_licence(cf_document, language, title))
    data["scale"] = default_scale(language)
    return data


def _document_origin(cf_document: dict[str, Any]) -> dict[str, Any]:
    origin = {"identifier": str(cf_document["identifier"])}
    uri = stripped_text(cf_document.get("uri"))
    if uri:
        origin["uri"] = uri
    return origin


def report_lost(findings: Findings, package: Package, statement_of: dict[str, str]) -> None:
    """One warning per kind of content that the framework has no place for."""
    _report_item_fields(findings, package.nodes, statement_of)
    document = package.raw.get("CFDocument")
    if isinstance(document, dict):
        lost = sorted(key for key in document if key not in USED_DOCUMENT_FIELDS)
        if isinstance(document.get("licenseURI"), dict) and document["licenseURI"].get("uri"):
            lost.append("licenseURI.uri (its title is kept as the licence)")
        if lost:
            findings.warn(
                ("CFDocument",),
                "case-document-fields-lost",
                f"document fields not kept: {', '.join(lost)}",
            )
    rubrics = package.raw.get("CFRubrics")
    if isinstance(rubrics, list) and rubrics:
        findings.warn(
            ("CFRubrics",),
            "case-rubrics-lost",
            f"{len(rubrics)} CFRubric(s) of another tool are not kept",
        )


def _report_item_fields(
    findings: Findings, nodes: dict[str, CaseNode], statement_of: dict[str, str]
) -> None:
    fields: dict[str, int] = {}
    for node in nodes.values():
        for key in node.data:
            if key not in USED_ITEM_FIELDS:
                fields[key] = fields.get(key, 0) + 1
    notes = sum(1 for key in statement_of if stripped_text(nodes[key].data.get("notes")))
    if notes:
        fields["notes (of statements)"] = notes
    if fields:
        listed = ", ".join(f"{name} ({count})" for name, count in sorted(fields.items()))
        findings.warn(("CFItems",), "case-fields-lost", f"item fields not kept: {listed}")


__all__ = [
    "DEFAULTS_WARNING",
    "USED_DOCUMENT_FIELDS",
    "USED_ITEM_FIELDS",
    "import_foreign",
    "package_language",
    "report_lost",
    "source_node",
]

"""CASE associations other than the tree: related statements kept, the rest reported.

`isRelatedTo` and `exactMatchOf` between two items that became statements (or from a
statement to an item outside the package) are kept as the statement's `related`; those
that touch an item that became an area, sub-area or heading, and associations of every
other type, have no place in a framework and are counted in one warning each.
"""

from __future__ import annotations

from typing import Any

from kompetens.interop.case_fields import link_id
from kompetens.interop.case_package import CaseNode, Findings
from kompetens.interop.case_vocabulary import RELATED_TYPES
from kompetens.interop.tree_import import statements_by_id


def keep_related(
    findings: Findings,
    raw: dict[str, Any],
    nodes: dict[str, CaseNode],
    statement_of: dict[str, str],
    areas: list[dict[str, Any]],
) -> None:
    """`isRelatedTo` and `exactMatchOf` as related statements; the rest is reported."""
    statements = statements_by_id(areas)
    other: dict[str, int] = {}
    lost = 0
    associations = raw.get("CFAssociations", [])
    for association in associations if isinstance(associations, list) else []:
        if not isinstance(association, dict):
            continue
        kind_name = association.get("associationType")
        if kind_name == "isChildOf":
            continue
        if kind_name not in RELATED_TYPES:
            other[str(kind_name)] = other.get(str(kind_name), 0) + 1
            continue
        kept = _related(association, RELATED_TYPES[str(kind_name)], nodes, statement_of)
        if kept is None:
            lost += 1
            continue
        owner, entry = kept
        if entry is None:
            continue
        related = statements[owner].setdefault("related", [])
        if entry not in related:
            related.append(entry)
    _report(findings, other, lost)


def _related(
    association: dict[str, Any],
    kind: str,
    nodes: dict[str, CaseNode],
    statement_of: dict[str, str],
) -> tuple[str, dict[str, Any] | None] | None:
    """(owning statement id, related entry), or None when the link is lost; the entry is
    None for a link from a statement to itself (skipped, not lost)."""
    origin, destination = association.get("originNodeURI"), association.get("destinationNodeURI")
    origin_id, destination_id = link_id(origin), link_id(destination)
    if origin_id in statement_of:
        owner, target, link = statement_of[origin_id], destination_id, destination
    elif destination_id in statement_of and origin_id not in nodes:
        owner, target, link = statement_of[destination_id], origin_id, origin
    else:
        return None
    entry: dict[str, Any] = {"kind": kind} if kind != "related" else {}
    if target in statement_of:
        if statement_of[target] == owner:
            return owner, None
        entry["statement"] = statement_of[target]
    elif target in nodes or target is None:
        return None
    else:
        entry["identifier"] = target
        assert isinstance(link, dict)
        for key in ("uri", "title"):
            if isinstance(link.get(key), str) and link[key].strip():
                entry[key] = link[key].strip()
    return owner, entry


def _report(findings: Findings, other: dict[str, int], lost: int) -> None:
    if other:
        counts = ", ".join(f"{count} {name}" for name, count in sorted(other.items()))
        findings.warn(
            ("CFAssociations",),
            "case-associations-lost",
            f"associations of other types are not kept: {counts}",
        )
    if lost:
        findings.warn(
            ("CFAssociations",),
            "case-related-lost",
            f"{lost} isRelatedTo/exactMatchOf association(s) join items that became "
            "areas, sub-areas or headings; only those of statements are kept",
        )


__all__ = ["keep_related"]

"""1EdTech CASE 1.1 packages read back as framework data.

A package written by kompetens carries the whole framework in `extensions.kompetens` and
comes back exactly (`case_native`). One whose extensions a tool dropped is rebuilt from
the standard fields (`case_stripped`). Any other package (OpenSALT, the CASE Network, a
state's standards) is a tree of items of any depth joined by `isChildOf` associations; it
is fitted to area → sub-area → statement (`case_foreign`), its `isRelatedTo` and
`exactMatchOf` associations become related statements, its identifiers and URIs are kept
so that a re-export links back to it, and everything that cannot be kept is a warning that
says what was lost. All three start from the same structural reading (`case_package`).
"""

from __future__ import annotations

from kompetens.framework.loading import Document
from kompetens.interop.case_foreign import import_foreign
from kompetens.interop.case_native import import_native
from kompetens.interop.case_package import (
    MAX_PACKAGE_BYTES,
    UNREADABLE_CODES,
    Findings,
    has_extension,
    read_case_package,
    read_package,
)
from kompetens.interop.case_stripped import import_stripped, our_mark
from kompetens.interop.imported import ImportResult
from kompetens.interop.json_positions import json_positions
from kompetens.interop.tree_import import LevelChoice, TierChoice


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
    findings = Findings(document, list(document.diagnostics))
    if findings.failed:
        return ImportResult(None, findings.diagnostics)
    package = read_package(findings)
    if package is None:
        return ImportResult(None, findings.diagnostics)
    if has_extension(package.cf_document):
        data, native = import_native(findings, package)
        return ImportResult(None if findings.failed else data, findings.diagnostics, native)
    mark = our_mark(package.cf_document, package.raw)
    if mark is not None:
        stripped = import_stripped(findings, package, *mark)
        return ImportResult(None if findings.failed else stripped, findings.diagnostics, True)
    foreign = import_foreign(findings, package, tiers, levels or LevelChoice())
    return ImportResult(None if findings.failed else foreign, findings.diagnostics)


__all__ = ["MAX_PACKAGE_BYTES", "UNREADABLE_CODES", "import_case", "read_case_package"]

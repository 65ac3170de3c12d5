"""Every diagnostic code the source emits is registered and documented in docs/diagnostics.md."""

from __future__ import annotations

import re
import textwrap
from functools import cache
from pathlib import Path

import pytest

from kompetens.framework.diagnostic_codes import CODES, IMPORT_UNREADABLE_CODES, UNREADABLE_CODES
from tests.diagnostic_scan import Scan, scan

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "diagnostics.md"


@cache
def _source() -> Scan:
    """The codes of the real source tree, read once for all tests here."""
    return scan()


def _documented() -> dict[str, list[str]]:
    """code → its table row's cells (severity, emitted by, meaning, how to fix)."""
    rows: dict[str, list[str]] = {}
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\| `([a-z0-9-]+)` \|(.*)\|$", line)
        if match:
            cells = [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", match[2])]
            assert match[1] not in rows, f"{match[1]} is documented twice"
            rows[match[1]] = cells
    return rows


def test_every_call_names_a_code_the_scan_can_read() -> None:
    assert _source().unresolved == []


def test_the_scan_finds_the_codes_of_every_emitting_layer() -> None:
    """The oracle itself: codes from the loader, the checks, the cohort readers and the
    importers, passed directly, through helpers, constants and returned tuples."""
    for code in ("yaml-merge-key", "schema", "double-barrel", "no-sheet", "csv-syntax", "more"):
        assert code in _source().codes
    deep = _source().codes["import-too-deep"]  # the CASE reader and the tree builder
    assert "interop/tree_import.py" in deep
    assert any(module.startswith("interop/case_") for module in deep)
    assert "report/each.py" in _source().codes["unreadable"]  # a helper's default code


def test_every_emitted_code_is_registered() -> None:
    missing = sorted(set(_source().codes) - set(CODES))
    assert missing == [], {code: sorted(_source().codes[code]) for code in missing}


def test_every_registered_code_is_emitted() -> None:
    assert sorted(set(CODES) - set(_source().codes)) == []


def test_every_registered_code_is_documented_and_the_page_agrees() -> None:
    documented = _documented()
    assert sorted(set(CODES) ^ set(documented)) == []
    for code, entry in CODES.items():
        severity, emitted_by, meaning, fix = documented[code]
        assert severity == entry.severity_text, code
        assert emitted_by == entry.emitted_by, code
        assert meaning.startswith(entry.description), code
        assert fix, f"{code} says nothing about how to fix it"


@pytest.mark.parametrize(
    "code",
    [
        "duplicate-level",
        "too-deep",
        "unreadable",
        "yaml-character",
        "yaml-key",
        "yaml-value",
        "json-syntax",
    ],
)
def test_the_codes_once_undocumented_are_documented(code: str) -> None:
    assert code in _documented()


def test_unreadable_codes_are_registered_codes() -> None:
    assert UNREADABLE_CODES <= IMPORT_UNREADABLE_CODES <= set(CODES)


def test_the_page_is_linked_from_the_designers_docs() -> None:
    for page in ("README.md", "docs/designers.md"):
        assert "diagnostics.md" in (ROOT / page).read_text(encoding="utf-8"), page


def _package(tmp_path: Path, source: str) -> Path:
    package = tmp_path / "kompetens"
    package.mkdir()
    (package / "probe.py").write_text(textwrap.dedent(source), encoding="utf-8")
    return package


def test_a_new_helper_and_its_codes_are_found(tmp_path: Path) -> None:
    package = _package(
        tmp_path,
        """
        PROBLEM = "probe-constant"

        def complain(file, code, message):
            return Diagnostic(file, 1, 1, Severity.ERROR, code, "", message)

        def read(file, deep):
            complain(file, "probe-literal", "x")
            complain(file, "probe-deep" if deep else "probe-flat", "x")
            complain(file, PROBLEM, "x")
            code, message = _wording(deep)
            complain(file, code, message)

        def _wording(deep):
            if deep:
                return "probe-returned", "x"
            return "probe-other", "y"
        """,
    )
    found = scan(package)
    assert found.unresolved == []
    assert set(found.codes) == {
        "probe-constant",
        "probe-literal",
        "probe-deep",
        "probe-flat",
        "probe-returned",
        "probe-other",
    }


def test_a_code_the_scan_cannot_read_is_reported(tmp_path: Path) -> None:
    package = _package(
        tmp_path,
        """
        def read(file, codes):
            return Finding((), codes[file], "x")
        """,
    )
    assert scan(package).unresolved == ["probe.py:3: codes[file]"]


def test_the_example_line_is_what_validate_prints() -> None:
    from kompetens.framework.loading import parse_yaml
    from kompetens.framework.scaffold import scaffold_framework
    from kompetens.framework.validation import check_framework_document

    text = scaffold_framework("my-framework", file_name="my-framework.yaml")
    text = text.replace("levels: [nqf6, nqf7]", "levels: [nqf6, nqf8]", 1)
    _, diagnostics = check_framework_document(parse_yaml(text, "my-framework.yaml"))
    example = re.search(r"```text\n(.*)\n```", DOCS.read_text(encoding="utf-8"))
    assert example is not None
    assert [d.as_text() for d in diagnostics] == [example[1]]

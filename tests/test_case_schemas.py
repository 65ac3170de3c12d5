"""Our CASE packages against the consumers' own schemas: the 1EdTech CASE 1.1 CFPackage
JSON Schema and the schema OpenSALT (the reference CASE editor) validates every import
with. Both are vendored in tests/data/case/ (see the README there).

jsonschema checks `uuid` and `date` by itself; `date-time` and `uri` need optional
packages, so the checker below adds them: RFC 3339 date-times (with an offset) and
absolute URIs (a scheme, and a host for http and https), as OpenSALT's validator requires.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft4Validator, Draft201909Validator, FormatChecker

from kompetens.framework.catalog import builtin_frameworks
from kompetens.framework.validation import load_framework
from kompetens.interop.case_export import CaseOptions, changed_timestamp, to_case_package
from kompetens.interop.case_import import import_case, read_case_package
from kompetens.model import Framework

CASE = Path(__file__).parent / "data" / "case"
CASE_11 = json.loads((CASE / "case_v1p1_cfpackage-jsonschema1.json").read_text("utf-8"))
OPENSALT = json.loads((CASE / "opensalt-case-v1p0-cfpackage-schema.json").read_text("utf-8"))
PACKAGES = sorted(path.name for path in CASE.glob("*.json") if "schema" not in path.name)

checker = FormatChecker()


@checker.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", value):
        return False
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


@checker.checks("uri")
def _uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", parts.scheme or ""):
        return False
    if parts.scheme in ("http", "https"):
        return bool(parts.netloc) and " " not in value
    return bool(parts.path) and " " not in value


def violations(package: dict[str, Any]) -> dict[str, list[str]]:
    found = {}
    for name, validator in (
        ("CASE 1.1", Draft201909Validator(CASE_11, format_checker=checker)),
        ("OpenSALT", Draft4Validator(OPENSALT, format_checker=checker)),
    ):
        errors = [
            f"{'/'.join(map(str, error.absolute_path))}: {error.message[:200]}"
            for error in validator.iter_errors(package)
        ]
        if errors:
            found[name] = errors[:10]
    return found


def _load(path: Path) -> Framework:
    framework, diagnostics = load_framework(path)
    assert framework is not None, [d.as_text() for d in diagnostics]
    return framework


@pytest.mark.parametrize("name", sorted(builtin_frameworks()))
@pytest.mark.parametrize("base_url", [None, "https://case.example.org/kompetens"])
def test_builtin_frameworks_pass_both_schemas(name: str, base_url: str | None) -> None:
    framework = _load(builtin_frameworks()[name])
    for language in framework.languages:
        options = CaseOptions(language, changed_timestamp("2025-08-01"), base_url)
        assert violations(to_case_package(framework, options)) == {}


def test_the_schemas_catch_what_they_should(builtin: Framework) -> None:
    """The checks are not vacuous: a rubric extension, a bad URI and a bad date all fail."""
    package = to_case_package(builtin, CaseOptions("en"))
    package["CFRubrics"][0]["extensions"] = {"kompetens": {"target": 4}}
    assert "OpenSALT" in violations(package)
    package = to_case_package(builtin, CaseOptions("en"))
    package["CFItems"][0]["uri"] = "not a url"
    assert set(violations(package)) == {"OpenSALT"}  # CASE 1.1 has no format on uri
    package = to_case_package(builtin, CaseOptions("en"))
    package["CFDocument"]["lastChangeDateTime"] = "yesterday"
    assert set(violations(package)) == {"CASE 1.1", "OpenSALT"}


@pytest.mark.parametrize("name", PACKAGES)
def test_public_packages_import_with_no_option_and_export_valid_again(
    name: str, tmp_path: Path
) -> None:
    from kompetens.interop.yaml_out import framework_yaml

    result = import_case(read_case_package(CASE / name))
    assert result.data is not None, [d.as_text() for d in result.diagnostics]
    path = tmp_path / "imported.yaml"
    path.write_text(framework_yaml(result.data), encoding="utf-8")
    framework = _load(path)
    package = to_case_package(framework, CaseOptions(framework.default_language))
    assert violations(package) == {}


def _import(name: str) -> tuple[Framework, list[str]]:
    result = import_case(read_case_package(CASE / name))
    assert result.data is not None, [d.as_text() for d in result.diagnostics]
    return Framework.model_validate(result.data), [d.as_text() for d in result.diagnostics]


def _source(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CASE / name).read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("name", PACKAGES)
def test_a_re_export_keeps_the_source_identifiers_and_links_back(name: str) -> None:
    framework, _ = _import(name)
    source = _source(name)
    package = to_case_package(framework, CaseOptions(framework.default_language))
    assert package["CFDocument"]["identifier"] == source["CFDocument"]["identifier"]
    assert package["CFDocument"]["uri"] == source["CFDocument"]["uri"]
    originals = {item["identifier"]: item for item in source["CFItems"]}
    identifiers = [item["identifier"] for item in package["CFItems"]]
    assert len(identifiers) == len(set(identifiers)), "an identifier is used twice"
    # Every statement is one of the source's items, with its identifier, URI and code.
    for component in framework.components():
        for statement in component.statements:
            assert statement.origin is not None and statement.origin.identifier in originals
    for item in package["CFItems"]:
        if item["identifier"] in originals:
            original = originals[item["identifier"]]
            assert item["uri"] == original["uri"]
            assert item.get("humanCodingScheme") == original.get(
                "humanCodingScheme", item.get("humanCodingScheme")
            )


def test_a_deep_k12_framework_keeps_its_headings_as_context() -> None:
    """ACT's Holistic Framework for mathematics: six tiers from the subject down to single
    skills; the skills become statements and the four tiers above them their context."""
    framework, warnings = _import("opensalt-act-holistic-math.json")
    (area,) = framework.areas
    assert area.title == {"en": "Geometry and Measurement"}  # its abbreviated statement
    (component,) = area.components
    assert component.title == {"en": "Plane Figures"}
    assert len(component.statements) == 24
    first = component.statements[0]
    assert first.text == {"en": "Differentiate between straight and curved lines"}
    assert first.context == {
        "en": "H.A.MATH.GM.PF.2DFP 2-D Figures and Their Properties › "
        "H.A.MATH.GM.PF.2DFP.L1 Level 1"
    }
    assert first.origin is not None and first.origin.code == "H.A.MATH.GM.PF.2DFP.L1.1"
    assert any("[import-context]" in w for w in warnings)
    assert any("[case-fields-lost]" in w and "notes (of statements)" in w for w in warnings)


def test_related_statements_and_grade_levels_go_out_again() -> None:
    framework, warnings = _import("opensalt-what-standards-could-be.json")
    source = _source("opensalt-what-standards-could-be.json")
    related = [
        (statement.id, item)
        for component in framework.components()
        for statement in component.statements
        for item in statement.related
    ]
    assert related
    assert all(item.kind in ("related", "exact-match") for _, item in related)
    outside = [item for _, item in related if item.statement is None]
    assert outside and all(item.identifier and item.uri for item in outside)
    assert any("[case-associations-lost]" in w and "3 precedes" in w for w in warnings)
    assert any("2 exemplar" in w for w in warnings)
    assert any("[case-document-fields-lost]" in w and "adoptionStatus" in w for w in warnings)
    # OpenSALT's own early spelling `educationalLevel` is read, kept and written again.
    statement = framework.areas[0].components[0].statements[0]
    assert statement.origin is not None and statement.origin.education_levels == ["06"]
    package = to_case_package(framework, CaseOptions("en"))
    kinds = {
        (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"]): a[
            "associationType"
        ]
        for a in package["CFAssociations"]
        if a["associationType"] != "isChildOf"
    }
    original = {
        (a["originNodeURI"]["identifier"], a["destinationNodeURI"]["identifier"]): a[
            "associationType"
        ]
        for a in source["CFAssociations"]
        if a["associationType"] in ("isRelatedTo", "exactMatchOf")
    }
    assert len(kinds) == len(related)
    assert set(kinds.items()) <= set(original.items())
    exported = {item["identifier"]: item for item in package["CFItems"]}
    assert exported[statement.origin.identifier]["educationLevel"] == ["06"]


def test_shallow_packages_get_the_document_as_area() -> None:
    two_tiers, _ = _import("opensalt-smartlevel.json")
    assert [area.title["en"] for area in two_tiers.areas] == ["SmartLevel Test"]
    assert [c.title["en"] for c in two_tiers.areas[0].components] == ["Item 1", "Item 2"]
    one_item, _ = _import("opensalt-utf8.json")
    assert one_item.title == {"en": "UTF8 𝑑 Test"}
    assert len(one_item.statement_index) == 1


@pytest.mark.parametrize("tiers", ["1,3", "2,4", "0,2"])
def test_other_tier_choices_for_the_deep_framework(tiers: str) -> None:
    from kompetens.interop.tree_import import TierChoice

    result = import_case(
        read_case_package(CASE / "opensalt-act-holistic-math.json"),
        tiers=TierChoice.parse(tiers),
    )
    assert result.data is not None, [d.as_text() for d in result.diagnostics]
    framework = Framework.model_validate(result.data)
    assert len(framework.statement_index) == 24

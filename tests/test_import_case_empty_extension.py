"""A CASE package whose document has an empty `extensions.kompetens` object.

Some tools keep the `extensions` key of an object but empty what is inside. Such a package
has none of our data, so it is read like a foreign three-tier package: levels from the
statements' `educationLevel`, a 1–5 scale, the sub-area's title standing in for its level
descriptors, and a warning that says so. Until now no test reached this path.
"""

from __future__ import annotations

import json
from typing import Any

from kompetens.framework.loading import parse_json, parse_yaml
from kompetens.framework.validation import check_framework_document
from kompetens.interop.case_import import import_case
from kompetens.interop.yaml_out import framework_yaml


def _package(items: list[dict[str, Any]], parents: dict[str, str], **document: Any) -> str:
    associations = [
        {
            "identifier": f"link-{index}",
            "associationType": "isChildOf",
            "originNodeURI": {"identifier": child},
            "destinationNodeURI": {"identifier": parent},
            "sequenceNumber": index,
        }
        for index, (child, parent) in enumerate(parents.items())
    ]
    cf_document = {"identifier": "doc", "title": "Reading skills", **document}
    cf_document["extensions"] = {"kompetens": {}}
    package = {"CFDocument": cf_document, "CFItems": items, "CFAssociations": associations}
    return json.dumps(package, indent=2)


ITEMS = [
    {"identifier": "a", "fullStatement": "Reading", "humanCodingScheme": "R", "notes": "Why"},
    {"identifier": "c", "fullStatement": "Fluency", "humanCodingScheme": "R.F"},
    {"identifier": "s1", "fullStatement": "I read aloud", "educationLevel": ["10", "02"]},
    {"identifier": "s2", "fullStatement": "I read silently", "educationLevel": "02"},
]
PARENTS = {"a": "doc", "c": "a", "s1": "c", "s2": "c"}


def test_an_empty_extension_is_read_like_a_foreign_three_tier_package() -> None:
    text = _package(ITEMS, PARENTS, version="v2.1", language="x-klingon")
    result = import_case(parse_json(text, "package.json"))
    assert result.native is False
    data = result.data
    assert data is not None
    assert (data["id"], data["version"], data["default_language"]) == (
        "reading-skills",
        "2.1.0",
        "en",
    )
    assert [point["value"] for point in data["scale"]["points"]] == [1, 2, 3, 4, 5]
    # Grade levels in natural order, each with the default target.
    assert [(level["id"], level["target"]) for level in data["levels"]] == [("02", 4), ("10", 4)]
    area = data["areas"][0]
    assert (area["id"], area["description"]) == ("r", {"en": "Why"})
    component = area["components"][0]
    assert component["id"] == "r.f"
    assert component["descriptors"] == {"02": {"en": "Fluency"}, "10": {"en": "Fluency"}}
    statements = component["statements"]
    assert [(s["id"], s["levels"]) for s in statements] == [
        ("r.f.1", ["10", "02"]),
        ("r.f.2", ["02"]),
    ]
    codes = [d.code for d in result.diagnostics]
    assert codes == ["case-language", "case-defaults"]
    assert "'x-klingon' is not a language code" in result.diagnostics[0].message
    # What the import writes is a framework the validator accepts.
    framework, problems = check_framework_document(
        parse_yaml(framework_yaml(data), "imported.yaml")
    )
    assert framework is not None, problems


def test_an_empty_extension_package_deeper_than_three_tiers_is_refused_by_line() -> None:
    items = [*ITEMS, {"identifier": "d", "fullStatement": "A fourth tier"}]
    text = _package(items, {**PARENTS, "d": "s1"}, language="en")
    result = import_case(parse_json(text, "package.json"))
    assert result.data is None
    errors = [d for d in result.diagnostics if d.is_error]
    assert [d.code for d in errors] == ["case-depth"]
    assert "is a fourth tier under" in errors[0].message
    lines = text.splitlines()
    opening = lines.index('      "identifier": "d",')  # 1-based: the line of its "{"
    assert lines[opening - 1].strip() == "{"
    assert (errors[0].path, errors[0].line) == ("CFItems[4]", opening)


def test_an_area_without_sub_areas_is_refused() -> None:
    text = _package(ITEMS[:1], {"a": "doc"}, language="en")
    result = import_case(parse_json(text, "package.json"))
    assert result.data is None
    assert [(d.code, d.message) for d in result.diagnostics if d.is_error] == [
        ("case-depth", "area R “Reading” has no sub-areas under it")
    ]

"""`kompetens export --to case-json`: a CASE 1.1 CFPackage that is stable and complete.

The attribute lists below are those of the CASE 1.1 information model (1EdTech CASE
Service 1.1, section 7: CFPckgDocument, CFPckgItem, CFPckgAssociation, CFRubric,
CFRubricCriterion, CFRubricCriterionLevel, CFItemType, CFLicense, LinkURI); a CASE
consumer with a strict schema refuses any other key.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

import pytest

from kompetens.framework.catalog import builtin_frameworks
from kompetens.framework.validation import load_framework
from kompetens.interop.case_export import (
    DEFAULT_CHANGED,
    EXTENSION,
    CaseOptions,
    case_uuid,
    changed_timestamp,
    to_case_json,
    to_case_package,
)
from kompetens.model import Framework

TRICKY = Path(__file__).parent / "data" / "designer" / "tricky.yaml"

PACKAGE_KEYS = {
    "CFDocument",
    "CFItems",
    "CFAssociations",
    "CFDefinitions",
    "CFRubrics",
    "extensions",
}
DOCUMENT_KEYS = {
    "identifier", "uri", "frameworkType", "caseVersion", "creator", "title",
    "lastChangeDateTime", "officialSourceURL", "publisher", "description", "subject",
    "subjectURI", "language", "version", "adoptionStatus", "statusStartDate", "statusEndDate",
    "licenseURI", "notes", "extensions",
}  # fmt: skip
DOCUMENT_REQUIRED = {"identifier", "uri", "creator", "title", "lastChangeDateTime"}
ITEM_KEYS = {
    "identifier", "fullStatement", "alternativeLabel", "CFItemType", "uri",
    "humanCodingScheme", "listEnumeration", "abbreviatedStatement", "conceptKeywords",
    "conceptKeywordsURI", "notes", "subject", "subjectURI", "language", "educationLevel",
    "CFItemTypeURI", "licenseURI", "statusStartDate", "statusEndDate", "lastChangeDateTime",
    "extensions",
}  # fmt: skip
ITEM_REQUIRED = {"identifier", "fullStatement", "uri", "lastChangeDateTime"}
ASSOCIATION_KEYS = {
    "identifier", "associationType", "sequenceNumber", "uri", "originNodeURI",
    "destinationNodeURI", "CFAssociationGroupingURI", "lastChangeDateTime", "notes", "extensions",
}  # fmt: skip
ASSOCIATION_REQUIRED = {
    "identifier", "associationType", "uri", "originNodeURI", "destinationNodeURI",
    "lastChangeDateTime",
}  # fmt: skip
RUBRIC_KEYS = {"identifier", "uri", "title", "description", "lastChangeDateTime",
               "CFRubricCriteria", "extensions"}  # fmt: skip
CRITERION_KEYS = {"identifier", "uri", "category", "description", "CFItemURI", "weight",
                  "position", "rubricId", "lastChangeDateTime", "CFRubricCriterionLevels",
                  "extensions"}  # fmt: skip
CRITERION_LEVEL_KEYS = {"identifier", "uri", "description", "quality", "score", "feedback",
                        "position", "rubricCriterionId", "lastChangeDateTime", "extensions"}  # fmt: skip
ITEM_TYPE_KEYS = {"identifier", "uri", "title", "description", "hierarchyCode", "typeCode",
                  "lastChangeDateTime", "extensions"}  # fmt: skip
LICENSE_KEYS = {"identifier", "uri", "title", "description", "licenseText",
                "lastChangeDateTime", "extensions"}  # fmt: skip
LINK_KEYS = {"title", "identifier", "uri"}
DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[+-]\d\d:\d\d|Z)$")


def _load(path: Path) -> Framework:
    framework, diagnostics = load_framework(path)
    assert framework is not None, diagnostics
    return framework


def _uuid(value: str) -> uuid.UUID:
    parsed = uuid.UUID(value)
    assert str(parsed) == value
    assert parsed.version == 5
    return parsed


def _check_link(link: dict[str, Any], identifiers: set[str] | None = None) -> None:
    assert set(link) == LINK_KEYS
    _uuid(link["identifier"])
    if identifiers is not None:
        assert link["identifier"] in identifiers


def _check_keys(
    obj: dict[str, Any], allowed: set[str], required: set[str] | frozenset[str] = frozenset()
) -> None:
    assert set(obj) <= allowed, set(obj) - allowed
    assert required <= set(obj), required - set(obj)


@pytest.fixture(scope="module", params=sorted(builtin_frameworks()))
def exported(request: pytest.FixtureRequest) -> tuple[Framework, dict[str, Any]]:
    framework = _load(builtin_frameworks()[request.param])
    return framework, to_case_package(framework, CaseOptions(framework.default_language))


def test_package_has_only_case_11_attributes(exported: tuple[Framework, dict[str, Any]]) -> None:
    _, package = exported
    _check_keys(package, PACKAGE_KEYS, {"CFDocument", "CFItems", "CFAssociations"})
    document = package["CFDocument"]
    _check_keys(document, DOCUMENT_KEYS, DOCUMENT_REQUIRED)
    assert document["caseVersion"] == "1.1"
    for item in package["CFItems"]:
        _check_keys(item, ITEM_KEYS, ITEM_REQUIRED)
        _check_link(item["CFItemTypeURI"])
    for association in package["CFAssociations"]:
        _check_keys(association, ASSOCIATION_KEYS, ASSOCIATION_REQUIRED)
        _check_link(association["originNodeURI"])
        _check_link(association["destinationNodeURI"])
    for item_type in package["CFDefinitions"]["CFItemTypes"]:
        _check_keys(item_type, ITEM_TYPE_KEYS, ITEM_TYPE_KEYS - {"typeCode", "extensions"})
    for licence in package["CFDefinitions"].get("CFLicenses", []):
        _check_keys(licence, LICENSE_KEYS, {"identifier", "uri", "title", "licenseText"})
    for rubric in package["CFRubrics"]:
        _check_keys(rubric, RUBRIC_KEYS, {"identifier", "uri", "lastChangeDateTime"})
        for criterion in rubric["CFRubricCriteria"]:
            _check_keys(criterion, CRITERION_KEYS, {"identifier", "uri", "lastChangeDateTime"})
            _check_link(criterion["CFItemURI"])
            for level in criterion["CFRubricCriterionLevels"]:
                _check_keys(level, CRITERION_LEVEL_KEYS, {"identifier", "uri"})


def test_identifiers_are_unique_uuid5_and_times_are_iso(
    exported: tuple[Framework, dict[str, Any]],
) -> None:
    framework, package = exported
    identifiers: list[str] = []

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            if "lastChangeDateTime" in value:  # a CASE object, not a link to one
                identifiers.append(value["identifier"])
                assert DATETIME.match(value["lastChangeDateTime"])
            for k, v in value.items():
                if k != "extensions":
                    walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)

    walk(package)
    assert len(identifiers) == len(set(identifiers))
    for identifier in identifiers:
        _uuid(identifier)
    assert package["CFDocument"]["identifier"] == case_uuid(framework.id, "document")
    assert package["CFDocument"]["uri"] == f"urn:uuid:{package['CFDocument']['identifier']}"


def test_tree_of_is_child_of_associations_rebuilds_the_framework(
    exported: tuple[Framework, dict[str, Any]],
) -> None:
    framework, package = exported
    items = {item["identifier"]: item for item in package["CFItems"]}
    document_id = package["CFDocument"]["identifier"]
    parent: dict[str, tuple[str, int]] = {}
    for association in package["CFAssociations"]:
        assert association["associationType"] == "isChildOf"
        child = association["originNodeURI"]["identifier"]
        assert child in items and child not in parent
        destination = association["destinationNodeURI"]["identifier"]
        assert destination == document_id or destination in items
        parent[child] = (destination, association["sequenceNumber"])
    assert set(parent) == set(items)
    code = {identifier: item["humanCodingScheme"] for identifier, item in items.items()}
    for area_pos, area in enumerate(framework.areas, start=1):
        area_uuid = case_uuid(framework.id, "item", area.id)
        assert parent[area_uuid] == (document_id, area_pos)
        assert items[area_uuid]["CFItemType"]
        for c_pos, component in enumerate(area.components, start=1):
            component_uuid = case_uuid(framework.id, "item", component.id)
            assert parent[component_uuid] == (area_uuid, c_pos)
            for s_pos, statement in enumerate(component.statements, start=1):
                statement_uuid = case_uuid(framework.id, "item", statement.id)
                assert parent[statement_uuid] == (component_uuid, s_pos)
                item = items[statement_uuid]
                assert code[statement_uuid] == statement.id
                assert item["educationLevel"] == statement.levels
                assert item["fullStatement"] == statement.text[framework.default_language]
                assert item["extensions"][EXTENSION]["text"] == statement.text


def test_level_descriptors_are_one_rubric_per_level(
    exported: tuple[Framework, dict[str, Any]],
) -> None:
    framework, package = exported
    rubrics = package["CFRubrics"]
    # No extensions on rubrics (OpenSALT refuses them): the identifier says which level,
    # and the description ends with the target.
    assert all("extensions" not in rubric for rubric in rubrics)
    assert [r["identifier"] for r in rubrics] == [
        case_uuid(framework.id, "rubric", level_id) for level_id in framework.level_ids
    ]
    target_word = "Target" if framework.default_language == "en" else None
    for rubric, level in zip(rubrics, framework.levels, strict=True):
        last = rubric["description"].rsplit("\n\n", 1)[-1]
        assert last.endswith(f": {level.target:g}")
        if target_word:
            assert last.startswith(target_word)
    components = framework.components()
    language = framework.default_language
    for rubric, level in zip(rubrics, framework.levels, strict=True):
        assert rubric["title"] == level.title[language]
        criteria = rubric["CFRubricCriteria"]
        assert len(criteria) == len(components)
        for criterion, component in zip(criteria, components, strict=True):
            assert criterion["rubricId"] == rubric["identifier"]
            assert criterion["CFItemURI"]["identifier"] == case_uuid(
                framework.id, "item", component.id
            )
            assert criterion["description"] == component.descriptors[level.id][language]
            scores = [lv.get("score") for lv in criterion["CFRubricCriterionLevels"]]
            # "Can't say" and "does not apply" are the last levels, without a score.
            unscored = [None] * (
                (framework.scale.cant_say is not None)
                + (framework.scale.not_applicable is not None)
            )
            assert scores == [*framework.scale.values, *unscored]


def test_reexport_is_identical_and_the_time_stamp_is_chosen(builtin: Framework) -> None:
    first = to_case_json(builtin, CaseOptions("en"))
    assert first == to_case_json(builtin, CaseOptions("en"))
    assert f'"lastChangeDateTime": "{DEFAULT_CHANGED}"' in first
    stamped = to_case_json(builtin, CaseOptions("en", changed_timestamp("2025-08-01")))
    assert '"lastChangeDateTime": "2025-08-01T00:00:00+00:00"' in stamped
    assert changed_timestamp(None, {"SOURCE_DATE_EPOCH": "1754006400"}) == (
        "2025-08-01T00:00:00+00:00"
    )
    assert changed_timestamp("2025-08-01T12:30:00+03:00") == "2025-08-01T12:30:00+03:00"
    with pytest.raises(ValueError, match="not a date"):
        changed_timestamp("last tuesday")
    # Another language changes the texts, never the identifiers.
    swedish = to_case_package(builtin, CaseOptions("sv"))
    english = to_case_package(builtin, CaseOptions("en"))
    assert [i["identifier"] for i in swedish["CFItems"]] == [
        i["identifier"] for i in english["CFItems"]
    ]
    assert swedish["CFDocument"]["language"] == "sv"
    assert swedish["CFDocument"]["title"] == builtin.title["sv"]


def test_base_url_makes_case_rest_uris(builtin: Framework) -> None:
    package = to_case_package(builtin, CaseOptions("fi", base_url="https://case.example.org/"))
    document = package["CFDocument"]
    assert document["uri"] == (
        f"https://case.example.org/ims/case/v1p1/CFDocuments/{document['identifier']}"
    )
    item = package["CFItems"][0]
    assert item["uri"].endswith(f"/ims/case/v1p1/CFItems/{item['identifier']}")


def test_tricky_text_survives_json_intact() -> None:
    framework = _load(TRICKY)
    text = to_case_json(framework, CaseOptions("en"))
    package = json.loads(text)
    document = package["CFDocument"]
    assert document["title"] == framework.title["en"]
    assert document["description"] == framework.description["en"]  # type: ignore[index]
    assert "\n" in document["description"]
    statements = [i for i in package["CFItems"] if i["CFItemTypeURI"]["title"] == "Statement"]
    assert (
        statements[0]["fullStatement"] == framework.areas[0].components[0].statements[0].text["en"]
    )
    assert statements[1]["fullStatement"] == "Line one of a statement\nline two, after a break"
    assert document["licenseURI"]["title"] == framework.licence
    assert document["extensions"][EXTENSION]["source"]["authors"] == "O'Brien, A. & Smith, B."


def test_cli_export_case_json(cli: Any, tmp_path: Path) -> None:
    result = cli(
        "export", "client-participation-house", "--to", "case-json", "-o", "house.json",
        "--changed", "2025-01-15",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    package = json.loads((tmp_path / "house.json").read_text(encoding="utf-8"))
    assert package["CFDocument"]["lastChangeDateTime"] == "2025-01-15T00:00:00+00:00"
    assert package["CFDocument"]["language"] == "fi"
    level = cli("export", "--to", "case-json", "--level", "nqf6")
    assert level.exit_code == 2
    assert "whole framework" in level.stderr
    bad_date = cli("export", "--to", "case-json", "--changed", "soon")
    assert bad_date.exit_code == 2
    assert "not a date" in bad_date.stderr
    wrong_format = cli("export", "--to", "md", "--base-url", "https://x.example")
    assert wrong_format.exit_code == 2


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ("not a url", "not an absolute http(s) URL"),
        ("ftp://case.example.org", "not an absolute http(s) URL"),
        ("https://", "not an absolute http(s) URL"),
        ("case.example.org/frameworks", "not an absolute http(s) URL"),
        ("https://case.example.org/a?b=1", "must not contain"),
        ("https://case.example.org/a b", "must not contain"),
    ],
)
def test_cli_refuses_a_base_url_that_is_not_an_absolute_http_url(
    cli: Any, tmp_path: Path, value: str, needle: str
) -> None:
    result = cli("export", "--to", "case-json", "--base-url", value, "-o", "x.json")
    assert result.exit_code == 2
    assert needle in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.json").exists()


def test_cli_base_url_makes_rest_paths(cli: Any) -> None:
    result = cli("export", "--to", "case-json", "--base-url", "https://case.example.org/k/")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)["CFDocument"]
    assert document["uri"] == (
        f"https://case.example.org/k/ims/case/v1p1/CFDocuments/{document['identifier']}"
    )


def test_cli_last_change_follows_the_content_of_the_file_it_replaces(
    cli: Any, tmp_path: Path
) -> None:
    source = tmp_path / "framework.yaml"
    source.write_text(TRICKY.read_text(encoding="utf-8"), encoding="utf-8")
    first = cli("export", str(source), "-o", "out.json")
    assert first.exit_code == 0, first.output
    assert "no --changed" in first.stderr
    written = (tmp_path / "out.json").read_bytes()
    assert json.loads(written)["CFDocument"]["lastChangeDateTime"] == DEFAULT_CHANGED
    # The same content again (replacing a file needs --force): the file stays
    # byte-identical, and nothing is said.
    again = cli("export", str(source), "-o", "out.json", "--force")
    assert again.exit_code == 0
    assert (tmp_path / "out.json").read_bytes() == written
    assert "note:" not in again.stderr
    # Changed content under the same identifiers: today's date, and a note saying so.
    source.write_text(
        source.read_text(encoding="utf-8").replace("target: 2.5", "target: 3"), encoding="utf-8"
    )
    changed = cli("export", str(source), "-o", "out.json", "--force")
    assert changed.exit_code == 0
    assert "content changed" in changed.stderr
    stamp = json.loads((tmp_path / "out.json").read_text("utf-8"))["CFDocument"][
        "lastChangeDateTime"
    ]
    assert stamp != DEFAULT_CHANGED
    assert stamp.endswith("+00:00")
    assert stamp in changed.stderr
    # An explicit --changed that does not move while the content does is a warning.
    source.write_text(
        source.read_text(encoding="utf-8").replace("target: 3", "target: 2.5"), encoding="utf-8"
    )
    pinned = cli("export", str(source), "-o", "out.json", "--changed", stamp, "--force")
    assert pinned.exit_code == 0
    assert "will not see the change" in pinned.stderr

"""`kompetens import`: a CASE package back into a framework file.

Export → import → export must give the identical JSON (nothing is lost on the way), the
written YAML must validate, and every broken package must be refused with a message that
names the item, exit 1 or 2, and never show a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kompetens.framework.catalog import builtin_frameworks
from kompetens.framework.loading import parse_json, parse_yaml
from kompetens.framework.validation import check_framework_document, load_framework
from kompetens.interop.case_export import CaseOptions, to_case_json, to_case_package
from kompetens.interop.case_import import import_case, read_case_package
from kompetens.interop.yaml_out import framework_yaml
from kompetens.model import Framework
from tests.conftest import run_kompetens

DESIGNER = Path(__file__).parent / "data" / "designer"
CASE = DESIGNER / "case"
TRICKY = DESIGNER / "tricky.yaml"
DATA = Path(__file__).parent / "data"


def _load(path: Path) -> Framework:
    framework, diagnostics = load_framework(path)
    assert framework is not None, diagnostics
    return framework


def _round_trip(framework: Framework, options: CaseOptions) -> tuple[str, str, Framework]:
    first = to_case_json(framework, options)
    result = import_case(parse_json(first, "package.json"))
    assert result.data is not None, [d.as_text() for d in result.diagnostics]
    assert result.native
    assert not result.diagnostics
    text = framework_yaml(result.data, ["yaml-language-server: $schema=framework.schema.json"])
    again, diagnostics = check_framework_document(parse_yaml(text, "imported.yaml"))
    assert again is not None, [d.as_text() for d in diagnostics]
    assert not diagnostics
    return first, to_case_json(again, options), again


@pytest.mark.parametrize(
    "path", [*sorted(builtin_frameworks().values()), TRICKY], ids=lambda p: Path(p).stem
)
def test_export_import_export_is_identical(path: Path) -> None:
    framework = _load(path)
    for language in framework.languages:
        options = CaseOptions(language, "2025-01-01T00:00:00+00:00", "https://case.example.org")
        first, second, again = _round_trip(framework, options)
        assert first == second
        assert again == framework  # every language, the scale, levels, guidance, references


def test_cli_round_trip_writes_a_valid_yaml_atomically(cli: Any, tmp_path: Path) -> None:
    assert cli("export", "--to", "case-json", "-o", "first.json").exit_code == 0
    result = cli("import", "first.json", "-o", "framework.yaml")
    assert result.exit_code == 0, result.output
    assert "wrote framework.yaml" in result.stderr
    written = (tmp_path / "framework.yaml").read_text(encoding="utf-8")
    assert written.startswith("# yaml-language-server: $schema=")
    assert not list(tmp_path.glob(".framework.yaml.*"))
    validate = cli("validate", "--strict", "framework.yaml")
    assert validate.exit_code == 0, validate.output
    assert cli("export", "framework.yaml", "--to", "case-json", "-o", "second.json").exit_code == 0
    assert (tmp_path / "first.json").read_bytes() == (tmp_path / "second.json").read_bytes()
    # An existing framework file is never overwritten by accident.
    again = cli("import", "first.json", "-o", "framework.yaml")
    assert again.exit_code == 2
    assert "--force" in again.stderr
    forced = cli("import", "first.json", "-o", "framework.yaml", "--force")
    assert forced.exit_code == 0
    # Without -o the YAML is the document on standard output.
    stdout = cli("import", "first.json")
    assert stdout.exit_code == 0
    assert stdout.stdout.split("\n", 2)[2] == written.split("\n", 2)[2]


def test_a_text_edited_in_a_case_editor_wins_over_the_extension(builtin: Framework) -> None:
    package = json.loads(to_case_json(builtin, CaseOptions("sv")))
    statement = builtin.areas[0].components[0].statements[0]
    for item in package["CFItems"]:
        if item["humanCodingScheme"] == statement.id:
            item["fullStatement"] = "Jag kan, omformulerat i en CASE-editor."
    result = import_case(parse_json(json.dumps(package), "edited.json"))
    assert result.data is not None
    imported = result.data["areas"][0]["components"][0]["statements"][0]
    assert imported["text"]["sv"] == "Jag kan, omformulerat i en CASE-editor."
    assert imported["text"]["fi"] == statement.text["fi"]


def test_a_foreign_package_is_imported_with_defaults_reported(cli: Any, tmp_path: Path) -> None:
    result = cli("import", str(CASE / "foreign.json"), "-o", "foreign.yaml")
    assert result.exit_code == 0, result.output
    assert "warning [case-defaults]" in result.stderr
    assert "warning [case-unattached]" in result.stderr
    assert "NOTE “A loose note attached to nothing”" in result.stderr
    assert "warning [import-education-levels]" in result.stderr
    assert "(Year 1, Year 2)" in result.stderr
    framework = _load(tmp_path / "foreign.yaml")
    assert framework.languages == ["en"]  # en-US
    assert framework.version == "2023.0.0"
    # By default grade levels do not become levels; they stay with each statement.
    assert framework.level_ids == ["all"]
    assert framework.licence == "CC BY 4.0"
    assert [a.id for a in framework.areas] == ["dc-1", "records-and-documentation"]
    first = framework.areas[0].components[0]
    assert first.id == "dc-1.a"
    # Children follow sequenceNumber, not the order of CFItems.
    assert [s.id for s in first.statements] == ["dc-1.a.2", "dc-1.a.1"]
    assert first.statements[1].levels == ["all"]
    origin = first.statements[1].origin
    assert origin is not None
    assert origin.education_levels == ["Year 1", "Year 2"]
    assert origin.identifier == "f0000000-0000-4000-8000-000000000003"
    assert origin.uri == "https://case.example.org/ims/case/v1p1/CFItems/3"
    assert origin.code == "DC.1.A.1"
    assert framework.origin is not None
    assert framework.origin.identifier == "f0000000-0000-4000-8000-000000000000"
    assert framework.scale.values == [1, 2, 3, 4, 5]
    # One level per value, on request.
    per_value = cli(
        "import", str(CASE / "foreign.json"), "-o", "levels.yaml",
        "--education-level", "per-value",
    )  # fmt: skip
    assert per_value.exit_code == 0, per_value.output
    by_value = _load(tmp_path / "levels.yaml")
    assert by_value.level_ids == ["year-1", "year-2"]
    assert by_value.areas[0].components[0].statements[1].levels == ["year-1", "year-2"]
    mapped = cli(
        "import", str(CASE / "foreign.json"), "-o", "mapped.yaml",
        "--education-level", "map", "--level-map", "Year 1=early,Year 2=early",
    )  # fmt: skip
    assert mapped.exit_code == 0, mapped.output
    assert _load(tmp_path / "mapped.yaml").level_ids == ["early"]
    unmapped = cli(
        "import", str(CASE / "foreign.json"), "-o", "unmapped.yaml",
        "--education-level", "map", "--level-map", "Year 1=early",
    )  # fmt: skip
    assert unmapped.exit_code == 1
    assert "error [import-level-map]" in unmapped.stderr
    assert "'Year 2'" in unmapped.stderr
    assert not (tmp_path / "unmapped.yaml").exists()
    bad_option = cli("import", str(CASE / "foreign.json"), "--tiers", "2,1")
    assert bad_option.exit_code == 2
    assert "--tiers" in bad_option.stderr


@pytest.mark.parametrize(
    ("name", "code", "needles"),
    [
        ("not-json", 2, ["not-json.json:1:1: error [json-syntax]", "not JSON"]),
        ("no-document", 1, ["error [case-document]", "no CFDocument"]),
        (
            "missing-parent",
            1,
            [
                "missing-parent.json:17:",
                "error [case-missing-parent]",
                "area.sub.1 “I can find my parent”",
                "c0000000-0000-4000-8000-00000000dead (a sub-area that was deleted)",
            ],
        ),
        (
            "cycle",
            1,
            [
                "error [case-cycle]",
                "loop.one “First in the loop” → loop.two “Second in the loop” → loop.one",
            ],
        ),
    ],
)
def test_broken_packages_are_refused_naming_the_item(
    cli: Any, tmp_path: Path, name: str, code: int, needles: list[str]
) -> None:
    result = cli("import", str(CASE / f"{name}.json"), "-o", "out.yaml")
    assert result.exit_code == code, result.output
    for needle in needles:
        assert needle in result.stderr
    assert "nothing was written" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.yaml").exists()


def _package(builtin: Framework) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(to_case_json(builtin, CaseOptions("en")))
    return data


def _import_errors(package: Any) -> list[str]:
    result = import_case(parse_json(json.dumps(package), "p.json"))
    assert result.data is None
    return [d.as_text() for d in result.diagnostics if d.is_error]


def test_more_structural_problems_are_named(builtin: Framework) -> None:
    assert "expected a CASE package" in _import_errors([1, 2])[0]
    two_parents = _package(builtin)
    association = dict(two_parents["CFAssociations"][-1])
    association["identifier"] = "00000000-0000-4000-8000-000000000001"
    association["destinationNodeURI"] = two_parents["CFAssociations"][0]["originNodeURI"]
    two_parents["CFAssociations"].append(association)
    errors = _import_errors(two_parents)
    assert any("[case-parents]" in e and "has 2 parents" in e for e in errors)
    deep = _package(builtin)
    statement = deep["CFAssociations"][-1]["originNodeURI"]
    extra = dict(deep["CFItems"][-1], identifier="00000000-0000-4000-8000-0000000000ff",
                 humanCodingScheme="too.deep.item.x", fullStatement="A fourth tier")  # fmt: skip
    deep["CFItems"].append(extra)
    deep["CFAssociations"].append(
        {
            "identifier": "00000000-0000-4000-8000-0000000000fe",
            "uri": "urn:x",
            "associationType": "isChildOf",
            "originNodeURI": {"title": "x", "identifier": extra["identifier"], "uri": "urn:x"},
            "destinationNodeURI": statement,
            "lastChangeDateTime": "2025-01-01T00:00:00+00:00",
        }
    )
    errors = _import_errors(deep)
    assert any(
        "[case-depth]" in e and "too.deep.item.x" in e and "fourth tier" in e for e in errors
    )
    nameless = _package(builtin)
    del nameless["CFItems"][3]["fullStatement"]
    assert any("[case-statement]" in e for e in _import_errors(nameless))
    duplicate = _package(builtin)
    duplicate["CFItems"].append(dict(duplicate["CFItems"][0]))
    assert any("[case-duplicate]" in e for e in _import_errors(duplicate))


def test_imported_framework_that_does_not_validate_is_not_written(
    cli: Any, tmp_path: Path, builtin: Framework
) -> None:
    package = _package(builtin)
    package["CFDocument"]["extensions"]["kompetens"]["levels"][0]["target"] = 99
    (tmp_path / "bad.json").write_text(json.dumps(package), encoding="utf-8")
    result = cli("import", "bad.json", "-o", "bad.yaml")
    assert result.exit_code == 1
    assert "[target-out-of-scale]" in result.stderr
    assert "is not valid; nothing was written" in result.stderr
    assert not (tmp_path / "bad.yaml").exists()


def test_real_process_keeps_stdout_clean(tmp_path: Path) -> None:
    """In a real shell: the YAML on stdout, the warnings on stderr, no traceback."""
    result = run_kompetens("import", str(CASE / "foreign.json"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# yaml-language-server:")
    assert "warning [case-defaults]" in result.stderr
    assert "warning" not in result.stdout
    broken = run_kompetens("import", str(CASE / "cycle.json"), "-o", "x.yaml", cwd=tmp_path)
    assert broken.returncode == 1
    assert "Traceback" not in broken.stderr


def _strip_extensions(value: Any) -> Any:
    """What a CASE tool that drops `extensions` (most editors do) hands back."""
    if isinstance(value, dict):
        return {k: _strip_extensions(v) for k, v in value.items() if k != "extensions"}
    if isinstance(value, list):
        return [_strip_extensions(item) for item in value]
    return value


def _in_one_language(framework: Framework, language: str) -> dict[str, Any]:
    """The framework as it reads in one language (what a CASE package's standard fields
    can carry), without its source (which CASE has no structured place for)."""
    codes = set(framework.languages)

    def pick(value: Any) -> Any:
        if isinstance(value, dict):
            if value and set(value) <= codes and all(isinstance(v, str) for v in value.values()):
                chosen = value.get(language, value.get(framework.default_language))
                return {language: chosen}
            return {k: pick(v) for k, v in value.items()}
        if isinstance(value, list):
            return [pick(item) for item in value]
        return value

    data = pick(framework.model_dump(mode="json", exclude_none=True))
    data["languages"] = [language]
    data["default_language"] = language
    data.pop("source", None)
    return data


def _with_related(framework: Framework) -> Framework:
    """`framework` with related statements of both kinds, inside and outside it."""
    data = framework.model_dump(mode="json", exclude_none=True)
    statements = data["areas"][0]["components"][0]["statements"]
    statements[0]["related"] = [
        {"statement": statements[1]["id"]},
        {
            "kind": "exact-match",
            "identifier": "5b6c487e-04f1-5ba9-9722-d099849b9167",
            "uri": "https://case.example.org/ims/case/v1p1/CFItems/5b6c487e-04f1-5ba9-9722-d099849b9167",
            "title": "6.RP.A.1",
        },
    ]
    return Framework.model_validate(data)


def _every_framework() -> list[tuple[str, str]]:
    cases = []
    for name, path in sorted(builtin_frameworks().items()):
        framework = _load(path)
        cases += [(name, language) for language in framework.languages]
    cases += [(str(DATA / "designer" / "tricky.yaml"), "en"), (str(DATA / "minimal.yaml"), "sv")]
    cases += [("related", "en")]
    return cases


@pytest.mark.parametrize(("name", "language"), _every_framework())
def test_a_package_with_extensions_stripped_comes_back_as_the_same_framework(
    name: str, language: str
) -> None:
    if name == "related":
        original = _with_related(_load(DATA / "minimal.yaml"))
    else:
        original = _load(builtin_frameworks().get(name, Path(name)))
    package = _strip_extensions(to_case_package(original, CaseOptions(language)))
    result = import_case(parse_json(json.dumps(package), "stripped.json"))
    assert result.data is not None, [d.as_text() for d in result.diagnostics]
    assert any(d.code == "case-stripped" for d in result.diagnostics)
    imported = Framework.model_validate(result.data)
    assert _in_one_language(imported, language) == _in_one_language(original, language)


def test_grade_levels_that_not_every_sub_area_has_are_explained(cli: Any, tmp_path: Path) -> None:
    package = DATA / "case" / "opensalt-what-standards-could-be.json"
    result = cli("import", str(package), "--education-level", "per-value", "-o", "w.yaml")
    assert result.exit_code == 1
    assert "<opensalt-what-standards-could-be.json as YAML>:" in result.stderr
    assert "error [empty-level]" in result.stderr
    assert "hint:" in result.stderr and "--education-level ignore" in result.stderr
    assert not (tmp_path / "w.yaml").exists()
    # The default keeps one level and imports.
    assert cli("import", str(package), "-o", "w.yaml").exit_code == 0


def test_a_chain_thousands_of_tiers_deep_is_refused_not_a_crash(cli: Any, tmp_path: Path) -> None:
    document = "d0000000-0000-4000-8000-000000000000"
    items, associations = [], []
    parent = document
    for n in range(3000):
        identifier = f"00000000-0000-4000-8000-{n:012d}"
        items.append(
            {"identifier": identifier, "uri": f"urn:uuid:{identifier}",
             "fullStatement": f"Tier {n}", "lastChangeDateTime": "2025-01-01T00:00:00+00:00"}
        )  # fmt: skip
        associations.append(
            {
                "identifier": f"a0000000-0000-4000-8000-{n:012d}",
                "uri": "urn:x",
                "associationType": "isChildOf",
                "originNodeURI": {"title": "x", "identifier": identifier, "uri": "urn:x"},
                "destinationNodeURI": {"title": "x", "identifier": parent, "uri": "urn:x"},
                "lastChangeDateTime": "2025-01-01T00:00:00+00:00",
            }
        )
        parent = identifier
    package = {
        "CFDocument": {"identifier": document, "uri": "urn:x", "creator": "x",
                       "title": "Chain", "lastChangeDateTime": "2025-01-01T00:00:00+00:00"},
        "CFItems": items,
        "CFAssociations": associations,
    }  # fmt: skip
    (tmp_path / "chain.json").write_text(json.dumps(package), encoding="utf-8")
    result = cli("import", "chain.json", "-o", "chain.yaml")
    assert result.exit_code == 1
    assert "error [import-too-deep]" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "name", ["opensalt-what-standards-could-be.json", "opensalt-act-holistic-math.json"]
)
def test_an_imported_framework_round_trips_through_our_own_package(name: str) -> None:
    """Imported once from a foreign package, the framework (with its origin, grade levels,
    context and related statements) survives export → import → export unchanged."""
    first = import_case(read_case_package(DATA / "case" / name))
    assert first.data is not None
    framework = Framework.model_validate(first.data)
    data = framework.model_dump(mode="json", exclude_none=True)
    data["completion"] = {"rule": "share", "share": 0.5}
    framework = Framework.model_validate(data)
    again, second, back = _round_trip(framework, CaseOptions("en"))
    assert again == second
    assert back == framework

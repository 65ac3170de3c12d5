"""Semantic rules beyond the schema: each fires on one edit of minimal.yaml, at the right line.

minimal.yaml itself has no findings at all, so whatever a test sees comes from its edit.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kompetens.cli.app import app
from kompetens.framework.checks import RULES
from kompetens.framework.diagnostics import Diagnostic, Severity
from kompetens.framework.validation import load_framework

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal.yaml"
MINIMAL_TEXT = MINIMAL.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    """1-based number of the line that is exactly `needle`."""
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line == needle]
    assert len(lines) == 1, f"{needle!r} is on lines {lines}"
    return lines[0]


def edit(*changes: tuple[str, str]) -> str:
    text = MINIMAL_TEXT
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def check(tmp_path: Path, text: str, *, strict: bool = False) -> list[Diagnostic]:
    path = tmp_path / "framework.yaml"
    path.write_text(text, encoding="utf-8")
    framework, diagnostics = load_framework(path, strict=strict)
    has_errors = any(d.severity is Severity.ERROR for d in diagnostics)
    assert (framework is None) == has_errors
    assert all(d.file == str(path) for d in diagnostics)
    return diagnostics


def findings(diagnostics: list[Diagnostic], code: str) -> list[Diagnostic]:
    found = [d for d in diagnostics if d.code == code]
    assert found, [d.as_text() for d in diagnostics]
    return found


def test_minimal_framework_has_no_findings(tmp_path: Path) -> None:
    assert check(tmp_path, MINIMAL_TEXT) == []


def test_every_rule_is_covered_here() -> None:
    # A new rule should come with a test in this file.
    assert {rule.__name__ for rule in RULES} == {
        "check_languages",
        "check_unique_ids",
        "check_id_prefixes",
        "check_scale",
        "check_targets",
        "check_statement_levels",
        "check_descriptors",
        "check_level_guidance",
        "check_level_coverage",
        "check_related",
        "check_translations",
    }


def test_related_statements_must_point_at_a_statement_or_outside(tmp_path: Path) -> None:
    text = edit(
        (
            "            text: {en: I can explain one, fi: Osaan selittää yhden, sv: Jag kan förklara ett}\n",
            "            text: {en: I can explain one, fi: Osaan selittää yhden, sv: Jag kan förklara ett}\n"
            "            related:\n"
            "              - statement: alpha.one.9\n"
            "              - statement: alpha.one.2\n"
            "              - kind: exact-match\n"
            "              - {kind: exact-match, statement: alpha.one.1}\n"
            "              - {uri: 'https://example.org/case/CFItems/1', title: Elsewhere}\n",
        )
    )
    diagnostics = check(tmp_path, text)
    (unknown,) = findings(diagnostics, "unknown-related")
    assert unknown.line == line_of(text, "              - statement: alpha.one.9")
    assert "did you mean 'alpha.one.1'" in unknown.message or "alpha.one." in unknown.message
    (itself,) = findings(diagnostics, "related-self")
    assert itself.line == line_of(text, "              - statement: alpha.one.2")
    (nowhere,) = findings(diagnostics, "related-target")
    assert nowhere.line == line_of(text, "              - kind: exact-match")
    assert len([d for d in diagnostics if d.severity is Severity.ERROR]) == 3


def test_duplicate_statement_id_names_the_first_use_and_its_line(tmp_path: Path) -> None:
    text = edit(("          - id: alpha.one.2\n", "          - id: alpha.one.1\n"))
    diagnostics = check(tmp_path, text)
    (duplicate,) = findings(diagnostics, "duplicate-id")
    first, second = (
        n for n, line in enumerate(text.splitlines(), 1) if line == "          - id: alpha.one.1"
    )
    assert duplicate.line == second
    assert duplicate.path == "areas[0].components[0].statements[1].id"
    assert "'alpha.one.1'" in duplicate.message
    assert "areas[0].components[0].statements[0].id" in duplicate.message
    assert f"(line {first})" in duplicate.message
    assert duplicate.severity is Severity.ERROR


def test_duplicate_level_id(tmp_path: Path) -> None:
    text = edit(("  - id: advanced\n", "  - id: basic\n"))
    duplicate = findings(check(tmp_path, text), "duplicate-id")[0]
    assert duplicate.path == "levels[1].id"
    level_lines = [n for n, t in enumerate(text.splitlines(), 1) if t == "  - id: basic"]
    assert duplicate.line == level_lines[1]
    assert f"(line {level_lines[0]})" in duplicate.message


def test_component_id_must_start_with_the_area_id(tmp_path: Path) -> None:
    text = edit(("      - id: alpha.two\n", "      - id: beta.two\n"))
    found = findings(check(tmp_path, text), "id-prefix")
    assert found[0].line == line_of(text, "      - id: beta.two")
    assert "'alpha.'" in found[0].message
    # its statements now do not start with the (changed) component id either
    assert [d.line for d in found[1:]] == [
        line_of(text, "          - id: alpha.two.1"),
        line_of(text, "          - id: alpha.two.2"),
    ]


def test_statement_id_must_start_with_the_component_id(tmp_path: Path) -> None:
    text = edit(("          - id: beta.one.2\n", "          - id: beta.two.2\n"))
    (found,) = findings(check(tmp_path, text), "id-prefix")
    assert found.line == line_of(text, "          - id: beta.two.2")
    assert found.col == 17  # at the id's value
    assert "'beta.one.'" in found.message


def test_unknown_level_in_a_statement_suggests_the_declared_one(tmp_path: Path) -> None:
    text = edit(
        (
            "          - id: beta.one.2\n            levels: [advanced]\n",
            "          - id: beta.one.2\n            levels: [advancd]\n",
        )
    )
    (found,) = findings(check(tmp_path, text), "unknown-level")
    line = [n for n, t in enumerate(text.splitlines(), 1) if "[advancd]" in t]
    assert [found.line] == line
    assert found.col == text.splitlines()[found.line - 1].index("advancd") + 1
    assert "did you mean 'advanced'?" in found.message
    assert "basic, advanced" in found.message


def test_descriptor_for_an_unknown_level_points_at_its_key(tmp_path: Path) -> None:
    old = "          basic: {en: Does two, fi: Tekee kaksi, sv: Gör två}"
    text = edit((old + "\n", old.replace("basic:", "basik:") + "\n"))
    diagnostics = check(tmp_path, text)
    (unknown,) = findings(diagnostics, "unknown-level")
    assert (unknown.line, unknown.col) == (line_of(text, old.replace("basic:", "basik:")), 11)
    assert "did you mean 'basic'?" in unknown.message
    (missing,) = findings(diagnostics, "missing-descriptor")
    assert "'basic'" in missing.message


def test_missing_descriptor(tmp_path: Path) -> None:
    text = edit(("          advanced: {en: Leads two, fi: Johtaa kahta, sv: Leder två}\n", ""))
    (found,) = findings(check(tmp_path, text), "missing-descriptor")
    # the second `descriptors:` key is the one of alpha.two
    descriptor_lines = [
        n for n, t in enumerate(text.splitlines(), 1) if t == "        descriptors:"
    ]
    assert found.line == descriptor_lines[1]
    assert "'alpha.two'" in found.message
    assert "'advanced'" in found.message
    assert found.severity is Severity.ERROR


def test_component_without_descriptors_points_at_its_id(tmp_path: Path) -> None:
    text = edit(
        (
            "        descriptors:\n"
            "          basic: {en: Does beta, fi: Tekee beetaa, sv: Gör beta}\n"
            "          advanced: {en: Leads beta, fi: Johtaa beetaa, sv: Leder beta}\n",
            "",
        )
    )
    found = findings(check(tmp_path, text), "missing-descriptor")
    assert [d.line for d in found] == [line_of(text, "      - id: beta.one")] * 2


def test_level_without_statements_in_a_component(tmp_path: Path) -> None:
    text = edit(
        (
            "          - id: alpha.two.1\n            levels: [basic, advanced]\n",
            "          - id: alpha.two.1\n            levels: [advanced]\n",
        )
    )
    (found,) = findings(check(tmp_path, text), "empty-level")
    statements_lines = [n for n, t in enumerate(text.splitlines(), 1) if t == "        statements:"]
    assert found.line == statements_lines[1]
    assert "'alpha.two'" in found.message
    assert "'basic'" in found.message


@pytest.mark.parametrize("target", ["5", "0", "0.5", "4.01", ".inf", ".nan"])
def test_target_outside_the_scale(tmp_path: Path, target: str) -> None:
    text = edit(("    target: 4\n", f"    target: {target}\n"))
    (found,) = findings(check(tmp_path, text), "target-out-of-scale")
    assert (found.line, found.col) == (line_of(text, f"    target: {target}"), 13)
    assert "'advanced'" in found.message
    assert "1–4" in found.message


@pytest.mark.parametrize("target", ["1", "4", "2.5"])
def test_targets_on_the_scale_are_fine(tmp_path: Path, target: str) -> None:
    text = edit(("    target: 4\n", f"    target: {target}\n"))
    assert check(tmp_path, text) == []


@pytest.mark.parametrize("value", ["1", "2"])
def test_scale_values_must_increase(tmp_path: Path, value: str) -> None:
    text = edit(("    - value: 3\n", f"    - value: {value}\n"))
    (found,) = findings(check(tmp_path, text), "scale-order")
    value_lines = [n for n, t in enumerate(text.splitlines(), 1) if t.startswith("    - value:")]
    assert found.line == value_lines[2]
    assert found.path == "scale.points[2].value"
    assert f"{value} follows 2" in found.message


def test_scale_order_line(tmp_path: Path) -> None:
    text = edit(("    - value: 4\n", "    - value: 0\n"))
    (found,) = findings(check(tmp_path, text), "scale-order")
    assert (found.line, found.col) == (line_of(text, "    - value: 0"), 14)


def test_missing_translation_is_a_warning(tmp_path: Path) -> None:
    text = edit(
        ("    title: {en: Beta, fi: Beeta, sv: Beta}\n", "    title: {en: Beta, fi: Beeta}\n")
    )
    diagnostics = check(tmp_path, text)
    (found,) = findings(diagnostics, "missing-translation")
    assert found.severity is Severity.WARNING
    assert (found.line, found.col) == (line_of(text, "    title: {en: Beta, fi: Beeta}"), 12)
    assert "sv" in found.message
    assert "'en'" in found.message  # what readers see instead


def test_strict_turns_the_warning_into_an_error(tmp_path: Path) -> None:
    text = edit(
        ("    title: {en: Beta, fi: Beeta, sv: Beta}\n", "    title: {en: Beta, fi: Beeta}\n")
    )
    (found,) = check(tmp_path, text, strict=True)
    assert (found.code, found.severity) == ("missing-translation", Severity.ERROR)


def test_language_not_declared_is_a_warning_at_its_key(tmp_path: Path) -> None:
    text = edit(
        (
            "    title: {en: Beta, fi: Beeta, sv: Beta}\n",
            "    title: {en: Beta, fi: Beeta, sv: Beta, se: Beta}\n",
        )
    )
    (found,) = findings(check(tmp_path, text), "undeclared-language")
    assert found.severity is Severity.WARNING
    line = line_of(text, "    title: {en: Beta, fi: Beeta, sv: Beta, se: Beta}")
    assert (found.line, found.col) == (line, text.splitlines()[line - 1].index("se:") + 1)
    assert "'se'" in found.message
    assert "'languages'" in found.message


def test_default_language_must_be_declared(tmp_path: Path) -> None:
    text = edit(("default_language: en\n", "default_language: de\n"))
    (found,) = findings(check(tmp_path, text), "unknown-language")
    assert found.line == line_of(text, "default_language: de")
    assert found.severity is Severity.ERROR


@pytest.mark.parametrize(
    ("old", "new", "code", "exit_code"),
    [
        ("          - id: alpha.one.2\n", "          - id: alpha.one.1\n", "duplicate-id", 1),
        ("    target: 4\n", "    target: 5\n", "target-out-of-scale", 1),
        ("    - value: 3\n", "    - value: 1\n", "scale-order", 1),
        (
            "    title: {en: Beta, fi: Beeta, sv: Beta}\n",
            "    title: {en: Beta, fi: Beeta}\n",
            "missing-translation",
            0,
        ),
    ],
)
def test_cli_exit_codes_for_rules(
    tmp_path: Path, old: str, new: str, code: str, exit_code: int
) -> None:
    path = tmp_path / "framework.yaml"
    path.write_text(edit((old, new)), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == exit_code
    assert f"[{code}]" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_level_listed_twice_in_a_statement(tmp_path: Path) -> None:
    text = edit(
        (
            "          - id: beta.one.2\n            levels: [advanced]\n",
            "          - id: beta.one.2\n            levels: [advanced, advanced]\n",
        )
    )
    (found,) = findings(check(tmp_path, text), "duplicate-level")
    assert found.line == line_of(text, "            levels: [advanced, advanced]")
    assert found.path == "areas[1].components[0].statements[1].levels[1]"


def test_a_level_may_share_its_id_with_an_area(tmp_path: Path) -> None:
    # Levels are named in results and on the command line, areas in scores: two namespaces.
    text = edit(("  - id: basic\n", "  - id: alpha\n")).replace("[basic", "[alpha")
    text = text.replace("          basic: {", "          alpha: {")
    assert check(tmp_path, text) == []


def test_schema_errors_do_not_hide_the_semantic_ones(tmp_path: Path) -> None:
    # An unquoted version and a misspelt key are schema errors; the duplicate id further
    # down is still reported in the same run, as if the version were quoted.
    text = edit(
        ('version: "1.10.0"\n', "version: 1.10\n"),
        ("        guidance: {en: Practise one", "        guidence: {en: Practise one"),
        ("          - id: alpha.two.2\n", "          - id: alpha.two.1\n"),
    )
    codes = [d.code for d in check(tmp_path, text)]
    assert codes == ["type", "unknown-key", "duplicate-id"]


def test_guidance_for_an_unknown_level_points_at_its_key(tmp_path: Path) -> None:
    text = edit(
        (
            "        guidance: {en: Practise one, fi: Harjoittele yhtä, sv: Öva ett}\n",
            "        guidance: {en: Practise one, fi: Harjoittele yhtä, sv: Öva ett}\n"
            "        level_guidance:\n"
            "          advanced: {en: Lead one, fi: Johda yhtä, sv: Led ett}\n"
            "          advnced: {en: Lead one, fi: Johda yhtä, sv: Led ett}\n",
        )
    )
    (problem,) = findings(check(tmp_path, text), "unknown-level")
    assert problem.line == line_of(
        text, "          advnced: {en: Lead one, fi: Johda yhtä, sv: Led ett}"
    )
    assert problem.col == 11
    assert "did you mean 'advanced'" in problem.message


def test_level_guidance_and_not_applicable_need_every_language(tmp_path: Path) -> None:
    text = edit(
        (
            "        guidance: {en: Practise one, fi: Harjoittele yhtä, sv: Öva ett}\n",
            "        guidance: {en: Practise one, fi: Harjoittele yhtä, sv: Öva ett}\n"
            "        level_guidance:\n"
            "          advanced: {en: Lead one, fi: Johda yhtä}\n",
        ),
        (
            "    label: {en: Can't say, fi: En osaa sanoa, sv: Kan inte säga}\n",
            "    label: {en: Can't say, fi: En osaa sanoa, sv: Kan inte säga}\n"
            "  not_applicable:\n"
            "    label: {en: Does not apply, fi: Ei koske meitä}\n",
        ),
    )
    paths = {d.path for d in findings(check(tmp_path, text), "missing-translation")}
    assert paths == {
        "scale.not_applicable.label",
        "areas[0].components[0].level_guidance.advanced",
    }


def test_the_checks_do_not_depend_on_the_loader() -> None:
    """Rules see a validated model and data paths, never files: `format_path` lives with the
    diagnostics, so no module of framework/checks/ imports the loader when it is imported (the
    glossary's file reader imports it when a glossary is read)."""
    import ast
    from pathlib import Path

    import kompetens.framework.checks as checks

    for path in Path(checks.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {n.module for n in tree.body if isinstance(n, ast.ImportFrom)}
        assert "kompetens.framework.loading" not in imported, path.name

"""Item-writing lint and the glossary check: each rule fires on one edit of minimal.yaml, at
the statement's line, and can be silenced per statement with a reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kompetens.framework.checks.glossary import Glossary, builtin_glossary_path, load_glossary
from kompetens.framework.checks.lint import LintOptions
from kompetens.framework.diagnostics import Diagnostic
from kompetens.framework.validation import load_framework
from tests.test_checks import MINIMAL_TEXT, edit, line_of

ONE = "            text: {en: I can do one, fi: Osaan tehdä yhden, sv: Jag kan göra ett}\n"


def lint(tmp_path: Path, text: str, **options: Any) -> list[Diagnostic]:
    path = tmp_path / "framework.yaml"
    path.write_text(text, encoding="utf-8")
    _, diagnostics = load_framework(path, lint=LintOptions(**options))
    return diagnostics


def codes(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.code for d in diagnostics]


def test_minimal_framework_passes_the_lint(tmp_path: Path) -> None:
    assert lint(tmp_path, MINIMAL_TEXT) == []


def test_statement_not_in_the_first_person(tmp_path: Path) -> None:
    bad = "            text: {en: The student does one, fi: Osaan tehdä yhden, sv: Jag kan göra ett}\n"
    text = edit((ONE, bad))
    (problem,) = lint(tmp_path, text)
    assert problem.code == "not-first-person"
    assert problem.line == line_of(text, bad.rstrip("\n"))
    assert problem.path == "areas[0].components[0].statements[0].text.en"
    assert "alpha.one.1 (en)" in problem.message


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("fi", "Tiimi tekee yhden"),
        ("sv", "Studeranden gör ett"),
    ],
)
def test_first_person_is_checked_in_finnish_and_swedish(
    tmp_path: Path, language: str, sentence: str
) -> None:
    original = {"fi": "Osaan tehdä yhden", "sv": "Jag kan göra ett"}[language]
    text = edit((f"{language}: {original}", f"{language}: {sentence}"))
    assert codes(lint(tmp_path, text)) == ["not-first-person"]


def test_we_statements_are_first_person(tmp_path: Path) -> None:
    we = "            text: {en: We do one, fi: Teemme yhden, sv: Vi gör ett}\n"
    assert lint(tmp_path, edit((ONE, we))) == []


def test_long_statement_with_a_configurable_limit(tmp_path: Path, minimal: Any) -> None:
    long = " ".join(["I can do one"] + ["carefully"] * 22)  # 26 words
    text = edit(
        (ONE, f"            text: {{en: {long}, fi: Osaan tehdä yhden, sv: Jag kan göra ett}}\n")
    )
    (problem,) = lint(tmp_path, text)
    assert problem.code == "long-statement"
    assert "has 26 words, more than 25" in problem.message
    assert lint(tmp_path, text, max_words=26) == []
    # With a limit of 3, exactly the texts of more than three words are flagged.
    expected = sum(
        len(value.split()) > 3
        for _, _, statement in minimal.statement_index.values()
        for value in statement.text.values()
    )
    assert expected > 0
    assert codes(lint(tmp_path, MINIMAL_TEXT, max_words=3)) == ["long-statement"] * expected


@pytest.mark.parametrize(
    "double",
    [
        "{en: I can do one and explain it, fi: Osaan tehdä yhden, sv: Jag kan göra ett}",
        "{en: I can do one, fi: Osaan tehdä yhden ja selittää sen, sv: Jag kan göra ett}",
        "{en: I can do one, fi: Osaan tehdä yhden, sv: Jag kan göra ett och förklara det}",
        "{en: We do one, fi: Teemme yhden ja kirjaamme sen, sv: Vi gör ett}",
    ],
)
def test_two_verbs_joined_with_and_ja_och(tmp_path: Path, double: str) -> None:
    text = edit((ONE, f"            text: {double}\n"))
    (problem,) = lint(tmp_path, text)
    assert problem.code == "double-barrel"
    assert "alpha.one.1 joins two verbs" in problem.message


@pytest.mark.parametrize(
    "single",
    [
        "{en: I can do one for clients and relatives, fi: Osaan tehdä yhden, sv: Jag kan göra ett}",
        "{en: We do one, fi: Teemme yhden työryhmissämme ja tiimeissämme, sv: Vi gör ett}",
    ],
)
def test_two_nouns_joined_with_and_are_fine(tmp_path: Path, single: str) -> None:
    assert lint(tmp_path, edit((ONE, f"            text: {single}\n"))) == []


def test_a_verb_the_framework_uses_elsewhere_is_recognised(tmp_path: Path) -> None:
    # "research" is not in the built-in verb list; minimal.yaml says "I research two".
    text = edit(
        (
            ONE,
            "            text: {en: I can do one and research it, fi: Osaan tehdä yhden, sv: Jag kan göra ett}\n",
        )
    )
    assert codes(lint(tmp_path, text)) == ["double-barrel"]


def test_a_warning_is_silenced_per_statement_with_a_reason(tmp_path: Path) -> None:
    double = "            text: {en: I can do one and explain it, fi: Osaan tehdä yhden, sv: Jag kan göra ett}\n"
    silenced = (
        double + "            silence: {double-barrel: doing and explaining are one act here}\n"
    )
    assert lint(tmp_path, edit((ONE, silenced))) == []
    empty = double + "            silence: {double-barrel: ''}\n"
    assert codes(lint(tmp_path, edit((ONE, empty)))) == ["schema"]


def test_a_silence_must_name_a_rule_and_still_be_needed(tmp_path: Path) -> None:
    unknown = ONE + "            silence: {double-barel: typo}\n"
    (problem,) = lint(tmp_path, edit((ONE, unknown)))
    assert problem.code == "unknown-silence" and "did you mean 'double-barrel'" in problem.message
    unused = ONE + "            silence: {long-statement: it used to be long}\n"
    (problem,) = lint(tmp_path, edit((ONE, unused)))
    assert problem.code == "unused-silence"
    assert problem.line == line_of(edit((ONE, unused)), unused.splitlines()[1])


# --- the glossary --------------------------------------------------------------------------

GLOSSARY = Glossary.model_validate(
    {
        "concepts": {
            "multiprofessional": {
                "terms": {
                    "fi": ["moniammatilli"],
                    "sv": ["mångprofessionell"],
                    "en": ["multiprofessional"],
                },
                "avoid": {"en": ["multi-professional"]},
                "confused_with": ["cross-sectoral"],
            },
            "cross-sectoral": {
                "terms": {
                    "fi": ["monialai"],
                    "sv": ["sektorsövergripande"],
                    "en": ["cross-sectoral"],
                },
                "avoid": {"en": ["cross-sector"]},
            },
        }
    }
)
TITLE = "        title: {en: Alpha one, fi: Alfa yksi, sv: Alfa ett}\n"


def test_glossary_mismatch_names_both_terms(tmp_path: Path) -> None:
    wrong = (
        "        title: {en: Cross-sectoral work, fi: Moniammatillinen työ, "
        "sv: Mångprofessionellt arbete}\n"
    )
    text = edit((TITLE, wrong)).replace("default_language: en", "default_language: fi")
    (problem,) = lint(tmp_path, text, glossary=GLOSSARY)
    assert problem.code == "glossary-mismatch"
    assert problem.path == "areas[0].components[0].title.en"
    assert "'Moniammatillinen' (multiprofessional)" in problem.message
    assert "'Cross-sectoral' (cross-sectoral)" in problem.message
    assert "use 'multiprofessional'" in problem.message


def test_inflected_forms_match_and_consistent_terms_pass(tmp_path: Path) -> None:
    right = (
        "        title: {en: In multiprofessional teams, fi: Moniammatillisessa tiimissä, "
        "sv: I mångprofessionella team}\n"
    )
    text = edit((TITLE, right)).replace("default_language: en", "default_language: fi")
    assert lint(tmp_path, text, glossary=GLOSSARY) == []


def test_avoided_term_is_flagged_but_not_the_preferred_one_it_begins(tmp_path: Path) -> None:
    text = edit(
        (TITLE, "        title: {en: Cross-sector work, fi: Monialainen työ, sv: Arbete}\n")
    )
    (problem,) = lint(tmp_path, text, glossary=GLOSSARY)
    assert problem.code == "glossary-avoid" and "use 'cross-sectoral'" in problem.message
    fine = edit(
        (TITLE, "        title: {en: Cross-sectoral work, fi: Monialainen työ, sv: Arbete}\n")
    )
    assert lint(tmp_path, fine, glossary=GLOSSARY) == []


def test_the_built_in_glossary_is_valid() -> None:
    glossary, problems = load_glossary(builtin_glossary_path())
    assert glossary is not None, problems
    for concept_id, concept in glossary.concepts.items():
        assert set(concept.terms) == {"fi", "sv", "en"}, concept_id
        for other in concept.confused_with:
            assert other in glossary.concepts, (concept_id, other)


def test_validate_cli_options(cli: Any, tmp_path: Path) -> None:
    text = edit(
        (
            ONE,
            "            text: {en: I can do one and explain it, fi: Osaan tehdä yhden, sv: Jag kan göra ett}\n",
        )
    )
    Path("f.yaml").write_text(text, encoding="utf-8")
    found = cli("validate", "f.yaml")
    assert found.exit_code == 0 and "[double-barrel]" in found.stderr
    assert cli("validate", "--strict", "f.yaml").exit_code == 1
    assert cli("validate", "--strict", "--no-lint", "f.yaml").exit_code == 0
    assert "[long-statement]" in cli("validate", "--max-words", "4", "f.yaml").stderr
    Path("g.yaml").write_text("concepts:\n  Bad Id: {terms: {en: [x]}}\n", encoding="utf-8")
    broken = cli("validate", "--glossary", "g.yaml", "f.yaml")
    assert broken.exit_code == 1
    assert "g.yaml:2:3:" in broken.stderr and "not a usable glossary" in broken.stderr
    missing = cli("validate", "--glossary", "nope.yaml", "f.yaml")
    assert missing.exit_code == 2 and "nope.yaml" in missing.stderr


def test_the_built_in_glossary_passes_its_published_json_schema() -> None:
    import json

    import jsonschema
    import yaml

    root = Path(__file__).resolve().parents[1]
    schema = json.loads((root / "schemas" / "glossary.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load(builtin_glossary_path().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    broken = {**data, "concepts": {"x": {"terms": {}, "colour": "red"}}}
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(broken))

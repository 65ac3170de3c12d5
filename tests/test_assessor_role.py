"""Someone else rates the student: the assessor in the result, third-person wording, and
`assess --role mentor` in a real pseudo-terminal and from an answers file."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pexpect
import pytest
import yaml

from kompetens.assessment.results import dump_result
from kompetens.assessment.wording import statement_text, third_person
from kompetens.framework.catalog import builtin_frameworks
from kompetens.framework.validation import load_framework
from kompetens.model import Framework, Result
from tests.conftest import MINIMAL

SCHEMAS = Path(__file__).parents[1] / "schemas"
FIRST_PERSON = {
    "en": re.compile(r"\b(I|my|me|myself|mine)\b"),
    "sv": re.compile(r"\b(jag|mig|min|mitt|mina)\b", re.IGNORECASE),
    # Finnish first person: the -n verb ending of the opening and the possessive suffix -ni
    "fi": re.compile(r"^Osaan\b|\w{3,}ni\b"),
}


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize(
    ("language", "first", "third"),
    [
        (
            "en",
            "I can adapt my language, pace and communication channel to the client's age.",
            "The student can adapt their language, pace and communication channel to the "
            "client's age.",
        ),
        (
            "en",
            "I can listen actively and check that I have understood the client.",
            "The student can listen actively and check that they have understood the client.",
        ),
        (
            "sv",
            "Jag kan försäkra mig om att jag har förstått klienten och anpassa min handledning.",
            "Studenten kan försäkra sig om att hen har förstått klienten och anpassa sin "
            "handledning.",
        ),
        (
            "fi",
            "Osaan arvioida yksikköni toimintatapoja ja mukauttaa toimintaani niiden mukaan.",
            "Opiskelija osaa arvioida yksikkönsä toimintatapoja ja mukauttaa toimintaansa "
            "niiden mukaan.",
        ),
        ("fi", "Osaan kuvata alani palvelut.", "Opiskelija osaa kuvata alansa palvelut."),
    ],
)
def test_third_person_wording(language: str, first: str, third: str) -> None:
    assert third_person(first, language) == third


def test_any_english_or_swedish_verb_and_the_common_finnish_ones() -> None:
    assert third_person("I develop my unit", "en") == "The student develops their unit"
    assert third_person("I identify risks", "en") == "The student identifies risks"
    assert third_person("I have done it", "en") == "The student has done it"
    assert third_person("I regularly reflect on it", "en") == "The student regularly reflects on it"
    assert third_person("Jag identifierar mina risker", "sv") == (
        "Studenten identifierar sina risker"
    )
    assert third_person("Kehitän yhtä", "fi") == "Opiskelija kehittää yhtä"
    assert third_person("Tunnistan riskit työssäni", "fi") == (
        "Opiskelija tunnistaa riskit työssänsä"
    )


def test_an_unknown_opening_gets_a_lead_in_not_a_broken_sentence() -> None:
    assert third_person("We draw up plans", "en") == "About the student: We draw up plans"
    assert third_person("Laadimme suunnitelmat", "fi") == "Opiskelijasta: Laadimme suunnitelmat"
    assert third_person("Vi gör planer", "sv") == "Om studenten: Vi gör planer"


def test_every_builtin_statement_reads_in_the_third_person() -> None:
    framework, _ = load_framework(builtin_frameworks()["sote-client-work"])
    assert framework is not None
    checked = 0
    statements = [entry[2] for entry in framework.statement_index.values()]
    for statement in statements:
        for language in framework.languages:
            text = statement_text(statement, language, framework.default_language, "mentor")
            assert not text.startswith(("About the student", "Om studenten", "Opiskelijasta")), (
                statement.id,
                language,
            )
            assert not FIRST_PERSON[language].search(text), (statement.id, language, text)
            assert (
                statement_text(statement, language, framework.default_language)
                == (statement.text[language])
            )
            checked += 1
    assert checked == len(statements) * len(framework.languages)


def test_a_result_without_assessor_is_a_self_assessment(minimal: Framework) -> None:
    from kompetens.assessment.session import new_result

    result = new_result(minimal, "basic", "en")
    assert result.role == "self"
    text = dump_result(result, Path("r.yaml"))
    assert "assessor" not in yaml.safe_load(text)


def test_the_published_schema_accepts_a_mentor_result_and_rejects_an_unknown_role() -> None:
    schema = json.loads((SCHEMAS / "result.schema.json").read_text(encoding="utf-8"))
    document = {
        "format": 1,
        "framework": {"id": "x", "version": "1.0.0"},
        "level": "nqf6",
        "language": "fi",
        "respondent": {"id": "s123", "name": "Aino"},
        "assessor": {"role": "mentor", "name": "Maija"},
        "started": "2026-11-01T10:00:00+02:00",
    }
    jsonschema.validate(document, schema)
    Result.model_validate(document)
    document["assessor"] = {"role": "boss"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_mentor_rates_a_student_in_the_terminal(
    tmp_path: Path, assess_pty: Callable[..., pexpect.spawn]
) -> None:
    child = assess_pty(
        str(MINIMAL),
        "--role",
        "mentor",
        "--assessor-name",
        "Maija Mentor",
        "--id",
        "s123",
        "--name",
        "Aino Virtanen",
        "--level",
        "basic",
        "-o",
        "mentor.yaml",
    )
    child.expect("Assessment of Aino Virtanen")
    child.expect("statement 1/")
    child.expect("The student can do one")
    child.send("3")
    child.expect("The student can explain one")
    child.send("2")
    child.expect("The student can do two")
    child.send("4")
    child.expect("Reflection on")
    child.send("\r")
    child.expect("The student can beta")
    child.send("1")
    child.expect("Reflection on")
    child.send("\r")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    saved = _load(tmp_path / "mentor.yaml")
    assert saved["respondent"] == {"id": "s123", "name": "Aino Virtanen"}
    assert saved["assessor"] == {"role": "mentor", "name": "Maija Mentor"}
    assert saved["completed"] is not None
    assert saved["goals"] == []  # goals are the student's own: a mentor is not asked
    assert saved["answers"]["alpha.one.1"]["rating"] == 3
    assert "the mentor's ratings" in (tmp_path / "mentor.yaml").read_text(encoding="utf-8")


def test_a_mentor_answers_file_gives_a_mentor_result(cli: Any, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "alpha.one.1: 3\nalpha.one.2: 2\nalpha.two.1: 4\nbeta.one.1: 1\n", encoding="utf-8"
    )
    out = cli(
        "assess",
        str(MINIMAL),
        "--level",
        "basic",
        "--role",
        "teacher",
        "--id",
        "s9",
        "--answers",
        str(answers),
        "-o",
        "t.yaml",
    )
    assert out.exit_code == 0, out.output  # type: ignore[attr-defined]
    saved = _load(tmp_path / "t.yaml")
    assert saved["assessor"] == {"role": "teacher", "name": None}
    assert saved["respondent"]["id"] == "s9"


def test_a_role_without_a_student_is_a_usage_error(cli: Any, tmp_path: Path) -> None:
    out = cli("assess", str(MINIMAL), "--level", "basic", "--role", "mentor", input="3\n")
    assert out.exit_code == 2
    assert "--id" in out.stderr  # type: ignore[attr-defined]
    assert not list(tmp_path.glob("*.yaml"))


def test_an_assessor_name_without_a_role_is_a_usage_error(cli: Any, tmp_path: Path) -> None:
    out = cli("assess", str(MINIMAL), "--level", "basic", "--assessor-name", "Maija", input="3\n")
    assert out.exit_code == 2
    assert "--role" in out.stderr  # type: ignore[attr-defined]
    assert not list(tmp_path.glob("*.yaml"))

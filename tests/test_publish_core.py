"""`export` and `import` as core calls (interop.exporting, interop.importing) and their
messages in the user's language.

The command line only parses options and prints; these tests call the core directly and
check the typed outcome it returns, and run the commands in Finnish and Swedish to check
that refusals and notes come from the catalogues rather than English literals.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from kompetens.interop.case_export import CaseOptions, to_case_json
from kompetens.interop.exporting import ExportRequest, export_framework
from kompetens.interop.formats import (
    ExportFormat,
    ImportFormat,
    export_format_for,
    import_format_for,
)
from kompetens.interop.importing import ImportRequest, import_to_yaml
from kompetens.interop.notices import Refused
from kompetens.interop.tree_import import LevelChoice, TierChoice
from kompetens.model import Framework

DATA = Path(__file__).parent / "data"


def test_one_suffix_table_serves_export_and_import(tmp_path: Path) -> None:
    assert export_format_for(Path("out.JSON")) is ExportFormat.case_json
    assert export_format_for(Path("out.htm")) is ExportFormat.html
    assert export_format_for(Path("out.txt")) is None
    assert import_format_for(Path("x.json"), None) is ImportFormat.case_json
    assert import_format_for(Path("x.csv"), None) is ImportFormat.moodle_csv
    assert import_format_for(Path("x.txt"), None) is ImportFormat.moodle_csv
    sniffed = tmp_path / "package.data"
    sniffed.write_bytes(b'\xef\xbb\xbf  {"CFDocument": {}}')
    assert import_format_for(sniffed, None) is ImportFormat.case_json
    assert import_format_for(sniffed, ImportFormat.moodle_csv) is ImportFormat.moodle_csv


def test_export_outcome_is_the_text_what_it_is_and_notes(minimal: Framework) -> None:
    outcome = export_framework(
        minimal, ExportRequest(ExportFormat.case_json, now=datetime.now(UTC))
    )
    package = json.loads(outcome.text)
    assert package["CFDocument"]["lastChangeDateTime"] == "1970-01-01T00:00:00+00:00"
    assert str(outcome.what) == "CASE 1.1 CFPackage"
    assert [note.key for note in outcome.notes] == ["publish.export.changed_default"]
    assert "set --changed to the release date" in str(outcome.notes[0])


def test_export_keeps_the_stamp_of_the_unchanged_file_it_replaces(
    minimal: Framework, tmp_path: Path
) -> None:
    earlier = tmp_path / "framework.json"
    options = CaseOptions(minimal.default_language, "2024-05-01T00:00:00+00:00")
    earlier.write_text(to_case_json(minimal, options), encoding="utf-8")
    request = ExportRequest(ExportFormat.case_json, replaces=earlier, now=datetime.now(UTC))
    outcome = export_framework(minimal, request)
    assert outcome.text == earlier.read_text(encoding="utf-8")
    assert outcome.notes == []


@pytest.mark.parametrize(
    ("request_", "key"),
    [
        (ExportRequest(ExportFormat.md, language="de"), "publish.export.no_language"),
        (ExportRequest(ExportFormat.md, level="nqf9"), "framework.unknown_level"),
        (
            ExportRequest(ExportFormat.case_json, base_url="ftp://x.example"),
            "publish.export.base_url_absolute",
        ),
        (ExportRequest(ExportFormat.case_json, changed="soon"), "publish.export.not_a_date"),
    ],
)
def test_export_refuses_what_the_framework_does_not_have(
    minimal: Framework, request_: ExportRequest, key: str
) -> None:
    with pytest.raises(Refused) as refused:
        export_framework(minimal, request_)
    assert refused.value.notice.key == key
    assert "{" not in str(refused.value)  # every placeholder filled in


def test_a_survey_of_a_framework_with_several_levels_needs_a_level(builtin: Framework) -> None:
    assert len(builtin.level_ids) > 1
    with pytest.raises(Refused, match="--level is required for a survey"):
        export_framework(builtin, ExportRequest(ExportFormat.questions))
    level = builtin.level_ids[0]
    outcome = export_framework(builtin, ExportRequest(ExportFormat.questions, level=level))
    assert outcome.what.key == "tables.design_what_questions"
    assert outcome.text.strip()


def _case_package(tmp_path: Path, items: list[dict[str, Any]]) -> Path:
    """A foreign package: each item hangs under its `parent` by an isChildOf association."""
    associations = [
        {
            "identifier": f"a{index}",
            "associationType": "isChildOf",
            "originNodeURI": {"identifier": item["identifier"]},
            "destinationNodeURI": {"identifier": item["parent"]},
            "sequenceNumber": index,
        }
        for index, item in enumerate(items)
    ]
    package = {
        "CFDocument": {"identifier": "doc", "title": "Reading", "language": "en"},
        "CFItems": [{k: v for k, v in item.items() if k != "parent"} for item in items],
        "CFAssociations": associations,
    }
    path = tmp_path / "package.json"
    path.write_text(json.dumps(package), encoding="utf-8")
    return path


def test_import_outcome_holds_validated_yaml(tmp_path: Path) -> None:
    source = _case_package(
        tmp_path,
        [
            {"identifier": "s1", "fullStatement": "I read aloud", "parent": "doc"},
            {"identifier": "s2", "fullStatement": "I summarise a text", "parent": "doc"},
        ],
    )
    outcome = import_to_yaml(ImportRequest(source, ImportFormat.case_json, tmp_path))
    assert outcome.converted and outcome.framework is not None
    assert outcome.framework.title == {"en": "Reading"}
    statements = [s for c in outcome.framework.components() for s in c.statements]
    assert [s.text["en"] for s in statements] == [
        "I read aloud",
        "I summarise a text",
    ]
    assert outcome.text is not None
    assert outcome.text.startswith("# yaml-language-server: $schema=")
    assert "Imported from the CASE package package.json" in outcome.text
    assert not any(p.is_error for p in outcome.framework_problems)
    assert any(d.code == "case-defaults" for d in outcome.source_problems)


def test_import_outcome_says_unreadable_and_converts_nothing(tmp_path: Path) -> None:
    source = tmp_path / "broken.json"
    source.write_text("{not json", encoding="utf-8")
    outcome = import_to_yaml(ImportRequest(source, ImportFormat.case_json, tmp_path))
    assert not outcome.converted and outcome.unreadable
    assert outcome.text is None and outcome.framework is None
    assert any(d.code == "json-syntax" for d in outcome.source_problems)


def test_import_outcome_with_a_structural_error_is_not_unreadable(tmp_path: Path) -> None:
    source = _case_package(
        tmp_path, [{"identifier": "s1", "fullStatement": "I read", "parent": "missing"}]
    )
    outcome = import_to_yaml(
        ImportRequest(source, ImportFormat.case_json, tmp_path, tiers=TierChoice(0, 0))
    )
    assert not outcome.converted and not outcome.unreadable
    assert [d.code for d in outcome.source_problems if d.is_error] == ["case-missing-parent"]


def test_option_refusals_are_value_errors_with_english_text() -> None:
    with pytest.raises(ValueError, match="is not AREA,SUB-AREA"):
        TierChoice.parse("1")
    with pytest.raises(ValueError, match="needs --level-map"):
        LevelChoice.parse("map", None)


@pytest.mark.parametrize(
    ("language", "args", "expected"),
    [
        ("fi", ("export", "--to", "md", "--base-url", "https://x.example"), "koskevat vain"),
        ("sv", ("export", "--to", "md", "--base-url", "https://x.example"), "gäller bara"),
        ("fi", ("export", "--to", "md", "--lang", "de"), "kehyksessä ei ole kieltä 'de'"),
        ("sv", ("import", "x.json", "--tiers", "9"), "är inte OMRÅDE,DELOMRÅDE"),
        ("fi", ("export", "-o", "out.txt"), "valitse muoto"),
    ],
)
def test_publish_refusals_speak_the_users_language(
    cli: Any, monkeypatch: pytest.MonkeyPatch, language: str, args: tuple[str, ...], expected: str
) -> None:
    monkeypatch.setenv("KOMPETENS_LANG", language)
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert expected in result.stderr


def test_case_export_note_speaks_the_users_language(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOMPETENS_LANG", "fi")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    result = cli("export", str(DATA / "minimal.yaml"), "--to", "case-json", "-o", "x.json")
    assert result.exit_code == 0, result.stderr
    assert "kompetens: huom.: lastChangeDateTime on 1970-01-01T00:00:00+00:00" in result.stderr
    assert "kompetens: kirjoitettu x.json (CASE 1.1 -paketti (CFPackage))" in result.stderr


def test_a_survey_export_says_what_it_wrote_in_the_interface_language(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The framework's language chooses the survey's text, not the words of the tool."""
    monkeypatch.setenv("KOMPETENS_LANG", "sv")
    minimal = str(DATA / "minimal.yaml")
    result = cli("export", minimal, "--to", "questions", "--level", "basic", "-o", "q.md")
    assert result.exit_code == 0, result.stderr
    assert "kompetens: skrev q.md (frågelista)" in result.stderr
    assert "Alpha" in (Path("q.md")).read_text(encoding="utf-8")  # the default language, en

"""`kompetens import` of a Moodle competency framework CSV: Moodle's own fixture, Moodle's
export format, our own export, and broken files refused with the row's line."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from kompetens.framework.validation import load_framework
from kompetens.interop.moodle_csv import to_moodle_csv
from kompetens.interop.moodle_import import import_moodle_csv, plain_text
from kompetens.model import Framework
from tests.test_moodle_fgetcsv import HOSTILE, hostile_framework

DATA = Path(__file__).parent / "data"
MOODLE_FIXTURE = DATA / "moodle" / "example.csv"


def _load(path: Path) -> Framework:
    framework, diagnostics = load_framework(path)
    assert framework is not None, [d.as_text() for d in diagnostics]
    return framework


def test_moodles_own_fixture_imports_with_no_option(cli: Any, tmp_path: Path) -> None:
    result = cli("import", str(MOODLE_FIXTURE), "-o", "oecd.yaml")
    assert result.exit_code == 0, result.output
    framework = _load(tmp_path / "oecd.yaml")
    assert framework.id == "oecd-core"
    assert framework.title["en"] == "OECD"
    assert "fifteen Core Competencies" in (framework.description or {})["en"]
    # The scale and its proficient rating come from the framework row.
    assert [point.label["en"] for point in framework.scale.points] == [
        "Not yet competent",
        "Competent",
    ]
    assert [level.target for level in framework.levels] == [2]
    # Four tiers (framework → cluster → competency → indicator): the top rows are areas,
    # the next sub-areas, the indicators statements with their competency as context.
    assert [area.id for area in framework.areas] == ["levels", "competencies"]
    competencies = framework.areas[1]
    assert [c.id for c in competencies.components] == [
        "competencies.delivery",
        "competencies.interpersonal",
        "competencies.strategic",
    ]
    delivery = competencies.components[0]
    first = delivery.statements[0]
    assert first.id == "competencies.delivery.dr-at1"
    assert first.text["en"] == "Distinguishes between critical and irrelevant pieces of information"
    assert first.context == {"en": "Analytical Thinking"}
    assert first.origin is not None and first.origin.code == "DR-AT1"
    # A short name Moodle cut at 100 characters is replaced by the full description text.
    planning = next(s for s in delivery.statements if s.id.endswith("dr-mr-2"))
    assert planning.text["en"].endswith("within the given deadlines.")
    assert len(framework.statement_index) == 39 + 5
    # Cross-references between statements are kept as related statements.
    assert first.related[0].statement == "levels.level-1.1"
    assert "warning [import-context]" in result.stderr
    assert "warning [moodle-levels]" in result.stderr
    assert "warning [moodle-taxonomy]" in result.stderr
    assert "Traceback" not in result.output


def test_our_export_comes_back_with_its_ids_and_texts(builtin: Framework, tmp_path: Path) -> None:
    for language in builtin.languages:
        path = tmp_path / f"{language}.csv"
        path.write_text(to_moodle_csv(builtin, language), encoding="utf-8")
        result = import_moodle_csv(path, language=language)
        assert result.data is not None, [d.as_text() for d in result.diagnostics]
        data = result.data
        assert data["id"] == builtin.id
        assert data["version"] == builtin.version
        assert [a["id"] for a in data["areas"]] == [a.id for a in builtin.areas]
        imported = {
            s["id"]: s["text"][language]
            for a in data["areas"]
            for c in a["components"]
            for s in c["statements"]
        }
        assert imported == {
            sid: " ".join(statement.text[language].split())
            for sid, (_, _, statement) in builtin.statement_index.items()
        }
        assert [p["label"][language] for p in data["scale"]["points"]] == [
            p.label[language] for p in builtin.scale.points
        ]
        assert data["levels"][0]["target"] == min(level.target for level in builtin.levels)


def test_hostile_text_survives_the_round_trip(tmp_path: Path) -> None:
    framework = hostile_framework()
    path = tmp_path / "hostile.csv"
    path.write_text(to_moodle_csv(framework, "en", delimiter="semicolon"), encoding="utf-8")
    result = import_moodle_csv(path, language="en")
    assert result.data is not None, [d.as_text() for d in result.diagnostics]
    # Line breaks come back as line breaks (a Moodle description has `<br>` for them).
    texts = [
        " ".join(s["text"]["en"].split())
        for a in result.data["areas"]
        for c in a["components"]
        for s in c["statements"]
    ]
    for hostile in HOSTILE:
        assert " ".join(hostile.split()) in texts


def test_multilang_descriptions_give_the_chosen_language(
    minimal: Framework, tmp_path: Path
) -> None:
    path = tmp_path / "multi.csv"
    path.write_text(to_moodle_csv(minimal, "en", multilingual=True), encoding="utf-8")
    result = import_moodle_csv(path, language="sv")
    assert result.data is not None
    statement = result.data["areas"][0]["components"][0]["statements"][0]
    assert statement["text"] == {"sv": "Jag kan göra ett"}


def _rows(*lines: str) -> str:
    header = (
        "Parent ID number,ID number,Short name,Description,Description format,Scale values,"
        "Scale configuration,Rule type (optional),Rule outcome (optional),"
        "Rule config (optional),Cross-referenced competency ID numbers,"
        "Exported ID (optional),Is framework,Taxonomy"
    )
    return "\n".join([header, *lines]) + "\n"


FRAMEWORK_ROW = (
    ',fw-1.0.0,Framework (1.0.0),<p>About</p>,1,"No,Yes",'
    '"[{""scaleid"":""0""},{""id"":1,""scaledefault"":0,""proficient"":0},'
    '{""id"":2,""scaledefault"":1,""proficient"":1}]",,,,,,1,"domain,competency"'
)


@pytest.mark.parametrize(
    ("lines", "code", "needles"),
    [
        (
            [
                FRAMEWORK_ROW,
                ",a,Area,,1,,,,0,null,,,,",
                "a,a.1,One,,1,,,,0,null,,,,",
                "a,a.1,Again,,1,,,,0,null,,,,",
            ],
            1,
            ["x.csv:5:1: error [moodle-duplicate]", "'a.1' is also on line 4"],
        ),
        (
            [FRAMEWORK_ROW, ",a,Area,,1,,,,0,null,,,,", "missing,a.1,One,,1,,,,0,null,,,,"],
            1,
            ["x.csv:4:1: error [moodle-parent]", "'missing'", "silently leave it out"],
        ),
        (
            [FRAMEWORK_ROW, ",a,Area,,1,,,,0,null,,,", "a,a.1,One,,1,,,,0,null,,,,"],
            1,
            ["x.csv:3:1: error [moodle-columns]", "13 columns and the header 14"],
        ),
        (
            [",a,Area,,1,,,,0,null,,,,"],
            1,
            ["error [moodle-framework]", "Is framework"],
        ),
        (
            [FRAMEWORK_ROW, FRAMEWORK_ROW.replace("fw-1.0.0", "fw-2.0.0")],
            1,
            ["x.csv:3:1: error [moodle-framework]", "first is on line 2"],
        ),
    ],
)
def test_broken_files_are_refused_naming_the_line(
    cli: Any, tmp_path: Path, lines: list[str], code: int, needles: list[str]
) -> None:
    (tmp_path / "x.csv").write_text(_rows(*lines), encoding="utf-8")
    result = cli("import", "x.csv", "-o", "out.yaml")
    assert result.exit_code == code, result.output
    for needle in needles:
        assert needle in result.stderr
    assert "nothing was written" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.yaml").exists()


def test_a_file_that_is_not_a_moodle_csv_is_a_usage_error(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("name;age\nAda;36\n", encoding="utf-8")
    result = cli("import", "notes.csv")
    assert result.exit_code == 2
    assert "error [moodle-header]" in result.stderr
    assert "Moodle's has 14" in result.stderr
    wrong_delimiter = cli("import", str(MOODLE_FIXTURE), "--delimiter", "semicolon")
    assert wrong_delimiter.exit_code == 2
    assert "with --delimiter" in wrong_delimiter.stderr
    (tmp_path / "latin1.csv").write_bytes(
        _rows(FRAMEWORK_ROW).replace("About", "Å").encode("latin-1")
    )
    latin = cli("import", "latin1.csv")
    assert latin.exit_code == 2
    assert "[encoding]" in latin.stderr


def test_plain_text_of_moodle_html() -> None:
    assert plain_text("<p>One\ntwo</p><p>Three<br>four</p>") == "One two\n\nThree\nfour"
    assert plain_text("a &amp; b &#92; c") == "a & b \\ c"


def test_real_process_keeps_stdout_clean_and_refuses_case_options(tmp_path: Path) -> None:
    from tests.conftest import run_kompetens

    result = run_kompetens("import", str(MOODLE_FIXTURE), "--lang", "en", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# yaml-language-server:")
    assert "Imported from the Moodle framework CSV example.csv" in result.stdout
    assert "warning" not in result.stdout and "warning [" in result.stderr
    case = DATA / "case" / "opensalt-smartlevel.json"
    refused = run_kompetens("import", str(case), "--delimiter", "comma", cwd=tmp_path)
    assert refused.returncode == 2
    assert "Moodle CSV only" in refused.stderr
    forced = run_kompetens("import", str(MOODLE_FIXTURE), "--from", "case-json", cwd=tmp_path)
    assert forced.returncode == 2
    assert "not JSON" in forced.stderr
    assert "Traceback" not in forced.stderr


@pytest.mark.parametrize(
    "completion",
    [
        {"rule": "all", "outcome": "evidence"},
        {"rule": "share", "share": 0.5, "outcome": "recommend"},
        {"rule": "share", "share": 0.75, "outcome": "complete"},
    ],
)
def test_completion_rules_come_back(
    minimal: Framework, tmp_path: Path, completion: dict[str, Any]
) -> None:
    data = minimal.model_dump(mode="json", exclude_none=True)
    data["completion"] = completion
    framework = Framework.model_validate(data)
    path = tmp_path / "rules.csv"
    path.write_text(to_moodle_csv(framework, "en"), encoding="utf-8")
    result = import_moodle_csv(path, language="en")
    assert result.data is not None
    imported = result.data["completion"]
    if completion["rule"] == "all":
        assert imported == completion
    else:
        # Any share that asks the same number of statements of every sub-area.
        assert imported["rule"] == "share" and imported["outcome"] == completion["outcome"]
        for component in framework.components():
            n = len(component.statements)
            assert math.ceil(imported["share"] * n - 1e-9) == math.ceil(completion["share"] * n)
    assert not any(d.code == "moodle-rules" for d in result.diagnostics)
    # Our own ids need no origin code.
    first = result.data["areas"][0]["components"][0]["statements"][0]
    assert "origin" not in first

"""Survey designs from the framework (`export --to moodle-feedback|limesurvey|questions`):
read back the way the survey tool reads them (as far as its published format and PHP here
allow), then a response export built from the design is scored without a map."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest

from kompetens.model import Framework

LEVEL = "nqf6"


def _ratings(framework: Framework, seed: int) -> dict[str, int | None]:
    rng = random.Random(seed)
    return {
        s.id: (None if rng.random() < 0.1 else rng.choice(framework.scale.values))
        for s in framework.statements_for(LEVEL)
    }


def _score_json(cli: Any, export: Path, *extra: str) -> dict[str, Any]:
    result = cli("score", str(export), "--level", LEVEL, "--lang", "en", "--json", "out.json", "--force", *extra)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return json.loads(Path("out.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_moodle_feedback_xml_is_what_feedbacks_importer_reads(cli: Any, builtin: Framework) -> None:
    result = cli("export", "--to", "moodle-feedback", "--level", LEVEL, "--lang", "fi", "-o", "f.xml")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    text = Path("f.xml").read_text(encoding="utf-8")
    php = shutil.which("php")
    if php is not None:  # feedback_check_xml_utf8's test, run by PHP's own preg_match
        check = subprocess.run(
            [php, "-r", r'echo preg_match("/^\<\?xml.+(encoding=\"([a-z0-9-]*)\").+\?\>/is", file_get_contents("f.xml"));'],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        assert check.stdout == "1"
    root = ElementTree.fromstring(text.encode("utf-8"))
    assert root.tag == "FEEDBACK" and int(root.attrib["VERSION"]) == 200701
    items = root.findall("./ITEMS/ITEM")
    rated = [i for i in items if i.attrib["TYPE"] == "multichoicerated"]
    assert {i.attrib["TYPE"] for i in items} == {"label", "multichoicerated"}
    for item in items:  # what feedback_import_loaded_data reads from every item
        for field in ("ITEMID", "ITEMTEXT", "ITEMLABEL", "OPTIONS", "PRESENTATION"):
            assert item.find(field) is not None
        assert item.attrib["REQUIRED"] in ("0", "1")
    ids = [s.id for s in builtin.statements_for(LEVEL)]
    assert [(i.findtext("ITEMLABEL") or "").strip() for i in rated] == ids
    subtype, _, options = (rated[0].findtext("PRESENTATION") or "").strip().partition(">>>>>")
    choices = [line.split("####") for line in options.split("|")]
    assert subtype == "r"
    assert [int(v) for v, _ in choices] == [*builtin.scale.values, 0]
    assert builtin.scale.cant_say is not None
    assert choices[-1][1] == builtin.scale.cant_say.label["fi"]
    # The responses a Moodle site gives for this form: "(label) question", option texts.
    header = ["User full name", "Email address", "Groups", "Date"]
    header += [
        f"({i.findtext('ITEMLABEL', '').strip()}) {i.findtext('ITEMTEXT', '').strip()}"
        for i in rated
    ]
    labels = {int(v): t for v, t in choices}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    truth = {}
    for n in range(5):
        ratings = _ratings(builtin, n)
        truth[f"s{n}@x.fi"] = ratings
        writer.writerow([f"S {n}", f"s{n}@x.fi", "", "Monday, 5 May 2025, 10:00 AM"]
                        + [labels[0 if ratings[i] is None else ratings[i]] for i in ids])  # type: ignore[index]  # fmt: skip
    Path("responses.csv").write_text(buffer.getvalue(), encoding="utf-8")
    document = _score_json(cli, Path("responses.csv"))
    got = {r["respondent"]: r for r in document["respondents"]}
    assert set(got) == set(truth)
    for who, ratings in truth.items():
        assert got[who]["cant_say"] == sum(v is None for v in ratings.values())


def _php_tsv_rows(path: Path) -> list[dict[str, str]]:
    """The rows as LimeSurvey's TSVImportSurvey reads them: PHP's fgetcsv with a tab and
    double quotes, keyed by the header row."""
    php = shutil.which("php")
    if php is None:
        pytest.skip("php-cli is not installed (Debian package php-cli)")
    script = (
        '$h = fopen($argv[1], "r"); $head = fgetcsv($h, 0, "\\t", "\\"", ""); $head[0] = preg_replace("/^\\xEF\\xBB\\xBF/", "", $head[0]);'
        '$rows = []; while (($r = fgetcsv($h, 0, "\\t", "\\"", "")) !== false) {'
        " if (count($r) == 1 && $r[0] === null) continue; $rows[] = array_combine($head, $r); }"
        "echo json_encode($rows);"
    )
    out = subprocess.run([php, "-r", script, str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_limesurvey_structure_imports_and_its_exports_are_scored(
    cli: Any, builtin: Framework
) -> None:
    result = cli("export", "--to", "limesurvey", "--level", LEVEL, "--lang", "en", "-o", "survey.txt")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    rows = _php_tsv_rows(Path("survey.txt"))
    classes = [r["class"] for r in rows]
    assert classes[:4] == ["S", "S", "S", "SL"] and classes.count("G") == len(builtin.areas)
    assert all(r["language"] == "en" for r in rows if r["class"] in ("SL", "G", "Q", "SQ", "A"))
    questions = [r for r in rows if r["class"] == "Q"]
    assert {q["type/scale"] for q in questions} == {"F"}  # "Array"
    for row in rows:  # codes: letters and digits, at most 20 (titles) / 5 (answers)
        if row["class"] in ("Q", "SQ"):
            assert row["name"].isalnum() and len(row["name"]) <= 20
        if row["class"] == "A":
            assert row["name"].isalnum() and len(row["name"]) <= 5
    answers = {r["name"]: r["text"] for r in rows if r["class"] == "A"}
    assert list(answers) == [*map(str, builtin.scale.values), "EOS"]
    ids = [s.id for s in builtin.statements_for(LEVEL)]
    # Responses exported with full question text, and with question and answer codes.
    text_header, code_header, column = ["Response ID", "Date submitted"], ["id", "submitdate"], []
    question = None
    for row in rows:
        if row["class"] == "Q":
            question = row
        elif row["class"] == "SQ":
            assert question is not None
            text_header.append(f"{question['text']} [{row['text']}]")
            code_header.append(f"{question['name']}[{row['name']}]")
            column.append(row)
    assert len(column) == len(ids)
    truth = {str(n): _ratings(builtin, 10 + n) for n in range(1, 6)}
    for name, header, as_cell in (
        ("text.csv", text_header, lambda v: answers["EOS" if v is None else str(v)]),
        ("codes.csv", code_header, lambda v: "EOS" if v is None else str(v)),
    ):
        buffer = io.StringIO()
        writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        for who, ratings in truth.items():
            writer.writerow([who, "2025-09-01 12:00:00"] + [as_cell(ratings[i]) for i in ids])
        Path(name).write_text(buffer.getvalue(), encoding="utf-8")
    by_text = _score_json(cli, Path("text.csv"))
    assert {r["respondent"]: r["cant_say"] for r in by_text["respondents"]} == {
        who: sum(v is None for v in ratings.values()) for who, ratings in truth.items()
    }
    drafted = cli("columns", "codes.csv", "--level", LEVEL, "-o", "map.yaml")
    assert drafted.exit_code == 0, drafted.stderr
    mapping = Path("map.yaml").read_text(encoding="utf-8")
    assert "values:" not in mapping  # 1–5 and EOS need no review
    by_codes = _score_json(cli, Path("codes.csv"), "--columns", "map.yaml")
    assert [r["overall"] for r in by_codes["respondents"]] == [
        r["overall"] for r in by_text["respondents"]
    ]


def test_question_list_pasted_into_a_form_is_scored(cli: Any, builtin: Framework) -> None:
    result = cli("export", "--to", "questions", "--level", LEVEL, "--lang", "sv", "-o", "q.txt")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    lines = Path("q.txt").read_text(encoding="utf-8").splitlines()
    points = len(builtin.scale.values)
    options = lines[3 : 3 + points + 1]
    assert options[0].startswith(f"{builtin.scale.minimum} – ")
    assert builtin.scale.cant_say is not None
    assert options[-1] == builtin.scale.cant_say.label["sv"]
    ids = [s.id for s in builtin.statements_for(LEVEL)]
    titles = {a.title["sv"] for a in builtin.areas}
    statements = [line for line in lines[4 + points :] if line and line not in titles]
    assert len(statements) == len(ids)
    # A Forms Likert question made from the list: rows are the lines, answers the options.
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["ID", "Email", *statements])
    ratings = _ratings(builtin, 99)
    writer.writerow(["1", "a@x.fi", *(options[-1] if ratings[i] is None else options[builtin.scale.values.index(ratings[i])] for i in ids)])  # type: ignore[operator]  # fmt: skip
    Path("forms.csv").write_text(buffer.getvalue(), encoding="utf-8")
    (respondent,) = _score_json(cli, Path("forms.csv"))["respondents"]
    assert respondent["answered"] == sum(v is not None for v in ratings.values())


def test_a_survey_needs_a_level(cli: Any) -> None:
    result = cli("export", "--to", "limesurvey")
    assert result.exit_code == 2 and "--level" in result.stderr

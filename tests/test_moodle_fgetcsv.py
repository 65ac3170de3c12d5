"""Every Moodle CSV we write, read back by PHP's own `fgetcsv` as Moodle reads it.

Moodle's `csv_import_reader::load_csv_content()` (lib/csvlib.class.php) converts line ends
to `\\n`, trims the text, then calls `fgetcsv($fp, 0, $delimiter, '"')` row by row: PHP's
default escape character is a backslash, so `\\"` inside a quoted field does not end it. A
row whose column count differs from the header's rejects the whole file ("File format is
invalid"). The PHP below replays exactly that and prints the rows as JSON, so a test sees
what Moodle would see: the column count of every row and every value.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from kompetens.framework.catalog import builtin_frameworks
from kompetens.framework.validation import load_framework
from kompetens.interop.moodle_csv import (
    BACKSLASH_REFERENCE,
    DELIMITERS,
    HEADERS,
    default_delimiter,
    guard_backslashes,
    moodle_cell,
    moodle_rows,
    to_moodle_csv,
)
from kompetens.model import Framework

PHP = shutil.which("php")
pytestmark = pytest.mark.skipif(PHP is None, reason="php-cli is not installed")

DATA = Path(__file__).parent / "data"

# The reading steps of csv_import_reader::load_csv_content(), in PHP.
READER = r"""<?php
$delimiter = $argv[2] === 'tab' ? "\t" : $argv[2];
$content = file_get_contents($argv[1]);
$content = preg_replace('!\r\n?!', "\n", $content);
if ($argv[2] === 'tab') {
    $content = trim($content, chr(0x20) . chr(0x0A) . chr(0x0D) . chr(0x00) . chr(0x0B));
} else {
    $content = trim($content);
}
$fp = fopen('php://temp', 'w+b');
fwrite($fp, $content);
fseek($fp, 0);
$rows = array();
while ($row = fgetcsv($fp, 0, $delimiter, '"')) {
    if (count($row) == 1 && $row[0] === null) {
        continue;
    }
    $rows[] = $row;
}
$columns = count($rows[0]);
$bad = array();
foreach ($rows as $index => $row) {
    if (count($row) !== $columns) {
        $bad[] = $index;
    }
}
echo json_encode(array('rows' => $rows, 'weird' => $bad));
"""

HOSTILE = [
    "C:\\Temp\\",
    'A path "C:\\Temp\\" in quotes',
    "ends with a backslash \\",
    'backslash before quote \\"here\\"',
    'two \\\\" backslashes',
    "line one\nline two\r\nline three",
    "commas, more, commas",
    "semi; colons; and: colons",
    "a\ttab",
    "<b>HTML</b> & <script>alert('x')</script>",
    "=SUM(A1:A2)",
    "@import url(x)",
    "+1 and -1",
    "'single' and \"double\" quotes",
    "trailing spaces   ",
]


def php_read(text: str, delimiter: str, tmp_path: Path) -> dict[str, Any]:
    assert PHP is not None
    script = tmp_path / "read.php"
    script.write_text(READER, encoding="utf-8")
    data = tmp_path / "framework.csv"
    data.write_bytes(text.encode("utf-8"))
    argument = "tab" if delimiter == "\t" else delimiter
    done = subprocess.run(
        [PHP, str(script), str(data), argument],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def hostile_framework() -> Framework:
    """The tricky test framework with a hostile text in every field that reaches Moodle."""
    framework, diagnostics = load_framework(DATA / "designer" / "tricky.yaml")
    assert framework is not None, diagnostics
    data = framework.model_dump(mode="json", exclude_none=True)
    texts = iter(HOSTILE * 20)

    def hostile(value: dict[str, str]) -> dict[str, str]:
        return {language: f"{next(texts)} {language} {next(texts)}" for language in value}

    data["title"] = hostile(data["title"])
    data["description"] = hostile(data["description"])
    for point in data["scale"]["points"]:
        point["label"] = hostile(point["label"])
    for level in data["levels"]:
        level["title"] = hostile(level["title"])
    for area in data["areas"]:
        area["title"] = hostile(area["title"])
        area["description"] = hostile(area["description"])
        for component in area["components"]:
            component["title"] = hostile(component["title"])
            component["description"] = hostile(component["description"])
            component["guidance"] = hostile(component["guidance"])
            component["descriptors"] = {k: hostile(v) for k, v in component["descriptors"].items()}
            for statement in component["statements"]:
                statement["text"] = hostile(statement["text"])
    # Every hostile text also ends a statement (a backslash right before the closing quote).
    component = data["areas"][0]["components"][0]
    for index, text in enumerate(HOSTILE):
        component["statements"].append(
            {
                "id": f"{component['id']}.hostile-{index}",
                "levels": ["basic"],
                "text": {"en": text, "fi": text},
            }
        )
    return Framework.model_validate(data)


def _expected(rows: list[list[str]]) -> list[list[str]]:
    """What PHP must read: our cells with line ends as Moodle normalises them and the
    backslashes that PHP would take for escapes guarded."""
    return [[moodle_cell(cell) for cell in row] for row in rows]


@pytest.mark.parametrize("delimiter", sorted(DELIMITERS))
@pytest.mark.parametrize("multilingual", [False, True])
def test_php_reads_every_row_and_value_of_hostile_text(
    delimiter: str, multilingual: bool, tmp_path: Path
) -> None:
    framework = hostile_framework()
    for language in framework.languages:
        text = to_moodle_csv(framework, language, delimiter=delimiter, multilingual=multilingual)
        read = php_read(text, DELIMITERS[delimiter], tmp_path)
        assert read["weird"] == [], f"rows with another column count: {read['weird']}"
        expected = _expected(moodle_rows(framework, language, multilingual=multilingual))
        assert len(read["rows"]) == len(expected)
        for got, want in zip(read["rows"], expected, strict=True):
            assert len(got) == len(HEADERS)
            assert got == want


def test_backslashes_that_php_would_misread_are_character_references(tmp_path: Path) -> None:
    framework = hostile_framework()
    text = to_moodle_csv(framework, "en", delimiter="comma")
    assert '\\"' not in text
    read = php_read(text, ",", tmp_path)
    names = [row[2] for row in read["rows"]]
    # The statement that is only `C:\Temp\` keeps its inner backslash and turns the last
    # one (before the closing quote) into a reference that Moodle shows as a backslash.
    assert f"C:\\Temp{BACKSLASH_REFERENCE}" in names
    assert f'A path "C:\\Temp{BACKSLASH_REFERENCE}" in quotes' in names
    # Backslashes that PHP reads literally stay as they are.
    assert guard_backslashes("a\\b") == "a\\b"
    assert guard_backslashes('a\\"') == f'a{BACKSLASH_REFERENCE}"'


@pytest.mark.parametrize("name", sorted(builtin_frameworks()))
def test_builtin_frameworks_read_by_php_in_every_language_and_level(
    name: str, tmp_path: Path
) -> None:
    framework, diagnostics = load_framework(builtin_frameworks()[name])
    assert framework is not None, diagnostics
    for language in framework.languages:
        for level in [None, *framework.level_ids]:
            text = to_moodle_csv(framework, language, level)
            read = php_read(text, DELIMITERS[default_delimiter(language)], tmp_path)
            assert read["weird"] == []
            assert read["rows"] == _expected(moodle_rows(framework, language, level))


def test_default_delimiter_follows_moodles_list_separator() -> None:
    # langconfig.php: listsep is ';' for fi and sv, ',' for en.
    assert default_delimiter("fi") == "semicolon"
    assert default_delimiter("sv") == "semicolon"
    assert default_delimiter("en") == "comma"


def test_multilingual_descriptions_hold_every_language(tmp_path: Path) -> None:
    framework, _ = load_framework(DATA / "minimal.yaml")
    assert framework is not None
    text = to_moodle_csv(framework, "fi", delimiter="comma", multilingual=True)
    rows = list(csv.reader(io.StringIO(text)))
    statement = next(row for row in rows if row[1] == "alpha.one.1")
    assert statement[2] == "Osaan tehdä yhden"
    assert statement[3].startswith('<span lang="fi" class="multilang"><p>Osaan tehdä yhden</p>')
    assert '<span lang="sv" class="multilang"><p>Jag kan göra ett</p>' in statement[3]
    assert '<span lang="en" class="multilang"><p>I can do one</p>' in statement[3]
    plain = list(csv.reader(io.StringIO(to_moodle_csv(framework, "fi", delimiter="comma"))))
    assert "multilang" not in "".join(cell for row in plain for cell in row)


def test_cli_delimiter_and_multilang(cli: Any, tmp_path: Path) -> None:
    minimal = str(DATA / "minimal.yaml")
    semicolon = cli("export", minimal, "--to", "moodle-csv", "--lang", "fi", "-o", "fi.csv")
    assert semicolon.exit_code == 0, semicolon.output
    written = (tmp_path / "fi.csv").read_text(encoding="utf-8")
    assert written.startswith("Parent ID number;ID number;")
    assert php_read(written, ";", tmp_path)["weird"] == []
    comma = cli("export", minimal, "--to", "moodle-csv", "--lang", "fi", "--delimiter", "comma")
    assert comma.stdout.startswith("Parent ID number,ID number,")
    english = cli("export", minimal, "--to", "moodle-csv", "--lang", "en")
    assert english.stdout.startswith("Parent ID number,ID number,")
    tab = cli("export", minimal, "--to", "moodle-csv", "--delimiter", "tab")
    assert tab.stdout.startswith("Parent ID number\tID number\t")
    multi = cli("export", minimal, "--to", "moodle-csv", "--multilang")
    assert 'class=""multilang""' in multi.stdout
    wrong = cli("export", minimal, "--to", "moodle-csv", "--delimiter", "pipe")
    assert wrong.exit_code == 2
    assert "Traceback" not in wrong.output
    not_moodle = cli("export", minimal, "--to", "md", "--delimiter", "comma")
    assert not_moodle.exit_code == 2
    assert "moodle-csv" in not_moodle.stderr


def test_related_statements_become_cross_references_that_php_reads(
    minimal: Framework, tmp_path: Path
) -> None:
    data = minimal.model_dump(mode="json", exclude_none=True)
    first = data["areas"][0]["components"][0]["statements"]
    first[0]["related"] = [
        {"statement": first[1]["id"]},
        {
            "kind": "exact-match",
            "statement": data["areas"][1]["components"][0]["statements"][0]["id"],
        },
        {"uri": "https://case.example.org/CFItems/1", "title": "Elsewhere"},
    ]
    framework = Framework.model_validate(data)
    text = to_moodle_csv(framework, "en", delimiter="comma")
    read = php_read(text, ",", tmp_path)
    row = next(row for row in read["rows"] if row[1] == first[0]["id"])
    # Statements of the framework become Moodle cross-references; one outside cannot.
    assert row[10].split(",") == [
        first[1]["id"],
        data["areas"][1]["components"][0]["statements"][0]["id"],
    ]
    # With one level, only statements of that level are referenced.
    only = to_moodle_csv(framework, "en", "basic", delimiter="comma")
    rows = php_read(only, ",", tmp_path)["rows"]
    basic_ids = {s.id for s in framework.statements_for("basic")}
    for cells in rows[1:]:
        for target in filter(None, cells[10].split(",")):
            assert target in basic_ids


@pytest.mark.parametrize(
    ("completion", "rule", "outcome"),
    [
        ({}, "core_competency\\competency_rule_all", "1"),
        ({"rule": "share", "share": 0.5, "outcome": "recommend"},
         "core_competency\\competency_rule_points", "3"),
        ({"rule": "share", "share": 1, "outcome": "complete"},
         "core_competency\\competency_rule_all", "2"),
    ],
)  # fmt: skip
def test_completion_becomes_moodle_competency_rules(
    minimal: Framework, tmp_path: Path, completion: dict[str, Any], rule: str, outcome: str
) -> None:
    data = minimal.model_dump(mode="json", exclude_none=True)
    data["completion"] = completion
    framework = Framework.model_validate(data)
    rows = php_read(to_moodle_csv(framework, "en", delimiter="comma"), ",", tmp_path)["rows"]
    competencies = rows[2:]
    export_ids = {row[1]: row[11] for row in competencies}
    assert sorted(int(i) for i in export_ids.values()) == list(range(1, len(competencies) + 1))
    components = {c.id: c for c in framework.components()}
    for row in competencies:
        if row[1] not in components:
            assert row[7:10] == ["", "0", "null"]  # areas and statements have no rule
            continue
        assert row[7] == rule
        assert row[8] == outcome
        children = {export_ids[child[1]] for child in competencies if child[0] == row[1]}
        if rule.endswith("points"):
            config = json.loads(row[9])
            # competency_rule_points::validate_config(): ids of children, 1..total points.
            ids = {str(item["id"]) for item in config["competencies"]}
            assert ids == children
            total = len(children)
            assert 1 <= config["base"]["points"] <= total
            assert config["base"]["points"] == -(-total // 2)  # half, rounded up
        else:
            assert row[9] == "null"


def test_no_completion_writes_no_rules(minimal: Framework, tmp_path: Path) -> None:
    rows = php_read(to_moodle_csv(minimal, "en", delimiter="comma"), ",", tmp_path)["rows"]
    assert all(row[7] == "" and row[11] == "" for row in rows[2:])

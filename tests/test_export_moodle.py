"""`kompetens export --to moodle-csv` against what Moodle's `tool_lpimportcsv` accepts.

The reference is Moodle's own code (admin/tool/lpimportcsv): `framework_importer::
list_required_headers()` with the English strings of lang/en/tool_lpimportcsv.php give the
header; the importer reads columns by position, treats a row with a truthy "Is framework"
as the framework, cuts ID numbers and short names to 100 characters, and attaches each
competency to the row whose ID number equals its "Parent ID number" (a row whose parent
is missing silently disappears). `moodle_import` below replays those steps so the tests can
check that every row we write lands where it should.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from kompetens.framework.catalog import builtin_frameworks
from kompetens.framework.loading import parse_yaml
from kompetens.framework.validation import check_framework_document, load_framework
from kompetens.interop.moodle_csv import (
    HEADERS,
    escape_related_id,
    moodle_idnumber,
    related_column,
    scale_configuration,
    short_idnumber,
    short_name,
    to_moodle_csv,
)
from kompetens.model import Framework

DATA = Path(__file__).parent / "data"
TRICKY = DATA / "designer" / "tricky.yaml"

# framework_importer::list_required_headers(), in order, as get_string() returns them in
# English (moodle/moodle admin/tool/lpimportcsv/lang/en/tool_lpimportcsv.php).
MOODLE_REQUIRED_HEADERS = [
    "Parent ID number",  # parentidnumber
    "ID number",  # idnumber
    "Short name",  # shortname
    "Description",  # description
    "Description format",  # descriptionformat
    "Scale values",  # scalevalues
    "Scale configuration",  # scaleconfiguration
    "Rule type (optional)",  # ruletype
    "Rule outcome (optional)",  # ruleoutcome
    "Rule config (optional)",  # ruleconfig
    "Cross-referenced competency ID numbers",  # relatedidnumbers
    "Exported ID (optional)",  # exportid
    "Is framework",  # isframework
    "Taxonomy",  # taxonomy
]
# competency_framework::get_taxonomies_list()
MOODLE_TAXONOMIES = {
    "behaviour",
    "competency",
    "concept",
    "domain",
    "indicator",
    "level",
    "outcome",
    "practice",
    "proficiency",
    "skill",
    "value",
}
# FORMAT_MOODLE, FORMAT_HTML, FORMAT_PLAIN, FORMAT_MARKDOWN
MOODLE_FORMATS = {"0", "1", "2", "4"}


def _php_truthy(value: str) -> bool:
    return value not in ("", "0")


_NUMERIC = re.compile(r"^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$")


def _php_equal(a: str, b: str) -> bool:
    """PHP 8's `==` on two strings: numerically when both look like numbers."""
    if _NUMERIC.match(a) and _NUMERIC.match(b):
        return float(a) == float(b)
    return a == b


def moodle_import(text: str) -> dict[str, Any]:
    """What `framework_importer` makes of the CSV, with the checks Moodle would apply."""
    # The header's first name is fixed, so the character after it is the delimiter.
    delimiter = text[len(MOODLE_REQUIRED_HEADERS[0])]
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header, body = rows[0], rows[1:]
    framework: dict[str, Any] | None = None
    flat: dict[str, dict[str, Any]] = {}
    for row in body:
        assert len(row) == len(MOODLE_REQUIRED_HEADERS), row
        (
            parent,
            idnumber,
            shortname,
            description,
            descformat,
            scalevalues,
            scaleconfig,
            ruletype,
            ruleoutcome,
            _ruleconfig,
            related,
            _exportid,
            isframework,
            taxonomy,
        ) = row
        # shorten_text(…, 100) would change these; we must never rely on it.
        assert len(idnumber) <= 100, idnumber
        assert len(shortname) <= 100, shortname
        assert idnumber and shortname, row
        assert "\n" not in shortname
        assert descformat in MOODLE_FORMATS
        record = {
            "parent": parent,
            "idnumber": idnumber,
            "shortname": shortname,
            "description": description,
            "scalevalues": scalevalues,
            "scaleconfig": scaleconfig,
            "ruletype": ruletype,
            "ruleoutcome": ruleoutcome,
            "related": related,
            "taxonomy": taxonomy,
            "children": [],
        }
        if _php_truthy(isframework):
            assert framework is None, "more than one framework row"
            framework = record
        else:
            assert idnumber not in flat, f"duplicate ID number {idnumber}"
            assert ruletype == ""
            int(ruleoutcome or "0")
            flat[idnumber] = record
    assert framework is not None, "no framework row"

    def add_children(node: dict[str, Any], parent_id: str) -> None:
        for competency in flat.values():
            if _php_equal(competency["parent"], parent_id):
                node["children"].append(competency)
                add_children(competency, competency["idnumber"])

    add_children(framework, "")
    # competency_framework::validate_scaleconfiguration()
    config = json.loads(framework["scaleconfig"])
    assert "scaleid" in config[0]
    items = config[1:]
    assert any(item.get("scaledefault") for item in items)
    assert any(item.get("proficient") for item in items)
    assert len(items) == len(framework["scalevalues"].split(","))
    assert all(term in MOODLE_TAXONOMIES for term in framework["taxonomy"].split(",") if term)
    # set_related(): the column is split on commas and %2C turned back into commas.
    for competency in flat.values():
        for raw in filter(None, competency["related"].split(",")):
            assert raw.replace("%2C", ",") in flat
    return {"header": header, "framework": framework, "flat": flat}


def _attached(node: dict[str, Any]) -> int:
    return sum(1 + _attached(child) for child in node["children"])


def _load(path: Path) -> Framework:
    framework, diagnostics = load_framework(path)
    assert framework is not None, diagnostics
    return framework


@pytest.fixture(scope="module")
def tricky() -> Framework:
    return _load(TRICKY)


@pytest.mark.parametrize("name", sorted(builtin_frameworks()))
def test_header_and_rows_match_moodles_importer(name: str) -> None:
    framework = _load(builtin_frameworks()[name])
    imported = moodle_import(to_moodle_csv(framework, framework.default_language))
    assert imported["header"] == MOODLE_REQUIRED_HEADERS
    assert list(HEADERS) == MOODLE_REQUIRED_HEADERS
    # Every row is attached: areas under the framework, sub-areas under areas, statements
    # under sub-areas, in the framework's order.
    root = imported["framework"]
    assert _attached(root) == len(imported["flat"])
    components = framework.components()
    assert len(imported["flat"]) == (
        len(framework.areas) + len(components) + len(framework.statement_index)
    )
    assert [child["idnumber"] for child in root["children"]] == [a.id for a in framework.areas]
    first = framework.areas[0].components[0]
    node = root["children"][0]["children"][0]
    assert node["idnumber"] == first.id
    assert [s["idnumber"] for s in node["children"]] == [s.id for s in first.statements]
    assert root["taxonomy"] == "domain,competency,indicator"
    assert root["idnumber"] == f"{framework.id}-{framework.version}"


@pytest.fixture(scope="module")
def version_1() -> Framework:
    """sote-client-work 1.0.0, whose levels have different targets (4 and 5)."""
    from kompetens.framework.catalog import resolve_framework

    framework, diagnostics = load_framework(resolve_framework("sote-client-work@1.0.0"))
    assert framework is not None, diagnostics
    return framework


def test_framework_row_carries_the_scale_and_proficiency(version_1: Framework) -> None:
    rows = list(csv.reader(io.StringIO(to_moodle_csv(version_1, "en", delimiter="comma"))))
    framework_row = rows[1]
    assert framework_row[12] == "1"
    assert framework_row[0] == ""
    assert framework_row[5] == (
        "Not yet,With support,Independently,Independently and responsibly,"
        "I develop this and guide others"
    )
    config = json.loads(framework_row[6])
    # NQF 6 expects 4 and NQF 7 expects 5: the whole framework marks 4 and 5 proficient,
    # and 4 (the lowest proficient rating) is the default Moodle awards.
    assert config[1:] == [
        {"id": 1, "scaledefault": 0, "proficient": 0},
        {"id": 2, "scaledefault": 0, "proficient": 0},
        {"id": 3, "scaledefault": 0, "proficient": 0},
        {"id": 4, "scaledefault": 1, "proficient": 1},
        {"id": 5, "scaledefault": 0, "proficient": 1},
    ]
    # Competency rows are written like Moodle's own exporter writes them.
    area_row = rows[2]
    assert area_row[7:10] == ["", "0", "null"]
    assert area_row[12] == ""
    assert area_row[4] == "1"


def test_one_level_exports_its_statements_and_target(version_1: Framework) -> None:
    builtin = version_1
    text = to_moodle_csv(builtin, "sv", "nqf6")
    imported = moodle_import(text)
    root = imported["framework"]
    assert root["idnumber"] == f"sote-client-work-nqf6-{builtin.version}"
    assert "NQF 6" in root["shortname"]
    config = json.loads(root["scaleconfig"])
    assert [item["proficient"] for item in config[1:]] == [0, 0, 0, 1, 1]
    nqf7 = json.loads(
        moodle_import(to_moodle_csv(builtin, "sv", "nqf7"))["framework"]["scaleconfig"]
    )
    assert [item["proficient"] for item in nqf7[1:]] == [0, 0, 0, 0, 1]
    statements = {s.id for s in builtin.statements_for("nqf6")}
    leaves = {
        idnumber
        for idnumber, record in imported["flat"].items()
        if not record["children"] and idnumber.count(".") == 2
    }
    assert leaves == statements
    assert len(statements) < len(builtin.statement_index)


def test_scale_configuration_for_a_fractional_target() -> None:
    config = json.loads(scale_configuration([1, 2, 3, 4], 2.5))
    assert config[0] == {"scaleid": "0"}
    assert [(c["scaledefault"], c["proficient"]) for c in config[1:]] == [
        (0, 0),
        (0, 0),
        (1, 1),
        (0, 1),
    ]


def test_tricky_text_survives_and_is_escaped(tricky: Framework) -> None:
    text = to_moodle_csv(tricky, "en")
    imported = moodle_import(text)
    rows = list(csv.reader(io.StringIO(text)))
    by_id = {row[1]: row for row in rows[1:]}
    statement = tricky.areas[0].components[0].statements[0]
    row = by_id[short_idnumber(statement.id)]
    # The full text, commas, quotes and all, is in the HTML description, escaped.
    assert (
        '<p>I can write "quoted", comma-separated text, with &lt;b&gt;HTML&lt;/b&gt; '
        "&amp; an ampersand;" in row[3]
    )
    assert "<b>" not in row[3]
    # The short name is the same text on one line, cut at a word under 100 characters.
    assert row[2].endswith("…")
    assert statement.text["en"].startswith(row[2][:-1])
    # A statement with a line break keeps it in the description and loses it in the name.
    second = by_id[short_idnumber(tricky.areas[0].components[0].statements[1].id)]
    assert second[2] == "Line one of a statement line two, after a break"
    assert "Line one of a statement<br>line two, after a break" in second[3]
    # Scale labels with commas would split Moodle's comma-separated scale.
    framework_row = rows[1]
    assert framework_row[5] == 'No; not yet,Partly "so",Yes; fully'
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in framework_row[3]
    assert "<script>" not in framework_row[3]
    # An unsafe reference URL is text, never a link; a safe one is an escaped attribute.
    component_row = by_id[short_idnumber(tricky.areas[0].components[0].id)]
    assert 'href="https://example.org/a?b=1&amp;c=&quot;2&quot;"' in component_row[3]
    assert "javascript:" not in component_row[3].split("href=")[-1].split(">")[0]
    assert "(javascript:alert('ref'))" in component_row[3]
    assert _attached(imported["framework"]) == 4


def test_long_ids_are_shortened_uniquely_and_parents_still_match(tricky: Framework) -> None:
    statement_id = tricky.areas[0].components[0].statements[0].id
    assert len(statement_id) > 100
    short = short_idnumber(statement_id)
    assert len(short) == 100
    assert short == short_idnumber(statement_id)
    other = short_idnumber(tricky.areas[0].components[0].statements[1].id)
    assert other != short
    assert short_idnumber("short.id") == "short.id"


def test_ids_that_look_like_numbers_cannot_be_confused_by_php() -> None:
    assert moodle_idnumber("1.1") == "id-1.1"
    assert moodle_idnumber("1e2") == "id-1e2"
    assert moodle_idnumber("area.1") == "area.1"
    text = "areas:\n  - id: '1'\n    title: {en: One}\n    components:\n" + "".join(
        f"      - id: '1.{n}'\n        title: {{en: C{n}}}\n        descriptors: {{basic: {{en: d}}}}\n"
        f"        statements:\n          - id: 1.{n}.1\n            levels: [basic]\n"
        f"            text: {{en: S{n}}}\n"
        for n in (1, 10)
    )
    header = TRICKY.read_text(encoding="utf-8").split("areas:")[0]
    header = header.replace(
        '  - id: advanced\n    title: {en: "Advanced | expert", fi: "Edistynyt"}\n    target: 2.5\n',
        "",
    )
    framework, diagnostics = check_framework_document(parse_yaml(header + text, "n.yaml"))
    assert framework is not None, [d.as_text() for d in diagnostics]
    imported = moodle_import(to_moodle_csv(framework, "en"))
    assert _attached(imported["framework"]) == len(imported["flat"]) == 5


def test_cross_reference_ids_escape_commas() -> None:
    assert escape_related_id("a,b") == "a%2Cb"
    assert related_column(["x.1", "y,2"]) == "x.1,y%2C2"
    assert related_column([]) == ""


def test_short_name_cuts_at_a_word() -> None:
    assert short_name("  two\n words ") == "two words"
    long = "word " * 40
    cut = short_name(long)
    assert len(cut) <= 100
    assert cut.endswith("word…")


def test_cli_writes_the_file_and_refuses_an_invalid_framework(cli: Any, tmp_path: Path) -> None:
    result = cli("export", "--to", "moodle-csv", "-o", "framework.csv")
    assert result.exit_code == 0, result.output
    written = (tmp_path / "framework.csv").read_text(encoding="utf-8")
    assert moodle_import(written)["header"] == MOODLE_REQUIRED_HEADERS
    assert "wrote framework.csv" in result.stderr
    assert not list(tmp_path.glob(".framework.csv.*"))  # no temporary file left behind
    # -o's suffix chooses the format; stdout without -o.
    assert cli("export", "-o", "again.csv").exit_code == 0
    assert (tmp_path / "again.csv").read_text(encoding="utf-8") == written
    stdout = cli("export", "--to", "moodle-csv")
    assert stdout.stdout == written

    broken = tmp_path / "broken.yaml"
    broken.write_text(
        TRICKY.read_text(encoding="utf-8").replace("target: 2.5", "target: 9"), encoding="utf-8"
    )
    refused = cli("export", str(broken), "--to", "moodle-csv", "-o", "broken.csv")
    assert refused.exit_code == 1
    assert "error [target-out-of-scale]" in refused.stderr
    assert "is not a valid framework" in refused.stderr
    assert not (tmp_path / "broken.csv").exists()
    assert "Traceback" not in refused.output


def test_cli_usage_errors(cli: Any) -> None:
    no_format = cli("export", "-o", "framework.txt")
    assert no_format.exit_code == 2
    assert "--to" in no_format.stderr
    bad_language = cli("export", "--to", "moodle-csv", "--lang", "de")
    assert bad_language.exit_code == 2
    assert "fi, sv, en" in bad_language.stderr
    bad_level = cli("export", "--to", "moodle-csv", "--level", "nqf9")
    assert bad_level.exit_code == 2
    assert "nqf6, nqf7" in bad_level.stderr

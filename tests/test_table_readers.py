"""Reading tables the way survey tools and spreadsheets write them, and bad input: each
problem located (file, row, column), exit 1 or 2, good rows still scored, inputs untouched."""

from __future__ import annotations

import csv
import hashlib
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from kompetens.cohort import workbooks
from kompetens.cohort.collect import CollectOptions, collect
from kompetens.model import Framework

DATA = Path(__file__).parent / "data"
MINIMAL = DATA / "minimal.yaml"
HEADER = [
    "Sähköposti",
    "Osaan tehdä yhden",
    "I can explain one",
    "Jag kan göra två",
    "1. Osaan beetan",
]


def run(mini: Framework, *inputs: Path, **options: Any) -> Any:
    options.setdefault("level", "basic")
    return collect([str(i) for i in inputs], CollectOptions(framework=mini, **options))


def write_xlsx(path: Path, rows: list[list[Any]], title: str = "Sheet1") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def rewrite_part(path: Path, part: str, change: Any) -> None:
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            target.writestr(info, change(data) if info.filename == part else data)


def test_statements_are_found_by_text_in_any_language(tmp_path: Path, minimal: Framework) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        ",".join(HEADER) + "\na@x.fi,3,Itsenäisesti,2 – Tuettuna,EOS\n", encoding="utf-8"
    )
    collection = run(minimal, table)
    (entry,) = collection.entries
    assert entry.respondent == "a@x.fi" and entry.answered == 3 and entry.cant_say == 1


def test_a_wrong_dimension_does_not_cut_the_sheet_short(tmp_path: Path, minimal: Framework) -> None:
    path = write_xlsx(
        tmp_path / "t.xlsx", [HEADER] + [[f"r{i}@x.fi", 3, 3, 3, 3] for i in range(40)]
    )
    rewrite_part(
        path,
        "xl/worksheets/sheet1.xml",
        lambda data: data.replace(b'<dimension ref="A1:E41" />', b'<dimension ref="A1:A1" />'),
    )
    assert b'ref="A1:A1"' in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert len(run(minimal, path).entries) == 40


@pytest.mark.parametrize("padding", [b"", b"<!--" + b" " * 70_000 + b"-->"])
@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_xml_entities_are_refused_as_that_files_problem(
    tmp_path: Path, minimal: Framework, cli: Any, suffix: str, padding: bytes
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(",".join(HEADER) + "\na@x.fi,3,3,3,3\n", encoding="utf-8")
    bomb = (
        b'<?xml version="1.0"?>'
        + padding
        + b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    )
    if suffix == ".xlsx":
        path = write_xlsx(tmp_path / "bomb.xlsx", [HEADER, ["b@x.fi", 3, 3, 3, 3]])
        part = "xl/worksheets/sheet1.xml"
    else:
        path = tmp_path / "bomb.ods"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            archive.writestr("content.xml", b"<office:document-content/>")
        part = "content.xml"
    rewrite_part(path, part, lambda data: bomb + data.split(b"?>", 1)[-1])
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    collection = run(minimal, good, path)
    assert len(collection.entries) == 1
    (problem,) = collection.rejected
    assert problem.file == str(path) and problem.code == "unreadable"
    assert "<!DOCTYPE" in problem.message and part in problem.message
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    result = cli("score", str(good), str(path), "--framework", str(MINIMAL), "--level", "basic", "--lang", "en")  # fmt: skip
    assert result.exit_code == 2 and "bomb" in result.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_workbook_that_unpacks_too_large_is_refused_before_parsing(
    tmp_path: Path, minimal: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_xlsx(tmp_path / "big.xlsx", [HEADER, ["b@x.fi", 3, 3, 3, 3]])
    monkeypatch.setattr(workbooks, "MAX_UNPACKED_BYTES", 2000)
    (problem,) = run(minimal, path).rejected
    assert problem.code == "unreadable" and "unpacks to" in problem.message


def test_a_utf8_table_with_one_windows_1252_row_is_read_row_by_row(
    tmp_path: Path, minimal: Framework
) -> None:
    table = tmp_path / "t.csv"
    lines = [
        ";".join(["Nimi", *HEADER[1:]]).encode("utf-8"),
        "Äijälä Öljy;3;3;3;3".encode(),
        "Åsa Ärlig;2;2;2;2".encode("cp1252"),
        "Mäki;4;4;4;4".encode(),
    ]
    table.write_bytes(b"\r\n".join(lines) + b"\r\n")
    collection = run(minimal, table)
    assert [e.respondent for e in collection.entries] == ["Äijälä Öljy", "Åsa Ärlig", "Mäki"]
    (mixed,) = [d for d in collection.notes if d.code == "mixed-encoding"]
    assert mixed.line == 3 and "3" in mixed.message


def test_finnish_excel_semicolons_windows_1252_and_decimal_commas(
    tmp_path: Path, minimal: Framework
) -> None:
    table = tmp_path / "t.csv"
    table.write_bytes(
        "Nimi;Osaan tehdä yhden;Osaan selittää yhden;Osaan tehdä kaksi;Osaan beetan\r\n"
        "Mäkelä;3,0;4,0;Itsenäisesti;En osaa sanoa\r\n".encode("cp1252")
    )
    (entry,) = run(minimal, table).entries
    assert entry.respondent == "Mäkelä" and entry.answered == 3 and entry.cant_say == 1


def test_lone_carriage_returns_end_lines(tmp_path: Path, minimal: Framework) -> None:
    table = tmp_path / "t.csv"
    table.write_bytes((",".join(HEADER) + "\ra@x.fi,3,3,3,3\rb@x.fi,2,2,2,2\r").encode("utf-8"))
    assert [e.respondent for e in run(minimal, table).entries] == ["a@x.fi", "b@x.fi"]


def test_excel_unicode_text_is_read_and_found_in_folders(
    tmp_path: Path, minimal: Framework
) -> None:
    text = "\t".join(HEADER) + "\r\na@x.fi\t3\t3\t3\t3\r\n"
    (tmp_path / "answers.txt").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    (tmp_path / "notes.txt").write_text("remember to ask about row 3\n", encoding="utf-8")
    collection = run(minimal, tmp_path)
    assert [e.respondent for e in collection.entries] == ["a@x.fi"]
    assert not collection.rejected


@pytest.mark.parametrize("time", ["1.1.0001 00.00", "31.2.2025 10.00", "eilen"])
def test_an_unreadable_time_is_a_warning_on_its_row_and_the_answers_count(
    tmp_path: Path, minimal: Framework, time: str
) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "Email,Timestamp," + ",".join(HEADER[1:]) + f"\na@x.fi,{time},3,3,3,3\n"
        "b@x.fi,14.3.2025 15.38.17,2,2,2,2\n",
        encoding="utf-8",
    )
    collection = run(minimal, table)
    assert len(collection.entries) == 2 and not collection.rejected
    (warning,) = [d for d in collection.notes if d.code == "bad-time"]
    assert (warning.line, warning.col) == (2, 2) and time in warning.message


@pytest.mark.parametrize(
    "time",
    ["2025/03/14 3:38:17 PM GMT+2", "14.3.2025 15.38.17", "3/14/2025 15:38", "2025-03-14 15:38"],
)
def test_times_of_survey_tools_are_read(tmp_path: Path, minimal: Framework, time: str) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "Email,Timestamp," + ",".join(HEADER[1:]) + f'\na@x.fi,"{time}",3,3,3,3\n',
        encoding="utf-8",
    )
    collection = run(minimal, table)
    assert collection.entries[0].completed is not None
    assert not [d for d in collection.notes if d.code == "bad-time"]


def test_header_row_sheet_and_two_header_rows(tmp_path: Path, minimal: Framework) -> None:
    path = tmp_path / "t.xlsx"
    workbook = openpyxl.Workbook()
    first = workbook.active
    assert first is not None
    first.title = "Ohje"
    first.append(["Täytä yksi rivi"])
    answers = workbook.create_sheet("Vastaukset")
    answers.append(["Kysely kevät 2025"])
    answers.append(["Sähköposti", "1. Alfa", None, None, "2. Beeta"])
    answers.append(
        [None, "Osaan tehdä yhden", "Osaan selittää yhden", "Osaan tehdä kaksi", "Osaan beetan"]
    )
    answers.append(["a@x.fi", 3, 3, 3, 3])
    workbook.save(path)
    collection = run(minimal, path)
    assert [e.respondent for e in collection.entries] == ["a@x.fi"]
    assert any(d.code == "header-row" and d.line == 3 for d in collection.notes)
    assert run(minimal, path, sheet="Vastaukset", header_row=3).entries
    (missing,) = run(minimal, path, sheet="Nope").rejected
    assert missing.code == "no-sheet" and "Vastaukset" in missing.message


def test_two_columns_for_one_statement_is_an_error_naming_both(
    tmp_path: Path, minimal: Framework, cli: Any
) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "Email,Osaan tehdä yhden,alpha.one.1 (again),Osaan selittää yhden,Osaan tehdä kaksi\n"
        "a@x.fi,3,3,3,3\n",
        encoding="utf-8",
    )
    collection = run(minimal, table)
    (problem,) = collection.rejected
    assert problem.code == "duplicate-column" and (problem.line, problem.col) == (1, 3)
    assert "2 ('Osaan tehdä yhden')" in problem.message and "3 ('alpha.one.1" in problem.message
    assert collection.entries[0].answered == 2  # the other statements are scored
    result = cli("score", str(table), "--framework", str(MINIMAL), "--level", "basic", "--lang", "en")  # fmt: skip
    assert result.exit_code == 1


def test_one_header_matching_two_statements_is_an_error_naming_both(
    tmp_path: Path, minimal: Framework
) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "Email,alpha.one.1 or alpha.one.2,Osaan tehdä kaksi\na@x.fi,3,3\n", encoding="utf-8"
    )
    collection = run(minimal, table)
    (problem,) = collection.rejected
    assert problem.code == "ambiguous-column" and "alpha.one.1, alpha.one.2" in problem.message


def test_a_label_no_scale_knows_is_located_and_other_rows_scored(
    tmp_path: Path, minimal: Framework
) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        ",".join(HEADER)
        + "\na@x.fi,3,3,3,3\nb@x.fi,3,Loistavasti,3,3\nc@x.fi,3,2 – Ohjaan muita,3,3\n",
        encoding="utf-8",
    )
    collection = run(minimal, table)
    assert [e.respondent for e in collection.entries] == ["a@x.fi"]
    found = {(d.line, d.col): d.message for d in collection.rejected}
    assert "Loistavasti" in found[(3, 3)]
    assert "Ohjaan muita" in found[(4, 3)]


def test_cant_say_markers_can_be_added(tmp_path: Path, minimal: Framework) -> None:
    table = tmp_path / "t.csv"
    table.write_text(",".join(HEADER) + "\na@x.fi,3,Ei tietoa,3,3\n", encoding="utf-8")
    assert run(minimal, table).rejected
    (entry,) = run(minimal, table, cant_say=("Ei tietoa",)).entries
    assert entry.cant_say == 1


def test_statements_of_another_level_are_located(tmp_path: Path, minimal: Framework) -> None:
    table = tmp_path / "t.csv"
    table.write_text(",".join(HEADER) + ",Kehitän yhtä\na@x.fi,3,3,3,3,4\n", encoding="utf-8")
    (problem,) = run(minimal, table).rejected
    assert (problem.line, problem.col, problem.code) == (2, 6, "unknown-statement")


def test_another_frameworks_export_says_how_to_map_and_writes_nothing(
    tmp_path: Path, cli: Any
) -> None:
    table = tmp_path / "other.csv"
    table.write_text("Email,How satisfied are you?\na@x.fi,4\n", encoding="utf-8")
    before = table.read_bytes()
    result = cli("score", str(table), "--framework", str(MINIMAL), "--level", "basic", "--lang", "en", "--csv", "s.csv", "--report", "r.html")  # fmt: skip
    assert result.exit_code == 2
    assert f"{table}:1:1: error [no-statements]" in result.stderr
    assert f"kompetens columns {table} --level basic" in result.stderr
    assert not Path("s.csv").exists() and not Path("r.html").exists()
    assert table.read_bytes() == before


def test_thirty_bad_rows_are_thirty_rows_not_scored(tmp_path: Path, cli: Any) -> None:
    table = tmp_path / "t.csv"
    rows = [f"r{i}@x.fi,9,3,3,3" for i in range(30)]
    table.write_text(",".join(HEADER) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = cli("score", str(table), "--framework", str(MINIMAL), "--level", "basic", "--lang", "en", "--csv", "s.csv")  # fmt: skip
    assert result.exit_code == 2
    assert "30 row(s) not scored" in result.stderr
    assert result.stderr.count("[off-scale]") == 30
    assert not Path("s.csv").exists()


def test_messages_come_in_the_chosen_language(tmp_path: Path, cli: Any) -> None:
    table = tmp_path / "t.csv"
    table.write_text(",".join(HEADER) + "\na@x.fi,3,3,3,3\nb@x.fi,9,3,3,3\n", encoding="utf-8")
    finnish = cli("score", str(table), "--framework", str(MINIMAL), "--level", "basic", "--lang", "fi")  # fmt: skip
    assert "arvio 9 ei ole asteikolla" in finnish.stderr
    assert "1 riviä jäi pisteyttämättä" in finnish.stdout
    swedish = cli("score", str(table), "--framework", str(MINIMAL), "--level", "basic", "--lang", "sv")  # fmt: skip
    assert "bedömningen 9 finns inte på skalan" in swedish.stderr


def test_a_column_map_naming_an_unknown_statement_is_located(tmp_path: Path, cli: Any) -> None:
    table = tmp_path / "t.csv"
    table.write_text("id,Q1,Q2\n1,3,3\n", encoding="utf-8")
    mapping = tmp_path / "map.yaml"
    mapping.write_text("columns:\n  Q1: alpha.one.1\n  Q2: alpha.nine.9\n", encoding="utf-8")
    result = cli("score", str(table), "--framework", str(MINIMAL), "--level", "basic", "--lang", "en", "--columns", str(mapping))  # fmt: skip
    assert result.exit_code == 2
    assert f"{mapping}:3:1: error [column-map] 'alpha.nine.9' is not a statement" in result.stderr
    mapping.write_text(
        "kind,from,to\ncolumn,Q1,alpha.one.1\ncolumn,Q2,alpha.one.2\nvalue,AO06,cant-say\n",
        encoding="utf-8",
    )
    mapping = mapping.rename(tmp_path / "map.csv")
    ok = cli("score", str(table), "--framework", str(MINIMAL), "--level", "basic", "--lang", "en", "--columns", str(mapping))  # fmt: skip
    assert ok.exit_code == 0, ok.stderr
    mapping.write_text(
        mapping.read_text(encoding="utf-8") + "column,Q9,beta.one.1\n", encoding="utf-8"
    )
    unused = cli("score", str(table), "--framework", str(MINIMAL), "--level", "basic", "--lang", "en", "--columns", str(mapping))  # fmt: skip
    assert (
        f"{mapping}:5:1: warning [map-unused] the map's header(s) 'Q9' are not in" in unused.stderr
    )


def test_csv_dialect_follows_the_language_and_can_be_chosen(tmp_path: Path, cli: Any) -> None:
    table = tmp_path / "t.csv"
    table.write_text(",".join(HEADER) + "\na@x.fi,3,4,3,3\nb@x.fi,2,3,2,2\n", encoding="utf-8")
    common = [
        "score",
        str(table),
        "--framework",
        str(MINIMAL),
        "--level",
        "basic",
        "--min-group",
        "1",
    ]
    assert cli(*common, "--lang", "fi", "--csv", "fi.csv").exit_code == 0
    finnish = Path("fi.csv").read_text(encoding="utf-8-sig").splitlines()
    assert finnish[0].startswith("respondent;name;level") and ";3,125;-0,125;" in finnish[1]
    assert cli(*common, "--lang", "fi", "--csv-dialect", "comma", "--csv", "c.csv").exit_code == 0
    assert Path("c.csv").read_text(encoding="utf-8-sig").startswith("respondent,name,level")


def test_anonymous_forms_responses_are_told_apart_by_their_response_id(
    tmp_path: Path, minimal: Framework
) -> None:
    path = write_xlsx(
        tmp_path / "forms.xlsx",
        [["ID", "Start time", "Completion time", "Email", "Name", *HEADER[1:]]]
        + [[n, None, f"3/14/2025 15:{n:02d}", "anonymous", None, 3, 3, 2, 2] for n in range(1, 31)],
    )
    collection = run(minimal, path)
    assert [e.respondent for e in collection.entries] == [str(n) for n in range(1, 31)]
    assert not [d for d in collection.notes if d.code == "double-submission"]


def test_the_columns_command_never_writes_over_the_export(tmp_path: Path, cli: Any) -> None:
    table = tmp_path / "t.csv"
    table.write_text("id,Q1\n1,3\n", encoding="utf-8")
    before = table.read_bytes()
    result = cli("columns", str(table), "--framework", str(MINIMAL), "--level", "basic", "-o", str(table), "--force")  # fmt: skip
    assert result.exit_code == 2 and table.read_bytes() == before
    unknown = cli("columns", str(table), "--framework", str(MINIMAL), "--level", "expert")
    assert unknown.exit_code == 2 and "unknown level" in unknown.stderr
    missing = cli("columns", str(tmp_path / "nope.csv"), "--framework", str(MINIMAL), "--level", "basic")  # fmt: skip
    assert missing.exit_code == 2 and "nope.csv" in missing.stderr


def test_a_title_spanning_lines_above_the_header_is_skipped(
    tmp_path: Path, minimal: Framework
) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        '"Kysely\nkevät 2025",,,,\n' + ",".join(HEADER) + "\na@x.fi,3,3,3,3\n", encoding="utf-8"
    )
    collection = run(minimal, table)
    (entry,) = collection.entries
    assert entry.line == 4  # the row's own line in the file
    assert any(d.code == "header-row" and d.line == 3 for d in collection.notes)


@pytest.mark.parametrize(
    "header",
    [
        "Osaan selittää yhden",
        "3. Osaan selittää yhden",
        "12) osaan SELITTÄÄ yhden!",
        "Q01_alpha->Osaan selittää yhden",
        "Alfa [Osaan selittää yhden]",
        "(Q2) Osaan selittää yhden",
        "(alpha.one.2) I can explain one",
        "<p>Jag kan <b>förklara</b> ett</p>",
        "I can explain one.",
    ],
)
def test_headers_as_survey_tools_decorate_them(
    tmp_path: Path, minimal: Framework, header: str
) -> None:
    table = tmp_path / "t.csv"
    with table.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([["Email", header], ["a@x.fi", "4"]])
    (entry,) = run(minimal, table).entries
    assert entry.answered == 1
    assert entry.codes[[s.id for s in minimal.statements_for("basic")].index("alpha.one.2")] == 4


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_a_workbook_with_too_many_cells_is_refused(
    tmp_path: Path, minimal: Framework, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    rows = [HEADER] + [[f"r{i}@x.fi", 3, 3, 3, 3] for i in range(30)]
    if suffix == ".xlsx":
        path = write_xlsx(tmp_path / "many.xlsx", rows)
    else:
        path = tmp_path / "many.ods"
        shutil.copy(DATA / "surveys" / "libreoffice.ods", path)
    monkeypatch.setattr(workbooks, "MAX_CELLS", 100)
    (problem,) = run(minimal, path).rejected
    assert problem.code == "unreadable" and "more than 100 cells" in problem.message


def test_ods_cells_keep_their_spaces_and_line_breaks(tmp_path: Path, minimal: Framework) -> None:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        '<office:spreadsheet><table:table table:name="Svar"><table:table-row>'
        "<table:table-cell><text:p>E-post</text:p></table:table-cell>"
        "<table:table-cell><text:p>Jag<text:line-break/>kan<text:s/> göra ett</text:p>"
        "</table:table-cell></table:table-row><table:table-row>"
        "<table:table-cell><text:p>a@x.fi</text:p></table:table-cell>"
        '<table:table-cell office:value-type="float" office:value="3"><text:p>3</text:p>'
        "</table:table-cell></table:table-row></table:table></office:spreadsheet>"
        "</office:body></office:document-content>"
    )
    path = tmp_path / "t.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
    (entry,) = run(minimal, path).entries
    assert entry.respondent == "a@x.fi" and entry.answered == 1


def test_group_and_consent_columns_are_known(tmp_path: Path, minimal: Framework) -> None:
    table = tmp_path / "t.csv"
    table.write_text(
        "Sähköposti,Ryhmä,Annan suostumukseni vastausteni käyttöön,Kommentti,"
        + ",".join(HEADER[1:])
        + "\na@x.fi,SH25A,Kyllä,hyvä,3,3,3,3\n",
        encoding="utf-8",
    )
    collection = run(minimal, table, by=("Ryhmä",))
    (unknown,) = [d for d in collection.notes if d.code == "unrecognised-column"]
    assert "'Kommentti'" in unknown.message and "Ryhmä" not in unknown.message
    assert "suostumukseni" not in unknown.message
    assert collection.entries[0].groups == {"Ryhmä": "SH25A"}

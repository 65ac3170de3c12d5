"""A `--columns` map is refused with every problem in it, each naming the map file and line,
and read into the header → statement and value → rating it states when it is right."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from kompetens.cohort.columnmap import read_column_map
from kompetens.model import Framework
from kompetens.text.i18n import Messages

EN = Messages("en")
SURVEYS = Path(__file__).parent / "data" / "surveys"
MINIMAL = Path(__file__).parent / "data" / "minimal.yaml"


def _problems(path: Path, minimal: Framework) -> list[tuple[int, str]]:
    mapping, problems = read_column_map(path, minimal, EN)
    assert mapping is None
    assert problems and all(p.file == str(path) for p in problems)
    return [(p.line, p.message) for p in problems]


def test_a_yaml_map_reports_every_wrong_line(tmp_path: Path, minimal: Framework) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(
        "columns:\n"
        "  Q1: alpha.one.1\n"
        "  Q2: alpha.nine.9\n"
        "  Q3:\n"
        "  q1: alpha.one.2\n"
        "  Q4: alpha.one.1\n"
        "values:\n"
        "  AO06: cant-say\n"
        "  X: 9\n",
        encoding="utf-8",
    )
    assert _problems(path, minimal) == [
        (3, "'alpha.nine.9' is not a statement of mini"),
        (4, "no statement id for 'Q3'; write one, or delete the line"),
        (5, "'q1' is mapped twice (first on line 2)"),
        (9, "value 'X': '9' is not a rating; use 1–4 or cant-say"),
        (6, "alpha.one.1 is mapped from two headers (the other on line 2)"),
    ]


def test_a_csv_map_reports_kinds_ratings_and_its_header(tmp_path: Path, minimal: Framework) -> None:
    path = tmp_path / "map.csv"
    path.write_text("kind,from,to\ncolumn,Q1,alpha.one.1\nfoo,x,y\nvalue,A,zz\n", encoding="utf-8")
    assert _problems(path, minimal) == [
        (3, "kind 'foo': use column or value"),
        (4, "value 'A': 'zz' is not a rating; use 1–4 or cant-say"),
    ]
    path.write_text("a,b,c\n", encoding="utf-8")
    assert _problems(path, minimal) == [(1, "a CSV column map starts with the header kind,from,to")]


def test_a_map_of_another_shape_or_encoding_is_refused(tmp_path: Path, minimal: Framework) -> None:
    shape = tmp_path / "shape.yaml"
    shape.write_text("columns:\n  Q1: alpha.one.1\nother: 1\n", encoding="utf-8")
    assert [line for line, _ in _problems(shape, minimal)] == [1]
    nested = tmp_path / "nested.yaml"
    nested.write_text("columns: [Q1, Q2]\n", encoding="utf-8")
    assert [line for line, _ in _problems(nested, minimal)] == [1]
    latin = tmp_path / "latin.csv"
    latin.write_bytes("kind,from,to\nvalue,Ei vastausta,cant-say\nvalue,Kyllä,2\n".encode("cp1252"))
    assert _problems(latin, minimal) == [(0, "the column map cannot be read as UTF-8 text")]
    assert _problems(tmp_path / "missing.yaml", minimal) == [(0, "no such file")]


def test_a_right_map_states_columns_and_values(tmp_path: Path, minimal: Framework) -> None:
    path = tmp_path / "map.csv"
    path.write_text(
        "\ufeffkind;from;to\ncolumn;K1[SQ001];alpha.one.1\n;;\nvalue;AO06;cant-say\nvalue;A2;2\n",
        encoding="utf-8",
    )
    mapping, problems = read_column_map(path, minimal, EN)
    assert problems == [] and mapping is not None
    assert mapping.statement_for(" k1[sq001] ") == "alpha.one.1"
    assert mapping.headers == {"k1[sq001]": "K1[SQ001]"}
    assert mapping.values == {"AO06": None, "A2": 2}


def test_a_drafted_map_speaks_the_readers_language_and_still_reads(cli: Any) -> None:
    export = SURVEYS / "limesurvey-codes.csv"
    drafted = cli("columns", str(export), "--framework", str(SURVEYS / "framework.yaml"), "--level", "nqf6", "--lang", "sv", "-o", "map.yaml")  # fmt: skip
    assert drafted.exit_code == 0, drafted.stderr
    text = Path("map.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        "# kompetens kolumnkarta för limesurvey-codes.csv: sote-client-work, nivå nqf6\n"
        "# Kontrollera varje rad märkt REVIEW, sedan: kompetens score EXPORT --columns DENNA-FIL\n"
        "columns:\n"
    )
    assert "REVIEW: gissat utifrån ordningen" in text


def test_a_drafted_csv_map_names_matches_guesses_and_open_lines(
    cli: Any, tmp_path: Path, minimal: Framework
) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "Vastaaja,Osaan tehdä yhden,I can explain on,Q3,Q4,Q5,Kommentti\n"
        "s1,3,2,4,AO06,1,hyvä kurssi\n"
        "s2,4,3,EOS,2,2,ok\n"
        "s3,2,2,3,3,1,\n",
        encoding="utf-8",
    )
    drafted = cli("columns", str(export), "--framework", str(MINIMAL), "--level", "basic", "--lang", "en", "-o", "map.csv")  # fmt: skip
    assert drafted.exit_code == 0, drafted.stderr
    raw = Path("map.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # opens in Excel as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["kind", "from", "to", "note"]
    by_header = {row[1]: row for row in rows[1:]}
    assert by_header["Osaan tehdä yhden"] == ["column", "Osaan tehdä yhden", "alpha.one.1", ""]
    assert by_header["I can explain on"][2] == "alpha.one.2"
    assert by_header["I can explain on"][3].startswith("REVIEW: near match (")
    assert by_header["Q3"][2:] == ["alpha.two.1", "REVIEW: guessed by position; check that this column asks this statement"]  # fmt: skip
    assert by_header["Q4"][2] == "beta.one.1"
    assert by_header["Q5"][2:] == ["", "REVIEW: no statement found; write its id or delete the line"]  # fmt: skip
    assert by_header["AO06"] == ["value", "AO06", "", "REVIEW: not a rating; write 1–4 or cant-say"]
    assert "Kommentti" not in by_header and "Vastaaja" not in by_header
    # Refused until each open line is filled in: nothing is guessed silently.
    problems = _problems(Path("map.csv"), minimal)
    assert [message for _, message in problems] == [
        "no statement id for 'Q5'; write one, or delete the line",
        "value 'AO06': '' is not a rating; use 1–4 or cant-say",
    ]

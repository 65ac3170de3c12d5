"""Tables whose cells are all quoted (as LimeSurvey and other survey tools export them) are
read a piece at a time, like unquoted ones: quotes that wrap whole cells on one line leave
every line one row (`quotedcells`), and the numpy reader takes the quotes off."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kompetens.cohort import quotedcells
from kompetens.cohort.bytecells import ByteColumns
from kompetens.cohort.quotedcells import quotes_wrap_cells
from kompetens.model import Framework
from tests.test_cohort_columnar_outputs import _generator

CELLS = ["", "4", "-", "a", "ä", "x y", "a,b", 'say "hi"', "two\nlines", " 3", "5 "]


def _rows_of(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


@settings(max_examples=400, deadline=None)
@given(
    rows=st.lists(st.lists(st.sampled_from(CELLS), min_size=3, max_size=3), max_size=8),
    quoting=st.sampled_from([csv.QUOTE_ALL, csv.QUOTE_MINIMAL, csv.QUOTE_NONNUMERIC]),
    delimiter=st.sampled_from([",", ";"]),
    ending=st.sampled_from(["\n", "\r\n"]),
    piece=st.sampled_from([1 << 20, 8, 30]),
    raw=st.lists(
        st.sampled_from(['x"y,"z', '"a" ,b', ' "a",b', '"open', '""', '"a""b"']), max_size=2
    ),
)
def test_quotes_that_wrap_cells_leave_each_line_one_row(
    rows: list[list[str]], quoting: int, delimiter: str, ending: str, piece: int, raw: list[str]
) -> None:
    """When `quotes_wrap_cells` says so, reading each line on its own gives the rows that
    reading the whole text gives; quotes inside cells, quoted line breaks and text after
    a closing quote are refused. The text is looked at in pieces of whole lines (small
    ones here, so that pieces end inside the table)."""
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator=ending).writerows(rows)
    text = out.getvalue() + "".join(line + ending for line in raw)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(quotedcells, "PIECE_CHARS", piece)
        wraps = quotes_wrap_cells(text, delimiter)
    if not wraps:
        return
    whole = _rows_of(text, delimiter)
    by_line = [row for line in text.splitlines(keepends=True) for row in _rows_of(line, delimiter)]
    assert whole == by_line


def test_what_quotes_wrap_cells_refuses() -> None:
    for text in ['"a""b",c\n', 'x"y,"z\n"\n', '"a\nb",c\n', '"a" ,b\n', ' "a",b\n', '"a\n']:
        assert not quotes_wrap_cells(text, ","), text
    for text in ['"a","b"\r\n"",c\n', '"a,b",c\n', "no quotes\n", '"a"']:
        assert quotes_wrap_cells(text, ","), text


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(
        st.lists(
            st.sampled_from(["", "4", "-", "ä", "10", "x y", " 3", "a,b"]), min_size=4, max_size=4
        ),
        min_size=1,
        max_size=10,
    ),
    quoted=st.lists(st.booleans(), min_size=40, max_size=40),
    ending=st.sampled_from(["\n", "\r\n"]),
)
def test_numpy_takes_the_quotes_off_as_the_csv_module_does(
    rows: list[list[str]], quoted: list[bool], ending: str
) -> None:
    """Cells in quotes or not, in any mix: the cells and codes `ByteColumns` finds are what
    the csv module reads, or it declines (a delimiter in a quoted cell, a long rating)."""
    flags = iter(quoted)
    lines = []
    for row in rows:
        cells = [f'"{cell}"' if next(flags) or "," in cell else cell for cell in row]
        lines.append(",".join(cells) + ending)
    text = "".join(lines)
    expected = _rows_of(text, ",")
    found = ByteColumns.of(text, ",", 4, [1, 3])
    if found is None:
        assert (
            any("," in cell for row in rows for cell in row)
            or any(len(row[i].encode()) > 2 for row in rows for i in (1, 3))
            or any(not "".join(row).strip() for row in rows)
        )
        return
    assert [list(found.row(i)) for i in range(len(found))] == expected
    assert [list(found[i]) for i in range(4)] == [list(c) for c in zip(*expected, strict=True)]
    meaning = {"": 0, "4": 4, "-": 255, "ä": 254, "10": 254, " 3": 3}
    codes = found.codes([1, 3], meaning)
    assert codes.tolist() == [[meaning[row[1]], meaning[row[3]]] for row in expected]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_quoted_export_scores_as_the_same_export_unquoted(
    builtin: Framework, tmp_path: Path, jobs: str
) -> None:
    """A LimeSurvey-style export (every cell quoted) of the benchmark cohort gives the same
    CSV, summary and exit code as the same table without quotes."""
    from typer.testing import CliRunner

    from kompetens.cli.app import app

    plain = _generator(tmp_path / "plain").write_csv(builtin, builtin.level_ids[-1], 5000, seed=3)
    quoted_folder = tmp_path / "quoted"
    quoted_folder.mkdir()
    quoted = quoted_folder / plain.name
    with (
        plain.open(encoding="utf-8", newline="") as source,
        quoted.open("w", encoding="utf-8", newline="") as target,
    ):
        csv.writer(target, quoting=csv.QUOTE_ALL).writerows(csv.reader(source))
    assert quoted.read_text(encoding="utf-8").startswith('"')
    results = []
    for table in (plain, quoted):
        out = table.with_suffix(".scores.csv")
        result = CliRunner().invoke(
            app,
            ["score", str(table), "--level", builtin.level_ids[-1], "--csv", str(out), "-j", jobs],
            env={"KOMPETENS_LANG": "en", "COLUMNS": "400"},
            catch_exceptions=False,
        )
        text = out.read_text(encoding="utf-8").replace(str(table), "TABLE")
        results.append((result.exit_code, result.stdout.replace(str(table), "TABLE"), text))
    assert results[0] == results[1]
    assert results[0][2].count("\n") == 5001

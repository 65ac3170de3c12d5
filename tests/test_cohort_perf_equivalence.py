"""The fast row reader gives exactly what the exact one (`score_row`) gives, row by row."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kompetens.cohort.records import Entry
from kompetens.cohort.table import (
    ReadContext,
    RowTask,
    Table,
    TableOptions,
    chunk_outputs,
    init_rows,
    read_part,
    read_table,
    row_entry,
    score_row,
    score_rows,
    text_parts,
)
from kompetens.model import Framework


def _messy_table(framework: Framework, path: Path) -> Path:
    level = framework.level_ids[0]
    statements = [s.id for s in framework.statements_for(level)]
    others = [s.id for s in framework.statements_for(framework.level_ids[-1])]
    statements += [s for s in others if s not in statements][:1]  # another level's
    label = framework.scale.points[0].label if hasattr(framework.scale, "points") else "x"
    cells = [
        "",
        " ",
        "-",
        "EOS",
        "1",
        "2",
        "3",
        "4",
        "5",
        "4,0",
        "4.0",
        "9",
        "x",
        "3.5",
        str(label),
        "3 – Itsenäisesti",
        "2 – Itsenäisesti",
        "(4) With support",
        "AO02",
        "AO09",
        "N/A",
        "-1",
        "Ei koske minua",
    ]
    levels = [level, level, level, *framework.level_ids, "", "no-such-level"]
    times = [
        "2025-01-15 10:30",
        "15.1.2025 10.30",
        "",
        "yesterday",
        "31.2.2025",
        "1.1.0001 00.00",
        "2025/03/14 3:38:17 PM GMT+2",
    ]
    rng = random.Random(7)
    lines = [";".join(["respondent", "level", "completed", "team", *statements])]
    for number in range(400):
        kind = rng.random()
        values = (
            ["" for _ in statements[:-1]]
            if kind < 0.02
            else [
                rng.choice([*cells[:11], cells[15], cells[18]]) if kind < 0.7 else rng.choice(cells)
                for _ in statements[:-1]
            ]
        )
        row = [
            "Keskiarvo" if number % 97 == 5 else f"r{number % 350}",
            rng.choice(levels),
            rng.choice(times) if kind > 0.5 else times[0],
            "A",
        ]
        row.extend(values)
        row.append(rng.choice(cells) if kind > 0.9 else "")
        if kind > 0.95:
            row = row[: rng.randrange(3, len(row))]  # a short row
        elif kind > 0.93:
            row.append("extra")
        lines.append(";".join(row))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_fast_rows_match_score_row(builtin: Framework, tmp_path: Path) -> None:
    path = _messy_table(builtin, tmp_path / "messy.csv")
    for level in (None, builtin.level_ids[0]):
        context = ReadContext.build(builtin, TableOptions(level=level, by=("team", "folder")))
        table = read_table(path, context)
        assert isinstance(table, Table)
        init_rows(context)
        fast = chunk_outputs(score_rows(RowTask(table.layout, table.rows, 0, 0, len(table.rows))))
        scored = 0
        for order, ((line, cells), output) in enumerate(zip(table.rows, fast, strict=True)):
            exact = score_row(table.layout, context, line, cells, order)
            if isinstance(exact, Entry):
                assert isinstance(output, tuple)
                assert row_entry(table.layout, builtin.id, order, output) == exact
                scored += 1
            else:
                assert output == exact  # every rejection: file, row, column and reason
        assert scored > 50


def test_text_parts_read_the_same_rows(builtin: Framework, tmp_path: Path) -> None:
    path = _messy_table(builtin, tmp_path / "messy.csv")
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n", 7)  # mixed line ends
    path.write_text(text.replace(";", ",") + "\n\n , ,\nlast,,\n", encoding="utf-8", newline="")
    context = ReadContext.build(builtin)
    whole = read_table(path, context)
    split = read_table(path, context, unparsed_from=0)
    assert isinstance(whole, Table) and isinstance(split, Table)
    assert split.text and not split.rows and split.notes == whole.notes
    for lines in (1, 7, 100, 10_000):
        rows = [
            row
            for start, end, first_line, _ in text_parts(split, lines)
            for row in read_part(split.text[start:end], first_line, split.delimiter)
        ]
        assert rows == whole.rows


def _with_odd_rows(builtin: Framework, path: Path) -> Path:
    """The messy table with rows the column reader must leave alone: a total row, an
    anonymous respondent, a row without an id, a rating in another level's statement."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(";")
    width = len(header)
    other = next(
        (
            index
            for index, sid in enumerate(header)
            if sid in {s.id for s in builtin.statements_for(builtin.level_ids[-1])}
            and sid not in {s.id for s in builtin.statements_for(builtin.level_ids[0])}
        ),
        None,
    )
    odd = []
    for number, line in enumerate(lines[1:200], start=1):
        cells = line.split(";")
        if len(cells) != width:
            continue
        if number % 9 == 0:
            cells[0] = "Average"
        elif number % 9 == 1:
            cells[0] = "Anonymous"
        elif number % 9 == 2:
            cells[0] = ""
        elif number % 9 == 3 and other is not None:
            cells[other] = "3"
        odd.append(";".join(cells))
    path.write_text("\n".join([*lines, *odd]) + "\n", encoding="utf-8")
    return path


def test_the_column_reader_takes_only_what_the_row_reader_takes(
    builtin: Framework, tmp_path: Path
) -> None:
    """Every row the column-at-a-time reader takes is exactly what the row reader makes of
    it; the rows it leaves go on to the row reader. It does take most plain rows."""
    from kompetens.cohort.fastcolumns import ColumnReader, TakenRows
    from kompetens.cohort.fastrows import _fast_rows
    from kompetens.cohort.rowplan import CodeCache

    path = _with_odd_rows(builtin, _messy_table(builtin, tmp_path / "messy.csv"))
    for level in (None, builtin.level_ids[0]):
        context = ReadContext.build(builtin, TableOptions(level=level, by=("team", "folder")))
        table = read_table(path, context)
        assert isinstance(table, Table)
        codes = CodeCache(context.cells, builtin.scale.minimum)
        taken: dict[str, TakenRows] = {}
        rest = ColumnReader(table.layout, context, codes).take(table.rows, taken)
        fast = _fast_rows(table.layout, context, codes)
        count = 0
        for row_level, rows in taken.items():
            assert rows.offsets == sorted(rows.offsets) and not set(rows.offsets) & set(rest)
            matrix = rows.matrix(len(context.plan(row_level).statement_ids))
            for index, offset in enumerate(rows.offsets):
                expected = fast(*table.rows[offset])
                assert expected is not None, table.rows[offset]
                assert (row_level, rows.lines[index]) == (expected.level, expected.line)
                assert rows.respondents[index] == expected.respondent
                assert rows.names[index] == expected.name
                assert tuple(cells[index] for cells in rows.groups) == expected.groups
                assert matrix[index].tobytes() == expected.codes
                assert rows.completed[index] == expected.completed
                count += 1
        assert sorted([*rest, *(o for r in taken.values() for o in r.offsets)]) == list(
            range(len(table.rows))
        )
        assert count > 150
        left = [table.rows[offset] for offset in rest]
        labels = {cells[0] for _, cells in left}
        assert {"Average", "Anonymous", "", "Keskiarvo"} <= labels


def test_the_column_reader_leaves_cells_that_are_not_text_to_the_row_reader(
    builtin: Framework, tmp_path: Path
) -> None:
    """A workbook's ids may be numbers, not text: the whole task goes row by row."""
    from kompetens.cohort.fastcolumns import ColumnReader, TakenRows
    from kompetens.cohort.rowplan import CodeCache

    path = _messy_table(builtin, tmp_path / "messy.csv")
    context = ReadContext.build(builtin, TableOptions(level=builtin.level_ids[0]))
    table = read_table(path, context)
    assert isinstance(table, Table)
    numbers = [(line, [line, *cells[1:]]) for line, cells in table.rows]  # ids as numbers
    taken: dict[str, TakenRows] = {}
    codes = CodeCache(context.cells, builtin.scale.minimum)
    rest = ColumnReader(table.layout, context, codes).take(numbers, taken)
    assert rest == list(range(len(numbers))) and not taken


def _read_part_with_csv(text: str, first_line: int, delimiter: str) -> list[tuple[int, list[str]]]:
    """What `read_part` gave when it asked the csv module for every row."""
    import csv
    import io

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [(first_line - 1 + reader.line_num, cells) for cells in reader if "".join(cells).strip()]


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(
        st.text(alphabet=st.sampled_from(list("ab1,;\t |\xa0ä-")), max_size=12), max_size=8
    ),
    ends=st.lists(st.sampled_from(["\n", "\r\n"]), min_size=8, max_size=8),
    last=st.booleans(),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
)
def test_read_part_reads_a_simple_text_as_the_csv_module_does(
    lines: list[str], ends: list[str], last: bool, delimiter: str
) -> None:
    text = "".join(line + end for line, end in zip(lines, ends, strict=False))
    if not last and text.endswith("\n"):
        text = text.removesuffix("\r\n") if text.endswith("\r\n") else text[:-1]
    assert read_part(text, 5, delimiter) == _read_part_with_csv(text, 5, delimiter)


@settings(max_examples=300, deadline=None)
@given(
    cells=st.lists(
        st.lists(
            st.sampled_from(["", "4", "-", "ä", "10", "x y", "Itse", "€", " 3", "a\rb", " "]),
            min_size=4,
            max_size=4,
        ),
        min_size=1,
        max_size=12,
    ),
    ends=st.lists(st.sampled_from(["\n", "\r\n"]), min_size=12, max_size=12),
    last=st.booleans(),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_numpy_finds_the_cells_that_split_finds(
    cells: list[list[str]], ends: list[str], last: bool, delimiter: str
) -> None:
    """`ByteColumns` (positions found by numpy in the bytes) gives the cells and codes
    that splitting the text gives, or declines: a long rating cell, or a line that is (or
    may be) blank, which the row readers leave out."""
    from kompetens.cohort.bytecells import ByteColumns
    from kompetens.cohort.fastcolumns import TupleColumns

    text = "".join(delimiter.join(row) + end for row, end in zip(cells, ends, strict=False))
    if not last:
        text = text.removesuffix("\n").removesuffix("\r")
    lines = [line for line in text.replace("\r\n", "\n").split("\n") if line]
    rows = [line.split(delimiter) for line in lines]
    found = ByteColumns.of(text, delimiter, 4, [1, 3])
    long_cells = any(len(row[i].encode()) > 2 for row in rows for i in (1, 3))
    blank = any(not line.replace(delimiter, "").strip() for line in lines)
    only_wide = any(
        not any(c.isascii() and c != delimiter and not c.isspace() for c in line) for line in lines
    )
    lone_carriage_return = any("\r" in cell for row in rows for cell in row)
    if long_cells or blank or lone_carriage_return:
        assert found is None
        return
    if found is None:
        assert only_wide  # declined only for a line of nothing but multibyte characters
        return
    assert [list(found.row(i)) for i in range(len(found))] == rows
    assert [list(found[i]) for i in range(4)] == [list(c) for c in zip(*rows, strict=True)]
    meaning = {"": 0, "4": 4, "-": 255, "ä": 254, "10": 254, "€": 254, " 3": 3, " ": 0}
    columns = TupleColumns(zip(*rows, strict=True))
    assert (found.codes([3, 1], meaning) == columns.codes([3, 1], meaning)).all()


def test_rows_read_by_numpy_match_score_row(builtin: Framework, tmp_path: Path) -> None:
    """A plain table of short cells, odd rows among them, read a piece at a time through
    `ByteColumns`: every row comes out as the exact reader reads it."""
    from kompetens.cohort.bytecells import ByteColumns

    path = _with_odd_rows(builtin, _messy_table(builtin, tmp_path / "messy.csv"))
    short = ["1", "2", "3", "4", "5", "-", "", "9", "x", "0"]
    rng = random.Random(3)
    lines = path.read_text(encoding="utf-8").splitlines()
    width = len(lines[0].split(";"))
    plain = [lines[0]]
    for line in lines[1:]:
        cells = line.split(";")
        if len(cells) != width:
            continue
        cells[4:] = [c if len(c.encode()) <= 2 else rng.choice(short) for c in cells[4:]]
        plain.append(";".join(cells))
    path.write_text("\r\n".join(plain) + "\r\n", encoding="utf-8")
    for level in (None, builtin.level_ids[0]):
        context = ReadContext.build(builtin, TableOptions(level=level, by=("team",)))
        table = read_table(path, context, unparsed_from=0)
        assert isinstance(table, Table) and table.text
        parts = text_parts(table, 10_000)
        text = table.text[parts[0].start : parts[0].end]
        statements = [column for column, _ in table.layout.statements]
        assert ByteColumns.of(text, table.delimiter, width, statements) is not None
        init_rows(context, (), table.text)
        task = RowTask(table.layout, None, 0, part=parts[0], delimiter=table.delimiter)
        fast = chunk_outputs(score_rows(task))
        exact_rows = read_part(text, parts[0].first_line, table.delimiter)
        assert len(fast) == len(exact_rows)
        for order, ((line, cells), output) in enumerate(zip(exact_rows, fast, strict=True)):
            exact = score_row(table.layout, context, line, cells, order)
            if isinstance(exact, Entry):
                assert isinstance(output, tuple)
                assert row_entry(table.layout, builtin.id, order, output) == exact
            else:
                assert output == exact


@pytest.mark.parametrize("spaced", [False, True])
def test_a_piece_of_plain_rows_is_taken_whole_as_the_exact_reader_reads_it(
    builtin: Framework, tmp_path: Path, spaced: bool
) -> None:
    """A piece whose every row is fine is taken whole by the column reader, which then
    uses the id and group cells as they are unless some has space at an end (ids with
    spaces, a no-break space, a tab): each row as the exact reader reads it."""
    level = builtin.level_ids[0]
    statements = [s.id for s in builtin.statements_for(level)]
    rng = random.Random(11)
    lines = [";".join(["respondent", "team", *statements])]
    for number in range(200):
        respondent, team = f"s{number}", rng.choice(["A", "B", "Kuopio"])
        if spaced and number % 7 == 3:
            respondent = rng.choice([f" s{number}", f"s{number} ", f"\u00a0s{number}"])
            team = rng.choice([" A", "B\t", "Kuopio "])
        cells = [rng.choice(["1", "2", "3", "4", "5", "-", ""]) for _ in statements]
        cells[0] = "3"
        lines.append(";".join([respondent, team, *cells]))
    path = tmp_path / "plain.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    context = ReadContext.build(builtin, TableOptions(level=level, by=("team",)))
    table = read_table(path, context, unparsed_from=0)
    assert isinstance(table, Table) and table.text
    part = text_parts(table, 10_000)[0]
    init_rows(context, (), table.text)
    chunk = score_rows(RowTask(table.layout, None, 0, part=part, delimiter=table.delimiter))
    assert not chunk.others and sum(len(block.offsets) for block in chunk.blocks) == 200
    exact_rows = read_part(table.text[part.start : part.end], part.first_line, table.delimiter)
    for order, ((line, cells), output) in enumerate(
        zip(exact_rows, chunk_outputs(chunk), strict=True)
    ):
        exact = score_row(table.layout, context, line, cells, order)
        assert isinstance(exact, Entry) and isinstance(output, tuple)
        assert row_entry(table.layout, builtin.id, order, output) == exact
    if spaced:
        respondents = [r for block in chunk.blocks for r in block.respondents]
        assert "s3" in respondents and " s3" not in respondents

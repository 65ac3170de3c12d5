"""The per-respondent CSV assembled as bytes (`cohort.csvbytes`) is, chunk by chunk and byte
for byte, what the string path (`respondents._ChunkMaker`) writes: over random tables with
every kind of cell a cohort can hold, in both dialects, at every chunk boundary."""

from __future__ import annotations

import math
from collections.abc import Sequence
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kompetens.cohort import csvbytes, respondents
from kompetens.cohort.columns import EntryColumns
from kompetens.cohort.respondents import (
    RespondentTable,
    _ByteChunkMaker,
    _ChunkMaker,
    respondent_csv_chunks,
)
from kompetens.cohort.scoring_job import RespondentNames

# Means as a cohort has them (sums of small integers over small counts), and the values the
# four-decimal classes must not take on trust: halves at the fifth decimal, signed zeros,
# tiny negatives that round to -0.0, large and huge values, neighbours one bit apart.
COHORT_MEANS = [a / b for b in (1, 2, 3, 4, 5, 6, 7, 9, 12) for a in range(b, 5 * b + 1)]
AWKWARD = [
    0.0,
    -0.0,
    1e-5,
    -1e-5,
    0.00005,
    -0.00005,
    2.00005,
    2.00015,
    1e-9,
    -3.25,
    123456.789,
    999999.99995,
    1e6,
    1e9,
    -1e9,
    1e300,
    math.inf,
    # exact halves at the fifth decimal (rounded half to even), and their neighbours;
    # products that are a half in floating point only (round goes by the exact value)
    87 / 32,
    1.00285,
    1.0028,
    0.12345,
    0.1234,
    111 / 32,
    -23 / 32,
    1 / 32,
    math.nextafter(111 / 32, 4),
    math.nextafter(111 / 32, 3),
    # the same mean summed in another order, and gaps one bit from a status's threshold
    math.nextafter(2 / 3, 1),
    4.440892098500626e-16,
    math.nextafter(2.5, 0),
    math.nextafter(2.0, 3),
    2.49999999995,
    2.00000000005,
]
MEAN = st.one_of(
    st.sampled_from(COHORT_MEANS),
    st.just(math.nan),
    st.sampled_from(AWKWARD),
    st.floats(-10, 10),
    st.floats(allow_nan=True, allow_infinity=True),
)
TARGET = st.sampled_from([3.0, 2.5, 4.0, 0.0, 10 / 3, 3.00005, -1.0])
CHARS = list("ab ,;\"\r\n\t=+-@'é\x00日本😀\ud800Ä")
TEXT = st.text(st.sampled_from(CHARS), max_size=8)
PLAIN = st.text(st.sampled_from(list("abcxyz019 _.éÖ")), max_size=10)
CELL = st.one_of(PLAIN, PLAIN, TEXT)
FILES = st.sampled_from(
    ["cohort.csv", "data/kevät 2026.csv", "a,b.csv", 'say "x".csv', "=sum.csv", "-x", "", "a;b"]
)
LINE = st.one_of(st.integers(0, 30), st.integers(0, 10**7), st.just(0), st.integers(-3, -1))
DIALECTS = [(",", "."), (";", ","), ("\t", ".")]


@st.composite
def tables(draw: st.DrawFn) -> tuple[RespondentTable, tuple[str, ...]]:
    rows = draw(st.integers(0, 40))
    components = draw(st.integers(0, 4))
    areas = draw(st.integers(0, 3))
    width = components + areas + 1
    means = np.array(
        draw(st.lists(MEAN, min_size=rows * width, max_size=rows * width)), dtype=np.float64
    ).reshape(rows, width)
    by = tuple(draw(st.lists(st.sampled_from(["campus", "=group", "ryhmä"]), unique=True)))
    groups: dict[str, list[str | None]] = {
        name: draw(st.lists(st.one_of(st.none(), CELL), min_size=rows, max_size=rows))
        for name in by
        if draw(st.booleans())
    }
    withheld = {
        name: frozenset(draw(st.lists(st.sampled_from([v for v in values if v] or ["x"]))))
        for name, values in groups.items()
        if draw(st.booleans())
    }
    pseudonymised = draw(st.booleans())
    entries = EntryColumns(
        sources=draw(st.lists(FILES, min_size=rows, max_size=rows)),
        lines=np.array(draw(st.lists(LINE, min_size=rows, max_size=rows)), dtype=np.int64),
        respondents=draw(st.lists(st.one_of(st.none(), CELL), min_size=rows, max_size=rows)),
        names=draw(st.lists(st.one_of(st.none(), CELL), min_size=rows, max_size=rows)),
        levels=draw(
            st.lists(st.sampled_from(["nqf6", "=nqf", "a;b"]), min_size=rows, max_size=rows)
        ),
        groups=groups,
        codes=np.zeros((rows, 1), dtype=np.uint8),
        means=means,
        answered=np.array(
            draw(st.lists(st.integers(0, 120), min_size=rows, max_size=rows)), dtype=np.int64
        ),
        cant_say=np.array(
            draw(st.lists(st.integers(0, 10**6), min_size=rows, max_size=rows)), dtype=np.int64
        ),
        completed=np.full(rows, np.nan),
        orders=np.arange(rows, dtype=np.int64),
        framework_ids=[None] * rows,
        originals={},
    )
    pseudonymizer = (lambda who: "P-" + who[::-1]) if pseudonymised else None
    table = RespondentTable(
        entries,
        means,
        tuple(f"c{index}" for index in range(components)),
        tuple(f"a{index}" for index in range(areas)),
        draw(TARGET),
        RespondentNames(pseudonymizer),
        pseudonymised=pseudonymised,
        withheld=withheld,
    )
    return table, by


def _takes_bytes(table: RespondentTable, by: Sequence[str]) -> bool:
    """Whether every cell can be written as bytes: no NUL byte, no lone surrogate, no
    negative line number."""
    columns = table.text_columns(by, 0, len(table.entries))
    if any("\x00" in text or "\ud800" in text for column in columns for text in column):
        return False
    return table.pseudonymised or bool((table.entries.lines >= 0).all())


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.sampled_from(DIALECTS), st.integers(1, 9))
def test_byte_chunks_equal_the_string_chunks(
    drawn: tuple[RespondentTable, tuple[str, ...]], dialect: tuple[str, str], size: int
) -> None:
    table, by = drawn
    delimiter, decimal = dialect
    with mock.patch.object(respondents, "CHUNK_ROWS", size):
        strings = _ChunkMaker(table, by, delimiter, decimal)
        made = _ByteChunkMaker(table, by, delimiter, decimal)
        for start in range(0, len(table.entries), size):
            assert made(start) == strings(start)
        if _takes_bytes(table, by):
            # the byte path did the work: it did not hand every chunk to the string path
            again = _ByteChunkMaker(table, by, delimiter, decimal)
            for start in range(0, len(table.entries), size):
                assert again.bytes_of(start) is not None


def test_awkward_numbers_are_written_as_the_string_path_writes_them() -> None:
    """Every awkward value in every number column, several times, next to cohort means."""
    values = [*AWKWARD, math.nan, *COHORT_MEANS[:40]] * 3
    table = _numbers_table(np.array(values, dtype=np.float64), target=3.0)
    for dialect in DIALECTS:
        strings = _ChunkMaker(table, (), *dialect)
        made = _ByteChunkMaker(table, (), *dialect)
        assert made.bytes_of(0) is not None
        assert made(0) == strings(0)
        assert "-0.0" in strings(0).replace(",", ".")  # round(-1e-5, 4) is -0.0


def _numbers_table(values: np.ndarray, target: float) -> RespondentTable:
    rows = len(values)
    means = np.stack([values, values[::-1], np.roll(values, 7)], axis=1)
    entries = EntryColumns(
        sources=["cohort.csv"] * rows,
        lines=np.arange(2, rows + 2, dtype=np.int64),
        respondents=[f"s{index}" for index in range(rows)],
        names=[None] * rows,
        levels=["nqf6"] * rows,
        groups={},
        codes=np.zeros((rows, 1), dtype=np.uint8),
        means=means,
        answered=np.arange(rows, dtype=np.int64),
        cant_say=np.zeros(rows, dtype=np.int64),
        completed=np.full(rows, np.nan),
        orders=np.arange(rows, dtype=np.int64),
        framework_ids=[None] * rows,
        originals={},
    )
    return RespondentTable(
        entries, means, ("c",), ("a",), target, RespondentNames(None), pseudonymised=False
    )


@pytest.mark.parametrize("cell", ["x\x00y", "a" * (csvbytes.WIDEST_CELL + 1), "\ud800"])
def test_a_cell_the_bytes_cannot_hold_goes_the_string_way(cell: str) -> None:
    table = _numbers_table(np.array([2.5, 3.0, math.nan]), target=3.0)
    table.entries.respondents[1] = cell
    made = _ByteChunkMaker(table, (), ",", ".")
    assert made.bytes_of(0) is None
    assert made(0) == _ChunkMaker(table, (), ",", ".")(0)


def test_the_csv_is_its_header_then_its_chunks() -> None:
    table = _numbers_table(np.array([2.5, 3.0, math.nan, 1 / 3] * 7), target=3.0)
    with mock.patch.object(respondents, "CHUNK_ROWS", 5):
        pieces = list(respondent_csv_chunks(table, (), ";", ","))
        strings = _ChunkMaker(table, (), ";", ",")
        assert pieces[0].startswith("\ufeffrespondent;name;level;source;answered;")
        assert pieces[1:] == [strings(start) for start in range(0, 28, 5)]
    assert pieces[1].splitlines()[0] == "s0;;nqf6;cohort.csv:2;0;0;3,0;0,0;meets;0,3333;2,5"
    empty = _numbers_table(np.array([]), target=3.0)
    assert list(respondent_csv_chunks(empty, (), ",", ".")) == [pieces[0].replace(";", ",")]

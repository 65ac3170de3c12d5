"""What one table cell says, in every way the survey tools write an answer (the mini
framework's scale is 1–4 with a "can't say" label)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from kompetens.cohort.cells import EMPTY, CellReader
from kompetens.model import Framework


@pytest.fixture(scope="module")
def reader(minimal: Framework) -> CellReader:
    return CellReader.build(minimal, extra_cant_say=["Ei vastausta"])


@pytest.mark.parametrize(
    ("cell", "reading"),
    [
        (3, 3),
        (2.0, 2),
        ("4", 4),
        (" 4,0 ", 4),
        ("Itsenäisesti", 3),
        ("MED STÖD", 2),
        ("3 – Itsenäisesti", 3),
        ("(2) Tuettuna", 2),
        ("1. anything after the number", 1),
        ("AO03", 3),
        ("a1", 1),
        ("-", None),
        ("-1", None),
        (-1, None),
        ("EOS", None),
        ("Can&#039;t say", None),
        ("Kan inte säga", None),
        ("ei vastausta", None),
        ("0", None),  # the scale has no 0 and has "can't say"
        ("0,0", None),
        ("Can't say!", None),
        ("3 – En osaa sanoa", None),
        (Decimal("3"), 3),  # a number type a spreadsheet library may give: read by its text
        (None, EMPTY),
        ("   ", EMPTY),
    ],
)
def test_a_cell_reads_as_the_answer_it_is(
    reader: CellReader, cell: object, reading: object
) -> None:
    assert reader.read(cell) == reading


@pytest.mark.parametrize(
    ("cell", "problem"),
    [
        ("7", "off-scale:7"),
        (2.5, "off-scale:2.5"),
        ("2 – Itsenäisesti", "mismatch:2:Itsenäisesti"),
        ("AO09", "code:AO09"),
        ("kyllä", "not-rating:kyllä"),
        (True, "not-rating:True"),
    ],
)
def test_anything_else_is_a_problem_to_report(
    reader: CellReader, cell: object, problem: str
) -> None:
    assert reader.read(cell) == problem


def test_a_value_map_wins_over_every_other_reading(minimal: Framework) -> None:
    mapped = CellReader.build(minimal, value_map={"3": None, "Itsenäisesti": 1, "AO06": None})
    assert mapped.read("3") is None
    assert mapped.read(3) is None
    assert mapped.read(" itsenäisesti ") == 1
    assert mapped.read("AO06") is None
    assert mapped.read("4") == 4
    assert mapped.read(4.0) == 4


def test_the_quick_answers_are_the_full_readings(minimal: Framework) -> None:
    """The table of common texts that `read` answers in one lookup says exactly what the
    reading without it says, for every text in it, with and without a value map."""
    for built in (
        CellReader.build(minimal),
        CellReader.build(minimal, extra_cant_say=["1"], value_map={"2": None, "-": 4}),
    ):
        assert built.known
        slow = dataclasses.replace(built, known={})
        for text, reading in built.known.items():
            assert slow.read(text) == reading, text
            assert built.read(f" {text} ") == reading, text

"""The cohort's statistics and per-respondent CSV computed on arrays equal what the
row-by-row code computed: the same summaries and reliabilities to the last bit, and the
same CSV, byte for byte, as Python's csv module writes from one dict per respondent."""

from __future__ import annotations

import csv
import importlib.util
import io
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kompetens.cohort import respondents
from kompetens.cohort.analysis import analyse
from kompetens.cohort.collect import CollectOptions, collect
from kompetens.cohort.columns import EntryColumns
from kompetens.cohort.export import neutralise, respondents_csv, respondents_csv_pieces
from kompetens.cohort.records import Entry
from kompetens.cohort.respondents import RespondentTable, respondent_csv_text
from kompetens.cohort.stats import reliability, reliability_matrix, summarize, summarize_array
from kompetens.model import Framework

ROOT = Path(__file__).resolve().parents[1]

# Means as a cohort has them: small integers over small counts (and a few odd floats).
MEANS = st.sampled_from(
    [a / b for b in (1, 2, 3, 4, 5, 6, 7, 9) for a in range(b, 5 * b + 1)] + [0.1, 1e-9, 1e9]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(MEANS, st.just(math.nan)), max_size=60))
def test_summaries_of_an_array_equal_the_summaries_of_a_list(values: list[float]) -> None:
    known = [value for value in values if not math.isnan(value)]
    assert summarize_array(np.array(values, dtype=np.float64)) == summarize(known)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 6).flatmap(
        lambda k: st.lists(st.lists(st.integers(1, 5), min_size=k, max_size=k), max_size=40)
    )
)
def test_matrix_reliability_equals_the_list_reliability(rows: list[list[int]]) -> None:
    if not rows:
        return
    columns = [list(column) for column in zip(*rows, strict=True)]
    assert reliability_matrix(np.array(rows, dtype=np.int64)) == reliability(columns)


def _dict_rows_csv(
    respondents: Sequence[Mapping[str, Any]],
    area_ids: Sequence[str],
    component_ids: Sequence[str],
    by: Sequence[str],
    pseudonymised: bool,
    delimiter: str,
    decimal: str,
) -> str:
    """The per-respondent CSV as it was written before: `csv.writer`, a row at a time, from
    one dict per respondent (`analysis["respondents"]`)."""

    class Decimal(str):
        pass

    def number(value: float | None) -> float | str:
        if value is None or math.isnan(value):
            return ""
        rounded = round(value, 4)
        return Decimal(repr(rounded).replace(".", decimal)) if decimal != "." else rounded

    header = ["respondent", *([] if pseudonymised else ["name"]), *by, "level"]
    header += [] if pseudonymised else ["source"]
    header += ["answered", "cant_say", "overall_mean", "overall_gap", "overall_status"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", delimiter=delimiter)
    writer.writerow([*header, *area_ids, *component_ids])
    for row in respondents:
        cells: list[Any] = [neutralise(row["respondent"])]
        if not pseudonymised:
            cells.append(neutralise(row["name"] or ""))
        cells.extend(neutralise(row["groups"].get(column, "")) for column in by)
        cells.append(neutralise(row["level"]))
        if not pseudonymised:
            cells.append(neutralise(row["source"] or ""))
        cells += [row["answered"], row["cant_say"], number(row["overall"]), number(row["gap"])]
        cells.append(neutralise(row["status"]))
        cells.extend(number(row["areas"][a]) for a in area_ids)
        cells.extend(number(row["components"][c]) for c in component_ids)
        writer.writerow(cells)
    return "\ufeff" + buffer.getvalue()


TEXT = st.text(st.sampled_from(list("ab ,;\"\r\n\t=+-@'é\x00")), max_size=8)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(TEXT, TEXT, TEXT, st.one_of(MEANS, st.just(math.nan))), max_size=8),
    st.sampled_from([(",", "."), (";", ",")]),
)
def test_cells_are_written_as_the_csv_module_writes_them(
    people: list[tuple[str, str, str, float]], dialect: tuple[str, str]
) -> None:
    entries = [
        Entry("f.csv", line, who, name or None, "basic", {"team": team}, b"\x01", (mean,) * 3, 1, 0)
        for line, (who, name, team, mean) in enumerate(people, start=2)
    ]
    columns = EntryColumns.of(entries, 1, 3)
    table = RespondentTable(
        columns,
        columns.means,
        ("c",),
        ("a",),
        3.0,
        lambda entry: entry.respondent or "?",
        pseudonymised=False,
    )
    rows = [
        {
            "respondent": entry.respondent or "?",
            "name": entry.name,
            "groups": entry.groups,
            "source": entry.where,
            "level": entry.level,
            "answered": 1,
            "cant_say": 0,
            "overall": None if math.isnan(entry.means[0]) else entry.means[0],
            "gap": None if math.isnan(entry.means[0]) else 3.0 - entry.means[0],
            "status": _status(3.0, entry.means[0]),
            "areas": {"a": entry.means[0]},
            "components": {"c": entry.means[0]},
        }
        for entry in entries
    ]
    delimiter, decimal = dialect
    expected = _dict_rows_csv(rows, ["a"], ["c"], ["team"], False, delimiter, decimal)
    assert respondent_csv_text(table, ["team"], delimiter, decimal) == expected


def _status(target: float, mean: float) -> str:
    from kompetens.assessment.scoring import status_for

    return status_for(None if math.isnan(mean) else round(target - mean, 10)).value


def _benchmark_table(builtin: Framework, tmp_path: Path, rows: int) -> Path:
    spec = importlib.util.spec_from_file_location(
        "cohort_generate", ROOT / "benchmarks" / "cohort_generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.DATA = tmp_path
    path: Path = module.write_csv(builtin, builtin.level_ids[-1], rows, seed=5)
    return path


@pytest.mark.parametrize(
    ("pseudonymised", "min_group", "delimiter", "decimal"),
    [(False, 5, ",", "."), (False, 5, ";", ","), (True, 200, ";", ",")],
)
def test_benchmark_cohort_csv_equals_the_row_by_row_writer(
    builtin: Framework,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pseudonymised: bool,
    min_group: int,
    delimiter: str,
    decimal: str,
) -> None:
    """On a benchmark cohort (with its campus groups, some of them withheld as too small
    when pseudonymising), the CSV written a column and a chunk of rows at a time is the CSV
    written before."""
    monkeypatch.setattr(respondents, "CHUNK_ROWS", 97)
    table = _benchmark_table(builtin, tmp_path, 800)
    lines = table.read_text(encoding="utf-8").splitlines()
    # a campus of three, so that its label is withheld when pseudonymising
    lines[1:4] = [line.replace(",Kuopio,", ",Tiny,") for line in lines[1:4]]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    collection = collect(
        [str(table)], CollectOptions(level=builtin.level_ids[-1], by=("campus",), jobs=1)
    )
    analysis = analyse(
        collection,
        by=["campus"],
        min_group=min_group,
        pseudonymised=pseudonymised,
        display=lambda entry: ("P-" if pseudonymised else "") + (entry.respondent or "?"),
    )
    area_ids = [area["id"] for area in analysis["areas"]]
    component_ids = [c["id"] for area in analysis["areas"] for c in area["components"]]
    expected = _dict_rows_csv(
        analysis["respondents"],
        area_ids,
        component_ids,
        ["campus"],
        pseudonymised,
        delimiter,
        decimal,
    )
    written = respondents_csv(
        analysis,
        by=["campus"],
        pseudonymised=pseudonymised,
        delimiter=delimiter,
        decimal=decimal,
    )
    assert written == expected
    assert len(written.splitlines()) == 801
    # the same in pieces, as written to a file
    pieces = respondents_csv_pieces(
        analysis,
        by=["campus"],
        pseudonymised=pseudonymised,
        delimiter=delimiter,
        decimal=decimal,
    )
    assert "".join(pieces.make()) == expected
    if pseudonymised:
        assert ";Tiny;" not in written and analysis["respondent_table"].withheld

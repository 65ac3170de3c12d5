"""The rules of `kompetens score`, written plainly for pandas, polars or DuckDB, as baselines.

    python benchmarks/score_baseline.py ENGINE TABLE STRUCTURE OUT.csv

ENGINE is `pandas`, `polars`, `duckdb` or `csv` (the csv module reading the table and
doing nothing else: a floor). TABLE is a wide table as `cohort_generate.py` writes it
(respondent, campus, one column per statement; a blank cell is unanswered, `-` is "can't
say"). STRUCTURE is a JSON list of areas, each a list of sub-areas, each a list of statement
ids (`bench_side_by_side.py` writes it from the framework), so no script imports kompetens.

The rules (docs/scoring.md): a sub-area's mean is the mean of its rated statements when at
least half of them are rated; an area's mean is the mean of its sub-area means when at least
half of its sub-areas have one; the overall mean likewise over areas. OUT gets one row per
respondent: respondent, answered, cant_say, overall_mean, the area means, then the sub-area
means, rounded to 4 decimals (the columns of `kompetens score --csv`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

Structure = list[list[list[str]]]
HALF = 0.5


def _columns(structure: Structure) -> tuple[list[str], list[str]]:
    areas = [f"area{a}" for a in range(len(structure))]
    components = [f"c{a}_{c}" for a, area in enumerate(structure) for c in range(len(area))]
    return areas, components


def with_pandas(table: Path, structure: Structure, out: Path) -> None:
    import numpy as np
    import pandas as pd

    frame = pd.read_csv(table, dtype=str, keep_default_na=False)
    areas, components = _columns(structure)
    result = pd.DataFrame({"respondent": frame["respondent"]})
    answered = np.zeros(len(frame), dtype=np.int64)
    cant_say = np.zeros(len(frame), dtype=np.int64)
    area_means = {}
    for a, area in enumerate(structure):
        component_means = {}
        for c, ids in enumerate(area):
            cells = frame[ids]
            values = cells.apply(pd.to_numeric, errors="coerce")
            rated = values.notna().sum(axis=1)
            answered += rated.to_numpy()
            cant_say += (cells == "-").sum(axis=1).to_numpy()
            enough = (rated > 0) & (rated >= len(ids) * HALF)
            component_means[f"c{a}_{c}"] = values.mean(axis=1).where(enough)
        known = pd.DataFrame(component_means)
        counted = known.notna().sum(axis=1)
        area_means[f"area{a}"] = known.mean(axis=1).where(
            (counted > 0) & (counted >= len(area) * HALF)
        )
        for name, series in component_means.items():
            result[name] = series
    area_frame = pd.DataFrame(area_means)
    counted = area_frame.notna().sum(axis=1)
    overall = area_frame.mean(axis=1).where((counted > 0) & (counted >= len(structure) * HALF))
    result.insert(1, "answered", answered)
    result.insert(2, "cant_say", cant_say)
    result.insert(3, "overall_mean", overall)
    for offset, name in enumerate(areas):
        result.insert(4 + offset, name, area_frame[name])
    result = result[["respondent", "answered", "cant_say", "overall_mean", *areas, *components]]
    result.round(4).to_csv(out, index=False)


def with_polars(table: Path, structure: Structure, out: Path) -> None:
    import polars as pl

    frame = pl.read_csv(table, infer_schema_length=0)  # every column as text; blank is null
    areas, components = _columns(structure)

    def mean_if_enough(exprs: list[pl.Expr], size: int) -> pl.Expr:
        count = pl.sum_horizontal([e.is_not_null().cast(pl.Int64) for e in exprs])
        return (
            pl.when((count > 0) & (count >= size * HALF))
            .then(pl.mean_horizontal(exprs))
            .otherwise(None)
        )

    value = {
        s: pl.col(s).cast(pl.Int64, strict=False) for area in structure for ids in area for s in ids
    }
    every = list(value)
    component_exprs = {
        f"c{a}_{c}": mean_if_enough([value[s] for s in ids], len(ids))
        for a, area in enumerate(structure)
        for c, ids in enumerate(area)
    }
    scored = frame.select(
        pl.col("respondent"),
        pl.sum_horizontal([value[s].is_not_null().cast(pl.Int64) for s in every]).alias("answered"),
        pl.sum_horizontal(
            [(pl.col(s) == "-").fill_null(False).cast(pl.Int64) for s in every]
        ).alias("cant_say"),
        *(expr.alias(name) for name, expr in component_exprs.items()),
    )
    scored = scored.with_columns(
        mean_if_enough([pl.col(f"c{a}_{c}") for c in range(len(area))], len(area)).alias(f"area{a}")
        for a, area in enumerate(structure)
    )
    scored = scored.with_columns(
        mean_if_enough([pl.col(name) for name in areas], len(areas)).alias("overall_mean")
    )
    numbers = ["overall_mean", *areas, *components]
    scored.select(
        "respondent", "answered", "cant_say", *(pl.col(n).round(4) for n in numbers)
    ).write_csv(out)


def with_duckdb(table: Path, structure: Structure, out: Path) -> None:
    import duckdb

    def quoted(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    def mean_if_enough(names: list[str], size: int) -> str:
        count = " + ".join(f"({n} IS NOT NULL)::INTEGER" for n in names)
        total = " + ".join(f"COALESCE({n}, 0)" for n in names)
        return (
            f"CASE WHEN ({count}) > 0 AND ({count}) >= {size * HALF} THEN ({total}) / ({count}) END"
        )

    areas, components = _columns(structure)
    every = [quoted(s) for area in structure for ids in area for s in ids]
    values = ", ".join(f"TRY_CAST({s} AS DOUBLE) AS {s}" for s in every)
    cant = " + ".join(f"COALESCE(({s} = '-')::INTEGER, 0)" for s in every)
    component_sql = ", ".join(
        f"{mean_if_enough([quoted(s) for s in ids], len(ids))} AS c{a}_{c}"
        for a, area in enumerate(structure)
        for c, ids in enumerate(area)
    )
    area_sql = ", ".join(
        f"{mean_if_enough([f'c{a}_{c}' for c in range(len(area))], len(area))} AS area{a}"
        for a, area in enumerate(structure)
    )
    rounded = ", ".join(f"ROUND({n}, 4) AS {n}" for n in ["overall_mean", *areas, *components])
    path = str(table).replace("'", "''")
    query = f"""
        WITH raw AS (SELECT * FROM read_csv('{path}', all_varchar = true, header = true)),
        counted AS (
            SELECT respondent, {cant} AS cant_say, {values} FROM raw
        ),
        parts AS (
            SELECT respondent, cant_say,
                {" + ".join(f"({s} IS NOT NULL)::INTEGER" for s in every)} AS answered,
                {component_sql}
            FROM counted
        ),
        whole AS (SELECT *, {area_sql} FROM parts)
        SELECT respondent, answered, cant_say, {rounded}
        FROM (SELECT *, {mean_if_enough(areas, len(areas))} AS overall_mean FROM whole)
    """
    target = str(out).replace("'", "''")
    duckdb.sql(f"COPY ({query}) TO '{target}' (HEADER, DELIMITER ',')")


def with_csv(table: Path, structure: Structure, out: Path) -> None:
    import csv

    with table.open(encoding="utf-8", newline="") as stream:
        for _ in csv.reader(stream):
            pass
    out.write_text("", encoding="utf-8")


ENGINES = {"pandas": with_pandas, "polars": with_polars, "duckdb": with_duckdb, "csv": with_csv}


def main(argv: list[str]) -> int:
    engine, table, structure, out = argv
    ENGINES[engine](Path(table), json.loads(Path(structure).read_text("utf-8")), Path(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Drafting a column map from a survey export, for a person to review once and reuse.

Columns whose header names a statement (by id or text) are mapped as found; a near match
is marked REVIEW with its similarity. The remaining columns that hold answers (most of
their cells read as ratings, "can't say" or answer codes) are taken in order and given the
level's remaining statements in the framework's order — the order in which a survey built
with `kompetens export --to limesurvey` (or by hand from the statement list) asks them —
and every such guess is marked REVIEW. Cell values that are not ratings (`AO06`, `Ei
vastausta`) are listed under `values` with an empty rating, marked REVIEW: the map is
refused until each is filled in, so nothing is guessed silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from kompetens.cohort.cells import EMPTY
from kompetens.cohort.headers import find_roles, match_header
from kompetens.cohort.table import RawTable, ReadContext, read_raw
from kompetens.framework.diagnostics import Diagnostic

EMPTY_TARGET = '""'
ANSWER_SHARE = 0.5
"""A column is an answer column when at least this share of its filled cells read as a
rating, "can't say" or an answer code."""


@dataclass
class MapLine:
    header: str
    statement: str
    review: str = ""


@dataclass
class DraftMap:
    source: str
    framework: str
    level: str
    columns: list[MapLine] = field(default_factory=list)
    values: list[MapLine] = field(default_factory=list)

    @property
    def reviews(self) -> int:
        return sum(1 for line in (*self.columns, *self.values) if line.review)

    def as_yaml(self) -> str:
        out = [
            f"# kompetens column map for {Path(self.source).name}: {self.framework}, level {self.level}",
            "# Check every line marked REVIEW, then: kompetens score EXPORT --columns THIS-FILE",
            "columns:",
        ]
        for line in self.columns:
            comment = f"  # {line.review}" if line.review else ""
            target = line.statement or EMPTY_TARGET
            out.append(f"  {json.dumps(line.header, ensure_ascii=False)}: {target}{comment}")
        if self.values:
            out.append("values:")
            for line in self.values:
                comment = f"  # {line.review}" if line.review else ""
                rating = line.statement or EMPTY_TARGET
                out.append(f"  {json.dumps(line.header, ensure_ascii=False)}: {rating}{comment}")
        return "\n".join(out) + "\n"

    def as_csv(self) -> str:
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(["kind", "from", "to", "note"])
        for line in self.columns:
            writer.writerow(["column", line.header, line.statement, line.review])
        for line in self.values:
            writer.writerow(["value", line.header, line.statement, line.review])
        return "\ufeff" + buffer.getvalue()


def draft_map(path: Path, context: ReadContext, level: str) -> DraftMap | list[Diagnostic]:
    """A draft map for the export at `path`, or why its table cannot be read."""
    raw = read_raw(path, context)
    if not isinstance(raw, RawTable):
        return raw
    msg = context.messages
    framework = context.framework
    draft = DraftMap(str(path), framework.id, level)
    header = raw.header
    taken: set[str] = set()
    matched: dict[int, MapLine] = {}
    for index, text in enumerate(header):
        found = match_header(text, context.index)
        if found is None or len(found.statements) != 1:
            continue
        statement = found.statements[0]
        if statement in taken:
            continue
        taken.add(statement)
        review = (
            msg("tables.map_review_near", percent=round(found.similarity * 100))
            if found.how == "near"
            else ""
        )
        matched[index] = MapLine(text, statement, review)
    roles = find_roles(header, skip=matched)
    reader = context.cells
    answer_columns: list[int] = []
    odd_values: dict[str, None] = {}
    for index, text in enumerate(header):
        if index in roles.used or not text.strip():
            continue
        cells = [cells[index] for _, cells in raw.rows if index < len(cells)]
        filled = [c for c in cells if c is not None and str(c).strip()]
        if not filled:
            continue
        readings = [reader.read(c) for c in filled]
        good = [r for r in readings if not isinstance(r, str) or r.startswith("code:")]
        if index not in matched and len(good) < ANSWER_SHARE * len(filled):
            continue
        if index not in matched:
            answer_columns.append(index)
        for cell, reading in zip(filled, readings, strict=True):
            if isinstance(reading, str) and reading != EMPTY:
                odd_values.setdefault(str(cell).strip(), None)
    remaining = [s.id for s in framework.statements_for(level) if s.id not in taken]
    guesses = dict(zip(answer_columns, remaining, strict=False))
    for index, text in enumerate(header):
        if index in matched:
            draft.columns.append(matched[index])
        elif index in guesses:
            draft.columns.append(MapLine(text, guesses[index], msg("tables.map_review_position")))
        elif index in answer_columns:
            draft.columns.append(MapLine(text, "", msg("tables.map_review_unknown")))
    scale = framework.scale
    for value in odd_values:
        draft.values.append(
            MapLine(
                value,
                "",
                msg("tables.map_review_value", minimum=scale.minimum, maximum=scale.maximum),
            )
        )
    return draft

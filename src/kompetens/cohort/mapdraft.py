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
from typing import Any

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
    """One line of the draft: a header (or cell value), what it maps to, and why a person
    should check it (empty when the header named its statement exactly)."""

    header: str
    statement: str
    """A statement id, a rating for a value line, or "" when the reviewer must fill it in."""
    review: str = ""


@dataclass
class DraftMap:
    """The draft as data, written as YAML (comments carry the REVIEW notes) or as the
    `kind,from,to,note` CSV; `read_column_map` reads either back once reviewed."""

    source: str
    framework: str
    level: str
    columns: list[MapLine] = field(default_factory=list)
    values: list[MapLine] = field(default_factory=list)
    notes: tuple[str, ...] = ()
    """The comment lines the YAML map starts with, in the reader's language."""

    @property
    def reviews(self) -> int:
        return sum(1 for line in (*self.columns, *self.values) if line.review)

    def as_yaml(self) -> str:
        out = [*(f"# {note}" for note in self.notes), "columns:"]
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
    name = Path(path).name
    draft = DraftMap(
        str(path),
        framework.id,
        level,
        notes=(
            msg("tables.map_draft_title", file=name, framework=framework.id, level=level),
            msg("tables.map_draft_check"),
        ),
    )
    header = raw.header
    matched = _matched_columns(header, context)
    roles = find_roles(header, skip=matched)
    answers = _answers(raw, roles.used, matched, context)
    taken = {line.statement for line in matched.values()}
    remaining = [s.id for s in framework.statements_for(level) if s.id not in taken]
    guesses = dict(zip(answers.columns, remaining, strict=False))
    for index, text in enumerate(header):
        if index in matched:
            draft.columns.append(matched[index])
        elif index in guesses:
            draft.columns.append(MapLine(text, guesses[index], msg("tables.map_review_position")))
        elif index in answers.columns:
            draft.columns.append(MapLine(text, "", msg("tables.map_review_unknown")))
    scale = framework.scale
    review = msg("tables.map_review_value", minimum=scale.minimum, maximum=scale.maximum)
    draft.values.extend(MapLine(value, "", review) for value in answers.odd_values)
    return draft


def _matched_columns(header: list[str], context: ReadContext) -> dict[int, MapLine]:
    """The columns whose header names one statement (by id or text), each statement once:
    a near match is kept but marked REVIEW with its similarity."""
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
            context.messages("tables.map_review_near", percent=round(found.similarity * 100))
            if found.how == "near"
            else ""
        )
        matched[index] = MapLine(text, statement, review)
    return matched


@dataclass
class _Answers:
    """What the cells say about the columns no header named."""

    columns: list[int] = field(default_factory=list)
    """The unnamed columns that hold answers, in the export's order."""
    odd_values: dict[str, None] = field(default_factory=dict)
    """Cell values of answer columns that are not ratings, first seen first (a dict keeps
    the order and drops repeats)."""


def _answers(
    raw: RawTable, used: set[int], matched: dict[int, MapLine], context: ReadContext
) -> _Answers:
    """The answer columns among those that are not system columns, and the values in them
    (and in the matched ones) that need a rating from the person reviewing the map."""
    answers = _Answers()
    for index, text in enumerate(raw.header):
        if index in used or not text.strip():
            continue
        filled = _filled_cells(raw, index)
        if not filled:
            continue
        readings = [context.cells.read(cell) for cell in filled]
        if index not in matched:
            good = [r for r in readings if not isinstance(r, str) or r.startswith("code:")]
            if len(good) < ANSWER_SHARE * len(filled):
                continue
            answers.columns.append(index)
        for cell, reading in zip(filled, readings, strict=True):
            if isinstance(reading, str) and reading != EMPTY:
                answers.odd_values.setdefault(str(cell).strip(), None)
    return answers


def _filled_cells(raw: RawTable, index: int) -> list[Any]:
    """The non-blank cells of one column (short rows simply lack it)."""
    return [
        cell
        for _, cells in raw.rows
        if index < len(cells) and (cell := cells[index]) is not None and str(cell).strip()
    ]

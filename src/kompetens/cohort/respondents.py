"""Every respondent's output row (`score --csv`), held as columns rather than as a dict per
respondent.

A cohort of a million respondents has tens of millions of means, but few distinct ones
(sums of small integers over small counts): each distinct mean, gap and status is formatted
once, and each column of the CSV becomes a list of ready strings, joined row by row in C.
The text follows Python's `csv` module (minimal quoting, `\\r\\n` line ends) byte for byte,
and text cells are made safe for spreadsheets (`export.neutralise`).
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING, Any

from kompetens.assessment.scoring import Status, status_for
from kompetens.cohort.export import EXCEL_BOM, neutralise
from kompetens.cohort.records import Entry

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray


@dataclass(frozen=True)
class RespondentTable:
    """The per-respondent output of a cohort: its entries, and every respondent's means as
    one matrix (sub-areas in plan order, then areas, then the overall mean; NaN where a
    mean is none)."""

    entries: Sequence[Entry]
    means: NDArray[np.float64]
    component_ids: tuple[str, ...]
    area_ids: tuple[str, ...]
    target: float
    display: Callable[[Entry], str]
    pseudonymised: bool
    withheld: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Group labels left out (`privacy.withhold_small_groups`), by group column."""

    def header(self, by: Sequence[str]) -> list[str]:
        header = ["respondent"]
        if not self.pseudonymised:
            header.append("name")
        header.extend(by)
        header.append("level")
        if not self.pseudonymised:
            header.append("source")
        header.extend(["answered", "cant_say", "overall_mean", "overall_gap", "overall_status"])
        header.extend(self.area_ids)
        header.extend(self.component_ids)
        return header

    def text_columns(self, by: Sequence[str]) -> Iterator[list[Any]]:
        """The cells of the columns before the numbers, as the rows had them."""
        entries = self.entries
        yield [self.display(entry) for entry in entries]
        if not self.pseudonymised:
            yield [entry.name or "" for entry in entries]
        for column in by:
            hidden = self.withheld.get(column, frozenset())
            values = [entry.groups.get(column, "") for entry in entries]
            yield [("" if value in hidden else value) for value in values] if hidden else values
        yield [entry.level for entry in entries]
        if not self.pseudonymised:
            yield [entry.where for entry in entries]


_Number = Callable[[float], str]


def _formatter(decimal: str) -> _Number:
    """How a mean is written: to 4 decimals, as Python writes a float (with a decimal comma
    for `decimal=","`)."""

    def number(value: float) -> str:
        text = repr(round(value, 4))
        return text.replace(".", decimal) if decimal != "." else text

    return number


def _column(values: NDArray[np.float64], write: Callable[[float], str]) -> list[str]:
    """Each value written by `write` ("" for NaN), writing each distinct value once."""
    import numpy as np

    distinct, inverse = np.unique(values, return_inverse=True)
    texts = np.array(
        ["" if math.isnan(value) else write(value) for value in distinct.tolist()], dtype=object
    )
    written: list[str] = texts[inverse.reshape(-1)].tolist()
    return written


def _quoter(delimiter: str) -> Callable[[Any], str]:
    """A cell as `csv.writer` (minimal quoting, doubled quotes) writes it."""
    special = re.compile("[" + re.escape(delimiter + '"\r\n') + "]").search

    def quote(value: Any) -> str:
        if value is None:
            return ""
        text = value if type(value) is str else str(value)
        if special(text):
            return '"' + text.replace('"', '""') + '"'
        return text

    return quote


def _plain(delimiter: str) -> Callable[[list[Any]], bool]:
    """Whether a column of cells can be written as it is: all text, none that needs quotes
    or starts like a formula (checked on the joined column, in C)."""
    special = re.compile(
        "[" + re.escape(delimiter + '"\r\n') + "]|(?:^|\x00)[" + re.escape("=+-@\t") + "]"
    ).search

    def plain(values: list[Any]) -> bool:
        try:
            joined = "\x00".join(values)
        except TypeError:  # a cell that is not text
            return False
        return special(joined) is None

    return plain


def respondent_csv_text(
    table: RespondentTable, by: Sequence[str], delimiter: str, decimal: str
) -> str:
    """The per-respondent CSV of `export.respondents_csv`, built a column at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", delimiter=delimiter)
    writer.writerow([neutralise(h) for h in table.header(by)])
    if not table.entries:
        return EXCEL_BOM + buffer.getvalue()
    quote = _quoter(delimiter)
    plain = _plain(delimiter)
    columns: list[list[str]] = [
        values if plain(values) else [quote(neutralise(value)) for value in values]
        for values in table.text_columns(by)
    ]
    columns.append([str(entry.answered) for entry in table.entries])
    columns.append([str(entry.cant_say) for entry in table.entries])
    number = _formatter(decimal)
    target = table.target
    overall = table.means[:, -1]
    columns.append(_column(overall, number))
    columns.append(_column(overall, lambda mean: number(target - mean)))
    statuses = _column(overall, lambda mean: quote(neutralise(_status(target, mean))))
    empty = quote(neutralise(Status.NOT_ASSESSABLE.value))
    columns.append([status or empty for status in statuses])
    components = len(table.component_ids)
    for index in range(components, components + len(table.area_ids)):
        columns.append(_column(table.means[:, index], number))
    for index in range(components):
        columns.append(_column(table.means[:, index], number))
    lines = map(delimiter.join, zip(*columns, strict=True))
    # one join, so the text is made once (a million rows are ~100 MB of it)
    head = EXCEL_BOM + buffer.getvalue().removesuffix("\r\n")
    return "\r\n".join(chain((head,), lines, ("",)))


def _status(target: float, mean: float) -> str:
    return status_for(round(target - mean, 10)).value

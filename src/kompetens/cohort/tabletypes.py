"""What the table reader passes between its stages: the run's options and context, the
meaning of a table's columns (`Layout`), a table as read (`Table`), and a scored row in
compact form (`RowScore`), all picklable for worker processes."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from kompetens.assessment.scoring import ScoringPlan
from kompetens.cohort.cells import CellReader
from kompetens.cohort.columnmap import ColumnMap
from kompetens.cohort.headers import (
    StatementIndex,
    all_statements,
)
from kompetens.framework.diagnostics import Diagnostic
from kompetens.model import Framework
from kompetens.text.i18n import Messages

WORKBOOK_SUFFIXES = (".xlsx", ".ods")
MAX_TABLE_BYTES = 1024 * 1024 * 1024
"""A table may be large (100,000 rows are ~10 MB); the cap only stops a mistake."""
HEADER_SEARCH_ROWS = 30

DELIMITERS = (";", ",", "\t", "|")
DELIMITER_KEYS = {";": "semicolon", ",": "comma", "\t": "tab", "|": "bar"}


@dataclass(frozen=True)
class TableOptions:
    """What the person said about the tables (command-line options)."""

    level: str | None = None
    id_column: str | None = None
    by: tuple[str, ...] = ()
    cant_say: tuple[str, ...] = ()
    column_map: ColumnMap | None = None
    header_row: int | None = None
    sheet: str | None = None
    language: str = "en"


@dataclass(frozen=True)
class ReadContext:
    """Everything one run needs to read and score table rows; built once per run and
    handed to worker processes (no module-level caches)."""

    framework: Framework
    options: TableOptions
    index: StatementIndex
    cells: CellReader
    levels_of: dict[str, frozenset[str]]
    """Statement id → the levels it belongs to."""
    plans: dict[str, ScoringPlan] = field(default_factory=dict, compare=False)
    """Scoring plans by level, made when first needed (in each process)."""

    def plan(self, level: str) -> ScoringPlan:
        found = self.plans.get(level)
        if found is None:
            found = self.plans[level] = ScoringPlan.build(self.framework, level)
        return found

    @classmethod
    def build(cls, framework: Framework, options: TableOptions | None = None) -> ReadContext:
        options = options or TableOptions()
        return cls(
            framework=framework,
            options=options,
            index=StatementIndex.build(framework),
            cells=CellReader.build(
                framework,
                options.cant_say,
                options.column_map.values if options.column_map else None,
            ),
            levels_of={s.id: frozenset(s.levels) for s in all_statements(framework)},
        )

    @cached_property
    def messages(self) -> Messages:
        return Messages(self.options.language)


@dataclass(frozen=True, slots=True)
class Layout:
    """What each column of a table means; picklable, so worker processes can use it."""

    file: str
    header: tuple[str, ...]
    statements: tuple[tuple[int, str], ...]
    id_column: int | None = None
    name_column: int | None = None
    level_column: int | None = None
    completed_column: int | None = None
    groups: tuple[tuple[str, int | None], ...] = ()
    level: str | None = None
    folder: str = ""
    header_line: int = 1
    label_columns: tuple[int, ...] = ()
    fallback_id_column: int | None = None
    """A response id, used when the respondent cell is empty or a placeholder such as
    Forms' `anonymous`."""
    """Columns that may hold "Keskiarvo"/"Average" in a total row."""


class RowScore(NamedTuple):
    """A scored row in compact form (cheap to send between processes)."""

    line: int
    respondent: str | None
    name: str | None
    level: str
    groups: tuple[str | None, ...]
    codes: bytes
    means: tuple[float | None, ...]
    answered: int
    cant_say: int
    completed: float | None
    warnings: tuple[Diagnostic, ...] = ()


class RowBlock(NamedTuple):
    """The rows of one worker task that the fast reader took at one level, as columns
    (numpy arrays pickle as one buffer each, so a chunk crosses to the main process at
    about the cost of copying its bytes)."""

    level: str
    offsets: Any
    """Each row's position in the task (`NDArray[np.int64]`)."""
    lines: Any
    respondents: list[str | None]
    names: list[str | None]
    groups: tuple[list[str | None], ...]
    """Per group column of the layout, each row's cell (None: the row is too short)."""
    codes: Any
    """(rows, statements of the level) `uint8`."""
    means: Any
    """(rows, sub-areas + areas + 1) `float64`, NaN where a mean is none."""
    answered: Any
    cant_say: Any
    completed: Any
    """`float64`, NaN where there is no completion time."""
    keys_are_ids: bool = False
    """Every row has an id and it is its own deduplication key (`selection.ids_are_keys`):
    the main process need not work the keys out."""


RowOutput = RowScore | list[Diagnostic]
"""A scored row, or every problem in it (only warnings: a draft or a total row, not
scored and not rejected)."""


class RowChunk(NamedTuple):
    """What a worker makes of one task: the rows the fast reader took, as columns by level,
    and every other row (read exactly) with its position in the task."""

    blocks: list[RowBlock]
    others: list[tuple[int, RowOutput]]
    rows: int


@dataclass
class Table:
    layout: Layout
    rows: list[tuple[int, list[Any]]]
    notes: list[Diagnostic] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    text: str = ""
    """The whole text, when its rows are left for workers to split (`text_parts`)."""
    body: int = 0
    """Where the rows start in `text`."""
    problems: list[Diagnostic] = field(default_factory=list)
    """Errors about the table as a whole that still let its rows be scored (a header that
    matches two statements, two columns for one statement)."""

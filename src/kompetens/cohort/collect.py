"""From the inputs an educator names to a deduplicated list of scored respondents.

Every input that cannot be scored becomes a diagnostic with its file, line (or row) and
reason; everything else is scored. The steps, each a function below:

1. Expand the inputs: files, directories (recursively: `*.yaml`, `*.yml`, `*.json`,
   `*.csv`, `*.tsv`, `*.xlsx`) and glob patterns, in the order given (`_expand`).
2. Read and score result files, in worker processes when there are many
   (`_read_result_files`, with `cohort.files`).
3. Choose the framework (`--framework`, else the one most results name, else the default)
   and read the tables with it (`_read_tables`, with `cohort.table`).
4. Choose the level (`--level`, else the one level of the inputs; mixed levels are refused).
5. Reject inputs of another framework or level, drafts and duplicates (the latest completed
   result of a respondent is kept) (`_select`, with `cohort.selection`).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kompetens.assessment.inputs import TABLE_SUFFIXES, expand_inputs
from kompetens.assessment.scoring import ScoringPlan
from kompetens.cohort.allocator import reuse_large_blocks_for
from kompetens.cohort.columnmap import ColumnMap
from kompetens.cohort.columns import EntryColumns, ScoredRows, scored_rows, widths
from kompetens.cohort.files import (
    ReadSetup,
    _builtin,
    init_reader,
    plan_for,
    read_chunk_outputs,
)
from kompetens.cohort.records import CohortError, Entry, failure, note, paused_gc
from kompetens.cohort.selection import (
    choose_level,
    dedupe_key,
    deduplicate_roles,
    deduplicate_rows,
    keep_framework,
    keep_level,
    split_roles,
    version_notes,
    with_level_rows,
)
from kompetens.cohort.table import (
    ReadContext,
    RowChunk,
    RowScore,
    RowTask,
    Table,
    TableOptions,
    init_rows,
    read_table,
    row_entry,
    score_rows,
    text_parts,
)
from kompetens.cohort.workers import Progress, chunks, default_jobs, forks, pool, results
from kompetens.framework.diagnostics import Diagnostic
from kompetens.model import Framework
from kompetens.text.i18n import Messages

__all__ = [
    "CollectOptions",
    "Collection",
    "Progress",
    "StrictStop",
    "choose_framework",
    "collect",
    "dedupe_key",
    "default_jobs",
    "input_key",
    "split_roles",
]

POOL_MIN_FILES = 200
POOL_MIN_ROWS = 4000
ROW_CHUNK = 2000


class StrictStop(Exception):
    """`--strict`: the first input that cannot be scored stops the run."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__(diagnostics[0].as_text() if diagnostics else "stopped")


@dataclass
class CollectOptions:
    framework: Framework | None = None
    level: str | None = None
    id_column: str | None = None
    by: tuple[str, ...] = ()
    strict: bool = False
    jobs: int = 1
    exclude: frozenset[Path] = frozenset()
    progress: Progress | None = None
    display: Callable[[Entry], str] = field(default=lambda entry: entry.respondent or "?")
    """How a respondent is named in messages (a pseudonym when pseudonymising)."""
    check_inputs: Callable[[Sequence[str]], None] | None = None
    """Called with every input file once the folders are walked, before any is read (the
    command line refuses an output that would replace one of them)."""
    cant_say: tuple[str, ...] = ()
    column_map: ColumnMap | None = None
    header_row: int | None = None
    sheet: str | None = None
    language: str = "en"
    """Language of the messages about tables."""

    def table_options(self) -> TableOptions:
        return TableOptions(
            level=self.level,
            id_column=self.id_column,
            by=self.by,
            cant_say=self.cant_say,
            column_map=self.column_map,
            header_row=self.header_row,
            sheet=self.sheet,
            language=self.language,
        )


@dataclass
class Collection:
    framework: Framework
    level: str
    plan: ScoringPlan
    entries: Sequence[Entry]
    """In input order; an `EntryColumns` (the cohort as columns) when `collect` made it."""
    rejected: list[Diagnostic]
    notes: list[Diagnostic]
    result_files: int = 0
    tables: int = 0
    rows: int = 0
    assessors: list[Entry] = field(default_factory=list)
    """Ratings of the respondents by a mentor, teacher or peer (result files with an
    `assessor`); kept apart from the cohort's self-assessments, for `agreement.py`."""
    drafts: list[Diagnostic] = field(default_factory=list)
    """Unfinished responses in tables: listed and counted, not scored, not rejected."""
    skipped: int = 0
    """Total and average rows skipped."""

    @property
    def rejected_rows(self) -> int:
        """Rows of tables that were not scored because of a problem."""
        return len({input_key(d) for d in self.rejected if input_key(d)[1]})

    @property
    def inputs(self) -> int:
        return len(self.entries) + self.rejected_inputs

    @property
    def rejected_inputs(self) -> int:
        """Rejected inputs: a file, or a row of a table, with one or more problems."""
        return len({input_key(d) for d in self.rejected})


def input_key(diagnostic: Diagnostic) -> tuple[str, int]:
    """The input a diagnostic is about: its file, or its row for a table."""
    is_table = Path(diagnostic.file).suffix.lower() in TABLE_SUFFIXES
    return (diagnostic.file, diagnostic.line if is_table and diagnostic.line > 1 else 0)


@dataclass
class _TableOutcome:
    entries: list[Entry] = field(default_factory=list)
    blocks: list[ScoredRows] = field(default_factory=list)
    """The rows the fast reader took, as columns."""
    rejected: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    """Row warnings: unreadable times, drafts, total rows."""
    rows: int = 0


def _score_table(
    table: Table, context: ReadContext, order: int, jobs: int, options: CollectOptions
) -> _TableOutcome:
    """`_score_rows` inside the table's error boundary: anything unforeseen that the table
    does to its reader rejects that table, and the other inputs are still scored."""
    try:
        return _score_rows(table, context, order, jobs, options)
    except (csv.Error, StrictStop, CohortError):
        raise
    except Exception as exc:
        return _TableOutcome(rejected=[failure(table.layout.file, exc)])


@dataclass
class _RowWork:
    """How a table's rows are split into worker tasks."""

    tasks: list[RowTask]
    sizes: list[int]
    use_pool: bool
    arguments: tuple[Any, ...]
    """What each worker is set up with (`init_rows`)."""


def _row_work(table: Table, context: ReadContext, jobs: int) -> _RowWork:
    if table.text:  # unparsed: forked workers read pieces of the text
        parts = text_parts(table, ROW_CHUNK)
        return _RowWork(
            [
                RowTask(table.layout, None, 0, part=part, delimiter=table.delimiter)
                for part in parts
            ],
            [part.lines for part in parts],
            jobs > 1,
            (context, (), table.text),
        )
    rows = table.rows
    use_pool = jobs > 1 and len(rows) >= POOL_MIN_ROWS
    # Forked workers inherit the rows: a task is then only a range of them.
    shared = use_pool and forks()
    tasks = [
        RowTask(
            table.layout,
            None if shared else rows[start : start + ROW_CHUNK],
            0,
            start,
            min(start + ROW_CHUNK, len(rows)),
        )
        for start in range(0, len(rows), ROW_CHUNK)
    ]
    sizes = [task.end - task.start for task in tasks]
    return _RowWork(tasks, sizes, use_pool, (context, rows if shared else ()))


def _score_rows(
    table: Table, context: ReadContext, order: int, jobs: int, options: CollectOptions
) -> _TableOutcome:
    """The scored rows of a table, its rejected rows, row warnings, and how many rows it
    has."""
    work = _row_work(table, context, jobs)
    outcome = _TableOutcome()
    init_rows(*work.arguments)
    executor = pool(jobs, init_rows, *work.arguments) if work.use_pool else None
    try:
        outputs = results(
            work.tasks,
            score_rows,
            work.sizes,
            executor=executor,
            phase=Path(table.layout.file).name,
            progress=options.progress,
        )
        numbers: dict[float | None, float | None] = {}
        for chunk in outputs:
            _take_chunk(table, context.framework.id, order, chunk, numbers, outcome, options)
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)
        init_rows(context)  # let go of the table's rows and text
    return outcome


def _take_chunk(
    table: Table,
    framework_id: str,
    order: int,
    chunk: RowChunk,
    numbers: dict[float | None, float | None],
    outcome: _TableOutcome,
    options: CollectOptions,
) -> None:
    """One worker task's rows into the outcome: the fast reader's rows stay columns; every
    other row becomes an entry, a warning, or a rejection, in the order of the rows."""
    first = order + outcome.rows
    for offset, row in chunk.others:
        if isinstance(row, RowScore):
            outcome.entries.append(
                row_entry(table.layout, framework_id, first + offset, row, numbers)
            )
            outcome.warnings.extend(row.warnings)
        elif not any(d.is_error for d in row):
            outcome.warnings.extend(row)  # a draft or a total row
        elif options.strict:
            raise StrictStop(row)
        else:
            outcome.rejected.extend(row)
    outcome.blocks.extend(
        scored_rows(table.layout, framework_id, first, block) for block in chunk.blocks
    )
    outcome.rows += chunk.rows


def _split(
    outputs: Iterable[Entry | list[Diagnostic]], strict: bool
) -> tuple[list[Entry], list[Diagnostic]]:
    entries: list[Entry] = []
    rejected: list[Diagnostic] = []
    for output in outputs:
        if isinstance(output, Entry):
            entries.append(output)
        else:
            if strict:
                raise StrictStop(output)
            rejected.extend(output)
    return entries, rejected


def choose_framework(
    entries: Sequence[Entry], given: Framework | None, language: str = "en"
) -> Framework:
    if given is not None:
        return given
    from kompetens.framework.catalog import DEFAULT_FRAMEWORK

    counts = Counter(e.framework_id for e in entries if e.framework_id)
    if counts:
        best = max(counts.values())
        candidates = sorted(k for k, v in counts.items() if v == best)
        chosen = DEFAULT_FRAMEWORK if DEFAULT_FRAMEWORK in candidates else candidates[0]
    else:
        chosen = DEFAULT_FRAMEWORK
    # Result files are scored with the built-in version they name; the cohort takes the
    # version most of them were scored with (tables name no version: the newest).
    versions = Counter(
        e.extra["scored_with"]
        for e in entries
        if e.framework_id == chosen and "scored_with" in e.extra
    )
    version = versions.most_common(1)[0][0] if versions else None
    framework = _builtin(chosen, version)
    if framework is None:
        raise CohortError(Messages(language)("tables.not_builtin", framework=chosen))
    return framework


def _read_table(
    path: Path, context: ReadContext, unparsed_from: int | None
) -> Table | list[Diagnostic]:
    """The table, or why not; anything unforeseen in it is that table's rejection."""
    try:
        return read_table(path, context, unparsed_from=unparsed_from)
    except (StrictStop, CohortError):
        raise
    except Exception as exc:
        return [failure(str(path), exc)]


def collect(specs: Sequence[str], options: CollectOptions) -> Collection:
    """Read, score, check and deduplicate every input. Raises `CohortError` for problems
    with the run as a whole and `StrictStop` (with --strict) at the first rejected input."""
    with paused_gc():
        return _collect(specs, options)


@dataclass(frozen=True)
class _Inputs:
    results: list[str]
    tables: list[str]
    problems: list[Diagnostic]
    """Inputs named but not found."""


@dataclass
class _Run:
    """What the steps of `collect` gather, in the order they find it."""

    order: int
    """The order of the next table row (result files come first)."""
    rejected: list[Diagnostic]
    entries: list[Entry] = field(default_factory=list)
    blocks: list[ScoredRows] = field(default_factory=list)
    """Rows of tables that the fast reader took, as columns."""
    notes: list[Diagnostic] = field(default_factory=list)
    drafts: list[Diagnostic] = field(default_factory=list)
    skipped: int = 0
    rows: int = 0


def _collect(specs: Sequence[str], options: CollectOptions) -> Collection:
    messages = Messages(options.language)
    if options.framework is not None:
        _check_level(options.framework, options.level, messages)
    inputs = _expand(specs, options, messages)
    jobs = 1 if options.strict else max(1, options.jobs)
    run = _Run(order=len(inputs.results), rejected=list(inputs.problems))
    _read_result_files(inputs.results, options, jobs, run)
    framework = choose_framework(run.entries, options.framework, options.language)
    _check_level(framework, options.level, messages)
    if inputs.tables:
        _read_tables(inputs.tables, framework, options, jobs, run, messages)
    _check_groups(options.by, inputs, run, messages)
    return _select(framework, inputs, options, run, messages)


def _check_level(framework: Framework, level: str | None, messages: Messages) -> None:
    if level is not None and level not in framework.level_ids:
        raise CohortError(
            messages(
                "tables.run_unknown_level",
                level=level,
                framework=framework.id,
                levels=", ".join(framework.level_ids),
            )
        )


def _expand(specs: Sequence[str], options: CollectOptions, messages: Messages) -> _Inputs:
    """Step 1: the files named, and what was named but not found."""
    result_files, table_files, problems = expand_inputs(specs, options.exclude)
    if options.check_inputs is not None:
        options.check_inputs([*result_files, *table_files])
    if options.strict and problems:
        raise StrictStop(problems[:1])
    if not result_files and not table_files and not problems:
        raise CohortError(messages("tables.nothing_found", inputs=", ".join(specs)))
    return _Inputs(result_files, table_files, problems)


def _read_result_files(files: list[str], options: CollectOptions, jobs: int, run: _Run) -> None:
    """Step 2: every result file scored, or its rejection; in worker processes, and
    tallied a chunk at a time (numpy), when there are many."""
    columnar = len(files) >= POOL_MIN_FILES
    setup = ReadSetup(options.framework, tuple(options.by), options.language, columnar)
    init_reader(setup)
    numbered = list(enumerate(files))
    size = min(250, max(10, len(numbered) // (jobs * 4) or 1))
    tasks = chunks(numbered, size)
    use_pool = jobs > 1 and columnar
    if columnar:
        import kompetens.assessment.scoring_matrix  # noqa: F401 (numpy, once for all workers)
    if use_pool and options.framework is None:
        from kompetens.framework.catalog import DEFAULT_FRAMEWORK

        _builtin(DEFAULT_FRAMEWORK)  # loaded once here, inherited by forked workers
    executor = pool(jobs, init_reader, setup) if use_pool else None
    try:
        outputs = list(
            results(
                tasks,
                read_chunk_outputs,
                [len(task) for task in tasks],
                executor=executor,
                phase="files",
                progress=options.progress,
            )
        )
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)
    unpacked = (o for task, out in zip(tasks, outputs, strict=True) for o in out.unpack(task))
    entries, rejected = _split(unpacked, options.strict)
    run.entries.extend(entries)
    run.rejected.extend(rejected)


def _read_tables(
    files: list[str],
    framework: Framework,
    options: CollectOptions,
    jobs: int,
    run: _Run,
    messages: Messages,
) -> None:
    """Step 3: every table's rows scored with the chosen framework, or rejected."""
    context = ReadContext.build(framework, options.table_options())
    for file in files:
        # A large table is read a piece at a time: by forked worker processes, or here
        # (one job); its rows are never all held as lists of cells.
        unparsed_from = POOL_MIN_ROWS if jobs == 1 or forks() else None
        if unparsed_from is not None:
            reuse_large_blocks_for(Path(file))
        table = _read_table(Path(file), context, unparsed_from)
        if not isinstance(table, Table):
            _unreadable_table(file, table, framework, options, run, messages)
            continue
        run.notes.extend(table.notes)
        if table.problems:
            if options.strict:
                raise StrictStop(table.problems)
            run.rejected.extend(table.problems)
        outcome = _score_whole_table(file, table, context, jobs, options, run)
        if outcome is not None:
            _add_outcome(file, outcome, context, run)


def _unreadable_table(
    file: str,
    problems: list[Diagnostic],
    framework: Framework,
    options: CollectOptions,
    run: _Run,
    messages: Messages,
) -> None:
    for problem in problems:
        if problem.code == "no-level":
            raise CohortError(
                messages("tables.level_required", file=file, levels=", ".join(framework.level_ids))
            )
    errors = [d for d in problems if d.is_error]
    if options.strict and errors:
        raise StrictStop(errors)
    run.rejected.extend(errors)
    run.notes.extend(d for d in problems if not d.is_error)


def _score_whole_table(
    file: str, table: Table, context: ReadContext, jobs: int, options: CollectOptions, run: _Run
) -> _TableOutcome | None:
    """The table's rows scored; a line the quick split cannot read makes the table be read
    again as a whole. `None` when that fails too (its errors are then rejected)."""
    try:
        return _score_table(table, context, run.order, jobs, options)
    except csv.Error:
        exact = _read_table(Path(file), context, None)
        if not isinstance(exact, Table):
            errors = [d for d in exact if d.is_error]
            if options.strict and errors:
                raise StrictStop(errors) from None
            run.rejected.extend(errors)
            return None
        return _score_table(exact, context, run.order, jobs, options)


def _add_outcome(file: str, outcome: _TableOutcome, context: ReadContext, run: _Run) -> None:
    run.entries.extend(outcome.entries)
    run.blocks.extend(outcome.blocks)
    run.rejected.extend(outcome.rejected)
    totals = [d for d in outcome.warnings if d.code == "total-row"]
    run.drafts.extend(d for d in outcome.warnings if d.code == "draft")
    run.notes.extend(d for d in outcome.warnings if d.code not in ("total-row", "draft"))
    if totals:
        run.skipped += len(totals)
        rows = ", ".join(str(d.line) for d in totals)
        message = context.messages("tables.total_rows", count=len(totals), rows=rows)
        run.notes.append(note(file, totals[0].line, 1, "total-row", message))
    run.rows += outcome.rows - len(totals)
    run.order += outcome.rows


def _check_groups(by: Sequence[str], inputs: _Inputs, run: _Run, messages: Messages) -> None:
    """`--by COLUMN` names a column some table has (`folder` groups result files)."""
    for column in by:
        if column.casefold() in {"folder", "kansio", "mapp"}:
            continue
        found = any(e.groups.get(column) for e in run.entries) or any(
            any(block.groups.get(column, ())) for block in run.blocks
        )
        if inputs.tables and not found:
            hint = " " + messages("tables.by_folder_hint") if inputs.results else ""
            raise CohortError(messages("tables.by_missing", column=column) + hint)


def _select(
    framework: Framework,
    inputs: _Inputs,
    options: CollectOptions,
    run: _Run,
    messages: Messages,
) -> Collection:
    """Steps 4 and 5: the level, and the entries of the cohort's framework, version and
    level, one per respondent (per assessor role for others' ratings)."""
    kept, late = keep_framework(run.entries, framework, messages)
    level = choose_level(kept, options.level, framework, messages, run.blocks)
    kept, blocks = with_level_rows(kept, run.blocks, level)
    scored, wrong_level = keep_level(kept, level, messages)
    late.extend(wrong_level)
    scored, assessors = split_roles(scored, more_own=bool(blocks))
    scored, blocks, duplicates, double = deduplicate_rows(scored, blocks, options.display, messages)
    late.extend(duplicates)
    run.notes.extend(double)
    assessors, duplicates, double = deduplicate_roles(assessors, options.display, messages)
    late.extend(duplicates)
    run.notes.extend(double)
    if options.strict and late:
        raise StrictStop(late[:1])
    run.rejected.extend(late)
    run.notes.extend(version_notes(scored, framework, messages))
    plan = plan_for(framework, level)
    entries = EntryColumns.gather(scored, blocks, *widths(plan))
    return Collection(
        framework=framework,
        level=level,
        plan=plan,
        entries=entries,
        rejected=run.rejected,
        notes=run.notes,
        result_files=len(inputs.results),
        tables=len(inputs.tables),
        rows=run.rows,
        assessors=sorted(assessors, key=lambda e: e.order),
        drafts=run.drafts,
        skipped=run.skipped,
    )

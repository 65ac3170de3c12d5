"""From the inputs an educator names to a deduplicated list of scored respondents.

Every input that cannot be scored becomes a diagnostic with its file, line (or row) and
reason; everything else is scored. The steps:

1. Expand the inputs: files, directories (recursively: `*.yaml`, `*.yml`, `*.json`,
   `*.csv`, `*.tsv`, `*.xlsx`) and glob patterns, in the order given.
2. Read and score result files, in worker processes when there are many.
3. Choose the framework (`--framework`, else the one most results name, else the default)
   and read the tables with it.
4. Choose the level (`--level`, else the one level of the inputs; mixed levels are refused).
5. Reject inputs of another framework or level, drafts and duplicates (the latest completed
   result of a respondent is kept).
"""

from __future__ import annotations

import csv
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from kompetens.assessment.inputs import TABLE_SUFFIXES, expand_inputs
from kompetens.assessment.scoring import ScoringPlan
from kompetens.cohort.columnmap import ColumnMap
from kompetens.cohort.files import (
    ReadSetup,
    _builtin,
    init_reader,
    plan_for,
    read_result_chunk,
)
from kompetens.cohort.records import CohortError, Entry, failure, note, paused_gc, rejection
from kompetens.cohort.table import (
    ReadContext,
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
from kompetens.framework.diagnostics import Diagnostic
from kompetens.model import Framework
from kompetens.text.i18n import Messages

Progress = Callable[[str, int, int], None]
"""`progress(phase, done, total)`: called as inputs are read (the CLI draws a bar)."""

POOL_MIN_FILES = 200
POOL_MIN_ROWS = 4000
ROW_CHUNK = 2000
T = TypeVar("T")
R = TypeVar("R")


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
    entries: list[Entry]
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


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def _chunks(items: Sequence[T], size: int) -> list[Sequence[T]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def _forks() -> bool:
    """Whether worker processes are forked (Linux): they then inherit this process's data."""
    import multiprocessing

    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _pool(jobs: int, initializer: Callable[..., None], *arguments: Any) -> Executor:
    import multiprocessing

    # fork on Linux: workers start at once with the framework already loaded; elsewhere
    # the platform's default (spawn), which pickles the initializer's arguments.
    context = multiprocessing.get_context("fork" if _forks() else None)
    return ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=initializer, initargs=arguments
    )


def _results(
    tasks: Sequence[T],
    work: Callable[[T], list[R]],
    sizes: Sequence[int],
    *,
    pool: Executor | None,
    phase: str,
    progress: Progress | None,
) -> Iterator[list[R]]:
    """The outputs of the tasks in order, each as soon as it is done (so that this process
    uses them while workers are still busy with the next)."""
    total = sum(sizes)
    done = 0
    results: Iterable[list[R]] = pool.map(work, tasks) if pool else map(work, tasks)
    for size, output in zip(sizes, results, strict=True):
        yield output
        done += size
        if progress is not None:
            progress(phase, done, total)


@dataclass
class _TableOutcome:
    entries: list[Entry] = field(default_factory=list)
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


def _score_rows(
    table: Table, context: ReadContext, order: int, jobs: int, options: CollectOptions
) -> _TableOutcome:
    """The scored rows of a table, its rejected rows, row warnings, and how many rows it
    has."""
    if table.text:  # unparsed: forked workers read pieces of the text
        parts = text_parts(table, ROW_CHUNK)
        tasks = [
            RowTask(table.layout, None, 0, part=part, delimiter=table.delimiter) for part in parts
        ]
        sizes = [part.lines for part in parts]
        use_pool = True
        arguments: tuple[Any, ...] = (context, (), table.text)
    else:
        rows = table.rows
        use_pool = jobs > 1 and len(rows) >= POOL_MIN_ROWS
        # Forked workers inherit the rows: a task is then only a range of them.
        shared = use_pool and _forks()
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
        arguments = (context, rows if shared else ())
    outcome = _TableOutcome()
    init_rows(*arguments)
    pool = _pool(jobs, init_rows, *arguments) if use_pool else None
    try:
        outputs = _results(
            tasks,
            score_rows,
            sizes,
            pool=pool,
            phase=Path(table.layout.file).name,
            progress=options.progress,
        )
        layout, framework_id = table.layout, context.framework.id
        numbers: dict[float | None, float | None] = {}
        for output in outputs:
            for row in output:
                if isinstance(row, RowScore):
                    outcome.entries.append(
                        row_entry(layout, framework_id, order + outcome.rows, row, numbers)
                    )
                    outcome.warnings.extend(row.warnings)
                elif not any(d.is_error for d in row):
                    outcome.warnings.extend(row)  # a draft or a total row
                elif options.strict:
                    raise StrictStop(row)
                else:
                    outcome.rejected.extend(row)
                outcome.rows += 1
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return outcome


def _locate(file: str, loc: tuple[str, ...]) -> tuple[int, int]:
    """Line and column of a key in a result file (read again: only for rejections)."""
    from kompetens.framework.loading import read_document

    document = read_document(Path(file))
    if document.data is None:
        return 1, 1
    return document.locate(loc)


def _entry_rejection(entry: Entry, loc: tuple[str, ...], code: str, message: str) -> Diagnostic:
    if entry.kind == "result":
        line, col = _locate(entry.source, loc)
        return rejection(entry.source, line, col, code, message, ".".join(loc))
    return rejection(entry.source, entry.line, 1, code, message)


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


def _collect(specs: Sequence[str], options: CollectOptions) -> Collection:
    msg = Messages(options.language)
    given = options.framework
    if given is not None and options.level is not None and options.level not in given.level_ids:
        raise CohortError(
            msg(
                "tables.run_unknown_level",
                level=options.level,
                framework=given.id,
                levels=", ".join(given.level_ids),
            )
        )
    result_files, table_files, problems = expand_inputs(specs, options.exclude)
    if options.check_inputs is not None:
        options.check_inputs([*result_files, *table_files])
    if options.strict and problems:
        raise StrictStop(problems[:1])
    if not result_files and not table_files and not problems:
        raise CohortError(msg("tables.nothing_found", inputs=", ".join(specs)))
    rejected: list[Diagnostic] = list(problems)
    notes: list[Diagnostic] = []
    jobs = 1 if options.strict else max(1, options.jobs)

    # 2. result files
    columnar = len(result_files) >= POOL_MIN_FILES
    setup = ReadSetup(given, tuple(options.by), options.language, columnar)
    init_reader(setup)
    numbered = list(enumerate(result_files))
    size = min(250, max(10, len(numbered) // (jobs * 4) or 1))
    chunks = _chunks(numbered, size)
    use_pool = jobs > 1 and columnar
    if columnar:
        import kompetens.assessment.scoring_matrix  # noqa: F401 (numpy, once for all workers)
    if use_pool and given is None:
        from kompetens.framework.catalog import DEFAULT_FRAMEWORK

        _builtin(DEFAULT_FRAMEWORK)  # loaded once here, inherited by forked workers
    pool = _pool(jobs, init_reader, setup) if use_pool else None
    try:
        outputs = list(
            _results(
                chunks,
                read_result_chunk,
                [len(c) for c in chunks],
                pool=pool,
                phase="files",
                progress=options.progress,
            )
        )
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    entries, file_rejected = _split((o for chunk in outputs for o in chunk), options.strict)
    rejected.extend(file_rejected)

    # 3. framework, then tables
    framework = choose_framework(entries, given, options.language)
    if options.level is not None and options.level not in framework.level_ids:
        raise CohortError(
            msg(
                "tables.run_unknown_level",
                level=options.level,
                framework=framework.id,
                levels=", ".join(framework.level_ids),
            )
        )
    order = len(result_files)
    rows_read = 0
    drafts: list[Diagnostic] = []
    skipped = 0
    context = ReadContext.build(framework, options.table_options()) if table_files else None
    for file in table_files:
        assert context is not None
        # Worker processes that are forked read the rows of a large table themselves.
        unparsed_from = POOL_MIN_ROWS if jobs > 1 and _forks() else None
        table = _read_table(Path(file), context, unparsed_from)
        if not isinstance(table, Table):
            for problem in table:
                if problem.code == "no-level":
                    raise CohortError(
                        msg(
                            "tables.level_required",
                            file=file,
                            levels=", ".join(framework.level_ids),
                        )
                    )
            errors = [d for d in table if d.is_error]
            if options.strict and errors:
                raise StrictStop(errors)
            rejected.extend(errors)
            notes.extend(d for d in table if not d.is_error)
            continue
        notes.extend(table.notes)
        if table.problems:
            if options.strict:
                raise StrictStop(table.problems)
            rejected.extend(table.problems)
        try:
            outcome = _score_table(table, context, order, jobs, options)
        except csv.Error:  # a line the quick split cannot read: read the table as a whole
            exact = _read_table(Path(file), context, None)
            if not isinstance(exact, Table):
                errors = [d for d in exact if d.is_error]
                if options.strict and errors:
                    raise StrictStop(errors) from None
                rejected.extend(errors)
                continue
            outcome = _score_table(exact, context, order, jobs, options)
        entries.extend(outcome.entries)
        rejected.extend(outcome.rejected)
        totals = [d for d in outcome.warnings if d.code == "total-row"]
        drafts.extend(d for d in outcome.warnings if d.code == "draft")
        notes.extend(d for d in outcome.warnings if d.code not in ("total-row", "draft"))
        if totals:
            skipped += len(totals)
            notes.append(
                note(
                    file,
                    totals[0].line,
                    1,
                    "total-row",
                    context.messages(
                        "tables.total_rows",
                        count=len(totals),
                        rows=", ".join(str(d.line) for d in totals),
                    ),
                )
            )
        rows_read += outcome.rows - len(totals)
        order += outcome.rows

    # 4. missing group columns
    for column in options.by:
        if column.casefold() in {"folder", "kansio", "mapp"}:
            continue
        if table_files and not any(e.groups.get(column) for e in entries):
            raise CohortError(
                msg("tables.by_missing", column=column)
                + (" " + msg("tables.by_folder_hint") if result_files else "")
            )

    # 5. framework, level, version, duplicates
    kept: list[Entry] = []
    late: list[Diagnostic] = []
    for entry in entries:
        if entry.framework_id != framework.id:
            late.append(
                _entry_rejection(
                    entry,
                    ("framework", "id"),
                    "wrong-framework",
                    msg("tables.wrong_framework", found=entry.framework_id, framework=framework.id),
                )
            )
        elif entry.extra.get("scored_with", framework.version) != framework.version:
            late.append(
                _entry_rejection(
                    entry,
                    ("framework", "version"),
                    "other-version",
                    f"result was made with {framework.id} {entry.extra['version']}; this "
                    f"cohort is scored with {framework.version}. Score each version on its "
                    f"own, e.g. --framework {framework.id}@{entry.extra['scored_with']}",
                )
            )
        else:
            kept.append(entry)
    level = options.level
    if level is None:
        levels = Counter(e.level for e in kept)
        if len(levels) > 1:
            listed = ", ".join(f"{name} ({count})" for name, count in levels.most_common())
            raise CohortError(
                msg("tables.mixed_levels", levels=listed, level=levels.most_common(1)[0][0])
            )
        level = next(iter(levels)) if levels else framework.level_ids[0]
    scored: list[Entry] = []
    for entry in kept:
        if entry.level != level:
            late.append(
                _entry_rejection(
                    entry,
                    ("level",),
                    "wrong-level",
                    msg("tables.wrong_level", found=entry.level, level=level),
                )
            )
        else:
            scored.append(entry)
    scored, assessors = split_roles(scored)
    scored, duplicates, double = _deduplicate(scored, options.display, msg)
    late.extend(duplicates)
    notes.extend(double)
    by_role: dict[str, list[Entry]] = {}
    for entry in assessors:
        by_role.setdefault(entry.extra.get("role", ""), []).append(entry)
    assessors = []
    for role_entries in by_role.values():
        kept_role, duplicates, double = _deduplicate(role_entries, options.display, msg)
        assessors.extend(kept_role)
        late.extend(duplicates)
        notes.extend(double)
    if options.strict and late:
        raise StrictStop(late[:1])
    rejected.extend(late)
    versions = Counter(
        e.extra.get("version")
        for e in scored
        if e.extra.get("version") not in (None, framework.version)
    )
    for version, count in versions.items():
        notes.append(
            note(
                "",
                0,
                0,
                "other-version",
                msg(
                    "tables.other_version",
                    count=count,
                    framework=framework.id,
                    version=version,
                    scored=framework.version,
                ),
            )
        )
    scored.sort(key=lambda e: e.order)
    return Collection(
        framework=framework,
        level=level,
        plan=plan_for(framework, level),
        entries=scored,
        rejected=rejected,
        notes=notes,
        result_files=len(result_files),
        tables=len(table_files),
        rows=rows_read,
        assessors=sorted(assessors, key=lambda e: e.order),
        drafts=drafts,
        skipped=skipped,
    )


def split_roles(entries: list[Entry]) -> tuple[list[Entry], list[Entry]]:
    """Self-assessments and others' ratings. Inputs with no self-assessment at all (a
    folder of mentors' ratings) are scored as the cohort themselves."""
    own = [e for e in entries if e.extra.get("role", "self") == "self"]
    others = [e for e in entries if e.extra.get("role", "self") != "self"]
    if not own:
        return others, []
    return own, others


def dedupe_key(entry: Entry) -> str | None:
    """Who the entry is: the respondent id, else the name (case and spaces ignored)."""
    text = entry.respondent or entry.name
    return " ".join(text.casefold().split()) if text else None


def _deduplicate(
    entries: list[Entry], display: Callable[[Entry], str], messages: Messages
) -> tuple[list[Entry], list[Diagnostic], list[Diagnostic]]:
    """The entries to score, the duplicates rejected, and the double submissions warned
    about (rows of one table by the same respondent: a survey answered twice keeps its
    latest answer)."""
    groups: dict[str, list[Entry]] = {}
    unique: list[Entry] = []
    for entry in entries:
        key = dedupe_key(entry)
        if key is None:
            unique.append(entry)
        else:
            groups.setdefault(key, []).append(entry)
    rejected: list[Diagnostic] = []
    warned: list[Diagnostic] = []
    for group in groups.values():
        if len(group) == 1:
            unique.append(group[0])
            continue
        keep = max(
            group,
            key=lambda e: (e.completed if e.completed is not None else float("-inf"), e.order),
        )
        unique.append(keep)
        if all(e.kind == "row" and e.source == keep.source for e in group):
            others = sorted(e.line for e in group if e is not keep)
            warned.append(
                note(
                    keep.source,
                    others[0],
                    1,
                    "double-submission",
                    messages(
                        "tables.double_submission",
                        who=display(keep),
                        rows=", ".join(str(line) for line in sorted(e.line for e in group)),
                        kept=keep.line,
                    ),
                )
            )
            continue
        for other in group:
            if other is keep:
                continue
            reason = messages(
                "tables.completed_later"
                if keep.completed is not None
                and other.completed is not None
                and keep.completed > other.completed
                else "tables.given_later"
            )
            rejected.append(
                _entry_rejection(
                    other,
                    ("respondent", "id"),
                    "duplicate",
                    messages(
                        "tables.duplicate", who=display(other), kept=keep.where, reason=reason
                    ),
                )
            )
    return unique, rejected, warned

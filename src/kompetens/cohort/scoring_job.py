"""`score` as one job: the options in, a typed outcome (or a typed refusal) out.

Every rule of the command lives here rather than in the command line: which outputs may be
asked for together, that a group column must not identify people, that a key file means
pseudonymising, what the CSV's separators are in each language, what the JSON and the
report carry, and when the run counts as having findings. The command line parses the
options into a `ScoreRequest`, calls `score_cohort`, and prints what comes back; the
diagnostics found along the way travel in the outcome (or the `ScoreError`), in the order
in which they were found, so that the command prints them as the run met them.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from kompetens.files.output import (
    Output,
    OutputError,
    Pieces,
    format_of,
    is_stdout,
    refuse_existing,
    refuse_inputs,
)
from kompetens.framework.diagnostic_codes import UNREADABLE_CODES
from kompetens.text.i18n import Messages
from kompetens.text.language import INTERFACE_LANGUAGES, resolve_language

if TYPE_CHECKING:
    from kompetens.cohort.analysis_types import CohortAnalysis
    from kompetens.cohort.collect import Collection, CollectOptions
    from kompetens.cohort.columnmap import ColumnMap
    from kompetens.cohort.columns import EntryColumns
    from kompetens.cohort.contract import CohortContext
    from kompetens.cohort.records import Entry
    from kompetens.framework.diagnostics import Diagnostic
    from kompetens.model.framework import Framework

CsvDialect = Literal["auto", "semicolon", "comma"]
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class ScoreRequest:
    """The options of `score`, as the user gave them."""

    inputs: tuple[str, ...]
    framework_spec: str | None = None
    level: str | None = None
    id_column: str | None = None
    by: tuple[str, ...] = ()
    csv_out: str | None = None
    json_out: str | None = None
    report_out: str | None = None
    force: bool = False
    lang: str | None = None
    pseudonymize: bool = False
    key_file: Path | None = None
    min_group: int = 5
    strict: bool = False
    jobs: int = 0
    top: int = 10
    since: tuple[str, ...] = ()
    columns_map: Path | None = None
    cant_say: tuple[str, ...] = ()
    header_row: int | None = None
    sheet: str | None = None
    csv_dialect: CsvDialect = "auto"


class ScoreError(Exception):
    """A run that cannot go on: the diagnostics met so far, then the message (if any).

    `code` is "usage" (exit 2: a wrong option, an unreadable input) or "findings" (exit 1);
    `lines` are said before the message, without the program's name in front.
    """

    def __init__(
        self,
        message: str | None,
        code: Literal["usage", "findings"] = "usage",
        *,
        reported: Sequence[Sequence[Diagnostic]] = (),
        lines: Sequence[str] = (),
    ) -> None:
        self.message = message
        self.code = code
        self.reported = tuple(tuple(group) for group in reported)
        self.lines = tuple(lines)
        super().__init__(message or "")


@dataclass(slots=True)
class ScoreOutcome:
    """A scored cohort: what to print, what to write, and whether anything was rejected."""

    collection: Collection
    context: CohortContext
    """The cohort context (`kompetens.cohort.context`), which the summary prints."""
    texts: dict[str, str]
    language: str
    """The language of the outputs (one of the framework's)."""
    message_language: str
    """The language of the messages (fi, sv or en)."""
    documents: list[tuple[Output, str | Pieces]]
    """Each requested output and its text (the CSV in pieces, written as made), in the order --csv, --json, --report."""
    reported: list[list[Diagnostic]]
    """Diagnostics to show, group by group (notes, drafts, rejected inputs, earlier round)."""
    rejected: list[Diagnostic] = field(default_factory=list)
    """Rejected inputs of this round and of the earlier one (`--since`)."""
    change: dict[str, Any] | None = None

    @property
    def no_overlap(self) -> bool:
        """`--since` was given, and no respondent is in both rounds."""
        return self.change is not None and self.change["pairs"] == 0

    @property
    def unreadable(self) -> bool:
        return any(d.code in UNREADABLE_CODES for d in self.rejected)

    @property
    def has_findings(self) -> bool:
        return bool(self.rejected) or self.no_overlap


def score_cohort(request: ScoreRequest, progress: Progress | None = None) -> ScoreOutcome:
    """Score the inputs of `request`; `ScoreError` for a run that cannot go on.

    Every output is checked before any input is read, every input file before it is read
    (no output replaces an input, not even with `--force`), and nothing is written here:
    the outcome carries the documents.
    """
    job = _Job(request)
    collection = job.collect(progress)
    return job.finish(collection)


class _Job:
    """One run of `score`: the checks made before reading, then reading and analysing."""

    def __init__(self, request: ScoreRequest) -> None:
        self.request = request
        self.early = Messages(resolve_language(request.lang, INTERFACE_LANGUAGES, "en"))
        self.report_format = _report_format(request.report_out, self.early)
        self.outputs = _plan_outputs(request, self.early)
        self._refuse_identifying_groups()
        self.pseudonymizer = self._pseudonymizer()
        self.display = RespondentNames(self.pseudonymizer)
        self.framework = _framework(request.framework_spec, self.early)
        self.message_language = self.early.language
        self.column_map = self._column_map()
        self.reported: list[list[Diagnostic]] = []

    def _refuse_identifying_groups(self) -> None:
        if not self.request.by:
            return
        from kompetens.cohort.privacy import identifying_column

        for column in self.request.by:
            if identifying_column(column, self.request.id_column):
                raise ScoreError(self.early("cohort.error_by_identifying", column=column))

    def _pseudonymizer(self) -> Callable[[str], str] | None:
        request = self.request
        if request.key_file is not None and not request.pseudonymize:
            raise ScoreError(self.early("cohort.error_key_file_without_pseudonymize"))
        if not request.pseudonymize:
            return None
        from kompetens.cohort.privacy import Pseudonymizer, PseudonymKeyError, load_key

        try:
            return Pseudonymizer(load_key(request.key_file))
        except PseudonymKeyError as exc:
            raise ScoreError(exc.text(self.early)) from None

    def _column_map(self) -> ColumnMap | None:
        if self.request.columns_map is None:
            return None
        from kompetens.cohort.columnmap import read_column_map

        framework = self.framework
        if framework is None:
            from kompetens.cohort.files import _builtin
            from kompetens.framework.catalog import DEFAULT_FRAMEWORK

            framework = _builtin(DEFAULT_FRAMEWORK)
        assert framework is not None
        column_map, problems = read_column_map(self.request.columns_map, framework, self.early)
        if column_map is None:
            raise ScoreError(None, reported=[problems])
        return column_map

    def _check_inputs(self, files: Sequence[str]) -> None:
        request = self.request
        named = _framework_file(request.framework_spec)
        outputs = self.outputs.values()
        others = [named, request.key_file, request.columns_map]
        refuse_inputs(outputs, [*_may_be_outputs(files, outputs), *others])
        if not request.force:
            refuse_existing(self.outputs.values())

    def options(self, progress: Progress | None) -> CollectOptions:
        from kompetens.cohort.collect import CollectOptions, default_jobs

        request = self.request
        return CollectOptions(
            framework=self.framework,
            level=request.level,
            id_column=request.id_column,
            by=request.by,
            strict=request.strict,
            jobs=request.jobs or default_jobs(),
            progress=progress,
            display=self.display,
            check_inputs=self._check_inputs if any(self.outputs.values()) else None,
            cant_say=tuple(
                part.strip()
                for item in request.cant_say
                for part in item.split(",")
                if part.strip()
            ),
            column_map=self.column_map,
            header_row=request.header_row,
            sheet=request.sheet,
            language=self.message_language,
        )

    def collect(self, progress: Progress | None) -> Collection:
        from kompetens.cohort.collect import StrictStop, collect
        from kompetens.cohort.records import CohortError
        from kompetens.cohort.workers import import_while_reading

        import_while_reading("kompetens.cohort.analysis", "kompetens.cohort.context")

        self.collect_options = self.options(progress)
        try:
            collection = collect(self.request.inputs, self.collect_options)
        except OutputError as exc:
            raise ScoreError(self.early(exc.key, **exc.values)) from None
        except CohortError as exc:
            raise ScoreError(str(exc)) from None
        except StrictStop as stop:
            message = self.early("cohort.error_strict_stop")
            raise ScoreError(message, "findings", reported=[stop.diagnostics]) from None
        found = [collection.notes, collection.drafts, collection.rejected]
        if not collection.entries:
            lines = []
            if collection.rejected_rows:
                lines.append(self.early("tables.rows_not_scored", count=collection.rejected_rows))
            raise ScoreError(self.early("tables.nothing_scored"), reported=found, lines=lines)
        self.reported.extend(found)
        return collection

    def finish(self, collection: Collection) -> ScoreOutcome:
        from kompetens.cohort.analysis import analyse
        from kompetens.cohort.context import build_cohort_context, message_catalogue

        request = self.request
        framework = collection.framework
        language = resolve_language(request.lang, framework.languages, framework.default_language)
        analysis = analyse(
            collection,
            by=list(request.by),
            min_group=request.min_group,
            display=self.display,
            pseudonymised=request.pseudonymize,
            top=request.top,
            respondent_rows=self.outputs["--json"] is not None,
        )
        outcome = ScoreOutcome(
            collection=collection,
            context=cast("CohortContext", {}),  # built below, once --since is read
            texts=message_catalogue(language),
            language=language,
            message_language=self.message_language,
            documents=[],
            reported=self.reported,
            rejected=list(collection.rejected),
        )
        if request.since:
            self._compare_with_earlier(collection, outcome)
        outcome.context = build_cohort_context(
            collection,
            analysis,
            language,
            pseudonymised=request.pseudonymize,
            texts=outcome.texts,
            charts=self.outputs["--report"] is not None,
        )
        if outcome.change is not None:
            from kompetens.cohort.change import change_context

            outcome.context["change"] = change_context(outcome.change, framework, language)
        outcome.documents = self._documents(collection, analysis, outcome)
        return outcome

    def _compare_with_earlier(self, collection: Collection, outcome: ScoreOutcome) -> None:
        """`--since`: the earlier round read with this round's framework and level, paired
        with it; its rejected inputs count like this round's."""
        from kompetens.cohort.change import paired_change
        from kompetens.cohort.collect import StrictStop, collect
        from kompetens.cohort.records import CohortError

        earlier_options = dataclasses.replace(
            self.collect_options,
            framework=collection.framework,
            level=collection.level,
            by=(),
            progress=None,
        )
        try:
            earlier = collect(self.request.since, earlier_options)
        except OutputError as exc:  # an output named as one of the earlier inputs
            raise ScoreError(self.early(exc.key, **exc.values), reported=self.reported) from None
        except CohortError as exc:
            raise ScoreError(f"--since: {exc}", reported=self.reported) from None
        except StrictStop as stop:
            reported = [*self.reported, stop.diagnostics]
            raise ScoreError(None, "findings", reported=reported) from None
        self.reported.extend([earlier.notes, earlier.rejected])
        outcome.change = paired_change(
            collection, earlier, min_group=self.request.min_group, display=self.display
        )
        outcome.rejected += earlier.rejected

    def _documents(
        self, collection: Collection, analysis: CohortAnalysis, outcome: ScoreOutcome
    ) -> list[tuple[Output, str | Pieces]]:
        from kompetens.cohort.export import cohort_document, cohort_json, respondents_csv_pieces

        request = self.request
        documents: list[tuple[Output, str | Pieces]] = []
        csv_output, json_output, report_output = self.outputs.values()
        if csv_output is not None:
            semicolon = request.csv_dialect == "semicolon" or (
                request.csv_dialect == "auto" and outcome.language in ("fi", "sv")
            )
            text = respondents_csv_pieces(
                analysis,
                by=request.by,
                pseudonymised=request.pseudonymize,
                delimiter=";" if semicolon else ",",
                decimal="," if semicolon else ".",
            )
            documents.append((csv_output, text))
        if json_output is not None:
            document = cohort_document(
                collection, analysis, outcome.context, request.pseudonymize, outcome.change
            )
            documents.append((json_output, cohort_json(document)))
        if report_output is not None:
            documents.append((report_output, self._report(outcome)))
        return documents

    def _report(self, outcome: ScoreOutcome) -> str:
        from kompetens.report import ReportTemplateError, render_cohort_report

        try:
            return render_cohort_report(outcome.context, self.report_format, messages=outcome.texts)
        except ReportTemplateError as exc:
            message = self.early("cohort.error_render", error=str(exc))
            raise ScoreError(message, "findings", reported=self.reported) from None


@dataclass(frozen=True, slots=True)
class RespondentNames:
    """How a respondent is named: the id or name, a pseudonym, or the file and line; for
    one entry, or for a column of a cohort's rows at once (`EntryColumns.displayed`)."""

    pseudonymizer: Callable[[str], str] | None

    def __call__(self, entry: Entry) -> str:
        who = entry.respondent or entry.name
        if self.pseudonymizer is not None:
            return str(self.pseudonymizer(who or f"{entry.source}#{entry.line}"))
        return who or f"({Path(entry.source).name}{f':{entry.line}' if entry.line else ''})"

    def column(self, rows: EntryColumns, start: int, end: int) -> list[str]:
        """The names of the rows `start:end`; an entry is made only for a row with
        neither id nor name."""
        respondents = rows.respondents[start:end]
        pseudonymizer = self.pseudonymizer
        if all(respondents):  # every row has an id (as nearly always): the ids name them
            ids = cast("list[str]", respondents)
            return ids if pseudonymizer is None else [str(pseudonymizer(i)) for i in ids]
        whos = [
            respondent or name
            for respondent, name in zip(respondents, rows.names[start:end], strict=True)
        ]
        if pseudonymizer is not None:
            named = [str(pseudonymizer(who)) if who else "" for who in whos]
        else:
            named = [who or "" for who in whos]
        if not all(whos):  # no id and no name: the file and line say who
            for index, who in enumerate(whos):
                if not who:
                    named[index] = self(rows[start + index])
        return named


def _may_be_outputs(files: Sequence[str], outputs: Iterable[Output | None]) -> list[str]:
    """The input files that may be one of the outputs, for `refuse_inputs`, in order.

    `refuse_inputs` resolves every name it is given (a system call per folder of the path),
    0.35 s for 10,000 result files. An input that exists can only resolve to an output's
    path when that output exists and is the same file, so one `stat` per input finds the
    few to hand on: those that are an existing output's file (device and inode), and those
    that cannot be looked at (`refuse_inputs` decides about them as before). An output
    that cannot be looked at, though it may exist, hands on every input.
    """
    existing: set[tuple[int, int]] = set()
    for output in outputs:
        if output is not None and output.path is not None:
            try:
                status = output.path.stat()
            except (FileNotFoundError, NotADirectoryError):
                continue  # no such file: it is none of the inputs, which exist
            except (OSError, ValueError):
                return list(files)
            existing.add((status.st_dev, status.st_ino))
    kept: list[str] = []
    for file in files:
        try:
            status = os.stat(file)  # noqa: PTH116 (no Path object per file)
        except (OSError, ValueError):
            kept.append(file)
            continue
        if (status.st_dev, status.st_ino) in existing:
            kept.append(file)
    return kept


def _report_format(report_out: str | None, messages: Messages) -> Literal["html", "md"]:
    """The report's format from `--report`'s suffix (HTML on standard output)."""
    if report_out is None or is_stdout(report_out):
        return "html"
    fmt = format_of(report_out)
    if fmt == "html":
        return "html"
    if fmt == "md":
        return "md"
    suffix = Path(report_out).suffix
    raise ScoreError(messages("cohort.error_report_suffix", suffix=suffix or report_out))


def _plan_outputs(request: ScoreRequest, messages: Messages) -> dict[str, Output | None]:
    """The checked --csv, --json and --report outputs (before any input is read)."""
    from kompetens.files.output import plan_output

    specs = {"--csv": request.csv_out, "--json": request.json_out, "--report": request.report_out}
    to_stdout = [option for option, spec in specs.items() if is_stdout(spec)]
    if len(to_stdout) > 1:
        raise ScoreError(messages("output.one_stdout", options=", ".join(to_stdout)))
    try:
        # existing files are refused once the inputs are known: an input is the better reason
        outputs = {option: plan_output(spec, force=True) for option, spec in specs.items()}
        refuse_inputs(outputs.values(), [])
    except OutputError as exc:
        raise ScoreError(messages(exc.key, **exc.values)) from None
    return outputs


def _framework_file(spec: str | None) -> Path | None:
    """The framework file `--framework` names, or the built-in one (never to be replaced
    by an output); None when it names nothing that exists."""
    from kompetens.framework.catalog import UnknownFrameworkError, resolve_framework

    try:
        return resolve_framework(spec)
    except (UnknownFrameworkError, OSError):
        return None


def _framework(spec: str | None, messages: Messages) -> Framework | None:
    """The framework `--framework` names; None when the results are to name it."""
    if not spec:
        return None
    from kompetens.framework.cache import load_builtin_framework
    from kompetens.framework.catalog import UnknownFrameworkError, resolve_framework

    try:
        path = resolve_framework(spec)
    except UnknownFrameworkError as exc:
        known = ", ".join(exc.known)
        raise ScoreError(
            messages("cli.error.unknown_framework", spec=exc.spec, known=known)
        ) from None
    framework, diagnostics = load_builtin_framework(path)
    if framework is None:
        unreadable = any(d.code in UNREADABLE_CODES for d in diagnostics)
        raise ScoreError(
            messages("cli.error.not_a_framework", path=path),
            "usage" if unreadable else "findings",
            reported=[[d for d in diagnostics if d.is_error]],
        )
    return framework

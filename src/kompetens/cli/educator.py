"""Commands for educators: `score` (a whole cohort) and `template` (a collection sheet)."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from kompetens.cli.common import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    early_messages,
    emit,
    fail,
    force_option,
    framework_argument,
    framework_input,
    interface_messages,
    load_framework_or_exit,
    output_failed,
    output_option,
    prepare_output,
    print_diagnostics,
)
from kompetens.files.output import Output, OutputError, is_stdout, refuse_existing, refuse_inputs
from kompetens.framework.diagnostic_codes import UNREADABLE_CODES

if TYPE_CHECKING:
    from rich.console import Console

    from kompetens.cohort.collect import Collection
    from kompetens.cohort.records import Entry


class SheetFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


class CsvDialect(StrEnum):
    auto = "auto"
    semicolon = "semicolon"
    comma = "comma"


REPORT_SUFFIXES = {".html": "html", ".htm": "html", ".md": "md"}


def _display(pseudonymizer: Any) -> Any:
    def display(entry: Entry) -> str:
        who = entry.respondent or entry.name
        if pseudonymizer is not None:
            return str(pseudonymizer(who or f"{entry.source}#{entry.line}"))
        return who or f"({Path(entry.source).name}{f':{entry.line}' if entry.line else ''})"

    return display


def score(
    inputs: list[str] = typer.Argument(
        ...,
        metavar="INPUT",
        help="Result files (.yaml/.json), tables and survey exports (.csv/.tsv/.xlsx/.ods, "
        "Excel Unicode .txt), directories (searched "
        "recursively) or glob patterns.",
    ),
    framework_spec: str = typer.Option(
        None,
        "--framework",
        help="Built-in framework id or file; default: the one the results name.",
    ),
    level: str = typer.Option(
        None,
        "--level",
        "-l",
        help="Level to score at; default: the level of the results. Required for a table "
        "without a level column.",
    ),
    id_column: str = typer.Option(
        None, "--id-column", help="Table column with the respondent id (default: found by name)."
    ),
    by: list[str] = typer.Option(
        None,
        "--by",
        help="Compare groups by this table column (campus, programme, year); repeatable. "
        "'folder' groups result files by their folder.",
    ),
    csv_out: str = output_option(
        "--csv", help="Write per-respondent scores as CSV ('-': standard output)."
    ),
    json_out: str = output_option(
        "--json", help="Write everything as JSON ('-': standard output)."
    ),
    report_out: str = output_option(
        "--report",
        help="Write the cohort report: FILE.html or FILE.md ('-': HTML on standard output).",
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help="Replace existing --csv, --json and --report files (an input is never replaced).",
    ),
    lang: str = typer.Option(None, "--lang", help="Report language: fi, sv or en."),
    pseudonymize: bool = typer.Option(
        False,
        "--pseudonymize",
        help="Replace respondent ids with keyed hashes and leave out names and notes "
        "(key: KOMPETENS_PSEUDONYM_KEY or --key-file).",
    ),
    key_file: Path = typer.Option(
        None, "--key-file", help="File holding the pseudonymisation key."
    ),
    min_group: int = typer.Option(
        5,
        "--min-group",
        min=1,
        help="Suppress group statistics computed from fewer respondents than this.",
    ),
    strict: bool = typer.Option(
        False, "--strict", help="Stop at the first input that cannot be scored."
    ),
    jobs: int = typer.Option(
        0, "--jobs", "-j", min=0, help="Worker processes for large inputs (0: one per CPU)."
    ),
    top: int = typer.Option(
        10, "--top", min=0, help="How many respondents to list as possibly needing support."
    ),
    since: list[str] = typer.Option(
        None,
        "--since",
        help="An earlier round (files, folders, globs; repeatable): paired change of the same "
        "respondents, by id or pseudonym.",
    ),
    columns_map: Path = typer.Option(
        None,
        "--columns",
        help="Column map (YAML or CSV): header → statement id, value → rating. Draft one "
        "with `kompetens columns EXPORT`.",
    ),
    cant_say: list[str] = typer.Option(
        None,
        "--cant-say",
        help='Another cell text meaning "can\'t say" (repeatable; comma-separated allowed).',
    ),
    header_row: int = typer.Option(
        None, "--header-row", min=1, help="Row of the table's header (default: found)."
    ),
    sheet: str = typer.Option(
        None, "--sheet", help="Sheet of a workbook to read (default: the first with answers)."
    ),
    csv_dialect: CsvDialect = typer.Option(
        CsvDialect.auto,
        "--csv-dialect",
        help="--csv separators: semicolon (and decimal comma, Excel in Finnish or Swedish), "
        "comma, or auto (semicolon for fi/sv, comma for en).",
    ),
) -> None:
    """Score a cohort: many students' results, or a survey export, against a framework.

    Prints a summary; --csv, --json and --report write the details. Every input that cannot
    be scored is listed on standard error with its file, line or row and the reason; all
    others are scored. Exit code 0 when everything was scored, 1 when any input was
    rejected, 2 for usage errors and unreadable inputs. Nothing is sent anywhere.
    """
    from kompetens.cohort.collect import CollectOptions, StrictStop, collect, default_jobs
    from kompetens.cohort.records import CohortError

    by = list(by or [])
    report_suffix = (
        ".html" if report_out is None or is_stdout(report_out) else Path(report_out).suffix
    )
    if report_suffix.lower() not in REPORT_SUFFIXES:
        fail(f"--report must end in .html or .md, not '{report_suffix or report_out}'")
    outputs = _plan_outputs({"--csv": csv_out, "--json": json_out, "--report": report_out}, lang)
    from kompetens.cohort.privacy import identifying_column

    for column in by:
        if identifying_column(column, id_column):
            fail(early_messages(lang)("cohort.error_by_identifying", column=column))
    if key_file is not None and not pseudonymize:
        fail("--key-file is only used with --pseudonymize")
    pseudonymizer = None
    if pseudonymize:
        from kompetens.cohort.privacy import Pseudonymizer, PseudonymKeyError, load_key

        try:
            pseudonymizer = Pseudonymizer(load_key(key_file))
        except PseudonymKeyError as exc:
            fail(str(exc))
    framework = load_framework_or_exit(framework_spec) if framework_spec else None
    display = _display(pseudonymizer)
    from kompetens.text.language import INTERFACE_LANGUAGES, resolve_language

    message_language = resolve_language(lang, INTERFACE_LANGUAGES, "en")
    column_map = None
    if columns_map is not None:
        column_map = _column_map_or_exit(columns_map, framework, message_language)

    def check_inputs(files: Sequence[str]) -> None:
        refuse_inputs(
            outputs.values(),
            [*files, framework_input(framework_spec), key_file, columns_map],
        )
        if not force:
            refuse_existing(outputs.values())

    progress, finish = _progress()
    options = CollectOptions(
        framework=framework,
        level=level,
        id_column=id_column,
        by=tuple(by),
        strict=strict,
        jobs=jobs or default_jobs(),
        progress=progress,
        display=display,
        check_inputs=check_inputs if any(outputs.values()) else None,
        cant_say=tuple(
            part.strip() for item in cant_say or [] for part in item.split(",") if part.strip()
        ),
        column_map=column_map,
        header_row=header_row,
        sheet=sheet,
        language=message_language,
    )
    try:
        collection = collect(inputs, options)
    except OutputError as exc:
        finish()
        output_failed(exc, lang)
    except CohortError as exc:
        finish()
        fail(str(exc))
    except StrictStop as stop:
        finish()
        print_diagnostics(stop.diagnostics)
        typer.echo(
            "kompetens: stopped at the first input that cannot be scored (--strict)", err=True
        )
        raise typer.Exit(EXIT_FINDINGS) from None
    finish()
    if not collection.entries:
        from kompetens.text.i18n import Messages

        print_diagnostics(collection.notes)
        print_diagnostics(collection.drafts)
        print_diagnostics(collection.rejected)
        messages = Messages(message_language)
        if collection.rejected_rows:
            typer.echo(messages("tables.rows_not_scored", count=collection.rejected_rows), err=True)
        typer.echo("kompetens: " + messages("tables.nothing_scored"), err=True)
        raise typer.Exit(EXIT_USAGE)

    from kompetens.cohort.analysis import analyse

    framework = collection.framework
    language = resolve_language(lang, framework.languages, framework.default_language)
    analysis = analyse(
        collection,
        by=by,
        min_group=min_group,
        display=display,
        pseudonymised=pseudonymize,
        top=top,
        respondent_rows=outputs["--csv"] is not None or outputs["--json"] is not None,
    )
    print_diagnostics(collection.notes)
    print_diagnostics(collection.drafts)
    print_diagnostics(collection.rejected)
    change = None
    rejected = list(collection.rejected)
    if since:
        from kompetens.cli.cohort_views import collect_since

        try:
            change, earlier_rejected = collect_since(since, collection, options, min_group)
        except OutputError as exc:  # an output named as one of the earlier inputs
            output_failed(exc, lang)
        rejected += earlier_rejected

    from kompetens.cohort.context import build_cohort_context, message_catalogue

    texts = message_catalogue(language)
    context = build_cohort_context(
        collection, analysis, language, pseudonymised=pseudonymize, texts=texts
    )
    if change is not None:
        from kompetens.cohort.change import change_context

        context["change"] = change_context(change, framework, language)
    documents: list[tuple[Output, str]] = []
    if outputs["--csv"] is not None:
        from kompetens.cohort.export import respondents_csv

        semicolon = csv_dialect is CsvDialect.semicolon or (
            csv_dialect is CsvDialect.auto and language in ("fi", "sv")
        )
        csv_text = respondents_csv(
            analysis,
            by=by,
            pseudonymised=pseudonymize,
            delimiter=";" if semicolon else ",",
            decimal="," if semicolon else ".",
        )
        documents.append((outputs["--csv"], csv_text))
    if outputs["--json"] is not None:
        from kompetens.cohort.export import cohort_json

        document = _json_document(collection, analysis, context, pseudonymize)
        if change is not None:
            document["change"] = change
        documents.append((outputs["--json"], cohort_json(document)))
    if outputs["--report"] is not None:
        from kompetens.report import ReportTemplateError, render_cohort_report

        fmt = REPORT_SUFFIXES[report_suffix.lower()]
        try:
            text = render_cohort_report(context, "html" if fmt == "html" else "md", messages=texts)
        except ReportTemplateError as exc:
            fail(f"cannot render the report: {exc}", EXIT_FINDINGS)
        documents.append((outputs["--report"], text))

    from rich.console import Console

    on_stdout = any(output.to_stdout for output, _ in documents)
    console = Console(stderr=on_stdout, highlight=False)
    _print_summary(context, texts, console)
    _print_table_counts(collection, message_language, console)
    if context["agreement"]:
        from kompetens.cli.cohort_views import print_agreement

        print_agreement(context, texts, console)
    if change is not None:
        from kompetens.cli.cohort_views import print_change

        print_change(context, texts, console)
    for output, text in documents:
        emit(output, text, lang=language)
    if change is not None and change["pairs"] == 0:
        typer.echo(f"kompetens: {texts['change.no_overlap']}", err=True)
    if any(d.code in UNREADABLE_CODES for d in rejected):
        raise typer.Exit(EXIT_USAGE)
    if rejected or (change is not None and change["pairs"] == 0):
        raise typer.Exit(EXIT_FINDINGS)


def _plan_outputs(specs: dict[str, str | None], lang: str | None) -> dict[str, Output | None]:
    """The checked --csv, --json and --report outputs (before any input is read)."""
    from kompetens.files.output import OutputError, plan_output

    to_stdout = [option for option, spec in specs.items() if is_stdout(spec)]
    if len(to_stdout) > 1:
        fail(early_messages(lang)("output.one_stdout", options=", ".join(to_stdout)))
    try:
        # existing files are refused once the inputs are known: an input is the better reason
        outputs = {option: plan_output(spec, force=True) for option, spec in specs.items()}
        refuse_inputs(outputs.values(), [])
    except OutputError as exc:
        output_failed(exc, lang)
    return outputs


def _column_map_or_exit(path: Path, framework: Any, language: str) -> Any:
    from kompetens.cohort.columnmap import read_column_map
    from kompetens.text.i18n import Messages

    if framework is None:
        from kompetens.cohort.files import _builtin
        from kompetens.framework.catalog import DEFAULT_FRAMEWORK

        framework = _builtin(DEFAULT_FRAMEWORK)
    column_map, problems = read_column_map(path, framework, Messages(language))
    if column_map is None:
        print_diagnostics(problems)
        raise typer.Exit(EXIT_USAGE)
    return column_map


def _print_table_counts(collection: Collection, language: str, console: Console) -> None:
    """Rows of tables that were not scored, and unfinished responses, counted in words."""
    from kompetens.text.i18n import Messages

    messages = Messages(language)
    if collection.rejected_rows:
        console.print(
            messages("tables.rows_not_scored", count=collection.rejected_rows), markup=False
        )
    if collection.drafts:
        console.print(messages("tables.drafts_counted", count=len(collection.drafts)), markup=False)


def _progress() -> tuple[Any, Any]:
    """A progress bar on standard error when it is a terminal; else no-ops."""
    if not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
        auto_refresh=False,  # no refresh thread: worker processes are forked safely
    )
    tasks: dict[str, Any] = {}
    started = [False]

    def update(phase: str, done: int, total: int) -> None:
        if total < 200:
            return
        if not started[0]:
            bar.start()
            started[0] = True
        if phase not in tasks:
            from rich.markup import escape

            from kompetens.text.terminal import safe_text

            name = escape(safe_text(phase, lines=False))  # a file name: shown, never obeyed
            tasks[phase] = bar.add_task(f"reading {name}", total=total)
        bar.update(tasks[phase], completed=done, total=total)
        bar.refresh()

    def finish() -> None:
        if started[0]:
            bar.stop()

    return update, finish


def _json_document(
    collection: Collection,
    analysis: dict[str, Any],
    context: Mapping[str, Any],
    pseudonymised: bool,
) -> dict[str, Any]:
    from kompetens import __version__
    from kompetens.cohort.privacy import shareable_notes

    return {
        "kompetens": __version__,
        "framework": analysis["framework"],
        "level": analysis["level"],
        "target": analysis["target"],
        "scale": analysis["scale"],
        "generated": context["generated"],
        "pseudonymised": pseudonymised,
        "min_group": analysis["min_group"],
        "counts": context["counts"],
        "overall": analysis["overall"],
        "areas": analysis["areas"],
        "furthest": analysis["furthest"],
        "groups": analysis["groups"],
        "support": analysis["support"],
        "respondents": analysis["respondents"],
        "quality": analysis["quality"],
        "agreement": analysis["agreement"],
        # file names often carry student numbers: a pseudonymised file keeps only the counts
        "rejected": [] if pseudonymised else [d.as_dict() for d in collection.rejected],
        "notes": [
            d.as_dict() for d in shareable_notes(collection.notes, pseudonymised=pseudonymised)
        ],
        "drafts": [] if pseudonymised else [d.as_dict() for d in collection.drafts],
    }


def _print_summary(context: Mapping[str, Any], texts: dict[str, str], console: Console) -> None:
    from functools import partial

    from rich.markup import escape
    from rich.table import Table

    from kompetens.report import filters
    from kompetens.text.terminal import safe_tree

    context = safe_tree(context)
    language = context["language"]
    num = partial(filters.num, language=language, digits=2)
    pct = partial(filters.pct, language=language)
    level = context["level"]
    framework = context["framework"]
    console.print(
        f"[bold]{escape(texts['cohort.title'])}[/] · {escape(framework['title'])} · "
        f"{escape(level['title'])} · {escape(texts['cohort.target'])} {num(level['target'])}"
    )
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    # Titles wrap; numbers never do (a truncated "3,…" would mislead).
    # Titles and headers wrap; numbers fit their minimum width and never wrap (a truncated
    # "3,…" would mislead).
    # Short headers and wrapping titles keep every number whole in an 80-column terminal
    # (a truncated "3,…" would mislead); the reports spell the headers out.
    table.add_column("", ratio=1, min_width=16, overflow="fold")
    for key in (
        "cohort.n",
        "cohort.mean_short",
        "cohort.sd",
        "cohort.median_short",
        "cohort.meets_short",
        "cohort.alpha_short",
    ):
        table.add_column(texts[key], justify="right", no_wrap=True)
    overall = context["overall"]
    table.add_row(
        f"[bold]{escape(texts['cohort.overall'])}[/]",
        str(overall["n"]),
        num(overall["mean"]),
        num(overall["sd"]),
        num(overall["median"]),
        pct(overall["meets"]),
        "",
    )
    for area in context["areas"]:
        alpha = area["reliability"]["alpha"]
        table.add_row(
            f"[bold]{escape(area['title'])}[/]",
            str(area["n"]),
            num(area["mean"]),
            num(area["sd"]),
            num(area["median"]),
            pct(area["meets"]),
            num(alpha),
        )
        for component in area["components"]:
            table.add_row(
                "  " + escape(component["title"]),
                str(component["n"]),
                num(component["mean"]),
                num(component["sd"]),
                num(component["median"]),
                pct(component["meets"]),
                "",
            )
    console.print(table)
    if context["furthest"]:
        console.print(f"\n[bold]{escape(texts['cohort.furthest'])}[/]")
        for rank, component in enumerate(context["furthest"], start=1):
            console.print(
                f"  {rank}. {escape(component['title'])}: {num(component['mean'])} "
                f"({escape(texts['cohort.gap'])} {num(component['gap'])})"
            )
    n_text = str(context["min_group"])
    for comparison in context["groups"]:
        console.print(
            f"\n[bold]{escape(texts['cohort.groups'].replace('{column}', comparison['column']))}[/]"
        )
        groups_table = Table(show_edge=False, pad_edge=False, header_style="bold")
        groups_table.add_column(texts["cohort.group"], ratio=1, min_width=12, overflow="fold")
        groups_table.add_column(texts["cohort.n"], justify="right", no_wrap=True)
        groups_table.add_column(texts["cohort.overall"], justify="right", no_wrap=True)
        for number, _ in enumerate(context["areas"], start=1):
            groups_table.add_column(str(number), justify="right", no_wrap=True)
        for group in comparison["groups"]:
            if group["suppressed"]:
                suppressed = texts["cohort.suppressed"].replace("{n}", n_text)
                groups_table.add_row(
                    escape(group["label"]),
                    str(group["n"]),
                    *[suppressed] * (len(context["areas"]) + 1),
                )
                continue
            cells = [group["overall"], *group["areas"]]
            groups_table.add_row(
                escape(group["label"]),
                str(group["n"]),
                *["–" if c.get("suppressed") else num(c.get("mean")) for c in cells],
            )
        console.print(groups_table)
        legend = " · ".join(
            f"{number} {area['title']}" for number, area in enumerate(context["areas"], start=1)
        )
        console.print(escape(texts["cohort.area_legend"].replace("{legend}", legend)), style="dim")
    if context["support"]:
        console.print(f"\n[bold]{escape(texts['cohort.support'])}[/]")
        for row in context["support"][:5]:
            name = f" {row['name']}" if row.get("name") else ""
            console.print(
                f"  {escape(row['respondent'])}{escape(name)}: {num(row['overall'])} "
                f"({escape(texts['cohort.gap'])} {num(row['gap'])})"
            )
    for note in context["quality"]:
        console.print(f"  · {escape(note)}", style="dim")
    counts = context["counts"]
    summary = (
        texts["cohort.scored_rejected"]
        .replace("{scored}", str(counts["scored"]))
        .replace("{rejected}", str(counts["rejected"]))
    )
    style = "bold red" if counts["rejected"] else "bold green"
    console.print(f"\n[{style}]{escape(summary)}[/]")


def template(
    framework_spec: str = framework_argument(),
    level: str = typer.Option(..., "--level", "-l", help="Level whose statements are columns."),
    fmt: SheetFormat = typer.Option(
        None, "--format", "-f", help="csv or xlsx; from -o's suffix when not given (default csv)."
    ),
    output: str = output_option(
        help="File to write; CSV goes to standard output without it (or with '-')."
    ),
    group: list[str] = typer.Option(
        None, "--group", help="Add a group column (campus, programme, year); repeatable."
    ),
    lang: str = typer.Option(None, "--lang", help="Language of labels and statements (xlsx)."),
    force: bool = force_option(),
) -> None:
    """Write an empty collection sheet: respondent, name, group columns and one column per
    statement of the level. In XLSX the statement cells offer the scale as a drop-down, a
    second sheet lists the statements in full and a third the scale. Collect answers with
    any tool, then `kompetens score SHEET --level LEVEL`."""
    from kompetens.cohort.export import template_csv, template_xlsx
    from kompetens.text.language import resolve_language

    if fmt is None:
        suffix = Path(output).suffix.lower() if output and not is_stdout(output) else ""
        fmt = SheetFormat.xlsx if suffix == ".xlsx" else SheetFormat.csv
    framework = load_framework_or_exit(framework_spec)
    if level not in framework.level_ids:
        from kompetens.framework.levels import unknown_level

        fail(unknown_level(interface_messages(), level, framework.level_ids))
    if fmt is SheetFormat.xlsx and output is None:
        output = f"{framework.id}-{level}.xlsx"
    target = prepare_output(
        output, force=force, inputs=[framework_input(framework_spec)], lang=lang
    )
    groups = list(group or [])
    if fmt is SheetFormat.xlsx:
        try:
            import openpyxl  # noqa: F401
        except ImportError:
            fail("XLSX needs openpyxl, which this installation lacks: pip install openpyxl")
        language = resolve_language(lang, framework.languages, framework.default_language)
        emit(target, template_xlsx(framework, level, language, groups), lang=lang)
        return
    text = template_csv(framework, level, groups)
    if target is None or target.to_stdout:
        text = text.removeprefix("\ufeff")
    emit(target, text, lang=lang)


def columns(
    export: Path = typer.Argument(..., help="The survey export (.csv, .txt, .xlsx, .ods)."),
    level: str = typer.Option(..., "--level", "-l", help="Level the survey asked."),
    framework_spec: str = typer.Option(
        None, "--framework", help="Built-in framework id or file (default: the built-in one)."
    ),
    output: str = output_option(
        help="Map to write (.yaml or .csv); standard output without it (or with '-')."
    ),
    sheet: str = typer.Option(None, "--sheet", help="Sheet of a workbook to read."),
    header_row: int = typer.Option(None, "--header-row", min=1, help="Row of the header."),
    lang: str = typer.Option(None, "--lang", help="Language of the messages: fi, sv or en."),
    force: bool = force_option(),
) -> None:
    """Draft a column map for an export whose headers are not statements (LimeSurvey
    question codes such as K1[SQ001]): columns found by text are mapped, the rest are
    guessed in the framework's order and marked REVIEW, and answer values that are not
    ratings are listed for you to fill in. Check the REVIEW lines, then
    `kompetens score EXPORT --columns MAP`."""
    from kompetens.cohort.mapdraft import draft_map
    from kompetens.cohort.table import ReadContext, TableOptions
    from kompetens.framework.catalog import DEFAULT_FRAMEWORK
    from kompetens.text.language import INTERFACE_LANGUAGES, resolve_language

    framework = load_framework_or_exit(framework_spec or DEFAULT_FRAMEWORK)
    if level not in framework.level_ids:
        from kompetens.framework.levels import unknown_level

        fail(unknown_level(interface_messages(), level, framework.level_ids))
    language = resolve_language(lang, INTERFACE_LANGUAGES, "en")
    target = prepare_output(
        output, force=force, inputs=[export, framework_input(framework_spec)], lang=lang
    )
    context = ReadContext.build(
        framework,
        TableOptions(level=level, header_row=header_row, sheet=sheet, language=language),
    )
    draft = draft_map(export, context, level)
    if isinstance(draft, list):
        print_diagnostics(draft)
        raise typer.Exit(EXIT_USAGE)
    to_file = target is not None and target.path is not None
    text = (
        draft.as_csv()
        if to_file and target is not None and str(target).lower().endswith(".csv")
        else draft.as_yaml()
    )
    messages = context.messages
    emit(target, text if to_file else text.removeprefix("\ufeff"), lang=lang)
    typer.echo(
        "kompetens: "
        + messages("tables.map_drafted", count=len(draft.columns), review=draft.reviews),
        err=True,
    )


def register(app: typer.Typer) -> None:
    """Educator commands are added here."""
    app.command()(score)
    app.command()(template)
    app.command()(columns)

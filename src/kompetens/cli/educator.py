"""Commands for educators: `score` (a whole cohort) and `template` (a collection sheet)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from kompetens.cli.common import (
    EXIT_USAGE,
    early_messages,
    emit,
    fail,
    framework_input,
    level_or_exit,
    load_framework_or_exit,
    prepare_output,
    print_diagnostics,
)
from kompetens.cli.options import (
    count,
    flag,
    force_option,
    format_option,
    framework_argument,
    framework_option,
    inputs_argument,
    lang_option,
    level_option,
    output_option,
    repeatable,
    value,
)
from kompetens.files.output import format_of


class SheetFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


class CsvDialect(StrEnum):
    auto = "auto"
    semicolon = "semicolon"
    comma = "comma"


def score(
    ctx: typer.Context,
    inputs: list[str] = inputs_argument(
        "Result files (.yaml/.json), tables and survey exports (.csv/.tsv/.xlsx/.ods, Excel Unicode .txt), directories (searched recursively) or glob patterns."
    ),
    framework_spec: str = framework_option(
        "Built-in framework id or file; default: the one the results name."
    ),
    level: str = level_option(
        "Level to score at; default: the level of the results. Required for a table without a level column."
    ),
    id_column: str = value(
        "--id-column", "Table column with the respondent id (default: found by name)."
    ),
    by: list[str] = repeatable(
        "--by",
        "Compare groups by this table column (campus, programme, year); repeatable. 'folder' groups result files by their folder.",
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
    force: bool = force_option(
        "Replace existing --csv, --json and --report files (an input is never replaced)."
    ),
    lang: str = lang_option("Report language: fi, sv or en."),
    pseudonymize: bool = flag(
        "--pseudonymize",
        "Replace respondent ids with keyed hashes and leave out names and notes (key: KOMPETENS_PSEUDONYM_KEY or --key-file).",
    ),
    key_file: Path = value("--key-file", "File holding the pseudonymisation key."),
    min_group: int = count(
        "--min-group", "Suppress group statistics computed from fewer respondents than this.", 5, 1
    ),
    strict: bool = flag("--strict", "Stop at the first input that cannot be scored."),
    jobs: int = count("--jobs", "Worker processes for large inputs (0: one per CPU).", 0, 0, "-j"),
    top: int = count("--top", "How many respondents to list as possibly needing support.", 10, 0),
    since: list[str] = repeatable(
        "--since",
        "An earlier round (files, folders, globs; repeatable): paired change of the same respondents, by id or pseudonym.",
    ),
    columns_map: Path = value(
        "--columns",
        "Column map (YAML or CSV): header → statement id, value → rating. Draft one with `kompetens columns EXPORT`.",
    ),
    cant_say: list[str] = repeatable(
        "--cant-say",
        'Another cell text meaning "can\'t say" (repeatable; comma-separated allowed).',
    ),
    header_row: int = count("--header-row", "Row of the table's header (default: found).", None, 1),
    sheet: str = value("--sheet", "Sheet of a workbook to read (default: the first with answers)."),
    csv_dialect: CsvDialect = value(
        "--csv-dialect",
        "--csv separators: semicolon (and decimal comma, Excel in Finnish or Swedish), comma, or auto (semicolon for fi/sv, comma for en).",
        CsvDialect.auto,
    ),
) -> None:
    """Score a cohort: many students' results, or a survey export, against a framework.

    Prints a summary; --csv, --json and --report write the details. Every input that cannot
    be scored is listed on standard error with its file, line or row and the reason; all
    others are scored. Exit code 0 when everything was scored, 1 when any input was
    rejected, 2 for usage errors and unreadable inputs. Nothing is sent anywhere.
    """
    from kompetens.cli.cohort_summary import print_outcome, score_with_progress
    from kompetens.cohort.records import paused_gc

    # A run makes next to no reference cycles: the cyclic collector would only walk what
    # it imports and builds (numpy, pydantic's validators, the cohort) over and over, 15 ms
    # of a small run and 40 ms of 10,000 result files (benchmarks/bench_fixed_cost.py).
    with paused_gc():
        print_outcome(score_with_progress(ctx.params))


def template(
    framework_spec: str = framework_argument(),
    level: str = level_option("Level whose statements are columns.", required=True),
    fmt: SheetFormat = format_option("csv or xlsx; from -o's suffix when not given (default csv)."),
    output: str = output_option(
        help="File to write; CSV goes to standard output without it (or with '-')."
    ),
    group: list[str] = repeatable(
        "--group", "Add a group column (campus, programme, year); repeatable."
    ),
    lang: str = lang_option("Language of labels and statements (xlsx)."),
    force: bool = force_option(),
) -> None:
    """Write an empty collection sheet: respondent, name, group columns and one column per
    statement of the level. In XLSX the statement cells offer the scale as a drop-down, a
    second sheet lists the statements in full and a third the scale. Collect answers with
    any tool, then `kompetens score SHEET --level LEVEL`."""
    from kompetens.cohort.export import CollectionSheetError, collection_sheet

    fmt = fmt or (SheetFormat.xlsx if format_of(output) == "xlsx" else SheetFormat.csv)
    framework = load_framework_or_exit(framework_spec)
    level_or_exit(framework, level)
    if fmt is SheetFormat.xlsx and output is None:
        output = f"{framework.id}-{level}.xlsx"
    target = prepare_output(
        output, force=force, inputs=[framework_input(framework_spec)], lang=lang
    )
    try:
        sheet = collection_sheet(framework, level, fmt.value, list(group or []), lang)
    except CollectionSheetError as exc:
        fail(early_messages(lang)(exc.key))
    if isinstance(sheet, str) and (target is None or target.to_stdout):
        sheet = sheet.removeprefix("\ufeff")
    emit(target, sheet, lang=lang)


def columns(
    export: Path = typer.Argument(..., help="The survey export (.csv, .txt, .xlsx, .ods)."),
    level: str = level_option("Level the survey asked.", required=True),
    framework_spec: str = framework_option(
        "Built-in framework id or file (default: the built-in one)."
    ),
    output: str = output_option(
        help="Map to write (.yaml or .csv); standard output without it (or with '-')."
    ),
    sheet: str = value("--sheet", "Sheet of a workbook to read."),
    header_row: int = count("--header-row", "Row of the header.", None, 1),
    lang: str = lang_option(),
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

    framework = load_framework_or_exit(framework_spec or DEFAULT_FRAMEWORK)
    level_or_exit(framework, level)
    target = prepare_output(
        output, force=force, inputs=[export, framework_input(framework_spec)], lang=lang
    )
    context = ReadContext.build(
        framework,
        TableOptions(
            level=level, header_row=header_row, sheet=sheet, language=early_messages(lang).language
        ),
    )
    draft = draft_map(export, context, level)
    if isinstance(draft, list):
        print_diagnostics(draft)
        raise typer.Exit(EXIT_USAGE)
    to_file = target is not None and target.path is not None
    text = draft.as_csv() if to_file and format_of(output) == "csv" else draft.as_yaml()
    emit(target, text if to_file else text.removeprefix("\ufeff"), lang=lang)
    count_text = context.messages(
        "tables.map_drafted", count=len(draft.columns), review=draft.reviews
    )
    typer.echo(f"kompetens: {count_text}", err=True)


def register(app: typer.Typer) -> None:
    """Educator commands are added here."""
    app.command()(score)
    app.command()(template)
    app.command()(columns)

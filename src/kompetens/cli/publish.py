"""Commands for curriculum designers that publish and version frameworks:
`export`, `import`, `diff` and `new`.

As everywhere in the CLI, these only parse options, call the core (`kompetens.interop`,
`kompetens.framework.diff`, `kompetens.framework.scaffold`) and print: the document on standard output (or
atomically to `-o`), diagnostics on standard error.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from kompetens.cli.common import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    TextFormat,
    emit,
    exit_code_for,
    fail,
    force_option,
    framework_argument,
    framework_input,
    interface_messages,
    output_option,
    prepare_output,
    print_diagnostics,
    schema_line_option,
    write_stdout,
)
from kompetens.files.output import is_stdout

if TYPE_CHECKING:
    from kompetens.model.framework import Framework


class ExportFormat(StrEnum):
    moodle_csv = "moodle-csv"
    case_json = "case-json"
    md = "md"
    html = "html"
    moodle_feedback = "moodle-feedback"
    limesurvey = "limesurvey"
    questions = "questions"


SURVEY_DESIGNS = frozenset(
    {ExportFormat.moodle_feedback, ExportFormat.limesurvey, ExportFormat.questions}
)


_SUFFIX_FORMATS = {
    ".csv": ExportFormat.moodle_csv,
    ".json": ExportFormat.case_json,
    ".md": ExportFormat.md,
    ".html": ExportFormat.html,
    ".htm": ExportFormat.html,
}


def _load(spec: str | None, *, invalid_exit: int | None = None) -> Framework:
    """A valid framework, or its diagnostics on stderr and an exit.

    Warnings (a missing translation) are shown but do not stop an export: readers see the
    default language's text there. `invalid_exit` overrides the exit code for an invalid
    framework (diff uses 1 for "incompatible", so a broken input exits 2 there).
    """
    from kompetens.framework.catalog import UnknownFrameworkError, resolve_framework
    from kompetens.framework.validation import load_framework

    try:
        path = resolve_framework(spec)
    except UnknownFrameworkError as exc:
        fail(str(exc))
    framework, diagnostics = load_framework(path)
    print_diagnostics(diagnostics)
    if framework is None:
        typer.echo(f"kompetens: {path} is not a valid framework; nothing was done", err=True)
        raise typer.Exit(invalid_exit or exit_code_for(diagnostics) or EXIT_FINDINGS)
    return framework


def _language(framework: Framework, lang: str | None) -> str:
    """`--lang` when the framework has it; the framework's default language otherwise.

    Exports do not follow the locale: the same command must give the same file on every
    machine (and in CI).
    """
    if lang is None:
        return framework.default_language
    if lang.lower() not in framework.languages:
        fail(
            f"the framework has no language '{lang}'; choose one of: "
            f"{', '.join(framework.languages)}"
        )
    return lang.lower()


def _refuse_options_of_other_formats(to: ExportFormat, *, case: bool, moodle: bool) -> None:
    if case and to is not ExportFormat.case_json:
        fail("--changed and --base-url apply to --to case-json only")
    if moodle and to is not ExportFormat.moodle_csv:
        fail("--delimiter and --multilang apply to --to moodle-csv only")


def _previous_package(output: Path | None) -> Any:
    """The CASE package that `-o` would replace (parsed JSON), or None."""
    if output is None or str(output) == "-" or not output.is_file():
        return None
    try:
        if output.stat().st_size > 50 * 1024 * 1024:
            return None
        return json.loads(output.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _delimiter_name(delimiter: str | None) -> str | None:
    """`--delimiter` as one of Moodle's delimiter names (None: the language's default)."""
    if delimiter is None:
        return None
    from kompetens.interop.moodle_csv import DELIMITERS

    if delimiter.lower() not in DELIMITERS:
        fail(f"unknown --delimiter '{delimiter}'; choose one of: {', '.join(DELIMITERS)}")
    return delimiter.lower()


def export(
    framework_spec: str = framework_argument(),
    to: ExportFormat | None = typer.Option(
        None,
        "--to",
        "-t",
        help="moodle-csv, case-json, md or html; or a survey to collect answers with: "
        "moodle-feedback (XML), limesurvey (.txt), questions (a list to paste); "
        "from -o's suffix when not given.",
    ),
    output: str | None = output_option(
        help="Write to this file (atomically) instead of standard output ('-': standard output)."
    ),
    force: bool = force_option(),
    lang: str | None = typer.Option(
        None, "--lang", help="Language of the text (default: the framework's default language)."
    ),
    level: str | None = typer.Option(
        None,
        "--level",
        "-l",
        help="moodle-csv, md, html: only this level's statements, descriptors and target.",
    ),
    changed: str | None = typer.Option(
        None,
        "--changed",
        help="case-json: the lastChangeDateTime (e.g. 2025-08-01); default SOURCE_DATE_EPOCH, "
        "else 1970-01-01, so that unchanged frameworks export identically.",
    ),
    base_url: str | None = typer.Option(
        None,
        "--base-url",
        help="case-json: where the package will be served; object URIs become "
        "BASE/ims/case/v1p1/…/UUID (default: urn:uuid:UUID).",
    ),
    delimiter: str | None = typer.Option(
        None,
        "--delimiter",
        help="moodle-csv: comma, semicolon, colon or tab, as in Moodle's import form "
        "(default: what that form preselects for --lang: semicolon for fi and sv, else comma).",
    ),
    multilang: bool = typer.Option(
        False,
        "--multilang",
        help="moodle-csv: every language in each description, for Moodle's multi-language "
        "content filter.",
    ),
) -> None:
    """Publish a framework: Moodle competency CSV, CASE 1.1 JSON, Markdown or HTML.

    An invalid framework is refused with the validator's messages (exit 1). The mapping of
    each format is described in docs/designers.md.
    """
    import os
    from dataclasses import replace
    from datetime import UTC, datetime

    target = prepare_output(output, force=force, inputs=[framework_input(framework_spec)])
    if to is None:
        suffix = target.path.suffix.lower() if target is not None and target.path else ""
        if suffix not in _SUFFIX_FORMATS:
            fail(
                "choose a format with --to moodle-csv|case-json|md|html (or an -o FILE suffix "
                "of .csv, .json, .md or .html)"
            )
        to = _SUFFIX_FORMATS[suffix]
    _refuse_options_of_other_formats(
        to,
        case=changed is not None or base_url is not None,
        moodle=delimiter is not None or multilang,
    )
    delimiter_name = _delimiter_name(delimiter)
    if to is ExportFormat.case_json and level is not None:
        fail(
            "--level does not apply to case-json: a CASE package holds the whole framework, "
            "so that it can be imported back"
        )
    framework = _load(framework_spec)
    language = _language(framework, lang)
    if level is not None and level not in framework.level_ids:
        from kompetens.framework.levels import unknown_level

        fail(unknown_level(interface_messages(), level, framework.level_ids))
    if to in SURVEY_DESIGNS:
        from kompetens.interop.survey_design import survey_design

        if level is None and len(framework.level_ids) != 1:
            fail(
                f"--level is required for a survey: one survey asks one level's statements "
                f"({', '.join(framework.level_ids)})"
            )
        text, what = survey_design(framework, to.value, level or framework.level_ids[0], language)
        emit(target, text, what=what)
        return
    if to is ExportFormat.moodle_csv:
        from kompetens.interop.moodle_csv import to_moodle_csv

        text = to_moodle_csv(
            framework, language, level, delimiter=delimiter_name, multilingual=multilang
        )
        what = "Moodle competency framework CSV"
    elif to is ExportFormat.case_json:
        from kompetens.interop.case_export import (
            CaseOptions,
            check_base_url,
            decide_changed,
            to_case_json,
        )

        try:
            base = check_base_url(base_url) if base_url is not None else None
            options = CaseOptions(language, base_url=base)
            stamp, notes = decide_changed(
                framework,
                options,
                changed=changed,
                environ=os.environ,
                previous=_previous_package(target.path if target else None),
                now=datetime.now(UTC),
            )
        except ValueError as exc:
            fail(str(exc))
        for note in notes:
            typer.echo(f"kompetens: note: {note}", err=True)
        text = to_case_json(framework, replace(options, changed=stamp))
        what = "CASE 1.1 CFPackage"
    else:
        from kompetens.interop.document import render_framework_document

        text = render_framework_document(framework, to.value, language, level)
        what = "HTML document" if to is ExportFormat.html else "Markdown document"
    emit(target, text, what=what)


class ImportFormat(StrEnum):
    case_json = "case-json"
    moodle_csv = "moodle-csv"


def _import_format(source: Path, chosen: ImportFormat | None) -> ImportFormat:
    """`--from`, else the suffix, else a look at the first character (`{` is JSON)."""
    if chosen is not None:
        return chosen
    suffix = source.suffix.lower()
    if suffix == ".json":
        return ImportFormat.case_json
    if suffix in (".csv", ".txt"):
        return ImportFormat.moodle_csv
    try:
        with source.open("rb") as handle:
            start = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        return ImportFormat.case_json  # the reader reports why it cannot be read
    return ImportFormat.case_json if start.startswith(b"{") else ImportFormat.moodle_csv


def import_framework(
    source: Path = typer.Argument(
        ...,
        metavar="FILE",
        help="A CASE 1.1 package (CFPackage JSON) or a Moodle competency framework CSV.",
    ),
    output: str | None = output_option(
        help="The framework file to write (.yaml); default (and '-'): standard output."
    ),
    force: bool = force_option(),
    schema: str = schema_line_option(),
    source_format: ImportFormat | None = typer.Option(
        None,
        "--from",
        help="case-json or moodle-csv (default: from FILE's suffix or content).",
    ),
    tiers: str | None = typer.Option(
        None,
        "--tiers",
        help="AREA,SUB-AREA: which tiers of the source become areas and sub-areas (1 = its "
        "top items, 0 = the document); deeper items become statements. Default: 1,2 for "
        "three or more tiers, 0,1 for two, 0,0 for one.",
    ),
    education_level: str = typer.Option(
        "ignore",
        "--education-level",
        help="CASE educationLevel: ignore (one level; the values are kept and exported "
        "again), per-value (one level per value) or map (with --level-map).",
    ),
    level_map: str | None = typer.Option(
        None,
        "--level-map",
        help="With --education-level map: VALUE=LEVEL pairs, e.g. 'KG=early,01=early,02=late'.",
    ),
    lang: str | None = typer.Option(
        None,
        "--lang",
        help="moodle-csv: the language of the file's texts (default: en); with multi-language "
        "descriptions, the language to take.",
    ),
    delimiter: str | None = typer.Option(
        None,
        "--delimiter",
        help="moodle-csv: comma, semicolon, colon or tab (default: found from the header).",
    ),
) -> None:
    """Turn a CASE package or a Moodle framework CSV into a framework YAML file.

    A package exported by kompetens comes back complete (all languages, scale, levels,
    guidance). Other frameworks of any depth are fitted to area → sub-area → statement
    (see --tiers); their scale and targets are filled in, and everything that could not be
    kept is reported. The result is validated before it is written; a broken input is
    refused with messages naming the items or rows.
    """
    from kompetens import __version__
    from kompetens.framework.loading import parse_yaml
    from kompetens.framework.scaffold import schema_reference
    from kompetens.framework.validation import check_framework_document
    from kompetens.interop.tree_import import LevelChoice, TierChoice
    from kompetens.interop.yaml_out import framework_yaml

    target = prepare_output(output, force=force, inputs=[source])
    if target is not None and target.path and target.path.suffix.lower() not in (".yaml", ".yml"):
        fail(f"--output must end in .yaml or .yml, not '{target.path.suffix}'")
    kind = _import_format(source, source_format)
    try:
        tier_choice = TierChoice.parse(tiers) if tiers is not None else None
        level_choice = LevelChoice.parse(education_level, level_map)
    except ValueError as exc:
        fail(str(exc))
    if kind is ImportFormat.moodle_csv:
        from kompetens.interop.moodle_import import UNREADABLE_CODES, import_moodle_csv

        language = (lang or "en").lower()
        if lang is None:
            typer.echo(
                "kompetens: note: a Moodle CSV does not say its language; the texts are taken "
                "to be in English (en); give --lang if they are not",
                err=True,
            )
        result = import_moodle_csv(
            source,
            language=language,
            delimiter=_delimiter_name(delimiter),
            tiers=tier_choice,
            levels=level_choice,
        )
        what = "Moodle framework CSV"
    else:
        if lang is not None or delimiter is not None:
            fail(
                "--lang and --delimiter apply to a Moodle CSV only (a CASE package names its language)"
            )
        from kompetens.interop.case_import import (
            UNREADABLE_CODES,
            import_case,
            read_case_package,
        )

        result = import_case(read_case_package(source), tiers=tier_choice, levels=level_choice)
        what = "CASE package"
    print_diagnostics(result.diagnostics)
    if result.data is None:
        code = (
            EXIT_USAGE
            if any(d.code in UNREADABLE_CODES for d in result.diagnostics)
            else EXIT_FINDINGS
        )
        typer.echo(f"kompetens: {source}: nothing was written", err=True)
        raise typer.Exit(code)
    directory = Path.cwd() if target is None or target.path is None else target.path.parent
    reference, _ = schema_reference(directory, schema)
    text = framework_yaml(
        result.data,
        [
            f"yaml-language-server: $schema={reference}",
            f"Imported from the {what} {source.name} by kompetens {__version__}.",
        ],
    )
    # Problems are located in the YAML the import would write, which does not exist yet.
    name = f"<{source.name} as YAML>"
    framework, problems = check_framework_document(parse_yaml(text, name))
    print_diagnostics(problems)
    if framework is None:
        if education_level != "ignore" and any(p.code == "empty-level" for p in problems):
            typer.echo(
                "kompetens: hint: some sub-areas have no statements at some grade levels; "
                "keep one level with --education-level ignore, or group the values with "
                "--education-level map --level-map",
                err=True,
            )
        typer.echo(
            f"kompetens: the framework made from {source} is not valid; nothing was written",
            err=True,
        )
        raise typer.Exit(EXIT_FINDINGS)
    emit(target, text, what=f"framework {framework.id} {framework.version}")


def diff(
    old: str = typer.Argument(..., metavar="OLD", help="The earlier framework (id or path)."),
    new: str = typer.Argument(..., metavar="NEW", help="The later framework (id or path)."),
    fmt: TextFormat = typer.Option(TextFormat.text, "--format", "-f", help="text or json."),
) -> None:
    """What changed between two versions, and can their results be compared?

    Lists added, removed, moved and reworded statements, sub-areas and levels, changed
    targets and scale, then a verdict per level. Exit 0 when results collected with OLD
    can be compared with results collected with NEW, 1 when not, 2 when a file cannot be
    read or is not a valid framework. The rules are in docs/designers.md.
    """
    from kompetens.framework.diff import diff_frameworks, format_text

    before = _load(old, invalid_exit=EXIT_USAGE)
    after = _load(new, invalid_exit=EXIT_USAGE)
    messages = interface_messages()
    result = diff_frameworks(before, after, messages)
    if fmt is TextFormat.json:
        write_stdout(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        from kompetens.text.terminal import safe_text

        sys.stdout.write(safe_text(format_text(result, old, new, messages)))
    raise typer.Exit(0 if result.compatible else EXIT_FINDINGS)


def new(
    framework_id: str = typer.Argument(
        ..., metavar="FRAMEWORK_ID", help="Lowercase words joined by '-', e.g. my-framework."
    ),
    languages: str = typer.Option(
        None, "--languages", help="Comma-separated; the first is the default. Default: fi,sv,en."
    ),
    levels: str = typer.Option(None, "--levels", help="Comma-separated. Default: nqf6,nqf7."),
    output: str = output_option(
        help="The file to write; default FRAMEWORK_ID.yaml; '-' for standard output."
    ),
    force: bool = force_option(),
    schema: str = schema_line_option(),
) -> None:
    """Start a new framework file that passes `kompetens validate` as written.

    It has every chosen language and level, one area, one sub-area with descriptors and
    two statements, commented examples of everything else, and the
    `# yaml-language-server: $schema=…` line for editors.
    """
    from kompetens.framework.scaffold import (
        DEFAULT_LANGUAGES,
        DEFAULT_LEVELS,
        ScaffoldError,
        parse_list,
        scaffold_framework,
        schema_reference,
    )

    to_stdout = is_stdout(output)
    if not to_stdout:
        suffix = Path(output or f"{framework_id}.yaml").suffix
        if suffix.lower() not in (".yaml", ".yml"):
            fail(interface_messages()("framework.new.suffix", suffix=suffix))
    planned = prepare_output(output or f"{framework_id}.yaml", force=force)
    assert planned is not None
    target = planned.path or Path("-")
    try:
        language_list = parse_list(languages, DEFAULT_LANGUAGES, "languages")
        level_list = parse_list(levels, DEFAULT_LEVELS, "levels")
        directory = Path.cwd() if to_stdout else target.parent
        reference, found = schema_reference(directory, schema)
        text = scaffold_framework(
            framework_id,
            language_list,
            level_list,
            schema=reference,
            file_name=None if to_stdout else str(target),
        )
    except ScaffoldError as exc:
        fail(interface_messages()(exc.key, **exc.values))
    messages = interface_messages()
    emit(planned, text, what=messages("framework.new.what", id=framework_id))
    if not to_stdout:
        typer.echo(messages("framework.new.next", file=target), err=True)
    if not found:
        where = reference if to_stdout else (directory / reference).as_posix()
        note = messages("framework.new.no_schema", reference=reference, where=where)
        typer.echo(f"kompetens: {note}", err=True)


def register(app: typer.Typer) -> None:
    """Publishing commands: export, import, diff, new."""
    app.command()(export)
    app.command(name="import")(import_framework)
    app.command()(diff)
    app.command()(new)


__all__ = ["ExportFormat", "register"]

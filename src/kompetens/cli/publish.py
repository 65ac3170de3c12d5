"""Commands for curriculum designers that publish and version frameworks:
`export`, `import`, `diff` and `new`.

As everywhere in the CLI, these only parse options, call the core
(`kompetens.interop.exporting`, `kompetens.interop.importing`,
`kompetens.framework.diff`, `kompetens.framework.scaffold`) and print: the document on
standard output (or atomically to `-o`), diagnostics on standard error, every message from
the `publish` catalogue.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

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
from kompetens.framework.catalog import FRAMEWORK_SUFFIXES
from kompetens.interop.formats import ExportFormat, ImportFormat
from kompetens.interop.notices import Notice, Refused

if TYPE_CHECKING:
    from kompetens.interop.importing import ImportRequest
    from kompetens.model.framework import Framework


def _say(key: str, /, **values: object) -> str:
    """A `publish` catalogue text in the interface language of this run."""
    return interface_messages()(key, **values)


def _language() -> str:
    """The interface language of this run: every line a command prints is in it."""
    return interface_messages().language


def _refused(refusal: Refused) -> NoReturn:
    fail(refusal.notice.text(interface_messages()))


def _note(notice: Notice, kind: str = "publish.note") -> None:
    messages = interface_messages()
    typer.echo(f"kompetens: {messages(kind, text=notice.text(messages))}", err=True)


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
        fail(_say("cli.error.unknown_framework", spec=exc.spec, known=", ".join(exc.known)))
    framework, diagnostics = load_framework(path)
    print_diagnostics(diagnostics)
    if framework is None:
        typer.echo(f"kompetens: {_say('publish.export.invalid_framework', path=path)}", err=True)
        raise typer.Exit(invalid_exit or exit_code_for(diagnostics) or EXIT_FINDINGS)
    return framework


def _refuse_options_of_other_formats(to: ExportFormat, *, case: bool, moodle: bool) -> None:
    if case and to is not ExportFormat.case_json:
        fail(_say("publish.export.case_options_only"))
    if moodle and to is not ExportFormat.moodle_csv:
        fail(_say("publish.export.moodle_options_only"))


def _delimiter_name(delimiter: str | None) -> str | None:
    """`--delimiter` as one of Moodle's delimiter names (None: the language's default)."""
    if delimiter is None:
        return None
    from kompetens.interop.moodle_csv import DELIMITERS

    if delimiter.lower() not in DELIMITERS:
        fail(
            _say(
                "publish.error.unknown_delimiter",
                delimiter=delimiter,
                choices=", ".join(DELIMITERS),
            )
        )
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

    from kompetens.interop.exporting import ExportRequest, export_framework
    from kompetens.interop.formats import export_format_for

    target = prepare_output(output, force=force, inputs=[framework_input(framework_spec)])
    path = target.path if target is not None else None
    to = to or export_format_for(path)
    if to is None:
        fail(_say("publish.export.choose_format"))
    _refuse_options_of_other_formats(
        to,
        case=changed is not None or base_url is not None,
        moodle=delimiter is not None or multilang,
    )
    delimiter_name = _delimiter_name(delimiter)
    if to is ExportFormat.case_json and level is not None:
        fail(_say("publish.export.level_case"))
    framework = _load(framework_spec)
    request = ExportRequest(
        to, lang, level, changed, base_url, delimiter_name, multilang, path, os.environ
    )
    try:
        outcome = export_framework(framework, request)
    except Refused as refusal:
        _refused(refusal)
    for note in outcome.notes:
        _note(note)
    emit(target, outcome.text, lang=_language(), what=outcome.what.text(interface_messages()))


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
    from kompetens.interop.formats import import_format_for
    from kompetens.interop.importing import import_to_yaml

    target = prepare_output(output, force=force, inputs=[source])
    path = target.path if target is not None else None
    if path is not None and path.suffix.lower() not in FRAMEWORK_SUFFIXES:
        fail(_say("publish.error.yaml_suffix", suffix=path.suffix))
    kind = import_format_for(source, source_format)
    request = _import_request(source, kind, path, schema, tiers, education_level, level_map)
    if kind is ImportFormat.case_json and (lang is not None or delimiter is not None):
        fail(_say("publish.import.moodle_options_only"))
    if kind is ImportFormat.moodle_csv:
        if lang is None:
            _note(Notice("publish.import.moodle_language"))
        request = replace(request, language=(lang or "en").lower())
        request = replace(request, delimiter=_delimiter_name(delimiter))
    outcome = import_to_yaml(request)
    print_diagnostics(outcome.source_problems)
    if not outcome.converted:
        typer.echo(f"kompetens: {_say('publish.import.nothing_written', source=source)}", err=True)
        raise typer.Exit(EXIT_USAGE if outcome.unreadable else EXIT_FINDINGS)
    print_diagnostics(outcome.framework_problems)
    if outcome.hint is not None:
        _note(outcome.hint, "publish.hint")
    if outcome.framework is None or outcome.text is None:
        typer.echo(f"kompetens: {_say('publish.import.invalid', source=source)}", err=True)
        raise typer.Exit(EXIT_FINDINGS)
    framework = outcome.framework
    what = _say("publish.what_framework", id=framework.id, version=framework.version)
    emit(target, outcome.text, lang=_language(), what=what)


def _import_request(
    source: Path,
    kind: ImportFormat,
    path: Path | None,
    schema: str | None,
    tiers: str | None,
    education_level: str,
    level_map: str | None,
) -> ImportRequest:
    """The import's options parsed; a usage error for --tiers, --education-level or
    --level-map that cannot be read."""
    from kompetens.interop.importing import ImportRequest
    from kompetens.interop.tree_import import LevelChoice, TierChoice

    try:
        tier_choice = TierChoice.parse(tiers) if tiers is not None else None
        level_choice = LevelChoice.parse(education_level, level_map)
    except Refused as refusal:
        _refused(refusal)
    directory = Path.cwd() if path is None else path.parent
    return ImportRequest(source, kind, directory, schema, tier_choice, level_choice)


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
        if suffix.lower() not in FRAMEWORK_SUFFIXES:
            fail(_say("publish.error.yaml_suffix", suffix=suffix))
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
        fail(_say(exc.key, **exc.values))
    emit(planned, text, lang=_language(), what=_say("publish.new.what", id=framework_id))
    if not to_stdout:
        typer.echo(_say("publish.new.next", path=target), err=True)
    if not found:
        where = reference if to_stdout else (directory / reference).as_posix()
        _note(Notice("publish.new.schema_missing", {"reference": reference, "where": where}))


def register(app: typer.Typer) -> None:
    """Publishing commands: export, import, diff, new."""
    app.command()(export)
    app.command(name="import")(import_framework)
    app.command()(diff)
    app.command()(new)


__all__ = ["ExportFormat", "register"]

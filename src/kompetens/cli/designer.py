"""Commands for curriculum designers: validate, schema, frameworks, show."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

import typer

from kompetens.cli.common import (
    TextFormat,
    emit,
    exit_code_for,
    fail,
    force_option,
    framework_argument,
    interface_messages,
    load_framework_or_exit,
    output_option,
    prepare_output,
    print_diagnostics,
    write_stdout,
)

if TYPE_CHECKING:
    from kompetens.framework.checks.glossary import Glossary
    from kompetens.text.i18n import Messages


class DiagnosticFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class FrameworkRow(TypedDict):
    """One built-in framework in `kompetens frameworks --format json`."""

    id: str
    version: str
    title: str
    languages: list[str]
    levels: list[str]
    statements: int
    default: bool
    earlier_versions: list[str]


class SchemaName(StrEnum):
    framework = "framework"
    result = "result"
    glossary = "glossary"


def validate(
    paths: list[Path] = typer.Argument(
        None,
        help="Framework files or directories (searched for *.yaml and *.yml).",
        show_default=False,
    ),
    builtin: bool = typer.Option(False, "--builtin", help="Also validate the built-in frameworks."),
    fmt: DiagnosticFormat = typer.Option(
        DiagnosticFormat.text,
        "--format",
        "-f",
        help="text, json (stdout only JSON) or github annotations.",
    ),
    strict: bool = typer.Option(
        False, "--strict", help="Treat warnings (translations, item writing) as errors."
    ),
    max_words: int = typer.Option(
        25, "--max-words", min=1, help="Warn on statements longer than this many words."
    ),
    glossary: str = typer.Option(
        None,
        "--glossary",
        metavar="FILE",
        help="Check terms against this glossary ('builtin': the built-in one, which is "
        "used for the built-in frameworks by default).",
    ),
    lint: bool = typer.Option(
        True, "--lint/--no-lint", help="Item-writing and glossary rules (default: on)."
    ),
) -> None:
    """Check framework files: schema, ids, levels, scale, translations, item writing, terms.

    Every problem is printed as `file:line:col: severity [code] path: message`. Exit code 0
    when all files are valid, 1 when any has findings, 2 when a file cannot be read.
    """
    from kompetens.framework.validate_files import Rules, files_to_validate, validate_files

    files = files_to_validate(paths or [], builtin=builtin)
    if not files:
        if paths:
            where = ", ".join(map(str, paths))
            fail(interface_messages()("cli.error.no_framework_files", paths=where))
        fail(interface_messages()("cli.error.nothing_to_validate"))
    rules = Rules(
        strict=strict,
        lint=lint,
        max_words=max_words,
        glossary=_glossary_or_exit(glossary) if lint and glossary is not None else None,
        builtin_glossary=_glossary_or_exit("builtin") if lint and glossary is None else None,
    )
    run = validate_files(files, rules)
    diagnostics = list(run.diagnostics)
    code = exit_code_for(diagnostics)
    if fmt is DiagnosticFormat.json:
        document = {
            "valid": code == 0,
            "files": [str(f) for f in files],
            "errors": run.errors,
            "warnings": run.warnings,
            "diagnostics": [d.as_dict() for d in diagnostics],
        }
        write_stdout(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print_diagnostics(diagnostics, fmt.value)
        messages = interface_messages()
        summary = messages(
            "framework.validate.summary",
            files=_counted(messages, "files", len(files)),
            valid=run.valid,
            invalid=run.invalid,
            errors=_counted(messages, "errors", run.errors),
            warnings=_counted(messages, "warnings", run.warnings),
        )
        typer.echo(summary, err=True)
    raise typer.Exit(code)


def _glossary_or_exit(spec: str) -> Glossary:
    """The glossary `--glossary` names ('builtin' or a file), or its problems and exit."""
    from kompetens.framework.checks.glossary import builtin_glossary_path, load_glossary

    path = builtin_glossary_path() if spec == "builtin" else Path(spec)
    loaded, problems = load_glossary(path)
    if loaded is None:
        print_diagnostics(problems)
        message = interface_messages()("framework.validate.bad_glossary", path=path)
        fail(message, exit_code_for(problems) or 1)
    return loaded


def _counted(messages: Messages, noun: str, count: int) -> str:
    """`1 file`, `2 files`: the catalogue holds a `_one` and an `_other` form of each noun."""
    form = "one" if count == 1 else "other"
    return messages(f"framework.validate.{noun}_{form}", count=count)


def schema(
    name: SchemaName = typer.Argument(SchemaName.framework, help="framework, result or glossary."),
    output: str = output_option(),
    force: bool = force_option(),
) -> None:
    """Print the JSON Schema of a framework, a result or a glossary file, or write it to -o."""
    from kompetens.framework.json_schemas import schema_text

    target = prepare_output(output, force=force)
    text = schema_text(name.value)
    emit(target, text if text.endswith("\n") else text + "\n")


def frameworks(
    fmt: TextFormat = typer.Option(TextFormat.text, "--format", "-f", help="text or json."),
) -> None:
    """List the built-in frameworks."""
    from kompetens.framework.catalog import (
        DEFAULT_FRAMEWORK,
        archived_frameworks,
        builtin_frameworks,
    )
    from kompetens.model import localize

    archived = archived_frameworks()
    rows: list[FrameworkRow] = []
    for identifier in builtin_frameworks():
        framework = load_framework_or_exit(identifier)
        rows.append(
            {
                "id": framework.id,
                "version": framework.version,
                "title": localize(framework.title, "en", framework.default_language),
                "languages": framework.languages,
                "levels": framework.level_ids,
                "statements": len(framework.statement_index),
                "default": framework.id == DEFAULT_FRAMEWORK,
                "earlier_versions": [v for (fid, v) in sorted(archived) if fid == framework.id],
            }
        )
    if fmt is TextFormat.json:
        write_stdout(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    messages = interface_messages()
    for row in rows:
        mark = " " + messages("framework.list.default") if row["default"] else ""
        contents = messages(
            "framework.list.contents",
            levels=", ".join(row["levels"]),
            languages=", ".join(row["languages"]),
            statements=row["statements"],
        )
        typer.echo(f"{row['id']}{mark}  v{row['version']}  {row['title']}\n    {contents}")
        for version in row["earlier_versions"]:
            earlier = messages("framework.list.earlier", version=version, id=row["id"])
            typer.echo(f"    {earlier}")


def show(
    framework_spec: str = framework_argument(),
    level: str = typer.Option(None, "--level", "-l", help="Show only this level (e.g. nqf6)."),
    lang: str = typer.Option(None, "--lang", help="Language of the text (sv, fi, en)."),
    fmt: TextFormat = typer.Option(
        TextFormat.text, "--format", "-f", help="text (a tree) or json."
    ),
) -> None:
    """Show a framework as a tree, or its validated content as JSON."""
    from kompetens.text.language import resolve_language

    framework = load_framework_or_exit(framework_spec)
    if level is not None and level not in framework.level_ids:
        from kompetens.framework.levels import unknown_level

        fail(unknown_level(interface_messages(), level, framework.level_ids))
    if fmt is TextFormat.json:
        write_stdout(json.dumps(framework.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    from kompetens.cli.tree import framework_tree

    language = resolve_language(lang, framework.languages, framework.default_language)
    Console(highlight=False).print(framework_tree(framework, level, language))


def register(app: typer.Typer) -> None:
    app.command()(validate)
    app.command()(schema)
    app.command()(frameworks)
    app.command()(show)

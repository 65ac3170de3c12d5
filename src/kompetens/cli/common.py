"""What several commands share: reading a framework and reporting diagnostics."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, NoReturn

import typer

from kompetens.cli.options import (
    force_option,
    framework_argument,
    output_option,
    schema_line_option,
)
from kompetens.framework.diagnostic_codes import UNREADABLE_CODES

if TYPE_CHECKING:
    from pathlib import Path

    from kompetens.files.output import Output, OutputError, Pieces
    from kompetens.framework.diagnostics import Diagnostic
    from kompetens.framework.loading import Document
    from kompetens.model import Result
    from kompetens.model.framework import Framework
    from kompetens.text.i18n import Messages

EXIT_FINDINGS = 1
EXIT_USAGE = 2


class TextFormat(StrEnum):
    text = "text"
    json = "json"


def prepare_output(
    spec: str | Path | None,
    *,
    force: bool,
    inputs: Iterable[str | Path | None] = (),
    lang: str | None = None,
) -> Output | None:
    """The checked output of a command, before it does any work; a message and exit 2 when
    the file exists (without --force), is an input, or its folder is missing or read-only."""
    from kompetens.files.output import OutputError, plan_output

    try:
        output = plan_output(spec, force=force, inputs=inputs)
    except OutputError as exc:
        output_failed(exc, lang)
    return output


def output_failed(error: OutputError, lang: str | None = None) -> NoReturn:
    fail(early_messages(lang)(error.key, **error.values))


def framework_input(spec: str | None) -> Path | None:
    """The framework file a `FRAMEWORK` argument names (for the never-overwrite-an-input
    check); None when it names nothing that exists."""
    from kompetens.framework.catalog import UnknownFrameworkError, resolve_framework

    try:
        return resolve_framework(spec)
    except (UnknownFrameworkError, OSError):
        return None


def emit(
    output: Output | None,
    data: str | bytes | Pieces,
    *,
    lang: str | None = None,
    what: str | None = None,
) -> None:
    """Write a document to its output (atomically) or to standard output, and say "wrote
    FILE" on standard error; a write the system refuses is a message and exit 2."""
    from kompetens.files.output import OutputError, Pieces, write_file

    if output is None or output.path is None:
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        elif isinstance(data, Pieces):
            for piece in data.make():
                sys.stdout.write(piece)
            sys.stdout.flush()
        else:
            sys.stdout.write(data)
            sys.stdout.flush()
        return
    try:
        write_file(output.path, data)
    except OutputError as exc:
        output_failed(exc, lang)
    from kompetens.text.terminal import safe_text

    messages = early_messages(lang)
    path = safe_text(str(output.path), lines=False)
    if what is None:
        text = messages("output.wrote", path=path)
    else:
        text = messages("output.wrote_what", path=path, what=what)
    typer.echo(f"kompetens: {safe_text(text)}", err=True)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    from kompetens.text.terminal import safe_text

    typer.echo(f"kompetens: {safe_text(message)}", err=True)
    raise typer.Exit(code)


def print_diagnostics(diagnostics: Sequence[Diagnostic], fmt: str = "text") -> None:
    from kompetens.framework.diagnostics import bounded, format_diagnostics

    if diagnostics:
        typer.echo(format_diagnostics(bounded(diagnostics), fmt), err=fmt == "text")


def exit_code_for(diagnostics: Sequence[Diagnostic]) -> int:
    if any(d.code in UNREADABLE_CODES for d in diagnostics):
        return EXIT_USAGE
    return EXIT_FINDINGS if any(d.is_error for d in diagnostics) else 0


def load_framework_or_exit(spec: str | None, *, strict: bool = False) -> Framework:
    """The framework named by a built-in id or path; diagnostics and exit on any error."""
    from kompetens.framework.catalog import UnknownFrameworkError, resolve_framework

    try:
        path = resolve_framework(spec)
    except UnknownFrameworkError as exc:
        known = ", ".join(exc.known)
        fail(interface_messages()("cli.error.unknown_framework", spec=exc.spec, known=known))
    if strict:
        from kompetens.framework.validation import load_framework

        framework, diagnostics = load_framework(path, strict=True)
    else:
        from kompetens.framework.cache import load_builtin_framework

        framework, diagnostics = load_builtin_framework(path)
    if framework is None:
        print_diagnostics([d for d in diagnostics if d.is_error])
        message = interface_messages()("cli.error.not_a_framework", path=path)
        typer.echo(f"kompetens: {message}", err=True)
        raise typer.Exit(exit_code_for(diagnostics) or EXIT_FINDINGS)
    return framework


def level_or_exit(framework: Framework, level: str) -> None:
    """Refuse a level the framework does not have, naming the ones it has."""
    if level not in framework.level_ids:
        from kompetens.framework.levels import unknown_level

        fail(unknown_level(interface_messages(), level, framework.level_ids))


def command_line(*words: str | Path) -> str:
    """A command the user can copy and paste (quoted for the shell)."""
    return shlex.join(["kompetens", *map(str, words)])


def interface_messages() -> Messages:
    """Messages in the interface language of this run (`--lang` on the command line,
    `KOMPETENS_LANG`, the locale), for errors met before a command knows more."""
    import os

    from kompetens.cli.help_texts import interface_language
    from kompetens.text.i18n import Messages

    return Messages(interface_language(sys.argv[1:], os.environ))


def early_messages(lang: str | None) -> Messages:
    """Messages for errors found before the framework (and its languages) is known."""
    from kompetens.text.i18n import Messages
    from kompetens.text.language import INTERFACE_LANGUAGES, resolve_language

    return Messages(resolve_language(lang, INTERFACE_LANGUAGES, "en"))


def read_result_or_exit(path: Path) -> tuple[Result, Document]:
    """A result file as a model and its document (for positions), or diagnostics and exit."""
    from kompetens.assessment.results import read_result

    result, document, diagnostics = read_result(path)
    if result is None:
        print_diagnostics(diagnostics)
        raise typer.Exit(exit_code_for(diagnostics) or EXIT_FINDINGS)
    return result, document


def write_stdout(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


__all__ = [
    "EXIT_FINDINGS",
    "EXIT_USAGE",
    "UNREADABLE_CODES",
    "TextFormat",
    "command_line",
    "early_messages",
    "emit",
    "exit_code_for",
    "fail",
    "force_option",
    "framework_argument",
    "framework_input",
    "interface_messages",
    "level_or_exit",
    "load_framework_or_exit",
    "output_failed",
    "output_option",
    "prepare_output",
    "print_diagnostics",
    "read_result_or_exit",
    "schema_line_option",
    "write_stdout",
]

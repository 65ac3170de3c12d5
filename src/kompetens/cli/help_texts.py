"""`--help` and usage errors in the user's language.

Typer builds `--help` from the `help=` strings and docstrings in the code, in English. When
the program starts, `localize_commands` replaces every one of them with the text of the
interface language from `messages/cli/{fi,sv,en}.json`:

- a command's help: `cli.<command>` (the root command is `cli.kompetens`);
- a parameter's help: `cli.<command>.<parameter>`, where `<parameter>` is the name of the
  Python parameter (`cli.assess.respondent_id` for `respondent_id: str = typer.Option(None,
  "--id", …)`);
- typer's own words (Options, Arguments, default, required, …) and the usage errors:
  `cli.word.*` and `cli.error.*`.

**Adding or changing an option**: write its `help=` in English as usual and put the same
text under `"cli.<command>.<parameter>"` in `messages/cli/en.json`, and its translations
in `fi.json` and `sv.json`, next to the command's other keys. `tests/test_cli_language.py`
fails for a command or parameter without a text in every language, and for an English
catalogue text that differs from the code's. The `help=` string is what a missing key falls
back to.

The language is the one every other text uses: `--lang` on the command line, then
`KOMPETENS_LANG`, then the locale; English when none of them is Finnish or Swedish.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping, Sequence
from typing import Any

import typer

from kompetens.text.i18n import Messages
from kompetens.text.language import INTERFACE_LANGUAGES, resolve_language

ROOT = "kompetens"

TYPER_WORDS = {
    "Options": "cli.word.options",
    "Arguments": "cli.word.arguments",
    "Commands": "cli.word.commands",
    "required": "cli.word.required",
    "default: {default}": "cli.word.default",
    "env var: {var}": "cli.word.env_var",
    "(dynamic)": "cli.word.dynamic",
    "Aborted!": "cli.word.aborted",
    "Missing command.": "cli.error.missing_command",
    "No such command {name!r}.": "cli.error.no_such_command",
}
"""Typer's own texts (it asks `gettext` for them) and their catalogue keys."""


def interface_language(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The language for `--help` and usage errors: `--lang` when given, else as always."""
    requested: str | None = None
    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv):
            requested = argv[index + 1]
        elif word.startswith("--lang="):
            requested = word.split("=", 1)[1]
    return resolve_language(requested, INTERFACE_LANGUAGES, "en", environ)


def parameter_key(command_path: str, parameter: str) -> str:
    return f"cli.{command_path}.{parameter}"


def _text(messages: Messages, key: str, fallback: str | None) -> str | None:
    text = messages(key)
    return fallback if text == key else text


def localize_commands(command: Any, messages: Messages, path: str = ROOT) -> None:
    """Replace the help of `command`, its parameters and its sub-commands (recursively)
    with the catalogue's texts, and translate the words typer adds itself."""
    import typer.core

    def gettext(message: str) -> str:
        key = TYPER_WORDS.get(message)
        return message if key is None else (_text(messages, key, message) or message)

    # typer looks its few words up through gettext's `_`, bound in typer.core
    typer.core._ = gettext  # type: ignore[attr-defined]
    _localize(command, messages, path)


def _localize(command: Any, messages: Messages, path: str) -> None:
    command.help = _text(messages, f"cli.{path}", command.help)
    for parameter in command.params:
        key = parameter_key(path, parameter.name)
        if hasattr(parameter, "help"):
            parameter.help = _text(messages, key, parameter.help)
    usage_word = messages("cli.word.usage")
    help_text = messages("cli.word.help")

    def format_usage(ctx: Any, formatter: Any) -> None:
        pieces = command.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=f"{usage_word} ")

    original_help_option = command.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = original_help_option(ctx)
        if option is not None:
            option.help = help_text
        return option

    if getattr(command, "options_metavar", None):
        command.options_metavar = messages("cli.word.options_metavar")
    if getattr(command, "subcommand_metavar", None):
        command.subcommand_metavar = messages("cli.word.subcommand_metavar")
    command.format_usage = format_usage
    command.get_help_option = get_help_option
    for name, sub in getattr(command, "commands", {}).items():
        _localize(sub, messages, name if path == ROOT else f"{path}.{name}")


def _parameter_hint(parameter: Any) -> str:
    opts = [o for o in getattr(parameter, "opts", []) if o.startswith("-")]
    if opts:
        return " / ".join(f"'{o}'" for o in opts)
    name = getattr(parameter, "metavar", None) or str(parameter.name).upper()
    return f"'{name}'"


def usage_error_text(error: Any, messages: Messages) -> str:
    """The message of a usage error (an unknown option, a missing value, …) in the
    interface language; typer's English message for kinds this does not know."""
    kind = type(error).__name__
    message = str(getattr(error, "message", "") or "")
    if kind == "NoSuchOption":
        text = messages("cli.error.no_such_option", option=error.option_name)
        if error.possibilities:
            options = ", ".join(sorted(error.possibilities))
            text += " " + messages("cli.error.did_you_mean", options=options)
        return text
    if kind == "BadOptionUsage":
        if "requires" in message:
            return messages("cli.error.needs_value", option=error.option_name)
        if "does not take a value" in message:
            return messages("cli.error.takes_no_value", option=error.option_name)
    if kind == "MissingParameter" and getattr(error, "param", None) is not None:
        return messages("cli.error.missing", name=_parameter_hint(error.param))
    if kind == "BadParameter" and getattr(error, "param", None) is not None:
        name = _parameter_hint(error.param)
        choice = re.search(r"('.*') is not one of (.*)\.$", message)
        if choice:
            value, choices = choice.groups()
            detail = messages("cli.error.not_one_of", value=value, choices=choices)
        else:
            detail = message.removeprefix("Value error, ")
        return messages("cli.error.bad_value", name=name, detail=detail)
    extra = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)$", message)
    if extra:
        return messages("cli.error.extra_arguments", arguments=extra.group(1))
    suggestion = re.match(r"(.*)\. Did you mean (.*)\?$", message, re.DOTALL)
    if suggestion:  # typer's suggestion after an unknown command (already translated)
        text, options = suggestion.groups()
        return f"{text}. {messages('cli.error.did_you_mean', options=options)}"
    return str(error.format_message())


def show_usage_error(error: Any, messages: Messages) -> None:
    """Usage line, a pointer to `--help` and the error, as click shows them, translated."""
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        pieces = " ".join(ctx.command.collect_usage_pieces(ctx))
        typer.echo(f"{messages('cli.word.usage')} {ctx.command_path} {pieces}", err=True)
        typer.echo(messages("cli.try_help", command=f"{ctx.command_path} --help") + "\n", err=True)
    typer.echo(messages("cli.error", message=usage_error_text(error, messages)), err=True)


def run(app: typer.Typer, argv: Sequence[str] | None = None) -> int:
    """Run the command line with every text in the interface language; the exit code."""
    import typer.main

    args = list(sys.argv[1:] if argv is None else argv)
    messages = Messages(interface_language(args, os.environ))
    command = typer.main.get_command(app)
    localize_commands(command, messages)
    try:
        code = command.main(args=args, prog_name=ROOT, standalone_mode=False)
    except typer.Abort:
        typer.echo(messages("cli.word.aborted"), err=True)
        return 1
    except typer.TyperException as error:
        if not (hasattr(error, "exit_code") and hasattr(error, "format_message")):
            raise
        if hasattr(error, "ctx"):
            show_usage_error(error, messages)
        else:
            typer.echo(messages("cli.error", message=error.format_message()), err=True)
        return int(error.exit_code)
    return code if isinstance(code, int) else 0

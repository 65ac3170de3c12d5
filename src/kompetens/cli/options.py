"""The options many commands share, declared once: names, short forms, defaults, help.

A command's options read as a list of what it accepts; how `--lang`, `--level`,
`--output`, `--format` and `--force` are spelt and what they default to is written here,
so that the commands cannot drift apart. A command passes its own `help` where the option
means something particular to it (the help texts are translated under
`cli.<command>.<parameter>`, see `kompetens.cli.help_texts`).
"""

from __future__ import annotations

from typing import Any

import typer

FORCE_HELP = "Replace --output if it exists (an input is never replaced)."
OUTPUT_HELP = "Write to this file instead of standard output ('-': standard output)."
LANG_HELP = "Language of the messages: fi, sv or en."


def inputs_argument(help: str, metavar: str = "INPUT") -> Any:
    """One or more input files, folders or glob patterns (required)."""
    return typer.Argument(..., metavar=metavar, help=help)


def flag(name: str, help: str) -> Any:
    """An on/off option, off by default."""
    return typer.Option(False, name, help=help)


def value(name: str, help: str, default: Any = None) -> Any:
    """An option with a value (`None`: not given)."""
    return typer.Option(default, name, help=help)


def count(name: str, help: str, default: int | None, minimum: int, short: str | None = None) -> Any:
    """A whole number of at least `minimum` (a smaller one is a usage error)."""
    names = (name, short) if short else (name,)
    return typer.Option(default, *names, min=minimum, help=help)


def repeatable(name: str, help: str) -> Any:
    """An option that may be given several times (a list; empty when not given)."""
    return typer.Option(None, name, help=help)


def framework_argument() -> Any:
    """The optional FRAMEWORK argument that several commands share."""
    return typer.Argument(
        None,
        metavar="FRAMEWORK",
        help="Built-in framework id or path; default: the built-in framework.",
    )


def framework_option(help: str) -> Any:
    """`--framework ID|FILE`, for commands whose inputs usually name their framework."""
    return typer.Option(None, "--framework", help=help)


def lang_option(help: str = LANG_HELP) -> Any:
    """`--lang fi|sv|en`; not given, the language comes from the inputs or the locale."""
    return typer.Option(None, "--lang", help=help)


def level_option(help: str, *, required: bool = False) -> Any:
    """`-l/--level LEVEL`, a level id of the framework (`nqf6`)."""
    return typer.Option(... if required else None, "--level", "-l", help=help)


def format_option(help: str, default: Any = None) -> Any:
    """`-f/--format`; by default a command infers the format from `-o`'s suffix."""
    return typer.Option(default, "--format", "-f", help=help)


def output_option(*names: str, help: str = OUTPUT_HELP) -> Any:
    """`-o/--output FILE`, where `-` is standard output (the same in every command)."""
    return typer.Option(None, *(names or ("--output", "-o")), metavar="FILE", help=help)


def force_option(help: str = FORCE_HELP) -> Any:
    """`--force`: replace an existing output file (never one of the command's inputs)."""
    return typer.Option(False, "--force", help=help)


def schema_line_option() -> Any:
    """`--schema` for commands that write a framework file with the editor's schema line."""
    return typer.Option(
        None,
        "--schema",
        help="Path or URL for the '$schema=' editor line (default: the nearest "
        "framework.schema.json).",
    )

"""The `kompetens` command and its sub-commands.

Only typer is imported at module level; every command imports the core it needs when it
runs, so `kompetens --help` stays as fast as typer itself. A run of one command
(`kompetens score …`) builds the command line with only the module that declares it: the
other commands' modules are neither imported nor turned into click commands (9 ms). `app`,
the whole command line, is built the first time it is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

import typer

from kompetens import __version__

MODULES = ("student", "offline_form", "educator", "designer", "publish")
"""The modules of `kompetens.cli` that declare commands, in the order `--help` lists them:
students, educators, curriculum designers."""
COMMAND_MODULES = {
    "assess": "student",
    "report": "student",
    "form": "offline_form",
    "score": "educator",
    "template": "educator",
    "columns": "educator",
    "validate": "designer",
    "schema": "designer",
    "frameworks": "designer",
    "show": "designer",
    "export": "publish",
    "import": "publish",
    "diff": "publish",
    "new": "publish",
}
"""Each command and the module that declares it (a test keeps this in step)."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kompetens {__version__}")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Competence self-assessment for social- and health-care education."""


def build_app(modules: Sequence[str] = MODULES) -> typer.Typer:
    """The command line with the commands of `modules` (all of them by default)."""
    built = typer.Typer(
        name="kompetens",
        help=(
            "Competence self-assessment for social- and health-care education: "
            "assess yourself, score a cohort, validate and publish frameworks."
        ),
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    built.callback()(_root)
    for name in modules:
        importlib.import_module(f"kompetens.cli.{name}").register(built)
    return built


_whole: list[typer.Typer] = []


def __getattr__(name: str) -> typer.Typer:
    """`app`: the whole command line, built once, when first asked for."""
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if not _whole:
        _whole.append(build_app())
    return _whole[0]


def app_for(arguments: Sequence[str]) -> typer.Typer:
    """The command line a run needs: one command's module when the first argument names a
    command, else the whole (`--help`, `--version`, a misspelt command)."""
    module = COMMAND_MODULES.get(arguments[0]) if arguments else None
    return build_app((module,)) if module else __getattr__("app")


def main() -> None:
    """Run the CLI in the interface language; an unexpected error is one line on stderr,
    not a traceback.

    Set KOMPETENS_DEBUG=1 to see the traceback when reporting a bug.
    """
    import atexit
    import gc
    import os
    import sys

    # numpy's OpenBLAS starts a thread per CPU when it is imported, and each spins for a
    # while waiting for work that never comes: kompetens multiplies no float matrices, and
    # spreads large inputs over worker processes instead. One thread saves every `score`
    # about 45 ms of CPU (benchmarks/bench_fixed_cost.py). A setting of the user's wins.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # pydantic looks for plugins among the entry points of every installed distribution
    # when it builds the first model (8 ms here, more in a large environment); kompetens's
    # models are its own and no plugin is meant to watch them.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    # At exit, once every output is written and closed, what the run built (numpy,
    # pydantic's validators, rich, the cohort) is left to the operating system: without
    # this, Python walks all of it in one last garbage collection, 40 ms of a `score`.
    atexit.register(gc.freeze)
    # A `score` runs with the cyclic garbage collector paused (`cli/educator.py`): from
    # here, so that it does not walk the start-up's modules and typer's parameter adapters
    # again and again either (about 40 collections before the command itself starts).
    if sys.argv[1:2] == ["score"]:
        gc.disable()

    from kompetens.cli.help_texts import interface_language, run

    try:
        code = run(app_for(sys.argv[1:]))
    except Exception as exc:
        if os.environ.get("KOMPETENS_DEBUG"):
            raise
        from kompetens.text.i18n import Messages

        messages = Messages(interface_language(sys.argv[1:], os.environ))
        typer.echo(messages("cli.internal_error", error=f"{type(exc).__name__}: {exc}"), err=True)
        raise SystemExit(70) from None
    raise SystemExit(code)

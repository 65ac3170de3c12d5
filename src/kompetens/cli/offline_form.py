"""`kompetens form`: the self-assessment as one offline HTML file for students without a terminal."""

from __future__ import annotations

from pathlib import Path

import typer

from kompetens.cli.common import (
    fail,
    force_option,
    framework_argument,
    load_framework_or_exit,
)


def form(
    framework_spec: str = framework_argument(),
    level: list[str] = typer.Option(
        None,
        "--level",
        "-l",
        help="Level to assess against (e.g. nqf6); repeat for several, or leave out for "
        "every level (the student then chooses).",
    ),
    lang: str = typer.Option(
        None,
        "--lang",
        help="Language the page opens in: fi, sv or en (the student can switch at any time).",
    ),
    output: Path = typer.Option(
        None, "--output", "-o", help="HTML file to write; default: FRAMEWORK-LEVEL-form.html."
    ),
    force: bool = force_option(),
) -> None:
    """Write the self-assessment as one HTML file that works offline in any browser.

    Share the file (Moodle, Teams, e-mail): a student opens it on a phone or laptop,
    answers, sees the report and downloads a result file that 'kompetens report' and
    'kompetens score' read. Nothing is loaded from or sent to the network; answers are kept
    in the student's browser until they download them.
    """
    from kompetens.fileio import write_atomic
    from kompetens.form import UnknownLevelError, build_form, opening_language
    from kompetens.i18n import Messages

    framework = load_framework_or_exit(framework_spec)
    language = opening_language(framework, lang)
    messages = Messages(language)
    levels = list(level or [])
    if output is None:
        output = Path(f"{framework.id}-{'-'.join(levels) or 'all'}-form.html")
    if output.suffix.lower() not in (".html", ".htm"):
        fail(messages("form.cli.error_out_suffix", suffix=output.suffix))
    folder = output.parent if str(output.parent) else Path()
    if not folder.is_dir() or output.is_dir():
        fail(messages("form.cli.error_out_folder", path=output))
    if output.exists() and not force:
        fail(messages("form.cli.error_out_exists", path=output))
    try:
        page = build_form(framework, levels, language)
    except UnknownLevelError as exc:
        fail(messages("form.cli.error_unknown_level", level=exc.level, levels=", ".join(exc.known)))
    write_atomic(output, page)
    size = len(page.encode("utf-8"))
    typer.echo(
        f"kompetens: {messages('form.cli.wrote', path=output, size=round(size / 1024))}", err=True
    )


def register(app: typer.Typer) -> None:
    app.command()(form)

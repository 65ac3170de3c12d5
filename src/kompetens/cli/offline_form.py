"""`kompetens form`: the self-assessment as one offline HTML file for students without a terminal."""

from __future__ import annotations

from pathlib import Path

import typer

from kompetens.cli.common import (
    emit,
    fail,
    force_option,
    framework_argument,
    framework_input,
    load_framework_or_exit,
    output_option,
    prepare_output,
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
    output: str = output_option(
        help="HTML file to write ('-': standard output); default: FRAMEWORK-LEVEL-form.html."
    ),
    force: bool = force_option(),
) -> None:
    """Write the self-assessment as one HTML file that works offline in any browser.

    Share the file (Moodle, Teams, e-mail): a student opens it on a phone or laptop,
    answers, sees the report and downloads a result file that 'kompetens report' and
    'kompetens score' read. Nothing is loaded from or sent to the network; answers are kept
    in the student's browser until they download them.
    """
    from kompetens.report.form import UnknownLevelError, build_form, opening_language
    from kompetens.text.i18n import Messages

    framework = load_framework_or_exit(framework_spec)
    language = opening_language(framework, lang)
    messages = Messages(language)
    levels = list(level or [])
    spec = output or f"{framework.id}-{'-'.join(levels) or 'all'}-form.html"
    if spec != "-" and Path(spec).suffix.lower() not in (".html", ".htm"):
        fail(messages("form.cli.error_out_suffix", suffix=Path(spec).suffix))
    target = prepare_output(
        spec, force=force, inputs=[framework_input(framework_spec)], lang=language
    )
    try:
        page = build_form(framework, levels, language)
    except UnknownLevelError as exc:
        from kompetens.framework.levels import unknown_level

        fail(unknown_level(messages, exc.level, exc.known))
    size = round(len(page.encode("utf-8")) / 1024)
    emit(target, page, lang=language, what=messages("form.cli.size", size=size))
    if target is not None and target.path is not None:
        typer.echo(f"kompetens: {messages('form.cli.share')}", err=True)


def register(app: typer.Typer) -> None:
    app.command()(form)

"""Commands for students: `assess` (the self-assessment) and `report` (the gap report)."""

from __future__ import annotations

import json
import shlex
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer

from kompetens.cli.common import (
    EXIT_FINDINGS,
    exit_code_for,
    fail,
    framework_argument,
    load_framework_or_exit,
    print_diagnostics,
    write_stdout,
)

if TYPE_CHECKING:
    from rich.console import Console

    from kompetens.i18n import Messages
    from kompetens.model import Framework, Result
    from kompetens.scoring import Scores
    from kompetens.session import Session

EXIT_INTERRUPTED = 130


class ReportFormat(StrEnum):
    term = "term"
    md = "md"
    html = "html"
    json = "json"


def _command(*words: str | Path) -> str:
    return shlex.join(["kompetens", *map(str, words)])


def _early_messages(lang: str | None) -> Messages:
    """Messages for errors found before the framework (and its languages) is known."""
    from kompetens.i18n import Messages
    from kompetens.language import INTERFACE_LANGUAGES, resolve_language

    return Messages(resolve_language(lang, INTERFACE_LANGUAGES, "en"))


def _read_result_or_exit(path: Path) -> tuple[Result, object]:
    from kompetens.results import read_result

    result, document, diagnostics = read_result(path)
    if result is None:
        print_diagnostics(diagnostics)
        raise typer.Exit(exit_code_for(diagnostics) or EXIT_FINDINGS)
    return result, document


def _checked_framework(
    result: Result, document: object, spec: str | None, messages: Messages
) -> Framework:
    """The framework a result belongs to, refusing results that do not fit it."""
    from kompetens.loading import Document
    from kompetens.results import check_result

    assert isinstance(document, Document)
    if spec is None:
        from kompetens.catalog import builtin_frameworks

        if result.framework.id not in builtin_frameworks():
            fail(
                messages(
                    "report.error_not_builtin", path=document.file, framework=result.framework.id
                )
            )
    framework = load_framework_or_exit(spec or result.framework.id)
    problems = check_result(framework, result, document)
    if problems:
        print_diagnostics(problems)
        raise typer.Exit(EXIT_FINDINGS)
    return framework


def _choose_level(framework: Framework, language: str, messages: Messages, console: Console) -> str:
    from rich.markup import escape

    from kompetens.cli.keys import read_key
    from kompetens.model import localize

    if len(framework.levels) == 1:
        return framework.levels[0].id
    console.print(f"[bold]{escape(messages('assess.choose_level'))}[/]")
    for number, level in enumerate(framework.levels, start=1):
        title = localize(level.title, language, framework.default_language)
        console.print(escape(messages("assess.level_option", key=number, title=title)))
    keys = "/".join(str(n) for n in range(1, len(framework.levels) + 1))
    while True:
        console.print(escape(messages("assess.level_prompt", keys=keys)), end="")
        key = read_key()
        if key.isdigit() and 1 <= int(key) <= len(framework.levels):
            chosen = framework.levels[int(key) - 1]
            console.print(localize(chosen.title, language, framework.default_language))
            return chosen.id


def _save_to(path: Path, session: Session) -> None:
    from kompetens.results import write_result

    write_result(session.result, path)


def _run_piped(session: Session) -> str | None:
    """Answers from standard input, one line per statement: a rating, then an optional note.

    Returns a message naming the line of the first rating that is not on the scale; the
    answers before it stay in the session, so the caller can save them.
    """
    from kompetens.results import parse_rating
    from kompetens.session import ReflectionStep

    def skip_reflections() -> None:
        while not session.finished and isinstance(session.current, ReflectionStep):
            session.reflect(None)

    for number, line in enumerate(sys.stdin, start=1):
        skip_reflections()
        if session.finished:
            break
        text = line.strip()
        if not text:
            continue
        rating_text, _, note = text.partition(" ")
        try:
            rating = parse_rating(rating_text, session.framework)
        except ValueError as exc:
            return f"<stdin>:{number}: {exc}"
        if note.strip():
            session.note(note)
        session.answer(rating)
    skip_reflections()
    return None


def _ask_goals(session: Session, messages: Messages, console: Console) -> None:
    from rich.markup import escape

    from kompetens.cli.keys import read_line
    from kompetens.model import Goal, localize
    from kompetens.scoring import ratings_of, score_result

    result = session.result
    framework = session.framework
    scores = score_result(framework, result.level, ratings_of(result.answers))
    priorities = scores.priorities()
    if not priorities:
        return
    console.print(f"\n[bold]{escape(messages('assess.goals_intro'))}[/]")
    components = {c.id: c for c in framework.components()}
    for score in priorities:
        title = localize(components[score.id].title, result.language, framework.default_language)
        text = read_line(messages("assess.goal_prompt", title=title)).strip()
        if text:
            result.goals.append(Goal(text=text, component=score.id))


def _print_summary(framework: Framework, result: Result, language: str, console: Console) -> None:
    from kompetens.cli.report_view import print_report
    from kompetens.i18n import Messages
    from kompetens.report_context import build_report_context
    from kompetens.scoring import ratings_of, score_result

    scores = score_result(framework, result.level, ratings_of(result.answers))
    context = build_report_context(framework, result, scores, language)
    print_report(context, Messages(language).domain("report"), console)


def assess(
    framework_spec: str = framework_argument(),
    level: str = typer.Option(
        None, "--level", "-l", help="Level to assess against (e.g. nqf6); asked when not given."
    ),
    lang: str = typer.Option(
        None,
        "--lang",
        help="Language: fi, sv or en (default: KOMPETENS_LANG, the locale, the framework's).",
    ),
    out: Path = typer.Option(
        None,
        "--out",
        "-o",
        help="Result file to write (.yaml or .json); default: FRAMEWORK-LEVEL-DATE.yaml.",
    ),
    resume: Path = typer.Option(
        None, "--resume", help="Continue a draft from its first unanswered statement."
    ),
    answers: Path = typer.Option(
        None,
        "--answers",
        help="Take the answers from a YAML/JSON file (statement id → rating or {rating, note}) instead of asking.",
    ),
    name: str = typer.Option(None, "--name", help="Your name (optional)."),
    respondent_id: str = typer.Option(
        None, "--id", help="Your student number or other id (optional)."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite --out if it exists."),
) -> None:
    """Rate yourself against a framework, statement by statement, and save the result.

    One key answers (1–5, 0 or - for "can't say"); n adds a note, b goes back, ? shows the
    scale, q saves and quits. The draft is saved after every answer: Ctrl-C or a closed
    terminal loses nothing, and --resume FILE continues where you stopped. Without a
    terminal, answers are read from standard input, one rating (and optional note) a line.
    """
    import signal

    from rich.console import Console
    from rich.markup import escape

    from kompetens.i18n import Messages
    from kompetens.language import resolve_language
    from kompetens.model import FrameworkRef, Respondent
    from kompetens.results import default_result_name, framework_changes, read_answers
    from kompetens.session import Session, new_result

    interactive = sys.stdin.isatty() and answers is None
    console = Console(highlight=False)
    early = _early_messages(lang)
    if resume is not None:
        if out is not None:
            fail(early("assess.error_resume_with_out"))
        result, document = _read_result_or_exit(resume)
        if framework_spec is None:
            from kompetens.catalog import builtin_frameworks

            if result.framework.id not in builtin_frameworks():
                command = _command("assess", "FRAMEWORK", "--resume", resume)
                fail(
                    early(
                        "assess.error_not_builtin",
                        path=resume,
                        framework=result.framework.id,
                        command=command,
                    )
                )
        framework = load_framework_or_exit(framework_spec or result.framework.id)
        change = framework_changes(framework, result)
        from kompetens.loading import Document
        from kompetens.results import check_result

        assert isinstance(document, Document)
        problems = check_result(framework, result, document)
        if problems:
            print_diagnostics(problems)
            if change:
                message = early("assess.error_cannot_continue", path=resume, change=change)
                typer.echo(f"kompetens: {message}", err=True)
            raise typer.Exit(EXIT_FINDINGS)
        messages = Messages(
            resolve_language(
                lang or result.language, framework.languages, framework.default_language
            )
        )
        if not result.is_draft:
            typer.echo(messages("assess.already_complete", path=resume), err=True)
            raise typer.Exit(0)
        if change:
            from kompetens.fingerprint import fingerprint

            result.framework = FrameworkRef(
                id=framework.id, version=framework.version, fingerprint=fingerprint(framework)
            )
            typer.echo(messages("assess.migrated", change=change), err=True)
        if lang:
            result.language = (
                messages.language if messages.language in framework.languages else result.language
            )
        out = resume
    else:
        framework = load_framework_or_exit(framework_spec)
        language = resolve_language(lang, framework.languages, framework.default_language)
        messages = Messages(language)
        if level is None:
            if not interactive:
                fail(messages("assess.error_level_required", levels=", ".join(framework.level_ids)))
            level = _choose_level(framework, language, messages, console)
        elif level not in framework.level_ids:
            levels = ", ".join(framework.level_ids)
            fail(messages("assess.error_unknown_level", level=level, levels=levels))
        if out is None:
            from kompetens.fileio import next_free_path

            out = next_free_path(Path(default_result_name(framework.id, level, date.today())))
        elif out.exists() and not force:
            fail(messages("assess.error_out_exists", path=out))
        elif out.suffix.lower() not in (".yaml", ".yml", ".json"):
            fail(messages("assess.error_out_suffix", suffix=out.suffix))
        if interactive and name is None and respondent_id is None:
            from kompetens.cli.keys import read_line

            name = read_line(messages("assess.ask_name")).strip() or None
            respondent_id = read_line(messages("assess.ask_id")).strip() or None
        result = new_result(framework, level, language, Respondent(id=respondent_id, name=name))

    session = Session(framework, result)
    path: Path = out

    def save() -> None:
        _save_to(path, session)

    from kompetens.catalog import builtin_frameworks

    named = (
        [framework_spec] if framework_spec and framework_spec not in builtin_frameworks() else []
    )
    resume_command = _command("assess", *named, "--resume", path)
    if answers is not None:
        parsed, problems = read_answers(answers, framework, result.level)
        if problems:
            print_diagnostics(problems)
            typer.echo(
                f"kompetens: {messages('assess.error_nothing_written', path=answers)}", err=True
            )
            raise typer.Exit(exit_code_for(problems) or EXIT_FINDINGS)
        result.answers.update(parsed)
        session = Session(framework, result)
    elif not interactive:
        problem = _run_piped(session)
        if problem:
            save()
            typer.echo(f"kompetens: {problem}", err=True)
            typer.echo(
                messages(
                    "assess.saved_quit",
                    path=path,
                    answered=session.answered_count,
                    count=session.statement_count,
                ),
                err=True,
            )
            raise typer.Exit(EXIT_FINDINGS)
    else:
        from kompetens.cli.assess_terminal import Outcome, TerminalAssessment

        def hang_up(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        if hasattr(signal, "SIGHUP"):
            signal.signal(signal.SIGHUP, hang_up)
        from kompetens.model import localize

        shown = (
            messages.language
            if messages.language in framework.languages
            else framework.default_language
        )
        title = messages(
            "assess.title",
            framework=localize(framework.title, shown, framework.default_language),
            level=localize(framework.level(result.level).title, shown, framework.default_language),
        )
        console.rule(f"[bold]{escape(title)}[/]")
        low, high = framework.scale.minimum, framework.scale.maximum
        console.print(
            messages("assess.instructions", low=low, high=high), highlight=False, markup=False
        )
        if resume is not None:
            console.print(
                messages(
                    "assess.resumed",
                    path=path,
                    number=session.answered_count + 1,
                    count=session.statement_count,
                ),
                markup=False,
            )
        save()
        try:
            outcome = TerminalAssessment(session, messages, console, save).run()
            if outcome is Outcome.FINISHED:
                _ask_goals(session, messages, console)
        except (KeyboardInterrupt, EOFError):
            save()
            console.print(f"\n{messages('assess.interrupted')}", markup=False)
            outcome = Outcome.QUIT
            code = EXIT_INTERRUPTED
        else:
            code = 0
        if outcome is Outcome.QUIT:
            console.print(
                messages(
                    "assess.saved_quit",
                    path=path,
                    answered=session.answered_count,
                    count=session.statement_count,
                ),
                markup=False,
            )
            console.print(messages("assess.resume_hint", command=resume_command), markup=False)
            raise typer.Exit(code)
    unanswered = session.statement_count - session.answered_count
    if unanswered == 0:
        session.complete()
    save()
    if unanswered:
        typer.echo(messages("assess.left_unanswered", count=unanswered), err=True)
        typer.echo(messages("assess.resume_hint", command=resume_command), err=True)
        raise typer.Exit(0)
    _print_summary(
        framework,
        result,
        messages.language
        if messages.language in framework.languages
        else framework.default_language,
        console,
    )
    console.print(messages("assess.done", path=path), markup=False)
    console.print(
        messages(
            "assess.report_hint",
            command=_command("report", path, "--format", "html", "-o", path.with_suffix(".html")),
        ),
        markup=False,
    )


def report(
    result_path: Path = typer.Argument(
        ..., metavar="RESULT", help="A result file written by 'kompetens assess'."
    ),
    baseline: Path = typer.Option(None, "--baseline", help="An earlier result to compare with."),
    fmt: ReportFormat = typer.Option(
        None,
        "--format",
        "-f",
        help="term (default), md, html or json; from -o's suffix when not given.",
    ),
    output: Path = typer.Option(
        None, "--output", "-o", help="Write the report to this file instead of standard output."
    ),
    template: Path = typer.Option(
        None, "--template", help="Your own Jinja template (see docs/templates.md)."
    ),
    lang: str = typer.Option(
        None, "--lang", help="Report language: fi, sv or en (default: the result's)."
    ),
    framework_spec: str = typer.Option(
        None, "--framework", help="Framework file, when the result's is not built in."
    ),
) -> None:
    """Turn a result into a gap report: scores, charts, priorities, development plan."""
    from kompetens.i18n import Messages
    from kompetens.language import resolve_language
    from kompetens.report_context import build_report_context
    from kompetens.results import framework_changes
    from kompetens.scoring import ratings_of, score_result

    result, document = _read_result_or_exit(result_path)
    early = _early_messages(lang or result.language)
    framework = _checked_framework(result, document, framework_spec, early)
    change = framework_changes(framework, result)
    if change:
        typer.echo(f"kompetens: {early('report.note_changed', change=change)}", err=True)
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output else ""
        fmt = {
            "html": ReportFormat.html,
            "htm": ReportFormat.html,
            "md": ReportFormat.md,
            "json": ReportFormat.json,
        }.get(suffix, ReportFormat.term)
    templated = fmt in {ReportFormat.md, ReportFormat.html}
    if template is not None and not templated:
        fail(early("report.error_template_format"))
    language = resolve_language(
        lang or result.language, framework.languages, framework.default_language
    )
    scores = score_result(framework, result.level, ratings_of(result.answers))
    earlier = _baseline(baseline, result, framework, early) if baseline is not None else None
    context = build_report_context(framework, result, scores, language, baseline=earlier)
    messages = Messages(language).domain("report")
    if fmt is ReportFormat.term:
        from rich.console import Console

        if output is None:
            print_report_to(context, messages, Console(highlight=False))
            return
        import io

        buffer = io.StringIO()
        print_report_to(context, messages, Console(file=buffer, width=100, color_system=None))
        text = buffer.getvalue()
    elif fmt is ReportFormat.json:
        document_json = {
            "result": str(result_path),
            "framework": {"id": framework.id, "version": framework.version},
            "respondent": result.respondent.model_dump(),
            "completed": context["completed"],
            "scores": scores.as_dict(),
            "baseline": earlier[1].as_dict() if earlier else None,
        }
        text = json.dumps(document_json, ensure_ascii=False, indent=2) + "\n"
    else:
        from kompetens.render import ReportTemplateError, render_report

        kind: Literal["md", "html"] = "html" if fmt is ReportFormat.html else "md"
        try:
            text = render_report(context, kind, template=template, messages=messages)
        except ReportTemplateError as exc:
            fail(str(exc), EXIT_FINDINGS)
    if output is None:
        sys.stdout.write(text)
    else:
        from kompetens.fileio import write_atomic

        write_atomic(output, text)
        typer.echo(f"kompetens: {early('report.wrote', path=output)}", err=True)


def _baseline(
    path: Path, result: Result, framework: Framework, messages: Messages
) -> tuple[Result, Scores]:
    """An earlier result to compare with: same level, and statements this framework has."""
    from kompetens.loading import Document
    from kompetens.results import check_result
    from kompetens.scoring import ratings_of, score_result

    old, document = _read_result_or_exit(path)
    assert isinstance(document, Document)
    if old.level != result.level:
        fail(
            messages("report.error_other_level", path=path, other=old.level, level=result.level),
            EXIT_FINDINGS,
        )
    if old.framework.id == framework.id:
        problems = check_result(framework, old, document)
        if problems:
            print_diagnostics(problems)
            raise typer.Exit(EXIT_FINDINGS)
    else:
        unknown = sorted(set(old.answers) - set(framework.statement_index))
        if unknown:
            message = messages(
                "report.error_other_framework",
                path=path,
                other=old.framework.id,
                statements=", ".join(unknown[:3]),
                framework=framework.id,
            )
            fail(message, EXIT_FINDINGS)
    return old, score_result(framework, old.level, ratings_of(old.answers))


def print_report_to(context: dict[str, object], messages: dict[str, str], console: Console) -> None:
    from kompetens.cli.report_view import print_report

    print_report(context, messages, console)


def register(app: typer.Typer) -> None:
    app.command()(assess)
    app.command()(report)


__all__ = ["register", "write_stdout"]

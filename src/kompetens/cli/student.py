"""Commands for students: `assess` (the self-assessment) and `report` (the gap report)."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer

from kompetens.cli.common import (
    EXIT_FINDINGS,
    early_messages,
    emit,
    fail,
    framework_input,
    load_framework_or_exit,
    prepare_output,
    print_diagnostics,
    read_result_or_exit,
)
from kompetens.cli.options import (
    flag,
    force_option,
    format_option,
    framework_argument,
    framework_option,
    inputs_argument,
    lang_option,
    level_option,
    output_option,
    value,
)
from kompetens.files.output import format_of

if TYPE_CHECKING:
    from rich.console import Console

    from kompetens.assessment.baseline import Baseline
    from kompetens.files.output import Output
    from kompetens.framework.loading import Document
    from kompetens.model import Framework, Result
    from kompetens.text.i18n import Messages


class Role(StrEnum):
    self_ = "self"
    mentor = "mentor"
    teacher = "teacher"
    peer = "peer"


class ReportFormat(StrEnum):
    term = "term"
    md = "md"
    html = "html"
    json = "json"


def _checked_framework(
    result: Result, document: Document, spec: str | None, messages: Messages
) -> Framework:
    """The framework a result belongs to, refusing results that do not fit it."""
    from kompetens.assessment.results import check_result

    if spec is None:
        from kompetens.framework.catalog import builtin_frameworks, builtin_spec_for

        if result.framework.id not in builtin_frameworks():
            fail(
                messages(
                    "report.error_not_builtin", path=document.file, framework=result.framework.id
                )
            )
        spec = builtin_spec_for(result.framework.id, result.framework.version)
    framework = load_framework_or_exit(spec)
    problems = check_result(framework, result, document)
    if problems:
        print_diagnostics(problems)
        raise typer.Exit(EXIT_FINDINGS)
    return framework


def assess(
    framework_spec: str = framework_argument(),
    level: str = level_option("Level to assess against (e.g. nqf6); asked when not given."),
    lang: str = lang_option(
        "Language: fi, sv or en (default: KOMPETENS_LANG, the locale, the framework's)."
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
    force: bool = force_option("Overwrite --out if it exists."),
    role: Role = typer.Option(
        Role.self_,
        "--role",
        help="Who rates: self (default), or mentor, teacher or peer rating the student named "
        'with --id/--name (statements then read "The student can …").',
    ),
    assessor_name: str = typer.Option(
        None, "--assessor-name", help="Name of the mentor, teacher or peer (optional)."
    ),
    break_lock: bool = typer.Option(
        False,
        "--break-lock",
        help="Open the draft even though its lock file says another kompetens has it open.",
    ),
) -> None:
    """Rate yourself against a framework, statement by statement, and save the result.

    One key answers (1–5; e, k or c for "can't say"); n adds a note, b goes back, d shows
    the sub-area's description, ? the scale, q saves and quits. The draft is saved after every answer: Ctrl-C or a closed
    terminal loses nothing, and --resume FILE continues where you stopped. Without a
    terminal, answers are read from standard input, one rating (and optional note) a line.
    """
    from kompetens.cli import assess_flow
    from kompetens.cli.safe_console import SafeConsole
    from kompetens.files.output import is_stdout

    interactive = sys.stdin.isatty() and answers is None
    console = SafeConsole(highlight=False)
    if out is not None and resume is None:
        if is_stdout(out):
            reason = early_messages(lang)("output.reason_saved_often")
            fail(early_messages(lang)("output.needs_file", option="--out", reason=reason))
        prepare_output(
            out, force=force, inputs=[answers, framework_input(framework_spec)], lang=lang
        )
    if resume is not None:
        started = assess_flow.resume_draft(resume, framework_spec, lang, out)
    else:
        options = assess_flow.NewAssessment(
            framework_spec,
            level,
            lang,
            out,
            name,
            respondent_id,
            interactive,
            role=role.value,
            assessor_name=assessor_name,
        )
        try:
            started = assess_flow.start_new(options, console)
        except (KeyboardInterrupt, EOFError):
            console.print(f"\n{early_messages(lang)('assess.interrupted_before_start')}")
            raise typer.Exit(assess_flow.EXIT_INTERRUPTED) from None
    flow = assess_flow.AssessmentRun(started, framework_spec, console)
    with flow.locked(break_lock=break_lock):
        if answers is not None:
            flow.take_answers_file(answers)
        elif not interactive:
            flow.take_piped_answers()
        else:
            flow.run_in_terminal(resumed=resume is not None)
        flow.finish()


def report(
    result_paths: list[Path] = inputs_argument(
        "A result file written by 'kompetens assess' (with --each: files, folders, globs).",
        metavar="RESULT",
    ),
    baseline: Path = value("--baseline", "An earlier result to compare with."),
    fmt: ReportFormat = format_option(
        "term (default), md, html or json; from -o's suffix when not given."
    ),
    output: str = output_option(
        help="Write the report to this file instead of standard output ('-': standard output)."
    ),
    template: Path = value("--template", "Your own Jinja template (see docs/templates.md)."),
    lang: str = lang_option("Report language: fi, sv or en (default: the result's)."),
    framework_spec: str = framework_option("Framework file, when the result's is not built in."),
    assessor: Path = value(
        "--assessor",
        "A mentor's, teacher's or peer's result for the same student: shown side by side.",
    ),
    force: bool = force_option(
        "Replace -o if it exists (an input is never replaced); compare with --baseline or "
        "--assessor even when it names another person or the baseline is not older; with "
        "--each, overwrite existing reports."
    ),
    each: bool = flag(
        "--each", "One report per result into the folder -o OUTDIR, named by respondent id."
    ),
) -> None:
    """Turn a result into a gap report: scores, charts, priorities, development plan."""
    from kompetens.files.output import is_stdout

    if each:
        from kompetens.cli.report_each import report_each

        outdir = Path(output) if output is not None and not is_stdout(output) else None
        report_each(result_paths, outdir, fmt, framework_spec, lang, force=force)
        return
    if len(result_paths) != 1:
        fail(early_messages(lang)("views.error_one_result", count=len(result_paths)))
    result_path = result_paths[0]
    if result_path.is_dir():
        fail(early_messages(lang)("views.error_folder_without_each", path=result_path))
    inputs = [result_path, baseline, template, assessor, framework_input(framework_spec)]
    target = prepare_output(output, force=force, inputs=inputs, lang=lang)
    result, document = read_result_or_exit(result_path)
    early = early_messages(lang or result.language)
    framework = _checked_framework(result, document, framework_spec, early)
    _note_changed_framework(framework, result, early)
    fmt = fmt or _format_for(target)
    if template is not None and fmt not in {ReportFormat.md, ReportFormat.html}:
        fail(early("report.error_template_format"))
    earlier = _baseline(baseline, result_path, result, framework, early, force=force)
    page = _StudentPage(result_path, result, framework, lang, earlier)
    if assessor is not None:
        from kompetens.cli.report_views import assessor_views
        from kompetens.report.context import attach_views

        attach_views(
            page.context,
            assessor_views(
                assessor, result_path, result, framework, page.language, force=force, messages=early
            ),
        )
    text = page.text(fmt, template, to_terminal=target is None or target.to_stdout)
    if text is not None:
        emit(target, text, lang=lang or result.language)


def _format_for(target: Output | None) -> ReportFormat:
    """The format `-o`'s suffix names (.html, .htm, .md, .json); else the terminal's."""
    named = format_of(target.path if target is not None else None)
    return ReportFormat(named) if named in {"html", "md", "json"} else ReportFormat.term


class _StudentPage:
    """One student's report: the scores and context, and the report as text per format."""

    def __init__(
        self,
        result_path: Path,
        result: Result,
        framework: Framework,
        lang: str | None,
        baseline: Baseline | None,
    ) -> None:
        from kompetens.assessment.scoring import ratings_of, score_result
        from kompetens.report.context import build_report_context
        from kompetens.text.i18n import Messages
        from kompetens.text.language import resolve_language

        self.result_path, self.result, self.framework = result_path, result, framework
        self.baseline = baseline
        self.language = resolve_language(
            lang or result.language, framework.languages, framework.default_language
        )
        self.scores = score_result(framework, result.level, ratings_of(result.answers))
        self.context = build_report_context(
            framework,
            result,
            self.scores,
            self.language,
            baseline=(baseline.result, baseline.scores) if baseline else None,
            across_versions=baseline.across if baseline else None,
        )
        self.messages = Messages(self.language).domain("report")
        self.messages.update(Messages(self.language).domain("views"))

    def text(self, fmt: ReportFormat, template: Path | None, *, to_terminal: bool) -> str | None:
        """The report in `fmt`; None when it was printed to the terminal."""
        if fmt is ReportFormat.term:
            from rich.console import Console

            if to_terminal:
                print_report_to(self.context, self.messages, Console(highlight=False))
                return None
            import io

            buffer = io.StringIO()
            console = Console(file=buffer, width=100, color_system=None)
            print_report_to(self.context, self.messages, console)
            return buffer.getvalue()
        if fmt is ReportFormat.json:
            from kompetens.report.student_document import student_document, student_json

            return student_json(
                student_document(
                    self.result_path,
                    self.framework,
                    self.result,
                    self.scores,
                    self.context,
                    self.baseline,
                )
            )
        from kompetens.report import ReportTemplateError, render_student_report

        kind: Literal["md", "html"] = "html" if fmt is ReportFormat.html else "md"
        try:
            return render_student_report(
                self.context, kind, template=template, messages=self.messages
            )
        except ReportTemplateError as exc:
            fail(str(exc), EXIT_FINDINGS)


def _note_changed_framework(framework: Framework, result: Result, messages: Messages) -> None:
    from kompetens.assessment.results import framework_changes

    change = framework_changes(framework, result)
    if change:
        typer.echo(f"kompetens: {messages('report.note_changed', change=change)}", err=True)


def _baseline(
    path: Path | None,
    result_path: Path,
    result: Result,
    framework: Framework,
    messages: Messages,
    *,
    force: bool,
) -> Baseline | None:
    """The earlier result to compare with (`kompetens.assessment.baseline` decides whether
    it can be), or a message and exit 1; a note on what a comparison across framework
    versions leaves out."""
    if path is None:
        return None
    from kompetens.assessment.baseline import BaselineRefused, choose_baseline, other_version_spec

    old, document = read_result_or_exit(path)
    spec = other_version_spec(old, framework)
    older = load_framework_or_exit(spec) if spec is not None else None
    try:
        chosen = choose_baseline(
            old,
            document,
            result,
            framework,
            (path, result_path),
            force=force,
            older_framework=older,
        )
    except BaselineRefused as refused:
        if refused.key is None:
            print_diagnostics(refused.problems)
            raise typer.Exit(EXIT_FINDINGS) from None
        fail(messages(refused.key, **_dated(refused.values, messages.language)), EXIT_FINDINGS)
    across = chosen.across
    if across is not None:
        note = messages(
            "report.note_baseline_version",
            framework=framework.id,
            old=across.old_version,
            new=framework.version,
            compared=len(across.carried),
            total=len(across.carried) + len(across.left_out),
            left_out=", ".join(across.left_out) or "–",
        )
        typer.echo(f"kompetens: {note}", err=True)
    return chosen


def _dated(values: Mapping[str, object], language: str) -> dict[str, object]:
    """Message values with each moment written as the reader writes dates."""
    from kompetens.report.filters import date

    return {
        name: date(value.isoformat(timespec="minutes"), language)
        if isinstance(value, datetime)
        else value
        for name, value in values.items()
    }


def print_report_to(
    context: Mapping[str, object], messages: dict[str, str], console: Console
) -> None:
    from kompetens.cli.report_view import print_report
    from kompetens.text.terminal import safe_tree

    safe = safe_tree(context)
    print_report(safe, messages, console)
    views = safe.get("views")
    if isinstance(views, dict):
        from kompetens.cli.views_view import print_views

        print_views(views, messages, console, str(safe.get("language") or "en"))


def register(app: typer.Typer) -> None:
    app.command()(assess)
    app.command()(report)

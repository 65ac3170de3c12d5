"""Commands for students: `assess` (the self-assessment) and `report` (the gap report)."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer

from kompetens.cli.common import (
    EXIT_FINDINGS,
    early_messages,
    emit,
    fail,
    framework_argument,
    framework_input,
    load_framework_or_exit,
    output_option,
    prepare_output,
    print_diagnostics,
    read_result_or_exit,
)

if TYPE_CHECKING:
    from rich.console import Console

    from kompetens.assessment.baseline import CrossVersionComparison
    from kompetens.assessment.scoring import Scores
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
            force,
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
    result_paths: list[Path] = typer.Argument(
        ...,
        metavar="RESULT",
        help="A result file written by 'kompetens assess' (with --each: files, folders, globs).",
    ),
    baseline: Path = typer.Option(None, "--baseline", help="An earlier result to compare with."),
    fmt: ReportFormat = typer.Option(
        None,
        "--format",
        "-f",
        help="term (default), md, html or json; from -o's suffix when not given.",
    ),
    output: str = output_option(
        help="Write the report to this file instead of standard output ('-': standard output)."
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
    assessor: Path = typer.Option(
        None,
        "--assessor",
        help="A mentor's, teacher's or peer's result for the same student: shown side by side.",
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help="Replace -o if it exists (an input is never replaced); compare with --baseline or "
        "--assessor even when it names another person or the baseline is not older; with "
        "--each, overwrite existing reports.",
    ),
    each: bool = typer.Option(
        False,
        "--each",
        help="One report per result into the folder -o OUTDIR, named by respondent id.",
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
    from kompetens.assessment.results import framework_changes
    from kompetens.assessment.scoring import ratings_of, score_result
    from kompetens.report.context import build_report_context
    from kompetens.text.i18n import Messages
    from kompetens.text.language import resolve_language

    target = prepare_output(
        output,
        force=force,
        inputs=[result_path, baseline, template, assessor, framework_input(framework_spec)],
        lang=lang,
    )
    result, document = read_result_or_exit(result_path)
    early = early_messages(lang or result.language)
    framework = _checked_framework(result, document, framework_spec, early)
    change = framework_changes(framework, result)
    if change:
        typer.echo(f"kompetens: {early('report.note_changed', change=change)}", err=True)
    if fmt is None:
        suffix = target.path.suffix.lower().lstrip(".") if target and target.path else ""
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
    earlier, across = (
        _baseline(baseline, result_path, result, framework, early, force=force)
        if baseline is not None
        else (None, None)
    )
    if across is not None:
        note = early(
            "report.note_baseline_version",
            framework=framework.id,
            old=across.old_version,
            new=framework.version,
            compared=len(across.carried),
            total=len(across.carried) + len(across.left_out),
            left_out=", ".join(across.left_out) or "–",
        )
        typer.echo(f"kompetens: {note}", err=True)
    context = build_report_context(
        framework, result, scores, language, baseline=earlier, across_versions=across
    )
    messages = Messages(language).domain("report")
    messages.update(Messages(language).domain("views"))
    if assessor is not None:
        from kompetens.cli.report_views import assessor_views
        from kompetens.report.context import attach_views

        attach_views(
            context,
            assessor_views(
                assessor, result_path, result, framework, language, force=force, messages=early
            ),
        )
    if fmt is ReportFormat.term:
        from rich.console import Console

        if target is None or target.to_stdout:
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
            "views": context.get("views"),
            "baseline_across_versions": (
                {
                    "version": across.old_version,
                    "compared": list(across.carried),
                    "left_out": list(across.left_out),
                    "not_in_baseline": list(across.added),
                    "now": across.now.as_dict(),
                }
                if across
                else None
            ),
        }
        text = json.dumps(document_json, ensure_ascii=False, indent=2) + "\n"
    else:
        from kompetens.report import ReportTemplateError, render_student_report

        kind: Literal["md", "html"] = "html" if fmt is ReportFormat.html else "md"
        try:
            text = render_student_report(context, kind, template=template, messages=messages)
        except ReportTemplateError as exc:
            fail(str(exc), EXIT_FINDINGS)
    emit(target, text, lang=lang or result.language)


def _baseline(
    path: Path,
    result_path: Path,
    result: Result,
    framework: Framework,
    messages: Messages,
    *,
    force: bool,
) -> tuple[tuple[Result, Scores], CrossVersionComparison | None]:
    """An earlier result to compare with: the same person, older, the same level, and
    statements this framework has. Another person's result, or one that is not older (the
    two files swapped), is refused with the reason unless `force`.

    A baseline made with another built-in version of the framework is compared on the
    statements that carry over between the versions (`kompetens.assessment.baseline`)."""
    from kompetens.assessment.results import check_result, moment, not_older, other_respondent
    from kompetens.assessment.scoring import ratings_of, score_result
    from kompetens.report.filters import date

    old, document = read_result_or_exit(path)
    if old.level != result.level:
        fail(
            messages("report.error_other_level", path=path, other=old.level, level=result.level),
            EXIT_FINDINGS,
        )
    if not force and other_respondent(result, old):

        def who(r: Result) -> str:
            parts = [p for p in (r.respondent.name, r.respondent.id) if p]
            return " / ".join(parts)

        message = messages(
            "report.error_baseline_other_person",
            baseline=path,
            other=who(old),
            path=result_path,
            who=who(result),
        )
        fail(message, EXIT_FINDINGS)
    if not force and not_older(result, old):
        language = messages.language
        message = messages(
            "report.error_baseline_not_older",
            baseline=path,
            baseline_when=date(moment(old).isoformat(timespec="minutes"), language),
            path=result_path,
            when=date(moment(result).isoformat(timespec="minutes"), language),
        )
        fail(message, EXIT_FINDINGS)
    older = _other_version(old, framework)
    if older is not None:
        from kompetens.assessment.baseline import compare_across_versions

        problems = check_result(older, old, document)
        if problems:
            print_diagnostics(problems)
            raise typer.Exit(EXIT_FINDINGS)
        across = compare_across_versions(
            older, framework, old.level, ratings_of(old.answers), ratings_of(result.answers)
        )
        return (old, across.before), across
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
    return (old, score_result(framework, old.level, ratings_of(old.answers))), None


def _other_version(old: Result, framework: Framework) -> Framework | None:
    """The built-in version an earlier result names, when it is not `framework`'s."""
    from kompetens.framework.catalog import UnknownFrameworkError, resolve_framework

    if old.framework.id != framework.id or old.framework.version == framework.version:
        return None
    try:
        resolve_framework(f"{old.framework.id}@{old.framework.version}")
    except UnknownFrameworkError:
        return None
    return load_framework_or_exit(f"{old.framework.id}@{old.framework.version}")


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

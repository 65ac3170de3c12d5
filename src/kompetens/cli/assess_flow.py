"""The `assess` workflow: start or resume a result, collect answers, save, summarise.

`cli/student.py` only declares the command's options; the steps live here so that each one
is small. Answers come from one of three places — an answers file, piped standard input,
or the interactive terminal (`assess_terminal`) — and every path ends in `finish`. The
result file is rewritten atomically after every change, so whatever stops the program
leaves an up-to-date draft and a message saying how to resume it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from kompetens.cli.common import (
    EXIT_FINDINGS,
    command_line,
    early_messages,
    exit_code_for,
    fail,
    load_framework_or_exit,
    print_diagnostics,
    read_result_or_exit,
)

if TYPE_CHECKING:
    from rich.console import Console

    from kompetens.assessment.session import Session
    from kompetens.model import AssessorRole, Framework, Result
    from kompetens.text.i18n import Messages

EXIT_INTERRUPTED = 130


@dataclass
class Started:
    """A result ready to be answered, and where it is saved."""

    framework: Framework
    result: Result
    messages: Messages
    path: Path


@dataclass(frozen=True)
class NewAssessment:
    """The options of `assess` that describe a new self-assessment."""

    framework_spec: str | None
    level: str | None
    lang: str | None
    out: Path | None
    force: bool
    name: str | None
    respondent_id: str | None
    interactive: bool
    role: AssessorRole = "self"
    assessor_name: str | None = None


def resume_draft(
    path: Path, framework_spec: str | None, lang: str | None, out: Path | None
) -> Started:
    """A draft to continue, migrated to the current framework when its statements still
    exist; exits with a message when it cannot be continued or is already complete."""
    from kompetens.assessment.results import check_result, framework_changes
    from kompetens.framework.fingerprint import fingerprint
    from kompetens.model import FrameworkRef
    from kompetens.text.i18n import Messages
    from kompetens.text.language import resolve_language

    early = early_messages(lang)
    if out is not None:
        fail(early("assess.error_resume_with_out"))
    result, document = read_result_or_exit(path)
    if framework_spec is None:
        from kompetens.framework.catalog import builtin_frameworks

        if result.framework.id not in builtin_frameworks():
            command = command_line("assess", "FRAMEWORK", "--resume", path)
            fail(
                early(
                    "assess.error_not_builtin",
                    path=path,
                    framework=result.framework.id,
                    command=command,
                )
            )
    if framework_spec is None:
        from kompetens.framework.catalog import builtin_spec_for

        framework_spec = builtin_spec_for(result.framework.id, result.framework.version)
    framework = load_framework_or_exit(framework_spec)
    change = framework_changes(framework, result)
    problems = check_result(framework, result, document)
    if problems:
        print_diagnostics(problems)
        if change:
            message = early("assess.error_cannot_continue", path=path, change=change)
            typer.echo(f"kompetens: {message}", err=True)
        raise typer.Exit(EXIT_FINDINGS)
    language = resolve_language(
        lang or result.language, framework.languages, framework.default_language
    )
    messages = Messages(language)
    if not result.is_draft:
        typer.echo(messages("assess.already_complete", path=path), err=True)
        raise typer.Exit(0)
    if change:
        result.framework = FrameworkRef(
            id=framework.id, version=framework.version, fingerprint=fingerprint(framework)
        )
        typer.echo(messages("assess.migrated", change=change), err=True)
    if lang and language in framework.languages:
        result.language = language
    return Started(framework, result, messages, path)


def start_new(options: NewAssessment, console: Console) -> Started:
    """A new result: the level and respondent asked for when not given, and a file name
    that does not overwrite anything without `--force`."""
    from kompetens.assessment.results import default_result_name
    from kompetens.assessment.session import new_result
    from kompetens.files.fileio import next_free_path
    from kompetens.model import Assessor, Respondent
    from kompetens.text.i18n import Messages
    from kompetens.text.language import resolve_language

    framework = load_framework_or_exit(options.framework_spec)
    language = resolve_language(options.lang, framework.languages, framework.default_language)
    messages = Messages(language)
    level = options.level
    if level is None:
        if not options.interactive:
            fail(messages("assess.error_level_required", levels=", ".join(framework.level_ids)))
        level = _choose_level(framework, language, messages, console)
    elif level not in framework.level_ids:
        from kompetens.framework.levels import unknown_level

        fail(unknown_level(messages, level, framework.level_ids))
    out = options.out
    if out is None:
        out = next_free_path(Path(default_result_name(framework.id, level, date.today())))
    elif out.exists() and not options.force:
        fail(messages("assess.error_out_exists", path=out))
    elif out.suffix.lower() not in (".yaml", ".yml", ".json"):
        fail(messages("assess.error_out_suffix", suffix=out.suffix))
    name, respondent_id = options.name, options.respondent_id
    other = options.role != "self"
    if not other and options.assessor_name is not None:
        fail(messages("assess.error_assessor_name_without_role"))
    if other and respondent_id is None and name is None:
        fail(messages("assess.error_role_needs_student", role=options.role))
    if options.interactive and name is None and respondent_id is None:
        from kompetens.cli.keys import read_line

        name = read_line(messages("assess.ask_name")).strip() or None
        respondent_id = read_line(messages("assess.ask_id")).strip() or None
    respondent = Respondent(id=respondent_id, name=name)
    result = new_result(framework, level, language, respondent)
    if other:
        result.assessor = Assessor(role=options.role, name=options.assessor_name)
    return Started(framework, result, messages, out)


class AssessmentRun:
    """One run of `assess` on a started result, whichever way the answers arrive."""

    def __init__(self, started: Started, framework_spec: str | None, console: Console) -> None:
        from kompetens.assessment.session import Session
        from kompetens.framework.catalog import builtin_frameworks

        self.framework = started.framework
        self.result = started.result
        self.messages = started.messages
        self.path = started.path
        self.console = console
        self.session = Session(self.framework, self.result)
        named = (
            [framework_spec]
            if framework_spec and framework_spec not in builtin_frameworks()
            else []
        )
        self.resume_command = command_line("assess", *named, "--resume", self.path)

    @contextmanager
    def locked(self, *, break_lock: bool) -> Iterator[None]:
        """Hold the draft's lock file while answering; refuse when another process has
        the draft open (a stale lock, left by a process that no longer runs, is taken
        over with a word about it)."""
        from kompetens.assessment.draftlock import DraftLock, DraftLockedError

        lock = DraftLock(self.path)
        try:
            lock.acquire(force=break_lock)
        except OSError as exc:  # a folder that does not exist or cannot be written
            reason = exc.strerror or str(exc)
            fail(self.messages("assess.error_cannot_write", path=self.path, reason=reason))
        except DraftLockedError as exc:
            if exc.holder is None:
                fail(
                    self.messages(
                        "assess.error_locked_unreadable", path=self.path, lock=exc.lock_path
                    )
                )
            fail(
                self.messages(
                    "assess.error_locked",
                    path=self.path,
                    pid=exc.holder.pid,
                    host=exc.holder.host,
                    lock=exc.lock_path,
                )
            )
        if lock.taken_over is not None and not break_lock:
            message = self.messages(
                "assess.lock_taken_over", path=self.path, pid=lock.taken_over.pid
            )
            typer.echo(f"kompetens: {message}", err=True)
        try:
            yield
        finally:
            lock.release()

    def save(self) -> None:
        """Save the result; free text past its documented length is cut first (and the
        student told), so that `report`, `score` and `--resume` can always read the file."""
        from kompetens.assessment.results import write_result
        from kompetens.assessment.textcaps import MAX_NOTE, MAX_REFLECTION, cap_texts

        cut = cap_texts(self.result)
        if cut:
            message = self.messages(
                "output.text_cut",
                places=", ".join(cut[:5]) + (" …" if len(cut) > 5 else ""),
                note=f"{MAX_NOTE:,}",
                reflection=f"{MAX_REFLECTION:,}",
            )
            typer.echo(f"kompetens: {message}", err=True)
        write_result(self.result, self.path)

    def _saved_message(self) -> str:
        return self.messages(
            "assess.saved_quit",
            path=self.path,
            answered=self.session.answered_count,
            count=self.session.statement_count,
        )

    def take_answers_file(self, answers: Path) -> None:
        """All answers from a file; nothing is written when any of them is wrong."""
        from kompetens.assessment.results import read_answers
        from kompetens.assessment.session import Session

        parsed, problems = read_answers(answers, self.framework, self.result.level)
        if problems:
            print_diagnostics(problems)
            message = self.messages("assess.error_nothing_written", path=answers)
            typer.echo(f"kompetens: {message}", err=True)
            raise typer.Exit(exit_code_for(problems) or EXIT_FINDINGS)
        self.result.answers.update(parsed)
        self.session = Session(self.framework, self.result)

    def take_piped_answers(self) -> None:
        """Answers from standard input; the ones before a bad line are saved."""
        problem = _run_piped(self.session)
        if problem:
            self.save()
            typer.echo(f"kompetens: {problem}", err=True)
            typer.echo(self._saved_message(), err=True)
            raise typer.Exit(EXIT_FINDINGS)

    def run_in_terminal(self, *, resumed: bool) -> None:
        """The interactive assessment; exits (after saving) on q, Ctrl-C or a hang-up."""
        import signal

        from rich.markup import escape

        from kompetens.cli.assess_terminal import Outcome, TerminalAssessment
        from kompetens.model import localize

        def hang_up(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        # A closed terminal (SIGHUP) or a plain `kill` (SIGTERM) ends the run like Ctrl-C:
        # the draft is saved and the lock released.
        for name in ("SIGHUP", "SIGTERM"):
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), hang_up)
        framework, messages, console = self.framework, self.messages, self.console
        shown = self._framework_language()
        title = messages(
            "assess.title" if self.result.role == "self" else "assess.title_other",
            student=self.result.respondent.name or self.result.respondent.id or "",
            framework=localize(framework.title, shown, framework.default_language),
            level=localize(
                framework.level(self.result.level).title, shown, framework.default_language
            ),
        )
        # The title as text (wrapped when long), not inside a rule, which would cut it.
        console.rule()
        console.print(f"[bold]{escape(title)}[/]")
        console.rule()
        low, high = framework.scale.minimum, framework.scale.maximum
        cant_say_key = messages("assess.cant_say_key")
        console.print(
            messages("assess.instructions", low=low, high=high, cant_say_key=cant_say_key),
            markup=False,
        )
        if resumed:
            number = self.session.answered_count + 1
            count = self.session.statement_count
            console.print(
                messages("assess.resumed", path=self.path, number=number, count=count),
                markup=False,
            )
        self.save()
        code = 0
        try:
            outcome = TerminalAssessment(self.session, messages, console, self.save).run()
            if outcome is Outcome.FINISHED and self.result.role == "self":
                _ask_goals(self.session, messages, console, self.save)
        except (KeyboardInterrupt, EOFError):
            self.save()
            console.print(f"\n{messages('assess.interrupted')}", markup=False)
            outcome = Outcome.QUIT
            code = EXIT_INTERRUPTED
        if outcome is Outcome.QUIT:
            console.print(self._saved_message(), markup=False)
            console.print(messages("assess.resume_hint"), markup=False)
            _print_command(console, self.resume_command)
            raise typer.Exit(code)

    def _framework_language(self) -> str:
        language = self.messages.language
        return language if language in self.framework.languages else self.framework.default_language

    def finish(self) -> None:
        """Save; complete when every statement is answered, then summarise and say what next."""
        messages = self.messages
        unanswered = self.session.statement_count - self.session.answered_count
        if unanswered == 0:
            self.session.complete()
        self.save()
        if unanswered:
            typer.echo(messages("assess.left_unanswered", count=unanswered), err=True)
            typer.echo(messages("assess.resume_hint"), err=True)
            typer.echo(f"  {self.resume_command}", err=True)
            raise typer.Exit(0)
        _print_summary(self.framework, self.result, self._framework_language(), self.console)
        report = command_line(
            "report", self.path, "--format", "html", "-o", self.path.with_suffix(".html")
        )
        self.console.print(messages("assess.done", path=self.path), markup=False)
        self.console.print(messages("assess.report_hint"), markup=False)
        _print_command(self.console, report)


def _print_command(console: Console, command: str) -> None:
    """A command on a line of its own, never broken by the console: the terminal may wrap
    it on screen, but selecting the line copies the whole command."""
    console.print(f"  {command}", markup=False, soft_wrap=True, highlight=False)


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


def _run_piped(session: Session) -> str | None:
    """Answers from standard input, one line per statement: a rating, then an optional note.

    Returns a message naming the line of the first rating that is not on the scale; the
    answers before it stay in the session, so the caller can save them.
    """
    from kompetens.assessment.results import is_not_applicable, parse_rating
    from kompetens.assessment.session import ReflectionStep

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
        not_applicable = is_not_applicable(rating_text, session.framework)
        try:
            rating = None if not_applicable else parse_rating(rating_text, session.framework)
        except ValueError as exc:
            return f"<stdin>:{number}: {exc}"
        if note.strip():
            session.note(note)
        session.answer(rating, not_applicable=not_applicable)
    skip_reflections()
    return None


def _ask_goals(
    session: Session, messages: Messages, console: Console, save: Callable[[], None]
) -> None:
    """A goal, its first action and a date for each top priority, each saved as it is
    typed (keystroke by keystroke), so that nothing written here is lost either."""
    from rich.markup import escape

    from kompetens.assessment.scoring import ratings_of, score_result
    from kompetens.assessment.session import parse_due_date
    from kompetens.cli.keys import read_line
    from kompetens.model import localize

    result = session.result
    framework = session.framework
    scores = score_result(framework, result.level, ratings_of(result.answers))
    priorities = scores.priorities()
    if not priorities:
        return
    console.print(f"\n[bold]{escape(messages('assess.goals_intro'))}[/]")
    components = {c.id: c for c in framework.components()}
    for score in priorities:
        component = score.id
        title = localize(components[component].title, result.language, framework.default_language)
        earlier = session.goal_for(component)

        def keep_text(text: str, component: str = component) -> None:
            goal = session.goal_for(component)
            actions, due = (goal.actions, goal.due) if goal is not None else (None, None)
            session.set_goal(component, text, actions, due)
            save()

        text = read_line(
            messages("assess.goal_prompt", title=title),
            default=earlier.text if earlier else "",
            on_change=keep_text,
        )
        keep_text(text)
        if not text.strip():
            continue

        def keep_action(action: str, component: str = component) -> None:
            goal = session.goal_for(component)
            if goal is not None:
                session.set_goal(component, goal.text, action.strip() or None, goal.due)
                save()

        action = read_line(
            messages("assess.goal_action_prompt"),
            default=(earlier.actions or "") if earlier else "",
            on_change=keep_action,
        )
        keep_action(action)
        while True:
            answer = read_line(messages("assess.goal_due_prompt"))
            try:
                due = parse_due_date(answer)
            except ValueError:
                console.print(f"[yellow]{escape(messages('assess.goal_due_invalid'))}[/]")
                continue
            goal = session.goal_for(component)
            if goal is not None:
                session.set_goal(component, goal.text, goal.actions, due)
                save()
            break


def _print_summary(framework: Framework, result: Result, language: str, console: Console) -> None:
    from kompetens.assessment.scoring import ratings_of, score_result
    from kompetens.cli.report_view import print_report
    from kompetens.report.context import build_report_context
    from kompetens.text.i18n import Messages

    scores = score_result(framework, result.level, ratings_of(result.answers))
    context = build_report_context(framework, result, scores, language)
    print_report(context, Messages(language).domain("report"), console)

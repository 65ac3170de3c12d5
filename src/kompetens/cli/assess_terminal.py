"""The interactive assessment in a terminal: draws the session and turns keys into moves.

All decisions about what comes next live in `kompetens.session`; this module only shows
the current step and reads a key. `save` is called after every change, so whatever ends
the program (q, Ctrl-C, a closed terminal, a crash) leaves an up-to-date draft.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from kompetens.cli.keys import read_key, read_line
from kompetens.i18n import Messages
from kompetens.model import localize
from kompetens.session import ReflectionStep, Session, StatementStep
from kompetens.wording import statement_text


class Outcome(StrEnum):
    FINISHED = "finished"
    QUIT = "quit"


class TerminalAssessment:
    def __init__(
        self, session: Session, messages: Messages, console: Console, save: Callable[[], None]
    ) -> None:
        self.session = session
        self.m = messages
        self.console = console
        self.save = save
        framework = session.framework
        self.language = session.result.language
        self.scale = framework.scale
        self.cant_say = localize(
            self.scale.cant_say.label if self.scale.cant_say else None,
            self.language,
            framework.default_language,
        ) or self.m("assess.cant_say")
        self.not_applicable = localize(
            self.scale.not_applicable.label if self.scale.not_applicable else None,
            self.language,
            framework.default_language,
        )

    def text(self, value: dict[str, str] | None) -> str:
        return escape(localize(value, self.language, self.session.framework.default_language))

    def scale_line(self) -> str:
        points = "  ".join(f"[bold]{p.value}[/] {self.text(p.label)}" for p in self.scale.points)
        cant_say = f"  [bold]0[/]/[bold]-[/] {escape(self.cant_say)}" if self.scale.cant_say else ""
        if self.scale.not_applicable:
            cant_say += f"  [bold]x[/] {escape(self.not_applicable)}"
        return points + cant_say

    def show_help(self, step: StatementStep) -> None:
        lines = [
            f"[bold]{p.value} {self.text(p.label)}[/]  {self.text(p.description)}"
            for p in self.scale.points
        ]
        if self.scale.cant_say:
            lines.append(
                f"[bold]0 / - {escape(self.cant_say)}[/]  {self.text(self.scale.cant_say.description)}"
            )
        if self.scale.not_applicable:
            lines.append(
                f"[bold]x {escape(self.not_applicable)}[/]  "
                f"{self.text(self.scale.not_applicable.description)}"
            )
        lines.append("")
        lines.append(
            f"[italic]{self.text(step.component.descriptors.get(self.session.result.level))}[/]"
        )
        lines.append("")
        lines.append(escape(self.m("assess.keys")))
        self.console.print(Panel("\n".join(lines), title=escape(self.m("assess.scale_help"))))

    def show_statement(self, step: StatementStep) -> None:
        session = self.session
        if session.entering_area():
            title = self.m(
                "assess.area", number=step.area_number, count=session.area_count, title=""
            )
            self.console.rule(f"[bold cyan]{escape(title)}{self.text(step.area.title)}[/]")
        if session.entering_component():
            descriptor = self.text(step.component.descriptors.get(session.result.level))
            self.console.print(
                Panel(
                    f"[italic]{descriptor}[/]",
                    title=f"[bold]{self.text(step.component.title)}[/]",
                    title_align="left",
                )
            )
        progress = self.m(
            "assess.progress",
            area=step.area_number,
            areas=session.area_count,
            number=step.number,
            count=session.statement_count,
        )
        self.console.print(f"\n[dim]{escape(progress)}[/]")
        wording = statement_text(
            step.statement,
            self.language,
            session.framework.default_language,
            session.result.role,
        )
        self.console.print(f"[bold]{escape(wording)}[/]")
        note = session.pending_note()
        if note:
            self.console.print(f"[dim]{escape(self.m('assess.current_note', note=note))}[/]")
        previous = session.result.answers.get(step.statement.id)
        if previous is not None:
            self.console.print(
                f"[dim]{escape(self.m('assess.chosen', choice=self.choice_label(previous.rating, previous.not_applicable)))}[/]"
            )
        self.console.print(self.scale_line())
        self.console.print(f"[dim]{escape(self.m('assess.keys'))}[/]")

    def choice_label(self, rating: int | None, not_applicable: bool = False) -> str:
        if not_applicable:
            return self.not_applicable
        if rating is None:
            return self.cant_say
        for point in self.scale.points:
            if point.value == rating:
                return f"{rating} {localize(point.label, self.language, self.session.framework.default_language)}"
        return str(rating)

    def handle_statement_key(self, step: StatementStep, key: str) -> Outcome | None:
        session = self.session
        if key.isdigit() and int(key) in self.scale.values:
            session.answer(int(key))
        elif key in ("0", "-") and self.scale.cant_say is not None:
            session.answer(None)
        elif key in ("x", "X") and self.scale.not_applicable is not None:
            session.answer(None, not_applicable=True)
        elif key in ("n", "N"):
            text = read_line(self.m("assess.note_prompt"))
            session.note(text)
            self.save()
            self.console.print(f"[dim]{escape(self.m('assess.note_saved'))}[/]")
            return None
        elif key in ("b", "B"):
            if not session.back():
                self.console.print(f"[yellow]{escape(self.m('assess.at_start'))}[/]")
            return None
        elif key == "?":
            self.show_help(step)
            return None
        elif key in ("q", "Q"):
            self.save()
            return Outcome.QUIT
        else:
            low, high = self.scale.minimum, self.scale.maximum
            self.console.print(
                f"[yellow]{escape(self.m('assess.invalid_key', low=low, high=high))}[/]"
            )
            return None
        answer = session.result.answers[step.statement.id]
        self.console.print(
            f"[green]{escape(self.m('assess.chosen', choice=self.choice_label(answer.rating, answer.not_applicable)))}[/]"
        )
        self.save()
        return None

    def handle_reflection(self, step: ReflectionStep) -> Outcome | None:
        self.console.print(
            f"\n[bold]{escape(self.m('assess.reflection', title=localize(step.area.title, self.language, self.session.framework.default_language)))}[/]"
        )
        key = read_key()
        if key in ("r", "R"):
            text = read_line(self.m("assess.reflection_prompt"))
            self.session.reflect(text)
        elif key in ("b", "B"):
            self.session.back()
            return None
        elif key in ("q", "Q"):
            self.save()
            return Outcome.QUIT
        else:
            self.session.reflect(None)
        self.save()
        return None

    def run(self) -> Outcome:
        session = self.session
        while not session.finished:
            step = session.current
            if isinstance(step, StatementStep):
                self.show_statement(step)
                while True:
                    outcome = self.handle_statement_key(step, read_key())
                    if outcome is not None:
                        return outcome
                    if session.finished or session.current is not step:
                        break
                    if not isinstance(session.current, StatementStep):
                        break
            else:
                outcome = self.handle_reflection(step)
                if outcome is not None:
                    return outcome
        return Outcome.FINISHED

"""The interactive assessment in a terminal: draws the session and turns keys into moves.

All decisions about what comes next live in `kompetens.assessment.session`; this module only shows
the current step and reads a key. `save` is called after every change, so whatever ends
the program (q, Ctrl-C, a closed terminal, a crash) leaves an up-to-date draft.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from kompetens.assessment.session import ReflectionStep, Session, StatementStep
from kompetens.assessment.wording import statement_text
from kompetens.cli.keys import TERMINAL, KeySource
from kompetens.model import localize
from kompetens.text.i18n import Messages

CANT_SAY_KEYS = frozenset({"e", "k", "c", "-"})
""""Can't say" in any interface language (en osaa sanoa, kan inte säga, can't say) or `-`;
the language's own key is the one shown. Not `0`: in Finnish grading 0 is a fail."""


class Outcome(StrEnum):
    FINISHED = "finished"
    QUIT = "quit"


class TerminalAssessment:
    """One student's walk through the statements, drawn on `console`, keys from `keys`."""

    def __init__(
        self,
        session: Session,
        messages: Messages,
        console: Console,
        save: Callable[[], None],
        keys: KeySource | None = None,
    ) -> None:
        """`save` is called after every change; `keys` is the terminal unless a test (or
        another front end) supplies its own key source."""
        self.session = session
        self.keys: KeySource = keys if keys is not None else TERMINAL
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
        self.cant_say_key = self.m("assess.cant_say_key")
        self.not_applicable = localize(
            self.scale.not_applicable.label if self.scale.not_applicable else None,
            self.language,
            framework.default_language,
        )

    def text(self, value: dict[str, str] | None) -> str:
        return escape(localize(value, self.language, self.session.framework.default_language))

    def legend_items(self) -> list[str]:
        """One item per key of the scale: a number and its label, never split apart."""
        items = [f"[bold]{p.value}[/] {self.text(p.label)}" for p in self.scale.points]
        if self.scale.cant_say:
            items.append(f"[bold]{escape(self.cant_say_key)}[/] {escape(self.cant_say)}")
        if self.scale.not_applicable:
            items.append(f"[bold]x[/] {escape(self.not_applicable)}")
        return items

    def print_packed(self, items: list[str], separator: str = "   ") -> None:
        """Items side by side, a new line before an item that would not fit whole (rich
        would otherwise wrap between a key and its label)."""
        width = self.console.width
        line: list[str] = []
        used = 0
        for item in items:
            length = Text.from_markup(item).cell_len
            extra = length + (len(separator) if line else 0)
            if line and used + extra > width:
                self.console.print(separator.join(line))
                line, used = [], 0
                extra = length
            line.append(item)
            used += extra
        if line:
            self.console.print(separator.join(line))

    def show_keys(self) -> None:
        self.print_packed(self.legend_items())
        self.print_packed([f"[dim]{escape(k)}[/]" for k in self.m("assess.keys").split(" · ")])

    def show_help(self, step: StatementStep) -> None:
        """The scale with its descriptions and the keys, short enough for 24 rows; the
        statement is shown again below it."""
        self.console.print(f"\n[bold underline]{escape(self.m('assess.scale_help'))}[/]")
        for point in self.scale.points:
            self.console.print(
                f"[bold]{point.value} {self.text(point.label)}[/]: {self.text(point.description)}"
            )
        if self.scale.cant_say:
            description = self.text(self.scale.cant_say.description)
            key = escape(self.cant_say_key)
            self.console.print(f"[bold]{key} {escape(self.cant_say)}[/]: {description}")
        if self.scale.not_applicable:
            description = self.text(self.scale.not_applicable.description)
            self.console.print(f"[bold]x {escape(self.not_applicable)}[/]: {description}")
        self.show_statement(step, header=False)

    def show_descriptor(self, step: StatementStep) -> None:
        """What the sub-area expects at this level (shown when it starts, and on `d`)."""
        descriptor = self.text(step.component.descriptors.get(self.session.result.level))
        subarea = escape(self.m("assess.subarea", title=""))
        self.console.print(f"\n[bold]{subarea}{self.text(step.component.title)}[/]")
        self.console.print(f"[italic]{descriptor}[/]")

    def show_statement(self, step: StatementStep, *, header: bool = True) -> None:
        session = self.session
        if header and session.entering_area():
            title = self.m(
                "assess.area", number=step.area_number, count=session.area_count, title=""
            )
            self.console.print()
            self.console.rule(style="cyan")
            self.console.print(f"[bold cyan]{escape(title)}{self.text(step.area.title)}[/]")
        if header and session.entering_component():
            self.show_descriptor(step)
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
        self.show_keys()

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
        """A rating key answers and moves on; a command key acts; any other key explains
        which keys there are. Every change is saved before the next key is read."""
        if self._answer(key):
            answer = self.session.result.answers[step.statement.id]
            choice = self.choice_label(answer.rating, answer.not_applicable)
            self.console.print(f"[green]{escape(self.m('assess.chosen', choice=choice))}[/]")
            self.save()
            return None
        if key == "0" and self.scale.cant_say is not None:
            self._explain_zero()
            return None
        command = self._commands().get(key.lower())
        if command is not None:
            return command(step)
        low, high = self.scale.minimum, self.scale.maximum
        message = self.m("assess.invalid_key", low=low, high=high, cant_say_key=self.cant_say_key)
        self.console.print(f"[yellow]{escape(message)}[/]")
        return None

    def _answer(self, key: str) -> bool:
        """Records the answer `key` stands for; False when it is not an answer key."""
        if key.isdigit() and int(key) in self.scale.values:
            self.session.answer(int(key))
        elif key.lower() in CANT_SAY_KEYS | {self.cant_say_key} and self.scale.cant_say is not None:
            self.session.answer(None)
        elif key in ("x", "X") and self.scale.not_applicable is not None:
            self.session.answer(None, not_applicable=True)
        else:
            return False
        return True

    def _explain_zero(self) -> None:
        """In Finnish grading 0 is a fail: say what the lowest rating is and which key
        means "can't say", instead of silently taking 0 for either."""
        lowest = self.scale.points[0]
        message = self.m(
            "assess.zero_is_not_a_rating",
            low=lowest.value,
            low_label=localize(
                lowest.label, self.language, self.session.framework.default_language
            ),
            cant_say_key=self.cant_say_key,
        )
        self.console.print(f"[yellow]{escape(message)}[/]")

    def _commands(self) -> dict[str, Callable[[StatementStep], Outcome | None]]:
        """The keys that act on a statement instead of answering it (lower case)."""
        return {
            "n": self._write_note,
            "b": self._go_back,
            "?": self.show_help,
            "d": self._show_descriptor_again,
            "q": self._quit,
        }

    def _write_note(self, step: StatementStep) -> None:
        session = self.session
        text = self.keys.read_line(
            self.m("assess.note_prompt"),
            default=session.pending_note() or "",
            on_change=self._keep_note,
        )
        session.note(text)
        self.save()
        self.console.print(f"[dim]{escape(self.m('assess.note_saved'))}[/]")

    def _go_back(self, step: StatementStep) -> None:
        if not self.session.back():
            self.console.print(f"[yellow]{escape(self.m('assess.at_start'))}[/]")

    def _show_descriptor_again(self, step: StatementStep) -> None:
        self.show_descriptor(step)
        self.show_statement(step, header=False)

    def _quit(self, step: StatementStep) -> Outcome:
        self.save()
        return Outcome.QUIT

    def _keep_note(self, text: str) -> None:
        self.session.note(text)
        self.save()

    def _keep_reflection(self, text: str) -> None:
        self.session.draft_reflection(text)
        self.save()

    def handle_reflection(self, step: ReflectionStep) -> Outcome | None:
        """r writes, Enter skips, b goes back, q quits; any other key (a rating typed
        ahead) only repeats these choices, so it is never taken for one of them."""
        title = localize(step.area.title, self.language, self.session.framework.default_language)
        self.console.print(f"\n[bold]{escape(self.m('assess.reflection', title=title))}[/]")
        while True:
            key = self.keys.read_key()
            if key in ("r", "R"):
                text = self.keys.read_line(
                    self.m("assess.reflection_prompt"),
                    default=self.session.result.reflections.get(step.area.id, ""),
                    on_change=self._keep_reflection,
                )
                self.session.reflect(text)
                break
            if key in ("\r", "\n"):
                self.session.reflect(None)
                break
            if key in ("b", "B"):
                self.session.back()
                return None
            if key in ("q", "Q"):
                self.save()
                return Outcome.QUIT
            self.console.print(f"[yellow]{escape(self.m('assess.reflection_keys'))}[/]")
        self.save()
        return None

    def run(self) -> Outcome:
        session = self.session
        while not session.finished:
            step = session.current
            if isinstance(step, StatementStep):
                self.show_statement(step)
                while True:
                    outcome = self.handle_statement_key(step, self.keys.read_key())
                    if outcome is not None:
                        return outcome
                    if session.finished or session.current is not step:
                        break  # answered or moved back: draw the step now current
            else:
                outcome = self.handle_reflection(step)
                if outcome is not None:
                    return outcome
        return Outcome.FINISHED

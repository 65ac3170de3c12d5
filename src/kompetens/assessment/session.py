"""The interactive self-assessment as a state machine, with no terminal code in it.

The terminal front end (and the tests) drive a `Session` with `answer`, `note`, `back`,
`reflect` and `set_goal`; every text goes into `session.result` at once (a note on a
statement not rated yet into `result.notes`), and after each change the caller saves
`session.result`, so an interruption at any point loses at most the keypress being made. A session can start fresh or continue a draft
from its first unanswered statement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kompetens.framework.fingerprint import fingerprint
from kompetens.model import (
    Answer,
    Area,
    Component,
    Framework,
    FrameworkRef,
    Goal,
    Respondent,
    Result,
    Statement,
)


def now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class StatementStep:
    area: Area
    area_number: int
    component: Component
    statement: Statement
    number: int
    """1-based position among all statements at this level."""


@dataclass(frozen=True, slots=True)
class ReflectionStep:
    area: Area
    area_number: int


Step = StatementStep | ReflectionStep


def parse_due_date(text: str) -> date | None:
    """A goal's date as people write it: 2027-05-31 or 31.5.2027; empty is no date.

    Raises ValueError for anything else.
    """
    text = text.strip().rstrip(".")
    if not text:
        return None
    if "." in text:
        day, month, year = (int(part) for part in text.split("."))
        return date(year, month, day)
    return date.fromisoformat(text)


class ScaleError(ValueError):
    """A rating that is not a point on the framework's scale."""


def framework_ref(framework: Framework) -> FrameworkRef:
    """How a result names the framework it was made with: id, version and fingerprint
    (which tells a changed file apart from the one the result was made with)."""
    return FrameworkRef(
        id=framework.id, version=framework.version, fingerprint=fingerprint(framework)
    )


def new_result(
    framework: Framework, level: str, language: str, respondent: Respondent | None = None
) -> Result:
    return Result(
        framework=framework_ref(framework),
        level=level,
        language=language,
        respondent=respondent or Respondent(),
        started=now(),
    )


class Session:
    """Walks area → sub-area → statement, with an optional reflection after each area."""

    def __init__(self, framework: Framework, result: Result) -> None:
        self.framework = framework
        self.result = result
        self.steps: list[Step] = []
        areas = [
            a for a in framework.areas if any(c.statements_for(result.level) for c in a.components)
        ]
        number = 0
        for area_number, area in enumerate(areas, start=1):
            for component in area.components:
                for statement in component.statements_for(result.level):
                    number += 1
                    self.steps.append(
                        StatementStep(area, area_number, component, statement, number)
                    )
            self.steps.append(ReflectionStep(area, area_number))
        self.area_count = len(areas)
        self.statement_count = number
        self.position = self._first_open_step()

    def _first_open_step(self) -> int:
        """The first unanswered statement (or the reflection of an area not yet finished)."""
        for index, step in enumerate(self.steps):
            if isinstance(step, StatementStep) and step.statement.id not in self.result.answers:
                return index
        return len(self.steps)

    @property
    def finished(self) -> bool:
        return self.position >= len(self.steps)

    @property
    def current(self) -> Step:
        return self.steps[self.position]

    @property
    def answered_count(self) -> int:
        return sum(
            1
            for step in self.steps
            if isinstance(step, StatementStep) and step.statement.id in self.result.answers
        )

    def entering_area(self) -> bool:
        """True when the current statement is the first one shown of its area."""
        step = self.current
        if not isinstance(step, StatementStep):
            return False
        previous = self.steps[self.position - 1] if self.position else None
        return not (isinstance(previous, StatementStep) and previous.area.id == step.area.id)

    def entering_component(self) -> bool:
        """True when the current statement is the first one shown of its sub-area."""
        step = self.current
        if not isinstance(step, StatementStep):
            return False
        previous = self.steps[self.position - 1] if self.position else None
        return not (
            isinstance(previous, StatementStep) and previous.component.id == step.component.id
        )

    def answer(self, rating: int | None, *, not_applicable: bool = False) -> None:
        """Rate the current statement (`None` is "can't say"; with `not_applicable`, the
        scale's "does not apply") and move on."""
        step = self.current
        if not isinstance(step, StatementStep):
            raise TypeError("the current step is a reflection, not a statement")
        if rating is not None and rating not in self.framework.scale.values:
            raise ScaleError(f"{rating} is not on the scale {self.framework.scale.values}")
        if not_applicable and (rating is not None or self.framework.scale.not_applicable is None):
            raise ScaleError('this scale has no "does not apply" answer')
        previous = self.result.answers.get(step.statement.id)
        note = self.result.notes.pop(step.statement.id, previous.note if previous else None)
        self.result.answers[step.statement.id] = Answer(
            rating=rating, note=note, not_applicable=not_applicable
        )
        self.position += 1

    def note(self, text: str) -> None:
        """Attach a note or evidence to the current statement.

        The note goes straight into the result (into the answer, or into `notes` until the
        statement is rated), so saving the result after this call keeps it. Called on every
        keystroke while a note is typed, so an empty text removes the note.
        """
        step = self.current
        if not isinstance(step, StatementStep):
            raise TypeError("notes belong to statements")
        statement_id = step.statement.id
        existing = self.result.answers.get(statement_id)
        cleaned = text.strip() or None
        if existing is not None:
            self.result.answers[statement_id] = Answer(
                rating=existing.rating, note=cleaned, not_applicable=existing.not_applicable
            )
        elif cleaned is None:
            self.result.notes.pop(statement_id, None)
        else:
            self.result.notes[statement_id] = cleaned

    def pending_note(self) -> str | None:
        """The note of the current statement, rated or not."""
        step = self.current
        if isinstance(step, StatementStep):
            answer = self.result.answers.get(step.statement.id)
            if answer is not None:
                return answer.note
            return self.result.notes.get(step.statement.id)
        return None

    def draft_reflection(self, text: str) -> None:
        """The reflection of the current area as typed so far (saved while it is typed)."""
        step = self.current
        if not isinstance(step, ReflectionStep):
            raise TypeError("the current step is not a reflection")
        cleaned = text.strip()
        if cleaned:
            self.result.reflections[step.area.id] = cleaned
        else:
            self.result.reflections.pop(step.area.id, None)

    def reflect(self, text: str | None) -> None:
        """Finish the current area's reflection and move on; `None` skips it (keeping one
        written earlier), a written text replaces it (an empty one removes it)."""
        if text is not None:
            self.draft_reflection(text)
        elif not isinstance(self.current, ReflectionStep):
            raise TypeError("the current step is not a reflection")
        self.position += 1

    def set_goal(self, component: str, text: str, actions: str | None, due: date | None) -> None:
        """The development goal for one sub-area, replacing an earlier one for it; an empty
        text removes it. Called while the goal is typed, so each keystroke can be saved."""
        goals = [g for g in self.result.goals if g.component != component]
        if text.strip():
            goal = Goal(text=text.strip(), component=component, actions=actions, due=due)
            position = next(
                (i for i, g in enumerate(self.result.goals) if g.component == component),
                len(goals),
            )
            goals.insert(position, goal)
        self.result.goals = goals

    def goal_for(self, component: str) -> Goal | None:
        return next((g for g in self.result.goals if g.component == component), None)

    def back(self) -> bool:
        """Go to the previous step; False when already at the first one."""
        if self.position == 0:
            return False
        self.position -= 1
        return True

    def complete(self) -> None:
        self.result.completed = now()

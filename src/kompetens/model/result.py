"""The result document: one respondent's answers on one occasion.

Written by `assess`, read by `report` and `score`. It names the framework by id, version
and content fingerprint so that a result can be refused (or migrated) when the framework
under it has changed. A draft has no `completed` time; its `notes` hold notes typed on
statements that are not rated yet.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field, model_validator

from kompetens.model.roles import AssessorRole
from kompetens.model.strict import StrictModel

RESULT_FORMAT: Literal[1] = 1


class FrameworkRef(StrictModel):
    id: str
    version: str
    fingerprint: str | None = None


class Respondent(StrictModel):
    id: str | None = None
    name: str | None = None


class Assessor(StrictModel):
    """Who gave the ratings, when it is not the respondent: a placement mentor, a teacher
    or a peer rating the respondent. A result without `assessor` is a self-assessment."""

    role: AssessorRole = "self"
    name: str | None = None


class Answer(StrictModel):
    """`rating: null` is the scale's "can't say"; an unanswered statement has no entry.

    `not_applicable: true` (with `rating: null`) is the scale's "does not apply" answer, for
    frameworks that offer one: like "can't say" it is never counted as a number.
    """

    rating: int | None
    note: str | None = None
    not_applicable: bool = False

    @model_validator(mode="after")
    def _no_rating_when_not_applicable(self) -> Answer:
        if self.not_applicable and self.rating is not None:
            raise ValueError("an answer marked not_applicable has no rating (rating: null)")
        return self


class Goal(StrictModel):
    text: str
    component: str | None = None
    actions: str | None = None
    due: date | None = Field(default=None, strict=False)


class Result(StrictModel):
    format: Literal[1] = RESULT_FORMAT
    framework: FrameworkRef
    level: str
    language: str
    respondent: Respondent = Field(default_factory=Respondent)
    """The person assessed (also when someone else gives the ratings)."""
    assessor: Assessor | None = None
    started: datetime = Field(strict=False)
    completed: datetime | None = Field(default=None, strict=False)
    answers: dict[str, Answer] = Field(default_factory=dict)
    notes: dict[str, str] = Field(default_factory=dict)
    """Notes on statements not rated yet: written the moment they are typed, so that a
    draft keeps them through q, Ctrl-C or a closed terminal; moved into the answer when the
    statement is rated."""
    reflections: dict[str, str] = Field(default_factory=dict)
    goals: list[Goal] = Field(default_factory=list)

    @property
    def role(self) -> AssessorRole:
        """`self` for a self-assessment, else the assessor's role."""
        return self.assessor.role if self.assessor is not None else "self"

    @property
    def is_draft(self) -> bool:
        return self.completed is None

"""The contract between the student report's context builder and its templates.

`kompetens.report.context.build_report_context` returns a `ReportContext`; the built-in
templates and users' own templates (`report --template`) read exactly these keys. They are
TypedDicts, so at run time they are plain dicts (a sandboxed template must never receive
an object it could call methods on), while mypy checks every key the builder writes.
docs/templates.md documents the same keys; a test fails when the two disagree.
"""

from typing import NotRequired, TypedDict

from kompetens.assessment.views import ViewsContext
from kompetens.report.chart_requests import ChartRequest


class ScoreNumbers(TypedDict):
    """The numbers of one score (overall, an area, a sub-area), as docs/templates.md's
    "A score" lists them."""

    id: str
    kind: str
    mean: float | None
    answered: int
    cant_say: int
    total: int
    answered_share: float
    target: float
    gap: float | None
    status: str
    gap_text: str | None
    baseline_mean: float | None
    change: float | None


class StatementEntry(TypedDict):
    id: str
    text: str
    answered: bool
    rating: int | None
    rating_label: str | None
    cant_say: bool
    not_applicable: bool
    note: str | None


class NoteEntry(StatementEntry):
    """A statement that has a note, with the id of its sub-area."""

    component: str


class ReferenceEntry(TypedDict):
    title: str
    url: str | None


class ComponentEntry(ScoreNumbers):
    """A sub-area: its score plus its texts at the level and its statements."""

    title: str
    area: str
    description: str
    descriptor: str
    guidance: str
    references: list[ReferenceEntry]
    statements: list[StatementEntry]


class AreaEntry(ScoreNumbers):
    title: str
    description: str
    components: list[ComponentEntry]
    reflection: str | None


class SourceInfo(TypedDict):
    title: str
    authors: str | None
    year: str | None
    url: str | None
    note: str


class FrameworkInfo(TypedDict):
    id: str
    version: str
    title: str
    description: str
    source: SourceInfo | None
    licence: str | None


class LevelInfo(TypedDict):
    id: str
    title: str
    description: str
    target: float


class ScalePoint(TypedDict):
    value: int
    label: str
    description: str


class ScaleInfo(TypedDict):
    min: int
    max: int
    points: list[ScalePoint]
    cant_say: str
    not_applicable: str | None


class Thresholds(TypedDict):
    meets_within: float
    near_within: float
    developing_within: float


class RespondentInfo(TypedDict):
    id: str | None
    name: str | None


class AssessorInfo(TypedDict):
    role: str
    name: str | None


class GoalEntry(TypedDict):
    text: str
    component: str | None
    component_title: str | None
    actions: str | None
    due: str | None


class BaselineInfo(TypedDict):
    version: str
    compared: list[str] | None
    left_out: list[str]
    started: str
    completed: str | None


class ReportContext(TypedDict):
    """What `build_report_context` returns. `chart_requests` is for the renderer, not the
    template: it names the charts to draw into `charts` (see `report.chart_requests`)."""

    language: str
    framework: FrameworkInfo
    level: LevelInfo
    scale: ScaleInfo
    thresholds: Thresholds
    respondent: RespondentInfo
    assessor: AssessorInfo | None
    started: str
    completed: str | None
    is_draft: bool
    overall: ScoreNumbers
    areas: list[AreaEntry]
    priorities: list[ComponentEntry]
    strengths: list[ComponentEntry]
    notes: list[NoteEntry]
    goals: list[GoalEntry]
    baseline: BaselineInfo | None
    chart_requests: list[ChartRequest]
    personal_data: NotRequired[bool]
    views: NotRequired[ViewsContext]


RENDER_KEYS = ("t", "charts", "version")
"""Keys the renderer adds for every template (interface texts, drawn charts, version)."""
NOT_FOR_TEMPLATES = ("chart_requests",)
"""Context keys the renderer takes out before the template runs."""

"""The contract between the cohort report's context builder and its templates.

`kompetens.cohort.context.build_cohort_context` returns a `CohortContext`: the statistics
of `cohort.analysis` (read through its keys) with titles in the reader's language, the
group comparison with its labels, the precomputed cohort charts, and the charts the report
asks the renderer for. TypedDicts are plain dicts at run time, so the templates still see
only dicts, lists, strings, numbers and the charts' markup. docs/educators.md describes
the report; docs/templates.md lists these keys, and a test keeps both in step.
"""

from typing import Any, NotRequired, Required, TypedDict

from markupsafe import Markup

from kompetens.cohort.analysis_types import Distribution, SummaryBlock
from kompetens.report.chart_requests import ChartRequest


class CohortStats(SummaryBlock):
    """The summary of one column of means (overall, an area, a sub-area): the analysis's
    `SummaryBlock`, as the report reads it."""


class CohortOverall(CohortStats):
    mean_status: str


class CohortStatement(TypedDict):
    id: str
    n: int
    mean: float | None
    sd: float | None
    cant_say: int
    cant_say_share: float | None
    unanswered: int
    distribution: Distribution
    item_total: float | None
    text: str


class CohortComponent(CohortStats):
    id: str
    distribution: Distribution
    statements: list[CohortStatement]
    title: str
    area: str
    area_title: str


class Reliability(TypedDict):
    n: int
    k: int
    alpha: float | None
    ci_low: float | None
    ci_high: float | None
    confidence: float
    method: str


class CohortArea(CohortStats):
    id: str
    distribution: Distribution
    reliability: Reliability
    components: list[CohortComponent]
    title: str


class GroupBlock(TypedDict, total=False):
    """A group's numbers for one column: `n` and `suppressed` (present whenever the group
    itself is large enough); with `suppressed` false also the summary and `diff` (the
    group's mean − the cohort's)."""

    n: int
    suppressed: bool
    not_assessable: int
    mean: float | None
    sd: float | None
    median: float | None
    q1: float | None
    q3: float | None
    min: float | None
    max: float | None
    gap: float | None
    status: str
    meets: float | None
    near: float | None
    developing: float | None
    priority: float | None
    diff: float | None


class GroupItem(GroupBlock):
    """A group's block for one area or sub-area, with its id and title (only these two
    when the whole group is too small to show)."""

    id: Required[str]
    title: Required[str]


class GroupRow(TypedDict):
    value: str
    label: str
    n: int
    suppressed: bool
    overall: GroupBlock | None
    areas: list[GroupItem]
    components: list[GroupItem]


class GroupComparison(TypedDict):
    column: str
    groups: list[GroupRow]


class SupportRow(TypedDict):
    """A respondent furthest below the target (not in a pseudonymised report)."""

    respondent: str
    name: str | None
    groups: dict[str, str]
    source: str | None
    level: str
    answered: int
    cant_say: int
    overall: float | None
    gap: float | None
    status: str
    areas: dict[str, float | None]
    components: dict[str, float | None]
    priorities: list[str]
    priority_titles: list[str]


class DiagnosticEntry(TypedDict):
    file: str
    line: int
    col: int
    code: str
    path: str
    message: str
    text: str


class CohortFramework(TypedDict):
    id: str
    version: str
    title: str


class CohortLevel(TypedDict):
    id: str
    title: str
    target: float


class CohortScalePoint(TypedDict):
    value: int
    label: str


class CohortScale(TypedDict):
    min: int
    max: int
    points: list[CohortScalePoint]
    cant_say: str


class Counts(TypedDict):
    scored: int
    rejected: int
    result_files: int
    tables: int
    rows: int
    rows_not_scored: int
    drafts: int
    skipped_rows: int


class CohortCharts(TypedDict):
    distribution: Markup
    spread: Markup


class CohortContext(TypedDict):
    """What `build_cohort_context` returns (and `score --since` adds `change` to)."""

    kind: str
    language: str
    generated: str
    framework: CohortFramework
    level: CohortLevel
    scale: CohortScale
    pseudonymised: bool
    min_group: int
    counts: Counts
    overall: CohortOverall
    areas: list[CohortArea]
    furthest: list[CohortComponent]
    groups: list[GroupComparison]
    support: list[SupportRow] | None
    rejections: list[DiagnosticEntry]
    rejections_hidden: bool
    personal_data: bool
    input_notes: list[DiagnosticEntry]
    quality: list[str]
    cohort_charts: CohortCharts
    chart_requests: list[ChartRequest]
    agreement: list[dict[str, Any]]
    """`kompetens.cohort.agreement.agreement_context`: documented in docs/educators.md."""
    change: NotRequired[dict[str, Any]]
    """`kompetens.cohort.change.change_context` with `score --since`."""

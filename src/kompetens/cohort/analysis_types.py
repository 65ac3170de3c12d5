"""The contract of `analysis.analyse`: what a cohort analysis holds, key by key.

The report context (`context`), the JSON document and the CSV (`export`), the terminal
summary and the templates all read the same analysis; these types say what each of them
may rely on. Plain dicts at run time (the JSON document is made from them as they are);
`mypy` holds the builders and the readers to the keys and types below.

Numbers are `None` where they cannot be computed (no respondent, n < 2 for a standard
deviation). Shares are fractions of `n` (0–1), gaps are target − mean.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, NotRequired, TypedDict

if TYPE_CHECKING:
    from kompetens.cohort.respondents import RespondentTable


class Distribution(TypedDict):
    """How often each scale point was given ("1".."5"), "can't say" and no answer."""

    counts: dict[str, int]
    cant_say: int
    unanswered: int


class SummaryBlock(TypedDict):
    """One column of respondents' means (a sub-area, an area or overall)."""

    n: int
    """Respondents with a mean."""
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
    """`scoring.Status` of the cohort's mean."""
    meets: float | None
    near: float | None
    developing: float | None
    priority: float | None


class StatementBlock(TypedDict):
    id: str
    n: int
    """Respondents who rated the statement."""
    mean: float | None
    sd: float | None
    cant_say: int
    cant_say_share: float | None
    """Of those who answered at all (rated or "can't say")."""
    unanswered: int
    distribution: Distribution
    item_total: float | None
    """Corrected item–total correlation within the area (`None` below `item_stats_min`)."""


class ComponentBlock(SummaryBlock):
    """A sub-area."""

    id: str
    distribution: Distribution
    statements: list[StatementBlock]


class ReliabilityBlock(TypedDict):
    """Cronbach's alpha of an area over its complete respondents, with Feldt's interval."""

    n: int
    k: int
    alpha: float | None
    ci_low: float | None
    ci_high: float | None
    confidence: float
    method: str


class AreaBlock(SummaryBlock):
    id: str
    distribution: Distribution
    reliability: ReliabilityBlock
    components: list[ComponentBlock]


class SuppressedStatistic(TypedDict):
    """A group statistic over fewer than `min_group` respondents: only its n."""

    n: int
    suppressed: Literal[True]


class GroupStatistic(SummaryBlock):
    diff: float | None
    """Group mean − cohort mean."""
    suppressed: Literal[False]


class Group(TypedDict):
    """One value of a `--by` column."""

    value: str
    n: int
    suppressed: bool
    overall: NotRequired[GroupStatistic | SuppressedStatistic]
    areas: NotRequired[dict[str, GroupStatistic | SuppressedStatistic]]
    components: NotRequired[dict[str, GroupStatistic | SuppressedStatistic]]
    withheld: NotRequired[bool]
    """The label was left out (`privacy.withhold_small_groups`)."""


class GroupComparison(TypedDict):
    column: str
    groups: list[Group]


class RespondentRow(TypedDict):
    """One respondent's output row (`--json`'s `respondents`, and `support`)."""

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
    """Sub-areas at priority status, furthest below the target first."""


class QualityNote(TypedDict):
    """A data-quality finding: a code and its parameters (the report words it)."""

    code: str
    reason: NotRequired[str]
    count: NotRequired[int]
    statement: NotRequired[str]
    share: NotRequired[float]
    r: NotRequired[float]
    area: NotRequired[str]
    n: NotRequired[int]
    alpha: NotRequired[float]
    column: NotRequired[str]


class FrameworkName(TypedDict):
    id: str
    version: str


class ScaleRange(TypedDict):
    min: int
    max: int
    values: list[int]


class CohortAnalysis(TypedDict):
    """What `analyse` returns."""

    framework: FrameworkName
    level: str
    target: float
    scale: ScaleRange
    n: int
    overall: SummaryBlock
    areas: list[AreaBlock]
    furthest: list[str]
    """Sub-areas furthest below the target (at most five)."""
    groups: list[GroupComparison]
    min_group: int
    item_stats_min: int
    support: list[RespondentRow] | None
    """Respondents with the largest overall gaps; `None` when pseudonymised."""
    quality: list[QualityNote]
    agreement: list[dict[str, Any]]
    """Self-assessment against mentors', teachers' or peers' ratings (`agreement`)."""
    respondents: NotRequired[list[RespondentRow]]
    """Only with `respondent_rows=True` (`--json`)."""
    respondent_table: RespondentTable
    """Every respondent's row as columns (`--csv`); not part of the JSON document."""

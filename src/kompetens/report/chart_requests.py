"""Which charts a document wants, stated by the stage that builds its context.

A context builder lists `ChartRequest`s (plain data: the rows to draw, the scale, the
target and the labels in the reader's language); `report.environment.build_charts` draws
exactly those into the template's `charts` and nothing else. So a document without
charts (the framework document) asks for none, and the cohort report names its own labels
instead of borrowing the student report's texts.

This module draws nothing and imports neither Jinja nor markupsafe: context builders stay
cheap to import.
TypedDicts here (and in the other contract modules) are evaluated at import, without
`from __future__ import annotations`, so that `NotRequired` keys are known at run time.
"""

from collections.abc import Mapping, Sequence
from typing import Literal, NotRequired, TypedDict

from kompetens.report.filters import num

RADAR_FROM = 5
"""Areas needed for a radar chart: with three or four the polygon is a triangle or a
diamond in which differences of a few tenths cannot be seen, so bars are drawn instead."""


class ChartRow(TypedDict):
    """One bar or radar axis: the item's id, title and mean (`None`: not assessable); a
    `group` (an area's title) starts a labelled group of bars."""

    id: str
    title: str
    mean: float | None
    group: NotRequired[str]


class ChartTexts(TypedDict):
    """The texts a chart shows (`report.charts.ChartLabels`), in the reader's language."""

    title: str
    you: str
    target: str
    baseline: str
    not_assessable: str
    near: str


class ChartRequest(TypedDict):
    """One chart for the template's `charts[slot]`."""

    slot: str
    kind: Literal["radar", "bars"]
    rows: list[ChartRow]
    baseline: list[float | None] | None
    """Earlier means in the order of `rows` (drawn as a second series), or none."""
    target: float
    scale_min: float
    scale_max: float
    near_band: float | None
    """Shade this much below the target (bars only): "just below the target"."""
    texts: ChartTexts


class ScaleFrame(TypedDict):
    """Where a chart's values lie: the scale's ends and the level's target."""

    scale_min: float
    scale_max: float
    target: float


def chart_row(item: Mapping[str, object], group: str | None = None) -> ChartRow:
    """A context entry (an area or a sub-area) as a chart row."""
    mean = item.get("mean")
    row = ChartRow(
        id=str(item.get("id", "")),
        title=str(item.get("title", "")),
        mean=mean if isinstance(mean, int | float) and not isinstance(mean, bool) else None,
    )
    if group is not None:
        row["group"] = group
    return row


def near_text(template: str, near: float | None, language: str) -> str:
    """The "just below the target" legend with the band's width in the reader's format."""
    return template.format(near=num(near, language))


def area_chart_requests(
    areas: Sequence[ChartRow],
    frame: ScaleFrame,
    texts: ChartTexts,
    *,
    baseline: list[float | None] | None = None,
    near_band: float | None = None,
) -> list[ChartRequest]:
    """`areas` (a radar with five or more areas, else bars) and, with a radar, `radar`."""
    if not areas or frame["scale_max"] <= frame["scale_min"]:
        return []
    kind: Literal["radar", "bars"] = "radar" if len(areas) >= RADAR_FROM else "bars"
    request = ChartRequest(
        slot="areas",
        kind=kind,
        rows=list(areas),
        baseline=baseline,
        target=frame["target"],
        scale_min=frame["scale_min"],
        scale_max=frame["scale_max"],
        near_band=None if kind == "radar" else near_band,
        texts=texts,
    )
    if kind == "bars":
        return [request]
    radar = request.copy()
    radar["slot"] = "radar"
    return [request, radar]


def bars_request(
    slot: str,
    rows: Sequence[ChartRow],
    frame: ScaleFrame,
    texts: ChartTexts,
    *,
    baseline: list[float | None] | None = None,
    near_band: float | None = None,
) -> list[ChartRequest]:
    """One bar chart in `charts[slot]` (none without rows or with an empty scale)."""
    if not rows or frame["scale_max"] <= frame["scale_min"]:
        return []
    return [
        ChartRequest(
            slot=slot,
            kind="bars",
            rows=list(rows),
            baseline=baseline,
            target=frame["target"],
            scale_min=frame["scale_min"],
            scale_max=frame["scale_max"],
            near_band=near_band,
            texts=texts,
        )
    ]

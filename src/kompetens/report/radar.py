"""The spider (radar) chart of area means against the target polygon.

Drawn only for frameworks of five or more areas (`report.chart_requests.RADAR_FROM`): with
three or four the polygon hides differences of a few tenths. The chart is built in steps —
lay the labels out, fit the viewBox around them, then draw grid, target, series, labels
and legend — so that long Finnish titles are never cut off at the edge.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from kompetens.report.svg import (
    BASELINE,
    CHAR_WIDTH,
    GRID,
    INK,
    MUTED,
    TARGET,
    YOU,
    YOU_FILL,
    ChartLabels,
    NumberFormat,
    clamp,
    coord,
    default_number,
    description,
    legend,
    legend_width,
    marker,
    mean_of,
    steps,
    svg_open,
    swatch_line,
    tick,
    wrap,
)

_PAD = 6.0
_LABEL_GAP = 10.0


@dataclass(frozen=True, slots=True)
class _Style:
    """Sizes that depend on how many areas share the rim (more than eight are crowded)."""

    count: int
    font_size: float
    wrap_width: int
    max_lines: int
    radius: float

    @classmethod
    def for_count(cls, count: int) -> _Style:
        crowded = count > 8
        return cls(
            count=count,
            font_size=13.0 if crowded else 15.0,
            wrap_width=14 if crowded else 16,
            max_lines=2 if crowded else 3,
            radius=120.0 if count <= 8 else 135.0,
        )

    @property
    def line_height(self) -> float:
        return self.font_size * 1.2

    def angle(self, index: int) -> float:
        return 2 * math.pi * index / self.count


@dataclass(frozen=True, slots=True)
class _Label:
    """Where a radar axis label goes, relative to the centre, and how wide it is."""

    title: str
    lines: list[str]
    value: str
    not_assessable: bool
    x: float
    first: float
    anchor: str
    x0: float
    x1: float


def _first_line(y: float, cos_a: float, lines: int, line_height: float) -> float:
    """The baseline of a label's first line: above the rim at the top, below it at the
    bottom, centred on the side."""
    block = (lines + 1) * line_height
    if cos_a > 0.8:
        return y - block + line_height * 0.8
    if cos_a < -0.8:
        return y + line_height * 0.8
    return y - block / 2 + line_height * 0.8


def _label(
    index: int,
    area: Mapping[str, Any],
    style: _Style,
    labels: ChartLabels,
    number: NumberFormat,
) -> _Label:
    """The wrapped title and the mean (or "not assessable") of one axis, laid out around
    an origin at the centre."""
    title = str(area.get("title", ""))
    mean = mean_of(area)
    sin_a, cos_a = math.sin(style.angle(index)), math.cos(style.angle(index))
    centred = abs(sin_a) < 0.2
    lines = wrap(title, style.wrap_width + 10 if centred else style.wrap_width, style.max_lines)
    value = number(mean) if mean is not None else labels.not_assessable
    lx = (style.radius + _LABEL_GAP) * sin_a
    ly = -(style.radius + _LABEL_GAP) * cos_a
    anchor = "middle" if centred else ("start" if sin_a > 0 else "end")
    first = _first_line(ly, cos_a, len(lines), style.line_height)
    char_width = style.font_size * CHAR_WIDTH
    text_width = max(len(line) for line in [*lines, value]) * char_width
    x0 = {"start": lx, "end": lx - text_width}.get(anchor, lx - text_width / 2)
    return _Label(title, lines, value, mean is None, lx, first, anchor, x0, x0 + text_width)


@dataclass(frozen=True, slots=True)
class _Frame:
    """The viewBox fitted around the labels and the legend, and the centre within it."""

    width: float
    height: float
    cx: float
    cy: float
    legend_y: float

    @classmethod
    def around(cls, layouts: Sequence[_Label], style: _Style, legend_labels: list[str]) -> _Frame:
        radius, font_size, line_height = style.radius, style.font_size, style.line_height
        half_width = max(radius, *(max(-lab.x0, lab.x1) for lab in layouts)) + _PAD
        half_width = max(half_width, legend_width(legend_labels) / 2 + _PAD)
        top = min(-radius, *(lab.first - font_size for lab in layouts)) - _PAD
        bottom = max(radius, *(lab.first + len(lab.lines) * line_height for lab in layouts))
        cy = -top
        legend_y = cy + bottom + 24
        return cls(2 * half_width, legend_y + 16, half_width, cy, legend_y)


@dataclass(frozen=True, slots=True)
class _Polar:
    """Scale values on the axes: the scale minimum at the centre, the maximum on the rim."""

    frame: _Frame
    style: _Style
    scale_min: float
    scale_max: float

    def point(self, index: int, value: float) -> tuple[float, float]:
        span = self.scale_max - self.scale_min
        r = self.style.radius * clamp((value - self.scale_min) / span, 0.0, 1.0)
        a = self.style.angle(index)
        return self.frame.cx + r * math.sin(a), self.frame.cy - r * math.cos(a)

    def ring(self, value: float) -> str:
        return " ".join(
            f"{coord(x)},{coord(y)}"
            for x, y in (self.point(i, value) for i in range(self.style.count))
        )


def _grid(polar: _Polar, number: NumberFormat) -> list[str]:
    """One ring per whole scale point, axes from the centre, the scale values on axis 0."""
    cx, cy = polar.frame.cx, polar.frame.cy
    parts = [f'<g class="grid" fill="none" stroke="{GRID}" stroke-width="1">']
    values = steps(polar.scale_min, polar.scale_max)
    for step in values[1:]:
        parts.append(f'<polygon points="{polar.ring(step)}"/>')
    for index in range(polar.style.count):
        x, y = polar.point(index, polar.scale_max)
        parts.append(
            f'<line class="axis" x1="{coord(cx)}" y1="{coord(cy)}" x2="{coord(x)}" y2="{coord(y)}"/>'
        )
    parts.append("</g>")
    parts.append(f'<g class="scale-values" font-size="10.5" fill="{MUTED}" text-anchor="start">')
    for step in values[1:]:
        # On the ring between the first two axes, where no series point can sit.
        (xa, ya), (xb, yb) = polar.point(0, step), polar.point(1, step)
        x, y = (xa + xb) / 2, (ya + yb) / 2
        parts.append(
            f'<text x="{coord(x + 3)}" y="{coord(y - 3)}">{escape(tick(step, number))}</text>'
        )
    parts.append("</g>")
    return parts


def _series(
    name: str,
    values: Sequence[float | None],
    point: Callable[[int, float], tuple[float, float]],
    *,
    stroke: str,
    dash: str | None,
    fill: str | None,
    kind: str,
    ids: Sequence[str],
) -> str:
    """One series: a closed polygon when complete, else only the segments between
    neighbouring assessable areas (a line through a missing area would invent a value)."""
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    parts = [f'<g class="series-{name}">']
    if all(v is not None for v in values):
        parts.append(_outline(values, point, stroke, fill, dash_attr))
    else:
        parts.extend(_segments(values, point, stroke, dash_attr))
    for index, value in enumerate(values):
        if value is None:
            continue
        x, y = point(index, value)
        extra = f' data-area="{escape(ids[index])}" data-value="{coord(value)}"'
        parts.append(marker(kind, x, y, stroke, "point", extra))
    parts.append("</g>")
    return "".join(parts)


def _outline(
    values: Sequence[float | None],
    point: Callable[[int, float], tuple[float, float]],
    stroke: str,
    fill: str | None,
    dash_attr: str,
) -> str:
    coords = " ".join(
        f"{coord(x)},{coord(y)}"
        for x, y in (point(i, v) for i, v in enumerate(values) if v is not None)
    )
    fill_attr = f'fill="{fill}" fill-opacity="0.16"' if fill else 'fill="none"'
    return (
        f'<polygon class="outline" points="{coords}" {fill_attr} stroke="{stroke}" '
        f'stroke-width="2.5" stroke-linejoin="round"{dash_attr}/>'
    )


def _segments(
    values: Sequence[float | None],
    point: Callable[[int, float], tuple[float, float]],
    stroke: str,
    dash_attr: str,
) -> list[str]:
    count = len(values)
    parts = []
    for index in range(count):
        here, there = values[index], values[(index + 1) % count]
        if here is None or there is None:
            continue
        x1, y1 = point(index, here)
        x2, y2 = point((index + 1) % count, there)
        parts.append(
            f'<line class="outline" x1="{coord(x1)}" y1="{coord(y1)}" x2="{coord(x2)}" y2="{coord(y2)}" '
            f'stroke="{stroke}" stroke-width="2.5" stroke-linecap="round"{dash_attr}/>'
        )
    return parts


def _axis_labels(layouts: Sequence[_Label], frame: _Frame, style: _Style) -> list[str]:
    """The wrapped titles and the means (or "not assessable") outside the rim."""
    line_height = style.line_height
    parts = [f'<g class="labels" font-size="{coord(style.font_size)}" fill="{INK}">']
    for layout in layouts:
        x = frame.cx + layout.x
        parts.append(f'<text class="axis-label" text-anchor="{layout.anchor}">')
        parts.append(f"<title>{escape(layout.title)}</title>")
        for line_no, line in enumerate(layout.lines):
            y = frame.cy + layout.first + line_no * line_height
            parts.append(f'<tspan x="{coord(x)}" y="{coord(y)}">{escape(line)}</tspan>')
        value_y = frame.cy + layout.first + len(layout.lines) * line_height
        if layout.not_assessable:
            parts.append(
                f'<tspan class="not-assessable" x="{coord(x)}" y="{coord(value_y)}" '
                f'font-style="italic" fill="{MUTED}">{escape(layout.value)}</tspan>'
            )
        else:
            parts.append(
                f'<tspan class="value" x="{coord(x)}" y="{coord(value_y)}" font-weight="700" '
                f'fill="{YOU}">{escape(layout.value)}</tspan>'
            )
        parts.append("</text>")
    parts.append("</g>")
    return parts


def _legend(labels: ChartLabels, has_baseline: bool, frame: _Frame) -> list[str]:
    entries = [
        (swatch_line(YOU, None, "circle"), labels.you),
        (swatch_line(TARGET, "7 4", None), labels.target),
    ]
    if has_baseline:
        entries.append((swatch_line(BASELINE, "2 3", "diamond"), labels.baseline))
    return legend(entries, 0, frame.legend_y, frame.width)


def radar_chart(
    areas: Sequence[Mapping[str, Any]],
    target: float,
    scale_min: float,
    scale_max: float,
    *,
    baseline: Sequence[float | None] | None = None,
    labels: ChartLabels | None = None,
    number: NumberFormat | None = None,
) -> str:
    """A spider chart of area means against the target polygon.

    `areas` are mappings with `title` and `mean` (the report context's `areas` fit); an
    optional `id` becomes a `data-area` attribute. `baseline` holds the earlier means in
    the same order (`None` where there was none) and is drawn as a dotted second series.
    The scale minimum sits at the centre and each scale point gets a grid ring. Works for
    3 to 12 areas (fewer than 3 do not make a polygon: use the bar chart). The viewBox is
    fitted around the labels, so long Finnish titles are never cut off.
    """
    if len(areas) < 3:
        raise ValueError("a radar chart needs at least 3 areas")
    if scale_max <= scale_min:
        raise ValueError("scale_max must be greater than scale_min")
    labels = labels or ChartLabels()
    number = number or default_number
    style = _Style.for_count(len(areas))
    has_baseline = baseline is not None and any(v is not None for v in baseline)
    layouts = [_label(i, area, style, labels, number) for i, area in enumerate(areas)]
    legend_labels = [labels.you, labels.target] + ([labels.baseline] if has_baseline else [])
    frame = _Frame.around(layouts, style, legend_labels)
    polar = _Polar(frame, style, scale_min, scale_max)
    earlier = baseline if has_baseline else None
    ids = [str(a.get("id", "")) for a in areas]
    parts = [
        svg_open(
            "radar",
            frame.width,
            frame.height,
            labels.title,
            description(areas, target, labels, number, earlier),
        ),
        *_grid(polar, number),
        f'<polygon class="series-target" points="{polar.ring(target)}" fill="none" '
        f'stroke="{TARGET}" stroke-width="2.25" stroke-dasharray="7 4"/>',
    ]
    if earlier is not None:  # dotted, behind the current series
        parts.append(
            _series(
                "baseline",
                [earlier[i] if i < len(earlier) else None for i in range(len(areas))],
                polar.point,
                stroke=BASELINE,
                dash="2 3",
                fill=None,
                kind="diamond",
                ids=ids,
            )
        )
    parts.append(
        _series(
            "you",
            [mean_of(a) for a in areas],
            polar.point,
            stroke=YOU,
            dash=None,
            fill=YOU_FILL,
            kind="circle",
            ids=ids,
        )
    )
    parts += [*_axis_labels(layouts, frame, style), *_legend(labels, has_baseline, frame)]
    parts.append("</svg>")
    return "".join(parts)

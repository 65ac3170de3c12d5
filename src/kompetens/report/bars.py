"""Horizontal bar charts: sub-area means (and, with few areas, area means) against the
target line.

Each title sits above its bar, so bars get the full width on a phone; a group heading (an
area's name) starts each area's rows. The chart is built row by row, then the grid, axis,
the band just below the target, the target line and the legend around the rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import escape

from kompetens.report.svg import (
    BASELINE,
    GRID,
    INK,
    MUTED,
    NEAR_FILL,
    TARGET,
    YOU,
    ChartLabels,
    NumberFormat,
    clamp,
    coord,
    default_number,
    description,
    legend,
    marker,
    mean_of,
    steps,
    svg_open,
    swatch_line,
    tick,
    wrap,
)

_HALO = 'stroke="#FFFFFF" stroke-width="4" stroke-linejoin="round" paint-order="stroke"'


@dataclass(frozen=True, slots=True)
class _Frame:
    """The fixed sizes of a bar chart and where a scale value lies on it."""

    scale_min: float
    scale_max: float
    width: float = 480.0
    left: float = 4.0
    right: float = 40.0
    font_size: float = 15.0
    group_size: float = 12.5
    bar_height: float = 15.0

    @property
    def plot_width(self) -> float:
        return self.width - self.left - self.right

    def x_of(self, value: float) -> float:
        span = self.scale_max - self.scale_min
        return self.left + self.plot_width * clamp((value - self.scale_min) / span, 0.0, 1.0)


@dataclass(slots=True)
class _Rows:
    """The rows drawn so far (bars behind, labels in front) and the next free y."""

    frame: _Frame
    y: float = 8.0
    bars: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    def heading(self, group: object, first: bool) -> None:
        """An area's name above its sub-areas' rows."""
        frame = self.frame
        self.y += 4 if first else 10
        self.texts.append(
            f'<text class="group" x="{coord(frame.left)}" y="{coord(self.y + frame.group_size)}" '
            f'font-size="{coord(frame.group_size)}" font-weight="700" fill="{MUTED}" {_HALO} '
            f'letter-spacing="0.04em">{escape(str(group).upper())}</text>'
        )
        self.y += frame.group_size + 8

    def label(self, title: str, ident: str) -> None:
        """The row's title (at most two lines) above its bar."""
        frame = self.frame
        lines = wrap(title, 46, 2)
        self.texts.append(
            f'<text class="row-label" data-component="{ident}" font-size="{coord(frame.font_size)}" '
            f'fill="{INK}" {_HALO}>'
        )
        self.texts.append(f"<title>{escape(title)}</title>")
        for line_no, line in enumerate(lines):
            self.texts.append(
                f'<tspan x="{coord(frame.left)}" '
                f'y="{coord(self.y + frame.font_size + line_no * frame.font_size * 1.2)}">'
                f"{escape(line)}</tspan>"
            )
        self.texts.append("</text>")
        self.y += frame.font_size * 1.2 * len(lines) + 5

    def bar(
        self, mean: float | None, before: float | None, labels: ChartLabels, number: NumberFormat
    ) -> list[str]:
        """The track, the bar and its value (or "not assessable"), and the earlier mean."""
        frame, track_y = self.frame, self.y
        middle = coord(track_y + frame.bar_height / 2)
        parts = [
            f'<rect class="track" x="{coord(frame.left)}" y="{coord(track_y)}" '
            f'width="{coord(frame.plot_width)}" height="{coord(frame.bar_height)}" rx="3" '
            f'fill="#EEF1F4"/>'
        ]
        if mean is None:
            parts.append(
                f'<text class="not-assessable" x="{coord(frame.left + 8)}" '
                f'y="{middle}" dominant-baseline="central" '
                f'font-size="12" font-style="italic" fill="{MUTED}">'
                f"{escape(labels.not_assessable)}</text>"
            )
        else:
            end = frame.x_of(mean)
            parts.append(
                f'<rect class="bar" x="{coord(frame.left)}" y="{coord(track_y)}" '
                f'width="{coord(max(end - frame.left, 1.5))}" height="{coord(frame.bar_height)}" '
                f'rx="3" fill="{YOU}" data-value="{coord(mean)}"/>'
            )
            parts.append(
                f'<text class="value" x="{coord(frame.width - frame.right + 8)}" '
                f'y="{middle}" dominant-baseline="central" '
                f'font-size="{coord(frame.font_size)}" font-weight="700" fill="{INK}">'
                f"{escape(number(mean))}</text>"
            )
        if before is not None:
            parts.append(
                marker(
                    "diamond",
                    frame.x_of(before),
                    track_y + frame.bar_height / 2,
                    BASELINE,
                    "baseline-marker",
                    f' data-value="{coord(before)}"',
                )
            )
        self.y = track_y + frame.bar_height + 12
        return parts


def _rows(
    frame: _Frame,
    components: Sequence[Mapping[str, Any]],
    earlier: Sequence[float | None] | None,
    labels: ChartLabels,
    number: NumberFormat,
) -> _Rows:
    rows = _Rows(frame)
    current_group: object = object()
    for index, component in enumerate(components):
        group = component.get("group")
        if group is not None and group != current_group:
            rows.heading(group, first=not index)
        current_group = group
        ident = escape(str(component.get("id", "")))
        rows.bars.append(f'<g class="row" data-component="{ident}">')
        rows.label(str(component.get("title", "")), ident)
        before = earlier[index] if earlier is not None and index < len(earlier) else None
        rows.bars.extend(rows.bar(mean_of(component), before, labels, number))
        rows.bars.append("</g>")
    return rows


def _grid_and_axis(
    frame: _Frame, plot_top: float, plot_bottom: float, number: NumberFormat
) -> tuple[list[str], list[str]]:
    """Dotted lines at every whole scale point, and the scale values below the rows."""
    axis_y = plot_bottom + 4
    values = steps(frame.scale_min, frame.scale_max)
    grid = [f'<g class="grid" stroke="{GRID}" stroke-width="1">']
    for step in values:
        x = coord(frame.x_of(step))
        grid.append(
            f'<line x1="{x}" y1="{coord(plot_top)}" x2="{x}" '
            f'y2="{coord(plot_bottom)}" stroke-dasharray="1 3"/>'
        )
    grid.append("</g>")
    axis = [f'<g class="axis" font-size="11" fill="{MUTED}" text-anchor="middle">']
    for step in values:
        axis.append(
            f'<text x="{coord(frame.x_of(step))}" y="{coord(axis_y + 11)}">{escape(tick(step, number))}</text>'
        )
    axis.append("</g>")
    return grid, axis


def _near_shading(
    frame: _Frame, target: float, near_band: float | None, plot_top: float, plot_bottom: float
) -> str:
    """The band just below the target, where a bar is "just below the target"."""
    if not near_band:
        return ""
    band_left = frame.x_of(target - near_band)
    return (
        f'<rect class="near-band" x="{coord(band_left)}" y="{coord(plot_top)}" '
        f'width="{coord(max(frame.x_of(target) - band_left, 0.0))}" '
        f'height="{coord(plot_bottom - plot_top)}" fill="{NEAR_FILL}" '
        f'fill-opacity="0.55"/>'
    )


def _legend(
    frame: _Frame, labels: ChartLabels, legend_y: float, near_band: bool, has_baseline: bool
) -> list[str]:
    """You and the target (and the earlier mean) on one row; the near band on its own row,
    since its label is long in Finnish."""
    entries = [
        (f'<rect x="0" y="-6" width="28" height="12" rx="3" fill="{YOU}"/>', labels.you),
        (swatch_line(TARGET, "6 4", None), labels.target),
    ]
    if has_baseline:
        entries.append((marker("diamond", 14, 0, BASELINE, "swatch"), labels.baseline))
    second_row: list[tuple[str, str]] = []
    if near_band:
        swatch = f'<rect x="0" y="-6" width="28" height="12" fill="{NEAR_FILL}" stroke="{GRID}"/>'
        second_row.append((swatch, labels.near))
    return [
        *legend(entries, 0, legend_y, frame.width),
        *legend(second_row, 0, legend_y + 22, frame.width),
    ]


def bar_chart(
    components: Sequence[Mapping[str, Any]],
    target: float,
    scale_min: float,
    scale_max: float,
    *,
    baseline: Sequence[float | None] | None = None,
    labels: ChartLabels | None = None,
    number: NumberFormat | None = None,
    near_band: float | None = None,
) -> str:
    """Horizontal bars of sub-area means with the target as a dashed vertical line.

    `near_band` (e.g. 0.5) shades the band just below the target: a bar that ends in it
    is "just below the target", not "meets", and the chart shows it so.

    `components` are mappings with `title` and `mean` (the context's component dicts fit);
    an optional `group` (the area's title) starts a new labelled group when it changes.
    Each title sits above its bar, so bars get the full width on a phone. `baseline` holds
    the earlier means in the same order and is drawn as diamonds. A sub-area without a mean
    gets no bar but the "not assessable" text.
    """
    if scale_max <= scale_min:
        raise ValueError("scale_max must be greater than scale_min")
    labels = labels or ChartLabels()
    number = number or default_number
    has_baseline = baseline is not None and any(v is not None for v in baseline)
    earlier = baseline if has_baseline else None
    frame = _Frame(scale_min, scale_max)
    rows = _rows(frame, components, earlier, labels, number)
    plot_top, plot_bottom = 4.0, rows.y
    grid, axis = _grid_and_axis(frame, plot_top, plot_bottom, number)
    target_x = coord(frame.x_of(target))
    legend_y = plot_bottom + 4 + 34
    height = legend_y + 16 + (22 if near_band else 0)
    return "".join(
        [
            svg_open(
                "bars",
                frame.width,
                height,
                labels.title,
                description(components, target, labels, number, earlier),
            ),
            _near_shading(frame, target, near_band, plot_top, plot_bottom),
            *grid,
            *rows.bars,
            f'<line class="target" x1="{target_x}" y1="{coord(plot_top)}" x2="{target_x}" '
            f'y2="{coord(plot_bottom)}" stroke="{TARGET}" stroke-width="2.25" '
            f'stroke-dasharray="6 4"/>',
            '<g class="row-labels">',
            *rows.texts,
            "</g>",
            *axis,
            *_legend(frame, labels, legend_y, bool(near_band), has_baseline),
            "</svg>",
        ]
    )

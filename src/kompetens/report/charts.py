"""SVG charts for the report: pure functions from numbers and labels to SVG text.

The charts are inline SVG rather than images or JavaScript so that the HTML report stays a
single file that works offline, prints to PDF and can be handed in. Design choices:

* `viewBox` plus `width="100%"`: the chart scales with the page, from a phone to A4.
* `role="img"` with `<title>` and `<desc>`: a screen reader gets the numbers as text.
* Colours from the Okabe–Ito palette (safe for the common colour-vision deficiencies),
  and every series also differs by line style or shape, so a black-and-white printout
  still tells "you", "target" and "earlier" apart. A legend names them.
* Every label passes through `markupsafe.escape`: area titles come from framework files
  written by other people.
* A sub-area or area without enough answers has no mean. It gets no bar or point (a zero
  would read as "lowest rating") and is labelled as not assessable instead.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from kompetens.report.filters import num

YOU = "#0072B2"
"""Okabe–Ito blue: the respondent's own ratings."""
YOU_FILL = "#0072B2"
TARGET = "#D55E00"
"""Okabe–Ito vermillion, drawn dashed: the target of the level."""
BASELINE = "#444444"
"""Dark grey, dotted line or diamond: the earlier self-assessment."""
GRID = "#C8CDD2"
NEAR_FILL = "#F6D9C4"
"""A light vermillion: the band just below the target, part of the target's colour."""
INK = "#1F2328"
MUTED = "#59636E"

CHAR_WIDTH = 0.6
"""Average character width in em, a little generous: SVG cannot measure text, and a label
estimated too narrow would be cut off at the edge of the viewBox (DejaVu Sans, common on
Linux, is wide)."""

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

NumberFormat = Callable[[float | None], str]


@dataclass(frozen=True, slots=True)
class ChartLabels:
    """The interface texts a chart shows, already in the reader's language."""

    title: str = "Chart"
    you: str = "You"
    target: str = "Target"
    baseline: str = "Earlier"
    not_assessable: str = "not enough answers"
    near: str = "Just below the target"
    """The band just below the target line (drawn when `bar_chart` gets `near_band`)."""


def _default_number(value: float | None) -> str:
    return num(value)


def coord(value: float) -> str:
    """A coordinate with two decimals: precise enough, and keeps the SVG small."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _mean(item: Mapping[str, Any], key: str = "mean") -> float | None:
    value = item.get(key)
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _tick(value: float, number: NumberFormat) -> str:
    """A scale value on an axis: `3`, not `3.0`."""
    return str(int(value)) if value == int(value) else number(value)


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _wrap(text: str, width: int, max_lines: int) -> list[str]:
    """Lines of at most about `width` characters; an ellipsis when the text is longer.

    SVG has no text wrapping; the full title stays available in a `<title>` tooltip.
    """
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=True)
    # A long compound word (Finnish has many) may exceed the width rather than be cut in
    # the middle; only absurdly long words are broken.
    if any(len(line) > 2 * width for line in lines):
        lines = textwrap.wrap(text, width=2 * width, break_long_words=True)
    if not lines:
        return [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        lines[-1] = (last[: max(1, width - 1)].rstrip() + "…") if len(last) >= width else last + "…"
    return lines


LEGEND_FONT = 14.0
_LEGEND_GAP = 22.0


def _legend_widths(labels: Sequence[str], font_size: float = LEGEND_FONT) -> list[float]:
    return [28 + 8 + len(label) * font_size * CHAR_WIDTH for label in labels]


def _legend_width(labels: Sequence[str], font_size: float = LEGEND_FONT) -> float:
    """How wide the legend row is, so that a chart can be made at least that wide."""
    return sum(_legend_widths(labels, font_size)) + _LEGEND_GAP * (len(labels) - 1)


def _legend(
    entries: Sequence[tuple[str, str]],
    x: float,
    y: float,
    width: float,
    font_size: float = LEGEND_FONT,
) -> list[str]:
    """A centred row of legend entries: (swatch SVG drawn at the origin, label)."""
    if not entries:
        return []
    widths = _legend_widths([label for _, label in entries], font_size)
    gap = _LEGEND_GAP
    total = _legend_width([label for _, label in entries], font_size)
    cursor = x + max(0.0, (width - total) / 2)
    parts = ['<g class="legend">']
    for (swatch, label), entry_width in zip(entries, widths, strict=True):
        parts.append(f'<g transform="translate({coord(cursor)} {coord(y)})">{swatch}')
        parts.append(
            f'<text x="36" y="0" dominant-baseline="central" font-size="{coord(font_size)}" '
            f'fill="{INK}">{escape(label)}</text></g>'
        )
        cursor += entry_width + gap
    parts.append("</g>")
    return parts


def svg_open(kind: str, width: float, height: float, title: str, desc: str, defs: str = "") -> str:
    """The opening of a chart: responsive, with a title and a description for screen
    readers; `defs` is inserted as given (patterns, markers)."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" role="img" '
        f'viewBox="0 0 {coord(width)} {coord(height)}" width="100%" '
        f'preserveAspectRatio="xMidYMid meet" font-family="{escape(FONT)}">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>{defs}"
    )


def _description(
    items: Sequence[Mapping[str, Any]],
    target: float,
    labels: ChartLabels,
    number: NumberFormat,
    baseline: Sequence[float | None] | None,
) -> str:
    """The chart's numbers as one sentence, for screen readers and text-only viewers."""
    parts = []
    for index, item in enumerate(items):
        mean = _mean(item)
        value = number(mean) if mean is not None else labels.not_assessable
        text = f"{item.get('title', '')}: {value}"
        if baseline is not None and index < len(baseline) and baseline[index] is not None:
            text += f" ({labels.baseline} {number(baseline[index])})"
        parts.append(text)
    return f"{labels.target} {number(target)}. " + "; ".join(parts) + "."


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
    number = number or _default_number
    count = len(areas)
    crowded = count > 8
    font_size = 13.0 if crowded else 15.0
    wrap_width = 14 if crowded else 16
    max_lines = 2 if crowded else 3
    line_height = font_size * 1.2
    char_width = font_size * CHAR_WIDTH
    radius = 120.0 if count <= 8 else 135.0
    label_gap = 10.0
    span = scale_max - scale_min
    has_baseline = baseline is not None and any(v is not None for v in baseline)

    def angle(index: int) -> float:
        return 2 * math.pi * index / count

    # First pass: lay the labels out around an origin at the centre, to fit the viewBox.
    layouts: list[_Label] = []
    for index, area in enumerate(areas):
        title = str(area.get("title", ""))
        mean = _mean(area)
        sin_a, cos_a = math.sin(angle(index)), math.cos(angle(index))
        centred = abs(sin_a) < 0.2
        lines = _wrap(title, wrap_width + 10 if centred else wrap_width, max_lines)
        value = number(mean) if mean is not None else labels.not_assessable
        lx = (radius + label_gap) * sin_a
        ly = -(radius + label_gap) * cos_a
        anchor = "middle" if centred else ("start" if sin_a > 0 else "end")
        block = (len(lines) + 1) * line_height
        if cos_a > 0.8:
            first = ly - block + line_height * 0.8
        elif cos_a < -0.8:
            first = ly + line_height * 0.8
        else:
            first = ly - block / 2 + line_height * 0.8
        text_width = max(len(line) for line in [*lines, value]) * char_width
        x0 = {"start": lx, "end": lx - text_width}.get(anchor, lx - text_width / 2)
        layouts.append(
            _Label(title, lines, value, mean is None, lx, first, anchor, x0, x0 + text_width)
        )
    pad = 6.0
    half_width = max(radius, *(max(-lab.x0, lab.x1) for lab in layouts)) + pad
    legend_labels = [labels.you, labels.target] + ([labels.baseline] if has_baseline else [])
    half_width = max(half_width, _legend_width(legend_labels) / 2 + pad)
    top = min(-radius, *(lab.first - font_size for lab in layouts)) - pad
    bottom = max(radius, *(lab.first + len(lab.lines) * line_height for lab in layouts))
    width = 2 * half_width
    cx, cy = half_width, -top
    legend_y = cy + bottom + 24
    height = legend_y + 16

    def point(index: int, value: float) -> tuple[float, float]:
        r = radius * _clamp((value - scale_min) / span, 0.0, 1.0)
        a = angle(index)
        return cx + r * math.sin(a), cy - r * math.cos(a)

    def ring(value: float) -> str:
        return " ".join(
            f"{coord(x)},{coord(y)}" for x, y in (point(i, value) for i in range(count))
        )

    parts = [
        svg_open(
            "radar",
            width,
            height,
            labels.title,
            _description(areas, target, labels, number, baseline if has_baseline else None),
        )
    ]

    # Grid: one ring per whole scale point, axes from the centre, the scale values on axis 0.
    parts.append(f'<g class="grid" fill="none" stroke="{GRID}" stroke-width="1">')
    steps = _steps(scale_min, scale_max)
    for step in steps[1:]:
        parts.append(f'<polygon points="{ring(step)}"/>')
    for index in range(count):
        x, y = point(index, scale_max)
        parts.append(
            f'<line class="axis" x1="{coord(cx)}" y1="{coord(cy)}" x2="{coord(x)}" y2="{coord(y)}"/>'
        )
    parts.append("</g>")
    parts.append(f'<g class="scale-values" font-size="10.5" fill="{MUTED}" text-anchor="start">')
    for step in steps[1:]:
        # On the ring between the first two axes, where no series point can sit.
        (xa, ya), (xb, yb) = point(0, step), point(1, step)
        x, y = (xa + xb) / 2, (ya + yb) / 2
        parts.append(
            f'<text x="{coord(x + 3)}" y="{coord(y - 3)}">{escape(_tick(step, number))}</text>'
        )
    parts.append("</g>")

    # Target: a dashed regular polygon.
    parts.append(
        f'<polygon class="series-target" points="{ring(target)}" fill="none" '
        f'stroke="{TARGET}" stroke-width="2.25" stroke-dasharray="7 4"/>'
    )

    ids = [str(a.get("id", "")) for a in areas]
    # Baseline: dotted, behind the current series.
    if has_baseline and baseline is not None:
        parts.append(
            _radar_series(
                "baseline",
                [baseline[i] if i < len(baseline) else None for i in range(count)],
                point,
                stroke=BASELINE,
                dash="2 3",
                fill=None,
                marker="diamond",
                ids=ids,
            )
        )

    # You: solid line with a light fill when every area is assessable.
    parts.append(
        _radar_series(
            "you",
            [_mean(a) for a in areas],
            point,
            stroke=YOU,
            dash=None,
            fill=YOU_FILL,
            marker="circle",
            ids=ids,
        )
    )

    # Axis labels: the wrapped title and the mean (or "not assessable") outside the rim.
    parts.append(f'<g class="labels" font-size="{coord(font_size)}" fill="{INK}">')
    for layout in layouts:
        x = cx + layout.x
        parts.append(f'<text class="axis-label" text-anchor="{layout.anchor}">')
        parts.append(f"<title>{escape(layout.title)}</title>")
        for line_no, line in enumerate(layout.lines):
            y = cy + layout.first + line_no * line_height
            parts.append(f'<tspan x="{coord(x)}" y="{coord(y)}">{escape(line)}</tspan>')
        value_y = cy + layout.first + len(layout.lines) * line_height
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

    entries = [
        (_swatch_line(YOU, None, "circle"), labels.you),
        (_swatch_line(TARGET, "7 4", None), labels.target),
    ]
    if has_baseline:
        entries.append((_swatch_line(BASELINE, "2 3", "diamond"), labels.baseline))
    parts.extend(_legend(entries, 0, legend_y, width))
    parts.append("</svg>")
    return "".join(parts)


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


def _steps(scale_min: float, scale_max: float) -> list[float]:
    """The grid values: every whole scale point, or just the ends for a fractional scale."""
    span = scale_max - scale_min
    if span == int(span) and scale_min == int(scale_min) and span <= 20:
        return [scale_min + i for i in range(int(span) + 1)]
    return [scale_min, scale_max]


def _marker(kind: str, x: float, y: float, colour: str, css_class: str, extra: str = "") -> str:
    if kind == "diamond":
        size = 5.0
        points = f"{coord(x)},{coord(y - size)} {coord(x + size)},{coord(y)} {coord(x)},{coord(y + size)} {coord(x - size)},{coord(y)}"
        return (
            f'<polygon class="{css_class}" points="{points}" fill="{colour}" '
            f'stroke="#FFFFFF" stroke-width="1.25"{extra}/>'
        )
    return (
        f'<circle class="{css_class}" cx="{coord(x)}" cy="{coord(y)}" r="4.5" fill="{colour}" '
        f'stroke="#FFFFFF" stroke-width="1.5"{extra}/>'
    )


def _swatch_line(colour: str, dash: str | None, marker: str | None) -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    line = f'<line x1="0" y1="0" x2="28" y2="0" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
    return line + (_marker(marker, 14, 0, colour, "swatch") if marker else "")


def _radar_series(
    name: str,
    values: Sequence[float | None],
    point: Callable[[int, float], tuple[float, float]],
    *,
    stroke: str,
    dash: str | None,
    fill: str | None,
    marker: str,
    ids: Sequence[str],
) -> str:
    """One series: a closed polygon when complete, else only the segments between
    neighbouring assessable areas (a line through a missing area would invent a value)."""
    count = len(values)
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    parts = [f'<g class="series-{name}">']
    if all(v is not None for v in values):
        coords = " ".join(
            f"{coord(x)},{coord(y)}"
            for x, y in (point(i, v) for i, v in enumerate(values) if v is not None)
        )
        fill_attr = f'fill="{fill}" fill-opacity="0.16"' if fill else 'fill="none"'
        parts.append(
            f'<polygon class="outline" points="{coords}" {fill_attr} stroke="{stroke}" '
            f'stroke-width="2.5" stroke-linejoin="round"{dash_attr}/>'
        )
    else:
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
    for index, value in enumerate(values):
        if value is None:
            continue
        x, y = point(index, value)
        extra = f' data-area="{escape(ids[index])}" data-value="{coord(value)}"'
        parts.append(_marker(marker, x, y, stroke, "point", extra))
    parts.append("</g>")
    return "".join(parts)


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
    number = number or _default_number
    has_baseline = baseline is not None and any(v is not None for v in baseline)
    width = 480.0
    left, right = 4.0, 40.0
    plot_width = width - left - right
    font_size = 15.0
    group_size = 12.5
    bar_height = 15.0
    span = scale_max - scale_min

    def x_of(value: float) -> float:
        return left + plot_width * _clamp((value - scale_min) / span, 0.0, 1.0)

    rows: list[str] = []
    texts: list[str] = []
    halo = 'stroke="#FFFFFF" stroke-width="4" stroke-linejoin="round" paint-order="stroke"'
    y = 8.0
    current_group: object = object()
    for index, component in enumerate(components):
        group = component.get("group")
        if group is not None and group != current_group:
            y += 10 if index else 4
            texts.append(
                f'<text class="group" x="{coord(left)}" y="{coord(y + group_size)}" '
                f'font-size="{coord(group_size)}" font-weight="700" fill="{MUTED}" {halo} '
                f'letter-spacing="0.04em">{escape(str(group).upper())}</text>'
            )
            y += group_size + 8
        current_group = group
        title = str(component.get("title", ""))
        mean = _mean(component)
        ident = escape(str(component.get("id", "")))
        lines = _wrap(title, 46, 2)
        rows.append(f'<g class="row" data-component="{ident}">')
        texts.append(
            f'<text class="row-label" data-component="{ident}" font-size="{coord(font_size)}" '
            f'fill="{INK}" {halo}>'
        )
        texts.append(f"<title>{escape(title)}</title>")
        for line_no, line in enumerate(lines):
            texts.append(
                f'<tspan x="{coord(left)}" y="{coord(y + font_size + line_no * font_size * 1.2)}">'
                f"{escape(line)}</tspan>"
            )
        texts.append("</text>")
        y += font_size * 1.2 * len(lines) + 5
        track_y = y
        rows.append(
            f'<rect class="track" x="{coord(left)}" y="{coord(track_y)}" width="{coord(plot_width)}" '
            f'height="{coord(bar_height)}" rx="3" fill="#EEF1F4"/>'
        )
        if mean is None:
            rows.append(
                f'<text class="not-assessable" x="{coord(left + 8)}" '
                f'y="{coord(track_y + bar_height / 2)}" dominant-baseline="central" '
                f'font-size="12" font-style="italic" fill="{MUTED}">'
                f"{escape(labels.not_assessable)}</text>"
            )
        else:
            end = x_of(mean)
            rows.append(
                f'<rect class="bar" x="{coord(left)}" y="{coord(track_y)}" '
                f'width="{coord(max(end - left, 1.5))}" height="{coord(bar_height)}" rx="3" '
                f'fill="{YOU}" data-value="{coord(mean)}"/>'
            )
            rows.append(
                f'<text class="value" x="{coord(width - right + 8)}" '
                f'y="{coord(track_y + bar_height / 2)}" dominant-baseline="central" '
                f'font-size="{coord(font_size)}" font-weight="700" fill="{INK}">'
                f"{escape(number(mean))}</text>"
            )
        if has_baseline and baseline is not None and index < len(baseline):
            before = baseline[index]
            if before is not None:
                rows.append(
                    _marker(
                        "diamond",
                        x_of(before),
                        track_y + bar_height / 2,
                        BASELINE,
                        "baseline-marker",
                        f' data-value="{coord(before)}"',
                    )
                )
        rows.append("</g>")
        y = track_y + bar_height + 12

    plot_top = 4.0
    plot_bottom = y
    axis_y = y + 4
    target_x = x_of(target)
    steps = _steps(scale_min, scale_max)
    grid = [f'<g class="grid" stroke="{GRID}" stroke-width="1">']
    for step in steps:
        grid.append(
            f'<line x1="{coord(x_of(step))}" y1="{coord(plot_top)}" x2="{coord(x_of(step))}" '
            f'y2="{coord(plot_bottom)}" stroke-dasharray="1 3"/>'
        )
    grid.append("</g>")
    axis = [f'<g class="axis" font-size="11" fill="{MUTED}" text-anchor="middle">']
    for step in steps:
        axis.append(
            f'<text x="{coord(x_of(step))}" y="{coord(axis_y + 11)}">{escape(_tick(step, number))}</text>'
        )
    axis.append("</g>")
    near_shading = ""
    if near_band:
        band_left = x_of(target - near_band)
        near_shading = (
            f'<rect class="near-band" x="{coord(band_left)}" y="{coord(plot_top)}" '
            f'width="{coord(max(target_x - band_left, 0.0))}" '
            f'height="{coord(plot_bottom - plot_top)}" fill="{NEAR_FILL}" '
            f'fill-opacity="0.55"/>'
        )
    target_line = (
        f'<line class="target" x1="{coord(target_x)}" y1="{coord(plot_top)}" x2="{coord(target_x)}" '
        f'y2="{coord(plot_bottom)}" stroke="{TARGET}" stroke-width="2.25" stroke-dasharray="6 4"/>'
    )
    legend_y = axis_y + 34
    height = legend_y + 16
    entries = [
        (
            f'<rect x="0" y="-6" width="28" height="12" rx="3" fill="{YOU}"/>',
            labels.you,
        ),
        (_swatch_line(TARGET, "6 4", None), labels.target),
    ]
    second_row: list[tuple[str, str]] = []
    if near_band:
        # on a row of its own: its label is long in Finnish
        second_row.append(
            (
                f'<rect x="0" y="-6" width="28" height="12" fill="{NEAR_FILL}" stroke="{GRID}"/>',
                labels.near,
            )
        )
        height += 22
    if has_baseline:
        entries.append((_marker("diamond", 14, 0, BASELINE, "swatch"), labels.baseline))
    parts = [
        svg_open(
            "bars",
            width,
            height,
            labels.title,
            _description(components, target, labels, number, baseline if has_baseline else None),
        ),
        near_shading,
        *grid,
        *rows,
        target_line,
        '<g class="row-labels">',
        *texts,
        "</g>",
        *axis,
        *_legend(entries, 0, legend_y, width),
        *_legend(second_row, 0, legend_y + 22, width),
        "</svg>",
    ]
    return "".join(parts)

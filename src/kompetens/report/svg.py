"""The pieces every SVG chart of kompetens shares: palette, coordinates, text, legends.

The student report's charts (`report.radar`, `report.bars`) and the cohort's
(`cohort.charts`, `cohort.agreement_chart`) draw with the same colours, fonts, legends and
markers, so that a printout of either reads alike. See `report.charts` for the design.
"""

from __future__ import annotations

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


def default_number(value: float | None) -> str:
    return num(value)


def coord(value: float) -> str:
    """A coordinate with two decimals: precise enough, and keeps the SVG small."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def mean_of(item: Mapping[str, Any], key: str = "mean") -> float | None:
    value = item.get(key)
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def tick(value: float, number: NumberFormat) -> str:
    """A scale value on an axis: `3`, not `3.0`."""
    return str(int(value)) if value == int(value) else number(value)


def clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def wrap(text: str, width: int, max_lines: int) -> list[str]:
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


def legend_widths(labels: Sequence[str], font_size: float = LEGEND_FONT) -> list[float]:
    return [28 + 8 + len(label) * font_size * CHAR_WIDTH for label in labels]


def legend_width(labels: Sequence[str], font_size: float = LEGEND_FONT) -> float:
    """How wide the legend row is, so that a chart can be made at least that wide."""
    return sum(legend_widths(labels, font_size)) + _LEGEND_GAP * (len(labels) - 1)


def legend(
    entries: Sequence[tuple[str, str]],
    x: float,
    y: float,
    width: float,
    font_size: float = LEGEND_FONT,
) -> list[str]:
    """A centred row of legend entries: (swatch SVG drawn at the origin, label)."""
    if not entries:
        return []
    widths = legend_widths([label for _, label in entries], font_size)
    gap = _LEGEND_GAP
    total = legend_width([label for _, label in entries], font_size)
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


def description(
    items: Sequence[Mapping[str, Any]],
    target: float,
    labels: ChartLabels,
    number: NumberFormat,
    baseline: Sequence[float | None] | None,
) -> str:
    """The chart's numbers as one sentence, for screen readers and text-only viewers."""
    parts = []
    for index, item in enumerate(items):
        mean = mean_of(item)
        value = number(mean) if mean is not None else labels.not_assessable
        text = f"{item.get('title', '')}: {value}"
        if baseline is not None and index < len(baseline) and baseline[index] is not None:
            text += f" ({labels.baseline} {number(baseline[index])})"
        parts.append(text)
    return f"{labels.target} {number(target)}. " + "; ".join(parts) + "."


def steps(scale_min: float, scale_max: float) -> list[float]:
    """The grid values: every whole scale point, or just the ends for a fractional scale."""
    span = scale_max - scale_min
    if span == int(span) and scale_min == int(scale_min) and span <= 20:
        return [scale_min + i for i in range(int(span) + 1)]
    return [scale_min, scale_max]


def marker(kind: str, x: float, y: float, colour: str, css_class: str, extra: str = "") -> str:
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


def swatch_line(colour: str, dash: str | None, kind: str | None) -> str:
    """A legend swatch: a short line in the series' style, with its marker."""
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    line = f'<line x1="0" y1="0" x2="28" y2="0" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
    return line + (marker(kind, 14, 0, colour, "swatch") if kind else "")

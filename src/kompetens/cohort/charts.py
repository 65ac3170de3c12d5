"""SVG charts of a cohort: distributions over the scale and spreads of sub-area means.

Like the student report's charts (`kompetens.report.charts`, drawn with `kompetens.report.svg`) these are inline SVG: one
offline file, scales with the page, prints, `role="img"` with a text description, every
label escaped. The scale colours run from orange (lowest) through grey to blue (highest),
a diverging palette that stays distinguishable for the common colour-vision deficiencies;
"can't say" is a hatched light grey, and each segment carries its count as a tooltip.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from markupsafe import escape

from kompetens.report.svg import GRID, INK, MUTED, TARGET, YOU, coord, svg_open

WIDTH = 640.0
_DIVERGING = {
    2: ["#E66100", "#5D9BD3"],
    3: ["#E66100", "#C9C9C9", "#1A6FB0"],
    4: ["#E66100", "#F5B77A", "#9CC3E6", "#1A6FB0"],
    5: ["#E66100", "#F5B77A", "#D4D4D4", "#9CC3E6", "#1A6FB0"],
    6: ["#B34700", "#E66100", "#F5B77A", "#9CC3E6", "#5D9BD3", "#1A6FB0"],
    7: ["#B34700", "#E66100", "#F5B77A", "#D4D4D4", "#9CC3E6", "#5D9BD3", "#1A6FB0"],
}
CANT_SAY_FILL = "#EEEEEE"

Number = Callable[[Any], str]


def palette(points: int) -> list[str]:
    if points in _DIVERGING:
        return _DIVERGING[points]
    ramp = _DIVERGING[7]
    return [ramp[round(i * (len(ramp) - 1) / max(1, points - 1))] for i in range(points)]


_CANT_SAY_HATCH = (
    '<defs><pattern id="cantsay-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="'
    f'{CANT_SAY_FILL}"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#BBBBBB" stroke-width="2"/></pattern></defs>'
)


def _open(kind: str, height: float, title: str, desc: str) -> str:
    return svg_open(kind, WIDTH, height, title, desc, _CANT_SAY_HATCH)


def _group_heading(left: float, y: float, group: object) -> str:
    """The area's name above its sub-areas' rows."""
    return (
        f'<text class="group" x="{coord(left)}" y="{coord(y + 12)}" font-size="12" '
        f'font-weight="700" fill="{MUTED}">{escape(str(group).upper())}</text>'
    )


def distribution_chart(
    rows: Sequence[Mapping[str, Any]],
    points: Sequence[Mapping[str, Any]],
    *,
    cant_say_label: str,
    title: str,
    pct: Number,
) -> str:
    """100 % stacked bars: how the ratings of each row's statements spread over the scale.

    `rows` have `title`, optional `group` (an area heading) and `distribution`
    (`counts` by scale value as text, and `cant_say`); `points` have `value` and `label`.
    """
    colours = palette(len(points))
    left, right = 8.0, 8.0
    plot = WIDTH - left - right
    bar = 16.0
    parts: list[str] = []
    descriptions: list[str] = []
    y = 6.0
    group: object = object()
    for row in rows:
        if row.get("group") is not None and row.get("group") != group:
            group = row.get("group")
            y += 8
            parts.append(_group_heading(left, y, group))
            y += 20
        distribution = row.get("distribution") or {}
        counts = distribution.get("counts") or {}
        segments: list[tuple[str, int, str, str | None]] = [
            (str(point["label"]), int(counts.get(str(point["value"]), 0)), colours[i], None)
            for i, point in enumerate(points)
        ]
        segments.append(
            (cant_say_label, int(distribution.get("cant_say", 0)), "url(#cantsay-hatch)", "cs")
        )
        total = sum(count for _, count, _, _ in segments)
        label = str(row.get("title", ""))
        parts.append(
            f'<g class="row" data-id="{escape(str(row.get("id", "")))}">'
            f'<text x="{coord(left)}" y="{coord(y + 12)}" font-size="13" fill="{INK}">'
            f"{escape(label)}</text>"
        )
        y += 18
        x = left
        shares = []
        for name, count, fill, kind in segments:
            if total == 0 or count == 0:
                continue
            width = plot * count / total
            share = pct(count / total)
            shares.append(f"{name} {share}")
            css = "segment cant-say" if kind else "segment"
            parts.append(
                f'<rect class="{css}" x="{coord(x)}" y="{coord(y)}" width="{coord(width)}" '
                f'height="{coord(bar)}" fill="{fill}" data-count="{count}">'
                f"<title>{escape(name)}: {count} ({escape(share)})</title></rect>"
            )
            if width > 34:
                parts.append(
                    f'<text x="{coord(x + width / 2)}" y="{coord(y + bar / 2)}" font-size="10.5" '
                    f'text-anchor="middle" dominant-baseline="central" fill="{INK}">'
                    f"{escape(share)}</text>"
                )
            x += width
        if total == 0:
            parts.append(
                f'<rect x="{coord(left)}" y="{coord(y)}" width="{coord(plot)}" height="{coord(bar)}" '
                f'fill="#F4F4F4"/>'
            )
        parts.append("</g>")
        descriptions.append(f"{label}: " + ", ".join(shares))
        y += bar + 10
    # legend
    y += 6
    legend_x = left
    entries = [(str(p["label"]), colours[i]) for i, p in enumerate(points)]
    entries.append((cant_say_label, "url(#cantsay-hatch)"))
    legend: list[str] = ['<g class="legend">']
    for name, fill in entries:
        width = 22 + len(name) * 6.6
        if legend_x + width > WIDTH - right:
            legend_x = left
            y += 20
        legend.append(
            f'<rect x="{coord(legend_x)}" y="{coord(y)}" width="14" height="14" fill="{fill}" '
            f'stroke="#999999" stroke-width="0.5"/><text x="{coord(legend_x + 19)}" '
            f'y="{coord(y + 7)}" dominant-baseline="central" font-size="11.5" fill="{INK}">'
            f"{escape(name)}</text>"
        )
        legend_x += width + 12
    legend.append("</g>")
    height = y + 24
    return (
        _open("distribution", height, title, "; ".join(descriptions) + ".")
        + "".join(parts)
        + "".join(legend)
        + "</svg>"
    )


def spread_chart(
    rows: Sequence[Mapping[str, Any]],
    *,
    scale_min: float,
    scale_max: float,
    target: float,
    title: str,
    target_label: str,
    median_label: str,
    number: Number,
) -> str:
    """Box plots of respondents' sub-area means: whiskers min–max, box the quartiles, a bar
    at the median and a dot at the mean; the target is a dashed vertical line."""
    left, right = 8.0, 48.0
    plot = WIDTH - left - right
    span = scale_max - scale_min

    def x_of(value: float) -> float:
        return left + plot * max(0.0, min(1.0, (value - scale_min) / span))

    parts: list[str] = []
    descriptions: list[str] = []
    y = 6.0
    group: object = object()
    for row in rows:
        if row.get("group") is not None and row.get("group") != group:
            group = row.get("group")
            y += 8
            parts.append(_group_heading(left, y, group))
            y += 20
        label = str(row.get("title", ""))
        parts.append(
            f'<g class="row" data-id="{escape(str(row.get("id", "")))}">'
            f'<text x="{coord(left)}" y="{coord(y + 12)}" font-size="13" fill="{INK}">'
            f"{escape(label)}</text>"
        )
        y += 18
        middle = y + 8
        values = [row.get(k) for k in ("min", "q1", "median", "q3", "max", "mean")]
        if any(v is None for v in values):
            parts.append(
                f'<text x="{coord(left + 6)}" y="{coord(middle)}" font-size="11.5" font-style="italic" '
                f'dominant-baseline="central" fill="{MUTED}">–</text></g>'
            )
            y += 26
            continue
        low, q1, median, q3, high, mean = (float(v) for v in values)  # type: ignore[arg-type]
        parts.append(
            f'<line class="whisker" x1="{coord(x_of(low))}" y1="{coord(middle)}" x2="{coord(x_of(high))}" '
            f'y2="{coord(middle)}" stroke="{MUTED}" stroke-width="1.5"/>'
            f'<rect class="box" x="{coord(x_of(q1))}" y="{coord(middle - 8)}" '
            f'width="{coord(max(1.5, x_of(q3) - x_of(q1)))}" height="16" fill="#CFE3F3" '
            f'stroke="{YOU}" stroke-width="1.25"/>'
            f'<line class="median" x1="{coord(x_of(median))}" y1="{coord(middle - 8)}" '
            f'x2="{coord(x_of(median))}" y2="{coord(middle + 8)}" stroke="{YOU}" stroke-width="3"/>'
            f'<circle class="mean" cx="{coord(x_of(mean))}" cy="{coord(middle)}" r="3.5" fill="{INK}"/>'
            f'<text x="{coord(WIDTH - right + 8)}" y="{coord(middle)}" dominant-baseline="central" '
            f'font-size="12.5" font-weight="700" fill="{INK}">{escape(number(median))}</text></g>'
        )
        descriptions.append(f"{label}: {median_label} {number(median)}, {number(q1)}–{number(q3)}")
        y += 26
    bottom = y
    grid = [f'<g class="grid" stroke="{GRID}" stroke-width="1">']
    ticks = [f'<g class="axis" font-size="11" fill="{MUTED}" text-anchor="middle">']
    step = scale_min
    while step <= scale_max + 1e-9:
        grid.append(
            f'<line x1="{coord(x_of(step))}" y1="4" x2="{coord(x_of(step))}" y2="{coord(bottom)}" '
            'stroke-dasharray="1 3"/>'
        )
        ticks.append(f'<text x="{coord(x_of(step))}" y="{coord(bottom + 14)}">{coord(step)}</text>')
        step += 1
    grid.append("</g>")
    ticks.append("</g>")
    target_line = (
        f'<line class="target" x1="{coord(x_of(target))}" y1="4" x2="{coord(x_of(target))}" '
        f'y2="{coord(bottom)}" stroke="{TARGET}" stroke-width="2.25" stroke-dasharray="6 4"/>'
    )
    legend_y = bottom + 34
    legend = (
        f'<g class="legend"><line x1="{coord(left)}" y1="{coord(legend_y)}" x2="{coord(left + 28)}" '
        f'y2="{coord(legend_y)}" stroke="{TARGET}" stroke-width="2.25" stroke-dasharray="6 4"/>'
        f'<text x="{coord(left + 36)}" y="{coord(legend_y)}" dominant-baseline="central" '
        f'font-size="12" fill="{INK}">{escape(target_label)} {escape(number(target))}</text>'
        f'<rect x="{coord(left + 180)}" y="{coord(legend_y - 7)}" width="28" height="14" '
        f'fill="#CFE3F3" stroke="{YOU}"/><line x1="{coord(left + 194)}" y1="{coord(legend_y - 7)}" '
        f'x2="{coord(left + 194)}" y2="{coord(legend_y + 7)}" stroke="{YOU}" stroke-width="3"/>'
        f'<text x="{coord(left + 216)}" y="{coord(legend_y)}" dominant-baseline="central" '
        f'font-size="12" fill="{INK}">{escape(median_label)}</text></g>'
    )
    height = legend_y + 16
    return (
        _open("spread", height, title, "; ".join(descriptions) + ".")
        + "".join(grid)
        + "".join(parts)
        + target_line
        + "".join(ticks)
        + legend
        + "</svg>"
    )

"""The Bland–Altman chart of self-ratings against an assessor's (Bland & Altman 1986).

Each student is a dot: across, the mean of her own and the assessor's overall rating;
up, the difference self − assessor. A solid line marks the mean difference (the bias), two
dashed lines the 95 % limits of agreement (mean ± 1.96 SD), a thin line zero. Dots above
zero are students who rate themselves higher than the assessor does. Inline SVG like the
other charts: offline, printable, a text description for screen readers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import escape

from kompetens.report.svg import GRID, INK, MUTED, TARGET, YOU, coord, svg_open

WIDTH = 560.0
HEIGHT = 300.0


def bland_altman_chart(
    pairs: Sequence[Sequence[float]],
    *,
    mean_diff: float,
    loa: tuple[float, float],
    scale_min: float,
    scale_max: float,
    title: str,
    x_label: str,
    y_label: str,
    bias_label: str,
    loa_label: str,
    number: Callable[[Any], str],
) -> str:
    left, right, top, bottom = 56.0, 16.0, 16.0, 48.0
    plot_w, plot_h = WIDTH - left - right, HEIGHT - top - bottom
    span = scale_max - scale_min
    differences = [own - other for own, other in pairs]
    reach = max([span / 2, abs(loa[0]), abs(loa[1]), *(abs(d) for d in differences)])
    reach = min(span, max(0.5, reach * 1.1))

    def x_of(value: float) -> float:
        return left + plot_w * (value - scale_min) / span

    def y_of(value: float) -> float:
        return top + plot_h * (reach - max(-reach, min(reach, value))) / (2 * reach)

    description = (
        f"{bias_label} {number(mean_diff)}; {loa_label} {number(loa[0])} – {number(loa[1])}; "
        f"n = {len(pairs)}."
    )
    parts = [svg_open("bland-altman", WIDTH, HEIGHT, title, description)]
    parts.append(f'<g class="grid" stroke="{GRID}" stroke-width="1">')
    step = 1.0
    tick = scale_min
    while tick <= scale_max + 1e-9:
        parts.append(
            f'<line x1="{coord(x_of(tick))}" y1="{coord(top)}" x2="{coord(x_of(tick))}" '
            f'y2="{coord(top + plot_h)}" stroke-dasharray="1 3"/>'
        )
        tick += step
    parts.append("</g>")
    axis = [f'<g class="axis" font-size="11" fill="{MUTED}">']
    tick = scale_min
    while tick <= scale_max + 1e-9:
        axis.append(
            f'<text x="{coord(x_of(tick))}" y="{coord(top + plot_h + 14)}" '
            f'text-anchor="middle">{escape(number(tick))}</text>'
        )
        tick += step
    for value in (-reach, 0.0, reach):
        axis.append(
            f'<text x="{coord(left - 6)}" y="{coord(y_of(value) + 4)}" text-anchor="end">'
            f"{escape(number(value))}</text>"
        )
    axis.append(
        f'<text x="{coord(left + plot_w / 2)}" y="{coord(HEIGHT - 8)}" text-anchor="middle">'
        f"{escape(x_label)}</text>"
    )
    axis.append(
        f'<text transform="translate(14 {coord(top + plot_h / 2)}) rotate(-90)" '
        f'text-anchor="middle">{escape(y_label)}</text>'
    )
    axis.append("</g>")
    parts.extend(axis)
    parts.append(
        f'<line class="zero" x1="{coord(left)}" y1="{coord(y_of(0))}" x2="{coord(left + plot_w)}" '
        f'y2="{coord(y_of(0))}" stroke="{MUTED}" stroke-width="1"/>'
    )
    for index, value in enumerate(loa):
        parts.append(
            f'<line class="loa" data-value="{coord(value)}" x1="{coord(left)}" '
            f'y1="{coord(y_of(value))}" x2="{coord(left + plot_w)}" y2="{coord(y_of(value))}" '
            f'stroke="{TARGET}" stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        parts.append(
            f'<text x="{coord(left + plot_w - 4)}" y="{coord(y_of(value) - 4)}" '
            f'text-anchor="end" font-size="11" fill="{INK}">'
            f"{escape(loa_label if index else '')} {escape(number(value))}</text>"
        )
    parts.append(
        f'<line class="bias" data-value="{coord(mean_diff)}" x1="{coord(left)}" '
        f'y1="{coord(y_of(mean_diff))}" x2="{coord(left + plot_w)}" '
        f'y2="{coord(y_of(mean_diff))}" stroke="{INK}" stroke-width="2"/>'
    )
    parts.append(
        f'<text x="{coord(left + 4)}" y="{coord(y_of(mean_diff) - 4)}" font-size="11" '
        f'fill="{INK}">{escape(bias_label)} {escape(number(mean_diff))}</text>'
    )
    parts.append(f'<g class="points" fill="{YOU}" fill-opacity="0.6">')
    for own, other in pairs:
        parts.append(
            f'<circle class="pair" cx="{coord(x_of((own + other) / 2))}" '
            f'cy="{coord(y_of(own - other))}" r="4" data-diff="{coord(own - other)}"/>'
        )
    parts.append("</g></svg>")
    return "".join(parts)

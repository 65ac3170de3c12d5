"""SVG charts for the report: pure functions from numbers and labels to SVG text.

The charts live in `report.radar` (the spider chart), `report.bars` (horizontal bars) and
`report.svg` (what every chart shares); this module names the public ones.

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

from kompetens.report.bars import bar_chart
from kompetens.report.radar import radar_chart
from kompetens.report.svg import (
    BASELINE,
    GRID,
    INK,
    MUTED,
    TARGET,
    YOU,
    ChartLabels,
    NumberFormat,
    coord,
    svg_open,
)

__all__ = [
    "BASELINE",
    "GRID",
    "INK",
    "MUTED",
    "TARGET",
    "YOU",
    "ChartLabels",
    "NumberFormat",
    "bar_chart",
    "coord",
    "radar_chart",
    "svg_open",
]

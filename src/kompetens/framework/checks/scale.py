"""The scale must be ordered and every target must lie on it."""

from __future__ import annotations

from collections.abc import Iterator

from kompetens.framework.checks.finding import Finding
from kompetens.model.framework import Framework

MAX_SPAN = 250
"""Highest minus lowest scale value: a cohort keeps each rating as one byte (value − lowest
+ 1, with 0 for "unanswered" and 255 for "can't say"), so a scale must fit in 1–254."""


def check_scale(framework: Framework) -> Iterator[Finding]:
    previous: int | None = None
    for pi, point in enumerate(framework.scale.points):
        if previous is not None and point.value <= previous:
            yield Finding(
                ("scale", "points", pi, "value"),
                "scale-order",
                f"scale values must increase: {point.value} follows {previous}",
            )
        previous = point.value
    low, high = framework.scale.minimum, framework.scale.maximum
    if high - low > MAX_SPAN:
        index = max(
            range(len(framework.scale.points)), key=lambda i: framework.scale.points[i].value
        )
        yield Finding(
            ("scale", "points", index, "value"),
            "scale-span",
            f"the scale spans {low}–{high}; from lowest to highest it may span at most "
            f"{MAX_SPAN} (e.g. 0–100): ratings are stored in one byte each",
        )


def check_targets(framework: Framework) -> Iterator[Finding]:
    low, high = framework.scale.minimum, framework.scale.maximum
    for li, level in enumerate(framework.levels):
        if not low <= level.target <= high:
            yield Finding(
                ("levels", li, "target"),
                "target-out-of-scale",
                f"target {level.target:g} for level '{level.id}' is outside the scale "
                f"({low}–{high})",
            )

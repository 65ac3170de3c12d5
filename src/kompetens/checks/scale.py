"""The scale must be ordered and every target must lie on it."""

from __future__ import annotations

from collections.abc import Iterator

from kompetens.checks.finding import Finding
from kompetens.model.framework import Framework


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

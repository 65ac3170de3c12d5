"""One scored respondent, in a compact form that crosses process boundaries cheaply.

A cohort can hold 100,000 respondents, so an `Entry` keeps its ratings as one `bytes`
object (one byte per statement of the level, in the scoring plan's order) and its scores as
a tuple of means, instead of dicts of objects. The scores come from
`ScoringPlan.score` — the same function that scores a student's own report.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from kompetens.assessment.scoring import ScoringPlan
from kompetens.framework.diagnostics import Diagnostic, Severity

UNANSWERED = 0
"""Code of a statement the respondent did not answer."""
CANT_SAY = 255
"""Code of a "can't say" answer."""


class CohortError(Exception):
    """A problem with the whole run (not one input): mixed levels, a missing --level, an
    unknown framework. The command line reports it and exits with the usage code."""


@dataclass(slots=True)
class Entry:
    """A respondent that could be scored: where it came from, who, and the numbers."""

    source: str
    line: int
    """Line of the row in a table (1-based, header is line 1); 0 for a result file."""
    respondent: str | None
    name: str | None
    level: str
    groups: dict[str, str]
    codes: bytes
    """Rating codes per statement of the level: `value - minimum + 1`, 0 unanswered,
    255 "can't say"."""
    means: tuple[float | None, ...]
    """Component means in plan order, then area means, then the overall mean."""
    answered: int
    cant_say: int
    completed: float | None = None
    """Completion time as a POSIX timestamp, for "keep the latest" among duplicates."""
    order: int = 0
    framework_id: str | None = None
    kind: str = "result"
    """`result` (a result file) or `row` (a row of a table)."""
    extra: dict[str, str] = field(default_factory=dict)
    warnings: tuple[Diagnostic, ...] = ()
    """Problems that did not stop the row from being scored (an unreadable time)."""

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source


def encode(plan: ScoringPlan, minimum: int, ratings: Mapping[str, int | None]) -> bytes:
    """The ratings as codes aligned with `plan.statement_ids`."""
    shift = 1 - minimum
    out = bytearray(len(plan.statement_ids))
    for index, statement_id in enumerate(plan.statement_ids):
        if statement_id in ratings:
            rating = ratings[statement_id]
            out[index] = CANT_SAY if rating is None else rating + shift
    return bytes(out)


def score_vector(
    plan: ScoringPlan, ratings: Mapping[str, int | None]
) -> tuple[tuple[float | None, ...], int, int]:
    """Means (components, areas, overall), answered and "can't say" counts, from the one
    scoring implementation (`ScoringPlan.tally`, which `ScoringPlan.score` is built on)."""
    tally = plan.tally(ratings)
    return (
        (*tally.component_means, *tally.area_means, tally.overall_mean),
        tally.answered,
        tally.cant_say,
    )


def rejection(
    file: str, line: int, col: int, code: str, message: str, path: str = ""
) -> Diagnostic:
    return Diagnostic(file, line, col, Severity.ERROR, code, path, message)


def failure(file: str, exc: BaseException) -> Diagnostic:
    """An input that broke its reader in a way nobody foresaw: that input's rejection, so
    that the rest of the cohort is still scored. `KOMPETENS_DEBUG=1` lets it raise instead,
    for the bug report."""
    import os

    if os.environ.get("KOMPETENS_DEBUG"):
        raise exc
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    return rejection(
        file,
        1,
        1,
        "failed",
        f"this input could not be read ({type(exc).__name__}{': ' + detail if detail else ''}); "
        "the other inputs are scored. Please report it: run again with KOMPETENS_DEBUG=1",
    )


def note(file: str, line: int, col: int, code: str, message: str, path: str = "") -> Diagnostic:
    return Diagnostic(file, line, col, Severity.WARNING, code, path, message)


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while a cohort's many small objects (entries, rows of
    output) are built: they hold no cycles, and each collection would walk them all again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def blocks_by_area(
    plan: ScoringPlan, block: Callable[[int], dict[str, Any]]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """`block(index)` for every sub-area and area of `plan`, nested as reports show them,
    and for the whole framework; `index` is the position in `Entry.means` (sub-areas in plan
    order, then areas, then overall), so paired statistics can walk the means once."""
    component_count = sum(len(components) for _, components in plan.areas)
    areas: list[dict[str, Any]] = []
    index = 0
    for area_number, (area_id, components) in enumerate(plan.areas):
        area_components = []
        for component_id, _ in components:
            area_components.append({"id": component_id, **block(index)})
            index += 1
        areas.append(
            {"id": area_id, **block(component_count + area_number), "components": area_components}
        )
    return areas, block(component_count + len(plan.areas))

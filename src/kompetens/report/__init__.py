"""Reports from a report context: HTML and Markdown through Jinja, charts as SVG.

One render entry point per kind of document: `render_student_report` (`report`),
`render_cohort_report` (`score --report`) and `render_framework_document`
(`export --to md|html`). Each renders its context through its built-in template or a
user's own (`--template`, sandboxed and limited by `report.limits`) and draws the charts
its context asks for. Jinja is imported only when a document is actually rendered
(DESIGN: heavy imports happen inside the commands that need them), so
`kompetens.report.filters` and `kompetens.report.charts` stay cheap to import for the
terminal view and the tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from kompetens.report.errors import ReportTemplateError

if TYPE_CHECKING:
    from kompetens.report.contract import ReportContext

__all__ = [
    "ReportTemplateError",
    "render_cohort_report",
    "render_framework_document",
    "render_student_report",
]

Format = Literal["md", "html"]


def render_student_report(
    context: ReportContext,
    fmt: Format,
    *,
    template: Path | None = None,
    messages: Mapping[str, str] | None = None,
) -> str:
    """The student report as HTML or Markdown (see `environment.render_student_report`).

    Raises `ReportTemplateError` (a plain `Exception` subclass naming file and line) when a
    template is missing, broken, or refused by the sandbox.
    """
    from kompetens.report.environment import render_student_report as render

    return render(context, fmt, template=template, messages=messages)


def render_cohort_report(
    context: Mapping[str, object],
    fmt: Format,
    *,
    messages: Mapping[str, str],
    template: Path | None = None,
) -> str:
    """The cohort report as HTML or Markdown (see `environment.render_cohort_report`)."""
    from kompetens.report.environment import render_cohort_report as render

    return render(context, fmt, messages=messages, template=template)


def render_framework_document(
    context: Mapping[str, object],
    fmt: Format,
    *,
    messages: Mapping[str, str],
    template: Path | None = None,
) -> str:
    """The framework document as HTML or Markdown (see
    `environment.render_framework_document`)."""
    from kompetens.report.environment import render_framework_document as render

    return render(context, fmt, messages=messages, template=template)

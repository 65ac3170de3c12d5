"""Reports from a report context: HTML and Markdown through Jinja, charts as SVG.

`render_report` is the one entry point the command line needs. Jinja is imported only
when a report is actually rendered (DESIGN: heavy imports happen inside the commands that
need them), so `kompetens.report.filters` and `kompetens.report.charts` stay cheap to
import for the terminal view and the tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from kompetens.report.errors import ReportTemplateError

__all__ = ["ReportTemplateError", "render_report"]


def render_report(
    context: Mapping[str, Any],
    fmt: Literal["md", "html"],
    *,
    template: Path | None = None,
    messages: Mapping[str, str] | None = None,
) -> str:
    """The report as an HTML or Markdown document (see `environment.render_report`).

    Raises `ReportTemplateError` (a plain `Exception` subclass naming file and line) when a
    template is missing, broken, or refused by the sandbox.
    """
    from kompetens.report.environment import render_report as _render

    return _render(context, fmt, template=template, messages=messages)

"""`report --each`: options in, `kompetens.report.each` does the work, progress and a summary out."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import typer

from kompetens.cli.common import (
    EXIT_FINDINGS,
    early_messages,
    fail,
    output_failed,
    print_diagnostics,
)
from kompetens.files.output import OutputError, refuse_existing_many

if TYPE_CHECKING:
    from enum import StrEnum


def report_each(
    specs: list[Path],
    outdir: Path | None,
    fmt: StrEnum | None,
    framework_spec: str | None,
    lang: str | None,
    *,
    force: bool,
) -> None:
    from kompetens.report import ReportTemplateError
    from kompetens.report.each import plan_reports, write_reports

    messages = early_messages(lang)
    if outdir is None:
        fail(messages("views.error_each_needs_outdir"))
    if outdir.exists() and not outdir.is_dir():
        fail(messages("views.error_outdir_is_file", path=outdir))
    kind: Literal["html", "md"] = "md" if fmt is not None and fmt.value == "md" else "html"
    if fmt is not None and fmt.value not in ("html", "md"):
        fail(messages("views.error_each_format", format=fmt.value))
    plan = plan_reports(
        [str(s) for s in specs], outdir, kind, framework_spec=framework_spec, force=force
    )
    try:
        refuse_existing_many(plan.existing)
    except OutputError as exc:
        output_failed(exc, lang)
    progress, finish = _progress(messages("views.each_progress"))
    try:
        written = write_reports(plan, kind, lang=lang, progress=progress)
    except ReportTemplateError as exc:
        finish()
        fail(str(exc), EXIT_FINDINGS)
    finish()
    paired = sum(1 for item, _ in plan.reports if item.assessor is not None)
    typer.echo(
        "kompetens: "
        + messages("views.each_done", count=len(written), folder=outdir, paired=paired),
        err=True,
    )
    if plan.unreadable:
        shown: dict[str, int] = {}
        for diagnostic in plan.unreadable:  # the first three problems of each file
            shown[diagnostic.file] = shown.get(diagnostic.file, 0) + 1
            if shown[diagnostic.file] <= 3:
                print_diagnostics([diagnostic])
        files = len({d.file for d in plan.unreadable})
        typer.echo("kompetens: " + messages("views.each_unreadable", count=files), err=True)
        raise typer.Exit(EXIT_FINDINGS)


def _progress(label: str) -> tuple[Callable[[int, int], None] | None, Callable[[], None]]:
    """A progress bar on standard error when it is a terminal; otherwise nothing."""
    if not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task(label, total=None)
    bar.start()

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return update, bar.stop

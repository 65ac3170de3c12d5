"""What `score` shows: the refusal of a run that cannot go on, or the scored cohort.

The cohort is scored by `kompetens.cohort.scoring_job`; this module turns the outcome into
the terminal summary (tables, groups, agreement, change), writes the requested documents
and sets the exit code. A progress bar runs on standard error while large inputs are read.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NoReturn

import typer

from kompetens.cli.common import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    early_messages,
    emit,
    fail,
    print_diagnostics,
)

if TYPE_CHECKING:
    from rich.console import Console

    from kompetens.cohort.collect import Collection
    from kompetens.cohort.scoring_job import Progress, ScoreError, ScoreOutcome, ScoreRequest
    from kompetens.text.i18n import Messages

LIST_OPTIONS = frozenset({"inputs", "by", "since", "cant_say"})


def scoring_request(params: Mapping[str, Any]) -> ScoreRequest:
    """`score`'s parsed options as the core takes them (lists as tuples, choices by name)."""
    from kompetens.cohort.scoring_job import ScoreRequest

    values: dict[str, Any] = {
        name: tuple(value or ()) if name in LIST_OPTIONS else value
        for name, value in params.items()
    }
    values["csv_dialect"] = str(params["csv_dialect"].value)
    return ScoreRequest(**values)


def score_with_progress(params: Mapping[str, Any]) -> ScoreOutcome:
    """Score the cohort (one call into the core) with a progress bar; a run that cannot go
    on is reported and ends the command."""
    from kompetens.cohort.scoring_job import ScoreError, score_cohort
    from kompetens.cohort.workers import import_while_reading

    # what the summary imports, done while a pool's workers read (if one does)
    import_while_reading(
        "rich.console",
        "rich.table",
        "rich.markup",
        "kompetens.text.numbers",
        "kompetens.text.terminal",
    )
    request = scoring_request(params)
    progress, finish = _progress(early_messages(request.lang))
    try:
        outcome = score_cohort(request, progress)
    except ScoreError as error:
        finish()
        refuse(error)
    finish()
    return outcome


def refuse(error: ScoreError) -> NoReturn:
    """The diagnostics met before the run stopped, then its reason; exit 2 or 1."""
    for group in error.reported:
        print_diagnostics(group)
    for line in error.lines:
        typer.echo(line, err=True)
    code = EXIT_FINDINGS if error.code == "findings" else EXIT_USAGE
    if error.message is None:
        raise typer.Exit(code)
    fail(error.message, code)


def print_outcome(outcome: ScoreOutcome) -> None:
    """The summary (on standard error when a document goes to standard output), then the
    documents; exit 2 when an input could not be read, 1 when any was rejected."""
    from rich.console import Console

    for group in outcome.reported:
        print_diagnostics(group)
    context, texts = outcome.context, outcome.texts
    on_stdout = any(output.to_stdout for output, _ in outcome.documents)
    console = Console(stderr=on_stdout, highlight=False)
    print_summary(context, texts, console)
    _print_table_counts(outcome.collection, outcome.message_language, console)
    if context["agreement"]:
        from kompetens.cli.cohort_views import print_agreement

        print_agreement(context, texts, console)
    if outcome.change is not None:
        from kompetens.cli.cohort_views import print_change

        print_change(context, texts, console)
    for output, text in outcome.documents:
        emit(output, text, lang=outcome.language)
    if outcome.no_overlap:
        typer.echo(f"kompetens: {texts['change.no_overlap']}", err=True)
    if outcome.unreadable:
        raise typer.Exit(EXIT_USAGE)
    if outcome.has_findings:
        raise typer.Exit(EXIT_FINDINGS)


def _print_table_counts(collection: Collection, language: str, console: Console) -> None:
    """Rows of tables that were not scored, and unfinished responses, counted in words."""
    from kompetens.text.i18n import Messages

    messages = Messages(language)
    if collection.rejected_rows:
        console.print(
            messages("tables.rows_not_scored", count=collection.rejected_rows), markup=False
        )
    if collection.drafts:
        console.print(messages("tables.drafts_counted", count=len(collection.drafts)), markup=False)


def _progress(messages: Messages) -> tuple[Progress | None, Callable[[], None]]:
    """A progress bar on standard error when it is a terminal; else no-ops."""
    if not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
        auto_refresh=False,  # no refresh thread: worker processes are forked safely
    )
    tasks: dict[str, Any] = {}
    started = [False]

    def update(phase: str, done: int, total: int) -> None:
        if total < 200:
            return
        if not started[0]:
            bar.start()
            started[0] = True
        if phase not in tasks:
            from rich.markup import escape

            from kompetens.text.terminal import safe_text

            name = escape(safe_text(phase, lines=False))  # a file name: shown, never obeyed
            tasks[phase] = bar.add_task(messages("cohort.progress_reading", name=name), total=total)
        bar.update(tasks[phase], completed=done, total=total)
        bar.refresh()

    def finish() -> None:
        if started[0]:
            bar.stop()

    return update, finish


def print_summary(context: Mapping[str, Any], texts: dict[str, str], console: Console) -> None:
    """The cohort in the terminal: the means per area and sub-area, the sub-areas furthest
    from the target, the groups, who may need support and the counts."""
    from functools import partial

    from rich.markup import escape
    from rich.table import Table

    from kompetens.text import numbers
    from kompetens.text.terminal import safe_tree

    context = safe_tree(context)
    language = context["language"]
    num = partial(numbers.num, language=language, digits=2)
    pct = partial(numbers.pct, language=language)
    level = context["level"]
    framework = context["framework"]
    console.print(
        f"[bold]{escape(texts['cohort.title'])}[/] · {escape(framework['title'])} · "
        f"{escape(level['title'])} · {escape(texts['cohort.target'])} {num(level['target'])}"
    )
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    # Short headers and wrapping titles keep every number whole in an 80-column terminal
    # (a truncated "3,…" would mislead); the reports spell the headers out.
    table.add_column("", ratio=1, min_width=16, overflow="fold")
    for key in (
        "cohort.n",
        "cohort.mean_short",
        "cohort.sd",
        "cohort.median_short",
        "cohort.meets_short",
        "cohort.alpha_short",
    ):
        table.add_column(texts[key], justify="right", no_wrap=True)
    overall = context["overall"]
    table.add_row(
        f"[bold]{escape(texts['cohort.overall'])}[/]",
        str(overall["n"]),
        num(overall["mean"]),
        num(overall["sd"]),
        num(overall["median"]),
        pct(overall["meets"]),
        "",
    )
    for area in context["areas"]:
        alpha = area["reliability"]["alpha"]
        table.add_row(
            f"[bold]{escape(area['title'])}[/]",
            str(area["n"]),
            num(area["mean"]),
            num(area["sd"]),
            num(area["median"]),
            pct(area["meets"]),
            num(alpha),
        )
        for component in area["components"]:
            table.add_row(
                "  " + escape(component["title"]),
                str(component["n"]),
                num(component["mean"]),
                num(component["sd"]),
                num(component["median"]),
                pct(component["meets"]),
                "",
            )
    console.print(table)
    if context["furthest"]:
        console.print(f"\n[bold]{escape(texts['cohort.furthest'])}[/]")
        for rank, component in enumerate(context["furthest"], start=1):
            console.print(
                f"  {rank}. {escape(component['title'])}: {num(component['mean'])} "
                f"({escape(texts['cohort.gap'])} {num(component['gap'])})"
            )
    _print_groups(context, texts, console, num)
    if context["support"]:
        console.print(f"\n[bold]{escape(texts['cohort.support'])}[/]")
        for row in context["support"][:5]:
            name = f" {row['name']}" if row.get("name") else ""
            console.print(
                f"  {escape(row['respondent'])}{escape(name)}: {num(row['overall'])} "
                f"({escape(texts['cohort.gap'])} {num(row['gap'])})"
            )
    for note in context["quality"]:
        console.print(f"  · {escape(note)}", style="dim")
    counts = context["counts"]
    summary = (
        texts["cohort.scored_rejected"]
        .replace("{scored}", str(counts["scored"]))
        .replace("{rejected}", str(counts["rejected"]))
    )
    style = "bold red" if counts["rejected"] else "bold green"
    console.print(f"\n[{style}]{escape(summary)}[/]")


def _print_groups(
    context: Mapping[str, Any], texts: dict[str, str], console: Console, num: Callable[[Any], str]
) -> None:
    """One table per `--by` column: each group's n and means; a small group only its n."""
    from rich.markup import escape
    from rich.table import Table

    n_text = str(context["min_group"])
    for comparison in context["groups"]:
        console.print(
            f"\n[bold]{escape(texts['cohort.groups'].replace('{column}', comparison['column']))}[/]"
        )
        groups_table = Table(show_edge=False, pad_edge=False, header_style="bold")
        groups_table.add_column(texts["cohort.group"], ratio=1, min_width=12, overflow="fold")
        groups_table.add_column(texts["cohort.n"], justify="right", no_wrap=True)
        groups_table.add_column(texts["cohort.overall"], justify="right", no_wrap=True)
        for number, _ in enumerate(context["areas"], start=1):
            groups_table.add_column(str(number), justify="right", no_wrap=True)
        for group in comparison["groups"]:
            if group["suppressed"]:
                suppressed = texts["cohort.suppressed"].replace("{n}", n_text)
                groups_table.add_row(
                    escape(group["label"]),
                    str(group["n"]),
                    *[suppressed] * (len(context["areas"]) + 1),
                )
                continue
            cells = [group["overall"], *group["areas"]]
            groups_table.add_row(
                escape(group["label"]),
                str(group["n"]),
                *["–" if c.get("suppressed") else num(c.get("mean")) for c in cells],
            )
        console.print(groups_table)
        legend = " · ".join(
            f"{number} {area['title']}" for number, area in enumerate(context["areas"], start=1)
        )
        console.print(escape(texts["cohort.area_legend"].replace("{legend}", legend)), style="dim")

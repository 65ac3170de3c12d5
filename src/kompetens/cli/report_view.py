"""The report as a terminal summary: the numbers, the priorities and the strengths.

The HTML and Markdown reports are documents to keep and hand in; this is the quick look
after `kompetens report` in a terminal. It reads the same plain-dict context as the
templates, so the numbers cannot disagree. Titles, notes and guidance come from files
written by other people and may contain `[brackets]` that rich would read as markup, so
every such text goes through `rich.markup.escape`. Status is shown as a coloured word
and a symbol, so that it reads without colour (`NO_COLOR`, a printout, colour blindness).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich import box
from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from kompetens.report.filters import date, http_url, num, pct, signed

WIDE = 120
"""Terminal width from which the table also has a target column."""

STATUS_STYLE = {
    "meets": ("green", "●"),
    "near": ("green", "◕"),
    "developing": ("yellow", "◐"),
    "priority": ("red", "▲"),
    "not-assessable": ("dim", "○"),
}


def _text(value: Any) -> str:
    """Framework or user text, safe to embed in rich markup."""
    return escape("" if value is None else str(value))


def _status(value: str, messages: Mapping[str, str]) -> str:
    style, symbol = STATUS_STYLE.get(value, ("", "?"))
    label = _text(messages.get(f"report.status.{value}", value))
    return f"[{style}]{symbol} {label}[/]" if style else f"{symbol} {label}"


def _change(value: Any, language: str) -> str:
    text = signed(value, language)
    if value is None:
        return f"[dim]{text}[/]"
    if value > 0.05:
        return f"[green]{text}[/]"
    if value < -0.05:
        return f"[red]{text}[/]"
    return text


def _header(context: Mapping[str, Any], messages: Mapping[str, str], language: str) -> Panel:
    respondent = context.get("respondent") or {}
    framework = context.get("framework") or {}
    level = context.get("level") or {}
    who = respondent.get("name") or messages.get("report.anonymous", "")
    if respondent.get("id"):
        who = f"{who} ({respondent['id']})"
    when_key, when = (
        ("report.completed", context.get("completed"))
        if context.get("completed")
        else ("report.started", context.get("started"))
    )
    lines = [
        f"[bold]{_text(messages.get('report.respondent'))}:[/] {_text(who)}",
        *_rated_by(context, messages),
        f"[bold]{_text(messages.get('report.framework'))}:[/] {_text(framework.get('title'))} "
        f"[dim]({_text(framework.get('id'))} {_text(framework.get('version'))})[/]",
        f"[bold]{_text(messages.get('report.level'))}:[/] {_text(level.get('title'))}",
        f"[bold]{_text(messages.get(when_key))}:[/] {_text(date(when, language))}",
    ]
    baseline = context.get("baseline")
    if baseline:
        before = date(baseline.get("completed") or baseline.get("started"), language)
        lines.append(_text(messages.get("report.baseline", "{date}").format(date=before)))
        if baseline.get("compared") is not None:
            lines.append(
                _text(
                    messages.get("report.baseline_versions", "").format(
                        version=baseline.get("version"),
                        compared=len(baseline["compared"]),
                        count=len(baseline.get("left_out") or []),
                        ids=", ".join(baseline.get("left_out") or []),
                    )
                )
            )
    if context.get("is_draft"):
        lines.append(f"[bold yellow]{_text(messages.get('report.draft'))}[/]")
    return Panel(
        "\n".join(lines),
        title=f"[bold]{_text(messages.get('report.title'))}[/]",
        title_align="left",
        expand=False,
    )


def _rated_by(context: Mapping[str, Any], messages: Mapping[str, str]) -> list[str]:
    """ "Rated by: Mentor …" when someone other than the respondent gave the ratings."""
    assessor = context.get("assessor")
    if not isinstance(assessor, Mapping):
        return []
    role = str(assessor.get("role"))
    who = messages.get(f"views.column.{role}", role)
    if assessor.get("name"):
        who = f"{who} {assessor['name']}"
    return [f"[bold]{_text(messages.get('views.rated_by', 'Rated by'))}:[/] {_text(who)}"]


def _overall(context: Mapping[str, Any], messages: Mapping[str, str], language: str) -> str:
    overall = context.get("overall") or {}
    level = context.get("level") or {}
    parts = [
        f"[bold]{_text(messages.get('report.overall'))}[/]",
        f"{_text(messages.get('report.mean'))} [bold]{num(overall.get('mean'), language)}[/]",
        f"{_text(messages.get('report.target'))} {num(level.get('target'), language)}",
        _text(overall.get("gap_text") or "–"),
        _status(str(overall.get("status", "not-assessable")), messages),
        f"{_text(messages.get('report.answered'))} {pct(overall.get('answered_share'), language)}",
    ]
    if context.get("baseline"):
        parts.append(
            f"{_text(messages.get('report.change'))} {_change(overall.get('change'), language)}"
        )
    return "  ·  ".join(parts)


def _areas_table(
    context: Mapping[str, Any], messages: Mapping[str, str], language: str, width: int
) -> Table:
    """Areas (bold) with their sub-areas (indented) below them, one table.

    Every row has the same target, so on a narrow terminal the target moves from a column
    to the table's caption, leaving room for the titles (Finnish ones are long).
    """
    with_baseline = bool(context.get("baseline"))
    level = context.get("level") or {}
    target_column = width >= WIDE
    table = Table(
        title=_text(messages.get("report.summary")),
        title_justify="left",
        title_style="bold",
        caption=None
        if target_column
        else f"{_text(messages.get('report.target'))} {num(level.get('target'), language)}",
        caption_justify="left",
        header_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        expand=True,
    )
    table.add_column(
        f"{_text(messages.get('report.area'))} / {_text(messages.get('report.subarea'))}",
        overflow="fold",
        min_width=20,
        ratio=1,
    )
    keys = ["report.mean", *(["report.target"] if target_column else []), "report.gap"]
    for key in keys:
        if key == "report.gap":
            table.add_column(_text(messages.get(key)), justify="right", max_width=18)
        else:
            table.add_column(_text(messages.get(key)), justify="right", no_wrap=True)
    table.add_column(
        _text(messages.get("report.status")), min_width=12, max_width=None if target_column else 16
    )
    if with_baseline:
        table.add_column(_text(messages.get("report.change")), justify="right", no_wrap=True)

    def row(item: Mapping[str, Any], title: str, bold: bool) -> list[str]:
        def strong(text: str) -> str:
            return f"[bold]{text}[/]" if bold else text

        cells = [title, strong(num(item.get("mean"), language))]
        if target_column:
            cells.append(num(item.get("target"), language))
        cells += [
            strong(_text(item.get("gap_text") or "–")),
            _status(str(item.get("status")), messages),
        ]
        if with_baseline:
            cells.append(_change(item.get("change"), language))
        return cells

    for area in context.get("areas") or []:
        components = area.get("components") or []
        table.add_row(
            *row(area, f"[bold]{_text(area.get('title'))}[/]", True), end_section=not components
        )
        for position, component in enumerate(components):
            table.add_row(
                *row(component, f"  {_text(component.get('title'))}", False),
                end_section=position == len(components) - 1,
            )
    return table


def _priorities(context: Mapping[str, Any], messages: Mapping[str, str], language: str) -> Group:
    items: list[Any] = [
        Text(messages.get("report.priorities", ""), style="bold"),
    ]
    priorities = context.get("priorities") or []
    if not priorities:
        items.append(Text(messages.get("report.no_priorities", ""), style="dim"))
        return Group(*items)
    for number, item in enumerate(priorities, start=1):
        line = (
            f"[bold]{number}. {_text(item.get('title'))}[/]  "
            f"{_text(messages.get('report.mean'))} {num(item.get('mean'), language)} · "
            f"{_text(item.get('gap_text') or '–')} · "
            f"{_status(str(item.get('status')), messages)}"
        )
        items.append(Text.from_markup(line))
        if item.get("guidance"):
            items.append(
                Text.from_markup(
                    f"   [dim]{_text(messages.get('report.guidance'))}:[/] "
                    f"{_text(item['guidance'])}"
                )
            )
        for reference in item.get("references") or []:
            url = http_url(reference.get("url"))
            title = _text(reference.get("title") or reference.get("url"))
            suffix = f" [dim]{escape(url)}[/]" if url else ""
            items.append(Text.from_markup(f"   • {title}{suffix}"))
    return Group(*items)


def _strengths(context: Mapping[str, Any], messages: Mapping[str, str], language: str) -> Group:
    items: list[Any] = [Text(messages.get("report.strengths", ""), style="bold")]
    strengths = context.get("strengths") or []
    if not strengths:
        items.append(Text(messages.get("report.no_strengths", ""), style="dim"))
    for item in strengths:
        items.append(
            Text.from_markup(
                f"  [green]●[/] {_text(item.get('title'))}  "
                f"{_text(messages.get('report.mean'))} {num(item.get('mean'), language)}"
            )
        )
    return Group(*items)


def print_report(context: Mapping[str, Any], messages: Mapping[str, str], console: Console) -> None:
    """Print the summary of a report context (from `build_report_context`) to `console`.

    `messages` are the `report.*` texts in the reader's language
    (`Messages(language).domain("report")`).
    """
    language = str(context.get("language") or "en")
    # highlight=False: rich would otherwise colour every number in a sentence.
    console.print(_header(context, messages, language), highlight=False)
    console.print(_overall(context, messages, language), highlight=False)
    console.print()
    console.print(_areas_table(context, messages, language, console.width), highlight=False)
    console.print()
    console.print(_priorities(context, messages, language), highlight=False)
    console.print()
    console.print(_strengths(context, messages, language), highlight=False)
    for section in (_notes(context, messages), _reflections(context, messages)):
        if section is not None:
            console.print()
            console.print(section, highlight=False)
    console.print()
    console.print(_plan(context, messages, language), highlight=False)


def _notes(context: Mapping[str, Any], messages: Mapping[str, str]) -> Group | None:
    """The student's notes and evidence, under the statement each belongs to."""
    notes = context.get("notes") or []
    if not notes:
        return None
    items: list[Any] = [Text(messages.get("report.notes", ""), style="bold")]
    for note in notes:
        items.append(Text.from_markup(f"  [dim]{_text(note.get('text'))}[/]"))
        items.append(Text.from_markup(f"    {_text(note.get('note'))}"))
    return Group(*items)


def _reflections(context: Mapping[str, Any], messages: Mapping[str, str]) -> Group | None:
    areas = [a for a in context.get("areas") or [] if a.get("reflection")]
    if not areas:
        return None
    items: list[Any] = [Text(messages.get("report.reflections", ""), style="bold")]
    for area in areas:
        items.append(Text.from_markup(f"  [dim]{_text(area.get('title'))}[/]"))
        items.append(Text.from_markup(f"    {_text(area.get('reflection'))}"))
    return Group(*items)


def _plan(context: Mapping[str, Any], messages: Mapping[str, str], language: str) -> Group:
    """The development plan: each goal with its first step and date."""
    items: list[Any] = [Text(messages.get("report.plan", ""), style="bold")]
    goals = context.get("goals") or []
    if not goals:
        items.append(Text(messages.get("report.plan_intro", ""), style="dim"))
    for number, goal in enumerate(goals, start=1):
        about = (
            f" [dim]({_text(goal.get('component_title'))})[/]"
            if goal.get("component_title")
            else ""
        )
        items.append(Text.from_markup(f"  {number}. [bold]{_text(goal.get('text'))}[/]{about}"))
        if goal.get("actions"):
            label = _text(messages.get("report.plan_actions"))
            items.append(Text.from_markup(f"     {label}: {_text(goal['actions'])}"))
        if goal.get("due"):
            label = _text(messages.get("report.plan_due"))
            items.append(Text.from_markup(f"     {label}: {_text(date(goal['due'], language))}"))
    return Group(*items)

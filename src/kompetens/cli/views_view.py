"""`report --assessor` in the terminal: the two views per sub-area and statement, and the
largest differences in each direction as conversation starters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kompetens.report.filters import num, signed


def _diff(value: Any, language: str) -> str:
    text = signed(value, language)
    if value is None:
        return f"[dim]{text}[/]"
    if value >= 1:
        return f"[bold]{text}[/]"
    if value <= -1:
        return f"[bold]{text}[/]"
    return text


def _rating(value: Any) -> str:
    return "–" if value is None else str(value)


def print_views(
    views: Mapping[str, Any], messages: Mapping[str, str], console: Console, language: str
) -> None:
    """Print the comparison built by `kompetens.assessment.views.build_views_context`."""
    role = str(views["assessor"]["role"])
    role_genitive = messages.get(f"views.role.{role}", role)
    column = messages.get(f"views.column.{role}", role)
    console.print()
    console.rule(f"[bold]{escape(messages['views.title'].format(role=role_genitive))}[/]")
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, expand=True)
    table.add_column(
        f"{messages['report.area']} / {messages['report.subarea']} / {messages['views.statement']}",
        ratio=1,
        overflow="fold",
        min_width=20,
    )
    table.add_column(escape(messages["views.column.self"]), justify="right", no_wrap=True)
    table.add_column(escape(column), justify="right", no_wrap=True)
    table.add_column(escape(messages["views.difference"]), justify="right", no_wrap=True)
    for area in views["areas"]:
        table.add_row(
            f"[bold]{escape(area['title'])}[/]",
            num(area["self"], language),
            num(area["assessor"], language),
            _diff(area["diff"], language),
        )
        for component in area["components"]:
            table.add_row(
                f"  {escape(component['title'])}",
                num(component["self"], language),
                num(component["assessor"], language),
                _diff(component["diff"], language),
            )
            for statement in component["statements"]:
                text = escape(statement["text"])
                table.add_row(
                    f"    [bold]◆ {text}[/]" if statement.get("starter") else f"    [dim]{text}[/]",
                    _rating(statement["self"]),
                    _rating(statement["assessor"]),
                    _diff(statement["diff"], language),
                )
        table.add_section()
    overall = views["overall"]
    table.add_row(
        f"[bold]{escape(messages['report.overall'])}[/]",
        num(overall["self"], language),
        num(overall["assessor"], language),
        _diff(overall["diff"], language),
    )
    console.print(table, highlight=False)
    console.print(f"[bold]{escape(messages['views.starters'])}[/]")
    directions = (
        ("self_higher", messages["views.self_higher"]),
        (
            "assessor_higher",
            messages["views.assessor_higher"].format(
                assessor=messages.get(f"views.definite.{role}", column)
            ),
        ),
    )
    if not views["self_higher"] and not views["assessor_higher"]:
        points = num(views["starter_min"], language, 0)
        console.print(escape(messages["views.no_starters"].format(points=points)), style="dim")
    for key, heading in directions:
        if not views[key]:
            continue
        console.print(f"  [bold]{escape(heading)}[/]")
        for statement in views[key]:
            console.print(
                f"    {_diff(statement['diff'], language)}  {escape(statement['text'])} "
                f"[dim]({_rating(statement['self'])} / {_rating(statement['assessor'])})[/]",
                highlight=False,
            )

"""Terminal sections of `score` for agreement (self vs assessor) and change (`--since`).

Both read the plain-dict cohort context; suppressed blocks show only their n."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kompetens.text import numbers


def _interval(low: Any, high: Any, number: Any) -> str:
    if low is None or high is None:
        return ""
    return f" [{number(low)}; {number(high)}]"


def print_agreement(context: Mapping[str, Any], texts: Mapping[str, str], console: Console) -> None:
    language = context["language"]
    num = partial(numbers.num, language=language, digits=2)
    signed = partial(numbers.num, language=language, digits=2)
    pct = partial(numbers.pct, language=language)
    suppressed = texts["agreement.suppressed"].replace("{n}", str(context["min_group"]))
    for block in context["agreement"]:
        role = block["role_text"]
        console.print(f"\n[bold]{escape(texts['agreement.title'].format(role=role))}[/]")
        console.print(
            escape(
                texts["agreement.intro"].format(
                    pairs=block["pairs"],
                    role=role,
                    self_only=block["self_only"],
                    assessor_only=block["assessor_only"],
                )
            ),
            style="dim",
        )
        table = Table(show_edge=False, pad_edge=False, header_style="bold")
        table.add_column("", ratio=1, min_width=16, overflow="fold")
        table.add_column(texts["agreement.pairs"], justify="right", no_wrap=True)
        table.add_column(texts["agreement.diff_short"], justify="right", no_wrap=True)
        table.add_column(texts["agreement.higher_short"], justify="right", no_wrap=True)
        table.add_column("ICC(A,1)", justify="right", no_wrap=True)

        def row(item: Mapping[str, Any], title: str) -> list[str]:
            if item.get("suppressed"):
                return [title, str(item["n"]), f"[dim]{escape(suppressed)}[/]", "", ""]
            diff = signed(item["mean_diff"]) + _interval(item["ci_low"], item["ci_high"], num)
            icc = num(item["icc"]) + _interval(item["icc_ci_low"], item["icc_ci_high"], num)
            return [
                title,
                str(item["n"]),
                escape(diff),
                pct(item["self_higher_share"]),
                escape(icc),
            ]

        table.add_row(*row(block["overall"], f"[bold]{escape(texts['cohort.overall'])}[/]"))
        for area in block["areas"]:
            table.add_row(*row(area, f"[bold]{escape(area['title'])}[/]"))
            for component in area["components"]:
                table.add_row(*row(component, "  " + escape(component["title"])))
        console.print(table)


def print_change(context: Mapping[str, Any], texts: Mapping[str, str], console: Console) -> None:
    language = context["language"]
    num = partial(numbers.num, language=language, digits=2)
    change = context["change"]
    suppressed = texts["change.suppressed"].replace("{n}", str(context["min_group"]))
    console.print(f"\n[bold]{escape(texts['change.title'])}[/]")
    console.print(
        escape(
            texts["change.intro"].format(
                pairs=change["pairs"],
                new_only=len(change["new_only"]),
                old_only=len(change["old_only"]),
                step=numbers.num(change["step"], language, 1),
            )
        ),
        style="dim",
    )
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("", ratio=1, min_width=16, overflow="fold")
    table.add_column(texts["change.pairs"], justify="right", no_wrap=True)
    table.add_column(texts["change.change_short"], justify="right", no_wrap=True)
    table.add_column("p", justify="right", no_wrap=True)
    table.add_column("d_z", justify="right", no_wrap=True)
    table.add_column(texts["change.counts_short"], justify="right", no_wrap=True)

    def row(item: Mapping[str, Any], title: str) -> list[str]:
        if item.get("suppressed"):
            return [title, str(item["n"]), f"[dim]{escape(suppressed)}[/]", "", "", ""]
        mean = numbers.signed(item["mean_change"], language, 2) + _interval(
            item["ci_low"], item["ci_high"], num
        )
        p = item["wilcoxon_p"]
        counts = f"{item['improved']}/{item['stayed']}/{item['declined']}"
        return [
            title,
            str(item["n"]),
            escape(mean),
            "–" if p is None else ("<0.001" if p < 0.001 else num(p, digits=3)),
            num(item["cohens_dz"]),
            counts,
        ]

    table.add_row(*row(change["overall"], f"[bold]{escape(texts['cohort.overall'])}[/]"))
    for area in change["areas"]:
        table.add_row(*row(area, f"[bold]{escape(area['title'])}[/]"))
        for component in area["components"]:
            table.add_row(*row(component, "  " + escape(component["title"])))
    console.print(table)
    console.print(escape(texts["change.legend"]), style="dim")
    for key in ("new_only", "old_only"):
        if change[key]:
            listed = ", ".join(change[key][:20]) + (" …" if len(change[key]) > 20 else "")
            console.print(escape(texts[f"change.{key}"].format(list=listed)), style="dim")

"""A framework drawn as a rich tree for `kompetens show`."""

from __future__ import annotations

from rich.markup import escape
from rich.tree import Tree

from kompetens.model import Framework, localize
from kompetens.text.i18n import Messages
from kompetens.text.terminal import safe_text


def framework_tree(framework: Framework, level: str | None, language: str) -> Tree:
    def t(text: dict[str, str] | None) -> str:
        return escape(safe_text(localize(text, language, framework.default_language)))

    messages = Messages(language)
    levels = [level] if level else framework.level_ids
    root = Tree(f"[bold]{t(framework.title)}[/] [dim]{framework.id} v{framework.version}[/]")
    scale = root.add(f"[bold]{escape(messages('cli.text.scale'))}[/]")
    for point in framework.scale.points:
        scale.add(f"{point.value} {t(point.label)}")
    if framework.scale.cant_say:
        scale.add(f"– {t(framework.scale.cant_say.label)}")
    if framework.scale.not_applicable:
        scale.add(f"n/a {t(framework.scale.not_applicable.label)}")
    for declared in framework.levels:
        if declared.id in levels:
            root.add(
                f"[bold]{escape(declared.id)}[/] {t(declared.title)} "
                f"[dim]({escape(messages('cli.text.target', target=f'{declared.target:g}'))})[/]"
            )
    for area in framework.areas:
        area_node = root.add(f"[bold cyan]{t(area.title)}[/] [dim]{area.id}[/]")
        for component in area.components:
            node = area_node.add(f"[bold]{t(component.title)}[/] [dim]{component.id}[/]")
            for lvl in levels:
                if lvl in component.descriptors:
                    node.add(
                        f"[italic]{escape(lvl)}:[/] [italic]{t(component.descriptors[lvl])}[/]"
                    )
            for statement in component.statements:
                if level and level not in statement.levels:
                    continue
                tags = "" if level else f" [dim]({', '.join(statement.levels)})[/]"
                node.add(f"{t(statement.text)} [dim]{statement.id}[/]{tags}")
    return root

"""A rich console that never lets a control character through to the terminal.

The assessment screen shows a framework's texts and what the student typed. A framework
may hold `"\\e]0;…\\a"` in a double-quoted YAML string and a name may come from the command
line with escape sequences in it; printed raw, they retitle or clear the terminal. Every
string printed here goes through `terminal.safe_text` (line breaks are kept), so such
characters appear as visible escapes instead of being obeyed.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console

from kompetens.text.terminal import safe_text


class SafeConsole(Console):
    """`rich.console.Console` whose `print` and `rule` escape control characters."""

    def print(self, *objects: Any, **options: Any) -> None:
        super().print(*(_safe(item) for item in objects), **options)

    def rule(self, title: Any = "", *args: Any, **options: Any) -> None:
        super().rule(_safe(title), *args, **options)


def _safe(item: Any) -> Any:
    return safe_text(item) if isinstance(item, str) else item

"""Commands for educators: `score` and `template`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Educator commands are added here."""

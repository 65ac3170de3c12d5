"""Commands for students: `assess` and `report`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Student commands are added here."""

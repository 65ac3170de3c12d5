"""Commands for curriculum designers that publish and version frameworks."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Publishing commands are added here."""

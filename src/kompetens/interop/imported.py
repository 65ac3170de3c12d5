"""What an import gives back: framework data for the validator, and what was found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kompetens.framework.diagnostics import Diagnostic


@dataclass
class ImportResult:
    """Framework data in model field order (or None) and what was found on the way."""

    data: dict[str, Any] | None
    diagnostics: list[Diagnostic]
    native: bool = False
    """True when the package was written by kompetens (its document has our extension)."""


__all__ = ["ImportResult"]

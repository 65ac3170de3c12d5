"""Pydantic models of the documents kompetens reads and writes.

The result models are imported the first time one of them is asked for (PEP 562): a run
that reads only a framework and tables never builds them (about 3 ms).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kompetens.model.framework import (
    Area,
    Component,
    Framework,
    Level,
    Reference,
    Scale,
    ScalePoint,
    Statement,
)
from kompetens.model.roles import ASSESSOR_ROLES, AssessorRole
from kompetens.model.text import LocalizedText, localize

if TYPE_CHECKING:
    from kompetens.model.result import (
        Answer,
        Assessor,
        FrameworkRef,
        Goal,
        Respondent,
        Result,
    )

_RESULT_MODELS = frozenset({"Answer", "Assessor", "FrameworkRef", "Goal", "Respondent", "Result"})


def __getattr__(name: str) -> Any:
    if name in _RESULT_MODELS:
        from kompetens.model import result

        return getattr(result, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ASSESSOR_ROLES",
    "Answer",
    "Area",
    "Assessor",
    "AssessorRole",
    "Component",
    "Framework",
    "FrameworkRef",
    "Goal",
    "Level",
    "LocalizedText",
    "Reference",
    "Respondent",
    "Result",
    "Scale",
    "ScalePoint",
    "Statement",
    "localize",
]

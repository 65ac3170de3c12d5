"""Pydantic models of the documents kompetens reads and writes."""

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
from kompetens.model.result import (
    ASSESSOR_ROLES,
    Answer,
    Assessor,
    AssessorRole,
    FrameworkRef,
    Goal,
    Respondent,
    Result,
)
from kompetens.model.text import LocalizedText, localize

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

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
from kompetens.model.result import Answer, FrameworkRef, Goal, Respondent, Result
from kompetens.model.text import LocalizedText, localize

__all__ = [
    "Answer",
    "Area",
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

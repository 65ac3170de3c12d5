"""The student report as data (`report --format json`): what the reader sees, for tools.

Kept beside the rendered reports so that the JSON carries the same scores, baseline and
views as the HTML: a script that reads it (a portfolio, a learning platform) never has to
re-score anything.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

if TYPE_CHECKING:
    from kompetens.assessment.baseline import Baseline
    from kompetens.assessment.scoring import Scores
    from kompetens.model import Framework, Result


class FrameworkName(TypedDict):
    id: str
    version: str


class AcrossVersions(TypedDict):
    """A baseline made with another version of the framework: what was compared."""

    version: str
    compared: list[str]
    left_out: list[str]
    not_in_baseline: list[str]
    now: dict[str, Any]


class StudentDocument(TypedDict):
    result: str
    framework: FrameworkName
    respondent: dict[str, Any]
    completed: Any
    scores: dict[str, Any]
    baseline: dict[str, Any] | None
    views: Any
    baseline_across_versions: AcrossVersions | None


def student_document(
    result_path: Path,
    framework: Framework,
    result: Result,
    scores: Scores,
    context: Mapping[str, Any],
    baseline: Baseline | None,
) -> StudentDocument:
    """The report of `result` as one JSON-ready document."""
    across = baseline.across if baseline is not None else None
    return {
        "result": str(result_path),
        "framework": {"id": framework.id, "version": framework.version},
        "respondent": result.respondent.model_dump(),
        "completed": context["completed"],
        "scores": scores.as_dict(),
        "baseline": baseline.scores.as_dict() if baseline is not None else None,
        "views": context.get("views"),
        "baseline_across_versions": (
            {
                "version": across.old_version,
                "compared": list(across.carried),
                "left_out": list(across.left_out),
                "not_in_baseline": list(across.added),
                "now": across.now.as_dict(),
            }
            if across
            else None
        ),
    }


def student_json(document: StudentDocument) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

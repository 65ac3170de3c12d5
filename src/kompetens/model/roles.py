"""Who may give the ratings of a result: the respondent, or a mentor, teacher or peer.

Apart from the result model so that the cohort's fast readers can check a role without
building the pydantic models of a result.
"""

from __future__ import annotations

from typing import Literal

AssessorRole = Literal["self", "mentor", "teacher", "peer"]
ASSESSOR_ROLES: tuple[AssessorRole, ...] = ("self", "mentor", "teacher", "peer")

__all__ = ["ASSESSOR_ROLES", "AssessorRole"]

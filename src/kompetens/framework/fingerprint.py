"""A content fingerprint of a framework, stored in results.

Version numbers are edited by people and can be forgotten; the fingerprint changes whenever
anything a result depends on changes, so `assess --resume` and `score` can tell.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from kompetens.model.framework import Framework

LATER_FIELDS = frozenset(
    {
        "not_applicable", "level_guidance", "silence",
        "origin", "context", "related", "completion",
    }
)  # fmt: skip
"""Fields added to the format after results were first written. Left at their defaults they
are not part of the fingerprint, so a framework that does not use them keeps the
fingerprint its results were made with."""


def _without_unused_later_fields(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            key: _without_unused_later_fields(value)
            for key, value in data.items()
            if not (key in LATER_FIELDS and value in (None, {}, []))
        }
    if isinstance(data, list):
        return [_without_unused_later_fields(item) for item in data]
    return data


def fingerprint(framework: Framework) -> str:
    content = _without_unused_later_fields(framework.model_dump(mode="json"))
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]

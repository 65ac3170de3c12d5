"""A content fingerprint of a framework, stored in results.

Version numbers are edited by people and can be forgotten; the fingerprint changes whenever
anything a result depends on changes, so `assess --resume` and `score` can tell.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from kompetens.model.framework import Framework

OPTIONAL_KEYS = frozenset({"origin", "context", "related", "completion"})
"""Fields added after fingerprints were first stored: left out while empty, so that a
framework that does not use them keeps the fingerprint its results carry."""


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _canonical(item)
            for key, item in value.items()
            if not (key in OPTIONAL_KEYS and item in (None, []))
        }
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    return value


def fingerprint(framework: Framework) -> str:
    canonical = json.dumps(
        _canonical(framework.model_dump(mode="json")),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]

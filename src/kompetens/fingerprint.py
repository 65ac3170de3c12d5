"""A content fingerprint of a framework, stored in results.

Version numbers are edited by people and can be forgotten; the fingerprint changes whenever
anything a result depends on changes, so `assess --resume` and `score` can tell.
"""

from __future__ import annotations

import hashlib
import json

from kompetens.model.framework import Framework


def fingerprint(framework: Framework) -> str:
    canonical = json.dumps(
        framework.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]

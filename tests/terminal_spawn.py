"""`kompetens assess` in a real pseudo-terminal, as a student would run it (POSIX only)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect


def spawn_assess(tmp_path: Path, *args: str, lang: str = "en") -> pexpect.spawn:
    """`kompetens assess ARGS` in a 110×40 terminal without colours, in `tmp_path`."""
    env = {**os.environ, "NO_COLOR": "1", "TERM": "xterm", "KOMPETENS_LANG": lang, "COLUMNS": "110"}
    return pexpect.spawn(
        sys.executable,
        ["-m", "kompetens", "assess", *args],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 110),
    )

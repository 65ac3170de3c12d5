"""`score NEW --since OLD` when the earlier round cannot be read: a message, never a table."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from tests.test_agreement_cli import PROGRAMME


def test_an_earlier_round_without_results_is_named_after_since(cli: Any, tmp_path: Path) -> None:
    empty = tmp_path / "round-0"
    empty.mkdir()
    out = cli("score", str(PROGRAMME / "round-2"), "--since", str(empty))
    assert out.exit_code == 2
    assert "--since: no result files or tables found in" in out.stderr
    assert "round-0" in out.stderr
    assert "Change since" not in out.stdout


def test_strict_stops_at_a_broken_file_in_the_earlier_round(cli: Any, tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    shutil.copy(PROGRAMME / "round-1" / "Kuopio" / "s3007.yaml", old)
    (old / "broken.yaml").write_text("format: 1\nanswers: [\n", encoding="utf-8")
    out = cli("score", str(PROGRAMME / "round-2"), "--since", str(old), "--strict")
    assert out.exit_code == 1
    assert "broken.yaml" in out.stderr
    assert "Traceback" not in out.stderr
    assert "Change since" not in out.stdout

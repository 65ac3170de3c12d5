"""Files the tool writes: whole or not at all, with ordinary permissions."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from kompetens.files.fileio import next_free_path, write_atomic


def test_new_file_gets_the_umask_permissions(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        write_atomic(tmp_path / "report.html", "<p>hi</p>")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "report.html").stat().st_mode) == 0o644


def test_replacing_keeps_the_existing_permissions(tmp_path: Path) -> None:
    target = tmp_path / "result.yaml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    write_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "result.yaml"
    target.write_text("precious\n", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "broken \ud800 text")
    assert target.read_text(encoding="utf-8") == "precious\n"
    assert [p.name for p in tmp_path.iterdir()] == ["result.yaml"]


def test_next_free_path_counts_up(tmp_path: Path) -> None:
    first = tmp_path / "r.yaml"
    assert next_free_path(first) == first
    first.write_text("", encoding="utf-8")
    (tmp_path / "r-2.yaml").write_text("", encoding="utf-8")
    assert next_free_path(first) == tmp_path / "r-3.yaml"


def test_a_document_written_in_pieces_is_whole_or_not_at_all(tmp_path: Path) -> None:
    """A CSV made a chunk at a time: written whole, or (when making it fails halfway)
    not at all, the old file kept."""
    from kompetens.files.output import Pieces, write_file

    target = tmp_path / "scores.csv"
    write_file(target, Pieces(lambda: iter(["\ufeffa,b\r\n", "1,2\r\n", "3,4\r\n"])))
    assert target.read_bytes() == "\ufeffa,b\r\n1,2\r\n3,4\r\n".encode()

    def failing() -> Iterator[str]:
        yield "x,y\r\n"
        raise MemoryError("halfway")

    with pytest.raises(MemoryError):
        write_file(target, Pieces(failing))
    assert target.read_bytes() == "\ufeffa,b\r\n1,2\r\n3,4\r\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["scores.csv"]

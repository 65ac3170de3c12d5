"""The files a list of folders, files and globs names: each once, however it is spelt, in
the spelling it was found by, and never one that is excluded (the outputs of the run)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kompetens.assessment.inputs import expand_inputs


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    cohort = tmp_path / "cohort"
    (cohort / "inner").mkdir(parents=True)
    for name in ("a.yaml", "b.JSON", "inner/c.yml", "table.csv", ".hidden.yaml", "notes.txt"):
        (cohort / name).write_text("x", encoding="utf-8")
    (cohort / "unicode.txt").write_bytes("x".encode("utf-16"))
    return cohort


def test_a_folder_named_in_several_spellings_gives_each_file_once(folder: Path) -> None:
    specs = ["cohort", "./cohort/", "cohort/../cohort", str(folder), "cohort/a.yaml"]
    results, tables, problems = expand_inputs(specs)
    assert problems == []
    assert results == ["cohort/a.yaml", "cohort/b.JSON", "cohort/inner/c.yml"]
    assert tables == [os.path.join("cohort", "table.csv"), "cohort/unicode.txt"]  # noqa: PTH118


def test_excluded_files_are_left_out_of_a_folder(folder: Path) -> None:
    results, tables, _ = expand_inputs(
        ["./cohort"], [Path("cohort/inner/c.yml"), folder / "table.csv"]
    )
    assert results == ["./cohort/a.yaml", "./cohort/b.JSON"]
    assert tables == ["./cohort/unicode.txt"]

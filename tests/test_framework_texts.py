"""Texts about a framework that several commands print: one wording, in the interface language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

COMMANDS = [
    ("show", "sote-client-work", "--level", "nqf9"),
    ("export", "sote-client-work", "--to", "md", "--level", "nqf9", "-o", "x.md"),
    ("template", "sote-client-work", "--level", "nqf9", "-o", "x.csv"),
    ("form", "sote-client-work", "--level", "nqf9", "-o", "x.html"),
    ("assess", "sote-client-work", "--level", "nqf9", "--out", "x.yaml"),
]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "unknown level 'nqf9'; this framework has: nqf6, nqf7"),
        ("fi", "tuntematon taso 'nqf9'; tämän kehyksen tasot: nqf6, nqf7"),
        ("sv", "okänd nivå 'nqf9'; det här ramverket har: nqf6, nqf7"),
    ],
)
def test_every_command_refuses_an_unknown_level_in_the_same_words(
    cli: Any, monkeypatch: pytest.MonkeyPatch, language: str, expected: str
) -> None:
    monkeypatch.setenv("KOMPETENS_LANG", language)
    for command in COMMANDS:
        result = cli(*command)
        assert result.exit_code == 2, (command, result.stderr)
        assert expected in result.stderr, (command, result.stderr)
        assert not any(Path().iterdir()), f"{command[0]} wrote something"


def test_validate_summary_in_the_interface_language(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KOMPETENS_LANG", "sv")
    result = cli("validate", "--builtin", "--no-lint")
    assert result.exit_code == 0, result.stderr
    assert "filer kontrollerade: " in result.stderr
    assert "; 0 fel, 0 varningar" in result.stderr


def test_validate_summary_counts_one_file_in_the_singular(cli: Any, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [\n", encoding="utf-8")
    result = cli("validate", str(broken))
    assert result.exit_code == 1
    assert "1 file checked: 0 valid, 1 invalid; 1 error, 0 warnings" in result.stderr


def test_frameworks_listing_in_the_interface_language(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    english = cli("frameworks")
    monkeypatch.setenv("KOMPETENS_LANG", "sv")
    swedish = cli("frameworks")
    assert english.exit_code == swedish.exit_code == 0
    assert "sote-client-work (default)  v" in english.stdout
    assert "sote-client-work (standard)  v" in swedish.stdout
    assert "    nivåer: nqf6, nqf7; språk: fi, sv, en; " in swedish.stdout
    assert "    tidigare version 1.0.0: sote-client-work@1.0.0" in swedish.stdout
    assert len(english.stdout.splitlines()) == len(swedish.stdout.splitlines())

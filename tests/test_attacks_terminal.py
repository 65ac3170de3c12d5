"""Attacks on the terminal: what people typed is shown, never obeyed.

A respondent's name, a note, a file name or a framework's text may hold escape sequences
that retitle the terminal (`ESC ]0;…BEL`), clear it (`ESC [2J`), overwrite a line (`CR`) or
reorder it (bidirectional overrides), or a newline that forges a diagnostic of its own.
"""

from __future__ import annotations

import io
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pexpect
import pytest
import yaml
from typer.testing import CliRunner

from kompetens.cli.app import app
from kompetens.framework.diagnostics import Diagnostic, Severity
from kompetens.text.terminal import quoted_name, safe_text

ROOT = Path(__file__).resolve().parents[1]
RESULT = ROOT / "examples" / "student" / "aino-2026-spring.yaml"
MINIMAL = Path(__file__).parent / "data" / "minimal.yaml"
EVIL = "\x1b]0;PWNED\x07\x1b[2J\x1b[HEvil\rName\u202egnp.exe\x9b31m"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def invoke(*args: str | Path) -> Any:
    return CliRunner().invoke(app, [str(a) for a in args], env={"KOMPETENS_LANG": "en"})


def _clean(text: str) -> None:
    found = RAW.findall(text)
    assert not found, f"control characters reached the terminal: {found!r}"


def _result(path: Path, *, name: str, note: str, student: str = "s1") -> Path:
    data = yaml.safe_load(RESULT.read_text(encoding="utf-8"))
    data["respondent"] = {"id": student, "name": name}
    first = next(iter(data["answers"]))
    data["answers"][first]["note"] = note
    data["answers"][first]["rating"] = 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_name_with_escape_sequences_does_not_reach_the_cohort_summary(tmp_path: Path) -> None:
    _result(tmp_path / "c" / "a.yaml", name=EVIL, note=EVIL)
    result = invoke("score", tmp_path / "c")
    assert result.exit_code == 0, result.output
    _clean(result.output)
    assert "\\x1b]0;PWNED\\x07" in result.stdout, "the name is shown, escaped"


def test_a_name_and_a_note_with_escape_sequences_in_the_terminal_report(tmp_path: Path) -> None:
    path = _result(tmp_path / "r.yaml", name=EVIL, note=EVIL)
    result = invoke("report", path, "--lang", "en")
    assert result.exit_code == 0, result.output
    _clean(result.output)
    assert "PWNED" in result.stdout


def test_a_file_name_with_a_newline_cannot_forge_a_diagnostic(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    forged = "x\nfake.yaml:1:1: error [forged] all is well.yaml"
    (folder / forged).write_text("not: [valid", encoding="utf-8")
    result = invoke("score", folder)
    assert result.exit_code in (1, 2)
    lines = result.stderr.splitlines()
    assert not any(line.startswith("fake.yaml") for line in lines), lines
    assert any(line.startswith('"') and "x\\x0afake.yaml" in line for line in lines), lines
    _clean(result.stderr)


def test_a_file_name_with_escape_sequences_is_quoted_in_diagnostics(tmp_path: Path) -> None:
    name = "\x1b[2Jresult\x07.yaml"
    (tmp_path / name).write_text("answers: [", encoding="utf-8")
    result = invoke("report", tmp_path / name)
    assert result.exit_code in (1, 2)
    _clean(result.output)
    assert "\\x1b[2Jresult\\x07.yaml" in result.stderr


def test_framework_text_with_escape_sequences_in_show_validate_and_diff(tmp_path: Path) -> None:
    framework = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    framework["title"]["en"] = EVIL
    framework["areas"][0]["components"][0]["statements"][0]["text"]["en"] = EVIL
    path = tmp_path / "evil.yaml"
    path.write_text(yaml.safe_dump(framework, allow_unicode=True), encoding="utf-8")
    shown = invoke("show", path, "--lang", "en")
    assert shown.exit_code == 0, shown.output
    _clean(shown.output)
    assert "PWNED" in shown.stdout
    diffed = invoke("diff", MINIMAL, path)
    _clean(diffed.output)
    framework["levels"][0]["id"] = "basic\x1b[2J"
    path.write_text(yaml.safe_dump(framework, allow_unicode=True), encoding="utf-8")
    validated = invoke("validate", path)
    assert validated.exit_code == 1
    _clean(validated.output)


def test_error_messages_that_repeat_what_was_typed_are_escaped(tmp_path: Path) -> None:
    result = invoke("report", "r.yaml", "--framework", "\x1b]0;x\x07nope")
    _clean(result.output)
    result = invoke("export", "\x1b[2Jmissing-framework", "--to", "md")
    assert result.exit_code == 2
    _clean(result.output)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain name", "plain name"),
        ("tab\there", "tab\\x09here"),
        ("bell\x07", "bell\\x07"),
        ("rtl\u202eexe.txt", "rtl\\u202eexe.txt"),
        ("c1\x9bcsi", "c1\\x9bcsi"),
        ("Äiti Ölund", "Äiti Ölund"),
    ],
)
def test_safe_text_on_one_line(text: str, shown: str) -> None:
    assert safe_text(text, lines=False) == shown


def test_quoted_names_stay_one_line_and_plain_names_stay_plain(tmp_path: Path) -> None:
    assert quoted_name("cohort/s1.yaml") == "cohort/s1.yaml"
    assert quoted_name("Pekka Korhonen.csv") == "Pekka Korhonen.csv"
    assert quoted_name("a\nb.yaml") == '"a\\x0ab.yaml"'
    assert quoted_name('say "hi".yaml') == '"say \\"hi\\".yaml"'
    diagnostic = Diagnostic("a\nb", 1, 1, Severity.ERROR, "x", "p\nq", "m\r\x1b[2J")
    assert "\n" not in diagnostic.as_text() and "\x1b" not in diagnostic.as_text()
    assert "\x1b" not in diagnostic.as_github()


def test_the_score_summary_escapes_text_on_a_colour_terminal_too(tmp_path: Path) -> None:
    """Escaping happens to the text before rich adds its own codes for styling."""
    from rich.console import Console

    from kompetens.cli.cohort_summary import print_summary

    shutil.copy(RESULT, tmp_path / "a.yaml")
    console = Console(force_terminal=True, color_system="standard", width=100, record=True)
    context: dict[str, Any] = {
        "language": "en",
        "level": {"title": EVIL, "target": 3.0},
        "framework": {"title": "F"},
        "overall": {"n": 1, "mean": 3.0, "sd": None, "median": 3.0, "meets": 1.0},
        "areas": [],
        "furthest": [],
        "min_group": 5,
        "groups": [],
        "support": [{"respondent": "s1", "name": EVIL, "overall": 2.0, "gap": 1.0}],
        "quality": [],
        "counts": {"scored": 1, "rejected": 0},
    }
    texts = {
        key: key
        for key in [
            "cohort.title",
            "cohort.target",
            "cohort.n",
            "cohort.mean_short",
            "cohort.sd",
            "cohort.median_short",
            "cohort.meets_short",
            "cohort.alpha_short",
            "cohort.overall",
            "cohort.support",
            "cohort.gap",
            "cohort.scored_rejected",
        ]
    }
    print_summary(context, texts, console)
    text = console.export_text(styles=False)
    _clean(text)
    assert "\\x1b]0;PWNED" in text


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_the_assessment_screen_shows_escape_sequences_instead_of_obeying_them(
    tmp_path: Path, assess_pty: Callable[..., pexpect.spawn]
) -> None:
    framework = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    framework["title"]["en"] = EVIL
    component = framework["areas"][0]["components"][0]
    component["statements"][0]["text"]["en"] = EVIL
    path = tmp_path / "evil.yaml"
    path.write_text(yaml.safe_dump(framework, allow_unicode=True), encoding="utf-8")
    level = framework["levels"][0]["id"]
    child = assess_pty(str(path), "--level", level, "--name", EVIL, "--id", "s1")
    screen = io.StringIO()
    child.logfile_read = screen
    child.expect("PWNED.*PWNED")  # the title, then the first statement
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    shown = screen.getvalue()
    # rich's own styling uses escape sequences; the framework's and the name's must not pass.
    for raw in ("\x1b]0;PWNED", "\x1b[2J", "\x1b[HEvil", "\u202e", "\x9b31m"):
        assert raw not in shown, f"{raw!r} reached the terminal"
    assert "\\x1b]0;PWNED" in shown

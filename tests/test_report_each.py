"""`report DIR… --each -o OUTDIR`: one report per result, named by respondent id."""

from __future__ import annotations

import html
import os
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest

from kompetens.model import Framework, Respondent
from tests.conftest import MINIMAL
from tests.test_report_assessor import MENTOR, SELF, _write

ROOT = Path(__file__).parents[1]


@pytest.fixture
def hand_ins(tmp_path: Path, minimal: Framework) -> Path:
    folder = tmp_path / "hand-ins"
    (folder / "campus").mkdir(parents=True)
    _write(folder / "a.yaml", minimal, SELF, respondent=Respondent(id="s1", name="Aino"))
    _write(folder / "campus" / "b.yaml", minimal, MENTOR, respondent=Respondent(id="s2"))
    _write(
        folder / "campus" / "a-mentor.yaml",
        minimal,
        MENTOR,
        respondent=Respondent(id="s1", name="Aino"),
        role="mentor",
    )
    _write(folder / "c-mentor.yaml", minimal, MENTOR, respondent=Respondent(id="s3"), role="mentor")
    (folder / "broken.yaml").write_text("format: 1\nlevel: [\n", encoding="utf-8")
    return folder


def _each(cli: Any, *args: str) -> Any:
    return cli("report", *args, "--each", "--framework", str(MINIMAL))


def test_one_report_per_student_with_the_mentor_beside_and_broken_files_listed(
    cli: Any, hand_ins: Path, tmp_path: Path
) -> None:
    out = _each(cli, str(hand_ins), "-o", str(tmp_path / "reports"))
    assert out.exit_code == 1  # one input could not be used
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == [
        "s1.html",
        "s2.html",
        "s3-mentor.html",  # a mentor's rating with no self-assessment beside it
    ]
    s1 = html.unescape((tmp_path / "reports" / "s1.html").read_text(encoding="utf-8"))
    assert "Your view and the mentor's view" in s1
    assert "Aino" in s1
    assert s1.index("Contains personal data") < s1.index('id="views"')
    s2 = (tmp_path / "reports" / "s2.html").read_text(encoding="utf-8")
    assert 'id="views"' not in s2
    assert "broken.yaml:" in out.stderr
    assert "wrote 3 report(s)" in out.stderr
    assert "(1 with an assessor's view)" in out.stderr
    assert "1 input file(s) could not be used" in out.stderr


def test_markdown_and_files_named_directly(cli: Any, hand_ins: Path, tmp_path: Path) -> None:
    out = _each(cli, str(hand_ins / "a.yaml"), "-o", str(tmp_path / "md"), "--format", "md")
    assert out.exit_code == 0, out.stderr
    assert [p.name for p in (tmp_path / "md").iterdir()] == ["s1.md"]


def test_existing_reports_are_never_overwritten_without_force(
    cli: Any, hand_ins: Path, tmp_path: Path
) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    kept = reports / "s2.html"
    kept.write_text("my edited report", encoding="utf-8")
    out = _each(
        cli, str(hand_ins / "campus" / "b.yaml"), str(hand_ins / "a.yaml"), "-o", str(reports)
    )
    assert out.exit_code == 2
    assert "s2.html" in out.stderr
    assert "nothing was written" in out.stderr
    assert kept.read_text(encoding="utf-8") == "my edited report"
    assert not (reports / "s1.html").exists()
    forced = _each(cli, str(hand_ins / "campus" / "b.yaml"), "-o", str(reports), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert "<!DOCTYPE html>" in kept.read_text(encoding="utf-8")


def test_usage_errors(cli: Any, hand_ins: Path, tmp_path: Path) -> None:
    no_folder = _each(cli, str(hand_ins))
    assert no_folder.exit_code == 2
    assert "-o OUTDIR" in no_folder.stderr
    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    onto_file = _each(cli, str(hand_ins), "-o", str(a_file))
    assert onto_file.exit_code == 2
    assert a_file.read_text(encoding="utf-8") == "x"
    two = cli("report", str(hand_ins / "a.yaml"), str(hand_ins / "campus" / "b.yaml"))
    assert two.exit_code == 2
    assert "--each" in two.stderr
    folder = cli("report", str(hand_ins))
    assert folder.exit_code == 2
    assert "--each -o OUTDIR" in folder.stderr
    missing = _each(cli, str(tmp_path / "nowhere"), "-o", str(tmp_path / "r"))
    assert missing.exit_code == 1
    assert "nowhere" in missing.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_progress_bar_on_a_terminal_only(cli: Any, tmp_path: Path) -> None:
    hand_ins = ROOT / "examples" / "cohort" / "hand-ins"
    piped = cli("report", str(hand_ins), "--each", "-o", str(tmp_path / "piped"))
    assert "Writing reports" not in piped.stderr
    child = pexpect.spawn(
        sys.executable,
        ["-m", "kompetens", "report", str(hand_ins), "--each", "-o", str(tmp_path / "tty")],
        env={**os.environ, "TERM": "xterm", "KOMPETENS_LANG": "en"},
        encoding="utf-8",
        timeout=60,
        dimensions=(24, 100),
    )
    child.expect("Writing reports")
    child.expect(pexpect.EOF)
    child.close()
    assert len(list((tmp_path / "tty").iterdir())) == len(list((tmp_path / "piped").iterdir()))


def test_each_refuses_terminal_and_json_formats(cli: Any, hand_ins: Path, tmp_path: Path) -> None:
    out = _each(cli, str(hand_ins), "-o", str(tmp_path / "r"), "--format", "json")
    assert out.exit_code == 2
    assert "html or md" in out.stderr
    assert not (tmp_path / "r").exists()

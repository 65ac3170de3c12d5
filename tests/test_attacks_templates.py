"""Attacks through `report --template`: a template a student may get from anyone.

It may read only files beside it and the built-in templates, and it is stopped, with a
clear message and quickly, when it loops for ever, builds a huge number or string, or
writes too much.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kompetens.cli.app import app
from kompetens.report import ReportTemplateError, limits, render_student_report

ROOT = Path(__file__).resolve().parents[1]
RESULT = ROOT / "examples" / "student" / "aino-2026-spring.yaml"
CONTEXT: dict[str, Any] = {"language": "en", "areas": [], "title": "x"}


def _template(folder: Path, source: str, name: str = "mine.md.j2") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(source, encoding="utf-8")
    return path


def _refused(template: Path, *words: str, within: float = 5.0) -> str:
    started = time.monotonic()
    with pytest.raises(ReportTemplateError) as caught:
        render_student_report(CONTEXT, "md", template=template)
    assert time.monotonic() - started < within
    message = str(caught.value)
    for word in words:
        assert word in message, message
    return message


# --- what a template may read ---------------------------------------------------------------


def test_a_hidden_file_beside_the_template_cannot_be_included(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("PASSWORD=hunter2\n", encoding="utf-8")
    template = _template(tmp_path, "{% include '.env' %}")
    message = _refused(template, "hidden file")
    assert "hunter2" not in message


def test_a_hidden_folder_cannot_be_included_from(tmp_path: Path) -> None:
    _template(tmp_path / ".git", "secret-config", "config")
    _refused(_template(tmp_path, "{% include '.git/config' %}"), "hidden file")


def test_a_link_that_leads_out_of_the_folder_cannot_be_included(tmp_path: Path) -> None:
    outside = tmp_path / "private" / "diary.txt"
    outside.parent.mkdir()
    outside.write_text("my secrets\n", encoding="utf-8")
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "diary.txt").symlink_to(outside)
    (folder / "up").symlink_to(tmp_path / "private", target_is_directory=True)
    for include in ("diary.txt", "up/diary.txt"):
        message = _refused(_template(folder, f"{{% include '{include}' %}}"), "leads out")
        assert "my secrets" not in message


def test_parent_folders_cannot_be_reached(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("no\n", encoding="utf-8")
    _refused(_template(tmp_path / "t", "{% include '../secret.txt' %}"), "secret.txt")


def test_files_beside_the_template_and_built_in_templates_still_work(tmp_path: Path) -> None:
    _template(tmp_path, "part {{ title }}", "part.md.j2")
    (tmp_path / "alias.md.j2").symlink_to(tmp_path / "part.md.j2")
    template = _template(tmp_path, "{% include 'part.md.j2' %}/{% include 'alias.md.j2' %}")
    assert render_student_report(CONTEXT, "md", template=template) == "part x/part x"


def test_a_template_can_extend_the_built_in_report(tmp_path: Path) -> None:
    template = _template(tmp_path, '{% extends "kompetens/report.md.j2" %}')
    result = CliRunner().invoke(
        app, ["report", str(RESULT), "--template", str(template), "-f", "md", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert "Self-assessment report" in result.stdout


# --- how long it may run and how much it may make --------------------------------------------


@pytest.fixture
def short_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "TIME_LIMIT", 1.5)


@pytest.mark.parametrize(
    "source",
    [
        "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}",
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
        "{% for a in range(99999) %}{% for b in 'x' * 99999 %}{{ loop.index }}{% endfor %}"
        "{% endfor %}",
    ],
    ids=["loops writing", "silent loops", "loops over strings"],
)
def test_a_loop_inside_a_loop_is_stopped(tmp_path: Path, source: str, short_limits: None) -> None:
    if not limits._can_fork():
        pytest.skip("the time limit needs a child process")
    _refused(_template(tmp_path, source), "stopped", "longer than 1.5 seconds", within=6.0)


def test_a_huge_power_is_refused_at_once(tmp_path: Path) -> None:
    _refused(_template(tmp_path, "{{ 10**(10**9) }}"), "too large a number", within=3.0)
    _refused(_template(tmp_path, "{% set n = 10**9 %}{{ 7 ** n }}"), "too large", within=3.0)


def test_a_huge_repetition_is_refused_at_once(tmp_path: Path) -> None:
    _refused(_template(tmp_path, "{{ 'a' * 4000000000 }}"), "output limit", within=3.0)
    _refused(_template(tmp_path, "{{ [1, 2] * 4000000000 }}"), "output limit", within=3.0)


def test_a_template_that_needs_gigabytes_is_stopped_by_the_memory_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not limits._can_fork():
        pytest.skip("the memory limit needs a child process")
    monkeypatch.setattr(limits, "MEMORY_LIMIT", 256 * 1024 * 1024)
    template = _template(tmp_path, "{{ 'a'|center(4000000000) }}")
    _refused(template, "stopped", "256 MB", within=10.0)


def test_too_much_output_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "OUTPUT_LIMIT", 10_000)
    source = "{% for a in range(1000) %}{{ 'line of text ' * 5 }}{% endfor %}"
    _refused(_template(tmp_path, source), "longer than 10,000 characters")


def test_without_fork_time_and_output_are_still_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where there is no fork (Windows), the rendering stops itself as it writes."""
    monkeypatch.setattr(limits, "_can_fork", lambda: False)
    monkeypatch.setattr(limits, "TIME_LIMIT", 1.0)
    writing = "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}"
    _refused(_template(tmp_path, writing), "longer than 1 seconds", within=6.0)
    monkeypatch.setattr(limits, "OUTPUT_LIMIT", 1000)
    _refused(_template(tmp_path, "{% for a in range(500) %}xyz{% endfor %}"), "longer than 1,000")


def test_the_command_line_reports_a_stopped_template_as_exit_1(
    tmp_path: Path, short_limits: None
) -> None:
    if not limits._can_fork():
        pytest.skip("the time limit needs a child process")
    shutil.copy(RESULT, tmp_path / "r.yaml")
    template = _template(
        tmp_path, "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}"
    )
    started = time.monotonic()
    result = CliRunner().invoke(
        app, ["report", str(tmp_path / "r.yaml"), "--template", str(template), "-f", "md"]
    )
    assert time.monotonic() - started < 6.0
    assert result.exit_code == 1
    assert "stopped" in result.stderr and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.md.j2", "r.yaml"]


def test_a_hidden_template_named_on_the_command_line_is_still_used(tmp_path: Path) -> None:
    """The rule is about what a template pulls in, not about the file the user chose."""
    template = _template(tmp_path, "mine: {{ title }}", ".my-report.md.j2")
    assert render_student_report(CONTEXT, "md", template=template) == "mine: x"
    (tmp_path / ".other.md.j2").write_text("other", encoding="utf-8")
    including = _template(tmp_path, "{% include '.other.md.j2' %}", ".including.md.j2")
    _refused(including, "hidden file")

"""Attacks on the output layer: nothing a person wrote is ever replaced by accident.

Each test builds its own inputs, runs the real command and checks what a user would see:
the exit code, the message, and that the file on disk is still what it was.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kompetens.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
RESULT = ROOT / "examples" / "student" / "aino-2026-spring.yaml"
MINIMAL = Path(__file__).parent / "data" / "minimal.yaml"
KEY = "correct-horse-battery-staple-2025"


def invoke(*args: str | Path, input: str | None = None) -> Any:
    environment = {"KOMPETENS_PSEUDONYM_KEY": KEY, "KOMPETENS_LANG": "en", "COLUMNS": "100"}
    return CliRunner().invoke(app, [str(a) for a in args], env=environment, input=input)


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a student's result, a framework and a cohort folder of two hand-ins."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(RESULT, tmp_path / "r.yaml")
    shutil.copy(MINIMAL, tmp_path / "fw.yaml")
    (tmp_path / "export.csv").write_text("id;K1[SQ001];K1[SQ002]\ns1;3;4\n", encoding="utf-8")
    cohort = tmp_path / "cohort"
    cohort.mkdir()
    shutil.copy(RESULT, cohort / "a.yaml")
    text = RESULT.read_text(encoding="utf-8").replace("s1234567", "s7654321")
    (cohort / "b.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def _unchanged(path: Path, before: bytes) -> bool:
    return path.read_bytes() == before


def _refused(result: Any, *words: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for word in words:
        assert word in result.stderr, result.stderr


# --- an input is never replaced, not even with --force -----------------------------------


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_report_refuses_to_replace_its_own_result(work: Path, force: list[str]) -> None:
    before = (work / "r.yaml").read_bytes()
    result = invoke("report", "r.yaml", "-o", "r.yaml", "--format", "html", *force)
    _refused(result, "r.yaml", "one of the inputs")
    assert _unchanged(work / "r.yaml", before)


def test_report_refuses_the_result_under_another_name(work: Path) -> None:
    """A symbolic link and a hard link to the result are the same file."""
    before = (work / "r.yaml").read_bytes()
    (work / "link.html").symlink_to(work / "r.yaml")
    os.link(work / "r.yaml", work / "hard.html")
    for name in ("link.html", "hard.html", "./sub/../r.yaml"):
        (work / "sub").mkdir(exist_ok=True)
        result = invoke("report", "r.yaml", "-o", name, "--force")
        _refused(result, "one of the inputs")
    assert _unchanged(work / "r.yaml", before)


def test_report_refuses_to_replace_the_baseline_or_template(work: Path) -> None:
    shutil.copy(work / "r.yaml", work / "mentor.yaml")
    before = (work / "mentor.yaml").read_bytes()
    result = invoke("report", "r.yaml", "--assessor", "mentor.yaml", "-o", "mentor.yaml", "--force")
    _refused(result, "one of the inputs")
    assert _unchanged(work / "mentor.yaml", before)
    shutil.copy(work / "r.yaml", work / "old.yaml")
    template = work / "mine.md.j2"
    template.write_text("{{ overall.mean }}\n", encoding="utf-8")
    for output, extra in (("old.yaml", ["--baseline", "old.yaml"]), (template.name, [])):
        before = (work / output).read_bytes()
        result = invoke(
            "report", "r.yaml", *extra, "--template", template, "-f", "md", "-o", output, "--force"
        )
        _refused(result, "one of the inputs")
        assert _unchanged(work / output, before)


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_score_refuses_to_replace_a_hand_in_found_in_a_folder(work: Path, force: list[str]) -> None:
    before = (work / "cohort" / "b.yaml").read_bytes()
    for option in ("--csv", "--json", "--report"):
        target = "cohort/b.yaml" if option != "--report" else "cohort/b.md"
        if option == "--report":
            (work / "cohort" / "b.md").symlink_to(work / "cohort" / "b.yaml")
        result = invoke("score", "cohort", option, target, *force)
        _refused(result, "one of the inputs")
        assert _unchanged(work / "cohort" / "b.yaml", before)


def test_score_refuses_to_replace_the_key_file_or_framework(work: Path) -> None:
    key = work / "pseudonym.key"
    key.write_text(KEY, encoding="utf-8")
    result = invoke("score", "cohort", "--pseudonymize", "--key-file", key, "--csv", key, "--force")
    _refused(result, "one of the inputs")
    assert key.read_text(encoding="utf-8") == KEY
    before = (work / "fw.yaml").read_bytes()
    result = invoke("score", "cohort", "--framework", "fw.yaml", "--json", "fw.yaml", "--force")
    _refused(result, "one of the inputs")
    assert _unchanged(work / "fw.yaml", before)


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_export_refuses_to_replace_the_framework(work: Path, force: list[str]) -> None:
    before = (work / "fw.yaml").read_bytes()
    result = invoke("export", "fw.yaml", "--to", "md", "-o", "fw.yaml", *force)
    _refused(result, "one of the inputs")
    assert _unchanged(work / "fw.yaml", before)


def test_template_import_and_assess_refuse_their_inputs(work: Path) -> None:
    before = (work / "fw.yaml").read_bytes()
    result = invoke("template", "fw.yaml", "--level", "basic", "-o", "fw.yaml", "--force")
    _refused(result, "one of the inputs")
    assert _unchanged(work / "fw.yaml", before)
    assert invoke("export", "fw.yaml", "--to", "case-json", "-o", "fw.json").exit_code == 0
    package = (work / "fw.json").read_bytes()
    result = invoke("import", "fw.json", "-o", "fw.json", "--force")
    _refused(result, "one of the inputs")
    assert _unchanged(work / "fw.json", package)
    export = (work / "export.csv").read_bytes()
    result = invoke("columns", "export.csv", "--level", "nqf6", "-o", "export.csv", "--force")
    _refused(result, "one of the inputs")
    assert _unchanged(work / "export.csv", export)
    answers = work / "answers.yaml"
    answers.write_text("alpha.one.1: 3\n", encoding="utf-8")
    kept = answers.read_bytes()
    result = invoke(
        "assess", "fw.yaml", "--level", "basic", "--answers", answers, "-o", answers, "--force"
    )
    _refused(result, "one of the inputs")
    assert _unchanged(answers, kept)


def test_two_outputs_cannot_be_one_file(work: Path) -> None:
    result = invoke("score", "cohort", "--csv", "out.txt", "--json", "./out.txt")
    _refused(result, "two outputs")
    assert not (work / "out.txt").exists()


# --- an existing file needs --force -------------------------------------------------------

WRITERS: dict[str, list[str]] = {
    "report": ["report", "r.yaml", "--lang", "en", "-f", "md", "-o", "{out}"],
    "report-term": ["report", "r.yaml", "--lang", "en", "-o", "{out}"],
    "export": ["export", "fw.yaml", "--to", "md", "-o", "{out}"],
    "score --csv": ["score", "cohort", "--csv", "{out}"],
    "score --json": ["score", "cohort", "--json", "{out}"],
    "score --report": ["score", "cohort", "--report", "{out}.md"],
    "template": ["template", "fw.yaml", "--level", "basic", "-o", "{out}"],
    "schema": ["schema", "result", "-o", "{out}"],
    "new": ["new", "my-framework", "-o", "{out}.yaml"],
    "columns": ["columns", "export.csv", "--level", "nqf6", "-o", "{out}.yaml"],
    "assess": [
        "assess",
        "fw.yaml",
        "--level",
        "basic",
        "--answers",
        "answers.yaml",
        "-o",
        "{out}.yaml",
    ],
}


def _command(name: str, out: str) -> list[str]:
    return [word.replace("{out}", out) for word in WRITERS[name]]


def _target(name: str, out: str) -> str:
    return next(w for w in _command(name, out) if w.startswith(out))


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_every_writer_refuses_an_existing_file_without_force(work: Path, name: str) -> None:
    answers = "alpha.one.1: 3\nalpha.one.2: 2\nalpha.two.1: 3\nbeta.one.1: 4\n"
    (work / "answers.yaml").write_text(answers, encoding="utf-8")
    target = work / _target(name, "existing")
    target.write_text("precious\n", encoding="utf-8")
    result = invoke(*_command(name, "existing"))
    _refused(result, "already exists", "--force")
    assert target.read_text(encoding="utf-8") == "precious\n"
    forced = invoke(*_command(name, "existing"), "--force")
    assert forced.exit_code in (0, 1), forced.output
    assert target.read_text(encoding="utf-8") != "precious\n"
    if name != "assess":  # assess names its file in its own closing lines
        assert f"wrote {target.name}" in forced.stderr
        assert "wrote" not in forced.stdout


@pytest.mark.parametrize("name", sorted(set(WRITERS) - {"assess"}))
def test_dash_means_standard_output_everywhere(work: Path, name: str) -> None:
    command = [w if not w.startswith("{out}") else "-" for w in WRITERS[name]]
    result = invoke(*command)
    assert result.exit_code in (0, 1), result.output
    assert result.stdout.strip(), "the document goes to standard output"
    assert not (work / "-").exists()
    assert "wrote" not in result.stderr


def test_assess_refuses_standard_output_with_a_reason(work: Path) -> None:
    result = invoke("assess", "fw.yaml", "--level", "basic", "-o", "-", input="3\n")
    _refused(result, "--out", "saved after every answer")
    assert not (work / "-").exists()


def test_only_one_output_can_be_standard_output(work: Path) -> None:
    result = invoke("score", "cohort", "--csv", "-", "--json", "-")
    _refused(result, "standard output", "--csv", "--json")


# --- a folder that cannot take the file is named before any work --------------------------

FOLDER_WRITERS = sorted(set(WRITERS) - {"report-term"})


@pytest.mark.parametrize("name", FOLDER_WRITERS)
def test_missing_folder_is_a_clear_error_before_any_work(work: Path, name: str) -> None:
    (work / "answers.yaml").write_text("alpha.one.1: 3\n", encoding="utf-8")
    result = invoke(*_command(name, "missing/out"))
    _refused(result, "missing", "does not exist")
    assert "Traceback" not in result.output
    assert not (work / "missing").exists()


@pytest.mark.parametrize("name", FOLDER_WRITERS)
def test_a_file_in_place_of_the_folder_is_a_clear_error(work: Path, name: str) -> None:
    (work / "answers.yaml").write_text("alpha.one.1: 3\n", encoding="utf-8")
    (work / "plain").write_text("x", encoding="utf-8")
    result = invoke(*_command(name, "plain/out"))
    _refused(result, "plain", "not a folder")


def test_a_folder_as_the_output_is_refused(work: Path) -> None:
    (work / "out.md").mkdir()
    result = invoke("report", "r.yaml", "-o", "out.md", "--force")
    _refused(result, "out.md", "is a folder")
    assert (work / "out.md").is_dir()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into any folder")
def test_read_only_folder_is_refused_before_any_work(work: Path) -> None:
    locked = work / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = invoke("score", "cohort", "--csv", "locked/out.csv")
        _refused(result, "locked", "not writable")
    finally:
        locked.chmod(0o755)


def test_read_only_folder_is_checked_with_the_systems_own_answer(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`os.access` is what the check asks (root always gets yes, so it is simulated here)."""
    real_access = os.access

    def access(path: Any, mode: int, **kwargs: Any) -> bool:
        if Path(path).name == "locked" and mode & os.W_OK:
            return False
        return real_access(path, mode, **kwargs)

    (work / "locked").mkdir()
    monkeypatch.setattr(os, "access", access)
    for command in (
        ["score", "cohort", "--report", "locked/c.html"],
        ["report", "r.yaml", "-o", "locked/r.html"],
        ["export", "fw.yaml", "-o", "locked/f.md"],
    ):
        result = invoke(*command)
        _refused(result, "locked", "not writable")
    assert not any((work / "locked").iterdir())


def test_a_write_the_system_refuses_is_exit_2_and_keeps_the_old_file(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kompetens.files.fileio

    def full_disk(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    (work / "out.md").write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(kompetens.files.fileio, "write_atomic_bytes", full_disk)
    result = invoke("report", "r.yaml", "-o", "out.md", "--force")
    _refused(result, "out.md", "No space left on device")
    assert (work / "out.md").read_text(encoding="utf-8") == "old\n"

"""`kompetens assess` without a terminal: answers files, piped input, files it writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import MINIMAL, run_kompetens

ALL_BASIC = "alpha.one.1: 3\nalpha.one.2: {rating: 2, note: 'Handled a complaint'}\nalpha.two.1: '-'\nbeta.one.1: Independently\n"


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def test_answers_file_writes_completed_result(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "answers.yaml").write_text(ALL_BASIC, encoding="utf-8")
    result = cli(
        "assess",
        str(MINIMAL),
        "--level",
        "basic",
        "--answers",
        "answers.yaml",
        "--name",
        "Aino",
        "--id",
        "s1234567",
    )
    assert result.exit_code == 0, result.output
    written = tmp_path / f"mini-basic-{dt.date.today().isoformat()}.yaml"
    data = _load(written)
    assert data["completed"] is not None
    assert data["respondent"] == {"name": "Aino", "id": "s1234567"}
    assert data["answers"]["alpha.one.2"] == {"rating": 2, "note": "Handled a complaint"}
    assert data["answers"]["alpha.two.1"]["rating"] is None
    assert data["answers"]["beta.one.1"]["rating"] == 3  # scale label accepted
    assert data["framework"]["fingerprint"].startswith("sha256:")


def test_answers_file_problems_are_located_and_nothing_is_written(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "answers.yaml").write_text(
        "alpha.one.1: 3\nalpha.one.9: 2\nbeta.one.1: 7\n", encoding="utf-8"
    )
    result = cli("assess", str(MINIMAL), "--level", "basic", "--answers", "answers.yaml")
    assert result.exit_code == 1
    assert "answers.yaml:2:1: error [unknown-statement]" in result.stderr
    assert "(did you mean 'alpha.one." in result.stderr
    assert "answers.yaml:3:13: error [off-scale]" in result.stderr
    assert "not on the scale (1–4)" in result.stderr
    assert not list(tmp_path.glob("mini-*"))


def test_piped_input_saves_a_draft_and_resume_finishes_it(cli: Any, tmp_path: Path) -> None:
    first = cli(
        "assess", str(MINIMAL), "--level", "basic", "-o", "me.yaml", input="3\n2 shadowed a nurse\n"
    )
    assert first.exit_code == 0, first.output
    assert f"kompetens assess {MINIMAL} --resume me.yaml" in first.stderr
    without_framework = cli("assess", "--resume", "me.yaml", input="")
    assert without_framework.exit_code == 2
    assert "kompetens assess FRAMEWORK --resume me.yaml" in without_framework.stderr
    draft = _load(tmp_path / "me.yaml")
    assert draft["completed"] is None
    assert draft["answers"]["alpha.one.2"]["note"] == "shadowed a nurse"
    second = cli("assess", str(MINIMAL), "--resume", "me.yaml", input="-\n4\n")
    assert second.exit_code == 0, second.output
    done = _load(tmp_path / "me.yaml")
    assert done["completed"] is not None
    assert done["answers"]["alpha.one.1"]["rating"] == 3
    assert done["answers"]["beta.one.1"]["rating"] == 4
    again = cli("assess", str(MINIMAL), "--resume", "me.yaml", input="")
    assert again.exit_code == 0
    assert "already complete" in again.stderr


def test_existing_out_file_is_not_overwritten(cli: Any, tmp_path: Path) -> None:
    precious = tmp_path / "mine.yaml"
    precious.write_text("my own notes\n", encoding="utf-8")
    result = cli("assess", str(MINIMAL), "--level", "basic", "-o", "mine.yaml", input="3\n")
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert precious.read_text(encoding="utf-8") == "my own notes\n"
    forced = cli(
        "assess", str(MINIMAL), "--level", "basic", "-o", "mine.yaml", "--force", input="3\n"
    )
    assert forced.exit_code == 0
    assert _load(precious)["answers"]["alpha.one.1"]["rating"] == 3


def test_default_name_gets_a_number_instead_of_overwriting(cli: Any, tmp_path: Path) -> None:
    for _ in range(2):
        assert cli("assess", str(MINIMAL), "--level", "basic", input="3\n").exit_code == 0
    today = dt.date.today().isoformat()
    assert (tmp_path / f"mini-basic-{today}.yaml").exists()
    assert (tmp_path / f"mini-basic-{today}-2.yaml").exists()


def test_level_is_required_without_a_terminal(cli: Any) -> None:
    result = cli("assess", str(MINIMAL), input="3\n")
    assert result.exit_code == 2
    assert "--level is required" in result.stderr
    unknown = cli("assess", str(MINIMAL), "--level", "expert", input="3\n")
    assert unknown.exit_code == 2
    assert "basic, advanced" in unknown.stderr


def test_bad_piped_rating_names_the_line(cli: Any, tmp_path: Path) -> None:
    result = cli("assess", str(MINIMAL), "--level", "basic", "-o", "r.yaml", input="3\n9\n")
    assert result.exit_code == 1
    assert "<stdin>:2:" in result.stderr
    assert _load(tmp_path / "r.yaml")["answers"]["alpha.one.1"]["rating"] == 3


def test_language_from_environment(cli: Any, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("KOMPETENS_LANG", "fi")
    result = cli("assess", str(MINIMAL), "--level", "basic", "-o", "fi.yaml", input="3\n")
    assert result.exit_code == 0
    assert "Jatka komennolla" in result.stderr  # the resume hint, in Finnish
    assert _load(tmp_path / "fi.yaml")["language"] == "fi"


def test_resume_refuses_a_draft_whose_statements_are_gone(cli: Any, tmp_path: Path) -> None:
    assert (
        cli("assess", str(MINIMAL), "--level", "basic", "-o", "d.yaml", input="3\n").exit_code == 0
    )
    changed = tmp_path / "changed.yaml"
    changed.write_text(
        MINIMAL.read_text(encoding="utf-8")
        .replace("alpha.one.1", "alpha.one.7")
        .replace('"1.10.0"', '"1.11.0"'),
        encoding="utf-8",
    )
    result = cli("assess", str(changed), "--resume", "d.yaml", input="")
    assert result.exit_code == 1
    assert "alpha.one.1" in result.stderr
    assert "1.10.0" in result.stderr and "1.11.0" in result.stderr


def test_resume_migrates_when_statements_still_exist(cli: Any, tmp_path: Path) -> None:
    assert (
        cli("assess", str(MINIMAL), "--level", "basic", "-o", "d.yaml", input="3\n").exit_code == 0
    )
    changed = tmp_path / "changed.yaml"
    changed.write_text(
        MINIMAL.read_text(encoding="utf-8")
        .replace("I can do two", "I can do two things")
        .replace('"1.10.0"', '"1.11.0"'),
        encoding="utf-8",
    )
    result = cli("assess", str(changed), "--resume", "d.yaml", input="3\n3\n3\n")
    assert result.exit_code == 0, result.output
    assert "continues with the new version" in result.stderr
    assert _load(tmp_path / "d.yaml")["framework"]["version"] == "1.11.0"


def test_real_process_with_piped_stdin(tmp_path: Path) -> None:
    completed = run_kompetens(
        "assess", "--level", "nqf6", "-o", "r.json", cwd=tmp_path, input="4\n" * 44
    )
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stderr
    data = yaml.safe_load((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert len(data["answers"]) == 44
    assert data["completed"]


def test_lang_option_beats_the_environment(cli: Any, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("KOMPETENS_LANG", "fi")
    result = cli("assess", "--level", "nqf6", "--lang", "sv", "-o", "sv.yaml", input="3\n")
    assert result.exit_code == 0
    assert "Fortsätt med:\n  kompetens assess --resume sv.yaml\n" in result.stderr
    assert _load(tmp_path / "sv.yaml")["language"] == "sv"


@pytest.mark.parametrize("cant_say", ["0", "e", "k", "c", "-", "eos"])
def test_answers_files_keep_accepting_the_old_zero_and_the_new_keys(
    cli: Any, tmp_path: Path, cant_say: str
) -> None:
    answers = f"alpha.one.1: 3\nalpha.one.2: 2\nalpha.two.1: {cant_say!r}\nbeta.one.1: 3\n"
    if cant_say == "0":
        answers = answers.replace("'0'", "0")  # the number, as older files have it
    (tmp_path / "answers.yaml").write_text(answers, encoding="utf-8")
    result = cli(
        "assess", str(MINIMAL), "--level", "basic", "--answers", "answers.yaml", "-o", "r.yaml"
    )
    assert result.exit_code == 0, result.output
    assert _load(tmp_path / "r.yaml")["answers"]["alpha.two.1"]["rating"] is None


@pytest.mark.parametrize("cant_say", ["0", "e"])
def test_piped_answers_accept_zero_and_the_key_for_cant_say(
    cli: Any, tmp_path: Path, cant_say: str
) -> None:
    result = cli(
        "assess", str(MINIMAL), "--level", "basic", "-o", "p.yaml", input=f"3\n{cant_say}\n"
    )
    assert result.exit_code == 0, result.output
    assert _load(tmp_path / "p.yaml")["answers"]["alpha.one.2"]["rating"] is None

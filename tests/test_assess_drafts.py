"""Nothing typed is lost: notes, reflections and goals reach the draft as they are typed,
whatever ends the program; free text is edited with real line editing; one process at a
time has a draft open. All through a real pseudo-terminal."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pexpect
import pytest
import yaml

from tests.conftest import MINIMAL, run_kompetens

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

NOTE = "Kelan etuudet: äitiysraha, työttömyysturva — ÖÄÅ öäå"
LEFT, RIGHT, HOME, END, BACKSPACE = "\x1b[D", "\x1b[C", "\x1b[H", "\x1b[F", "\x7f"


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _start_note(assess_pty: Callable[..., pexpect.spawn], name: str) -> pexpect.spawn:
    """A new assessment on the minimal framework, one answer given, a note being typed."""
    child = assess_pty(str(MINIMAL), "--level", "basic", "--name", "", "-o", name)
    child.expect("statement 1/4")
    child.send("3")
    child.expect("statement 2/4")
    child.send("n")
    child.expect("Note or evidence")
    return child


def _type(child: pexpect.spawn, text: str) -> None:
    """Type text key by key and wait until the terminal has echoed the last key (by then
    the line editor has handled every key before it)."""
    for character in text:
        child.send(character)
    child.expect_exact(text[-1])
    time.sleep(0.3)


def _wait_for_exit(child: pexpect.spawn) -> None:
    child.expect(pexpect.EOF)
    child.close()


def test_a_note_is_in_the_draft_before_the_screen_says_saved_and_survives_q(
    tmp_path: Path, assess_pty: Callable[..., pexpect.spawn]
) -> None:
    child = _start_note(assess_pty, "q.yaml")
    child.sendline(NOTE)
    child.expect("Note saved")
    assert _load(tmp_path / "q.yaml")["notes"] == {"alpha.one.2": NOTE}
    child.send("q")
    _wait_for_exit(child)
    assert child.exitstatus == 0
    draft = _load(tmp_path / "q.yaml")
    assert draft["notes"] == {"alpha.one.2": NOTE}
    assert "alpha.one.2" not in draft["answers"]
    assert not (tmp_path / "q.yaml.lock").exists()

    # continued later: the note is shown, and rating the statement keeps it with the answer
    child = assess_pty(str(MINIMAL), "--resume", "q.yaml")
    child.expect("statement 2/4")
    child.expect_exact(f"Your note: {NOTE}")
    child.send("4")
    child.expect("statement 3/4")
    child.send("q")
    _wait_for_exit(child)
    draft = _load(tmp_path / "q.yaml")
    assert draft["answers"]["alpha.one.2"] == {"rating": 4, "note": NOTE}
    assert draft["notes"] == {}


def test_a_note_survives_kill(tmp_path: Path, assess_pty: Callable[..., pexpect.spawn]) -> None:
    child = _start_note(assess_pty, "kill.yaml")
    child.sendline(NOTE)
    child.expect("Note saved")
    child.kill(signal.SIGTERM)
    _wait_for_exit(child)
    assert _load(tmp_path / "kill.yaml")["notes"] == {"alpha.one.2": NOTE}
    assert not (tmp_path / "kill.yaml.lock").exists()


@pytest.mark.parametrize("ending", ["ctrl-c", "closed terminal", "kill", "kill -9"])
def test_a_half_typed_note_survives(
    tmp_path: Path, ending: str, assess_pty: Callable[..., pexpect.spawn]
) -> None:
    child = _start_note(assess_pty, "half.yaml")
    _type(child, NOTE)
    if ending == "ctrl-c":
        child.sendintr()
        child.expect("Continue with")
        _wait_for_exit(child)
        assert child.exitstatus == 130
    elif ending == "closed terminal":
        child.close(force=True)  # SIGHUP, as when the terminal window is closed
    elif ending == "kill":
        child.kill(signal.SIGTERM)
        _wait_for_exit(child)
    else:
        child.kill(signal.SIGKILL)
        _wait_for_exit(child)
    draft = _load(tmp_path / "half.yaml")
    assert draft["notes"] == {"alpha.one.2": NOTE}
    assert draft["answers"]["alpha.one.1"]["rating"] == 3
    # the lock goes with the program, except after kill -9 (then it is stale and taken over)
    assert (tmp_path / "half.yaml.lock").exists() == (ending == "kill -9")


def test_line_editing_keys_edit_the_text_and_leave_no_escape_codes(
    tmp_path: Path, assess_pty: Callable[..., pexpect.spawn]
) -> None:
    child = _start_note(assess_pty, "edit.yaml")
    # "Kelan etuudet", two left, insert X; Home, insert Ä; End, "öä", Backspace over ä;
    # left then right again (no change)
    keys = ["Kelan etuudet", LEFT, LEFT, "X", HOME, "Ä", END, "öä", BACKSPACE, LEFT, RIGHT]
    child.send("".join(keys))
    child.sendline("")
    child.expect("Note saved")
    child.send("q")
    _wait_for_exit(child)
    note = _load(tmp_path / "edit.yaml")["notes"]["alpha.one.2"]
    assert note == "ÄKelan etuudXetö"
    assert "\x1b" not in note


def test_the_reflection_prompt_does_not_take_a_rating_key_for_a_skip(
    tmp_path: Path, assess_pty: Callable[..., pexpect.spawn]
) -> None:
    child = assess_pty(str(MINIMAL), "--level", "basic", "--name", "", "-o", "r.yaml")
    child.expect("statement 1/4")
    child.send("3")
    child.expect("statement 2/4")
    child.send("3")
    child.expect("statement 3/4")
    child.send("3")
    child.expect("Reflection on")
    child.send("4")  # typed ahead, meant for the next statement
    child.expect("Press r to write a reflection")
    child.send("r")
    child.expect("Your reflection")
    _type(child, "Kuuntelen ensin")
    child.sendintr()
    _wait_for_exit(child)
    draft = _load(tmp_path / "r.yaml")
    assert draft["reflections"] == {"alpha": "Kuuntelen ensin"}
    assert "beta.one.1" not in draft["answers"]


def test_goals_are_saved_one_by_one(
    tmp_path: Path, assess_pty: Callable[..., pexpect.spawn]
) -> None:
    child = assess_pty(str(MINIMAL), "--level", "basic", "--name", "", "-o", "g.yaml")
    child.expect("statement 1/4")
    for number in range(2, 4):
        child.send("1")
        child.expect(f"statement {number}/4")
    child.send("1")
    child.expect("Reflection on")
    child.send("\r")
    child.expect("statement 4/4")
    child.send("1")
    child.expect("Reflection on")
    child.send("\r")
    child.expect("Goal for")
    child.sendline("Harjoittelen asiakastapaamisia")
    child.expect("first step")
    _type(child, "Pyydän ohjaajalta")
    child.kill(signal.SIGKILL)
    _wait_for_exit(child)
    goals = _load(tmp_path / "g.yaml")["goals"]
    assert goals[0]["text"] == "Harjoittelen asiakastapaamisia"
    assert goals[0]["actions"] == "Pyydän ohjaajalta"


def _draft(tmp_path: Path, name: str) -> Path:
    done = run_kompetens(
        "assess",
        "--level",
        "nqf6",
        "-o",
        name,
        cwd=tmp_path,
        input="3\n",
        env={"KOMPETENS_LANG": "en"},
    )
    assert done.returncode == 0, done.stderr
    return tmp_path / name


def test_a_draft_open_in_another_terminal_is_refused(
    tmp_path: Path, assess_pty: Callable[..., pexpect.spawn]
) -> None:
    draft = _draft(tmp_path, "two.yaml")
    first = assess_pty("--resume", "two.yaml")
    first.expect("statement 2/44")
    second = run_kompetens("assess", "--resume", "two.yaml", cwd=tmp_path, input="5\n")
    assert second.returncode == 2
    assert f"open in another kompetens (process {first.pid}" in second.stderr
    assert "--break-lock" in second.stderr
    first.send("4")
    first.expect("statement 3/44")
    first.send("q")
    _wait_for_exit(first)
    answers = _load(draft)["answers"]
    assert [a["rating"] for a in answers.values()] == [3, 4]

    # once the first has quit, the draft opens again
    third = run_kompetens("assess", "--resume", "two.yaml", cwd=tmp_path, input="5\n")
    assert third.returncode == 0, third.stderr
    assert [a["rating"] for a in _load(draft)["answers"].values()] == [3, 4, 5]


def test_a_stale_lock_is_taken_over_and_a_live_one_can_be_broken(tmp_path: Path) -> None:
    draft = _draft(tmp_path, "stale.yaml")
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    lock = tmp_path / "stale.yaml.lock"
    lock.write_text(json.dumps({"pid": ended.pid, "host": socket.gethostname()}))
    taken = run_kompetens("assess", "--resume", "stale.yaml", cwd=tmp_path, input="4\n")
    assert taken.returncode == 0, taken.stderr
    assert f"left locked by process {ended.pid}, which is no longer running" in taken.stderr
    assert not lock.exists()

    # a lock held by a running process (this one) is refused until it is broken on purpose
    lock.write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname()}))
    refused = run_kompetens("assess", "--resume", "stale.yaml", cwd=tmp_path, input="2\n")
    assert refused.returncode == 2
    assert len(_load(draft)["answers"]) == 2
    broken = run_kompetens(
        "assess", "--resume", "stale.yaml", "--break-lock", cwd=tmp_path, input="2\n"
    )
    assert broken.returncode == 0, broken.stderr
    assert len(_load(draft)["answers"]) == 3
    assert not lock.exists()


def test_an_unreadable_lock_names_the_lock_file(tmp_path: Path) -> None:
    _draft(tmp_path, "odd.yaml")
    (tmp_path / "odd.yaml.lock").write_text("not a lock")
    refused = run_kompetens("assess", "--resume", "odd.yaml", cwd=tmp_path, input="2\n")
    assert refused.returncode == 2
    assert "odd.yaml.lock exists" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_draft_in_a_folder_that_does_not_exist_is_refused_with_a_message(
    tmp_path: Path,
) -> None:
    done = run_kompetens(
        "assess",
        "--level",
        "nqf6",
        "-o",
        "missing/r.yaml",
        cwd=tmp_path,
        input="3\n",
        env={"KOMPETENS_LANG": "en"},
    )
    assert done.returncode == 2
    assert "cannot write missing/r.yaml" in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


def test_a_rating_typed_right_after_a_note_is_not_swallowed(
    tmp_path: Path, assess_pty: Callable[..., pexpect.spawn]
) -> None:
    child = _start_note(assess_pty, "burst.yaml")
    child.send("nopea muistiinpano\r4")  # the note, Enter and the rating in one burst
    child.expect("statement 3/4")
    child.send("q")
    _wait_for_exit(child)
    answer = _load(tmp_path / "burst.yaml")["answers"]["alpha.one.2"]
    assert answer == {"rating": 4, "note": "nopea muistiinpano"}

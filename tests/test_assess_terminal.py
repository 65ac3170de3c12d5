"""A full self-assessment in a real pseudo-terminal: keys, back, note, Ctrl-C, resume, finish."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pexpect
import pytest
import yaml

from tests.conftest import MINIMAL


def _builtin_nqf6() -> list[str]:
    from kompetens.framework.catalog import builtin_frameworks
    from kompetens.framework.validation import load_framework

    framework, _ = load_framework(builtin_frameworks()["sote-client-work"])
    assert framework is not None
    return [s.id for s in framework.statements_for("nqf6")]


NQF6_IDS = _builtin_nqf6()
FIRST, N6 = NQF6_IDS[0], len(NQF6_IDS)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def test_interrupt_resume_and_finish(
    tmp_path: Path, assess_pty: Callable[..., pexpect.spawn]
) -> None:
    child = assess_pty(str(MINIMAL), "-o", "me.yaml")
    child.expect("Which level")
    child.send("1")
    child.expect("Your name")
    child.sendline("Aino Virtanen")
    child.expect("Student number")
    child.sendline("")
    child.expect("Area 1/2")
    child.expect("Does one")  # the sub-area's descriptor for the chosen level
    child.expect("statement 1/4")
    child.send("3")
    child.expect("statement 2/4")
    child.send("b")  # back to the first statement
    child.expect("statement 1/4")
    child.expect("→ 3 Independently")  # the earlier answer is shown
    child.send("4")
    child.expect("statement 2/4")
    child.send("n")
    child.expect("Note or evidence")
    child.sendline("Led a care meeting on placement")
    child.expect("Note saved")
    child.send("2")
    child.expect("statement 3/4")
    child.send("?")
    child.expect("Scale")
    child.sendintr()  # Ctrl-C halfway
    child.expect(r"Continue with:\r\n  kompetens assess \S*minimal.yaml --resume me.yaml\r\n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    draft = _load(tmp_path / "me.yaml")
    assert draft["completed"] is None
    assert draft["respondent"]["name"] == "Aino Virtanen"
    assert draft["answers"]["alpha.one.1"]["rating"] == 4
    assert draft["answers"]["alpha.one.2"] == {
        "rating": 2,
        "note": "Led a care meeting on placement",
    }

    child = assess_pty(str(MINIMAL), "--resume", "me.yaml")
    child.expect("Continuing me.yaml from statement 3/4")
    child.expect("statement 3/4")
    child.send("9")  # not on the 1–4 scale
    child.expect("Press 1–4")
    child.send("c")  # can't say (the English key)
    child.expect("Reflection on")
    child.send("r")
    child.expect("Your reflection")
    child.sendline("Listening first works better than advising first.")
    child.expect("Area 2/2")
    child.expect("statement 4/4")
    child.send("1")
    child.expect("Reflection on")
    child.send("\r")  # skip
    child.expect("Goal for")
    child.sendline("Practise client meetings with my supervisor")
    child.expect("first step")
    child.sendline("Ask for two client meetings in week 3")
    child.expect("By when")
    child.sendline("31 May")  # not a date
    child.expect("Write the date as")
    child.expect("By when")
    child.sendline("31.5.2027")
    child.expect("Self-assessment complete")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    done = _load(tmp_path / "me.yaml")
    assert done["completed"] is not None
    assert done["answers"]["alpha.two.1"]["rating"] is None
    assert done["answers"]["beta.one.1"]["rating"] == 1
    assert done["reflections"] == {"alpha": "Listening first works better than advising first."}
    assert done["goals"][0]["text"] == "Practise client meetings with my supervisor"
    assert done["goals"][0]["component"] == "beta.one"
    assert done["goals"][0]["actions"] == "Ask for two client meetings in week 3"
    assert done["goals"][0]["due"] == "2027-05-31"


def test_quit_key_saves_and_says_how_to_resume(
    tmp_path: Path, assess_pty: Callable[..., pexpect.spawn]
) -> None:
    child = assess_pty("--level", "nqf6", "--name", "", "-o", "fi.yaml", lang="fi")
    child.expect(f"väittämä 1/{N6}")
    child.send("5")
    child.expect(f"väittämä 2/{N6}")
    child.send("q")
    child.expect(f"1/{N6} vastattu")
    child.expect(r"Jatka komennolla:\r\n  kompetens assess --resume fi.yaml\r\n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    draft = _load(tmp_path / "fi.yaml")
    assert draft["language"] == "fi"
    assert draft["answers"] == {FIRST: {"rating": 5, "note": None}}


def test_closed_terminal_keeps_the_draft(
    tmp_path: Path, assess_pty: Callable[..., pexpect.spawn]
) -> None:
    child = assess_pty("--level", "nqf6", "--name", "", "-o", "hup.yaml")
    child.expect(f"statement 1/{N6}")
    child.send("3")
    child.expect(f"statement 2/{N6}")
    child.close(force=True)  # hang up, as when the terminal window is closed
    draft = _load(tmp_path / "hup.yaml")
    assert draft["answers"][FIRST]["rating"] == 3
    assert draft["completed"] is None


def test_ctrl_c_before_the_first_answer_says_nothing_was_saved(
    tmp_path: Path, assess_pty: Callable[..., pexpect.spawn]
) -> None:
    child = assess_pty("-o", "never.yaml")
    child.expect("Which level")
    child.sendintr()
    child.expect("nothing was saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert not (tmp_path / "never.yaml").exists()

"""The assessment on a small terminal (80×24) and a wide one (120×40), in Finnish: nothing
cut, a key never separated from its label, help that fits and comes back to the statement,
the sub-area description on demand, a resume command that can be copied whole."""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path

import pexpect
import pytest

from kompetens.model import Framework, localize

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
LONG_NAME = "asiakastyon-osaaminen-itsearviointi-syksy-2026-sairaanhoitaja-ryhma-b.yaml"


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in ANSI.sub("", text).replace("\r", "").split("\n")]


def _collapsed(text: str) -> str:
    return " ".join(ANSI.sub("", text).split())


@pytest.mark.parametrize(("rows", "columns"), [(24, 80), (40, 120)])
def test_layout_fits_the_terminal(
    tmp_path: Path, builtin: Framework, rows: int, columns: int
) -> None:
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "TERM": "xterm",
        "KOMPETENS_LANG": "fi",
        "COLUMNS": str(columns),
        "LINES": str(rows),
    }
    child = pexpect.spawn(
        sys.executable,
        ["-m", "kompetens", "assess", "--level", "nqf6", "--name", "", "-o", LONG_NAME],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(rows, columns),
    )
    log = io.StringIO()
    child.logfile_read = log
    first = builtin.statements_for("nqf6")[0]
    component = next(c for c in builtin.components() if first in c.statements)
    statement = localize(first.text, "fi", "fi")
    descriptor = localize(component.descriptors["nqf6"], "fi", "fi")
    keys_line = "q tallenna ja lopeta"

    child.expect("väittämä 1/44")
    child.expect(keys_line)
    opening = log.getvalue()
    lines = _lines(opening)
    assert max(len(line) for line in lines) <= columns
    title = "Itsearviointi: {} — {}".format(
        localize(builtin.title, "fi", "fi"), localize(builtin.level("nqf6").title, "fi", "fi")
    )
    assert title in _collapsed(opening)  # the whole title, wrapped if need be, never cut
    for point in builtin.scale.points:
        label = localize(point.label, "fi", "fi")
        assert any(f"{point.value} {label}" in line for line in lines), (point.value, lines)
    assert any("e En osaa sanoa" in line for line in lines)
    assert not any(re.search(r"\b0\b.*(En osaa sanoa)", line) for line in lines)

    # ? shows the scale and then the statement again, all of it within one screen
    mark = len(log.getvalue())
    child.send("?")
    child.expect("Asteikko")
    child.expect(keys_line)
    help_lines = [line for line in _lines(log.getvalue()[mark:]) if line.strip()]
    assert len(help_lines) <= rows - 1, help_lines
    assert help_lines[0] == "Asteikko"
    assert statement in _collapsed(log.getvalue()[mark:])
    assert "väittämä 1/44" in _collapsed(log.getvalue()[mark:])

    # d shows the sub-area's description again, then the statement
    mark = len(log.getvalue())
    child.send("d")
    child.expect(keys_line)
    shown = _collapsed(log.getvalue()[mark:])
    assert " ".join(descriptor.split()) in shown
    assert statement in shown

    # 0 is not taken for "can't say" (nor for a rating): the student is told what it is
    child.send("0")
    child.expect("0 ei ole arvio")
    child.expect("paina e")

    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    command = f"kompetens assess --resume {LONG_NAME}"
    assert len(command) > 80
    ending = _lines(log.getvalue())
    assert f"  {command}" in ending  # one line of output, whatever the terminal's width
    assert ending[ending.index(f"  {command}") - 1] == "Jatka komennolla:"

"""`score` hands `refuse_inputs` only the input files that may be an output (one `stat`
each instead of resolving 10,000 paths): it must still refuse every output that is an input,
however the two are named, with the same message as when every input is checked."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kompetens.cli.app import app
from kompetens.cohort.scoring_job import _may_be_outputs
from kompetens.files.output import Output, OutputError, refuse_inputs

ROOT = Path(__file__).resolve().parents[1]
RESULT = ROOT / "examples" / "student" / "aino-2026-spring.yaml"


@pytest.fixture
def cohort(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of 30 hand-ins (copies of one result under other ids)."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "cohort"
    folder.mkdir()
    text = RESULT.read_text(encoding="utf-8")
    for number in range(30):
        (folder / f"s{number:02d}.yaml").write_text(
            text.replace("s1234567", f"s{number:07d}"), encoding="utf-8"
        )
    return folder


def _as_symlink(cohort: Path) -> Path:
    target = cohort.parent / "scores.csv"
    target.symlink_to(cohort / "s07.yaml")
    return target


def _by_detour(cohort: Path) -> Path:
    return cohort / ".." / cohort.name / "s07.yaml"


def _through_linked_folder(cohort: Path) -> Path:
    (cohort.parent / "same").symlink_to(cohort, target_is_directory=True)
    return cohort.parent / "same" / "s07.yaml"


def _hard_link(cohort: Path) -> Path:
    target = cohort.parent / "hard.csv"
    os.link(cohort / "s07.yaml", target)
    return target


NAMINGS: dict[str, Callable[[Path], Path]] = {
    "the same name": lambda cohort: cohort / "s07.yaml",
    "a link to it": _as_symlink,
    "a detour through ..": _by_detour,
    "a linked folder": _through_linked_folder,
    "a hard link": _hard_link,
}


@pytest.mark.parametrize("naming", sorted(NAMINGS))
@pytest.mark.parametrize("force", [[], ["--force"]])
def test_an_output_that_is_an_input_is_refused_however_it_is_named(
    cohort: Path, naming: str, force: list[str]
) -> None:
    target = NAMINGS[naming](cohort)
    before = (cohort / "s07.yaml").read_bytes()
    result = CliRunner().invoke(
        app,
        ["score", str(cohort), "--csv", str(target), *force],
        env={"KOMPETENS_LANG": "en", "COLUMNS": "100"},
    )
    assert result.exit_code == 2, result.output
    assert "is one of the inputs" in result.stderr
    assert "s07.yaml" in result.stderr
    assert (cohort / "s07.yaml").read_bytes() == before


@pytest.mark.parametrize("naming", sorted(NAMINGS))
def test_the_same_refusal_as_when_every_input_is_checked(cohort: Path, naming: str) -> None:
    target = NAMINGS[naming](cohort)
    files = sorted(str(path) for path in cohort.iterdir())
    files.insert(3, str(cohort / "vanished.yaml"))  # named, but gone before the check
    outputs = [Output(Path("other.json")), Output(target)]
    messages = []
    for inputs in (files, _may_be_outputs(files, outputs)):
        with pytest.raises(OutputError) as refused:
            refuse_inputs(outputs, inputs)
        messages.append((refused.value.key, refused.value.values))
    assert messages[0] == messages[1]


def test_only_the_inputs_that_may_be_an_output_are_handed_on(cohort: Path) -> None:
    files = sorted(str(path) for path in cohort.iterdir())
    missing = str(cohort / "vanished.yaml")
    existing_output = cohort.parent / "old-scores.csv"
    shutil.copy(cohort / "s01.yaml", existing_output)  # an output that exists, but no input
    outputs = [Output(existing_output), Output(cohort.parent / "new.json"), None]
    assert _may_be_outputs([*files, missing], outputs) == [missing]
    outputs.append(Output(cohort / "s05.yaml"))
    assert _may_be_outputs([*files, missing], outputs) == [str(cohort / "s05.yaml"), missing]
    refuse_inputs(outputs[:3], [*files, missing])  # no clash: nothing raised


def test_an_output_that_cannot_be_looked_at_hands_on_every_input(
    cohort: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = sorted(str(path) for path in cohort.iterdir())
    blocked = cohort.parent / "blocked.csv"

    def refuse(self: Path, **_: object) -> os.stat_result:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "stat", refuse)
    assert _may_be_outputs(files, [Output(blocked)]) == files

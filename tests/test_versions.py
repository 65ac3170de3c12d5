"""Built-in framework versions: results made with an earlier version still report and score
with the version they name."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from kompetens.framework.catalog import (
    UnknownFrameworkError,
    archived_frameworks,
    builtin_frameworks,
    resolve_framework,
)
from kompetens.framework.fingerprint import fingerprint
from kompetens.framework.validation import load_framework
from tests.conftest import run_kompetens

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SPRING = EXAMPLES / "student" / "aino-2026-spring.yaml"
AUTUMN = EXAMPLES / "student" / "aino-2026-autumn.yaml"


def _named(path: Path) -> dict[str, str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return dict(data["framework"])


@pytest.mark.parametrize("framework_id", sorted(builtin_frameworks()))
def test_every_built_in_keeps_version_1_0_0(framework_id: str) -> None:
    path = resolve_framework(f"{framework_id}@1.0.0")
    assert (framework_id, "1.0.0") in archived_frameworks()
    framework, diagnostics = load_framework(path)
    assert framework is not None, diagnostics
    assert (framework.id, framework.version) == (framework_id, "1.0.0")
    newest, _ = load_framework(builtin_frameworks()[framework_id])
    assert newest is not None and newest.version != "1.0.0"


def test_newest_version_can_be_named_with_its_version() -> None:
    newest, _ = load_framework(builtin_frameworks()["sote-client-work"])
    assert newest is not None
    assert (
        resolve_framework(f"sote-client-work@{newest.version}")
        == builtin_frameworks()["sote-client-work"]
    )


def test_unknown_version_lists_the_known_ones() -> None:
    with pytest.raises(UnknownFrameworkError) as caught:
        resolve_framework("sote-client-work@0.9.0")
    assert "sote-client-work@1.0.0" in str(caught.value)


def test_example_results_have_the_fingerprint_of_the_archived_version() -> None:
    """The fingerprint check is what tells a result it is read with its own version."""
    archived, _ = load_framework(resolve_framework("sote-client-work@1.0.0"))
    assert archived is not None
    for path in (SPRING, AUTUMN):
        named = _named(path)
        assert named["version"] == "1.0.0"
        assert named["fingerprint"] == fingerprint(archived)


def test_report_of_a_1_0_0_result_uses_1_0_0_without_a_change_note(tmp_path: Path) -> None:
    done = run_kompetens("report", str(AUTUMN), "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["framework"] == {"id": "sote-client-work", "version": "1.0.0"}
    assert "changed" not in done.stderr and "made with" not in done.stderr


def test_report_notes_when_the_content_differs_from_the_named_version(tmp_path: Path) -> None:
    text = AUTUMN.read_text(encoding="utf-8").replace(
        _named(AUTUMN)["fingerprint"], "sha256:00000000000000000000000000000000"
    )
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    done = run_kompetens("report", "r.yaml", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "its content has changed" in done.stderr


def test_score_uses_the_version_the_results_name(tmp_path: Path) -> None:
    done = run_kompetens(
        "score", str(EXAMPLES / "cohort"), "--level", "nqf6", "--json", "-", cwd=tmp_path
    )
    assert done.returncode == 1, done.stderr  # the example has broken inputs on purpose
    data: dict[str, Any] = json.loads(done.stdout)
    assert data["framework"]["version"] == "1.0.0"
    assert data["counts"]["scored"] == 59


def test_a_cohort_of_two_versions_scores_the_majority_and_names_the_others(
    tmp_path: Path,
) -> None:
    newest, _ = load_framework(builtin_frameworks()["sote-client-work"])
    assert newest is not None
    hand_ins = tmp_path / "in"
    hand_ins.mkdir()
    for index in range(3):
        (hand_ins / f"old{index}.yaml").write_text(
            SPRING.read_text(encoding="utf-8").replace("s1234567", f"s{index}"), encoding="utf-8"
        )
    answers = {s.id: 3 for s in newest.statements_for("nqf6")}
    (tmp_path / "answers.yaml").write_text(yaml.safe_dump(answers), encoding="utf-8")
    made = run_kompetens(
        "assess", "--level", "nqf6", "--answers", "answers.yaml", "--id", "s9",
        "-o", str(hand_ins / "new.yaml"), cwd=tmp_path,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    done = run_kompetens("score", str(hand_ins), "--json", "-", cwd=tmp_path)
    assert done.returncode == 1
    assert json.loads(done.stdout)["framework"]["version"] == "1.0.0"
    assert "new.yaml" in done.stderr and "[other-version]" in done.stderr
    assert f"--framework sote-client-work@{newest.version}" in done.stderr
    alone = run_kompetens(
        "score", str(hand_ins / "new.yaml"), "--framework", f"sote-client-work@{newest.version}",
        "--json", "-", cwd=tmp_path,
    )  # fmt: skip
    assert alone.returncode == 0, alone.stderr


def test_frameworks_lists_the_earlier_versions(tmp_path: Path) -> None:
    done = run_kompetens("frameworks", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = {row["id"]: row for row in json.loads(done.stdout)}
    assert rows["sote-client-work"]["earlier_versions"] == ["1.0.0"]
    text = run_kompetens("frameworks", cwd=tmp_path).stdout
    assert "sote-client-work@1.0.0" in text


def test_scoring_an_old_result_with_the_new_version_names_the_version_to_use(
    tmp_path: Path,
) -> None:
    done = run_kompetens(
        "score", str(SPRING), "--framework", "sote-client-work", "--lang", "en", cwd=tmp_path
    )
    assert done.returncode == 2  # the only input is refused: nothing could be scored
    assert "[wrong-version]" in done.stderr
    assert "score it with --framework sote-client-work@1.0.0" in done.stderr
    assert "[unknown-statement]" not in done.stderr

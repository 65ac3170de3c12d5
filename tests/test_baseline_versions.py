"""A baseline made with sote-client-work 1.0.0 against a 2.0.0 result: the diff says which
statements carry over, and the report compares those and names the ones left out."""

from __future__ import annotations

import json
from pathlib import Path
from statistics import mean

import yaml

from kompetens.framework.catalog import builtin_frameworks, resolve_framework
from kompetens.framework.validation import load_framework
from kompetens.model import Framework
from tests.conftest import run_kompetens

ROOT = Path(__file__).resolve().parents[1]
SPRING = ROOT / "examples" / "student" / "aino-2026-spring.yaml"


def _frameworks() -> tuple[Framework, Framework]:
    old, _ = load_framework(resolve_framework("sote-client-work@1.0.0"))
    new, _ = load_framework(builtin_frameworks()["sote-client-work"])
    assert old is not None and new is not None
    return old, new


def _carried(old: Framework, new: Framework, level: str) -> list[str]:
    """Independently: same id, asked at the level in both, in the same sub-area."""
    new_at = {s.id: c.id for c in new.components() for s in c.statements_for(level)}
    return [
        s.id for c in old.components() for s in c.statements_for(level) if new_at.get(s.id) == c.id
    ]


def test_diff_lists_the_statements_that_carry_over(tmp_path: Path) -> None:
    old, new = _frameworks()
    done = run_kompetens(
        "diff", str(resolve_framework("sote-client-work@1.0.0")), "sote-client-work",
        "--format", "json", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr  # not compatible: a major version
    levels = {v["level"]: v for v in json.loads(done.stdout)["levels"]}
    for level in ("nqf6", "nqf7"):
        carried = _carried(old, new, level)
        assert levels[level]["carried"] == carried
        assert set(levels[level]["not_comparable"]["statements"]).isdisjoint(carried)
        assert len(carried) + len(levels[level]["not_comparable"]["statements"]) == len(
            old.statements_for(level)
        )
    text = run_kompetens(
        "diff", str(resolve_framework("sote-client-work@1.0.0")), "sote-client-work", cwd=tmp_path
    ).stdout
    assert f"nqf6: {len(_carried(old, new, 'nqf6'))} of 44 statements carry over" in text


def test_report_compares_a_1_0_0_baseline_on_the_statements_that_carry_over(
    tmp_path: Path,
) -> None:
    old, new = _frameworks()
    nqf6 = [s.id for s in new.statements_for("nqf6")]
    answers = {sid: 1 + n % 5 for n, sid in enumerate(nqf6)}
    (tmp_path / "answers.yaml").write_text(yaml.safe_dump(answers), encoding="utf-8")
    made = run_kompetens(
        "assess", "--level", "nqf6", "--answers", "answers.yaml", "-o", "autumn.yaml",
        cwd=tmp_path,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    done = run_kompetens(
        "report", "autumn.yaml", "--baseline", str(SPRING), "--format", "json", "--lang", "en",
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    carried = _carried(old, new, "nqf6")
    across = data["baseline_across_versions"]
    assert across["version"] == "1.0.0"
    assert across["compared"] == carried
    left_out = [s.id for s in old.statements_for("nqf6") if s.id not in carried]
    assert across["left_out"] == left_out
    assert f"{len(carried)} of its 44 statements" in done.stderr
    assert left_out[0] in done.stderr
    # The change of a sub-area: mean of the carried statements now minus then (both sides
    # on the same statements), computed here from the files themselves.
    spring = yaml.safe_load(SPRING.read_text(encoding="utf-8"))["answers"]
    component = new.statement_index[carried[0]][1]
    ids = [s.id for s in component.statements_for("nqf6") if s.id in carried]
    then = [spring[sid]["rating"] for sid in ids if spring.get(sid, {}).get("rating")]
    now = [answers[sid] for sid in ids]
    baseline = {c["id"]: c for a in data["baseline"]["areas"] for c in a["children"]}
    assert round(baseline[component.id]["mean"], 6) == round(mean(then), 6)
    compared_now = {c["id"]: c for a in across["now"]["areas"] for c in a["children"]}
    assert round(compared_now[component.id]["mean"], 6) == round(mean(now), 6)
    # A sub-area with no statement carried over has nothing to compare.
    empty = next(c for c in new.components() if not any(s.id in carried for s in c.statements))
    assert empty.id not in baseline


def test_every_report_format_says_which_statements_were_left_out(tmp_path: Path) -> None:
    old, new = _frameworks()
    answers = {s.id: 3 for s in new.statements_for("nqf6")}
    (tmp_path / "answers.yaml").write_text(yaml.safe_dump(answers), encoding="utf-8")
    made = run_kompetens(
        "assess", "--level", "nqf6", "--answers", "answers.yaml", "-o", "autumn.yaml",
        cwd=tmp_path,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    carried = _carried(old, new, "nqf6")
    first_left_out = next(s.id for s in old.statements_for("nqf6") if s.id not in carried)
    expected = f"the change is computed on the {len(carried)} statements both versions ask"
    for name in ("r.md", "r.html", "r.txt"):
        done = run_kompetens(
            "report", "autumn.yaml", "--baseline", str(SPRING), "--lang", "en", "-o", name,
            *(["--format", "term"] if name == "r.txt" else []),
            cwd=tmp_path,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        text = " ".join((tmp_path / name).read_text(encoding="utf-8").replace("│", " ").split())
        assert expected in text, name
        assert first_left_out in text, name

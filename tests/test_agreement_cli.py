"""`score` with self-assessments and mentors' ratings of the same students: agreement."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from kompetens.assessment.results import read_result
from kompetens.assessment.scoring import ratings_of, score_result
from tests.test_paired_stats import _oracle_icc

PROGRAMME = Path(__file__).parents[1] / "examples" / "programme"


def _overall_means(folder: Path) -> dict[str, float]:
    from kompetens.framework.catalog import builtin_frameworks
    from kompetens.framework.validation import load_framework

    framework, _ = load_framework(builtin_frameworks()["sote-client-work"])
    assert framework is not None
    means = {}
    for path in sorted(folder.rglob("*.yaml")):
        result, _, _ = read_result(path)
        assert result is not None and result.respondent.id is not None
        mean = score_result(framework, result.level, ratings_of(result.answers)).overall.mean
        assert mean is not None
        means[result.respondent.id] = mean
    return means


def _score(cli: Any, *args: str) -> Any:
    return cli("score", str(PROGRAMME / "round-2"), str(PROGRAMME / "mentors"), *args)


def test_agreement_matches_an_independent_computation(cli: Any) -> None:
    out = _score(cli, "--json", "-")
    assert out.exit_code == 0, out.stderr
    document = json.loads(out.stdout)
    # mentors' ratings are not duplicates of the students' own results
    assert document["counts"]["rejected"] == 0
    [block] = document["agreement"]
    assert block["role"] == "mentor"
    own = _overall_means(PROGRAMME / "round-2")
    mentor = _overall_means(PROGRAMME / "mentors")
    shared = sorted(set(own) & set(mentor))
    assert block["pairs"] == len(shared)
    assert block["self_only"] == len(set(own) - set(mentor))
    overall = block["overall"]
    differences = np.array([own[s] - mentor[s] for s in shared])
    assert overall["n"] == len(shared)
    assert overall["mean_diff"] == pytest.approx(differences.mean(), abs=6e-5)
    assert overall["self_higher_share"] == pytest.approx(float((differences >= 1).mean()))
    expected = _oracle_icc(np.array([[own[s], mentor[s]] for s in shared]))
    assert overall["icc"] == pytest.approx(expected["a1"], abs=6e-5)
    assert (overall["icc_ci_low"], overall["icc_ci_high"]) == pytest.approx(
        (expected["a_low"], expected["a_high"]), abs=6e-5
    )
    assert overall["icc_consistency"] == pytest.approx(expected["c1"], abs=6e-5)
    components = [c for a in block["areas"] for c in a["components"]]
    assert all(c["n"] == len(shared) for c in components)


def test_small_groups_are_suppressed(cli: Any) -> None:
    out = _score(cli, "--json", "-", "--min-group", "100")
    block = json.loads(out.stdout)["agreement"][0]
    assert block["overall"] == {"n": block["pairs"], "suppressed": True}
    assert "pairs" not in block["overall"]  # no individual numbers leak


def test_report_has_the_bland_altman_chart_and_the_table(cli: Any, tmp_path: Path) -> None:
    target = tmp_path / "cohort.html"
    out = _score(cli, "--report", str(target), "--lang", "en")
    assert out.exit_code == 0, out.stderr
    page = target.read_text(encoding="utf-8")
    section = page.split('id="agreement-mentor"', 1)[1]
    pairs = json.loads(_score(cli, "--json", "-").stdout)["agreement"][0]["pairs"]
    assert section.count('class="pair"') == pairs
    assert 'class="bias"' in section
    assert section.count('class="loa"') == 2
    assert "ICC(A,1)" in section
    assert "Self-assessment and mentor ratings" in out.stdout


def test_pseudonymised_inputs_pair_without_names(cli: Any, tmp_path: Path) -> None:
    key = tmp_path / "key"
    key.write_text("k" * 40, encoding="utf-8")
    out = _score(cli, "--json", "-", "--pseudonymize", "--key-file", str(key))
    assert out.exit_code == 0, out.stderr
    block = json.loads(out.stdout)["agreement"][0]
    assert block["pairs"] == 28
    assert "Heikkinen" not in out.stdout

"""`score NEW --since OLD`: paired change of the same respondents between two rounds."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from scipy import stats as sps

from tests.test_agreement_cli import PROGRAMME, _overall_means


def _since(cli: Any, new: Path, old: Path, *args: str) -> Any:
    return cli("score", str(new), "--since", str(old), *args)


def _scipy_p(changes: np.ndarray) -> float:
    nonzero = changes[np.abs(changes) > 1e-12]
    magnitudes = np.round(np.abs(nonzero), 9)
    tied = len(set(magnitudes.tolist())) < len(magnitudes)
    method = "exact" if not tied and len(nonzero) <= 50 else "asymptotic"
    try:
        result = sps.wilcoxon(nonzero, zero_method="wilcox", correction=False, method=method)
    except ValueError:
        result = sps.wilcoxon(nonzero, zero_method="wilcox", correction=False, method="approx")
    return float(result.pvalue)


def test_paired_change_matches_an_independent_computation(cli: Any) -> None:
    out = _since(cli, PROGRAMME / "round-2", PROGRAMME / "round-1", "--json", "-")
    assert out.exit_code == 0, out.stderr
    change = json.loads(out.stdout)["change"]
    new = _overall_means(PROGRAMME / "round-2")
    old = _overall_means(PROGRAMME / "round-1")
    shared = sorted(set(new) & set(old))
    assert change["pairs"] == len(shared)
    assert change["new_only"] == sorted(set(new) - set(old))
    assert change["old_only"] == sorted(set(old) - set(new))
    changes = np.array([new[s] - old[s] for s in shared])
    overall = change["overall"]
    low, high = sps.t.interval(0.95, len(changes) - 1, loc=changes.mean(), scale=sps.sem(changes))
    assert overall["mean_change"] == pytest.approx(changes.mean(), abs=6e-5)
    assert (overall["ci_low"], overall["ci_high"]) == pytest.approx((low, high), abs=6e-5)
    assert overall["wilcoxon_p"] == pytest.approx(_scipy_p(changes), abs=6e-5)  # JSON: 4 digits
    assert overall["cohens_dz"] == pytest.approx(changes.mean() / changes.std(ddof=1), abs=6e-5)
    assert overall["improved"] == int((changes >= 0.5 - 1e-9).sum())
    assert overall["declined"] == int((changes <= -0.5 + 1e-9).sum())
    assert overall["improved"] + overall["stayed"] + overall["declined"] == len(shared)


def test_core_change_p_values_match_scipy_per_subarea() -> None:
    """Unrounded: the core's p values for every sub-area against scipy's."""
    from kompetens.cohort.change import paired_change
    from kompetens.cohort.collect import CollectOptions, collect

    new = collect([str(PROGRAMME / "round-2")], CollectOptions())
    old = collect([str(PROGRAMME / "round-1")], CollectOptions(framework=new.framework))
    change = paired_change(new, old)
    pairs = [(n, o) for n in new.entries for o in old.entries if n.respondent == o.respondent]
    index = 0
    for area in change["areas"]:
        for component in area["components"]:
            changes = np.array(
                [n.means[index] - o.means[index] for n, o in pairs]  # type: ignore[operator]
            )
            assert component["wilcoxon_p"] == pytest.approx(_scipy_p(changes), rel=1e-9)
            assert component["mean_change"] == pytest.approx(changes.mean(), rel=1e-12)
            index += 1


def _pseudonymise(source: Path, target: Path) -> None:
    """Copies of the result files with the id replaced by a keyed hash and no name, as a
    programme that shares only pseudonymised files would have them."""
    for path in source.rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        student = data["respondent"]["id"]
        pseudonym = hashlib.blake2b(student.encode(), key=b"programme-key", digest_size=8)
        data["respondent"] = {"id": pseudonym.hexdigest(), "name": None}
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_pseudonymised_rounds_pair_without_names(cli: Any, tmp_path: Path) -> None:
    _pseudonymise(PROGRAMME / "round-1", tmp_path / "r1")
    _pseudonymise(PROGRAMME / "round-2", tmp_path / "r2")
    out = _since(cli, tmp_path / "r2", tmp_path / "r1", "--json", "-")
    assert out.exit_code == 0, out.stderr
    change = json.loads(out.stdout)["change"]
    plain = json.loads(
        _since(cli, PROGRAMME / "round-2", PROGRAMME / "round-1", "--json", "-").stdout
    )["change"]
    assert change["pairs"] == plain["pairs"] == 28
    assert change["overall"] == plain["overall"]
    assert all(len(p) == 16 for p in change["new_only"])  # pseudonyms, not student numbers


def test_pseudonymize_option_lists_unpaired_respondents_by_pseudonym(
    cli: Any, tmp_path: Path
) -> None:
    key = tmp_path / "key"
    key.write_text("k" * 40, encoding="utf-8")
    out = _since(
        cli,
        PROGRAMME / "round-2",
        PROGRAMME / "round-1",
        "--json",
        "-",
        "--pseudonymize",
        "--key-file",
        str(key),
    )
    change = json.loads(out.stdout)["change"]
    assert change["pairs"] == 28
    assert not {"s3031", "s3032", "s3007", "s3022"} & {*change["new_only"], *change["old_only"]}


def test_no_overlap_says_so_and_exits_1(cli: Any, tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    shutil.copy(PROGRAMME / "round-1" / "Kuopio" / "s3007.yaml", old)  # left after year 1
    out = _since(cli, PROGRAMME / "round-2", old)
    assert out.exit_code == 1
    assert "no respondent is in both rounds" in out.stderr


def test_small_groups_are_suppressed(cli: Any) -> None:
    out = _since(
        cli, PROGRAMME / "round-2", PROGRAMME / "round-1", "--json", "-", "--min-group", "29"
    )
    change = json.loads(out.stdout)["change"]
    assert change["overall"] == {"n": 28, "suppressed": True}


def test_report_has_the_change_table(cli: Any, tmp_path: Path) -> None:
    target = tmp_path / "change.html"
    out = _since(
        cli, PROGRAMME / "round-2", PROGRAMME / "round-1", "--report", str(target), "--lang", "en"
    )
    assert out.exit_code == 0, out.stderr
    section = target.read_text(encoding="utf-8").split('id="change"', 1)[1]
    assert "Wilcoxon p" in section
    assert "Only in the earlier round: s3007, s3022" in section
    assert "Change since the earlier round" in out.stdout


def test_a_missing_earlier_round_is_named(cli: Any, tmp_path: Path) -> None:
    out = _since(cli, PROGRAMME / "round-2", tmp_path / "no-such-round")
    assert out.exit_code == 2
    assert "no-such-round" in out.stderr
    assert "Traceback" not in out.stderr


def test_mentors_ratings_alone_are_scored_as_the_cohort(cli: Any) -> None:
    out = cli("score", str(PROGRAMME / "mentors"), "--json", "-")
    assert out.exit_code == 0, out.stderr
    document = json.loads(out.stdout)
    assert document["counts"]["scored"] == 28
    assert document["agreement"] == []

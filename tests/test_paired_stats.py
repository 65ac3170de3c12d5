"""Paired statistics against published worked examples and an independent computation
(numpy and scipy, which kompetens itself does not use)."""

from __future__ import annotations

import random

import numpy as np
import pytest
from scipy import stats as sps

from kompetens.cohort.paired import cohens_dz, icc, mean_difference, t_quantile, wilcoxon

# Shrout & Fleiss (1979), Table 2: six targets rated by four judges.
SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]


def test_icc_matches_shrout_and_fleiss_worked_example() -> None:
    result = icc(SHROUT_FLEISS)
    # Shrout & Fleiss (1979) report ICC(2,1) = .29 and ICC(3,1) = .71 for this table.
    assert result.absolute == pytest.approx(0.29, abs=0.005)
    assert result.consistency == pytest.approx(0.71, abs=0.005)
    # McGraw & Wong (1996) F-based 95 % intervals, as printed for this table by the
    # psych package's ICC(): ICC2 [0.019, 0.76], ICC3 [0.342, 0.95].
    assert result.absolute_ci is not None and result.consistency_ci is not None
    assert result.absolute_ci[0] == pytest.approx(0.019, abs=0.0005)
    assert result.absolute_ci[1] == pytest.approx(0.76, abs=0.005)
    assert result.consistency_ci[0] == pytest.approx(0.342, abs=0.0005)
    assert result.consistency_ci[1] == pytest.approx(0.95, abs=0.005)


def _oracle_icc(table: np.ndarray, confidence: float = 0.95) -> dict[str, float]:
    """ICC(A,1) and ICC(C,1) with McGraw & Wong intervals, the error term from the
    residuals of a least-squares fit of subject and rater effects (not from sums of
    squares), quantiles from scipy."""
    n, k = table.shape
    y = table.reshape(-1)
    design = np.zeros((n * k, 1 + (n - 1) + (k - 1)))
    design[:, 0] = 1
    for i in range(n):
        for j in range(k):
            row = i * k + j
            if i > 0:
                design[row, i] = 1
            if j > 0:
                design[row, n - 1 + j] = 1
    coefficients, *_ = np.linalg.lstsq(design, y, rcond=None)
    sse = float(((y - design @ coefficients) ** 2).sum())
    msr = k * table.mean(axis=1).var(ddof=1)
    msc = n * table.mean(axis=0).var(ddof=1)
    mse = sse / ((n - 1) * (k - 1))
    a1 = (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n)
    c1 = (msr - mse) / (msr + (k - 1) * mse)
    alpha = 1 - confidence
    fl = (msr / mse) / sps.f.ppf(1 - alpha / 2, n - 1, (n - 1) * (k - 1))
    fu = (msr / mse) * sps.f.ppf(1 - alpha / 2, (n - 1) * (k - 1), n - 1)
    a = k * a1 / (n * (1 - a1))
    b = 1 + k * a1 * (n - 1) / (n * (1 - a1))
    v = (a * msc + b * mse) ** 2 / ((a * msc) ** 2 / (k - 1) + (b * mse) ** 2 / ((n - 1) * (k - 1)))
    f1 = sps.f.ppf(1 - alpha / 2, n - 1, v)
    f2 = sps.f.ppf(1 - alpha / 2, v, n - 1)
    spread = k * msc + (k * n - k - n) * mse
    return {
        "a1": a1,
        "c1": c1,
        "c_low": (fl - 1) / (fl + k - 1),
        "c_high": (fu - 1) / (fu + k - 1),
        "a_low": n * (msr - f1 * mse) / (f1 * spread + n * msr),
        "a_high": n * (f2 * msr - mse) / (spread + n * f2 * msr),
    }


@pytest.mark.parametrize("seed", range(6))
def test_icc_matches_an_independent_computation(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(6, 80))
    truth = rng.normal(3, 0.6, n)
    own = truth + 0.4 + rng.normal(0, 0.4, n)  # self-ratings half a point higher
    other = truth + rng.normal(0, 0.4, n)
    table = np.column_stack([own, other])
    expected = _oracle_icc(table)
    result = icc(table.tolist())
    assert result.absolute == pytest.approx(expected["a1"], abs=1e-9)
    assert result.consistency == pytest.approx(expected["c1"], abs=1e-9)
    assert result.absolute_ci == pytest.approx((expected["a_low"], expected["a_high"]), abs=1e-6)
    assert result.consistency_ci == pytest.approx((expected["c_low"], expected["c_high"]), abs=1e-6)


def test_icc_of_identical_ratings_and_of_too_little_data() -> None:
    assert icc([[3.0, 3.0], [4.0, 4.0], [2.0, 2.0]]).absolute == pytest.approx(1.0)
    assert icc([[3.0, 4.0]]).absolute is None
    assert icc([[3.0, 3.0], [3.0, 3.0]]).absolute is None  # nothing varies


def test_icc_without_degrees_of_freedom_for_its_interval_has_none() -> None:
    """Two students, each rated in the opposite direction by the mentor: the approximate
    degrees of freedom of ICC(A,1)'s interval are 0, where scipy's F quantile is NaN."""
    table = np.array([[3.0, 2.0], [4.0, 1.0]])
    expected = _oracle_icc(table)
    assert np.isnan(expected["a_low"]) and np.isnan(expected["a_high"])
    result = icc(table.tolist())
    assert result.absolute == pytest.approx(expected["a1"], abs=1e-9)
    assert result.consistency == pytest.approx(expected["c1"], abs=1e-9)
    assert result.absolute_ci is None


@pytest.mark.parametrize("df", [1, 2, 5, 9.5, 30, 200])
def test_t_quantile_matches_scipy(df: float) -> None:
    assert t_quantile(0.975, df) == pytest.approx(float(sps.t.ppf(0.975, df)), rel=1e-8)


def test_mean_difference_interval_matches_scipy() -> None:
    rng = random.Random(3)
    differences = [rng.gauss(0.3, 0.8) for _ in range(23)]
    summary = mean_difference(differences)
    low, high = sps.t.interval(
        0.95, len(differences) - 1, loc=np.mean(differences), scale=sps.sem(differences)
    )
    assert summary.ci == pytest.approx((low, high), rel=1e-8)
    assert cohens_dz(differences) == pytest.approx(
        np.mean(differences) / np.std(differences, ddof=1)
    )


def _scipy_wilcoxon(differences: list[float], method: str) -> float:
    try:
        return float(
            sps.wilcoxon(differences, zero_method="wilcox", correction=False, method=method).pvalue
        )
    except ValueError:  # older scipy names the normal approximation "approx"
        return float(
            sps.wilcoxon(
                differences, zero_method="wilcox", correction=False, method="approx"
            ).pvalue
        )


@pytest.mark.parametrize("seed", range(5))
def test_wilcoxon_exact_without_ties_matches_scipy(seed: int) -> None:
    rng = random.Random(seed)
    differences = [round(rng.gauss(0.3, 1), 6) for _ in range(rng.randint(5, 30))]
    result = wilcoxon(differences)
    assert result.exact
    assert result.p == pytest.approx(_scipy_wilcoxon(differences, "exact"), rel=1e-9)


@pytest.mark.parametrize("seed", range(5))
def test_wilcoxon_with_ties_and_zeros_matches_scipy_normal_approximation(seed: int) -> None:
    rng = random.Random(seed)
    # sub-area means on a 1–5 scale move in steps of 1/4: ties and zeros are the rule
    differences = [rng.choice([-0.5, -0.25, 0, 0, 0.25, 0.25, 0.5, 0.75, 1]) for _ in range(40)]
    result = wilcoxon(differences)
    assert not result.exact
    assert result.p == pytest.approx(_scipy_wilcoxon(differences, "asymptotic"), rel=1e-9)
    nonzero = [d for d in differences if d != 0]
    total = len(nonzero) * (len(nonzero) + 1) / 2
    assert result.rank_biserial == pytest.approx((result.t_plus - result.t_minus) / total)


def test_wilcoxon_hand_computed_example() -> None:
    # differences 1, 2, 3, -4, 5 (no ties): T+ = 1+2+3+5 = 11, T- = 4; of the 2^5 = 32 sign
    # patterns, those with T+ <= 4 number 1 (0) + 1 (1) + 1 (2) + 2 (3: {3},{1,2}) +
    # 2 (4: {4},{1,3}) = 7, so the two-sided p = 2 * 7 / 32 = 0.4375.
    result = wilcoxon([1, 2, 3, -4, 5])
    assert (result.t_plus, result.t_minus) == (11, 4)
    assert result.p == pytest.approx(0.4375)
    assert wilcoxon([0, 0, 0]).p is None

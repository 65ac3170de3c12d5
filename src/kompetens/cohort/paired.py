"""Statistics of paired numbers, in pure Python (no numpy, no scipy).

Used for two kinds of pairs: a student's self-rating and a mentor's rating of the same
student (`agreement.py`), and a student's score in an earlier and a later round
(`change.py`). Methods (documented for users in docs/educators.md):

* Mean difference with a t confidence interval: d̄ ± t(1 − γ/2, n − 1) · s_d/√n. The t
  quantile comes from the F quantile of `stats.py`: t(1 − γ/2, ν)² = F(1 − γ, 1, ν).
* Wilcoxon signed-rank test, two-sided: zero differences dropped (Wilcoxon's method),
  tied |differences| given their average rank. Without ties and with at most 50 non-zero
  differences the p value is exact (the distribution of T⁺ counted by dynamic
  programming); otherwise the normal approximation with the tie correction of the
  variance and no continuity correction — the choices of scipy's `wilcoxon` with
  `method="exact"` and `method="approx"`, which the tests use as the oracle.
* Effect sizes: Cohen's d_z = d̄ / s_d, and the matched-pairs rank-biserial correlation
  r = (T⁺ − T⁻) / (T⁺ + T⁻) (Kerby 2014), which belongs with the Wilcoxon test.
* ICC from an n × k table (subjects × raters) by two-way ANOVA (McGraw & Wong 1996):
  ICC(A,1), absolute agreement of single ratings — numerically Shrout & Fleiss's (1979)
  ICC(2,1) — and ICC(C,1), consistency — Shrout & Fleiss's ICC(3,1); confidence intervals
  by McGraw & Wong's F-based formulas (ICC(A,1): Satterthwaite's degrees of freedom).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from kompetens.cohort.stats import f_quantile

EXACT_MAX = 50
"""Largest number of non-zero differences for the exact Wilcoxon p value."""


def t_quantile(p: float, df: float) -> float:
    """The p-quantile (p > 0.5) of Student's t with `df` degrees of freedom."""
    if not 0.5 < p < 1.0:
        raise ValueError("p must be between 0.5 and 1")
    return math.sqrt(f_quantile(2 * p - 1, 1, df))


def normal_sf(z: float) -> float:
    """P(Z > z) for a standard normal Z."""
    return 0.5 * math.erfc(z / math.sqrt(2))


@dataclass(frozen=True, slots=True)
class MeanDifference:
    n: int
    mean: float | None
    sd: float | None
    ci: tuple[float, float] | None


def mean_difference(differences: Sequence[float], confidence: float = 0.95) -> MeanDifference:
    n = len(differences)
    if n == 0:
        return MeanDifference(0, None, None, None)
    mean = math.fsum(differences) / n
    if n < 2:
        return MeanDifference(n, mean, None, None)
    sd = math.sqrt(math.fsum((d - mean) ** 2 for d in differences) / (n - 1))
    half = t_quantile(1 - (1 - confidence) / 2, n - 1) * sd / math.sqrt(n)
    return MeanDifference(n, mean, sd, (mean - half, mean + half))


def _ranks(values: Sequence[float]) -> list[float]:
    """Average ranks (1-based) of `values`, ties sharing the mean of their positions."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        average = (start + end) / 2 + 1
        for position in range(start, end + 1):
            ranks[order[position]] = average
        start = end + 1
    return ranks


@dataclass(frozen=True, slots=True)
class Wilcoxon:
    n: int
    """Non-zero differences (the ones the test uses)."""
    t_plus: float
    t_minus: float
    p: float | None
    exact: bool
    rank_biserial: float | None


def _exact_two_sided(n: int, t_plus: float) -> float:
    """Exact two-sided p of the signed-rank statistic with ranks 1..n (no ties)."""
    total = n * (n + 1) // 2
    counts = [0] * (total + 1)
    counts[0] = 1
    for rank in range(1, n + 1):
        for value in range(total, rank - 1, -1):
            counts[value] += counts[value - rank]
    observed = min(t_plus, total - t_plus)
    tail = sum(counts[: int(observed) + 1])
    return min(1.0, 2.0 * tail / float(2**n))


def wilcoxon(differences: Sequence[float]) -> Wilcoxon:
    """Two-sided Wilcoxon signed-rank test of the differences (see the module text)."""
    nonzero = [d for d in differences if abs(d) > 1e-12]
    n = len(nonzero)
    if n == 0:
        return Wilcoxon(0, 0.0, 0.0, None, False, None)
    magnitudes = [round(abs(d), 9) for d in nonzero]
    ranks = _ranks(magnitudes)
    t_plus = math.fsum(r for r, d in zip(ranks, nonzero, strict=True) if d > 0)
    t_minus = math.fsum(r for r, d in zip(ranks, nonzero, strict=True) if d < 0)
    rank_biserial = (t_plus - t_minus) / (t_plus + t_minus)
    ties = len(set(magnitudes)) < n
    if not ties and n <= EXACT_MAX:
        return Wilcoxon(n, t_plus, t_minus, _exact_two_sided(n, t_plus), True, rank_biserial)
    mean = n * (n + 1) / 4
    groups: dict[float, int] = {}
    for value in magnitudes:
        groups[value] = groups.get(value, 0) + 1
    correction = sum(t**3 - t for t in groups.values()) / 48
    variance = n * (n + 1) * (2 * n + 1) / 24 - correction
    if variance <= 0:
        return Wilcoxon(n, t_plus, t_minus, None, False, rank_biserial)
    z = (min(t_plus, t_minus) - mean) / math.sqrt(variance)
    p = min(1.0, 2 * normal_sf(abs(z)))
    return Wilcoxon(n, t_plus, t_minus, p, False, rank_biserial)


def cohens_dz(differences: Sequence[float]) -> float | None:
    summary = mean_difference(differences)
    if summary.mean is None or not summary.sd:
        return None
    return summary.mean / summary.sd


@dataclass(frozen=True, slots=True)
class Icc:
    n: int
    k: int
    absolute: float | None
    """ICC(A,1) = Shrout & Fleiss ICC(2,1)."""
    absolute_ci: tuple[float, float] | None
    consistency: float | None
    """ICC(C,1) = Shrout & Fleiss ICC(3,1)."""
    consistency_ci: tuple[float, float] | None
    ms_rows: float | None = None
    ms_columns: float | None = None
    ms_error: float | None = None


def icc(table: Sequence[Sequence[float]], confidence: float = 0.95) -> Icc:
    """ICC(A,1) and ICC(C,1) with confidence intervals from an n × k table (one row per
    subject, one column per rater); `None` where the table is too small or has no
    variation to compare."""
    n = len(table)
    k = len(table[0]) if n else 0
    if n < 2 or k < 2:
        return Icc(n, k, None, None, None, None)
    grand = math.fsum(math.fsum(row) for row in table) / (n * k)
    row_means = [math.fsum(row) / k for row in table]
    column_means = [math.fsum(row[j] for row in table) / n for j in range(k)]
    ss_total = math.fsum((x - grand) ** 2 for row in table for x in row)
    ss_rows = k * math.fsum((m - grand) ** 2 for m in row_means)
    ss_columns = n * math.fsum((m - grand) ** 2 for m in column_means)
    ss_error = max(0.0, ss_total - ss_rows - ss_columns)
    msr = ss_rows / (n - 1)
    msc = ss_columns / (k - 1)
    mse = ss_error / ((n - 1) * (k - 1))
    denominator_c = msr + (k - 1) * mse
    denominator_a = msr + (k - 1) * mse + k * (msc - mse) / n
    if denominator_c <= 1e-12 or denominator_a <= 1e-12:
        return Icc(n, k, None, None, None, None, msr, msc, mse)
    consistency = (msr - mse) / denominator_c
    absolute = (msr - mse) / denominator_a
    gamma = 1 - confidence
    consistency_ci = absolute_ci = None
    if mse > 1e-12:
        df_error = (n - 1) * (k - 1)
        f_observed = msr / mse
        f_low = f_observed / f_quantile(1 - gamma / 2, n - 1, df_error)
        f_high = f_observed * f_quantile(1 - gamma / 2, df_error, n - 1)
        consistency_ci = ((f_low - 1) / (f_low + k - 1), (f_high - 1) / (f_high + k - 1))
        if absolute < 1:
            absolute_ci = _absolute_ci(n, k, absolute, (msr, msc, mse), gamma)
    return Icc(n, k, absolute, absolute_ci, consistency, consistency_ci, msr, msc, mse)


def _absolute_ci(
    n: int, k: int, absolute: float, mean_squares: tuple[float, float, float], gamma: float
) -> tuple[float, float] | None:
    """The interval of ICC(A,1) (McGraw & Wong 1996, case 2A): an F interval with
    Satterthwaite's approximate degrees of freedom `v`; `None` when `v` is undefined."""
    msr, msc, mse = mean_squares
    df_error = (n - 1) * (k - 1)
    a = k * absolute / (n * (1 - absolute))
    b = 1 + k * absolute * (n - 1) / (n * (1 - absolute))
    v_numerator = (a * msc + b * mse) ** 2
    v_denominator = (a * msc) ** 2 / (k - 1) + (b * mse) ** 2 / df_error
    if not v_denominator > 0:  # also NaN
        return None
    v = v_numerator / v_denominator
    if not v > 0:  # no degrees of freedom: F is undefined, so is the interval
        return None
    f1 = f_quantile(1 - gamma / 2, n - 1, v)
    f2 = f_quantile(1 - gamma / 2, v, n - 1)
    spread = k * msc + (k * n - k - n) * mse
    lower = n * (msr - f1 * mse) / (f1 * spread + n * msr)
    upper = n * (f2 * msr - mse) / (spread + n * f2 * msr)
    return lower, upper

"""Descriptive statistics and reliability, in pure Python (no scipy; numpy only where a
whole cohort's means come as an array, `summarize_array`).

Methods (documented for users in docs/educators.md):

* Standard deviation: the sample standard deviation (divisor n − 1); none for n < 2.
* Median and quartiles: linear interpolation between order statistics ("type 7", the
  default of R, NumPy and Excel's QUARTILE.INC), via `statistics.quantiles(method=
  "inclusive")`.
* Cronbach's alpha: α = k/(k − 1) · (1 − Σ s²ᵢ / s²ₜ) over the respondents who rated every
  item of the scale (listwise complete), with sample variances.
* Its confidence interval: Feldt, Woodruff & Salih (1987, formulas 6 and 7), which treats
  (1 − α̂)/(1 − α) as F-distributed with n − 1 and (n − 1)(k − 1) degrees of freedom:
  L = 1 − (1 − α̂)·F(1 − γ/2), U = 1 − (1 − α̂)·F(γ/2) for a 1 − γ interval.
* Corrected item–total correlation: Pearson's r between an item and the sum of the other
  items of the same scale, over the same complete respondents.

The F quantile is found by bisection on the regularized incomplete beta function, which is
evaluated with the continued fraction of Numerical Recipes (Lentz's method); it agrees
with R's `qf` to better than 1e-9 for the degrees of freedom that occur here.
"""

from __future__ import annotations

import math
import statistics
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from operator import mul
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray


@dataclass(frozen=True, slots=True)
class Summary:
    """n, mean, sample sd, median and quartiles of a list of numbers."""

    n: int
    mean: float | None
    sd: float | None
    median: float | None
    q1: float | None
    q3: float | None
    minimum: float | None
    maximum: float | None


EMPTY_SUMMARY = Summary(0, None, None, None, None, None, None, None)


def summarize(values: Sequence[float]) -> Summary:
    n = len(values)
    if n == 0:
        return EMPTY_SUMMARY
    mean = math.fsum(values) / n
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1)) if n >= 2 else None
    ordered = sorted(values)
    if n >= 2:
        q1, median, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    else:
        q1 = median = q3 = ordered[0]
    return Summary(n, mean, sd, median, q1, q3, ordered[0], ordered[-1])


def summarize_array(values: NDArray[np.float64]) -> Summary:
    """`summarize` of the known (non-NaN) values of an array, equal to it to the last bit."""
    import numpy as np

    distinct, counts = np.unique(values[~np.isnan(values)], return_counts=True)
    return summarize_counts(distinct.tolist(), counts.tolist())


def summarize_counts(distinct: Sequence[float], counts: Sequence[int]) -> Summary:
    """`summarize` of values given as their distinct values (ascending) and how often each
    occurs, equal to it to the last bit.

    A cohort's means take few distinct values (sums of small integers over small counts),
    so the sums run over the distinct values times their counts, exactly (in integers),
    which is what `math.fsum` rounds too; the quartiles take the same order statistics
    as `statistics.quantiles`. A million respondents take milliseconds, not seconds.
    """
    n = sum(counts)
    if n == 0:
        return EMPTY_SUMMARY
    mean = _exact_sum(distinct, counts) / n
    sd = None
    if n >= 2:
        squares = [(value - mean) ** 2 for value in distinct]
        sd = math.sqrt(_exact_sum(squares, counts) / (n - 1))
    ends = list(accumulate(counts))

    def order(index: int) -> float:
        """The value at `index` (0-based) of the sorted values."""
        return distinct[bisect_right(ends, index)]

    if n >= 2:
        # statistics.quantiles(method="inclusive") with n=4, as `summarize` calls it
        q1, median, q3 = (
            (order(j) * (4 - delta) + order(j + 1) * delta) / 4
            for j, delta in (divmod(i * (n - 1), 4) for i in (1, 2, 3))
        )
    else:
        q1 = median = q3 = distinct[0]
    return Summary(n, mean, sd, median, q1, q3, distinct[0], distinct[-1])


def _exact_sum(values: Sequence[float], counts: Sequence[int]) -> float:
    """The sum of each value times its count, correctly rounded (as `math.fsum` of the
    values repeated gives). A float is an integer over a power of two, so the exact sum is
    an integer over the largest of those powers; dividing the two rounds once."""
    ratios = [value.as_integer_ratio() for value in values]
    scale = max((denominator for _, denominator in ratios), default=1)
    total = sum(
        numerator * (scale // denominator) * count
        for (numerator, denominator), count in zip(ratios, counts, strict=True)
    )
    return total / scale


def pearson(
    n: int, sum_x: float, sum_y: float, sum_xx: float, sum_yy: float, sum_xy: float
) -> float | None:
    """Pearson's r from sums; `None` when either variable does not vary (or n < 3)."""
    if n < 3:
        return None
    sxx = sum_xx - sum_x * sum_x / n
    syy = sum_yy - sum_y * sum_y / n
    sxy = sum_xy - sum_x * sum_y / n
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def cronbach_alpha(k: int, item_variances: Sequence[float], total_variance: float) -> float | None:
    """α from the k item variances and the variance of the total (same divisor for all)."""
    if k < 2 or total_variance <= 1e-12:
        return None
    return k / (k - 1) * (1 - math.fsum(item_variances) / total_variance)


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 1000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def regularized_beta(a: float, b: float, x: float) -> float:
    """I_x(a, b), the CDF of the Beta(a, b) distribution at x."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_continued_fraction(a, b, x) / a
    return 1.0 - front * _beta_continued_fraction(b, a, 1.0 - x) / b


def f_quantile(p: float, d1: float, d2: float) -> float:
    """The p-quantile of the F(d1, d2) distribution (R's `qf(p, d1, d2)`)."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must be between 0 and 1")
    low, high = 0.0, 1.0
    # x = d1·F / (d1·F + d2) is Beta(d1/2, d2/2); bisect on x, which lives in (0, 1).
    for _ in range(200):
        middle = (low + high) / 2
        if regularized_beta(d1 / 2, d2 / 2, middle) < p:
            low = middle
        else:
            high = middle
        if high - low < 1e-15:
            break
    x = (low + high) / 2
    return d2 * x / (d1 * (1 - x))


def feldt_interval(
    alpha: float, n: int, k: int, confidence: float = 0.95
) -> tuple[float, float] | None:
    """Feldt, Woodruff & Salih (1987) confidence interval for Cronbach's alpha."""
    if n < 3 or k < 2:
        return None
    gamma = 1.0 - confidence
    d1, d2 = n - 1, (n - 1) * (k - 1)
    lower = 1.0 - (1.0 - alpha) * f_quantile(1.0 - gamma / 2, d1, d2)
    upper = 1.0 - (1.0 - alpha) * f_quantile(gamma / 2, d1, d2)
    return lower, upper


@dataclass(frozen=True, slots=True)
class Reliability:
    """Cronbach's alpha of one scale and the corrected item–total correlation of each item."""

    n: int
    """Respondents who rated every item (listwise complete)."""
    k: int
    alpha: float | None
    ci: tuple[float, float] | None
    item_total: tuple[float | None, ...]


def reliability(columns: Sequence[Sequence[float]], confidence: float = 0.95) -> Reliability:
    """Alpha and item–total correlations from complete item columns (one sequence per item,
    all of the same length, one value per complete respondent).

    Integer ratings keep the sums exact; the sums use `map` so that 100,000 respondents
    take milliseconds, not seconds.
    """
    k = len(columns)
    n = len(columns[0]) if columns else 0
    if k == 0 or n == 0:
        return Reliability(n, k, None, None, (None,) * k)
    totals = list(map(sum, zip(*columns, strict=True)))
    items = [
        (sum(column), sum(map(mul, column, column)), sum(map(mul, column, totals)))
        for column in columns
    ]
    return _reliability(n, sum(totals), sum(map(mul, totals, totals)), items, confidence)


def reliability_matrix(items: NDArray[np.int64], confidence: float = 0.95) -> Reliability:
    """`reliability` of integer ratings held as a matrix (a row per complete respondent, a
    column per item), equal to it to the last bit: the sums are exact integers either way."""
    n, k = items.shape
    if k == 0 or n == 0:
        return Reliability(n, k, None, None, (None,) * k)
    totals = items.sum(axis=1)
    sums = [(int(column.sum()), int(column @ column), int(column @ totals)) for column in items.T]
    return _reliability(n, int(totals.sum()), int(totals @ totals), sums, confidence)


def _reliability(
    n: int,
    sum_t: float,
    sum_tt: float,
    items: Sequence[tuple[float, float, float]],
    confidence: float,
) -> Reliability:
    """Alpha, its interval and the item–total correlations from the sums: of the totals,
    of their squares, and per item of the item, its square and its product with the
    total."""
    k = len(items)
    item_variances: list[float] = []
    item_total: list[float | None] = []
    for sum_x, sum_xx, sum_xt in items:
        if n >= 2:
            item_variances.append((sum_xx - sum_x * sum_x / n) / (n - 1))
        # rest = total − item: its sums follow from the total's and the item's.
        sum_r = sum_t - sum_x
        sum_rr = sum_tt - 2 * sum_xt + sum_xx
        sum_xr = sum_xt - sum_xx
        item_total.append(pearson(n, sum_x, sum_r, sum_xx, sum_rr, sum_xr) if k >= 2 else None)
    alpha: float | None = None
    ci: tuple[float, float] | None = None
    if n >= 2 and k >= 2:
        total_variance = (sum_tt - sum_t * sum_t / n) / (n - 1)
        alpha = cronbach_alpha(k, item_variances, total_variance)
        if alpha is not None:
            ci = feldt_interval(alpha, n, k, confidence)
    return Reliability(n, k, alpha, ci, tuple(item_total))

"""Cohort statistics against values computed by hand and against published worked examples."""

from __future__ import annotations

import pytest

from kompetens.cohort.stats import (
    f_quantile,
    feldt_interval,
    pearson,
    reliability,
    summarize,
)


def test_summary_of_an_odd_list_by_hand() -> None:
    # 1, 2, 3, 4, 10: mean 20/5 = 4; squared deviations 9+4+1+0+36 = 50, sd = √(50/4)
    summary = summarize([4, 1, 10, 3, 2])
    assert summary.n == 5
    assert summary.mean == pytest.approx(4.0)
    assert summary.sd == pytest.approx(12.5**0.5)
    assert summary.median == 3
    # type 7 quartiles: positions 1 + 4·0.25 = 2 and 1 + 4·0.75 = 4 → the 2nd and 4th values
    assert (summary.q1, summary.q3) == (2, 4)
    assert (summary.minimum, summary.maximum) == (1, 10)


def test_summary_of_an_even_list_interpolates_like_excel_quartile_inc() -> None:
    # 1, 2, 3, 4: median 2.5; Q1 at position 1.75 → 1.75; Q3 at position 3.25 → 3.25
    summary = summarize([1, 2, 3, 4])
    assert summary.median == pytest.approx(2.5)
    assert summary.q1 == pytest.approx(1.75)
    assert summary.q3 == pytest.approx(3.25)


def test_summary_of_one_and_of_no_value() -> None:
    one = summarize([3.5])
    assert (one.mean, one.sd, one.median, one.q1, one.q3) == (3.5, None, 3.5, 3.5, 3.5)
    none = summarize([])
    assert none.n == 0 and none.mean is None


# Four respondents, three items (hand-computed below):
#   R1: 1 2 2 | R2: 2 3 3 | R3: 3 3 4 | R4: 4 5 5
# item variances (n − 1): 5/3, 4.75/3, 5/3; totals 5, 8, 10, 14 → variance 42.75/3 = 14.25
# alpha = 3/2 · (1 − (5 + 4.75 + 5)/3 / 14.25) = 1.5 · (1 − 4.916667/14.25) = 0.982456
# corrected item–total for item 1: x = 1 2 3 4, rest = 4 6 7 10
#   Sxy = 9.5, Sxx = 5, Syy = 18.75 → r = 9.5 / √93.75 = 0.981156
COLUMNS = [(1, 2, 3, 4), (2, 3, 3, 5), (2, 3, 4, 5)]


def test_cronbach_alpha_and_item_total_by_hand() -> None:
    rel = reliability(COLUMNS)
    assert rel.n == 4 and rel.k == 3
    assert rel.alpha == pytest.approx(0.982456, abs=1e-6)
    assert rel.item_total[0] == pytest.approx(0.981156, abs=1e-6)
    # item 3 against items 1 + 2 = 3 5 6 9: x = 2 3 4 5, Sxy = 9.5, Syy = 18.75 again
    assert rel.item_total[2] == pytest.approx(0.981156, abs=1e-6)


def test_pearson_without_variance_is_none() -> None:
    assert pearson(4, 8, 10, 16, 30, 20) is None  # x is constant (2, 2, 2, 2)


def test_f_quantile_matches_published_tables() -> None:
    # R: qf(0.975, 10, 20) = 2.773671; qf(0.95, 5, 10) = 3.325835 (both in F tables)
    assert f_quantile(0.975, 10, 20) == pytest.approx(2.773671, abs=1e-6)
    assert f_quantile(0.95, 5, 10) == pytest.approx(3.325835, abs=1e-6)


def test_feldt_interval_matches_the_real_statistics_worked_example() -> None:
    # Zaiontz, C., Real Statistics Using Excel, "Cronbach's Alpha Hypothesis Testing"
    # (real-statistics.com/reliability/internal-consistency-reliability/cronbachs-alpha/
    # cronbachs-alpha-continued/): n = 15 respondents, k = 10 items, alpha = 0.591719;
    # the 95 % interval is (0.194922, 0.839821) by Feldt, Woodruff & Salih (1987), formulas
    # 6 and 7, with F(n − 1, (n − 1)(k − 1)) = F(14, 126).
    low, high = feldt_interval(0.591719, 15, 10)  # type: ignore[misc]
    assert low == pytest.approx(0.194922, abs=1e-6)
    assert high == pytest.approx(0.839821, abs=1e-6)


def test_feldt_interval_needs_enough_data() -> None:
    assert feldt_interval(0.8, 2, 5) is None
    assert reliability([]).alpha is None
    assert reliability([(3, 3, 3)]).alpha is None  # one item: alpha is not defined

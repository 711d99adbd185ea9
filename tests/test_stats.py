"""course_lib.stats against scipy and against small cases worked by hand."""

import subprocess
import sys

import numpy as np
import pytest
from scipy.stats import binom, binomtest

from course_lib import stats


def test_five_wins_out_of_five_cannot_reach_p_below_one_sixteenth_and_say_so():
    a, b = np.array([3.0, 4, 5, 6, 7]), np.array([1.0, 2, 3, 4, 5.5])
    s = stats.paired(a, b, "A − B")
    assert (s.wins, s.losses, s.n) == (5, 0, 5)
    assert s.p_value == pytest.approx(2 / 32)  # exact two-sided sign test, by hand
    assert (s.low, s.high) == (1.5, 2.0)  # under 6 seeds: the full range of the differences ...
    assert s.coverage == pytest.approx(1 - 2 / 32)  # ... whose coverage is below 95%
    assert "94% interval" in str(s) and "better on 5/5 seeds" in str(s)


def test_sign_test_counts_each_tie_against_the_winning_side():
    rng = np.random.default_rng(1)
    a = rng.normal(size=15)
    b = a - rng.normal(0.3, 1, size=15)
    b[:2] = a[:2]  # two ties
    s = stats.paired(a, b, "A − B")
    assert s.wins + s.losses == 13
    # ties join the smaller side: scipy's test of min(wins, losses) + 2 out of all 15 seeds
    assert s.p_value == pytest.approx(binomtest(min(s.wins, s.losses) + 2, 15).pvalue, rel=1e-12)


@pytest.mark.parametrize("n", [6, 10, 20, 31])
def test_the_printed_p_and_the_interval_decide_alike_on_every_pattern_of_wins_losses_and_ties(n):
    """On discrete outcomes many seeds tie. Every pattern of n seeds: p < 0.05 exactly when the
    95% interval lies on one side of zero (dropping ties, 52 of the 231 patterns of 20 seeds
    disagreed)."""
    patterns = 0
    for wins in range(n + 1):
        for losses in range(n + 1 - wins):
            ties = n - wins - losses
            s = stats.paired(np.r_[np.ones(wins), np.zeros(losses + ties)],
                             np.r_[np.zeros(wins), np.ones(losses), np.zeros(ties)], "A − B")
            assert (s.p_value < 0.05) == (s.a_better or s.b_better), (wins, losses, ties, s)
            patterns += 1
    assert patterns == (n + 1) * (n + 2) // 2


def test_holm_equals_its_definition_computed_independently():
    """Holm (1979): reject the k-th smallest p while (m - k + 1) p_(k) <= alpha, stopping at the
    first that is not; the adjusted p is the smallest alpha at which each is rejected."""
    rng = np.random.default_rng(3)
    for _ in range(200):
        m = int(rng.integers(1, 12))
        p = np.round(rng.uniform(0, 0.2, size=m), int(rng.integers(2, 4)))  # ties among p too
        adjusted = stats.holm(p)
        for alpha in (0.01, 0.05, 0.1):
            order, rejected = np.argsort(p, kind="stable"), np.zeros(m, bool)
            for k, i in enumerate(order):
                if (m - k) * p[i] > alpha:
                    break
                rejected[i] = True
            assert np.array_equal(adjusted <= alpha, rejected), (p, alpha)
    assert list(stats.holm([0.01, 0.04, 0.03])) == pytest.approx([0.03, 0.06, 0.06])
    assert list(stats.holm([0.5])) == [0.5]


@pytest.mark.parametrize("bad", [[], [0.5, 1.5], [-0.1], [[0.1]], [float("nan")], "p"])
def test_holm_refuses_what_is_not_a_list_of_probabilities(bad):
    with pytest.raises((TypeError, ValueError), match="p_values"):
        stats.holm(bad)


def test_holm_table_adjusts_every_comparison_of_every_part_together_and_prints_them():
    ten = np.arange(1.0, 11.0)
    up = stats.paired(ten + 1, ten, "a − none")  # wins on all ten seeds
    mixed = stats.paired(ten + np.array([1, -1] * 5), ten, "b − none")
    down = stats.paired(ten + 1, ten, "c − none", better="lower")  # higher loss: worse on all ten
    table = stats.holm_table({"accuracy": {"a": up, "b": mixed}, "loss": {"c": down}})
    expected = stats.holm([up.p_value, mixed.p_value, down.p_value])
    assert [table.adjusted["accuracy"]["a"], table.adjusted["accuracy"]["b"],
            table.adjusted["loss"]["c"]] == pytest.approx(list(expected))
    assert table.resolved == {"accuracy": {"a": 1, "b": 0}, "loss": {"c": -1}}
    lines = str(table).splitlines()
    assert lines[0].startswith("accuracy") and lines[0].endswith("Holm p") and lines[3] == ""
    assert lines[1].startswith("a ") and "10/10" in lines[1] and lines[1].endswith(f"{expected[0]:.2g}")


@pytest.mark.parametrize("bad", [{}, [], {"t": {}}, {"t": {"a": 0.5}}, {1: {"a": None}}, None])
def test_holm_table_refuses_what_is_not_titles_of_paired_rows(bad):
    with pytest.raises(TypeError, match="groups"):
        stats.holm_table(bad)


@pytest.mark.parametrize("n", [6, 10, 11, 20, 50])
def test_median_interval_is_the_widest_order_statistic_pair_reaching_95_percent(n):
    d = np.arange(n, dtype=float)  # sorted, so the k-th order statistic is k - 1
    low, high, coverage = stats.median_interval(d[::-1])
    k = int(low) + 1
    assert high == n - k
    assert coverage == pytest.approx(1 - 2 * binom.cdf(k - 1, n, 0.5)) and coverage >= 0.95
    assert 1 - 2 * binom.cdf(k, n, 0.5) < 0.95  # one step narrower would fall short of 95%


def test_ten_seeds_give_the_interval_between_the_second_smallest_and_second_largest():
    assert stats.median_interval(np.arange(10.0)) == pytest.approx((1.0, 8.0, 1 - 2 * 11 / 1024))


def test_lower_is_better_counts_wins_for_the_smaller_loss_and_scales_units():
    s = stats.paired([0.1, 0.2, 0.3], [0.2, 0.3, 0.5], "Adam − SGD", better="lower", scale=100, unit="points")
    assert s.differences == pytest.approx([-10, -10, -20]) and s.median == pytest.approx(-10)
    assert s.wins == 3 and s.high < 0  # A won every seed, and its interval is below zero ...
    assert not s.a_better and not s.b_better  # ... but 3 seeds give a 75% interval: no verdict
    assert str(s).startswith("Adam − SGD: −10.0 points [−20.0, −10.0]")


def test_a_clear_effect_on_twelve_seeds_has_an_interval_beside_zero():
    rng = np.random.default_rng(0)
    base = rng.normal(size=12)
    s = stats.paired(base + 1 + 0.1 * rng.normal(size=12), base, "A − B")
    assert s.a_better and not s.b_better and s.coverage >= 0.95 and s.p_value < 0.001
    assert not s.within(0.5) and stats.paired(base, base + 1e-3, "same").within(0.01)


def test_wilson_interval_matches_the_formula():
    k, n, z = 44, 50, 1.959963984540054
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    r = stats.rate(k, n, "solved")
    assert (r.low, r.high) == pytest.approx((centre - half, centre + half), rel=1e-9)
    assert str(r) == "solved: 44/50 = 88% [76%, 94%]"
    assert stats.rate(np.array([True, False, True, True])).successes == 3


@pytest.mark.parametrize("n", [1, 2, 5, 6, 13, 40, 101])
def test_sign_test_and_wilson_interval_equal_scipy_stats_for_every_count(n):
    # scipy.stats is the oracle; the module computes from scipy.special's functions, in the
    # same formulas, so the two agree to the last few bits (rel 1e-12).
    for k in range(n + 1):  # without ties, the textbook sign test
        assert stats._sign_test(k, n - k) == pytest.approx(binomtest(k, n).pvalue, rel=1e-12)
        wilson = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
        r = stats.rate(k, n)
        assert (r.low, r.high) == pytest.approx((wilson.low, wilson.high), rel=1e-12, abs=1e-15)
    for k in range(n):
        assert stats._binomial_cdf(k, n) == pytest.approx(binom.cdf(k, n, 0.5), rel=1e-12)


def test_reading_seeds_does_not_import_scipy_stats():
    # scipy.stats takes about a second to import, paid by every chapter that reads its seeds.
    code = ("import sys; from course_lib import stats; stats.rate(3, 4); stats.paired([1, 2, 3], [0, 1, 1], 'x');"
            "print('scipy.stats' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize("call, message", [
    (lambda: stats.paired([1, 2, 3], [1, 2], "x"), "same seeds"),
    (lambda: stats.paired([1.0], [2.0], "x"), "at least 2 seeds"),
    (lambda: stats.paired([1, np.nan], [1, 2], "x"), "a"),
    (lambda: stats.paired([1, 2], [1, 2], ""), "label"),
    (lambda: stats.paired([1, 2], [1, 2], "x", better="up"), "better"),
    (lambda: stats.rate(5, 3), "cannot exceed"),
    (lambda: stats.rate([1, 0]), "boolean"),
])
def test_bad_input_gets_a_clear_error(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()

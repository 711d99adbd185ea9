"""The instruments of chapter 10, on cases small enough to compute by hand, and against
PyTorch where it has the same measurement."""

import math

import numpy as np
import pytest
import torch

from course_lib import diagnostics as d


def test_curve_summary_reads_start_window_end_extremes_and_chance():
    losses = np.array([3.0, 2.0, 4.0, 1.0, 0.5, 0.25])
    s = d.curve_summary(losses, classes=10, window=2)
    assert (s.start, s.end, s.lowest, s.highest) == (3.0, 0.375, 0.25, 4.0)
    assert s.chance == pytest.approx(math.log(10)) and s.first_nonfinite is None
    assert s.fell == pytest.approx(8.0)


def test_curve_summary_marks_the_first_overflow_and_reads_only_before_it():
    s = d.curve_summary([2.0, 1.0, 7.0, np.inf, np.nan], classes=3)
    assert s.first_nonfinite == 3 and s.end == math.inf and s.highest == 7.0 and s.lowest == 1.0


def test_update_ratio_is_the_change_over_the_weights_in_frobenius_norm():
    before = np.array([[3.0, 0.0], [0.0, 4.0]])  # norm 5
    after = before + np.array([[0.0, 0.5], [0.0, 0.0]])
    assert d.update_ratio(before, after) == pytest.approx(0.1)
    stack = d.update_ratio(np.stack([before, 2 * before]), np.stack([after, 2 * before]))
    np.testing.assert_allclose(stack, [0.1, 0.0])


def test_rms_equals_torch_norm_over_the_square_root_of_the_size():
    g = np.random.default_rng(0).normal(size=(5, 7))
    assert d.rms(g) == pytest.approx(torch.linalg.norm(torch.tensor(g)).item() / math.sqrt(35), rel=1e-12)


def test_dead_fraction_counts_columns_zero_on_every_example():
    h = np.array([[0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 2.0, 0.0], [0.0, 3.0, 0.0, 0.0]])
    assert d.dead_fraction(h) == 0.5  # columns 0 and 3


def test_saturated_fraction_counts_slopes_below_a_hundredth():
    z = np.array([[0.0, 10.0], [-10.0, 1.0]])  # sigmoid slopes 0.25, 4.5e-5, 4.5e-5, 0.2
    assert d.saturated_fraction(z, "sigmoid") == 0.5
    assert d.saturated_fraction(z, "tanh") == 0.5  # tanh' (10) = 8e-9, tanh'(1) = 0.42
    with pytest.raises(ValueError, match="activation must be one of"):
        d.saturated_fraction(z, "relu")


def test_range_test_finds_where_the_smoothed_loss_passes_four_times_its_lowest():
    rates = np.geomspace(1e-3, 10, 100)
    losses = np.where(rates < 1, 2.0 - np.log10(rates / 1e-3) / 2, 0.5 * np.exp(5 * (rates - 1)))
    read = d.read_range_test(rates, losses, smoothing=0.0)
    expected = rates[np.argmax(losses > 4 * losses[rates < 1].min())]
    assert read.blowup == expected and read.suggested == pytest.approx(expected / 10)


def test_range_test_reports_no_blowup_for_a_falling_loss_and_the_rate_of_an_overflow():
    rates = np.geomspace(1e-3, 1, 20)
    assert d.read_range_test(rates, np.linspace(2, 1, 20)).blowup is None
    overflow = np.linspace(2, 1, 20)
    overflow[7] = np.inf
    assert d.read_range_test(rates, overflow).blowup == rates[7]


def test_range_test_needs_increasing_rates():
    with pytest.raises(ValueError, match="increasing"):
        d.read_range_test([0.1, 0.01], [1.0, 2.0])

"""Gradient descent on quadratics: the contraction factor, the regimes and the stability
threshold, checked against iterated gradient descent itself and against NumPy's eigenvalues."""

import math

import numpy as np
import pytest

from course_lib.descent import first_below, gradient_descent
from course_lib.quadratics import (condition_number, contraction_factor, max_stable_lr, regime,
                                   steps_to_shrink)


@pytest.mark.parametrize("curvature", [0.2, 1.0, 4.0, 37.0])
@pytest.mark.parametrize("fraction", [0.1, 0.3, 0.5, 0.7, 0.99, 1.01, 1.5])
def test_one_step_multiplies_the_distance_by_the_factor(curvature, fraction):
    lr = fraction * max_stable_lr(curvature)
    path = gradient_descent(lambda x: curvature * (x - 2.0), 5.0, lr=lr, steps=1)  # minimum at 2
    assert (path[1] - 2.0) == pytest.approx(contraction_factor(curvature, lr) * 3.0, rel=1e-12)


@pytest.mark.parametrize("lr, expected", [(0.1, "monotone"), (0.25, "monotone"), (0.3, "zig-zag"),
                                          (0.5, "stuck"), (0.6, "diverging")])
def test_regimes_of_f_equal_two_x_squared(lr, expected):
    # f = 2x^2, f'' = 4: the factor 1 - 4 lr is 0.6, 0, -0.2, -1, -1.4.
    assert regime(4.0, lr) == expected
    path = gradient_descent(lambda x: 4.0 * x, 3.0, lr=lr, steps=30)
    if expected == "diverging":
        assert abs(path[-1]) > 3.0
    elif expected == "stuck":
        np.testing.assert_allclose(np.abs(path), 3.0)
    else:
        assert abs(path[-1]) < 1e-3 * 3.0
        signs = np.sign(path[1:][path[1:] != 0])
        assert (np.all(signs > 0)) == (expected == "monotone")


def test_max_stable_lr_uses_the_largest_eigenvalue_not_the_diagonal():
    H = np.array([[2.0, 1.5], [1.5, 2.0]])  # eigenvalues 0.5 and 3.5; the diagonal says 2
    assert max_stable_lr(H) == pytest.approx(2 / 3.5)
    assert condition_number(H) == pytest.approx(7.0)
    for factor, converges in [(0.98, True), (1.02, False)]:
        path = gradient_descent(lambda x: H @ x, np.array([1.0, 0.3]), lr=factor * max_stable_lr(H), steps=3000)
        assert (np.linalg.norm(path[-1]) < 1e-3) == converges


@pytest.mark.parametrize("factor, tolerance", [(0.8, 1e-2), (-0.5, 1e-6), (0.999, 0.5), (0.1, 1e-3)])
def test_steps_to_shrink_is_the_first_step_below_the_tolerance(factor, tolerance):
    distances = np.abs(factor) ** np.arange(20000)
    assert steps_to_shrink(factor, tolerance) == first_below(distances, tolerance)


def test_first_below_returns_none_when_never_below():
    assert first_below([3.0, 2.0, 1.0], 0.5) is None
    assert first_below([3.0, 2.0, 1.0], 2.5) == 1


@pytest.mark.parametrize("call, message", [
    (lambda: contraction_factor(-1.0, 0.1), "curvature must be"),
    (lambda: regime(1.0, 0.0), "lr must be"),
    (lambda: max_stable_lr(np.ones((2, 3))), "symmetric square"),
    (lambda: max_stable_lr(-np.eye(2)), "no positive eigenvalue"),
    (lambda: condition_number(np.diag([1.0, 0.0])), "not positive definite"),
    (lambda: steps_to_shrink(1.2, 0.1), "factor"),
    (lambda: steps_to_shrink(0.5, 2.0), "between 0 and 1"),
    (lambda: first_below(np.ones((2, 2)), 0.5), "1-D"),
])
def test_bad_arguments_get_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_steps_to_shrink_with_zero_factor_is_one_step():
    assert steps_to_shrink(0.0, 1e-9) == 1 and math.isfinite(steps_to_shrink(-0.99, 1e-9))


def test_heavy_ball_rate_is_the_spectral_radius_of_the_step_matrix():
    from course_lib.quadratics import heavy_ball_rate

    curvatures, lr, beta = np.array([0.5, 2.0, 9.0]), 0.15, 0.6
    radius = max(np.abs(np.linalg.eigvals(np.array([[1 + beta - lr * c, -beta], [1.0, 0.0]]))).max()
                 for c in curvatures)
    assert heavy_ball_rate(curvatures, lr, beta) == pytest.approx(radius, rel=1e-12)
    grid = heavy_ball_rate(curvatures, np.array([[0.1, 0.15]]), np.array([[0.6], [0.0]]))
    assert grid.shape == (2, 2) and grid[0, 1] == pytest.approx(radius, rel=1e-12)


@pytest.mark.parametrize("kappa", [10.0, 100.0, 1000.0])
def test_polyaks_settings_reach_polyaks_rate(kappa):
    from course_lib.quadratics import heavy_ball_rate

    root = np.sqrt(kappa)
    beta, lr = ((root - 1) / (root + 1)) ** 2, 4 / (root + 1) ** 2
    # at the optimum the roots coincide: sqrt of a rounding-sized discriminant costs ~1e-8
    assert heavy_ball_rate([1.0, kappa], lr, beta) == pytest.approx((root - 1) / (root + 1), rel=1e-6)

"""Gradient descent follows the closed form on a quadratic and stops cleanly on overflow."""

import numpy as np
import pytest

from course_lib.descent import gradient_descent


def test_iterates_follow_the_closed_form_on_a_quadratic():
    # f(x) = x^2 / 10, f'(x) = x / 5, lr = 1: x_k = 3 * 0.8^k exactly, up to rounding.
    path = gradient_descent(lambda x: x / 5, 3.0, lr=1.0, steps=20)
    np.testing.assert_allclose(path, 3 * 0.8 ** np.arange(21), rtol=1e-12)


def test_divergent_run_stops_at_the_last_finite_iterate():
    path = gradient_descent(lambda x: 4 * x, np.array([1.0]), lr=1.0, steps=2000)  # multiplies by -3
    assert 1 < len(path) < 2001 and np.isfinite(path).all()


@pytest.mark.parametrize("kwargs, message", [
    ({"grad": 3, "x0": 1.0, "lr": 0.1, "steps": 1}, "grad must be a function"),
    ({"grad": lambda x: x, "x0": 1.0, "lr": 0.0, "steps": 1}, "lr must be"),
    ({"grad": lambda x: x, "x0": 1.0, "lr": 0.1, "steps": 1.5}, "steps must be an integer"),
    ({"grad": lambda x: np.ones(3), "x0": np.ones(2), "lr": 0.1, "steps": 1}, "one entry per parameter"),
    ({"grad": lambda x: x, "x0": np.nan, "lr": 0.1, "steps": 1}, "x0 contains"),
])
def test_bad_arguments_get_clear_errors(kwargs, message):
    grad = kwargs.pop("grad")
    with pytest.raises((TypeError, ValueError), match=message):
        gradient_descent(grad, **kwargs)

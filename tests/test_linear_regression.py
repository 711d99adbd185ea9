"""Least-squares curvature tools, with torch.autograd, jax and scikit-learn as oracles."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import torch
from sklearn.linear_model import LinearRegression

from course_lib.descent import gradient_descent
from course_lib.linear_regression import (condition_number, least_squares, max_stable_lr, mse,
                                          mse_gradient, mse_hessian, with_bias)

@pytest.fixture(autouse=True)
def float64_jax():
    """Compare in float64 (tolerances below are 1e-10), without leaking into other modules."""
    jax.config.update("jax_enable_x64", True)
    yield
    jax.config.update("jax_enable_x64", False)


@pytest.fixture
def problem():
    rng = np.random.default_rng(0)
    X = with_bias(rng.normal(size=(30, 2)) * [1.0, 10.0])
    return X, rng.normal(size=30), rng.normal(size=3)


def test_gradient_matches_torch_autograd_and_jax_grad(problem):
    X, y, w = problem
    wt = torch.tensor(w, requires_grad=True)
    torch.mean((torch.tensor(X) @ wt - torch.tensor(y)) ** 2).backward()
    jax_grad = jax.grad(lambda v: jnp.mean((X @ v - y) ** 2))(w)
    np.testing.assert_allclose(mse_gradient(w, X, y), wt.grad.numpy(), rtol=1e-10)
    np.testing.assert_allclose(mse_gradient(w, X, y), np.asarray(jax_grad), rtol=1e-10)


def test_hessian_matches_jax_hessian(problem):
    X, y, w = problem
    np.testing.assert_allclose(mse_hessian(X), jax.hessian(lambda v: jnp.mean((X @ v - y) ** 2))(w), rtol=1e-10)


def test_batched_mse_equals_one_at_a_time(problem):
    X, y, w = problem
    grid = np.stack([w, 2 * w, -w]).reshape(3, 1, 3)
    np.testing.assert_allclose(mse(grid, X, y)[:, 0], [mse(v, X, y) for v in grid[:, 0]], rtol=1e-12)


def test_least_squares_matches_scikit_learn(problem):
    X, y, _ = problem
    model = LinearRegression().fit(X[:, :2], y)
    np.testing.assert_allclose(least_squares(X, y), [*model.coef_, model.intercept_], rtol=1e-9)


def test_condition_number_matches_numpy(problem):
    H = mse_hessian(problem[0])
    assert condition_number(H) == pytest.approx(np.linalg.cond(H), rel=1e-9)


@pytest.mark.parametrize("factor, converges", [(0.99, True), (1.01, False)])
def test_max_stable_lr_is_the_convergence_threshold(problem, factor, converges):
    X, y, _ = problem
    lr = factor * max_stable_lr(mse_hessian(X))
    path = gradient_descent(lambda v: mse_gradient(v, X, y), np.zeros(3), lr=lr, steps=3000)
    gap = mse(path[-1], X, y) - mse(least_squares(X, y), X, y)
    assert (gap < 1e-6) == converges


def test_bad_shapes_are_explained(problem):
    X, y, w = problem
    with pytest.raises(ValueError, match="X has 30 rows but y has 29"):
        mse_gradient(w, X, y[:-1])
    with pytest.raises(ValueError, match="one weight per column"):
        mse(w[:2], X, y)
    with pytest.raises(ValueError, match="symmetric square"):
        condition_number(np.ones((2, 3)))
    with pytest.raises(ValueError, match="not positive definite"):
        condition_number(np.zeros((2, 2)))

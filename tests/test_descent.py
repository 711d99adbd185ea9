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


def test_gradient_descent_equals_torch_sgd_and_optax_sgd_step_by_step():
    import jax
    import optax
    import torch

    jax.config.update("jax_enable_x64", True)  # compare in float64: the only difference left is rounding
    try:
        H = np.array([[2.0, 0.5], [0.5, 8.0]])
        x0, lr, steps = np.array([3.0, -2.0]), 0.1, 30
        ours = gradient_descent(lambda x: H @ x, x0, lr=lr, steps=steps)

        x = torch.tensor(x0, requires_grad=True)
        opt = torch.optim.SGD([x], lr=lr)
        theirs = [x.detach().numpy().copy()]
        for _ in range(steps):
            opt.zero_grad()
            (0.5 * x @ torch.tensor(H) @ x).backward()
            opt.step()
            theirs.append(x.detach().numpy().copy())
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-14)

        sgd, xj = optax.sgd(lr), jax.numpy.asarray(x0)
        state, path = sgd.init(xj), [np.asarray(xj)]
        grad = jax.grad(lambda v: 0.5 * v @ H @ v)
        for _ in range(steps):
            updates, state = sgd.update(grad(xj), state)
            xj = optax.apply_updates(xj, updates)
            path.append(np.asarray(xj))
        np.testing.assert_allclose(ours, path, rtol=1e-12, atol=1e-14)
    finally:
        jax.config.update("jax_enable_x64", False)

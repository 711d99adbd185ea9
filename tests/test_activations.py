"""Activation functions and derivatives in NumPy, with torch and jax as oracles (float64)."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import torch

from course_lib.activations import ACTIVATIONS, activation, derivative

@pytest.fixture(scope="module")
def float64_jax():
    jax.config.update("jax_enable_x64", True)
    yield
    jax.config.update("jax_enable_x64", False)


X = np.concatenate([np.linspace(-30, 30, 601), [-1e-9, 1e-9, 0.5, -0.5]])

TORCH = {
    "identity": lambda t: t,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "leaky_relu": torch.nn.functional.leaky_relu,  # default negative slope 0.01
    "gelu": torch.nn.functional.gelu,  # exact (erf) by default
    "silu": torch.nn.functional.silu,
    "elu": torch.nn.functional.elu,  # alpha 1 by default
}


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_values_and_derivatives_equal_torch_autograd(name):
    t = torch.tensor(X, requires_grad=True)
    out = TORCH[name](t)
    out.sum().backward()
    np.testing.assert_allclose(activation(name, X), out.detach().numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(derivative(name, X), t.grad.numpy(), rtol=1e-10, atol=1e-15)


@pytest.mark.parametrize("name, function", [
    ("sigmoid", jax.nn.sigmoid), ("tanh", jnp.tanh), ("relu", jax.nn.relu),
    ("leaky_relu", jax.nn.leaky_relu), ("gelu", lambda z: jax.nn.gelu(z, approximate=False)),
    ("silu", jax.nn.silu), ("elu", jax.nn.elu)])
def test_derivatives_equal_jax_grad(name, function, float64_jax):
    x = X[np.abs(X) > 1e-6]  # away from ReLU's kink, where conventions may differ
    grad = jax.vmap(jax.grad(function))(jnp.asarray(x))
    # atol 1e-14: where tanh rounds to ±1, 1 - tanh^2 is rounding noise of order 1e-15 in either library
    np.testing.assert_allclose(derivative(name, x), np.asarray(grad), rtol=1e-9, atol=1e-14)


def test_sigmoid_does_not_overflow_at_extreme_inputs():
    with np.errstate(over="raise", invalid="raise"):
        values = activation("sigmoid", np.array([-1000.0, 1000.0]))
    assert values.tolist() == [0.0, 1.0]


def test_unknown_activation_is_a_clear_error():
    with pytest.raises(ValueError, match="activation must be one of"):
        activation("swish", X)

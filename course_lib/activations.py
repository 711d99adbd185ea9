"""Activation functions and their derivatives, in NumPy (chapter 6; used from chapter 7).

Each derivative is written the way backpropagation uses it: as a function of the input x.
``"silu"`` is x * sigmoid(x) (Swish with beta = 1) and ``"elu"`` ELU with alpha = 1, both as
PyTorch and JAX define them by default. ``"gelu"`` is the exact GELU, x * Phi(x) with Phi the
standard normal CDF, as in ``torch.nn.GELU()``; ``jax.nn.gelu`` uses the tanh approximation unless called with
``approximate=False`` (chapter 6 measures the difference).
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .validation import as_float_array, check_choice

LEAKY_SLOPE = 0.01  # torch.nn.LeakyReLU's and jax.nn.leaky_relu's default negative slope


def _sigmoid(x: np.ndarray) -> np.ndarray:
    from scipy.special import expit  # stable: no overflow for large |x|

    return expit(x)


def _sigmoid_slope(x: np.ndarray) -> np.ndarray:
    s = _sigmoid(x)
    return s * (1 - s)


def _normal_cdf(x: np.ndarray) -> np.ndarray:
    from scipy.special import ndtr

    return ndtr(x)


def _normal_pdf(x: np.ndarray) -> np.ndarray:
    return np.exp(-0.5 * x**2) / np.sqrt(2 * np.pi)


_FUNCTIONS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray]]] = {
    "identity": (lambda x: x, np.ones_like),
    "sigmoid": (_sigmoid, _sigmoid_slope),
    "tanh": (np.tanh, lambda x: 1 - np.tanh(x) ** 2),
    "relu": (lambda x: np.maximum(x, 0.0), lambda x: (x > 0).astype(float)),
    "leaky_relu": (lambda x: np.where(x > 0, x, LEAKY_SLOPE * x), lambda x: np.where(x > 0, 1.0, LEAKY_SLOPE)),
    "gelu": (lambda x: x * _normal_cdf(x), lambda x: _normal_cdf(x) + x * _normal_pdf(x)),
    # SiLU (Swish with beta = 1): x * sigmoid(x); its slope is s + x s (1 - s)
    "silu": (lambda x: x * _sigmoid(x), lambda x: _sigmoid(x) * (1 + x * (1 - _sigmoid(x)))),
    # ELU with alpha = 1, as torch's and jax's defaults: x for x > 0, exp(x) - 1 below
    "elu": (lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0))), lambda x: np.where(x > 0, 1.0, np.exp(np.minimum(x, 0)))),
}
ACTIVATIONS = tuple(_FUNCTIONS)


def activation(name: str, x: Any) -> np.ndarray:
    """``name`` applied to ``x`` elementwise; ``name`` is one of :data:`ACTIVATIONS`.
    ReLU's derivative at exactly 0 is taken as 0, as torch and jax do."""
    return _FUNCTIONS[check_choice(name, "activation", ACTIVATIONS)][0](as_float_array(x, "x"))


def derivative(name: str, x: Any) -> np.ndarray:
    """The derivative of activation ``name`` at ``x``, elementwise."""
    return _FUNCTIONS[check_choice(name, "activation", ACTIVATIONS)][1](as_float_array(x, "x"))

"""Least-squares linear regression as a loss surface, taught in chapter 4.

The model is ``y_hat = X @ w`` where the last column of X is 1 (the bias). The mean squared
error is a quadratic in w, so its Hessian ``2/n X^T X`` is constant: its eigenvalues are the
curvatures of the loss surface, and their ratio (the condition number) says how hard the
surface is for gradient descent (chapter 2).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .quadratics import condition_number, max_stable_lr  # noqa: F401 (re-exported)
from .validation import as_float_array


def with_bias(X: Any) -> np.ndarray:
    """Append a column of ones to X (n_samples, n_features) for the bias weight."""
    X = as_float_array(X, "X", ndim=2)
    return np.hstack([X, np.ones((X.shape[0], 1))])


def _check_pair(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    X = as_float_array(X, "X", ndim=2)
    y = as_float_array(y, "y", ndim=1)
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"X has {X.shape[0]} rows but y has {y.shape[0]} values; they must match.")
    return X, y


def _check_weights(w: Any, X: np.ndarray) -> np.ndarray:
    w = as_float_array(w, "w")
    if w.ndim == 0 or w.shape[0] != X.shape[1]:
        raise ValueError(
            f"w has {w.shape[0] if w.ndim else 'no axis of'} entries but X has {X.shape[1]} columns; one weight "
            "per column."
        )
    return w


def mse(w: Any, X: Any, y: Any) -> np.ndarray:
    """Mean squared error of ``X @ w`` against y. ``w`` may carry leading batch axes,
    shape (..., n_columns), which gives one loss per weight vector: handy for contour plots."""
    X, y = _check_pair(X, y)
    w = as_float_array(w, "w")
    if w.ndim == 0 or w.shape[-1] != X.shape[1]:
        raise ValueError(
            f"w has {w.shape[-1] if w.ndim else 'no axis of'} entries but X has {X.shape[1]} columns; one weight "
            "per column."
        )
    return np.mean((w @ X.T - y) ** 2, axis=-1)


def mse_gradient(w: Any, X: Any, y: Any) -> np.ndarray:
    """Gradient of :func:`mse` with respect to ``w``: ``2/n X^T (X w - y)``."""
    X, y = _check_pair(X, y)
    w = _check_weights(w, X)
    return 2.0 / X.shape[0] * X.T @ (X @ w - y)


def mse_hessian(X: Any) -> np.ndarray:
    """Hessian of :func:`mse`, ``2/n X^T X``; it does not depend on w or y."""
    X = as_float_array(X, "X", ndim=2)
    return 2.0 / X.shape[0] * X.T @ X


def least_squares(X: Any, y: Any) -> np.ndarray:
    """The weights that minimize :func:`mse` exactly."""
    X, y = _check_pair(X, y)
    return np.linalg.lstsq(X, y, rcond=None)[0]

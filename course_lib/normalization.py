"""Batch normalization and layer normalization from scratch, in NumPy (chapter 5).

:class:`BatchNorm1d` follows ``torch.nn.BatchNorm1d`` exactly: in training mode it normalizes
each feature with the mean and the *biased* variance of the batch, and updates running
averages with the *unbiased* variance; in evaluation mode it uses the running averages, so an
example's output no longer depends on the rest of its batch.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .validation import as_float_array, check_positive_float, check_positive_int


class BatchNorm1d:
    """Batch normalization of ``features`` features: ``gamma * (x - mean) / sqrt(var + eps) + beta``.

    ``momentum`` has torch's meaning: ``running = (1 - momentum) * running + momentum * batch``
    (Keras calls 1 - momentum its momentum). ``gamma`` starts at 1 and ``beta`` at 0; both are
    plain arrays that training may change.
    """

    def __init__(self, features: int, *, momentum: float = 0.1, eps: float = 1e-5) -> None:
        self.features = check_positive_int(features, "features")
        self.momentum = check_positive_float(momentum, "momentum")
        if self.momentum > 1:
            raise ValueError(f"momentum must be in (0, 1]; got {momentum}.")
        self.eps = check_positive_float(eps, "eps")
        self.gamma = np.ones(features)
        self.beta = np.zeros(features)
        self.running_mean = np.zeros(features)
        self.running_var = np.ones(features)
        self.training = True

    def train(self) -> "BatchNorm1d":
        """Switch to training mode (batch statistics; running averages updated)."""
        self.training = True
        return self

    def eval(self) -> "BatchNorm1d":
        """Switch to evaluation mode (running averages; nothing updated)."""
        self.training = False
        return self

    def __call__(self, x: Any) -> np.ndarray:
        x = as_float_array(x, "x", ndim=2)
        if x.shape[1] != self.features:
            raise ValueError(f"x has {x.shape[1]} features; this layer was built for {self.features}.")
        if self.training:
            if x.shape[0] < 2:
                raise ValueError(
                    "x has a single example: in training mode batch normalization needs at least 2 "
                    "to estimate a variance (every output would be beta). Use eval() for single examples."
                )
            mean, var = x.mean(axis=0), x.var(axis=0)
            n = x.shape[0]
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
        return self.gamma * (x - mean) / np.sqrt(var + self.eps) + self.beta


def layer_norm(x: Any, *, eps: float = 1e-5) -> np.ndarray:
    """Normalize each example (row) over its own features: the statistics of
    ``torch.nn.LayerNorm`` at initialization, the same in training and evaluation."""
    x = as_float_array(x, "x", ndim=2)
    eps = check_positive_float(eps, "eps")
    return (x - x.mean(axis=1, keepdims=True)) / np.sqrt(x.var(axis=1, keepdims=True) + eps)

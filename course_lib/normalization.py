"""Batch normalization and layer normalization from scratch, in NumPy (chapter 5).

:class:`BatchNorm1d` follows ``torch.nn.BatchNorm1d`` exactly: in training mode it normalizes
each feature with the mean and the *biased* variance of the batch, and updates running
averages with the *unbiased* variance; in evaluation mode it uses the running averages, so an
example's output no longer depends on the rest of its batch.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .validation import as_float_array, check_positive_float, check_positive_int, check_probability


class BatchNorm1d:
    """Batch normalization of ``features`` features: ``gamma * (x - mean) / sqrt(var + eps) + beta``.

    ``momentum`` has torch's meaning: ``running = (1 - momentum) * running + momentum * batch``
    (Keras calls 1 - momentum its momentum); 0 freezes the running statistics, and ``None``
    keeps their plain average over every batch so far, torch's cumulative average. ``gamma``
    starts at 1 and ``beta`` at 0; both are plain arrays that training may change. Input is
    (N, C) or, as in torch, (N, C, L): then each channel is normalized over N and L together.
    """

    def __init__(self, features: int, *, momentum: float | None = 0.1, eps: float = 1e-5) -> None:
        self.features = check_positive_int(features, "features")
        self.momentum = None if momentum is None else check_probability(momentum, "momentum", allow_one=True)
        self.batches_seen = 0
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
        x = as_float_array(x, "x")
        if x.ndim not in (2, 3):
            raise ValueError(f"x must be (batch, features) or (batch, channels, length), as in torch; got shape {x.shape}.")
        if x.shape[1] != self.features:
            raise ValueError(f"x has {x.shape[1]} features; this layer was built for {self.features}.")
        axes = (0,) if x.ndim == 2 else (0, 2)
        shape = (1, -1) if x.ndim == 2 else (1, -1, 1)  # broadcast the per-feature statistics
        if self.training:
            n = x.size // self.features  # values per feature in this batch
            if n < 2:
                raise ValueError(
                    "x has a single value per feature: in training mode batch normalization needs at least 2 "
                    "to estimate a variance (every output would be beta). Use eval() for single examples."
                )
            mean, var = x.mean(axis=axes), x.var(axis=axes)
            self.batches_seen += 1
            weight = 1 / self.batches_seen if self.momentum is None else self.momentum
            self.running_mean = (1 - weight) * self.running_mean + weight * mean
            self.running_var = (1 - weight) * self.running_var + weight * var * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
        scale = self.gamma / np.sqrt(var + self.eps)
        return scale.reshape(shape) * (x - mean.reshape(shape)) + self.beta.reshape(shape)


def layer_norm(x: Any, *, eps: float = 1e-5) -> np.ndarray:
    """Normalize each example (row) over its own features: the statistics of
    ``torch.nn.LayerNorm`` at initialization, the same in training and evaluation."""
    x = as_float_array(x, "x", ndim=2)
    eps = check_positive_float(eps, "eps")
    return (x - x.mean(axis=1, keepdims=True)) / np.sqrt(x.var(axis=1, keepdims=True) + eps)

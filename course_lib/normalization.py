"""Batch, layer, group and RMS normalization from scratch, in NumPy (chapter 5).

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


def batch_norm_backward(x: Any, gamma: Any, grad_out: Any, *, eps: float = 1e-5) -> tuple[np.ndarray, np.ndarray,
                                                                                           np.ndarray]:
    """The backward pass of batch normalization in training mode, derived by hand (chapter 5):
    the gradients of the loss with respect to the input ``x`` (batch, features), to ``gamma``
    and to ``beta``, given ``grad_out``, its gradient with respect to the output. With
    x̂ = (x - mean) / sqrt(var + eps), per feature and averaging over the batch:
    dx = gamma / sqrt(var + eps) * (dy - mean(dy) - x̂ * mean(dy * x̂)).
    The batch statistics depend on every example, so each example's gradient involves the whole
    batch: the last two terms."""
    x = as_float_array(x, "x", ndim=2)
    gamma = as_float_array(gamma, "gamma", ndim=1)
    dy = as_float_array(grad_out, "grad_out", ndim=2)
    if dy.shape != x.shape or gamma.shape != (x.shape[1],):
        raise ValueError(f"grad_out must have x's shape {x.shape} and gamma one value per feature "
                         f"({x.shape[1]}); got {dy.shape} and {gamma.shape}.")
    eps = check_positive_float(eps, "eps")
    inv_std = 1 / np.sqrt(x.var(axis=0) + eps)
    x_hat = (x - x.mean(axis=0)) * inv_std
    dx = gamma * inv_std * (dy - dy.mean(axis=0) - x_hat * (dy * x_hat).mean(axis=0))
    return dx, (dy * x_hat).sum(axis=0), dy.sum(axis=0)


def group_norm(x: Any, groups: int, *, eps: float = 1e-5) -> np.ndarray:
    """Group normalization (Wu and He, 2018): the C channels of each example are split into
    ``groups`` groups, and each group is standardized over its channels (and positions, for an
    (N, C, L) input), for each example on its own. One group is layer normalization; C groups
    of one channel each is instance normalization. Equals ``torch.nn.GroupNorm`` at
    initialization (its gamma 1, beta 0); like layer norm, it never looks at the batch."""
    x = as_float_array(x, "x")
    if x.ndim not in (2, 3):
        raise ValueError(f"x must be (batch, channels) or (batch, channels, length); got shape {x.shape}.")
    groups = check_positive_int(groups, "groups")
    if x.shape[1] % groups:
        raise ValueError(f"groups must divide the {x.shape[1]} channels; got {groups}.")
    eps = check_positive_float(eps, "eps")
    grouped = x.reshape(x.shape[0], groups, -1)
    mean, var = grouped.mean(axis=2, keepdims=True), grouped.var(axis=2, keepdims=True)
    return ((grouped - mean) / np.sqrt(var + eps)).reshape(x.shape)


def rms_norm(x: Any, *, eps: float = 1e-6) -> np.ndarray:
    """RMS normalization (Zhang and Sennrich, 2019): each example (row) divided by the root
    mean square of its features, without subtracting their mean, as ``torch.nn.RMSNorm`` does
    (with its weight at 1 and this ``eps``). Cheaper than layer norm, and common in large
    language models."""
    x = as_float_array(x, "x", ndim=2)
    eps = check_positive_float(eps, "eps")
    return x / np.sqrt(np.mean(x**2, axis=1, keepdims=True) + eps)

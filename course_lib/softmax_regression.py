"""Softmax regression trained by mini-batch SGD in NumPy, many runs at once (chapters 8, 9).

A linear layer and the softmax cross-entropy: the model of chapter 9's maximum-likelihood
derivation, and chapter 8's convex test bed for batch sizes. Runs differ in learning rate and
in the seed that shuffles the examples; all of them advance together, one array operation per
update.
"""

from __future__ import annotations

from typing import Any, NamedTuple, Sequence

import numpy as np

from .validation import as_float_array, check_int_list, check_nonnegative_float, check_positive_float, check_positive_int


class Fit(NamedTuple):
    """Weights (runs, d, K) and biases (runs, K) after training, and the mean cross-entropy on
    the training set after each epoch, shape (len(rates), len(seeds), epochs + 1)."""

    W: np.ndarray
    b: np.ndarray
    losses: np.ndarray


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def _cross_entropy(W: np.ndarray, b: np.ndarray, x: np.ndarray, Y: np.ndarray) -> np.ndarray:
    p = _softmax(np.einsum("nd,rdk->rnk", x, W) + b[:, None, :])
    return -np.mean(np.log(np.maximum(np.sum(p * Y, axis=-1), 1e-300)), axis=-1)


def softmax(z: Any) -> np.ndarray:
    """Softmax over the last axis, shifted by the maximum so that it cannot overflow."""
    return _softmax(as_float_array(z, "z"))


def cross_entropy(W: Any, b: Any, x: Any, Y: Any) -> np.ndarray:
    """Mean cross-entropy of every run (W: (runs, d, K)) on inputs ``x`` and one-hot ``Y``.
    (Training calls an unchecked copy, so that a diverging run can overflow without an error.)"""
    W, b = as_float_array(W, "W", ndim=3), as_float_array(b, "b", ndim=2)
    x, Y = as_float_array(x, "x", ndim=2), as_float_array(Y, "Y", ndim=2)
    if W.shape[1] != x.shape[1] or W.shape[2] != Y.shape[1] or len(x) != len(Y):
        raise ValueError(f"shapes do not fit: W {W.shape} (runs, d, K), x {x.shape} (n, d), Y {Y.shape} (n, K).")
    return _cross_entropy(W, b, x, Y)


def train(x: Any, Y: Any, *, batch: int, rates: Sequence[float], seeds: Sequence[int], epochs: int,
          init_std: float = 0.0) -> Fit:
    """Plain mini-batch SGD for every (rate, seed) pair; each seed shuffles the examples its own
    way every epoch. Weights start at 0, or at N(0, init_std²) drawn from the run's seed (the
    same start for every rate, a new one for every seed). A run whose rate is too large
    overflows to inf or NaN; it has diverged."""
    x, Y = as_float_array(x, "x", ndim=2), as_float_array(Y, "Y", ndim=2)
    if len(x) != len(Y):
        raise ValueError(f"x has {len(x)} examples but Y has {len(Y)}.")
    batch, epochs = check_positive_int(batch, "batch"), check_positive_int(epochs, "epochs")
    rates = as_float_array(rates, "rates", ndim=1)
    if not (rates > 0).all():
        raise ValueError(f"rates must be a list of positive learning rates; got {rates}.")
    seeds = check_int_list(seeds, "seeds")
    init_std = check_nonnegative_float(init_std, "init_std")
    n, d, k = len(x), x.shape[1], Y.shape[1]
    runs = len(rates) * len(seeds)
    lr = np.repeat(rates, len(seeds))[:, None, None]
    starts = [np.random.default_rng([s, 1]).normal(0, init_std, (d, k)) for s in seeds]  # not the shuffling stream
    W = np.stack(starts * len(rates)) if init_std else np.zeros((runs, d, k))
    b = np.zeros((runs, k))
    shufflers = [np.random.default_rng(s) for s in seeds] * len(rates)
    history = [_cross_entropy(W, b, x, Y)]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            orders = np.stack([rng.permutation(n) for rng in shufflers])
            for start in range(0, n, batch):
                rows = orders[:, start:start + batch]
                xb, yb = x[rows], Y[rows]
                dz = (_softmax(np.einsum("rnd,rdk->rnk", xb, W) + b[:, None, :]) - yb) / rows.shape[1]
                W -= lr * np.einsum("rnd,rnk->rdk", xb, dz)
                b -= lr[:, :, 0] * dz.sum(axis=1)
            history.append(_cross_entropy(W, b, x, Y))
    return Fit(W, b, np.array(history).T.reshape(len(rates), len(seeds), epochs + 1))


def accuracy(fit: Fit, x: Any, labels: Any) -> np.ndarray:
    """Accuracy of every run on ``x`` with integer ``labels``, shape (len(rates), len(seeds))."""
    x = as_float_array(x, "x", ndim=2)
    if not isinstance(fit, Fit):
        raise TypeError(f"fit must be the Fit that train returns; got {type(fit).__name__}.")
    checked = as_float_array(labels, "labels", ndim=1)
    if len(checked) != len(x) or not np.all(checked == np.round(checked)) or checked.min() < 0:
        raise ValueError(f"labels must give one class number (0, 1, ...) per row of x, {len(x)} in all; got "
                         f"{len(checked)} values from {checked.min():g} to {checked.max():g}.")
    shape = fit.losses.shape[:2]
    predictions = np.argmax(np.einsum("nd,rdk->rnk", x, fit.W) + fit.b[:, None, :], axis=-1)
    return (predictions == np.asarray(labels)).mean(axis=1).reshape(shape)


def learning_curve(x: Any, labels: Any, x_eval: Any, labels_eval: Any, *, sizes: Sequence[int],
                   seeds: Sequence[int], lr: float, steps: int) -> tuple[np.ndarray, np.ndarray]:
    """Error against training-set size (chapter 9): for each size n and seed, softmax regression
    is trained by full-batch gradient descent (weights from 0, ``steps`` steps at rate ``lr``) on
    n examples of ``x`` drawn without replacement by the seed, all seeds at once. Returns the
    training error and the error on ``x_eval``, each of shape (len(sizes), len(seeds))."""
    x, x_eval = as_float_array(x, "x", ndim=2), as_float_array(x_eval, "x_eval", ndim=2)
    labels = np.asarray(check_int_list(labels, "labels"))
    labels_eval = np.asarray(check_int_list(labels_eval, "labels_eval"))
    if len(labels) != len(x) or len(labels_eval) != len(x_eval):
        raise ValueError("labels must give one class per row of x, and labels_eval one per row of x_eval.")
    sizes = check_int_list(sizes, "sizes", minimum=2)
    if max(sizes) > len(x):
        raise ValueError(f"sizes go up to {max(sizes)}, but x has only {len(x)} examples.")
    seeds = check_int_list(seeds, "seeds")
    lr, steps = check_positive_float(lr, "lr"), check_positive_int(steps, "steps")
    k = int(max(labels.max(), labels_eval.max())) + 1
    train_error, eval_error = np.empty((len(sizes), len(seeds))), np.empty((len(sizes), len(seeds)))
    for i, n in enumerate(sizes):
        rows = np.stack([np.random.default_rng(s).permutation(len(x))[:n] for s in seeds])
        xs, Ys = x[rows], np.eye(k)[labels[rows]]
        W, b = np.zeros((len(seeds), x.shape[1], k)), np.zeros((len(seeds), k))
        xs_t = np.ascontiguousarray(np.swapaxes(xs, 1, 2))
        for _ in range(steps):  # batched matrix products: one BLAS call per seed
            dz = (_softmax(xs @ W + b[:, None, :]) - Ys) / n
            W -= lr * (xs_t @ dz)
            b -= lr * dz.sum(axis=1)
        fitted = np.argmax(xs @ W + b[:, None, :], axis=-1)
        train_error[i] = np.mean(fitted != labels[rows], axis=1)
        predicted = np.argmax(np.einsum("nd,sdk->snk", x_eval, W) + b[:, None, :], axis=-1)
        eval_error[i] = np.mean(predicted != labels_eval, axis=1)
    return train_error, eval_error

"""Checkers for the exercises of chapter 6 (Activation functions).

Each known mistake is recognised by computing what that mistake would return and comparing.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .. import broken_runs, diagnostics, mlp_jax, softmax_regression
from . import Mistake, call, checker, expect_array, expect_number, fresh_rng, matches, real_array, shape_of


def _relu_layer(rng: np.random.Generator, dead: list[int]) -> np.ndarray:
    """ReLU outputs of 9 examples on 7 units: the ``dead`` units are zero everywhere, unit 6
    is zero on all examples but one, and example 3 is zero on every unit, so that rows and
    columns differ."""
    H = np.maximum(rng.normal(0.3, 1.0, size=(9, 7)), 0.0)
    H[:, dead] = 0.0
    H[:, 6] = 0.0
    H[5, 6] = 0.7
    H[3, :] = 0.0
    return H


@checker("Count the dead units", implemented_by=(diagnostics._dead_fraction,))
def check_count_dead_units(count_dead_units: Callable[[np.ndarray], Any]) -> str:
    rng = fresh_rng()
    count = int(rng.choice([0, 1, 3, 4, 5]))  # never 2, the fixed layer's count: a hard-coded 2 fails
    layers = [_relu_layer(np.random.default_rng(13), [1, 4]),
              _relu_layer(rng, sorted(rng.choice(6, size=count, replace=False)))]
    for H in layers:
        got = call(count_dead_units, H.copy())
        if (shape := shape_of(got)) and np.prod(shape) > 1:
            raise Mistake("Return one number, the count, not an array of flags: sum them.")
        got = expect_number(got, "the count")
        if got != np.all(H == 0, axis=0).sum():
            _dead_units_mistake(got, H)
    return "A unit is dead when its whole column is zero: np.all(H == 0, axis=0), counted."


def _dead_units_mistake(got: float, H: np.ndarray) -> None:
    dead_units = np.all(H == 0, axis=0)
    if got == np.all(H == 0, axis=1).sum():
        raise Mistake("That counts examples (rows) on which every unit is zero. A unit is a column: use axis=0.")
    if got == (H == 0).sum():
        raise Mistake("That counts zero entries. A unit is dead only if it is zero for every example: np.all(..., axis=0).")
    if got == np.any(H == 0, axis=0).sum():
        raise Mistake("That counts units that are zero on at least one example, which every ReLU unit is. Dead means "
                      "zero on all of them: np.all, not np.any.")
    if got == (H < 0).sum() or got == np.all(H < 0, axis=0).sum():
        raise Mistake("ReLU outputs are never negative. A dead unit outputs exactly 0: test H == 0 (or H <= 0).")
    if np.isclose(got, dead_units.mean()):
        raise Mistake("That is the fraction of dead units; the exercise asks for how many.")
    raise Mistake(f"This layer has {H.shape[1]} units; count those whose column is zero on every row.")


@checker("The gradient of softmax cross-entropy",
         implemented_by=(softmax_regression._softmax, broken_runs._softmax, mlp_jax.loss_value))
def check_softmax_ce_grad(softmax_ce_grad: Callable[[np.ndarray, np.ndarray], Any]) -> str:
    for rng, (n, k) in ((np.random.default_rng(14), (5, 4)), (fresh_rng(), (6, 3))):
        logits = rng.normal(0, 2, size=(n, k))
        Y = np.eye(k)[rng.integers(0, k, size=n)]
        got = expect_array(call(softmax_ce_grad, logits.copy(), Y.copy()), "the gradient", logits.shape)
        _judge_softmax_ce_grad(softmax_ce_grad, got, logits, Y)
    return "(softmax(z) - Y) / batch, stable for large logits: ŷ - y, as for every matched output and loss."


def _judge_softmax_ce_grad(softmax_ce_grad: Callable[..., Any], got: np.ndarray, logits: np.ndarray,
                           Y: np.ndarray) -> None:
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    expected = (p - Y) / len(logits)
    if not matches(got, expected):
        sigmoid = 1 / (1 + np.exp(-logits))
        p_columns = np.exp(logits) / np.exp(logits).sum(axis=0, keepdims=True)
        known = [
            (p - Y, "That is the gradient of the summed loss. For the mean over the batch, divide by the batch size."),
            ((Y - p) / len(logits), "The sign is flipped: the gradient of the loss is p - Y, the direction that "
                                    "increases it. Gradient descent subtracts it."),
            ((sigmoid - Y) / len(logits), "That uses a sigmoid per class. Softmax normalizes across the classes of "
                                          "each example: exp(z) / exp(z).sum(axis=1, keepdims=True)."),
            ((p_columns - Y) / len(logits), "The softmax is normalized over the batch (axis=0). Normalize each "
                                            "example over its classes: axis=1."),
            (p / len(logits), "That leaves out the labels: the gradient is (p - Y) / batch."),
        ]
        for value, message in known:
            if matches(got, value):
                raise Mistake(message)
        raise Mistake("The gradient of the mean cross-entropy is (softmax(logits) - Y) / batch_size.")
    big = logits * 500  # logits of several hundred: exp overflows unless the maximum is subtracted
    with np.errstate(all="ignore"):
        got_big = real_array(call(softmax_ce_grad, big.copy(), Y.copy()), "the gradient for large logits")
    if not np.isfinite(got_big).all():
        raise Mistake("Right for ordinary logits, but large ones overflow to NaN. Subtract each row's maximum "
                      "before exp: the softmax is unchanged by a shift.")
    shifted = np.exp(big - big.max(axis=1, keepdims=True))
    if not matches(got_big, (shifted / shifted.sum(axis=1, keepdims=True) - Y) / len(big)):
        raise Mistake("Right for ordinary logits, but not for large ones. Subtract each row's own maximum.")

"""Checkers for the exercises of chapter 9 (Regularization).

Dropout is random, so its checker runs the learner's function on a large batch and compares
what it did with what each known mistake would do, using the statistics of the result.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .. import regularization
from . import Mistake, call, checker, expect_array, fresh_rng, matches


@checker("Inverted dropout", implemented_by=(regularization.inverted_dropout,))
def check_dropout(dropout: Callable[..., Any]) -> str:
    p = 0.3  # not 0.5, so that p and 1 - p cannot be confused unnoticed
    h = np.random.default_rng(17).uniform(0.5, 1.5, size=(200, 300))
    evaluated = expect_array(call(dropout, h.copy(), p, np.random.default_rng(0), False), "dropout in evaluation", h.shape)
    if not matches(evaluated, h):
        raise Mistake("In evaluation (training=False) dropout must return h unchanged: no mask and no scaling. "
                      "The scaling already happened during training, that is what makes it 'inverted'.")
    out = expect_array(call(dropout, h.copy(), p, np.random.default_rng(0), True), "dropout in training", h.shape)
    zeroed = out == 0
    share = zeroed.mean()
    again = expect_array(call(dropout, h.copy(), p, np.random.default_rng(0), True), "dropout in training", h.shape)
    if not matches(out, again):
        raise Mistake("Two calls with generators of the same seed gave different masks: draw from `rng`.")
    if share == 0:
        raise Mistake("Nothing was zeroed in training. Draw a mask with rng.random(h.shape) >= p and apply it.")
    other = expect_array(call(dropout, h.copy(), p, fresh_rng(), True), "dropout in training", h.shape)
    if matches(out, other):
        raise Mistake("Two different generators gave the same mask: your function ignores `rng` (does it seed a "
                      "generator of its own?). Draw the mask from the `rng` it is given.")
    rows_same = np.all(zeroed == zeroed[:1], axis=1).all()
    if rows_same:
        raise Mistake("Every example got the same mask, as if whole units (or weights) were removed for the batch. "
                      "Draw an independent mask for every activation: rng.random(h.shape).")
    if abs(share - (1 - p)) < 0.02:
        raise Mistake(f"About {share:.0%} of the activations were zeroed: p is the probability of *dropping* an "
                      "activation, so keep it when rng.random(...) >= p.")
    if abs(share - p) > 0.02:
        raise Mistake(f"{share:.0%} of the activations were zeroed; with p = {p} it should be about {p:.0%}.")
    kept = ~zeroed
    if matches(out[kept], h[kept]):
        raise Mistake("The survivors are not rescaled, so the expected activation shrinks by (1 - p). Divide them "
                      "by 1 - p.")
    if matches(out[kept], h[kept] * (1 - p)):
        raise Mistake("The survivors are multiplied by 1 - p; inverted dropout divides by 1 - p, so that the "
                      "expectation stays h.")
    if matches(out[kept], h[kept] / p):
        raise Mistake("The survivors are divided by p; divide by 1 - p, the probability of keeping them.")
    if not matches(out[kept], h[kept] / (1 - p)):
        raise Mistake("The surviving activations should be h / (1 - p).")
    return "An independent mask per activation, survivors scaled by 1 / (1 - p), and nothing at all in evaluation."


@checker("Label smoothing of a one-hot batch", implemented_by=(regularization.smooth_labels,))
def check_smooth_labels(smooth_labels: Callable[[np.ndarray, float], Any]) -> str:
    rng = fresh_rng()
    for Y, eps in ((np.eye(5)[[0, 3, 3, 1]], 0.2), (np.eye(4)[rng.integers(0, 4, size=6)], float(rng.uniform(0.05, 0.4)))):
        got = expect_array(call(smooth_labels, Y.copy(), eps), "the smoothed labels", Y.shape)
        if not matches(got, (1 - eps) * Y + eps / Y.shape[1]):
            _smoothing_mistake(got, Y, eps)
    return "(1 - eps) on the true class plus eps / K everywhere: each row still sums to 1, as in PyTorch."


def _smoothing_mistake(got: np.ndarray, Y: np.ndarray, eps: float) -> None:
    K = Y.shape[1]
    if matches(got, (1 - eps) * Y + eps / (K - 1) * (1 - Y)):
        raise Mistake("That spreads eps over the K - 1 wrong classes only. It is a valid variant, but PyTorch's "
                      "label_smoothing spreads eps over all K classes: (1 - eps) * Y + eps / K.")
    if matches(got, (1 - eps) * Y):
        raise Mistake("The rows no longer sum to 1: the eps you took from the true class must be spread over the "
                      "classes, eps / K each.")
    if matches(got, Y + eps / K):
        raise Mistake("The rows sum to more than 1: take eps away from the true class, (1 - eps) * Y, before "
                      "adding eps / K.")
    if matches(got, (1 - eps) * Y + eps):
        raise Mistake("Spread eps over the K classes: add eps / K, not eps, to each.")
    if matches(got, eps * Y + (1 - eps) / K):
        raise Mistake("eps and 1 - eps are swapped: the true class keeps 1 - eps.")
    raise Mistake("The smoothed target is (1 - eps) * Y + eps / K.")

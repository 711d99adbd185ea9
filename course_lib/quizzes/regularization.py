"""Quiz of chapter 9 (Regularization). Numeric keys are computed with course_lib."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..regularization import inverted_dropout, mixup, smooth_labels
from . import numeric, single_choice


def updates_in(epochs: int, examples: int, batch: int) -> int:
    return epochs * math.ceil(examples / batch)


def surviving_activation(value: float, p: float) -> float:
    """What inverted dropout with drop probability ``p`` makes of a kept activation ``value``."""
    h = np.full((1, 2000), value)
    out = inverted_dropout(h, p, np.random.default_rng(0))
    return float(out[out != 0][0])


def questions() -> list[dict[str, Any]]:
    smoothed = smooth_labels(np.eye(10)[[3]], 0.1)
    _, mixed = mixup(np.zeros((2, 1)), np.eye(10)[[3, 5]], 0.7, [1, 0])
    return [
        numeric(
            "The recipe says 15 epochs with batches of 100. How many updates is that on a training set of 1257 digits?",
            updates_in(15, 1257, 100),
            right="Right: 15 × 13. On MNIST's 60 000 images the same recipe makes 9000.",
            wrong=[(9000.0, "That is on MNIST. An epoch is one pass over *this* data set."),
                   (15.0, "That counts epochs; each epoch has ceil(1257 / 100) updates.")],
            default="Updates = epochs × ceil(examples / batch size).",
        ),
        numeric(
            "Label smoothing with ε = 0.1 and 10 classes: what is the target for the true class?",
            float(smoothed[0, 3]),
            right="Right: 1 - ε + ε/K. Every other class gets ε/K = 0.01.",
            wrong=[(0.9, "The true class also receives its share ε/K of the spread mass."),
                   (0.01, "That is the target of each wrong class.")],
            default="Smoothed target = (1 - ε)·one-hot + ε/K.",
        ),
        numeric(
            "Inverted dropout with drop probability p = 0.2, in training: what does a kept activation of 1.0 become?",
            surviving_activation(1.0, 0.2),
            right="Right: 1 / (1 - p). Scaling the survivors keeps the expected activation at 1.0.",
            wrong=[(1.0, "Without rescaling the expectation would fall to 0.8."),
                   (0.8, "That multiplies by 1 - p; inverted dropout divides by it."),
                   (5.0, "That divides by p; divide by the probability of keeping, 1 - p.")],
            default="Survivors are divided by 1 - p.",
        ),
        numeric(
            "The same dropout layer in evaluation mode receives an activation of 2.0. What does it output?",
            float(inverted_dropout(np.array([[2.0]]), 0.2, np.random.default_rng(0), training=False)[0, 0]),
            right="Right: in evaluation dropout is the identity; the rescaling already happened in training.",
            wrong=[(1.6, "That is the old, non-inverted convention of scaling at test time."),
                   (2.5, "Evaluation does not rescale.")],
            default="Dropout does nothing in evaluation.",
        ),
        numeric(
            "Mixup blends an image of a 3 with an image of a 5 with λ = 0.7 on the 3. What is the target probability "
            "of class 3?",
            float(mixed[0, 3]),
            right="Right: the labels are blended with the same λ as the images.",
            wrong=[(1.0, "Mixup mixes the labels too, not only the images."),
                   (0.3, "That is the weight of the partner, the 5.")],
            default="Target = λ·(one-hot 3) + (1 - λ)·(one-hot 5).",
        ),
        single_choice(
            "Why is the test set used only once, at the end?",
            ("every decision taken by looking at a set fits that set, so it stops measuring new data", True,
             "Right: choices of method, stopping step or setting belong to the validation set."),
            ("it is too small to use more often", False, "Its size is not the issue; decisions based on it are."),
            ("PyTorch does not allow it", False, "Nothing technical prevents it; it is a matter of method."),
        ),
        single_choice(
            "What does dropout set to zero?",
            ("hidden activations, with a new random mask for every example", True,
             "Right: the weights all stay; each example passes through a different random subnetwork."),
            ("weights, removed for the whole batch", False, "Dropout keeps every weight. Dropping weights is DropConnect (Wan et al., 2013), which also draws a new mask per example."),
            ("the gradients of a random share of the weights", False, "It masks the forward activations; gradients follow."),
        ),
    ]

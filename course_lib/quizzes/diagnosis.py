"""Quiz of chapter 10 (When training fails). Numeric keys are computed with course_lib."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..initialization import relu_network_std
from . import numeric, single_choice


def chance_loss(classes: int) -> float:
    """The cross-entropy of a network that gives every class the same probability."""
    return math.log(classes)


def double_softmax_floor(classes: int) -> float:
    """The smallest cross-entropy reachable when a softmax is applied before a loss that
    applies its own: the first softmax puts all its mass on the right class (chapter 6)."""
    best = np.zeros(classes)
    best[0] = 1.0
    return float(-(best[0] - np.log(np.exp(best).sum())))


def questions() -> list[dict[str, Any]]:
    growth = relu_network_std([32, 32, 32], "standard_normal", 1.0)
    return [
        numeric(
            "A freshly initialized 10-class classifier reports a first training loss of 2.31. What loss does a "
            "network that gives every class the same probability have?",
            chance_loss(10),
            right="Right: ln 10. A first loss near it says the outputs start small and undecided, as they should.",
            wrong=[(0.1, "That is the probability of each class; the loss is its negative logarithm."),
                   (10.0, "The loss is -ln(1/10), not the number of classes.")],
            default="Cross-entropy of the uniform prediction: -ln(1/K).",
        ),
        numeric(
            "A softmax is applied to a 10-class model's outputs before a loss that applies its own. What is the "
            "smallest loss it can ever reach?",
            double_softmax_floor(10),
            right="Right: -ln(e / (e + 9)). Even a perfect first softmax leaves the second one far from certain.",
            wrong=[(0.0, "The second softmax sees numbers between 0 and 1, so it can never be confident."),
                   (chance_loss(10), "That is where it starts; it can fall below ln 10, but not much.")],
            default="At best the first softmax gives (1, 0, ..., 0); the second turns that into e / (e + 9).",
        ),
        numeric(
            "In a ReLU layer of fan-in 32 with N(0,1) weights, by what factor does the spread of the "
            "pre-activations grow from one layer to the next?",
            float(growth[1] / growth[0]),
            right="Right: sqrt(32 / 2) = 4. Three such layers make the signal 64 times larger (chapter 7).",
            wrong=[(32.0, "The spread grows with the square root of the fan-in."),
                   (math.sqrt(32), "ReLU zeroes half the inputs, which halves the variance: sqrt(32/2).")],
            default="Var grows by fan_in · Var(w) / 2 per ReLU layer.",
        ),
        single_choice(
            "A run's very first update changes a layer's weights by 40% (||ΔW|| / ||W|| = 0.4); its inputs "
            "are standardized, its weights He-initialized, and its loss stops falling. What is the first suspect?",
            ("the learning rate is far too large", True,
             "Right: with the start ruled out, an update this large on a loss that does not fall points to the "
             "rate; chapter 10's healthy run took first updates of a few hundredths."),
            ("a forgotten zero_grad", False, "Without zero_grad the first update is still a normal one; gradients "
                                            "pile up only from the second step on."),
            ("the labels are shuffled", False, "Shuffled labels leave the update sizes looking healthy."),
        ),
        single_choice(
            "Training loss falls, every instrument looks healthy, yet test accuracy stays near 10%. What is left "
            "to check?",
            ("the data: whether the labels belong to their inputs, and whether train and test are prepared alike",
             True, "Right: instruments of training see only what the training set shows them."),
            ("the learning rate", False, "A bad rate shows in the loss curve and the update sizes."),
            ("the initialization", False, "A bad initialization shows in the first loss and the activations."),
        ),
    ]

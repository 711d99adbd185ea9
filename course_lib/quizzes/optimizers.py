"""Quiz of chapter 8 (Optimizers). Numeric keys are computed with course_lib."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..optimizers import Adam
from . import numeric, single_choice


def iterations_per_epoch(n: int, batch: int) -> int:
    return math.ceil(n / batch)


def best_heavy_ball_momentum(kappa: float) -> float:
    """Polyak's optimal momentum on a quadratic with condition number ``kappa``."""
    return ((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)) ** 2


def first_uncorrected_adam_step() -> float:
    """The first step of Adam without bias correction, in units of the learning rate."""
    x = np.zeros(1)
    return float(abs(Adam(0.01, bias_correction=False).step(x, np.array([3.0]))[0]) / 0.01)


def questions() -> list[dict[str, Any]]:
    return [
        numeric(
            "A training set has 1257 examples and the batch size is 32. How many iterations does one epoch have "
            "(the last batch is kept)?",
            iterations_per_epoch(1257, 32),
            right="Right: ceil(1257 / 32). The last batch has only 9 examples.",
            wrong=[(39.0, "That drops the last, partial batch (drop_last=True)."),
                   (1257.0, "That is the number of examples; an iteration uses a whole batch.")],
            default="Iterations per epoch = ceil(N / B).",
            precision=2,
        ),
        numeric(
            "How many iterations do 10 such epochs take?",
            10 * iterations_per_epoch(1257, 32),
            right="Right: 10 × 40. Each example is used 10 times.",
            wrong=[(10.0, "That counts epochs, not updates."), (392.8, "Iterations come in whole batches.")],
            default="Multiply the iterations per epoch by the epochs.",
        ),
        numeric(
            "In a very large data set, by what factor does the standard deviation of a batch gradient change "
            "when the batch grows from 16 to 64 examples?",
            1 / math.sqrt(64 / 16),
            right="Right: it falls like 1/sqrt(B), so four times the batch halves it.",
            wrong=[(0.25, "That is the factor for the variance; the standard deviation is its square root."),
                   (4.0, "Larger batches average more examples: the noise falls.")],
            default="The standard deviation of an average of B independent terms scales like 1/sqrt(B).",
        ),
        numeric(
            "What is the best heavy-ball momentum β for a quadratic with condition number 100 (Polyak's formula)?",
            best_heavy_ball_momentum(100),
            right="Right: ((√κ - 1)/(√κ + 1))² = (9/11)².",
            wrong=[(0.9, "0.9 is the usual default, a good value but not the optimum for κ = 100."),
                   (9 / 11, "That is the convergence rate; the optimal β is its square.")],
            default="β* = ((√κ - 1) / (√κ + 1))².",
        ),
        numeric(
            "Adam without bias correction (β1 = 0.9, β2 = 0.999): how many times the learning rate is its first step?",
            first_uncorrected_adam_step(),
            right="Right: 0.1 / sqrt(0.001). The variance average is more biased than the mean, so the step is too large.",
            wrong=[(0.1, "That is m's bias alone. s is biased too, more, and it divides."),
                   (1.0, "That is the step with the correction.")],
            default="m₁ = 0.1 g and s₁ = 0.001 g²: divide m₁ by sqrt(s₁).",
        ),
        single_choice(
            "With Adam and an L2 penalty (torch.optim.Adam(weight_decay=λ)), which weights are decayed least?",
            ("those with large gradients", True,
             "Right: the penalty's gradient λw is divided by sqrt(s), which is large for them. AdamW decays all alike."),
            ("those with small gradients", False, "Their sqrt(s) is small, so λw/sqrt(s) is large: they decay most."),
            ("all are decayed alike", False, "That is AdamW, whose decay bypasses the adaptive scaling."),
        ),
        single_choice(
            "Two optimizers are compared at the same learning rate, 0.001. What does that comparison show?",
            ("little: their learning rates are in different units, so each must be tuned separately", True,
             "Right: one shared rate decides the race by itself."),
            ("which optimizer is better on this problem", False,
             "Only for that rate. Each optimizer has its own best rate, so the chapter's race compares each at its own."),
            ("which optimizer is more stable", False, "Stability depends on the rate, which here suits one more than the other."),
        ),
    ]

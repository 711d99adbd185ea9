"""Quiz of chapter 6 (Activation functions). Numeric keys are computed with course_lib."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..activations import LEAKY_SLOPE, activation, derivative
from . import numeric, single_choice


def largest_sigmoid_slope_product(layers: int) -> float:
    """At most how much of a gradient survives ``layers`` sigmoid slopes (weights aside)."""
    return float(derivative("sigmoid", np.zeros(1))[0] ** layers)


def bce_gradient(prediction: float, label: float) -> float:
    """The gradient of binary cross-entropy w.r.t. the logit, for a sigmoid output ``prediction``."""
    return prediction - label


def questions() -> list[dict[str, Any]]:
    return [
        numeric(
            "Ignoring the weights, at most what fraction of a gradient survives the slopes of 5 sigmoid layers?",
            largest_sigmoid_slope_product(5),
            right="Right: 0.25^5. Even at their steepest point, five sigmoid slopes keep under a thousandth.",
            wrong=[(0.5**5, "0.5 is the sigmoid's value at 0; its largest slope is σ(0)(1 - σ(0)) = 0.25."),
                   (1.0, "That is tanh's largest slope per layer; sigmoid's is a quarter of it.")],
            default="The sigmoid's slope is at most 0.25; multiply five of them.",
            precision=3,
        ),
        numeric(
            "What is the derivative of tanh at 0?",
            float(derivative("tanh", np.zeros(1))[0]),
            right="Right: 1 - tanh(0)² = 1. Near 0 a tanh unit passes gradients unchanged.",
            wrong=[(0.25, "That is the sigmoid's slope at 0."), (0.0, "That is tanh(0), not its slope.")],
            default="d tanh(z)/dz = 1 - tanh(z)².",
        ),
        numeric(
            "A leaky ReLU unit (negative slope 0.01) has the pre-activation -3. What gradient does it pass back "
            "for an upstream gradient of 2?",
            2 * float(derivative("leaky_relu", np.array([-3.0]))[0]),
            right=f"Right: 2 × {LEAKY_SLOPE}. Small, but not zero: the unit's weights can still change.",
            wrong=[(0.0, "That is what a ReLU would pass back. Leaky ReLU keeps a slope of 0.01 for negative inputs."),
                   (2 * LEAKY_SLOPE * -3, "The slope is 0.01 itself; the input -3 does not multiply in.")],
            default="Upstream gradient times the local slope, 0.01 on the negative side.",
        ),
        numeric(
            "A binary classifier outputs ŷ = sigmoid(z) = 0.9 for an example of class 0, with binary cross-entropy. "
            "What is the gradient of the loss with respect to z?",
            bce_gradient(0.9, 0.0),
            right="Right: ŷ - y. The sigmoid's slope cancels against the log in the loss.",
            wrong=[(0.9 * 0.9 * 0.1, "That is the squared-error gradient through a sigmoid; with BCE the slope cancels."),
                   (-0.9, "The sign: the loss grows with z here, so its gradient is positive.")],
            default="For sigmoid + BCE the gradient w.r.t. the logit is ŷ - y.",
        ),
        numeric(
            "What is GELU(0)?",
            float(activation("gelu", np.zeros(1))[0]),
            right="Right: 0 · Φ(0) = 0.",
            wrong=[(0.5, "Φ(0) = 0.5, but GELU multiplies it by z = 0.")],
            default="GELU(z) = z Φ(z).",
            precision=2,
        ),
        single_choice(
            "A first-layer ReLU unit outputs 0 on every training example. What happens to its incoming weights "
            "under gradient descent?",
            ("they get exactly zero gradient and never change: the unit is dead", True,
             "Right: its slope is 0 on every example, so nothing reaches its weights."),
            ("they get a small gradient and slowly recover", False, "A small gradient is leaky ReLU's case. ReLU's slope is exactly 0 for negative inputs."),
            ("the optimizer resets them", False, "No optimizer does; some practitioners re-initialize dead units by hand."),
        ),
        single_choice(
            "In the chapter's race (2-16-16-1, Xavier's initialization for both), what did sigmoid hidden layers "
            "do compared with tanh?",
            ("trained more slowly, seed by seed, without diverging", True,
             "Right: on that network, slower, not more unstable. One explanation is its small slope; its loss "
             "spiked only from a larger rate than tanh's."),
            ("diverged at large learning rates", False,
             "No sigmoid run diverged there; at the largest rate it was ReLU that failed."),
            ("trained as well as tanh once the learning rate was tuned", False,
             "Not with Xavier's scale: over the six rates it tried, each seed's final loss (averaged over the "
             "rates) stayed above tanh's. Whether weights scaled for its slope (section 4) close the gap, the "
             "chapter did not race."),
        ),
    ]

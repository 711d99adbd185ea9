"""Quiz of chapter 7 (Initialization). Numeric keys are computed with course_lib."""

from __future__ import annotations

import math
from typing import Any

from ..initialization import init_std, relu_network_std
from . import numeric, single_choice


def relu_gain(weight_std: float, width: int) -> float:
    """The factor by which one ReLU layer multiplies the spread of its pre-activations."""
    first, second = relu_network_std([width, width, width], weight_std, 1.0)
    return float(second / first)


def layers_until(factor: float, fraction: float) -> int:
    """The number of layers after which the spread has shrunk below ``fraction`` of its start."""
    return math.floor(math.log(fraction) / math.log(factor)) + 1


def torch_linear_default_std(fan_in: int) -> float:
    """torch.nn.Linear's default: uniform on ±1/sqrt(fan_in), whose std is the bound / sqrt(3)."""
    return fan_in**-0.5 / math.sqrt(3)


def questions() -> list[dict[str, Any]]:
    gain = relu_gain(0.01, 500)
    return [
        numeric(
            "What standard deviation does He initialization give the weights of a layer with 512 inputs and 128 outputs?",
            init_std(512, "he", 128),
            right="Right: sqrt(2 / 512). Only the fan-in counts.",
            wrong=[(init_std(512, "lecun"), "That is LeCun's sqrt(1 / fan_in); He doubles the variance for ReLU."),
                   (2 / 512, "That is the variance, 2 / fan_in; the standard deviation is its square root."),
                   (init_std(128, "he"), "That is sqrt(2 / fan_out): He's forward rule uses the fan-in.")],
            default="He: Var(w) = 2 / fan_in.",
        ),
        numeric(
            "A ReLU layer of width 500 has weights N(0, 1)·0.01. By what factor does it multiply the standard "
            "deviation of its input's pre-activations?",
            gain,
            right="Right: 0.01 · sqrt(500 / 2). Well below 1, so the signal shrinks at every layer.",
            wrong=[(0.01 * math.sqrt(500), "That forgets that ReLU keeps only half of the second moment."),
                   (0.01, "Each pre-activation sums 500 terms: their variances add.")],
            default="Var(z_next) = n · σ_w² · Var(z) / 2 for ReLU.",
        ),
        numeric(
            "With that factor per layer, after how many layers is the spread below a millionth of its start?",
            layers_until(gain, 1e-6),
            right="Right: the spread shrinks geometrically; it takes only a handful of layers.",
            wrong=[(1000.0, "The loss is geometric, a constant factor per layer, not a small amount per layer."),
                   (6.0, "Close: count until the factor to the power L drops below 1e-6.")],
            default="Find the smallest L with factor^L < 1e-6.",
            precision=2,
        ),
        numeric(
            "A tanh network's 32 hidden units all start with every weight equal to 0.1. After training with "
            "gradient descent in exact arithmetic, how many different hidden units does it have?",
            1.0,
            right="Right: equal units get equal gradients and stay equal, so the layer acts like one unit.",
            wrong=[(32.0, "In exact arithmetic gradient descent cannot break the symmetry: every unit gets the "
                         "same update. (In floating point, rounding may tell them apart, late.)")],
            default="Units that start equal receive equal gradients.",
            precision=2,
        ),
        numeric(
            "What is Xavier's standard deviation for a 500 → 500 layer?",
            init_std(500, "xavier", 500),
            right="Right: sqrt(2 / 1000). That is why '× 0.05' worked at width 500: it is close to this.",
            wrong=[(0.05, "0.05 is the rule of thumb; it only approximates Xavier at this width."),
                   (init_std(500, "he"), "That is He's, sqrt(2 / 500).")],
            default="Xavier: Var(w) = 2 / (fan_in + fan_out).",
        ),
        numeric(
            "torch.nn.Linear(300, 100) without any explicit initialization: what is the standard deviation of its weights?",
            torch_linear_default_std(300),
            right="Right: uniform on ±1/sqrt(300), whose standard deviation is the bound divided by sqrt(3).",
            wrong=[(init_std(300, "he"), "PyTorch's default is not He: it is a uniform draw with a third of LeCun's variance."),
                   (init_std(300, "lecun"), "The bound is 1/sqrt(fan_in); the std of a uniform is bound/sqrt(3).")],
            default="A uniform distribution on ±a has standard deviation a / sqrt(3).",
        ),
        single_choice(
            "A network has random hidden weights and an output layer initialized to zero. What happens?",
            ("it trains normally: the hidden units already differ, so the output weights get different gradients", True,
             "Right: units stay tied only if they start with equal incoming and outgoing weights; here the random "
             "hidden layer makes every unit different."),
            ("it cannot learn, like an all-zero network", False,
             "The output layer's gradient is the hidden activations times δ, and those activations are nonzero and differ."),
            ("the output weights stay identical forever", False,
             "They are multiplied by different hidden activations, so they receive different gradients."),
        ),
    ]

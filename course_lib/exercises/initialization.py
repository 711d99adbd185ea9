"""Checkers for the exercises of chapter 7 (Initialization).

A random initializer cannot be compared value by value, so the checker compares its output
with what each known mistake would draw from the same generator, and then checks the
statistics of a large draw.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..initialization import init_std, relu_network_std, variance_map
from . import Mistake, call, checker, expect_array, expect_number, fresh_rng, matches, shape_of

FAN_IN, FAN_OUT = 300, 200  # not square, so that swapped fans and transposes show


@checker("He initialization for a layer", implemented_by=(init_std,))
def check_he_normal(he_normal: Callable[[np.random.Generator, int, int], Any]) -> str:
    got = call(he_normal, np.random.default_rng(7), FAN_IN, FAN_OUT)
    if shape_of(got) == (FAN_OUT, FAN_IN):
        raise Mistake(f"The shape is (fan_out, fan_in) = {(FAN_OUT, FAN_IN)}, PyTorch's layout. Here a layer "
                      "computes x @ W, so W has shape (fan_in, fan_out).")
    w = expect_array(got, "the weights", (FAN_IN, FAN_OUT))
    again = expect_array(call(he_normal, np.random.default_rng(7), FAN_IN, FAN_OUT), "the weights", (FAN_IN, FAN_OUT))
    if not matches(w, again):
        raise Mistake("Two calls with generators of the same seed gave different weights: draw from `rng`, not "
                      "from np.random or a new generator.")
    other = expect_array(call(he_normal, fresh_rng(), FAN_IN, FAN_OUT), "the weights", (FAN_IN, FAN_OUT))
    if matches(w, other):
        raise Mistake("Two different generators gave the same weights: your function ignores `rng` (does it "
                      "seed a generator of its own?). Draw every random number from the `rng` it is given.")
    z = np.random.default_rng(7).standard_normal((FAN_IN, FAN_OUT))
    candidates = {
        "he": np.sqrt(2 / FAN_IN),
        "fan_out": np.sqrt(2 / FAN_OUT), "lecun": np.sqrt(1 / FAN_IN), "xavier": np.sqrt(2 / (FAN_IN + FAN_OUT)),
        "variance as std": 2 / FAN_IN, "no sqrt of 2": 1 / np.sqrt(FAN_IN) * 2,
    }
    same_draws = {name: matches(w, z * scale) for name, scale in candidates.items()}
    if same_draws["he"]:
        return "Normal weights with variance 2 / fan_in, the scale that keeps a ReLU layer's signal steady."
    messages = {
        "fan_out": "That scales by fan_out. He initialization keeps the forward signal steady, so it uses the number "
                   "of inputs: Var(w) = 2 / fan_in.",
        "lecun": "That is LeCun's 1 / fan_in. ReLU zeroes half of its inputs, so He doubles it: 2 / fan_in.",
        "xavier": "That is Xavier's 2 / (fan_in + fan_out). He's variance is 2 / fan_in.",
        "variance as std": "2 / fan_in is the variance; multiply the standard normal draws by its square root.",
        "no sqrt of 2": "The factor 2 belongs inside the square root: std = sqrt(2 / fan_in).",
    }
    for name, message in messages.items():
        if same_draws[name]:
            raise Mistake(message)
    # Not a scaled standard normal from rng: judge the distribution.
    if abs(w.mean()) > 0.05 * candidates["he"]:
        raise Mistake(f"The weights have mean {w.mean():.3g}; they should be centred on 0.")
    if abs(w.std() / candidates["he"] - 1) > 0.03:
        raise Mistake(f"The weights have standard deviation {w.std():.4f}; He's is sqrt(2 / fan_in) = "
                      f"{candidates['he']:.4f}.")
    from scipy.stats import kurtosis
    if abs(kurtosis(w.ravel())) > 0.2:
        raise Mistake("The standard deviation is right but the shape is not normal (a uniform draw?). This exercise "
                      "asks for a normal distribution.")
    return "Normal weights with variance 2 / fan_in, the scale that keeps a ReLU layer's signal steady."


@checker("One step of the variance argument", implemented_by=(relu_network_std, variance_map))
def check_next_layer_std(next_layer_std: Callable[[float, int, float], Any]) -> str:
    rng = fresh_rng()
    cases = [(1.5, 300, 0.05), (0.2, 64, 0.3), (3.0, 1000, 0.01),
             (float(rng.uniform(0.1, 5)), int(rng.integers(10, 2000)), float(rng.uniform(0.005, 0.5)))]
    for std_in, fan_in, weight_std in cases:
        got = expect_number(call(next_layer_std, std_in, fan_in, weight_std), "the standard deviation")
        expected = np.sqrt(fan_in * weight_std**2 * std_in**2 / 2)
        if matches(got, expected):
            continue
        if matches(got, expected**2):
            raise Mistake("That is the variance of z_next. Return its standard deviation, the square root.")
        if matches(got, expected * np.sqrt(2)):
            raise Mistake("That is right for a linear layer. ReLU zeroes the negative half of z, so "
                          "E[relu(z)^2] = std_in^2 / 2: divide the variance by 2.")
        if matches(got, fan_in * weight_std * std_in / np.sqrt(2)) or \
                matches(got, fan_in * weight_std * std_in / 2):
            raise Mistake("Standard deviations do not add over the fan_in terms; variances do. "
                          "Var(z_next) = fan_in * weight_std^2 * E[relu(z)^2].")
        if matches(got, np.sqrt(fan_in) * weight_std * std_in / 2):
            raise Mistake("ReLU halves the second moment (the variance), not the standard deviation: the factor on "
                          "the standard deviation is 1/sqrt(2), not 1/2.")
        raise Mistake(f"For std_in={std_in}, fan_in={fan_in}, weight_std={weight_std} the answer is "
                      "sqrt(fan_in * weight_std^2 * std_in^2 / 2). Check each factor.")
    return "sqrt(fan_in * weight_std^2 * std_in^2 / 2): variances add over the inputs, and ReLU keeps half."

"""Instruments for a network that does not train (chapter 10).

Each instrument reads one thing that chapters 1-9 taught to watch: the loss curve (chapters 1
and 2), the size of each layer's gradient and update (chapters 2, 3 and 8), units that have
stopped passing gradient (chapter 6), and the rate at which the loss starts to blow up
(chapter 2's stability bound, found by experiment). They take plain arrays, so they read a
NumPy run, a PyTorch run (through hooks) or a JAX run alike.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from .activations import derivative
from .validation import as_float_array, as_real, check_choice, check_positive_int

#: A slope below this is "saturated": the unit passes back under 1% of its gradient (chapter 6).
SATURATED_SLOPE = 0.01
SATURATING = ("sigmoid", "tanh")


class CurveSummary(NamedTuple):
    """What a loss curve says at a glance. ``start``: the first loss; ``chance``: ln(classes),
    the loss of a network that predicts every class equally; ``end``: the mean of the last
    ``window`` losses (a window, not the last value, which oscillates); ``lowest``: the
    smallest loss; ``highest``: the largest loss after the first step; ``first_nonfinite``:
    the step at which the loss became inf or NaN, or None."""

    start: float
    chance: float
    end: float
    lowest: float
    highest: float
    first_nonfinite: int | None

    @property
    def fell(self) -> float:
        """How many times smaller the end is than the start (below 1: it rose)."""
        return self.start / self.end if self.end > 0 else math.inf


def curve_summary(losses: Any, classes: int, window: int = 20) -> CurveSummary:
    """Summarize one run's training-loss curve (one loss per step)."""
    losses = as_float_array(losses, "losses", ndim=1, finite=False)
    classes = check_positive_int(classes, "classes", minimum=2)
    window = check_positive_int(window, "window")
    if len(losses) < 2:
        raise ValueError(f"losses needs at least 2 steps to make a curve; got {len(losses)}.")
    bad = np.flatnonzero(~np.isfinite(losses))
    first_bad = int(bad[0]) if bad.size else None
    finite = losses[: first_bad] if first_bad is not None else losses
    if finite.size == 0:
        return CurveSummary(math.inf, math.log(classes), math.inf, math.inf, math.inf, 0)
    end = float(losses[-window:].mean()) if first_bad is None else math.inf
    highest = float(finite[1:].max()) if finite.size > 1 else float(finite[0])
    return CurveSummary(float(finite[0]), math.log(classes), end, float(finite.min()), highest, first_bad)


def _matrix_norms(a: np.ndarray) -> np.ndarray:
    return np.sqrt(np.einsum("...ij,...ij->...", a, a))


def _rms(a: np.ndarray) -> np.ndarray:
    return _matrix_norms(a) / np.sqrt(a.shape[-1] * a.shape[-2])


def _update_ratio(before: np.ndarray, change: np.ndarray) -> np.ndarray:
    return _matrix_norms(change) / _matrix_norms(before)


def _dead_fraction(h: np.ndarray) -> np.ndarray:
    return 1 - np.any(h, axis=-2).mean(axis=-1)  # a unit is dead if it is 0 on every example


def _saturated_fraction(z: np.ndarray, activation: str) -> np.ndarray:
    return np.mean(derivative(activation, np.nan_to_num(z)) < SATURATED_SLOPE, axis=(-2, -1))


def _matrices(value: Any, name: str) -> np.ndarray:
    array = as_float_array(value, name, finite=False)
    if array.ndim < 2 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty matrix, or a stack of them (..., rows, columns); "
                         f"got shape {array.shape}.")
    return array


def rms(values: Any) -> np.ndarray | float:
    """The root mean square of a matrix (or of each matrix in a stack): the typical size of a
    gradient's entries, comparable between layers of different sizes."""
    result = _rms(_matrices(values, "values"))
    return float(result) if np.ndim(result) == 0 else result


def update_ratio(before: Any, after: Any) -> np.ndarray | float:
    """||after - before|| / ||before|| for a weight matrix (or each in a stack): how much of it
    one update changed. A few hundredths or less per step is typical of a run that trains; near
    1, each step rewrites the layer (chapter 10)."""
    before, after = _matrices(before, "before"), _matrices(after, "after")
    if before.shape != after.shape:
        raise ValueError(f"before and after must have the same shape; got {before.shape} and {after.shape}.")
    if np.any(_matrix_norms(before) == 0):
        raise ValueError("before is all zeros, so no ratio exists; measure the update's size instead.")
    result = _update_ratio(before, after - before)
    return float(result) if np.ndim(result) == 0 else result


def dead_fraction(h: Any) -> np.ndarray | float:
    """The share of units (columns of ``h``, shape (examples, units), or a stack of such) that
    output exactly 0 on every example: dead ReLUs, which get no gradient (chapter 6)."""
    result = _dead_fraction(_matrices(h, "h"))
    return float(result) if np.ndim(result) == 0 else result


def saturated_fraction(z: Any, activation: str) -> np.ndarray | float:
    """The share of a sigmoid or tanh layer's slopes, at pre-activations ``z`` (examples, units),
    that are below :data:`SATURATED_SLOPE`: units on a flat tail (chapter 6). ReLUs do not
    saturate; use :func:`dead_fraction` for them."""
    activation = check_choice(activation, "activation", SATURATING)
    result = _saturated_fraction(_matrices(z, "z"), activation)
    return float(result) if np.ndim(result) == 0 else result


class RangeTest(NamedTuple):
    """A learning-rate range test read off: ``blowup`` is the first rate at which the smoothed
    loss exceeds ``factor`` times its lowest value so far (or None if it never does), and
    ``suggested`` a tenth of it, the customary choice (or None)."""

    rates: np.ndarray
    smoothed: np.ndarray
    blowup: float | None
    suggested: float | None


def read_range_test(rates: Any, losses: Any, factor: float = 4.0, smoothing: float = 0.9) -> RangeTest:
    """Read a learning-rate range test: one training run whose rate grows step by step
    (``rates``, increasing), with the loss recorded at every step (``losses``). The loss is
    smoothed by an exponential moving average (bias-corrected, as Adam's, chapter 8)."""
    rates = as_float_array(rates, "rates", ndim=1)
    losses = as_float_array(losses, "losses", ndim=1, finite=False)
    if rates.shape != losses.shape or len(rates) < 2:
        raise ValueError(f"rates and losses must be 1-D with one entry per step (at least 2); got shapes "
                         f"{rates.shape} and {losses.shape}.")
    if np.any(rates <= 0) or np.any(np.diff(rates) <= 0):
        raise ValueError("rates must be positive and increasing, one per step of the range test.")
    factor, smoothing = as_real(factor, "factor"), as_real(smoothing, "smoothing")
    if not factor > 1:
        raise ValueError(f"factor must be above 1 (how many times the lowest loss counts as blown up); got {factor}.")
    if not 0 <= smoothing < 1:
        raise ValueError(f"smoothing must be in [0, 1); got {smoothing}.")
    average, smoothed, blowup, lowest = 0.0, np.full(len(losses), np.inf), None, np.inf
    for k, loss in enumerate(losses):
        if not np.isfinite(loss):
            blowup = float(rates[k])
            break
        average = smoothing * average + (1 - smoothing) * loss
        smoothed[k] = average / (1 - smoothing ** (k + 1))
        lowest = min(lowest, smoothed[k])
        if smoothed[k] > factor * lowest:
            blowup = float(rates[k])
            break
    return RangeTest(rates, smoothed, blowup, None if blowup is None else blowup / 10)

"""Plain (full-batch) gradient descent, taught in chapters 1 and 2 and reused in chapter 4.

Full-batch gradient descent uses the exact gradient of the whole loss at every step. It is
not stochastic gradient descent (SGD), which uses a noisy estimate from a sample of the data
(chapter 8).
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .validation import as_float_array, as_real, check_positive_float, check_positive_int, to_numpy


def gradient_descent(
    grad: Callable[[np.ndarray], Any], x0: Any, *, lr: float, steps: int
) -> np.ndarray:
    """Iterate ``x <- x - lr * grad(x)`` from ``x0`` and return every iterate.

    The result has shape ``(steps + 1, *x0.shape)``, starting with ``x0``. If an iterate
    overflows to inf or NaN (a step too large for the curvature, chapter 2), the path stops
    at the last finite iterate, so it can be shorter than ``steps + 1``.
    """
    if not callable(grad):
        raise TypeError(f"grad must be a function of x returning the gradient; got {grad!r}.")
    x = as_float_array(x0, "x0").copy()
    lr = check_positive_float(lr, "lr")
    steps = check_positive_int(steps, "steps", minimum=0)
    path = np.empty((steps + 1,) + x.shape)
    path[0] = x
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, steps + 1):
            g = np.asarray(grad(x), dtype=np.float64)
            if g.shape != x.shape:
                raise ValueError(
                    f"grad(x) returned shape {g.shape}, but x has shape {x.shape}: the "
                    "gradient has one entry per parameter."
                )
            x = x - lr * g
            if not np.isfinite(x).all():
                return path[:k]
            path[k] = x
    return path


def first_below(values: Any, threshold: float) -> int | None:
    """The first index at which ``values`` (a 1-D sequence, such as losses over steps) is
    below ``threshold``, or None if it never is: "how many steps did it take?". A NaN or inf,
    as in a diverged run, never counts as below."""
    try:
        values = np.asarray(to_numpy(values))
    except ValueError:
        raise TypeError("values must be 1-D real numbers (one value per step); got a ragged list.") from None
    if values.dtype.kind not in "iuf" or values.ndim != 1:
        raise (ValueError if values.dtype.kind in "iufO" else TypeError)(
            f"values must be 1-D real numbers (one value per step); got shape {values.shape}, dtype {values.dtype}.")
    if values.size == 0:
        raise ValueError("values is empty; it needs one value per step.")
    threshold = as_real(threshold, "threshold")
    with np.errstate(invalid="ignore"):
        below = np.flatnonzero(values.astype(float) < threshold)
    return int(below[0]) if below.size else None

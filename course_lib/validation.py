"""Input checks that turn a learner's mistake into a clear error message.

Every public helper of the course validates its arguments here, so that bad input gets a
``ValueError`` (or ``TypeError``) that names the argument and says what was expected,
never a NaN or a traceback from deep inside NumPy or JAX.
"""

from __future__ import annotations

from numbers import Integral, Real
from typing import Any

import numpy as np


def as_float_array(value: Any, name: str, *, ndim: int | None = None) -> np.ndarray:
    """Return ``value`` as a float64 array, checking that it is numeric and finite.

    ``ndim``, when given, is the required number of dimensions. For ``ndim=2`` the message
    explains the (n_samples, n_features) convention and how to reshape a single feature.
    """
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be an array of numbers; got {type(value).__name__} that cannot be "
            "converted to floats."
        ) from None
    if ndim is not None and array.ndim != ndim:
        hint = ""
        if ndim == 2 and array.ndim == 1:
            hint = " For a single feature, use X.reshape(-1, 1); for a single sample, X.reshape(1, -1)."
        layout = " (n_samples, n_features)" if ndim == 2 else ""
        raise ValueError(
            f"{name} must be a {ndim}-D array{layout}; got {array.ndim}-D with shape "
            f"{array.shape}.{hint}"
        )
    if array.size == 0:
        raise ValueError(f"{name} is empty (shape {array.shape}); it needs at least one value.")
    bad = ~np.isfinite(array)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        kind = "NaN" if np.isnan(array[where]) else "an infinite value"
        raise ValueError(
            f"{name} contains {int(bad.sum())} non-finite value(s) (NaN or inf); the first, "
            f"{kind}, is at index {where}. Remove or impute them first."
        )
    return array


def check_positive_int(value: Any, name: str, *, minimum: int = 1) -> int:
    """Return ``value`` as an int, checking that it is an integer ``>= minimum``."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer >= {minimum}; got {value!r}.")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value}.")
    return int(value)


def check_positive_float(value: Any, name: str) -> float:
    """Return ``value`` as a float, checking that it is a finite number > 0."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a positive number; got {value!r}.")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0; got {value}.")
    return float(value)


def check_choice(value: Any, name: str, choices: tuple[str, ...]) -> str:
    """Return ``value``, checking that it is one of ``choices``."""
    if value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {options}; got {value!r}.")
    return value

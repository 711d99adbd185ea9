"""Input checks that turn a learner's mistake into a clear error message.

Every public helper of the course validates its arguments here, so that bad input gets a
``ValueError`` (or ``TypeError``) that names the argument and says what was expected,
never a NaN or a traceback from deep inside NumPy or JAX.
"""

from __future__ import annotations

from numbers import Integral, Real
from typing import Any

import numpy as np


def _own(name: Any, **flags: Any) -> None:
    """The validators' own arguments, which course_lib's code passes: ``name`` is text, and each
    flag True or False."""
    if not isinstance(name, str):
        raise TypeError(f"name must be text (the argument's name, for the message); got {type(name).__name__}.")
    for flag, value in flags.items():
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{flag} must be True or False; got {value!r}.")


def to_numpy(value: Any) -> Any:
    """``value`` with a torch tensor detached from its graph and moved to the CPU, and a JAX
    array converted, as NumPy arrays; a list or tuple of them likewise; anything else as is."""
    if hasattr(value, "detach") and hasattr(value, "numpy"):  # torch.Tensor, without importing torch
        return value.detach().cpu().numpy()
    if type(value).__module__.split(".")[0] in ("jax", "jaxlib"):
        return np.asarray(value)
    if isinstance(value, (list, tuple)) and any(hasattr(v, "detach") for v in value):
        return [to_numpy(v) for v in value]
    return value


def as_float_array(value: Any, name: str, *, ndim: int | None = None, finite: bool = True) -> np.ndarray:
    """Return ``value`` as a float64 array, checking that it is real, numeric and (unless
    ``finite=False``, for data such as a diverged run's losses) finite. NumPy, JAX and torch
    arrays (with or without a gradient) and nested lists are accepted.

    ``ndim``, when given, is the required number of dimensions. For ``ndim=2`` the message
    explains the (n_samples, n_features) convention and how to reshape a single feature.
    """
    _own(name, finite=finite)
    if ndim is not None and (isinstance(ndim, bool) or not isinstance(ndim, int) or ndim < 0):
        raise TypeError(f"ndim must be a number of dimensions (an integer >= 0) or None; got {ndim!r}.")
    value = to_numpy(value)
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be an array of numbers; got {value!r}.")
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of numbers; got a {type(value).__name__} that is ragged or "
                        "holds something else.") from None
    if raw.dtype.kind == "c":
        raise TypeError(f"{name} must hold real numbers; got complex values (dtype {raw.dtype}).")
    if raw.dtype.kind == "b":
        raise TypeError(f"{name} must hold numbers, not True/False values; convert a mask with .astype(float).")
    try:
        array = raw.astype(np.float64)
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
    if finite and bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        kind = "NaN" if np.isnan(array[where]) else "an infinite value"
        raise ValueError(
            f"{name} contains {int(bad.sum())} non-finite value(s) (NaN or inf); the first, "
            f"{kind}, is at index {where}. Remove or impute them first."
        )
    return array


_INT64_MAX = 2**63 - 1


def check_positive_int(value: Any, name: str, *, minimum: int = 1, maximum: int = _INT64_MAX) -> int:
    """Return ``value`` as an int, checking that it is an integer ``>= minimum`` and ``<= maximum``
    (by default the largest 64-bit integer: NumPy, JAX and torch take no larger count)."""
    _own(name)
    for bound, limit in (("minimum", minimum), ("maximum", maximum)):
        if isinstance(limit, bool) or not isinstance(limit, Integral):
            raise TypeError(f"{bound} must be an integer; got {limit!r}.")
    value = to_numpy(value)
    if isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind in "iu":
        value = value.item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer >= {minimum}; got {value!r}.")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}; got {value}.")
    if value > maximum:
        raise ValueError(f"{name} must be an integer <= {maximum}; got {value}.")
    return int(value)


def check_int_list(value: Any, name: str, *, minimum: int = 0) -> list[int]:
    """``value`` (a list, tuple, range or 1-D array of whole numbers, none below ``minimum``) as a
    non-empty list of ints: the seeds or sizes of a batch of runs."""
    _own(name)
    value = to_numpy(value)
    if isinstance(value, np.ndarray):
        if value.ndim != 1:
            raise TypeError(f"{name} must be a 1-D list of whole numbers >= {minimum}; got an array of shape "
                            f"{value.shape}.")
        value = value.tolist()
    if not isinstance(value, (list, tuple, range)):
        raise TypeError(f"{name} must be a list of whole numbers >= {minimum}; got {type(value).__name__} {value!r}.")
    if len(value) == 0:
        raise ValueError(f"{name} must list at least one whole number >= {minimum}; got an empty list.")
    return [check_positive_int(v, f"each of {name}", minimum=minimum) for v in value]


def _number(value: Any, name: str) -> float:
    """``value`` as a float: a Python, NumPy, JAX or torch number (or one-element array), not a
    bool, a complex number or text."""
    value = to_numpy(value)
    if isinstance(value, np.ndarray) and value.size == 1 and value.dtype.kind in "iuf":
        value = value.reshape(()).item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number; got {value!r}.")
    return float(value)


def as_real(value: Any, name: str) -> float:
    """``value`` as a finite float: a Python, NumPy, JAX or torch number (or one-element
    array), not a bool, a complex number, text, NaN or inf."""
    _own(name)
    value = _number(value, name)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {value}.")
    return float(value)


def check_positive_float(value: Any, name: str) -> float:
    """Return ``value`` as a float, checking that it is a finite number > 0."""
    _own(name)
    value = _number(value, name)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0; got {value}.")
    return value


def check_nonnegative_float(value: Any, name: str) -> float:
    """Return ``value`` as a float, checking that it is a finite number >= 0."""
    _own(name)
    value = _number(value, name)
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0; got {value}.")
    return value


def check_probability(value: Any, name: str, *, allow_one: bool = False) -> float:
    """Return ``value`` as a float in [0, 1) (or [0, 1] with ``allow_one``)."""
    _own(name, allow_one=allow_one)
    value = as_real(value, name)
    if not (0 <= value < 1 or (allow_one and value == 1)):
        raise ValueError(f"{name} must satisfy 0 <= {name} {'<=' if allow_one else '<'} 1; got {value}.")
    return value


def check_choice(value: Any, name: str, choices: tuple[str, ...]) -> str:
    """Return ``value``, checking that it is one of ``choices``."""
    _own(name)
    if not isinstance(choices, (tuple, list)) or not all(isinstance(c, str) for c in choices):
        raise TypeError(f"choices must be a tuple of names (text); got {choices!r}.")
    if not isinstance(value, str) or value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {options}; got {value!r}.")
    return value


def check_bool(value: Any, name: str) -> bool:
    """Return ``value`` as a bool, checking that it is ``True`` or ``False`` (a NumPy bool
    too), not a number, text or an array whose truth is ambiguous."""
    _own(name)
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False; got {value!r}.")
    return bool(value)


def check_text(value: Any, name: str, *, allow_none: bool = False) -> str | None:
    """Return ``value``, checking that it is a string (or, with ``allow_none``, None)."""
    _own(name, allow_none=allow_none)
    if value is None and allow_none:
        return None
    if not isinstance(value, str):
        expected = "text (a str) or None" if allow_none else "text (a str)"
        raise TypeError(f"{name} must be {expected}; got {type(value).__name__} {value!r}.")
    return value


def check_axes(ax: Any, name: str = "ax") -> Any:
    """Return ``ax``, checking that it is a matplotlib Axes (anything with ``plot``), as
    :func:`course_lib.plotting.subplots` returns them; without importing matplotlib."""
    _own(name)
    if not callable(getattr(ax, "plot", None)):
        raise TypeError(f"{name} must be a matplotlib Axes, from fig, ax = subplots(); got {type(ax).__name__}.")
    return ax

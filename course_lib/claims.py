"""Claims: how a chapter states a result and checks it in the same cell.

Every key claim of a chapter is written as ``claim("what we say", condition, **evidence)``.
When it holds, the reader sees the claim and its evidence. When a change to the code or the
libraries makes it false, the cell raises :class:`ClaimError`, so the notebook test fails.
"""

from __future__ import annotations

from numbers import Real
from typing import Any

import numpy as np


class ClaimError(AssertionError):
    """A claim that the chapter makes no longer holds."""


def _format_value(value: Any) -> str:
    """Numbers, and arrays or lists of numbers, to three significant figures."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, Real):
        value = float(value)
        return f"{value:.3g}" if value == value else "nan"
    if isinstance(value, (np.ndarray, list, tuple)):
        array = np.asarray(value)
        if array.dtype.kind in "iuf" and array.ndim > 0:
            return np.array2string(array, separator=", ", max_line_width=10**6, threshold=10**6,
                                   formatter={"float_kind": lambda x: f"{x:.3g}", "int": str})
    return str(value)


def claim(statement: str, holds: Any, **evidence: Any) -> None:
    """Check ``holds``; print the statement with its evidence, or raise :class:`ClaimError`.

    ``holds`` is anything with a truth value (a NumPy boolean included). ``evidence`` is
    the numbers that support the statement; they are shown either way, rounded to three
    significant figures.
    """
    if not isinstance(statement, str) or not statement.strip():
        raise TypeError("statement must be a non-empty string describing the claim.")
    if isinstance(holds, Real) and not isinstance(holds, (bool, np.bool_)) and holds != holds:
        raise TypeError("holds is NaN, which is neither true nor false: a comparison with NaN in it? "
                        "Check the numbers the claim compares.")
    try:
        ok = bool(holds)
    except (ValueError, RuntimeError):  # NumPy's and torch's "ambiguous truth value"
        raise TypeError(
            "holds must be a single truth value; for an array use .all() or .any()."
        ) from None
    details = ", ".join(f"{key} = {_format_value(value)}" for key, value in evidence.items())
    suffix = f"  [{details}]" if details else ""
    if not ok:
        raise ClaimError(f"Claim does not hold: {statement}{suffix}")
    print(f"✔ {statement}{suffix}")

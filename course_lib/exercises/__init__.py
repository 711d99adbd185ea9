"""The exercise-checker mechanism shared by every chapter.

A chapter's exercise gives a stub function that raises ``NotImplementedError``. The learner
replaces its body and calls the chapter's checker on it, for example
``check_standardize(standardize)``. The checker returns a :class:`Feedback`, shown as one
readable message: "not implemented yet" for the stub, a specific hint for each known mistake,
or a pass. It never shows a traceback of the course's own code.

Writing a checker: decorate a function that takes the learner's function and raises
:class:`Mistake` with a specific message for each known wrong answer; call the learner's
function through :func:`call`, so that an exception inside it is reported as such.
"""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np


class Mistake(Exception):
    """Raised by a checker with the feedback for one recognised mistake."""


class _LearnerRaised(Exception):
    """The learner's function raised; carries the original exception."""

    def __init__(self, original: BaseException) -> None:
        super().__init__(original)
        self.original = original


@dataclass(frozen=True)
class Feedback:
    """The outcome of a checker: ``passed`` and a message for the learner. It is truthy
    exactly when the exercise passed, so ``assert check_x(f)`` works in tests."""

    exercise: str
    passed: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        mark = "✔ Passed" if self.passed else "✘ Not yet"
        return f"{mark}: {self.exercise}. {self.message}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour = "#009E73" if self.passed else "#D55E00"
        mark = "✔ Passed" if self.passed else "✘ Not yet"
        return (
            f'<div class="course-feedback" style="border-left:4px solid {colour};padding:4px 10px">'
            f"<strong>{mark}: {html.escape(self.exercise)}.</strong> {html.escape(self.message)}</div>"
        )


NOT_IMPLEMENTED = (
    "Not implemented yet: replace the line `raise NotImplementedError` with your code, "
    "run the cell again, and the checker will tell you how it went."
)


def call(function: Callable[..., Any], *args: Any) -> Any:
    """Call the learner's function; an exception inside it becomes a learner-facing message
    instead of a traceback."""
    try:
        return function(*args)
    except NotImplementedError:
        raise
    except Exception as error:  # noqa: BLE001 - any error of the learner is feedback
        raise _LearnerRaised(error) from None


def checker(exercise: str) -> Callable[[Callable[[Callable[..., Any]], str]], Callable[..., Feedback]]:
    """Turn ``checks(function) -> success message`` into a checker returning :class:`Feedback`.

    ``checks`` raises :class:`Mistake` for a recognised mistake; the decorator handles the
    stub, a function that is not callable, and exceptions raised by the learner's code.
    """

    def decorate(checks: Callable[[Callable[..., Any]], str]) -> Callable[..., Feedback]:
        @functools.wraps(checks)
        def run(function: Any) -> Feedback:
            if not callable(function):
                return Feedback(exercise, False, f"Pass your function itself (without calling it); got {type(function).__name__}.")
            try:
                message = checks(function)
            except NotImplementedError:
                return Feedback(exercise, False, NOT_IMPLEMENTED)
            except Mistake as mistake:
                return Feedback(exercise, False, str(mistake))
            except _LearnerRaised as raised:
                error = raised.original
                return Feedback(
                    exercise, False,
                    f"Your function raised {type(error).__name__}: {error}. Test it on a small "
                    "array first, and check the shapes of what you compute.",
                )
            return Feedback(exercise, True, message)

        run.exercise = exercise  # type: ignore[attr-defined]
        return run

    return decorate


def expect_array(value: Any, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """Check that the learner returned an array of numbers with ``shape``."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Mistake(f"{name} should be an array of numbers; got {type(value).__name__}.") from None
    if array.shape != shape:
        raise Mistake(f"{name} has shape {array.shape}, but it should have shape {shape}, the same as the input.")
    if not np.isfinite(array).all():
        raise Mistake(f"{name} contains NaN or inf. Are you dividing by a zero standard deviation?")
    return array


def matches(value: np.ndarray, expected: np.ndarray, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """Whether a learner's array equals an expected one up to float rounding."""
    return bool(np.allclose(value, expected, rtol=rtol, atol=atol))

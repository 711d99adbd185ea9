"""The exercise-checker mechanism shared by every chapter.

A chapter's exercise gives a stub function that raises ``NotImplementedError``. The learner
replaces its body and calls the chapter's checker on it, for example
``check_standardize(standardize)``. The checker returns a :class:`Feedback`, shown as one
readable message: "not implemented yet" for the stub, a specific hint for each known mistake,
or a pass. It never shows a traceback of the course's own code.

Writing a checker: decorate a function that takes the learner's function and raises
:class:`Mistake` with a specific message for each known wrong answer; call the learner's
function through :func:`call` (a time limit, exceptions, inputs changed in place, a forgotten
``return``), read its result with :func:`expect_array`, :func:`expect_number` or
:func:`expect_values` (NumPy, JAX or torch results, never complex or text), compare with
:func:`matches` (float32 rounding passes), and try at least two inputs, one of them drawn
from :func:`fresh_rng`, so that a hard-coded answer cannot pass.

A checker names the course_lib functions that compute its exercise's answer
(``@checker("A cosine schedule", implemented_by=(schedules.cosine,))``). While :func:`call`
runs the learner's function, those are watched: a learner's function that calls one of them,
directly or through other course_lib code, fails with a message that names what it called
("write it yourself"). The checker's own computations are not watched, nor are the helpers an
exercise hands the learner (the checker's own functions, such as ``descend``'s ``grad``), so
course_lib's other functions stay free to use.
"""

from __future__ import annotations

import functools
import html
import inspect
import signal
import sys
import threading
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from types import CodeType, FrameType
from typing import Any, Callable, Iterator

import numpy as np

from ..i18n import _
from ..validation import to_numpy as plain  # a learner's torch or JAX result, as NumPy


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

    @property
    def mark(self) -> str:
        """"✔ Passed", "✘ Not yet", or, for a stub not yet written, a neutral "✎ Your turn"."""
        if self.passed:
            return "✔ Passed"
        return "✎ Your turn" if self.message == NOT_IMPLEMENTED else "✘ Not yet"

    def shown(self) -> tuple[str, str, str]:
        """The mark, the exercise and the message in the reader's language (:mod:`course_lib.i18n`)."""
        marks = {"✔ Passed": _("✔ Passed"), "✘ Not yet": _("✘ Not yet"), "✎ Your turn": _("✎ Your turn")}
        return marks[self.mark], _(self.exercise), _(self.message)

    def __str__(self) -> str:
        mark, exercise, message = self.shown()
        return f"{mark}: {exercise}. {message}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        colour = {"✔ Passed": "#009E73", "✘ Not yet": "#D55E00"}.get(self.mark, "#0072B2")
        mark, exercise, message = self.shown()
        return (
            f'<div class="course-feedback" style="border-left:4px solid {colour};padding:4px 10px">'
            f"<strong>{mark}: {html.escape(exercise)}.</strong> {html.escape(message)}</div>"
        )


NOT_IMPLEMENTED = (
    "Not implemented yet: replace the line `raise NotImplementedError` with your code, "
    "run the cell again, and the checker will tell you how it went. Reading the book? Open "
    "this chapter in Colab or Binder (the rocket icon at the top of the page) to edit it."
)

#: Seconds one call of the learner's function may take before the checker gives up on it.
TIME_LIMIT = 10.0


class _TimedOut(BaseException):
    """Raised in the learner's code when it runs past :data:`TIME_LIMIT`."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the code inside after ``seconds``, where the platform allows it (a timer signal
    in the main thread: Linux and macOS, so Jupyter and Colab); elsewhere, no limit."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: Any) -> None:
        raise _TimedOut

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)  # and again every second, if the code swallows it
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")


def _argument_name(function: Callable[..., Any], index: int) -> str:
    """``the argument `x0``` for the learner's ``def descend(grad, x0, ...)``, else its ordinal."""
    try:
        names = list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        names = []
    if index < len(names):
        return _(f"its argument `{names[index]}`")
    return _(f"its {_ORDINALS[index]} argument") if index < len(_ORDINALS) else _("an argument")


#: The ids of the code objects that compute the running checker's answer (set by :func:`checker`).
_ANSWER_CODE: ContextVar[frozenset[int]] = ContextVar("_ANSWER_CODE", default=frozenset())


def _code_ids(functions: tuple[Callable[..., Any], ...]) -> frozenset[int]:
    """The ids of the code of ``functions`` (course_lib functions or methods) and of the code
    nested in them (closures, lambdas, comprehensions). The functions live as long as their
    modules, so the ids stay theirs."""
    codes: list[CodeType] = []
    for function in functions:
        function = getattr(function, "__func__", function)  # a classmethod or a bound method
        if not _is_course_code(function) or not isinstance(getattr(function, "__code__", None), CodeType):
            raise TypeError(f"implemented_by names course_lib's Python functions; got {function!r}.")
        codes.append(function.__code__)
    ids = set()
    while codes:
        code = codes.pop()
        ids.add(id(code))
        codes.extend(c for c in code.co_consts if isinstance(c, CodeType))
    return frozenset(ids)


def _in_course(module: str) -> bool:
    """Whether ``module`` (a module's name) is course_lib or one of its submodules."""
    return module == "course_lib" or module.startswith("course_lib.")


def _course_module(frame: FrameType) -> str:
    """The course_lib module ``frame`` runs in, or "" for code outside course_lib."""
    module = frame.f_globals.get("__name__") or ""
    return module if _in_course(module) else ""


def _course_entry(frame: FrameType, harness: FrameType) -> str | None:
    """The course_lib function that the learner's code called and that led to ``frame``, named
    as the learner would write it (``course_lib.scalers.StandardScaler.fit_transform``); None
    where the checker's own code called it (a helper it handed to the learner's function)."""
    entry, caller = frame, frame.f_back
    while caller is not None and caller is not harness and _course_module(caller):
        if _course_module(caller).startswith(__name__):
            return None
        entry, caller = caller, caller.f_back
    code = entry.f_code
    name = code.co_qualname
    if "." in name and code.co_argcount and code.co_varnames[0] == "self":  # a method: the learner's class
        name = f"{type(entry.f_locals.get('self')).__qualname__}.{code.co_name}"
    return f"{_course_module(entry)}.{name}"


@contextmanager
def _watching(answer: frozenset[int], harness: FrameType, borrowed: list[str]) -> Iterator[None]:
    """While the code inside runs, append to ``borrowed`` the course function through which
    the learner's code (called from ``harness``, the frame of :func:`call`) first reaches code
    in ``answer``. A profile function sees each Python call in this thread; it is set only
    while the learner's function runs, only for an exercise with ``answer`` code, and never
    over another profiler (one that is running keeps the thread to itself)."""
    if not answer or sys.getprofile() is not None:
        yield
        return

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        if event == "call" and id(frame.f_code) in answer and not borrowed:
            entry = _course_entry(frame, harness)
            if entry:
                borrowed.append(entry)

    sys.setprofile(profile)
    try:
        yield
    finally:
        sys.setprofile(None)


def _borrowing(borrowed: list[str]) -> None:
    """Raise the :class:`Mistake` for a learner's function that called the course's answer."""
    if borrowed:
        raise Mistake(f"Your function calls the course's own implementation ({borrowed[0]}). The exercise is to "
                      "write it yourself: compute the answer with your own code, not course_lib's.")


def call(function: Callable[..., Any], *args: Any, may_change: tuple[int, ...] = ()) -> Any:
    """Call the learner's function and return its result; anything that goes wrong becomes a
    learner-facing message instead of a traceback: an exception it raises (``SystemExit`` and
    ``KeyboardInterrupt`` included), a run past :data:`TIME_LIMIT`, an input array changed in
    place (except the arguments numbered in ``may_change``, for an exercise where changing
    them is the convention), or ``None`` returned (a forgotten ``return``). A call of the
    course's own implementation of the answer (see :func:`checker`) comes first of these."""
    before = [(i, arg, arg.copy()) for i, arg in enumerate(args) if isinstance(arg, np.ndarray) and i not in may_change]
    borrowed: list[str] = []
    try:
        # the watch ends after the time limit's timer, so an interruption cannot skip its end
        with _watching(_ANSWER_CODE.get(), sys._getframe(), borrowed), _time_limit(TIME_LIMIT):
            result = function(*args)
    except NotImplementedError:
        _borrowing(borrowed)
        raise
    except _TimedOut:
        _borrowing(borrowed)
        raise Mistake(f"Your function did not return within {TIME_LIMIT:g} s: is there an infinite loop, "
                      "such as a while loop whose condition never changes?") from None
    except BaseException as error:  # noqa: BLE001 - anything the learner's code raises is feedback
        _borrowing(borrowed)
        raise _LearnerRaised(error) from None
    _borrowing(borrowed)
    for i, arg, copy in before:
        if arg.shape != copy.shape or not np.array_equal(arg, copy, equal_nan=True):
            raise Mistake(f"Your function changed {_argument_name(function, i)} in place (with -=, *= or "
                          "a[...] = ..., for example). Leave the inputs as they were: compute a new array, "
                          "such as x = x - step, or work on a copy.")
    if result is None:
        raise Mistake("Your function returned None: did you forget `return`?")
    return result


def _is_course_code(function: Any) -> bool:
    """Whether ``function`` is course_lib's own (a function, method or partial of one)."""
    target = getattr(function, "func", function)  # functools.partial
    return _in_course(getattr(target, "__module__", None) or "")


def checker(exercise: str, *, implemented_by: tuple[Callable[..., Any], ...] = ()
            ) -> Callable[[Callable[[Callable[..., Any]], str]], Callable[..., Feedback]]:
    """Turn ``checks(function) -> success message`` into a checker returning :class:`Feedback`.

    ``checks`` raises :class:`Mistake` for a recognised mistake and calls the learner's
    function through :func:`call`; the decorator handles the stub, something that is not a
    function, course_lib's own implementation handed in, and exceptions raised by the
    learner's code. A checker never raises and never shows a traceback of the course's code.

    ``implemented_by`` names the course_lib functions and methods that compute the answer
    (the innermost will do: ``StandardScaler._learn`` catches ``fit``, ``fit_transform`` and
    any other way to it). A learner's function that reaches one of them while :func:`call`
    runs it fails, with the name of the course function it called; the checker's own code may
    use them freely.
    """
    answer = _code_ids(implemented_by)

    def decorate(checks: Callable[[Callable[..., Any]], str]) -> Callable[..., Feedback]:
        @functools.wraps(checks)
        def run(function: Any, *, trials: int = 1, seeds: tuple[int, ...] = ()) -> Feedback:
            # By default the checks run once: on the checker's own inputs and one fresh random
            # draw. With `trials`, they run that many times, each on a new draw; with `seeds`,
            # once more per seed, the random input drawn from it (the instructor pack's hidden
            # tests, on seeds no page shows). The first failure is the feedback.
            if not callable(function):
                return Feedback(exercise, False, f"Pass your function itself (without calling it); got {type(function).__name__}.")
            if _is_course_code(function):
                return Feedback(exercise, False, "That is the course's own implementation, from course_lib. "
                                "The exercise is to write it yourself: define your own function and pass that.")
            draws: list[int | None] = [None] * trials + [int(seed) for seed in seeds]
            message = ""
            for draw in draws:
                feedback = judge(function, draw)
                if not feedback.passed:
                    return feedback
                message = feedback.message
            return Feedback(exercise, True, message)

        def judge(function: Any, draw: int | None) -> Feedback:
            watch = _ANSWER_CODE.set(answer)
            seeding = _DRAW.set(None if draw is None else np.random.SeedSequence(draw))
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
            except _TimedOut:  # the learner's code swallowed the first interruption and ran on
                return Feedback(exercise, False, f"Your function did not return within {TIME_LIMIT:g} s: is "
                                "there an infinite loop?")
            finally:
                _DRAW.reset(seeding)
                _ANSWER_CODE.reset(watch)
            return Feedback(exercise, True, message)

        run.exercise = exercise  # type: ignore[attr-defined]
        return run

    return decorate


def shape_of(value: Any) -> tuple[int, ...] | None:
    """The shape of a learner's result (a NumPy, JAX or torch array, a number or a list), or
    None for something that has none (text, a ragged list, an object)."""
    value = plain(value)
    if isinstance(value, (str, bytes)) or value is None:
        return None
    try:
        return np.shape(value)
    except Exception:  # noqa: BLE001 - ragged lists, lists of tensors, odd objects
        return None


def describe(value: Any) -> str:
    """What a learner's function returned, in a few words."""
    if isinstance(value, (str, bytes)):
        return f"the text {value!r}"
    return type(value).__name__


def real_array(value: Any, name: str) -> np.ndarray:
    """``value`` as an array of real floats, or a :class:`Mistake` saying what it is instead."""
    if value is None:
        raise Mistake(f"{name} is None: did you forget to return it?")
    value = plain(value)
    if isinstance(value, (str, bytes)):
        raise Mistake(f"{name} should be numbers; got the text {value!r}.")
    if isinstance(value, (list, tuple)):
        value = [plain(v) for v in value]  # a list of tensors
    try:
        array = np.asarray(value)
    except Exception:  # noqa: BLE001 - ragged lists and odd objects
        raise Mistake(f"{name} should be an array of numbers; got {type(value).__name__}.") from None
    if array.dtype.kind == "c":
        raise Mistake(f"{name} holds complex numbers; the answer is real. Where did an imaginary part come "
                      "from (np.sqrt of a negative number in a complex array, or 1j)?")
    if array.dtype.kind == "b":
        raise Mistake(f"{name} holds True/False values; the answer is numbers.")
    if array.dtype.kind not in "iuf":
        raise Mistake(f"{name} should be an array of numbers; got {type(value).__name__}"
                      f"{f' of {array.dtype}' if array.dtype.kind != 'O' else ''}.")
    return array.astype(float)


def expect_array(value: Any, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """Check that the learner returned an array of real numbers with ``shape``."""
    array = real_array(value, name)
    if array.shape != shape:
        raise Mistake(f"{name} has shape {array.shape}, but it should have shape {shape}, the same as the input.")
    if not np.isfinite(array).all():
        raise Mistake(f"{name} contains NaN or inf. Are you dividing by a zero standard deviation?")
    return array


def expect_number(value: Any, name: str = "the result") -> float:
    """Check that the learner returned one real, finite number (a NumPy, JAX or torch scalar
    or a one-element array will do) and return it as a float."""
    if isinstance(value, (bool, np.bool_)):
        raise Mistake(f"{name} is True or False; return one number.")
    if isinstance(value, (str, bytes)):
        raise Mistake(f"Return one number for {name}; got the text {value!r}.")
    array = real_array(value, name)
    if array.size != 1:
        raise Mistake(f"Return one number for {name}, not an array of shape {array.shape}.")
    number = float(array.reshape(()))
    if not np.isfinite(number):
        raise Mistake(f"{name} is {number}; it should be a finite number.")
    return number


def expect_values(value: Any, names: tuple[str, ...]) -> tuple[Any, ...]:
    """Check that the learner returned ``len(names)`` values (a tuple or a list)."""
    if not isinstance(value, (tuple, list)) or len(value) != len(names):
        raise Mistake(f"Return {len(names)} values, in this order: `return {', '.join(names)}`; "
                      f"got {describe(value)}.")
    return tuple(value)


def matches(value: np.ndarray, expected: Any, rtol: float = 1e-5) -> bool:
    """Whether a learner's array equals an expected one up to float32 rounding: a relative
    tolerance of ``rtol`` on each entry, and an absolute one of ``rtol`` times the largest
    expected entry, for entries that cancel to nearly zero. Every known mistake differs by far
    more, so a learner may compute in float32 (with jax.numpy or torch) and still pass."""
    expected = np.asarray(expected, dtype=float)
    value = np.asarray(value, dtype=float)
    if value.shape != expected.shape:
        return False
    scale = float(np.abs(expected).max()) if expected.size else 0.0
    return bool(np.allclose(value, expected, rtol=rtol, atol=rtol * scale + 1e-12))


#: The seed of the draw a checker runs on when it is called with ``seeds=`` (None: unseeded).
_DRAW: ContextVar[np.random.SeedSequence | None] = ContextVar("_DRAW", default=None)


def fresh_rng() -> np.random.Generator:
    """A generator seeded anew on every call, for the checkers' random input: a hard-coded
    answer cannot pass what it has never seen. Inside a checker called with ``seeds=``, each
    call draws from the next child of that seed instead, so the draw is a held-out one that
    can be repeated."""
    draw = _DRAW.get()
    return np.random.default_rng() if draw is None else np.random.default_rng(draw.spawn(1)[0])

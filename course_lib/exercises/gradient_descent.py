"""Checkers for the exercises of chapter 1 (Gradient-based learning).

Each known mistake is recognised by computing what that mistake would return and comparing.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..autograd import Value
from ..descent import gradient_descent
from . import Mistake, call, checker, describe, fresh_rng, matches, plain, real_array, shape_of


def _iterates(value: Any, steps: int, shape: tuple[int, ...]) -> np.ndarray:
    """The learner's list of iterates as an array of shape (steps + 1, *shape)."""
    value = plain(value)
    if isinstance(value, (list, tuple)):
        items = list(value)
    elif isinstance(value, np.ndarray) and value.ndim > 0:
        items = list(value)
    elif shape_of(value) == ():
        raise Mistake("Return every iterate, from x0 to the last one, not only the final x: "
                      "collect them in a list.")
    else:
        raise Mistake(f"Return a list of iterates (numbers or arrays); got {describe(value)}.")
    iterates = [real_array(v, "each iterate") for v in items]
    if any(v.shape != shape for v in iterates):
        shapes = sorted({str(v.shape) for v in iterates})
        raise Mistake(f"Each iterate should have the shape of x0, {shape}; yours have shapes {', '.join(shapes)}. "
                      "Return a list with one entry per step.")
    path = np.array(iterates).reshape(len(iterates), *shape)
    if not np.isfinite(path).all():
        raise Mistake("Some iterates are inf or NaN. On these functions, with these learning rates, "
                      "gradient descent converges: check the sign and the size of your step.")
    if len(path) == steps:
        raise Mistake(f"You returned {steps} iterates for {steps} steps: start the list with x0 "
                      f"itself, so that it holds steps + 1 = {steps + 1} values.")
    if len(path) != steps + 1:
        raise Mistake(f"For steps={steps} the list should hold steps + 1 = {steps + 1} values "
                      f"(x0 and one per step); yours holds {len(path)}.")
    return path


def _reference(grad: Callable[[np.ndarray], np.ndarray], x0: np.ndarray, lr: float, steps: int,
               sign: float = -1.0) -> np.ndarray:
    path = [x0.astype(float)]
    for _ in range(steps):
        path.append(path[-1] + sign * lr * grad(path[-1]))
    return np.array(path)


@checker("The gradient-descent update", implemented_by=(gradient_descent,))
def check_descend(descend: Callable[..., Any]) -> str:
    rng = fresh_rng()
    curvature, centre = rng.uniform(0.5, 4.0, size=2), rng.normal(0, 2, size=2)
    cases = [
        (lambda x: x / 5, np.array(3.0), 1.0, 20),                       # f = x^2 / 10
        (lambda x: np.array([2.0, 8.0]) * x, np.array([3.0, -2.0]), 0.1, 15),  # f = x1^2 + 4 x2^2
        (lambda x: (x - 2.0) / 5, np.array(-3.0), 0.5, 12),             # f = (x - 2)^2 / 10
        (lambda x: curvature * (x - centre), rng.normal(0, 3, size=2), 0.2, int(rng.integers(5, 15))),  # new every call
    ]
    for grad, x0, lr, steps in cases:
        path = _iterates(call(descend, grad, x0.copy() if x0.ndim else float(x0), lr, steps), steps, x0.shape)
        expected = _reference(grad, x0, lr, steps)
        if matches(path, expected):
            continue
        if len(path) > 2 and matches(path, np.repeat(path[-1:], len(path), axis=0)):
            raise Mistake("Every entry of your list is the final x. The update changed one array in "
                          "place (x -= ...) and the list holds the same array many times: append a "
                          "copy, or write x = x - lr * grad(x).")
        if matches(path, _reference(grad, x0, lr, steps, sign=+1.0)):
            raise Mistake("x moves uphill: the update adds the gradient. Gradient *descent* subtracts "
                          "it: x_new = x - lr * grad(x).")
        if matches(path, _reference(grad, x0, 1.0, steps)):
            raise Mistake(f"The steps ignore the learning rate (this case uses lr={lr}): multiply "
                          "the gradient by lr.")
        if matches(path, _reference(grad, x0, 1.0 / lr, steps)):
            raise Mistake("You divided the gradient by the learning rate; multiply it: x - lr * grad(x).")
        raise Mistake(f"Starting at x0 = {x0.tolist()} with lr = {lr}, your iterates differ from "
                      f"x_(k+1) = x_k - lr * grad(x_k); the first step should give "
                      f"{np.round(expected[1], 4).tolist()}.")
    return "Your loop reproduces gradient descent on four functions, in one and two dimensions."


def _grad_reference(x: np.ndarray) -> np.ndarray:
    """Gradient of f(x1, x2) = (x1 - 1)^2 + 3 (x2 + 2)^2."""
    return np.array([2 * (x[0] - 1), 6 * (x[1] + 2)])


@checker("Partial derivatives", implemented_by=(Value.backward,))
def check_grad_f(grad_f: Callable[[np.ndarray], Any]) -> str:
    for x in [np.array([0.0, 0.0]), np.array([3.0, -1.0]), *fresh_rng().normal(0, 3, size=(4, 2))]:
        value = call(grad_f, x.copy())
        if shape_of(value) == ():
            raise Mistake("grad_f returned a single number. The gradient has one partial derivative "
                          "per variable: return np.array([df/dx1, df/dx2]).")
        g = real_array(value, "grad_f's result")
        if g.shape != (2,):
            raise Mistake(f"grad_f should return 2 numbers, one per variable; got shape {g.shape}.")
        x1, x2 = x
        expected = _grad_reference(x)
        if matches(g, expected):
            continue
        if matches(g, expected[::-1]):
            raise Mistake("The two partial derivatives are swapped: the first entry is df/dx1.")
        if matches(g, expected / 2):
            raise Mistake("Each entry is half the right value: the derivative of (x - a)^2 is 2(x - a).")
        if matches(g, [2 * (x1 - 1), 2 * (x2 + 2)]):
            raise Mistake("df/dx2 lacks the factor 3 in front of (x2 + 2)^2: it is 3 * 2 * (x2 + 2).")
        if matches(g, [2 * (x1 + 1), 6 * (x2 - 2)]):
            raise Mistake("The shifts have the wrong sign: (x1 - 1)^2 is smallest at x1 = 1, so its "
                          "derivative 2(x1 - 1) vanishes there.")
        if matches(g, [2 * x1, 6 * x2]):
            raise Mistake("The shifts are missing: differentiate (x1 - 1)^2, not x1^2.")
        raise Mistake(f"At x = {np.round(x, 3).tolist()} the gradient should be "
                      f"{np.round(expected, 6).tolist()}; yours is {np.round(g, 6).tolist()}. "
                      "Differentiate one variable at a time, holding the other fixed.")
    return "Both partial derivatives are right at six points."

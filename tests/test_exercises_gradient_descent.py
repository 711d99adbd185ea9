"""Chapter 1's checkers, known mistakes: each fails with its own message. (The reference
solution and the stub are tested for every chapter in test_exercise_contract.py.)"""

import numpy as np
import pytest

from course_lib.exercises.gradient_descent import check_descend, check_grad_f


def loop(update, keep=lambda x: np.array(x, dtype=float), start=True, extra=0):
    """A descend() variant built from a wrong update rule or a wrong bookkeeping."""
    def descend(grad, x0, lr, steps):
        x = np.array(x0, dtype=float)
        out = [keep(x)] if start else []
        for _ in range(steps + extra):
            x = update(x, grad, lr)
            out.append(keep(x))
        return out
    return descend


def in_place(grad, x0, lr, steps):
    x = np.array(x0, dtype=float)
    out = [x]
    for _ in range(steps):
        x -= lr * grad(x)
        out.append(x)
    return out


def mutates_x0(grad, x0, lr, steps):
    out = [np.array(x0, dtype=float)]
    for _ in range(steps):
        if isinstance(x0, np.ndarray):
            x0 -= lr * grad(x0)
        else:
            x0 = x0 - lr * grad(x0)
        out.append(np.array(x0, dtype=float))
    return out


DESCEND_MISTAKES = {
    "ascent": (loop(lambda x, g, lr: x + lr * g(x)), "moves uphill"),
    "ignores lr": (loop(lambda x, g, lr: x - g(x)), "ignore the learning rate"),
    "divides by lr": (loop(lambda x, g, lr: x - g(x) / lr), "divided the gradient"),
    "final only": (lambda g, x0, lr, steps: float(loop(lambda x, g, lr: x - lr * g(x))(g, x0, lr, steps)[-1]),
                   "not only the final x"),
    "no x0": (loop(lambda x, g, lr: x - lr * g(x), start=False), "start the list with x0"),
    "one step too many": (loop(lambda x, g, lr: x - lr * g(x), extra=1), "should hold steps + 1"),
    "appends the same array": (in_place, "the same array many times"),
    "changes x0": (mutates_x0, "changed its argument `x0` in place"),
    "something else": (loop(lambda x, g, lr: 0.5 * x), "differ from"),
    "raises": (lambda g, x0, lr, steps: g(None), "Your function raised"),
}


@pytest.mark.parametrize("variant", DESCEND_MISTAKES)
def test_descend_mistakes_get_specific_feedback(variant):
    function, expected = DESCEND_MISTAKES[variant]
    feedback = check_descend(function)
    assert not feedback.passed and expected in feedback.message, feedback.message


GRAD_MISTAKES = {
    "swapped": (lambda x: np.array([6 * (x[1] + 2), 2 * (x[0] - 1)]), "swapped"),
    "no factor 2": (lambda x: np.array([x[0] - 1, 3 * (x[1] + 2)]), "half the right value"),
    "no factor 3": (lambda x: np.array([2 * (x[0] - 1), 2 * (x[1] + 2)]), "lacks the factor 3"),
    "shift signs": (lambda x: np.array([2 * (x[0] + 1), 6 * (x[1] - 2)]), "wrong sign"),
    "no shifts": (lambda x: np.array([2 * x[0], 6 * x[1]]), "shifts are missing"),
    "function value": (lambda x: (x[0] - 1) ** 2 + 3 * (x[1] + 2) ** 2, "single number"),
    "three entries": (lambda x: np.zeros(3), "one per variable"),
    "something else": (lambda x: np.array([1.0, 1.0]), "should be"),
}


@pytest.mark.parametrize("variant", GRAD_MISTAKES)
def test_grad_mistakes_get_specific_feedback(variant):
    function, expected = GRAD_MISTAKES[variant]
    feedback = check_grad_f(function)
    assert not feedback.passed and expected in feedback.message, feedback.message

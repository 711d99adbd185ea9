"""Chapter 6's checkers, known mistakes: each fails with its own message. (The reference
solution and the stub are tested for every chapter in test_exercise_contract.py.)"""

import numpy as np
import pytest

from course_lib.exercises.activations import check_count_dead_units, check_softmax_ce_grad

DEAD_MISTAKES = {
    "rows": (lambda H: int(np.all(H == 0, axis=1).sum()), "counts examples"),
    "zero entries": (lambda H: int((H == 0).sum()), "counts zero entries"),
    "any": (lambda H: int(np.any(H == 0, axis=0).sum()), "np.all, not np.any"),
    "negative": (lambda H: int(np.all(H < 0, axis=0).sum()), "never negative"),
    "fraction": (lambda H: float(np.all(H == 0, axis=0).mean()), "fraction"),
    "flags": (lambda H: np.all(H == 0, axis=0), "not an array of flags"),
    "not a number": (lambda H: "three", "Return one number"),
    "something else": (lambda H: 5, "count those whose column"),
}


@pytest.mark.parametrize("variant", DEAD_MISTAKES)
def test_count_dead_units_mistakes_get_specific_feedback(variant):
    function, expected = DEAD_MISTAKES[variant]
    feedback = check_count_dead_units(function)
    assert not feedback.passed and expected in feedback.message, feedback.message


def softmax(z, axis=1):
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


SOFTMAX_MISTAKES = {
    "summed loss": (lambda z, Y: softmax(z) - Y, "summed loss"),
    "sign": (lambda z, Y: (Y - softmax(z)) / len(z), "sign is flipped"),
    "sigmoid": (lambda z, Y: (1 / (1 + np.exp(-z)) - Y) / len(z), "sigmoid per class"),
    "wrong axis": (lambda z, Y: (softmax(z, axis=0) - Y) / len(z), "axis=1"),
    "no labels": (lambda z, Y: softmax(z) / len(z), "leaves out the labels"),
    "overflows": (lambda z, Y: (softmax(z) - Y) / len(z), "overflow"),
    "shape": (lambda z, Y: (softmax(z) - Y).mean(axis=0), "should have shape"),
    "something else": (lambda z, Y: Y / len(z), "(softmax(logits) - Y) / batch_size"),
}


@pytest.mark.parametrize("variant", SOFTMAX_MISTAKES)
def test_softmax_ce_grad_mistakes_get_specific_feedback(variant):
    function, expected = SOFTMAX_MISTAKES[variant]
    with np.errstate(all="ignore"):
        feedback = check_softmax_ce_grad(function)
    assert not feedback.passed and expected in feedback.message, feedback.message

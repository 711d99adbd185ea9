"""Chapter 3's checkers, known mistakes: each fails with its own message. (The reference
solution and the stub are tested for every chapter in test_exercise_contract.py.)"""

import numpy as np
import pytest

from course_lib.exercises.backprop import check_linear_backward, check_tanh_backward

TANH_MISTAKES = {
    "local derivative only": (lambda t, u: 1 - t**2, "local derivative alone"),
    "passes upstream": (lambda t, u: u, "unchanged"),
    "sigmoid's derivative": (lambda t, u: u * t * (1 - t), "derivative of the sigmoid"),
    "no square": (lambda t, u: u * (1 - t), "square t"),
    "tanh again": (lambda t, u: u * (1 - np.tanh(t) ** 2), "already tanh's output"),
    "wrong shape": (lambda t, u: (u * (1 - t**2))[:3], "should have shape"),
    "something else": (lambda t, u: u * 2, "Check it at t = 0"),
}


@pytest.mark.parametrize("variant", TANH_MISTAKES)
def test_tanh_backward_mistakes_get_specific_feedback(variant):
    function, expected = TANH_MISTAKES[variant]
    feedback = check_tanh_backward(function)
    assert not feedback.passed and expected in feedback.message, feedback.message


LINEAR_MISTAKES = {
    "mean bias": (lambda X, W, dY: (dY @ W.T, X.T @ dY, dY.mean(axis=0)), "averages over the batch"),
    "mean weights": (lambda X, W, dY: (dY @ W.T, X.T @ dY / len(X), dY.sum(axis=0)), "divided by the batch size"),
    "dW transposed": (lambda X, W, dY: (dY @ W.T, dY.T @ X, dY.sum(axis=0)), "transposed"),
    "wrong order": (lambda X, W, dY: (X.T @ dY, dY @ W.T, dY.sum(axis=0)), "order is (dX, dW, db)"),
    "two arrays": (lambda X, W, dY: (dY @ W.T, X.T @ dY), "Return 3 values, in this order: `return dX, dW, db`"),
    "dX wrong": (lambda X, W, dY: (np.zeros_like(X), X.T @ dY, dY.sum(axis=0)), "dY @ W.T"),
    "db wrong": (lambda X, W, dY: (dY @ W.T, X.T @ dY, dY[0]), "collects every example"),
}


@pytest.mark.parametrize("variant", LINEAR_MISTAKES)
def test_linear_backward_mistakes_get_specific_feedback(variant):
    function, expected = LINEAR_MISTAKES[variant]
    feedback = check_linear_backward(function)
    assert not feedback.passed and expected in feedback.message, feedback.message

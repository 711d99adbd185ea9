"""Chapter 2's checkers, known mistakes: each fails with its own message. (The reference
solution and the stub are tested for every chapter in test_exercise_contract.py.)"""

import numpy as np
import pytest

from course_lib.exercises.learning_rate import check_cosine_schedule, check_largest_stable_lr


LR_MISTAKES = {
    "smallest eigenvalue": (lambda H: 2 / np.linalg.eigvalsh(H)[0], "smallest eigenvalue"),
    "one over": (lambda H: 1 / np.linalg.eigvalsh(H)[-1], "one step"),
    "eigenvalue itself": (lambda H: np.linalg.eigvalsh(H)[-1], "largest eigenvalue itself"),
    "diagonal": (lambda H: 2 / np.max(np.diag(H)), "largest diagonal entry"),
    "trace": (lambda H: 2 / np.trace(H), "trace"),
    "an array": (lambda H: 2 / np.linalg.eigvalsh(H), "one number"),
    "something else": (lambda H: 0.01, "Find the eigenvalues"),
}


@pytest.mark.parametrize("variant", LR_MISTAKES)
def test_stable_lr_mistakes_get_specific_feedback(variant):
    function, expected = LR_MISTAKES[variant]
    feedback = check_largest_stable_lr(function)
    assert not feedback.passed and expected in feedback.message, feedback.message


COSINE_MISTAKES = {
    "shifted": (lambda lr, n: lr * (1 + np.cos(np.pi * np.arange(1, n + 1) / n)) / 2, "shifted by one step"),
    "no half": (lambda lr, n: lr * (1 + np.cos(np.pi * np.arange(n) / n)), "twice lr"),
    "steps - 1": (lambda lr, n: lr * (1 + np.cos(np.pi * np.arange(n) / (n - 1))) / 2, "steps - 1"),
    "negative": (lambda lr, n: lr * np.cos(np.pi * np.arange(n) / n), "go negative"),
    "quarter": (lambda lr, n: lr * (1 + np.cos(np.pi * np.arange(n) / n / 2)) / 2, "quarter"),
    "one too many": (lambda lr, n: lr * (1 + np.cos(np.pi * np.arange(n + 1) / n)) / 2, "np.arange(steps)"),
    "scalar": (lambda lr, n: lr, "not a single number"),
    "something else": (lambda lr, n: np.full(n, lr), "first three rates"),
}


@pytest.mark.parametrize("variant", COSINE_MISTAKES)
def test_cosine_mistakes_get_specific_feedback(variant):
    function, expected = COSINE_MISTAKES[variant]
    feedback = check_cosine_schedule(function)
    assert not feedback.passed and expected in feedback.message, feedback.message

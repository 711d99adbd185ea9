"""Chapter 4's checkers, known mistakes: each fails with its own message. (The reference
solution and the stub are tested for every chapter in test_exercise_contract.py.)"""

import numpy as np
import pytest

from course_lib.exercises.feature_scaling import check_inverse_standardize, check_standardize


def col_stats(X, **kw):
    return X.mean(axis=0), X.std(axis=0, **kw)


STANDARDIZE_MISTAKES = {
    "global statistics": (lambda A, B: ((A - A.mean()) / A.std(), (B - A.mean()) / A.std()), "one mean and std over the whole array"),
    "per row": (lambda A, B: ((A - A.mean(1, keepdims=True)) / A.std(1, keepdims=True), B), "averaged over each row"),
    "sample std": (lambda A, B: ((A - A.mean(0)) / A.std(0, ddof=1), (B - A.mean(0)) / A.std(0, ddof=1)), "ddof=1"),
    "not scaled": (lambda A, B: (A - A.mean(0), B - A.mean(0)), "centred but not scaled"),
    "not centred": (lambda A, B: (A / A.std(0), B / A.std(0)), "not centred"),
    "refit on new": (lambda A, B: ((A - A.mean(0)) / A.std(0), (B - B.mean(0)) / B.std(0)), "with its own mean and std"),
    "in place": (lambda A, B: (A.__isub__(A.mean(0)) / A.std(0), B), "changed its argument `A` in place"),
    "one array": (lambda A, B: (A - A.mean(0)) / A.std(0), "`return Z_train, Z_new`"),
    "wrong shape": (lambda A, B: (((A - A.mean(0)) / A.std(0)).T, B), "should have shape"),
    "raises": (lambda A, B: A @ B, "Your function raised ValueError"),
}


@pytest.mark.parametrize("variant", STANDARDIZE_MISTAKES)
def test_standardize_mistakes_get_specific_feedback(variant):
    function, expected = STANDARDIZE_MISTAKES[variant]
    feedback = check_standardize(function)
    assert not feedback.passed and expected in feedback.message, feedback.message


INVERSE_MISTAKES = {
    "standardized again": (lambda Z, m, s: (Z - m) / s, "standardized Z a second time"),
    "forgot the mean": (lambda Z, m, s: Z * s, "forgot to add the mean"),
    "forgot the std": (lambda Z, m, s: Z + m, "forgot to multiply"),
    "wrong order": (lambda Z, m, s: (Z + m) * s, "order is reversed"),
    "divided": (lambda Z, m, s: Z / s + m, "swapped"),
    "something else": (lambda Z, m, s: Z * 2, "does not give X back"),
}


@pytest.mark.parametrize("variant", INVERSE_MISTAKES)
def test_inverse_mistakes_get_specific_feedback(variant):
    function, expected = INVERSE_MISTAKES[variant]
    feedback = check_inverse_standardize(function)
    assert not feedback.passed and expected in feedback.message, feedback.message


def test_passing_the_result_instead_of_the_function_is_explained():
    feedback = check_standardize(np.ones(3))
    assert not feedback.passed and "Pass your function itself" in feedback.message


def test_feedback_renders_as_text_and_html():
    feedback = check_inverse_standardize(lambda Z, m, s: Z * s + m)
    assert bool(feedback) and str(feedback).startswith("✔ Passed: Back to the original units.")
    assert "course-feedback" in feedback._repr_html_()

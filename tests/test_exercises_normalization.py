"""Chapter 5's checkers, known mistakes: each fails with its own message. (The reference
solution and the stub are tested for every chapter in test_exercise_contract.py.)"""

import numpy as np
import pytest

from course_lib.exercises.normalization import check_fit_standardizer, check_update_running


def lazy(X_train):
    return lambda X: (X - X_train.mean(axis=0)) / X_train.std(axis=0)  # reads X_train at call time


def in_place(X_train):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)

    def transform(X):
        X -= mean
        X /= std
        return X
    return transform


def fitted(statistic):
    """A standardizer whose transform uses ``statistic(X_train, X)`` -> (mean, scale)."""
    def fit(X_train):
        X_train = X_train.copy()
        return lambda X: (X - statistic(X_train, X)[0]) / statistic(X_train, X)[1]
    return fit


STANDARDIZER_MISTAKES = {
    "refits on its input": (fitted(lambda T, X: (X.mean(axis=0), X.std(axis=0))), "refits"),
    "reads X_train late": (lazy, "reads X_train when it is called"),
    "sample std": (fitted(lambda T, X: (T.mean(axis=0), T.std(axis=0, ddof=1))), "ddof=1"),
    "whole-array statistics": (fitted(lambda T, X: (T.mean(), T.std())), "mixes the columns"),
    "centres only": (fitted(lambda T, X: (T.mean(axis=0), 1.0)), "only centres"),
    "divides by the variance": (fitted(lambda T, X: (T.mean(axis=0), T.var(axis=0))), "variance"),
    "in place": (in_place, "in place"),
    "returns an array": (lambda X_train: X_train - X_train.mean(axis=0), "should return a function"),
    "something else": (fitted(lambda T, X: (T.mean(axis=0), 2 * T.std(axis=0))), "(X - mean) / std"),
}


@pytest.mark.parametrize("variant", STANDARDIZER_MISTAKES)
def test_fit_standardizer_mistakes_get_specific_feedback(variant):
    function, expected = STANDARDIZER_MISTAKES[variant]
    feedback = check_fit_standardizer(function)
    assert not feedback.passed and expected in feedback.message, feedback.message


def mix(old, new, m):
    return (1 - m) * old + m * new


RUNNING_MISTAKES = {
    "Keras convention": (lambda rm, rv, z, m=0.1: (m * rm + (1 - m) * z.mean(0), m * rv + (1 - m) * z.var(0, ddof=1)),
                         "Keras's convention"),
    "ignores momentum": (lambda rm, rv, z, m=0.1: (mix(rm, z.mean(0), 0.1), mix(rv, z.var(0, ddof=1), 0.1)),
                         "use the momentum argument"),
    "replaces": (lambda rm, rv, z, m=0.1: (z.mean(0), z.var(0, ddof=1)), "replaces the running mean"),
    "wrong axis": (lambda rm, rv, z, m=0.1: (mix(rm, z.mean(), m), rv), "axis=0"),
    "biased variance": (lambda rm, rv, z, m=0.1: (mix(rm, z.mean(0), m), mix(rv, z.var(0), m)), "unbiased"),
    "Keras for the variance": (lambda rm, rv, z, m=0.1: (mix(rm, z.mean(0), m), m * rv + (1 - m) * z.var(0, ddof=1)),
                               "variance uses Keras"),
    "std for variance": (lambda rm, rv, z, m=0.1: (mix(rm, z.mean(0), m), mix(rv, z.std(0, ddof=1), m)),
                         "standard deviation"),
    "variance not updated": (lambda rm, rv, z, m=0.1: (mix(rm, z.mean(0), m), rv), "running_var should become"),
    "one value": (lambda rm, rv, z, m=0.1: mix(rm, z.mean(0), m), "`return running_mean, running_var`"),
}


@pytest.mark.parametrize("variant", RUNNING_MISTAKES)
def test_update_running_mistakes_get_specific_feedback(variant):
    function, expected = RUNNING_MISTAKES[variant]
    feedback = check_update_running(function)
    assert not feedback.passed and expected in feedback.message, feedback.message


def test_update_running_that_modifies_in_place_like_torch_still_passes():
    def in_place(rm, rv, z, m=0.1):
        rm *= 1 - m
        rm += m * z.mean(0)
        rv *= 1 - m
        rv += m * z.var(0, ddof=1)
        return rm, rv
    assert check_update_running(in_place).passed

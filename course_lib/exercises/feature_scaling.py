"""Checkers for the exercises of chapter 4 (Feature scaling).

Each known mistake is recognised by computing what that mistake would return and comparing,
so the feedback names the mistake rather than only saying "wrong".
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..normalization import BatchNorm1d
from ..scalers import StandardScaler
from . import Mistake, call, checker, expect_array, expect_values, fresh_rng, matches


def _exercise_data(rng: np.random.Generator | None = None) -> tuple[np.ndarray, np.ndarray]:
    """A training set and a new set whose statistics differ clearly, so that using the
    wrong statistics cannot go unnoticed; the features have very different scales. Fixed by
    default, drawn anew from ``rng`` otherwise."""
    rng = np.random.default_rng(4) if rng is None else rng
    X_train = rng.normal([5.0, -200.0, 0.01], [2.0, 50.0, 0.003], size=(12, 3))
    X_new = rng.normal([9.0, -120.0, 0.02], [1.0, 20.0, 0.001], size=(5, 3))
    return X_train, X_new


@checker("Standardize with training statistics",
         implemented_by=(StandardScaler._learn, StandardScaler._forward, BatchNorm1d.__call__))
def check_standardize(standardize: Callable[[np.ndarray, np.ndarray], Any]) -> str:
    for X_train, X_new in (_exercise_data(), _exercise_data(fresh_rng())):
        Z_train, Z_new = expect_values(call(standardize, X_train, X_new), ("Z_train", "Z_new"))
        _judge_standardize(Z_train, Z_new, X_train, X_new)
    return "Both sets use the training mean and the population standard deviation of each feature."


def _judge_standardize(Z_train: Any, Z_new: Any, X_train: np.ndarray, X_new: np.ndarray) -> None:
    Z_train = expect_array(Z_train, "Z_train", X_train.shape)
    Z_new = expect_array(Z_new, "Z_new", X_new.shape)

    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    if matches(Z_train, (X_train - X_train.mean()) / X_train.std()):
        raise Mistake("Z_train was scaled with one mean and std over the whole array. Each feature "
                      "(column) needs its own: use axis=0.")
    if matches(Z_train, (X_train - X_train.mean(axis=1, keepdims=True)) / X_train.std(axis=1, keepdims=True)):
        raise Mistake("You averaged over each row (each sample). Statistics are per feature, "
                      "over the samples: use axis=0.")
    if matches(Z_train, (X_train - mean) / X_train.std(axis=0, ddof=1)):
        raise Mistake("You used the sample standard deviation (ddof=1). This course, like "
                      "scikit-learn's StandardScaler, uses the population one: np.std's default ddof=0.")
    if matches(Z_train, X_train - mean):
        raise Mistake("Z_train is centred but not scaled: divide by the training standard deviation too.")
    if matches(Z_train, X_train / std):
        raise Mistake("Z_train is divided by the standard deviation but not centred: subtract the training mean first.")
    if not matches(Z_train, (X_train - mean) / std):
        raise Mistake("Z_train is not (X_train - mean) / std with the training mean and standard "
                      "deviation of each column. Check the formula on one column by hand.")
    if matches(Z_new, (X_new - X_new.mean(axis=0)) / X_new.std(axis=0)):
        raise Mistake("Z_new was standardized with its own mean and std. New data must reuse the "
                      "training statistics: the model learned in those units.")
    if not matches(Z_new, (X_new - mean) / std):
        raise Mistake("Z_train is right but Z_new is not: apply the same training mean and std to X_new.")


@checker("Back to the original units", implemented_by=(StandardScaler._backward,))
def check_inverse_standardize(inverse_standardize: Callable[[np.ndarray, np.ndarray, np.ndarray], Any]) -> str:
    for X_train, _ in (_exercise_data(), _exercise_data(fresh_rng())):
        mean, std = X_train.mean(axis=0), X_train.std(axis=0)
        Z = (X_train - mean) / std
        X_back = expect_array(call(inverse_standardize, Z, mean, std), "the result", Z.shape)
        _judge_inverse(X_back, X_train, Z, mean, std)
    return "Standardizing and then inverting returns the original data."


def _judge_inverse(X_back: np.ndarray, X_train: np.ndarray, Z: np.ndarray, mean: np.ndarray, std: np.ndarray) -> None:
    if matches(X_back, (Z - mean) / std):
        raise Mistake("You standardized Z a second time. The inverse undoes the steps in reverse "
                      "order: first multiply by std, then add the mean.")
    if matches(X_back, Z * std):
        raise Mistake("You scaled back but forgot to add the mean.")
    if matches(X_back, Z + mean):
        raise Mistake("You added the mean but forgot to multiply by the standard deviation.")
    if matches(X_back, (Z + mean) * std):
        raise Mistake("The order is reversed: multiply by std first, then add the mean "
                      "((Z + mean) * std adds the mean in the wrong units).")
    if matches(X_back, Z / std + mean):
        raise Mistake("Divide and multiply are swapped: standardizing divides by std, so the "
                      "inverse multiplies.")
    if not matches(X_back, X_train):
        raise Mistake("inverse_standardize(standardized X) does not give X back. Check it on one value by hand.")

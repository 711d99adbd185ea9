"""Checkers for the exercises of chapter 5 (Normalization).

Each known mistake is recognised by computing what that mistake would return and comparing.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..normalization import BatchNorm1d
from ..scalers import StandardScaler
from . import Mistake, call, checker, describe, expect_array, expect_values, fresh_rng, matches


def _standardizer_case(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Training and test data with columns of very different centres and spreads, and a test
    set drawn from a shifted distribution, so that its own statistics differ from training's."""
    X_train = rng.normal([5.0, -20.0, 0.3], [2.0, 10.0, 0.05], size=(12, 3))
    X_test = rng.normal([7.0, -10.0, 0.4], [1.0, 3.0, 0.02], size=(5, 3))
    return X_train, X_test


@checker("A standardizer that cannot be refitted",
         implemented_by=(StandardScaler._learn, StandardScaler._forward, BatchNorm1d.__call__))
def check_fit_standardizer(fit_standardizer: Callable[[np.ndarray], Any]) -> str:
    for rng in (np.random.default_rng(11), fresh_rng()):
        X_train, X_test = _standardizer_case(rng)
        train_copy, test_copy = X_train.copy(), X_test.copy()
        transform = call(fit_standardizer, train_copy)
        if not callable(transform):
            raise Mistake("fit_standardizer should return a function, `transform`, not "
                          f"{describe(transform)}: define `def transform(X): ...` inside it and return it.")
        train_copy += 100.0  # the learner's array changes after fitting; the statistics must not
        got = expect_array(call(transform, test_copy), "transform(X_test)", X_test.shape)
        if not matches(got, (X_test - X_train.mean(axis=0)) / X_train.std(axis=0)):
            _standardizer_mistake(got, X_train, X_test, train_copy)
    return "The training statistics are computed once, kept, and applied to any later data."


def _standardizer_mistake(got: np.ndarray, X_train: np.ndarray, X_test: np.ndarray, train_copy: np.ndarray) -> None:
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    if matches(got, (X_test - X_test.mean(axis=0)) / X_test.std(axis=0)):
        raise Mistake("transform refits: it standardizes X_test with X_test's own mean and std. Compute the "
                      "statistics once, in fit_standardizer, and only use them inside transform.")
    if matches(got, (X_test - train_copy.mean(axis=0)) / train_copy.std(axis=0)) or \
            matches(got, (X_test - train_copy.mean(axis=0)) / std):
        raise Mistake("transform reads X_train when it is called, so a later change to X_train changes it. "
                      "Compute mean and std inside fit_standardizer, before returning transform.")
    if matches(got, (X_test - mean) / X_train.std(axis=0, ddof=1)):
        raise Mistake("That divides by the sample standard deviation (ddof=1). Use the population one, "
                      "X_train.std(axis=0), as scikit-learn does.")
    if matches(got, (X_test - X_train.mean()) / X_train.std()):
        raise Mistake("One mean and one std for the whole array mixes the columns' units. Use axis=0: "
                      "one mean and one std per column (feature).")
    if matches(got, X_test - mean):
        raise Mistake("That only centres the data. Divide by the training standard deviation too.")
    if matches(got, (X_test - mean) / X_train.var(axis=0)):
        raise Mistake("That divides by the variance; divide by the standard deviation, its square root.")
    raise Mistake("transform(X) should return (X - mean) / std, with mean = X_train.mean(axis=0) and "
                  "std = X_train.std(axis=0) computed when fitting.")


@checker("Running statistics, as PyTorch keeps them", implemented_by=(BatchNorm1d.__call__,))
def check_update_running(update_running: Callable[..., Any]) -> str:
    for rng, momentum in ((np.random.default_rng(12), 0.2), (fresh_rng(), 0.35)):  # not 0.1, the default
        running_mean, running_var = rng.normal(size=4), rng.uniform(0.5, 2.0, size=4)
        z = rng.normal([3.0, -1.0, 0.0, 10.0], [1.0, 2.0, 0.5, 4.0], size=(6, 4))
        # torch updates its running statistics in place: doing the same and returning them is fine
        result = expect_values(call(update_running, running_mean.copy(), running_var.copy(), z.copy(), momentum,
                                    may_change=(0, 1)), ("running_mean", "running_var"))
        _judge_running(result, running_mean, running_var, z, momentum)
    return "Both running statistics follow PyTorch: momentum weights the batch, and the variance is unbiased."


def _judge_running(result: tuple[Any, ...], running_mean: np.ndarray, running_var: np.ndarray, z: np.ndarray,
                   momentum: float) -> None:
    new_mean = expect_array(result[0], "the new running mean", running_mean.shape)
    new_var = expect_array(result[1], "the new running variance", running_var.shape)
    mix = lambda old, batch, m=momentum: (1 - m) * old + m * batch
    mean_ok = matches(new_mean, mix(running_mean, z.mean(axis=0)))
    if not mean_ok:
        if matches(new_mean, momentum * running_mean + (1 - momentum) * z.mean(axis=0)):
            raise Mistake("That is Keras's convention (momentum weights the old value). In PyTorch momentum "
                          "weights the new batch: (1 - momentum) * running + momentum * batch.")
        if matches(new_mean, mix(running_mean, z.mean(axis=0), 0.1)):
            raise Mistake("The result matches momentum = 0.1: use the momentum argument, not a fixed value.")
        if matches(new_mean, z.mean(axis=0)):
            raise Mistake("That replaces the running mean by the batch mean. Keep a moving average: "
                          "(1 - momentum) * running_mean + momentum * batch_mean.")
        if new_mean.shape == running_mean.shape and np.allclose(new_mean, mix(running_mean, z.mean())):
            raise Mistake("Average over the batch only (axis=0): one mean per feature.")
        raise Mistake("running_mean should become (1 - momentum) * running_mean + momentum * z.mean(axis=0).")
    if matches(new_var, mix(running_var, z.var(axis=0))):
        raise Mistake("The mean is right. For the variance PyTorch stores the unbiased batch variance, "
                      "z.var(axis=0, ddof=1), although it normalizes with the biased one.")
    if matches(new_var, momentum * running_var + (1 - momentum) * z.var(axis=0, ddof=1)):
        raise Mistake("The mean is right, but the variance uses Keras's convention: momentum weights the new "
                      "batch in PyTorch.")
    if matches(new_var, mix(running_var, z.std(axis=0, ddof=1))):
        raise Mistake("The mean is right, but the variance is averaged with a standard deviation. Use "
                      "z.var(axis=0, ddof=1).")
    if not matches(new_var, mix(running_var, z.var(axis=0, ddof=1))):
        raise Mistake("The mean is right. running_var should become (1 - momentum) * running_var + "
                      "momentum * z.var(axis=0, ddof=1).")

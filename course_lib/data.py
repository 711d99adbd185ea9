"""Data sets: synthetic ones generated offline and reproducibly from a seed, and scikit-learn's
bundled digits, split and standardized.

Each generator takes a ``seed`` of its own, separate from the seeds of the weights: the
data and the initial weights are different random draws and must not share a key.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from .validation import (as_float_array, as_real, check_bool, check_nonnegative_float, check_positive_float,
                         check_positive_int, to_numpy)


def sqrt_curve(x: np.ndarray, amplitude: float = 0.15) -> np.ndarray:
    """The target function of chapter 4: ``amplitude * sqrt(x)`` for x >= 0."""
    x = as_float_array(x, "x")
    amplitude = check_positive_float(amplitude, "amplitude")
    if (x < 0).any():
        raise ValueError(f"x must be >= 0 for a square root; its minimum is {x.min():.3g}.")
    return amplitude * np.sqrt(x)


def make_sqrt_regression(
    n: int, *, seed: int, low: float = 0.0, high: float = 1.0, amplitude: float = 0.15
) -> tuple[np.ndarray, np.ndarray]:
    """Chapter 4's regression data: ``n`` inputs drawn uniformly from [low, high] and the
    noiseless targets ``amplitude * sqrt(x)``. Both are returned with shape (n, 1)."""
    n = check_positive_int(n, "n")
    low, high = as_real(low, "low"), as_real(high, "high")
    if not 0 <= low < high:
        raise ValueError(f"need 0 <= low < high; got low={low}, high={high}.")
    rng = np.random.default_rng(check_positive_int(seed, "seed", minimum=0))
    x = rng.uniform(low, high, size=(n, 1))
    return x, sqrt_curve(x, amplitude)


def make_two_unit_regression(
    n: int, *, seed: int, unit_ratio: float = 1000.0, noise: float = 0.05
) -> tuple[np.ndarray, np.ndarray]:
    """Two independent sensor readings of similar physical size, the first in volts and the
    second in millivolts (so its numbers are ``unit_ratio`` times larger), and a target
    that depends on both equally. Returns X with shape (n, 2) and y with shape (n,).

    Used in chapter 4 to show that the choice of units alone sets the conditioning of
    the loss surface.
    """
    n = check_positive_int(n, "n", minimum=2)
    unit_ratio = check_positive_float(unit_ratio, "unit_ratio")
    noise = check_nonnegative_float(noise, "noise")
    rng = np.random.default_rng(check_positive_int(seed, "seed", minimum=0))
    volts = rng.normal(loc=[1.0, 1.5], scale=[0.3, 0.4], size=(n, 2))
    y = 2.0 * volts[:, 0] - 1.0 * volts[:, 1] + 0.5 + noise * rng.standard_normal(n)
    X = volts * np.array([1.0, unit_ratio])
    return X, y


class Split(NamedTuple):
    """Inputs and integer labels of a train/test split."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def digits(*, test_size: float = 0.3, seed: int = 0, standardize: bool = True) -> Split:
    """scikit-learn's bundled 8×8 handwritten digits (1797 images, no download), split with
    stratification and standardized per pixel with the *training* statistics (chapter 5).
    Pixels that are constant in the training set (always blank) stay at 0. With
    ``standardize=False`` the pixels are only divided by 16, into [0, 1], so that the blank
    background is 0 (chapter 9 shifts and mixes images in those units)."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    test_size = check_positive_float(test_size, "test_size")
    standardize = check_bool(standardize, "standardize")
    if not test_size < 1:
        raise ValueError(f"test_size is the test fraction, between 0 and 1; got {test_size}.")
    data = load_digits()
    x_train, x_test, y_train, y_test = train_test_split(
        data.data, data.target, test_size=test_size, stratify=data.target,
        random_state=check_positive_int(seed, "seed", minimum=0, maximum=2**32 - 1))  # scikit-learn's range
    if not standardize:
        return Split(x_train / 16.0, y_train, x_test / 16.0, y_test)
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    std[std == 0] = 1.0
    return Split((x_train - mean) / std, y_train, (x_test - mean) / std, y_test)


def one_hot(labels: Any, classes: int) -> np.ndarray:
    """Integer labels as one-hot rows, shape (n, classes)."""
    labels = np.asarray(to_numpy(labels))
    classes = check_positive_int(classes, "classes")
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be a 1-D array of integers; got dtype {labels.dtype}, shape {labels.shape}.")
    if labels.size and (labels.min() < 0 or labels.max() >= classes):
        raise ValueError(f"labels must lie in 0..{classes - 1}; got values from {labels.min()} to {labels.max()}.")
    return np.eye(classes)[labels]

"""Min-max, standard and robust scaling and PCA whitening in NumPy, taught in chapter 4
(Feature scaling).

The scalers follow scikit-learn's interface and agree with it (the unit tests use
scikit-learn as the oracle), with two deliberate differences that protect a learner:
a constant feature is an error rather than being silently left unscaled, and every
misuse (transform before fit, a wrong number of features) gets a message that says
what to do.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .validation import as_float_array


class NotFittedError(ValueError):
    """A scaler was used before :meth:`fit` learned its statistics."""


class _Scaler:
    """Shared machinery: validation, fit_transform and the fitted-state checks."""

    def _forward(self, X: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _backward(self, Z: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _learn(self, X: np.ndarray) -> None:
        raise NotImplementedError

    def _require_fitted(self, method: str) -> None:
        if not hasattr(self, "n_features_in_"):
            name = type(self).__name__
            raise NotFittedError(
                f"This {name} is not fitted yet, so {method} has no statistics to use. "
                f"Call {name}().fit(X_train) first, then reuse it on new data."
            )

    def _check(self, X: Any, name: str, method: str) -> np.ndarray:
        self._require_fitted(method)
        array = as_float_array(X, name, ndim=2)
        if array.shape[1] != self.n_features_in_:
            raise ValueError(
                f"{name} has {array.shape[1]} feature(s) but this {type(self).__name__} was "
                f"fitted on {self.n_features_in_}; use the same columns as in fit."
            )
        return array

    def fit(self, X: Any) -> "_Scaler":
        """Learn the statistics of each column of ``X`` (n_samples, n_features)."""
        X = as_float_array(X, "X", ndim=2)
        if X.shape[0] < 2:
            raise ValueError(
                f"X has a single sample (shape {X.shape}); a scaler learns each feature's spread "
                "from the training set, which needs at least two samples. To scale one new "
                "example, transform it with a scaler fitted on the training data."
            )
        self._learn(X)
        self.n_features_in_ = X.shape[1]
        return self

    def transform(self, X: Any) -> np.ndarray:
        """Scale ``X`` with the statistics learned in :meth:`fit`."""
        return self._forward(self._check(X, "X", "transform"))

    def inverse_transform(self, Z: Any) -> np.ndarray:
        """Map scaled values back to the original units."""
        return self._backward(self._check(Z, "Z", "inverse_transform"))

    def mse_in_original_units(self, mse: Any) -> np.ndarray:
        """Convert a mean squared error measured in scaled units (a loss curve, say) into
        the original units of a single-feature target.

        Scaling is affine, so every error is multiplied by the same slope and every
        squared error by its square: losses on different scales differ by that factor
        alone, and only after this conversion can they be compared.
        """
        self._require_fitted("mse_in_original_units")
        if self.n_features_in_ != 1:
            raise ValueError(
                f"mse_in_original_units needs a scaler fitted on one target column; this one "
                f"has {self.n_features_in_}."
            )
        slope = float(self._backward(np.ones((1, 1)))[0, 0] - self._backward(np.zeros((1, 1)))[0, 0])
        mse = as_float_array(mse, "mse", finite=False)  # a diverged run's loss is inf or NaN
        if (mse < 0).any():
            raise ValueError("mse must be >= 0: it is a mean of squares.")
        return mse * slope**2

    def fit_transform(self, X: Any) -> np.ndarray:
        """Fit on ``X`` and return it scaled: only ever call this on training data."""
        return self.fit(X).transform(X)


def _reject_constant(spread: np.ndarray, what: str) -> None:
    constant = np.flatnonzero(spread == 0)
    if constant.size:
        columns = ", ".join(str(int(c)) for c in constant)
        raise ValueError(
            f"X has a constant feature (column {columns}): its {what} is 0, so scaling it "
            "would divide by zero. A constant column carries no information: drop it."
        )


class MinMaxScaler(_Scaler):
    """Map each feature linearly so that its training minimum and maximum become
    ``feature_range`` (default [0, 1]). New data can fall outside that range."""

    def __init__(self, feature_range: tuple[float, float] = (0.0, 1.0)) -> None:
        try:
            low, high = (float(v) for v in feature_range)
        except (TypeError, ValueError):
            raise TypeError(
                f"feature_range must be a pair of numbers (low, high); got {feature_range!r}."
            ) from None
        if not low < high:
            raise ValueError(f"feature_range must have low < high; got {feature_range!r}.")
        self.feature_range = (low, high)

    def _learn(self, X: np.ndarray) -> None:
        data_min, data_max = X.min(axis=0), X.max(axis=0)
        _reject_constant(data_max - data_min, "range (max - min)")
        self.data_min_, self.data_max_ = data_min, data_max
        low, high = self.feature_range
        self.scale_ = (high - low) / (data_max - data_min)
        self.min_ = low - data_min * self.scale_

    def _forward(self, X: np.ndarray) -> np.ndarray:
        return X * self.scale_ + self.min_

    def _backward(self, Z: np.ndarray) -> np.ndarray:
        return (Z - self.min_) / self.scale_


class StandardScaler(_Scaler):
    """Subtract each feature's training mean and divide by its training standard
    deviation. Like scikit-learn, the standard deviation is the population one (ddof=0)."""

    def _learn(self, X: np.ndarray) -> None:
        std = X.std(axis=0)
        _reject_constant(std, "standard deviation")
        self.mean_, self.scale_ = X.mean(axis=0), std
        self.var_ = std**2

    def _forward(self, X: np.ndarray) -> np.ndarray:
        return (X - self.mean_) / self.scale_

    def _backward(self, Z: np.ndarray) -> np.ndarray:
        return Z * self.scale_ + self.mean_


class RobustScaler(_Scaler):
    """Subtract each feature's training median and divide by its interquartile range (the
    75th minus the 25th percentile), as scikit-learn's RobustScaler does by default. A few
    extreme values move the mean and the standard deviation far, the median and the quartiles
    hardly at all."""

    def _learn(self, X: np.ndarray) -> None:
        q25, median, q75 = np.percentile(X, [25, 50, 75], axis=0)
        _reject_constant(q75 - q25, "interquartile range")
        self.center_, self.scale_ = median, q75 - q25

    def _forward(self, X: np.ndarray) -> np.ndarray:
        return (X - self.center_) / self.scale_

    def _backward(self, Z: np.ndarray) -> np.ndarray:
        return Z * self.scale_ + self.center_


class Whitener(_Scaler):
    """PCA whitening: subtract the training mean, rotate onto the principal axes of the
    training covariance (population, ddof=0, as :class:`StandardScaler`) and divide each axis
    by its standard deviation, so that the training features become uncorrelated with unit
    variance. Standardizing rescales each feature; whitening also removes their correlations,
    which standardizing cannot (chapter 4). scikit-learn's ``PCA(whiten=True)`` computes the
    same map up to the signs of the axes and its ddof=1 variance."""

    def _learn(self, X: np.ndarray) -> None:
        self.mean_ = X.mean(axis=0)
        variances, axes = np.linalg.eigh(np.cov(X, rowvar=False, ddof=0).reshape(X.shape[1], X.shape[1]))
        if variances[0] <= 1e-12 * max(variances[-1], 1e-300):
            raise ValueError("X's features are linearly dependent (a principal axis has no variance), so "
                             "whitening would divide by zero: drop the redundant feature first.")
        order = np.argsort(variances)[::-1]  # largest variance first, as PCA lists them
        self.explained_variance_, self.components_ = variances[order], axes[:, order].T
        self.whitening_ = self.components_.T / np.sqrt(self.explained_variance_)

    def _forward(self, X: np.ndarray) -> np.ndarray:
        return (X - self.mean_) @ self.whitening_

    def _backward(self, Z: np.ndarray) -> np.ndarray:
        return (Z * np.sqrt(self.explained_variance_)) @ self.components_ + self.mean_


class Identity(_Scaler):
    """No scaling, with the same interface: the "raw" case of an experiment that compares
    scalings can then be written like the others."""

    def _learn(self, X: np.ndarray) -> None:
        pass

    def _forward(self, X: np.ndarray) -> np.ndarray:
        return X.copy()

    def _backward(self, Z: np.ndarray) -> np.ndarray:
        return Z.copy()

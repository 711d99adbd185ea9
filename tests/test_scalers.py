"""The scalers agree with scikit-learn (the oracle) and refuse bad input clearly."""

import numpy as np
import pytest
from sklearn import preprocessing

from course_lib.scalers import Identity, MinMaxScaler, NotFittedError, StandardScaler

PAIRS = [(MinMaxScaler, preprocessing.MinMaxScaler), (StandardScaler, preprocessing.StandardScaler)]


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    return rng.normal([3.0, -50.0, 1e-3], [1.0, 20.0, 1e-4], size=(40, 3)), rng.normal(size=(7, 3))


@pytest.mark.parametrize("ours, theirs", PAIRS)
def test_transform_and_inverse_match_scikit_learn(ours, theirs, data):
    X, X_new = data
    a, b = ours().fit(X), theirs().fit(X)
    # Same formulas in float64; only the order of operations may differ, hence 1e-12.
    np.testing.assert_allclose(a.transform(X_new), b.transform(X_new), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(a.inverse_transform(X_new), b.inverse_transform(X_new), rtol=1e-12)
    np.testing.assert_allclose(a.fit_transform(X), b.fit_transform(X), rtol=1e-12, atol=1e-12)


def test_min_max_feature_range_matches_scikit_learn(data):
    X, X_new = data
    ours = MinMaxScaler(feature_range=(-1, 2)).fit(X)
    theirs = preprocessing.MinMaxScaler(feature_range=(-1, 2)).fit(X)
    np.testing.assert_allclose(ours.transform(X_new), theirs.transform(X_new), rtol=1e-12)


@pytest.mark.parametrize("scaler", [MinMaxScaler, StandardScaler, Identity])
def test_inverse_undoes_transform(scaler, data):
    X, X_new = data
    s = scaler().fit(X)
    np.testing.assert_allclose(s.inverse_transform(s.transform(X_new)), X_new, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("scaler", [MinMaxScaler, StandardScaler, Identity])
def test_mse_in_original_units_equals_mse_of_inverted_predictions(scaler):
    rng = np.random.default_rng(1)
    y = rng.uniform(0, 0.15, size=(50, 1))
    s = scaler().fit(y)
    z_true, z_pred = s.transform(y), s.transform(y) + rng.normal(0, 0.1, size=y.shape)
    direct = np.mean((s.inverse_transform(z_pred) - y) ** 2)
    np.testing.assert_allclose(s.mse_in_original_units(np.mean((z_pred - z_true) ** 2)), direct, rtol=1e-10)


def test_mse_in_original_units_needs_one_target_column(data):
    with pytest.raises(ValueError, match="one target column"):
        StandardScaler().fit(data[0]).mse_in_original_units(0.1)


@pytest.mark.parametrize("scaler", [MinMaxScaler, StandardScaler])
def test_constant_feature_is_an_error_naming_the_column(scaler):
    X = np.column_stack([np.arange(5.0), np.full(5, 2.0)])
    with pytest.raises(ValueError, match=r"constant feature \(column 1\)"):
        scaler().fit(X)


@pytest.mark.parametrize("bad, message", [
    (np.array([[1.0, np.nan], [2.0, 3.0]]), "NaN"),
    (np.array([[1.0, np.inf], [2.0, 3.0]]), "infinite"),
    (np.arange(4.0), r"2-D array.*reshape\(-1, 1\)"),
    (np.ones((2, 2, 2)), "2-D array"),
    (np.empty((0, 2)), "empty"),
    (np.array([[1.0, 2.0]]), "single sample"),
])
def test_bad_training_data_gets_a_clear_error(bad, message):
    with pytest.raises(ValueError, match=message):
        StandardScaler().fit(bad)


def test_non_numeric_input_is_a_type_error():
    with pytest.raises(TypeError, match="X must be an array of numbers"):
        MinMaxScaler().fit([["a", "b"], ["c", "d"]])


@pytest.mark.parametrize("method", ["transform", "inverse_transform"])
def test_use_before_fit_says_to_fit_first(method):
    with pytest.raises(NotFittedError, match=r"not fitted yet.*fit\(X_train\)"):
        getattr(StandardScaler(), method)(np.ones((3, 1)))


def test_wrong_number_of_features_is_explained(data):
    s = StandardScaler().fit(data[0])
    with pytest.raises(ValueError, match="has 2 feature.*fitted on 3"):
        s.transform(np.ones((4, 2)))


@pytest.mark.parametrize("bad", [(1.0, 1.0), (2.0, 0.0), "ab", (0.0,)])
def test_feature_range_must_be_increasing_pair(bad):
    with pytest.raises((ValueError, TypeError), match="feature_range"):
        MinMaxScaler(feature_range=bad)


def test_robust_scaler_equals_scikit_learns_and_inverts():
    from sklearn.preprocessing import RobustScaler as Theirs

    from course_lib.scalers import RobustScaler

    X = np.random.default_rng(3).standard_normal((200, 3)) * [1.0, 10.0, 0.1]
    X[:4] *= 1000
    scaler = RobustScaler().fit(X)
    np.testing.assert_allclose(scaler.transform(X), Theirs().fit_transform(X), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(scaler.inverse_transform(scaler.transform(X)), X, rtol=1e-12)


def test_whitener_decorrelates_and_equals_pca_whiten_up_to_signs():
    from sklearn.decomposition import PCA

    from course_lib.scalers import Whitener

    rng = np.random.default_rng(4)
    X = rng.standard_normal((300, 3)) @ np.array([[2.0, 0.5, 0.0], [0.0, 1.0, 0.3], [0.0, 0.0, 0.2]])
    Z = Whitener().fit_transform(X)
    np.testing.assert_allclose(np.cov(Z, rowvar=False, ddof=0), np.eye(3), atol=1e-12)
    theirs = PCA(whiten=True).fit_transform(X) * np.sqrt(300 / 299)  # ddof=1 in scikit-learn
    np.testing.assert_allclose(np.abs(Z), np.abs(theirs), atol=1e-9)
    np.testing.assert_allclose(Whitener().fit(X).inverse_transform(Z), X, atol=1e-12)


def test_whitener_refuses_linearly_dependent_features():
    from course_lib.scalers import Whitener

    x = np.random.default_rng(5).standard_normal(50)
    with pytest.raises(ValueError, match="linearly dependent"):
        Whitener().fit(np.column_stack([x, 2 * x]))

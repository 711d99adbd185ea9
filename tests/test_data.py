"""The bundled digits split: standardized with training statistics only, stratified, offline."""

import numpy as np
import pytest

from course_lib.data import digits, one_hot


def test_digits_are_standardized_with_training_statistics_only():
    split = digits(test_size=0.3, seed=0)
    assert split.x_train.shape == (1257, 64) and split.x_test.shape == (540, 64)
    used = split.x_train.std(axis=0) > 0
    np.testing.assert_allclose(split.x_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(split.x_train.std(axis=0)[used], 1, rtol=1e-12)
    assert abs(split.x_test.mean()) > 1e-4  # the test set is not re-centred on itself
    # stratified: every class keeps its share within one image
    train_share = np.bincount(split.y_train) / len(split.y_train)
    test_share = np.bincount(split.y_test) / len(split.y_test)
    assert np.abs(train_share - test_share).max() < 2 / len(split.y_test)


def test_one_hot_rows():
    assert one_hot(np.array([2, 0]), 3).tolist() == [[0, 0, 1], [1, 0, 0]]


@pytest.mark.parametrize("call, message", [
    (lambda: one_hot(np.array([0, 3]), 3), "lie in 0..2"),
    (lambda: one_hot(np.array([0.5]), 3), "integers"),
    (lambda: digits(test_size=1.5), "test fraction"),
])
def test_bad_input_gets_a_clear_error(call, message):
    with pytest.raises(ValueError, match=message):
        call()

"""Chapter 7's checkers, known mistakes: each fails with its own message. (The reference
solution and the stub are tested for every chapter in test_exercise_contract.py.)"""

import numpy as np
import pytest

from course_lib.exercises.initialization import check_he_normal, check_next_layer_std


def scaled(scale):
    return lambda rng, fan_in, fan_out: rng.standard_normal((fan_in, fan_out)) * scale(fan_in, fan_out)


HE_MISTAKES = {
    "fan_out": (scaled(lambda i, o: np.sqrt(2 / o)), "uses the number of inputs"),
    "LeCun": (scaled(lambda i, o: np.sqrt(1 / i)), "LeCun"),
    "Xavier": (scaled(lambda i, o: np.sqrt(2 / (i + o))), "Xavier"),
    "variance as std": (scaled(lambda i, o: 2 / i), "is the variance"),
    "2 outside the root": (scaled(lambda i, o: 2 / np.sqrt(i)), "inside the square root"),
    "torch layout": (lambda rng, i, o: rng.standard_normal((o, i)) * np.sqrt(2 / i), "PyTorch's layout"),
    "ignores rng": (lambda rng, i, o: np.random.default_rng().standard_normal((i, o)) * np.sqrt(2 / i), "draw from `rng`"),
    "uniform": (lambda rng, i, o: rng.uniform(-1, 1, (i, o)) * np.sqrt(6 / i), "not normal"),
    "not centred": (lambda rng, i, o: rng.standard_normal((i, o)) * np.sqrt(2 / i) + 0.05, "mean"),
    "wrong spread": (lambda rng, i, o: rng.normal(0, 0.5, (i, o)), "standard deviation"),
    "wrong shape": (lambda rng, i, o: rng.standard_normal((i,)) * np.sqrt(2 / i), "should have shape"),
}


@pytest.mark.parametrize("variant", HE_MISTAKES)
def test_he_normal_mistakes_get_specific_feedback(variant):
    function, expected = HE_MISTAKES[variant]
    feedback = check_he_normal(function)
    assert not feedback.passed and expected in feedback.message, feedback.message


def test_he_normal_drawn_another_correct_way_passes():
    assert check_he_normal(lambda rng, i, o: rng.normal(0.0, np.sqrt(2 / i), size=(i, o))).passed


NEXT_STD_MISTAKES = {
    "variance": (lambda s, n, w: n * w**2 * s**2 / 2, "is the variance"),
    "linear layer": (lambda s, n, w: np.sqrt(n) * w * s, "right for a linear layer"),
    "adds stds": (lambda s, n, w: n * w * s / np.sqrt(2), "Standard deviations do not add"),
    "divides std by 2": (lambda s, n, w: np.sqrt(n) * w * s / 2, "not 1/2"),
    "not a number": (lambda s, n, w: [s, n, w], "Return one number"),
    "something else": (lambda s, n, w: s, "Check each factor"),
}


@pytest.mark.parametrize("variant", NEXT_STD_MISTAKES)
def test_next_layer_std_mistakes_get_specific_feedback(variant):
    function, expected = NEXT_STD_MISTAKES[variant]
    feedback = check_next_layer_std(function)
    assert not feedback.passed and expected in feedback.message, feedback.message

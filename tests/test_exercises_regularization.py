"""Chapter 9's checkers, known mistakes: each fails with its own message. (The reference
solution and the stub are tested for every chapter in test_exercise_contract.py.)"""

import numpy as np
import pytest

from course_lib.exercises.regularization import check_dropout, check_smooth_labels


def masked(keep_probability_of, scale, per_unit=False, in_eval=False):
    def dropout(h, p, rng, training):
        if not training and not in_eval:
            return h
        shape = (1, h.shape[1]) if per_unit else h.shape
        keep = rng.random(shape) < keep_probability_of(p)
        return h * keep * scale(p)
    return dropout


DROPOUT_MISTAKES = {
    "no rescale": (masked(lambda p: 1 - p, lambda p: 1.0), "not rescaled"),
    "multiplies by 1 - p": (masked(lambda p: 1 - p, lambda p: 1 - p), "multiplied by 1 - p"),
    "divides by p": (masked(lambda p: 1 - p, lambda p: 1 / p), "divided by p"),
    "keeps with probability p": (masked(lambda p: p, lambda p: 1 / p), "probability of *dropping*"),
    "one mask for the batch": (masked(lambda p: 1 - p, lambda p: 1 / (1 - p), per_unit=True), "same mask"),
    "also in evaluation": (masked(lambda p: 1 - p, lambda p: 1 / (1 - p), in_eval=True), "In evaluation"),
    "ignores rng": (lambda h, p, rng, training: h * (np.random.default_rng().random(h.shape) >= p) / (1 - p)
                    if training else h, "draw from `rng`"),
    "nothing dropped": (lambda h, p, rng, training: h / (1 - p) if training else h, "Nothing was zeroed"),
    "wrong rate": (lambda h, p, rng, training: h * (rng.random(h.shape) >= 0.5) / 0.5 if training else h, "should be about"),
    "wrong shape": (lambda h, p, rng, training: h[0] if training else h, "should have shape"),
}


@pytest.mark.parametrize("variant", DROPOUT_MISTAKES)
def test_dropout_mistakes_get_specific_feedback(variant):
    function, expected = DROPOUT_MISTAKES[variant]
    feedback = check_dropout(function)
    assert not feedback.passed and expected in feedback.message, feedback.message


SMOOTHING_MISTAKES = {
    "K - 1 convention": (lambda Y, e: (1 - e) * Y + e / (Y.shape[1] - 1) * (1 - Y), "K - 1 wrong classes"),
    "mass removed": (lambda Y, e: (1 - e) * Y, "no longer sum to 1"),
    "mass added": (lambda Y, e: Y + e / Y.shape[1], "sum to more than 1"),
    "eps not divided": (lambda Y, e: (1 - e) * Y + e, "not eps"),
    "swapped": (lambda Y, e: e * Y + (1 - e) / Y.shape[1], "swapped"),
    "something else": (lambda Y, e: Y, "(1 - eps) * Y + eps / K"),
}


@pytest.mark.parametrize("variant", SMOOTHING_MISTAKES)
def test_smooth_labels_mistakes_get_specific_feedback(variant):
    function, expected = SMOOTHING_MISTAKES[variant]
    feedback = check_smooth_labels(function)
    assert not feedback.passed and expected in feedback.message, feedback.message

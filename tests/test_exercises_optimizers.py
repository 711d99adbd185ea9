"""Chapter 8's checkers, known mistakes: each fails with its own message. (The reference
solution and the stub are tested for every chapter in test_exercise_contract.py.)"""

import pytest

from course_lib.exercises.optimizers import check_bias_correction, check_momentum_step

MOMENTUM_MISTAKES = {
    "moving average": (lambda x, v, g, lr, b: (x - lr * (b * v + (1 - b) * g), b * v + (1 - b) * g), "moving-average form"),
    "fixed beta": (lambda x, v, g, lr, b: (x - lr * (0.9 * v + g), 0.9 * v + g), "use the beta argument"),
    "old velocity": (lambda x, v, g, lr, b: (x - lr * v, b * v + g), "old velocity"),
    "nesterov": (lambda x, v, g, lr, b: (x - lr * (g + b * (b * v + g)), b * v + g), "Nesterov"),
    "uphill": (lambda x, v, g, lr, b: (x + lr * (b * v + g), b * v + g), "uphill"),
    "no lr": (lambda x, v, g, lr, b: (x - (b * v + g), b * v + g), "ignores the learning rate"),
    "velocity holds the step": (lambda x, v, g, lr, b: (x + b * v - lr * g, b * v - lr * g), "other common convention"),
    "forgets v": (lambda x, v, g, lr, b: (x - lr * g, g), "forgets the previous velocity"),
    "one value": (lambda x, v, g, lr, b: x - lr * (b * v + g), "`return x_new, v_new`"),
    "something else": (lambda x, v, g, lr, b: (x, v), "v_new should be"),
}


@pytest.mark.parametrize("variant", MOMENTUM_MISTAKES)
def test_momentum_step_mistakes_get_specific_feedback(variant):
    function, expected = MOMENTUM_MISTAKES[variant]
    feedback = check_momentum_step(function)
    assert not feedback.passed and expected in feedback.message, feedback.message


BIAS_MISTAKES = {
    "off by one": (lambda m, s, t, b1=0.9, b2=0.999: (m / (1 - b1 ** (t + 1)), s / (1 - b2 ** (t + 1))), "off by one"),
    "no power": (lambda m, s, t, b1=0.9, b2=0.999: (m / (1 - b1), s / (1 - b2)), "not 1 - beta"),
    "multiplies": (lambda m, s, t, b1=0.9, b2=0.999: (m * (1 - b1**t), s * (1 - b2**t)), "multiplying"),
    "default betas": (lambda m, s, t, b1=0.9, b2=0.999: (m / (1 - 0.9**t), s / (1 - 0.999**t)), "beta1 and beta2 arguments"),
    "swapped": (lambda m, s, t, b1=0.9, b2=0.999: (m / (1 - b2**t), s / (1 - b1**t)), "swapped"),
    "only m": (lambda m, s, t, b1=0.9, b2=0.999: (m / (1 - b1**t), s), "s also started at 0"),
    "square root": (lambda m, s, t, b1=0.9, b2=0.999: (m / (1 - b1**t), (s / (1 - b2**t)) ** 0.5), "square root"),
    "one value": (lambda m, s, t, b1=0.9, b2=0.999: m / (1 - b1**t), "`return m_hat, s_hat`"),
    "something else": (lambda m, s, t, b1=0.9, b2=0.999: (m, s), "m_hat = m / (1 - beta1**t)"),
}


@pytest.mark.parametrize("variant", BIAS_MISTAKES)
def test_bias_correction_mistakes_get_specific_feedback(variant):
    function, expected = BIAS_MISTAKES[variant]
    feedback = check_bias_correction(function)
    assert not feedback.passed and expected in feedback.message, feedback.message

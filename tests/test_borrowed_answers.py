"""A learner's function that calls the course's own implementation of the answer fails.

Handing in course_lib's function itself is refused by the harness before it runs
(``test_checker_harness.py``). Here the learner wraps it: each exercise's checker names the
course_lib code that computes its answer (``checker(..., implemented_by=...)``), and while the
harness runs the learner's function it notices a call of that code, however reached, and
answers with the name of what was called. The checker's own use of the same functions, the
helpers an exercise hands the learner, and course_lib's other functions are not affected, and
nothing is left behind when the learner's code raises or runs out of time.
"""

from __future__ import annotations

import contextlib
import re
import sys

import numpy as np
import pytest

import course_lib.exercises as harness
from course_lib import (activations, autograd, descent, diagnostics, initialization, normalization, optimizers,
                        quadratics, regularization, scalers, schedules, softmax_regression, validation)
from course_lib.exercises import checker
from test_checker_harness import reference
from test_exercise_contract import EXERCISES

BORROWED = "course's own implementation"


def _grad_by_autograd(x):
    x1, x2 = autograd.Value(float(x[0])), autograd.Value(float(x[1]))
    f = (x1 - 1) ** 2 + 3 * (x2 + 2) ** 2
    f.backward()
    return np.array([x1.grad, x2.grad])


def _tanh_backward_by_autograd(t, upstream):
    out = np.empty_like(t)
    for i, (ti, ui) in enumerate(zip(t.ravel(), upstream.ravel())):
        x = autograd.Value(float(np.arctanh(ti)))
        y = x.tanh()
        y.grad = ui
        y._backward()
        out.flat[i] = x.grad
    return out


def _standardize_by_scaler(X_train, X_new):
    scaler = scalers.StandardScaler()
    return scaler.fit_transform(X_train), scaler.transform(X_new)


def _standardize_by_batch_norm(X_train, X_new):
    layer = normalization.BatchNorm1d(X_train.shape[1], eps=1e-300)
    Z_train = layer(X_train)
    layer.running_mean, layer.running_var = X_train.mean(axis=0), X_train.var(axis=0)
    return Z_train, layer.eval()(X_new)


def _inverse_by_scaler(Z, mean, std):
    scaler = scalers.StandardScaler()
    scaler.mean_, scaler.scale_, scaler.n_features_in_ = mean, std, Z.shape[1]
    return scaler.inverse_transform(Z)


def _statistics_by_hand_transform_by_scaler(X_train):
    scaler = scalers.StandardScaler()
    scaler.mean_, scaler.scale_, scaler.n_features_in_ = X_train.mean(axis=0), X_train.std(axis=0), X_train.shape[1]
    return scaler.transform  # the harness calls the course's method itself


def _running_by_batch_norm(running_mean, running_var, z, momentum=0.1):
    layer = normalization.BatchNorm1d(z.shape[1], momentum=momentum)
    layer.running_mean, layer.running_var = running_mean, running_var
    layer(z)
    return layer.running_mean, layer.running_var


def _momentum_by_sgd(x, v, g, lr, beta):
    optimizer = optimizers.SGD(lr, momentum=beta)
    optimizer._shape, optimizer.velocity = x.shape, v.copy()
    x_new = optimizer.step(x, g)
    return x_new, optimizer.velocity


# exercise: (a right answer that wraps course_lib, the course function the message names)
WRAPPERS = {
    "descend": [(lambda grad, x0, lr, steps: list(descent.gradient_descent(grad, x0, lr=lr, steps=steps)),
                 "course_lib.descent.gradient_descent")],
    "grad_f": [(_grad_by_autograd, "course_lib.autograd.Value.backward")],
    "largest_stable_lr": [(lambda H: quadratics.max_stable_lr(H), "course_lib.quadratics.max_stable_lr")],
    "cosine_schedule": [(lambda lr, steps: schedules.cosine(lr, steps), "course_lib.schedules.cosine"),
                        (lambda lr, steps: schedules.warmup_cosine(lr, steps, warmup=0),
                         "course_lib.schedules.warmup_cosine")],
    "tanh_backward": [(lambda t, upstream: upstream * activations.derivative("tanh", np.arctanh(t)),
                       "course_lib.activations.derivative"),
                      (_tanh_backward_by_autograd, "course_lib.autograd.Value.tanh")],
    "standardize": [(_standardize_by_scaler, "course_lib.scalers.StandardScaler.fit_transform"),
                    (_standardize_by_batch_norm, "course_lib.normalization.BatchNorm1d.__call__")],
    "inverse_standardize": [(_inverse_by_scaler, "course_lib.scalers.StandardScaler.inverse_transform")],
    "fit_standardizer": [(lambda X_train: scalers.StandardScaler().fit(X_train.copy()).transform,
                          "course_lib.scalers.StandardScaler.fit"),
                         (_statistics_by_hand_transform_by_scaler, "course_lib.scalers.StandardScaler.transform")],
    "update_running": [(_running_by_batch_norm, "course_lib.normalization.BatchNorm1d.__call__")],
    "count_dead_units": [(lambda H: round(diagnostics.dead_fraction(H) * H.shape[1]),
                          "course_lib.diagnostics.dead_fraction")],
    "softmax_ce_grad": [(lambda logits, Y: (softmax_regression.softmax(logits) - Y) / len(logits),
                         "course_lib.softmax_regression.softmax")],
    "he_normal": [(lambda rng, fan_in, fan_out: initialization.init_weights(rng, [fan_in, fan_out], "he")[0],
                   "course_lib.initialization.init_weights"),
                  (lambda rng, fan_in, fan_out: rng.standard_normal((fan_in, fan_out))
                   * initialization.init_std(fan_in, "he"), "course_lib.initialization.init_std")],
    "next_layer_std": [(lambda std_in, fan_in, weight_std:
                        initialization.relu_network_std([fan_in, 1], weight_std, std_in**2 / 2)[0],
                        "course_lib.initialization.relu_network_std")],
    "momentum_step": [(_momentum_by_sgd, "course_lib.optimizers.SGD.step")],
    "dropout": [(lambda h, p, rng, training: regularization.inverted_dropout(h, p, rng, training=training),
                 "course_lib.regularization.inverted_dropout")],
    "smooth_labels": [(lambda Y, eps: regularization.smooth_labels(Y, eps), "course_lib.regularization.smooth_labels")],
}
#: Exercises whose answer course_lib does not compute in a form a learner could wrap.
NOT_IN_COURSE_LIB = {
    "linear_backward": "no course function returns one linear layer's (dX, dW, db)",
    "bias_correction": "Adam.step applies the correction inside one update and returns only the new parameters",
    "diagnose": "the rule that names a cause is the learner's own; course_lib only records the readings",
    "train_step": "the step drives the model and optimizer it is handed; course_lib trains in NumPy only",
}
CHECKS = {name: check for _, name, check in EXERCISES}
CASES = [(name, wrapper, called) for name, wrappers in WRAPPERS.items() for wrapper, called in wrappers]
CASE_IDS = [f"{name}-{called.rsplit('.', 1)[-1]}" for name, _, called in CASES]


def test_every_exercise_is_tried_with_a_wrapper_or_says_why_it_cannot_be():
    assert sorted(NOT_IN_COURSE_LIB) == sorted(set(CHECKS) - set(WRAPPERS))


def _unwatched():
    return lambda *args: contextlib.nullcontext()


@pytest.mark.parametrize("name, wrapper, called", CASES, ids=CASE_IDS)
def test_a_wrapper_around_the_courses_implementation_fails_naming_what_it_called(name, wrapper, called, monkeypatch):
    feedback = CHECKS[name](wrapper)
    assert not feedback.passed and BORROWED in feedback.message and f"({called})" in feedback.message, feedback
    # unwatched, the wrapper is a right answer: the watch is what fails it
    monkeypatch.setattr(harness, "_watching", _unwatched())
    assert CHECKS[name](wrapper).passed


def test_a_korean_learner_reads_it_in_korean_with_the_name_as_code(monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "ko")
    feedback = CHECKS["cosine_schedule"](lambda lr, steps: schedules.cosine(lr, steps))
    mark, _, message = feedback.shown()
    assert re.search(r"[\uac00-\ud7a3]", message) and "course_lib.schedules.cosine" in message, message


def test_borrowing_is_named_before_what_the_borrowed_code_did_next(monkeypatch):
    def borrows_then_raises(lr, steps):
        schedules.cosine(lr, steps)
        raise ValueError("and then something else")

    def borrows_then_loops(lr, steps):
        schedules.cosine(lr, steps)
        while True:
            pass

    monkeypatch.setattr(harness, "TIME_LIMIT", 0.5)
    assert BORROWED in CHECKS["cosine_schedule"](borrows_then_raises).message
    assert BORROWED in CHECKS["cosine_schedule"](borrows_then_loops).message


def test_the_reference_solutions_still_pass_and_the_checkers_own_use_of_the_course_is_not_counted():
    # check_cosine_schedule computes its expected rates with course_lib.schedules.cosine itself
    prefix = next(p for p, name, _ in EXERCISES if name == "cosine_schedule")
    assert CHECKS["cosine_schedule"](reference(prefix, "cosine_schedule", CHECKS["cosine_schedule"])).passed


def test_other_course_helpers_stay_free_to_use():
    def standardize(X_train, X_new):
        X_train, X_new = validation.as_float_array(X_train, "X_train"), validation.as_float_array(X_new, "X_new")
        mean, std = X_train.mean(axis=0), X_train.std(axis=0)
        return (X_train - mean) / std, (X_new - mean) / std

    def cosine_schedule(lr, steps):
        t = np.arange(validation.check_positive_int(steps, "steps"))
        return lr * (1 + np.cos(np.pi * t / steps)) / 2

    assert CHECKS["standardize"](standardize).passed
    assert CHECKS["cosine_schedule"](cosine_schedule).passed


DEMO_CHECKER = """
@checker("demo", implemented_by=(schedules.cosine,))
def check_demo(function):
    def helper(steps):  # the checker's own code, which the learner's function runs
        return schedules.cosine(1.0, steps)
    got = expect_array(call(function, helper, 5), "the result", (5,))
    if not matches(got, schedules.cosine(1.0, 5)):
        raise Mistake("wrong")
    return "fine"
"""


def test_a_helper_the_checker_hands_the_learner_may_use_the_answers_code():
    # a checker's code lives in course_lib.exercises: this one is compiled as if it did
    namespace = {"__name__": "course_lib.exercises.demo", "schedules": schedules, "checker": checker,
                 "call": harness.call, "expect_array": harness.expect_array, "matches": harness.matches,
                 "Mistake": harness.Mistake}
    exec(compile(DEMO_CHECKER, "course_lib/exercises/demo.py", "exec"), namespace)
    check_demo = namespace["check_demo"]
    assert check_demo(lambda helper, steps: helper(steps)).passed
    assert BORROWED in check_demo(lambda helper, steps: schedules.cosine(1.0, steps)).message


def _cosine_then(outcome):
    def submission(lr, steps):
        if outcome == "raises":
            raise RuntimeError("boom")
        if outcome == "loops":
            while True:
                pass
        if outcome == "exits":
            raise SystemExit(1)
        return lr * (1 + np.cos(np.pi * np.arange(steps) / steps)) / 2
    return submission


@pytest.mark.parametrize("outcome", ["returns", "raises", "loops", "exits"])
def test_the_watch_is_over_when_the_learners_function_ends_however_it_ends(outcome, monkeypatch):
    monkeypatch.setattr(harness, "TIME_LIMIT", 0.5)
    CHECKS["cosine_schedule"](_cosine_then(outcome))
    assert sys.getprofile() is None
    assert harness._ANSWER_CODE.get() == frozenset()
    assert schedules.cosine(1.0, 3).shape == (3,)


def test_a_profiler_already_running_is_left_in_place():
    def profiler(frame, event, arg):
        pass

    sys.setprofile(profiler)
    try:
        feedback = CHECKS["cosine_schedule"](_cosine_then("returns"))
        assert sys.getprofile() is profiler
    finally:
        sys.setprofile(None)
    assert feedback.passed


def test_implemented_by_takes_only_course_functions():
    with pytest.raises(TypeError, match="implemented_by"):
        checker("demo", implemented_by=(np.mean,))

"""Checkers for the exercises of chapter 3 (Backpropagation).

Each known mistake is recognised by computing what that mistake would return and comparing.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..activations import derivative
from ..autograd import Value
from . import Mistake, call, checker, expect_array, expect_values, fresh_rng, matches, shape_of


@checker("The backward of tanh", implemented_by=(derivative, Value.tanh))
def check_tanh_backward(tanh_backward: Callable[[np.ndarray, np.ndarray], Any]) -> str:
    for rng, shape in [(np.random.default_rng(3), (7,)), (fresh_rng(), (4, 5))]:
        t = np.tanh(rng.normal(0, 1.2, size=shape))   # outputs of tanh, in (-1, 1)
        upstream = rng.normal(0, 2.0, size=shape)      # gradients arriving from above, not all 1
        got = expect_array(call(tanh_backward, t.copy(), upstream.copy()), "the result", t.shape)
        if not matches(got, upstream * (1 - t**2)):
            _tanh_mistake(got, t, upstream)
    return "upstream * (1 - t**2): the local derivative of tanh, written with its output, times the gradient from above."


def _tanh_mistake(got: np.ndarray, t: np.ndarray, upstream: np.ndarray) -> None:
    if matches(got, 1 - t**2):
        raise Mistake("That is the local derivative alone. Multiply it by the upstream gradient: this "
                      "version is right only when the upstream gradient happens to be 1.")
    if matches(got, upstream):
        raise Mistake("You passed the upstream gradient through unchanged. Multiply it by tanh's local "
                      "derivative, 1 - t**2.")
    if matches(got, upstream * t * (1 - t)):
        raise Mistake("t * (1 - t) is the derivative of the sigmoid, written with its output. For tanh "
                      "it is 1 - t**2.")
    if matches(got, upstream * (1 - t)):
        raise Mistake("The derivative of tanh is 1 - tanh(x)**2: square t.")
    if matches(got, upstream * (1 - np.tanh(t) ** 2)):
        raise Mistake("t is already tanh's output: use 1 - t**2, not 1 - tanh(t)**2.")
    raise Mistake("The result should be upstream * (1 - t**2). Check it at t = 0, where it equals upstream.")


def _linear_cases() -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """A batch of 5 examples, 3 inputs and 2 outputs, then one of random sizes: no shape is
    square, so a missing transpose cannot go unnoticed."""
    cases = []
    for rng, (n, d_in, d_out) in [(np.random.default_rng(5), (5, 3, 2)), (fresh_rng(), (7, 4, 6))]:
        cases.append((rng.normal(size=(n, d_in)), rng.normal(size=(d_in, d_out)), rng.normal(size=(n, d_out)) / n))
    return cases


@checker("The backward of a linear layer")
def check_linear_backward(linear_backward: Callable[[np.ndarray, np.ndarray, np.ndarray], Any]) -> str:
    for X, W, dY in _linear_cases():
        result = expect_values(call(linear_backward, X.copy(), W.copy(), dY.copy()), ("dX", "dW", "db"))
        _judge_linear_backward(result, X, W, dY)
    return "dX = dY @ W.T, dW = X.T @ dY and db = dY.sum(axis=0), consistently reduced over the batch."


def _judge_linear_backward(result: tuple[Any, ...], X: np.ndarray, W: np.ndarray, dY: np.ndarray) -> None:
    dX_ref, dW_ref, db_ref = dY @ W.T, X.T @ dY, dY.sum(axis=0)
    shapes = [shape_of(r) for r in result]
    if shapes == [dW_ref.shape, dX_ref.shape, db_ref.shape] or shapes[:2] == [W.shape, X.shape]:
        raise Mistake("The order is (dX, dW, db): the gradient for the input first.")
    if shape_of(result[1]) == dW_ref.T.shape and matches(expect_array(result[1], "dW", dW_ref.T.shape), dW_ref.T):
        raise Mistake("dW is transposed: it must have W's shape (inputs, outputs), so dW = X.T @ dY.")
    dX = expect_array(result[0], "dX", X.shape)
    dW = expect_array(result[1], "dW", W.shape)
    db = expect_array(result[2], "db", db_ref.shape)
    if not matches(dX, dX_ref):
        raise Mistake("dX should be dY @ W.T: each input receives the gradient of every output it feeds, "
                      "weighted by the connecting weight.")
    if matches(dW, dW_ref / len(X)):
        raise Mistake("dW is divided by the batch size. dY already carries the 1/n of a mean loss, so "
                      "sum over the batch: dW = X.T @ dY.")
    if not matches(dW, dW_ref):
        raise Mistake("dW should be X.T @ dY: the sum over the batch of input times output gradient.")
    if matches(db, dY.mean(axis=0)):
        raise Mistake("db averages over the batch while dW sums: reduce both the same way. dY already "
                      "carries the 1/n of a mean loss, so db = dY.sum(axis=0).")
    if not matches(db, db_ref):
        raise Mistake("db should be dY.sum(axis=0): the bias is added to every example, so its gradient "
                      "collects every example's contribution.")

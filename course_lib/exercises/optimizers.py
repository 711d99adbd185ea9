"""Checkers for the exercises of chapter 8 (Optimizers).

Each known mistake is recognised by computing what that mistake would return and comparing.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..optimizers import SGD, Adam
from . import Mistake, call, checker, expect_array, expect_values, fresh_rng, matches


def _pair(result: Any, names: tuple[str, str], shape: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    first, second = expect_values(result, names)
    return expect_array(first, names[0], shape), expect_array(second, names[1], shape)


@checker("A momentum step", implemented_by=(SGD.step,))
def check_momentum_step(momentum_step: Callable[..., Any]) -> str:
    # Not the usual beta = 0.9, so that a hard-coded value shows; the second case is new every call.
    for rng, lr, beta in ((np.random.default_rng(15), 0.1, 0.8), (fresh_rng(), 0.03, 0.6)):
        x, v, g = rng.normal(size=4), rng.normal(size=4), rng.normal(size=4)  # a nonzero velocity, from earlier steps
        x_new, v_new = _pair(call(momentum_step, x.copy(), v.copy(), g.copy(), lr, beta), ("x_new", "v_new"), x.shape)
        v_ref = beta * v + g
        if not (matches(v_new, v_ref) and matches(x_new, x - lr * v_ref)):
            _momentum_mistake(x_new, v_new, x, v, g, lr, beta)
    return "v accumulates the gradients and x steps along the new velocity, as torch.optim.SGD(momentum=beta)."


def _momentum_mistake(x_new: np.ndarray, v_new: np.ndarray, x: np.ndarray, v: np.ndarray, g: np.ndarray,
                      lr: float, beta: float) -> None:
    v_ref = beta * v + g
    if matches(v_new, beta * v + (1 - beta) * g):
        raise Mistake("That is the moving-average form, v = beta v + (1 - beta) g. It is a valid method, but its "
                      "steps are (1 - beta) times smaller; PyTorch's convention, asked here, is v = beta v + g.")
    if matches(v_new, 0.9 * v + g):
        raise Mistake("The velocity matches beta = 0.9: use the beta argument.")
    if matches(v_new, v_ref) and matches(x_new, x - lr * v):
        raise Mistake("The velocity is right, but x moves along the old velocity. Update v first, then step along v_new.")
    if matches(v_new, v_ref) and matches(x_new, x - lr * (g + beta * v_ref)):
        raise Mistake("That is Nesterov's step (along g + beta v_new). Plain heavy ball steps along v_new.")
    if matches(v_new, v_ref) and matches(x_new, x + lr * v_ref):
        raise Mistake("x moves uphill: subtract lr * v_new.")
    if matches(v_new, v_ref) and matches(x_new, x - v_ref):
        raise Mistake("The step ignores the learning rate: x_new = x - lr * v_new.")
    if matches(v_new, beta * v - lr * g):
        raise Mistake("That is the other common convention, where the velocity already holds the step "
                      "(v = beta v - lr g, x = x + v). Here v accumulates raw gradients: v = beta v + g.")
    if matches(v_new, g):
        raise Mistake("v_new forgets the previous velocity: v_new = beta * v + g.")
    raise Mistake("v_new should be beta * v + g, and x_new = x - lr * v_new.")


@checker("Adam's bias correction", implemented_by=(Adam.step,))
def check_bias_correction(bias_correction: Callable[..., Any]) -> str:
    rng = fresh_rng()
    m, s = rng.normal(size=3), rng.uniform(0.1, 1.0, size=3)
    for t in (1, 7, int(rng.integers(2, 40)), 300):
        m_hat, s_hat = _pair(call(bias_correction, m.copy(), s.copy(), t, 0.8, 0.99), ("m_hat", "s_hat"), m.shape)
        m_ref, s_ref = m / (1 - 0.8**t), s / (1 - 0.99**t)
        if matches(m_hat, m_ref) and matches(s_hat, s_ref):
            continue
        if matches(m_hat, m / (1 - 0.8 ** (t + 1))) or (t > 1 and matches(m_hat, m / (1 - 0.8 ** (t - 1)))):
            raise Mistake("The power is off by one: after t steps (counted from 1) divide by 1 - beta**t.")
        if t > 1 and matches(m_hat, m / (1 - 0.8)):
            raise Mistake("Divide by 1 - beta**t, not 1 - beta: the missing weight shrinks as t grows.")
        if matches(m_hat, m * (1 - 0.8**t)):
            raise Mistake("Divide by 1 - beta**t; multiplying makes the early averages even smaller.")
        if matches(m_hat, m / (1 - 0.9**t)) or matches(s_hat, s / (1 - 0.999**t)):
            raise Mistake("Use the beta1 and beta2 arguments, not Adam's default values.")
        if matches(m_hat, m / (1 - 0.99**t)) and matches(s_hat, s / (1 - 0.8**t)):
            raise Mistake("The betas are swapped: m uses beta1 and s uses beta2.")
        if matches(m_hat, m_ref) and matches(s_hat, s):
            raise Mistake("m_hat is right; s also started at 0 and needs its correction, by 1 - beta2**t.")
        if matches(m_hat, m_ref) and matches(s_hat, np.sqrt(s / (1 - 0.99**t))):
            raise Mistake("Return the corrected s itself; the square root belongs to the update, not the correction.")
        raise Mistake(f"For t = {t}: m_hat = m / (1 - beta1**t) and s_hat = s / (1 - beta2**t).")
    return "Each average is divided by 1 - beta**t, the weight its zero start left missing."

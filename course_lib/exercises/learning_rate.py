"""Checkers for the exercises of chapter 2 (Learning rate).

Each known mistake is recognised by computing what that mistake would return and comparing.
"""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from ..quadratics import max_stable_lr
from ..schedules import cosine
from . import Mistake, call, checker, expect_array, expect_number, fresh_rng, matches, real_array


def _hessians() -> list[np.ndarray]:
    """Symmetric positive-definite test Hessians; the non-diagonal ones have a largest
    eigenvalue that differs from their largest diagonal entry, their trace and their norm. The
    last is new on every call: a random rotation of random curvatures."""
    rotation = np.array([[np.cos(0.6), -np.sin(0.6)], [np.sin(0.6), np.cos(0.6)]])
    rng = fresh_rng()
    q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    return [np.diag([4.0, 1.0]),
            rotation @ np.diag([10.0, 0.5]) @ rotation.T,
            np.array([[2.0, 1.5, 0.0], [1.5, 2.0, 0.3], [0.0, 0.3, 1.0]]),
            q @ np.diag(rng.uniform([0.2, 1.0, 5.0], [0.8, 3.0, 20.0])) @ q.T]


@checker("The largest stable learning rate", implemented_by=(max_stable_lr,))
def check_largest_stable_lr(largest_stable_lr: Callable[[np.ndarray], Any]) -> str:
    for H in _hessians():
        lr = expect_number(call(largest_stable_lr, H.copy()), "the learning rate")
        eigenvalues = np.linalg.eigvalsh(H)
        top, bottom = eigenvalues[-1], eigenvalues[0]
        if np.isclose(lr, 2 / top):
            continue
        if np.isclose(lr, 2 / bottom):
            raise Mistake("You used the smallest eigenvalue. Every direction must be stable, and the "
                          "steepest one (the largest eigenvalue) is the first to diverge.")
        if np.isclose(lr, 1 / top):
            raise Mistake("1 / lambda_max is the rate that solves the steepest direction in one step, "
                          "not the limit: the factor 1 - lr * lambda stays above -1 up to 2 / lambda_max.")
        if np.isclose(lr, top):
            raise Mistake("You returned the largest eigenvalue itself; the learning rate is 2 divided by it.")
        if np.isclose(lr, 2 / np.max(np.diag(H))) and not np.isclose(np.max(np.diag(H)), top):
            raise Mistake("You used the largest diagonal entry. The curvatures are the eigenvalues of H "
                          "(np.linalg.eigvalsh); they equal the diagonal only when H is diagonal.")
        if np.isclose(lr, 2 / np.trace(H)):
            raise Mistake("You used the trace, the sum of all the eigenvalues: that is safe but too "
                          "cautious. Only the largest eigenvalue sets the limit.")
        raise Mistake(f"For H = {np.round(H, 3).tolist()} the limit is {2 / top:.6g}; yours is {lr:.6g}. "
                      "Find the eigenvalues of H first.")
    return "2 / lambda_max, including for Hessians that are not diagonal."


@checker("A cosine schedule", implemented_by=(cosine,))
def check_cosine_schedule(cosine_schedule: Callable[[float, int], Any]) -> str:
    rng = fresh_rng()
    for lr, steps in [(0.5, 10), (0.1, 101), (float(rng.uniform(0.01, 1.0)), int(rng.integers(5, 60)))]:
        rates = real_array(call(cosine_schedule, lr, steps), "the schedule")
        if rates.ndim == 0:
            raise Mistake("Return one learning rate per step (an array of length steps), not a single number.")
        t = np.arange(steps)
        if rates.shape == (steps + 1,):
            raise Mistake(f"You returned {steps + 1} rates for {steps} steps: t runs from 0 to steps - 1 "
                          "(np.arange(steps)).")
        rates = expect_array(rates, "the schedule", (steps,))
        expected = cosine(lr, steps)
        if matches(rates, expected):
            continue
        if matches(rates, lr * (1 + np.cos(np.pi * (t + 1) / steps)) / 2):
            raise Mistake("The schedule is shifted by one step: the first step (t = 0) should use the "
                          "full rate, so t starts at 0.")
        if matches(rates, lr * (1 + np.cos(np.pi * t / steps))):
            raise Mistake("The first rate is twice lr: divide (1 + cos(...)) by 2.")
        if steps > 1 and matches(rates, lr * (1 + np.cos(np.pi * t / (steps - 1))) / 2):
            raise Mistake("You divided by steps - 1, so the last step gets a rate of exactly 0 and is "
                          "wasted. Use t / steps, as optax and torch do.")
        if matches(rates, lr * np.cos(np.pi * t / steps)):
            raise Mistake("The rates go negative, which would climb the loss: use (1 + cos(pi t / steps)) / 2.")
        if matches(rates, lr * (1 + np.cos(np.pi * t / steps / 2)) / 2):
            raise Mistake("Only a quarter of the cosine is used: the angle should run from 0 to pi over the run.")
        raise Mistake(f"With lr = {lr} and steps = {steps} the first three rates should be "
                      f"{np.round(expected[:3], 4).tolist()}; yours are {np.round(rates[:3], 4).tolist()}.")
    return "Your schedule equals the cosine decay of optax and torch."

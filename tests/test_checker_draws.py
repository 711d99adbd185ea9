"""A checker's keywords for the instructor pack's hidden tests (scripts/instructor.py):
``trials=n`` judges the learner's function on n fresh random draws, ``seeds=(...)`` once more on
a draw from each seed, the same draw each time it is asked for. Without them a checker behaves
as the chapters call it: its fixed inputs and one fresh draw."""

from __future__ import annotations

import numpy as np
import pytest

from course_lib.exercises.gradient_descent import check_grad_f
from test_checker_harness import reference
from test_exercise_contract import EXERCISES, IDS


def recording():
    """The reference grad_f, recording the points it is asked about."""
    seen = []

    def grad_f(x):
        seen.append(np.array(x, dtype=float))
        return np.array([2 * (x[0] - 1), 6 * (x[1] + 2)])

    return grad_f, seen


def test_a_seed_gives_the_same_draw_and_another_seed_another():
    first, second, other = recording(), recording(), recording()
    assert check_grad_f(first[0], trials=0, seeds=(2024,))
    assert check_grad_f(second[0], trials=0, seeds=(2024,))
    assert check_grad_f(other[0], trials=0, seeds=(2025,))
    assert all(np.array_equal(a, b) for a, b in zip(first[1], second[1]))
    assert not all(np.array_equal(a, b) for a, b in zip(first[1], other[1]))


def test_without_seeds_every_call_draws_anew_and_trials_multiply_the_calls():
    once, again, thrice = recording(), recording(), recording()
    assert check_grad_f(once[0]) and check_grad_f(again[0])
    assert not all(np.array_equal(a, b) for a, b in zip(once[1], again[1]))
    assert check_grad_f(thrice[0], trials=3)
    assert len(thrice[1]) == 3 * len(once[1])


def test_an_answer_stored_for_the_draws_it_saw_fails_on_a_held_out_seed():
    grad_f, seen = recording()
    check_grad_f(grad_f, trials=0, seeds=(7,))
    stored = {tuple(x): np.array([2 * (x[0] - 1), 6 * (x[1] + 2)]) for x in seen}  # right where seen

    def look_up(x):
        return stored.get(tuple(np.asarray(x, dtype=float)), np.zeros(2))

    assert check_grad_f(look_up, trials=0, seeds=(7,))
    feedback = check_grad_f(look_up, trials=0, seeds=(8,))
    assert not feedback.passed and feedback.exercise == "Partial derivatives"


@pytest.mark.parametrize("prefix, name, check", EXERCISES, ids=IDS)
def test_every_reference_solution_passes_on_a_held_out_seed(prefix, name, check):
    assert check(reference(prefix, name, check), trials=0, seeds=(2**31 + 5,)), name


def test_the_first_failing_draw_is_the_feedback():
    calls = []

    def fails_late(x):
        calls.append(1)
        if len(calls) > 6:
            raise ValueError("late")
        return np.array([2 * (x[0] - 1), 6 * (x[1] + 2)])

    feedback = check_grad_f(fails_late, trials=3)
    assert not feedback.passed and "raised ValueError: late" in feedback.message

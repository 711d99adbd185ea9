"""Every exercise of every chapter, tested the same two ways from the notebook itself: the
reference solution (cells tagged ``solution``) passes its checker, and the stub the learner
sees (cells tagged ``exercise``) gets the friendly "not implemented" message. The known
mistakes of each checker are tested in ``test_exercises_<chapter>.py``."""

import numpy as np
import pytest

from course_lib.exercises import NOT_IMPLEMENTED
from course_lib.exercises.activations import check_count_dead_units, check_softmax_ce_grad
from course_lib.exercises.diagnosis import check_diagnose, check_train_step
from course_lib.exercises.backprop import check_linear_backward, check_tanh_backward
from course_lib.exercises.feature_scaling import check_inverse_standardize, check_standardize
from course_lib.exercises.gradient_descent import check_descend, check_grad_f
from course_lib.exercises.initialization import check_he_normal, check_next_layer_std
from course_lib.exercises.learning_rate import check_cosine_schedule, check_largest_stable_lr
from course_lib.exercises.regularization import check_dropout, check_smooth_labels
from course_lib.exercises.optimizers import check_bias_correction, check_momentum_step
from course_lib.exercises.normalization import check_fit_standardizer, check_update_running

from notebook_cells import CHAPTERS, function_from_cells, tagged_cells

# (chapter prefix, the function the learner writes, its checker)
EXERCISES = [
    ("01_", "descend", check_descend),
    ("01_", "grad_f", check_grad_f),
    ("02_", "largest_stable_lr", check_largest_stable_lr),
    ("02_", "cosine_schedule", check_cosine_schedule),
    ("03_", "tanh_backward", check_tanh_backward),
    ("03_", "linear_backward", check_linear_backward),
    ("04_", "standardize", check_standardize),
    ("04_", "inverse_standardize", check_inverse_standardize),
    ("05_", "fit_standardizer", check_fit_standardizer),
    ("05_", "update_running", check_update_running),
    ("06_", "count_dead_units", check_count_dead_units),
    ("06_", "softmax_ce_grad", check_softmax_ce_grad),
    ("07_", "he_normal", check_he_normal),
    ("07_", "next_layer_std", check_next_layer_std),
    ("08_", "momentum_step", check_momentum_step),
    ("08_", "bias_correction", check_bias_correction),
    ("09_", "dropout", check_dropout),
    ("09_", "smooth_labels", check_smooth_labels),
    ("10_", "diagnose", check_diagnose),
    ("10_", "train_step", check_train_step),
]
IDS = [name for _, name, _ in EXERCISES]


def run(chapter, prefix, tag, name, check):
    namespace = {"np": np, check.__name__: check}
    return check(function_from_cells(chapter(prefix), tag, name, namespace))


@pytest.mark.parametrize("prefix, name, check", EXERCISES, ids=IDS)
def test_reference_solution_passes(chapter, prefix, name, check):
    feedback = run(chapter, prefix, "solution", name, check)
    assert feedback.passed, feedback


@pytest.mark.parametrize("prefix, name, check", EXERCISES, ids=IDS)
def test_stub_says_not_implemented(chapter, prefix, name, check):
    feedback = run(chapter, prefix, "exercise", name, check)
    assert not feedback.passed and feedback.message == NOT_IMPLEMENTED
    # The book shows every stub's output: a neutral prompt, not a red failure.
    assert str(feedback).startswith("✎ Your turn") and "#D55E00" not in feedback._repr_html_()


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_every_exercise_of_a_chapter_is_registered_here(path):
    registered = sorted(name for prefix, name, _ in EXERCISES if path.name.startswith(prefix))
    in_notebook = sorted(name for source in tagged_cells(path, "exercise")
                         for name in [line.split("(")[0][4:] for line in source.splitlines() if line.startswith("def ")])
    assert registered == in_notebook, f"register {path.name}'s exercises in EXERCISES"

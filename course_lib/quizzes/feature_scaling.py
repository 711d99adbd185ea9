"""Quiz of chapter 4 (Feature scaling). Numeric keys are computed with course_lib."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..linear_regression import max_stable_lr
from ..scalers import MinMaxScaler, StandardScaler
from . import numeric, single_choice


def min_max_of_new_value() -> float:
    """Min-max fitted on values from 2 to 10, applied to a new value of 12."""
    return float(MinMaxScaler().fit([[2.0], [10.0]]).transform([[12.0]])[0, 0])


def mse_back_to_original() -> float:
    """MSE 0.04 in standardized units, for a target whose standard deviation is 0.05."""
    scaler = StandardScaler().fit([[0.95], [1.05]])  # mean 1, population std 0.05
    return float(scaler.mse_in_original_units(0.04))


def largest_stable_lr() -> float:
    """Gradient descent on a quadratic whose Hessian has eigenvalues 2000 and 2."""
    return max_stable_lr(np.diag([2000.0, 2.0]))


def questions() -> list[dict[str, Any]]:
    return [
        numeric(
            "A feature's training values run from 2 to 10. A min-max scaler is fitted on them. "
            "What does it map a new value of 12 to?",
            min_max_of_new_value(),
            right="Right: (12 - 2) / (10 - 2). New data can fall outside [0, 1].",
            wrong=[(1.0, "Min-max scaling does not clip: a value beyond the training maximum lands above 1."),
                   (0.0, "0 is where the training minimum goes. 12 is above the training maximum.")],
            default="Apply (x - min) / (max - min) with the training min and max.",
        ),
        numeric(
            "A network trained on standardized targets reaches a mean squared error of 0.04 in those "
            "units. The targets' standard deviation is 0.05 in their original units. What is the mean "
            "squared error in the original units?",
            mse_back_to_original(),
            right="Right: 0.04 × 0.05². Losses on different target scales differ by the square of the scale.",
            wrong=[(0.002, "That is 0.04 × 0.05: every error is multiplied by 0.05, so every squared error is multiplied by 0.05²."),
                   (16.0, "That divides by 0.05². Going back to the original units multiplies errors by the standard deviation."),
                   (0.04, "The loss is in standardized units; it changes when converted to the original ones.")],
            default="Each error in original units is the standardized error times the standard deviation.",
        ),
        single_choice(
            "Run A trains on raw targets and ends with a training loss of 2e-5. Run B trains on "
            "standardized targets and ends with 1e-3. Which run fits the data better?",
            ("Run A: its loss is 50 times smaller.", False,
             "The two losses are in different units. A target with a small spread gives small losses whatever the fit."),
            ("Run B: standardized training always fits better.", False,
             "Nothing guarantees that; and these numbers cannot show it, since they are in different units."),
            ("It cannot be told from these numbers: convert both to the original units first.", True,
             "Right. Multiply B's loss by the target variance (or compare errors on predictions mapped back), then compare."),
        ),
        single_choice(
            "When should a scaler compute its statistics (mean, standard deviation, min, max)?",
            ("On the training set only; then the same statistics are applied to validation, test and new data.", True,
             "Right. The model learned in the units the training statistics define, so every input must use them."),
            ("On the whole data set before splitting it.", False,
             "That leaks the test set's statistics into training, so the test set no longer stands for unseen data. "
             "For a mean and a spread the chapter measured a small leak; features chosen on all the data can make "
             "the test score far too optimistic."),
            ("Separately on each set, so that each is centred on its own mean.", False,
             "Then the same raw value means different things in each set, and a single new example has a standard deviation of 0."),
            ("On every batch at prediction time.", False,
             "Predictions would then depend on which other examples share the batch."),
        ),
        numeric(
            "The Hessian of a quadratic loss has eigenvalues 2000 and 2. Below what learning rate does "
            "gradient descent converge?",
            largest_stable_lr(),
            right="Right: 2 / 2000. With the smallest curvature at 2, progress along that direction is then very slow.",
            wrong=[(1.0, "That is 2 divided by the smallest curvature. The largest curvature is the one that makes steps overshoot."),
                   (0.0005, "That step reaches the minimum in one step along the steepest direction; convergence holds up to twice that.")],
            default="Along each eigen-direction the update multiplies the error by (1 - lr·λ); it must stay between -1 and 1.",
        ),
        single_choice(
            "Two input features measure similar voltages, one recorded in volts and one in millivolts. "
            "Why does standardizing them speed up gradient descent on a linear model?",
            ("It makes the curvatures of the loss similar in every direction, so one learning rate suits them all.", True,
             "Right. The condition number drops towards 1, and the number of steps with it."),
            ("It lets the model make better predictions than it could on the raw features.", False,
             "A linear model with a bias can express the same predictions in either units; scaling changes the path, not the best fit."),
            ("It makes every gradient larger.", False,
             "Larger gradients alone would only call for a smaller learning rate. What matters is the ratio of curvatures."),
            ("It removes the noise in the measurements.", False,
             "An affine change of units keeps the noise; it only rescales it."),
        ),
        single_choice(
            "The chapter also trained the volts-and-millivolts regression with Adam, which gives every "
            "weight a step size of its own, and variations of it that each remove one oddity of the raw "
            "features. What did it find?",
            ("On the raw features a large share of the excess loss was left after 300 steps at every rate "
             "tried; centring the inputs, or giving them matching scales, was each enough for Adam to "
             "converge.", True,
             "Right. Adam stalled only where the thousandfold difference in units met inputs far from 0. "
             "Why the two together stall it, the chapter's ablation does not isolate."),
            ("Adam made scaling unnecessary: a scale per weight undoes a scale per feature.", False,
             "That was the expectation the chapter tested. On the raw features Adam kept over a fifth of "
             "the excess loss after 300 steps at every rate tried."),
            ("Uncentred inputs alone stall Adam, through their coupling to the bias: only centring helps.", False,
             "Inputs divided by their spread but not centred, and both inputs in volts, also not centred, "
             "converged: uncentred inputs alone did not stall Adam."),
            ("Adam diverged at every rate on the raw features.", False,
             "It did not: at every rate it ended below the loss it started from, but far from the minimum."),
        ),
        single_choice(
            "In this chapter's experiment, what did initializing the weights with fan-in scaling (He) "
            "instead of N(0, 1) change?",
            ("With He weights every case, raw data included, beat N(0, 1) weights on the best scaling: the "
             "initialization mattered more than the scaling.", True,
             "Right. N(0, 1) weights start with outputs over a hundred times more spread out than the targets; "
             "with He weights even the raw data did better than any scaling under N(0, 1) weights."),
            ("Scaling mattered more with He weights: the raw case fell behind every N(0, 1) case.", False,
             "The opposite: with He weights the raw case beat every N(0, 1) case."),
            ("Nothing: scaling and initialization fix unrelated problems.", False,
             "Here changing the initialization alone did more than any scaling. One explanation is that both act "
             "on one mismatch, between the size of the untrained outputs and of the targets; the chapter measured "
             "that mismatch but did not isolate it as the cause."),
        ),
    ]

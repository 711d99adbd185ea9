"""Quiz of chapter 5 (Normalization). Numeric keys are computed with course_lib."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..linear_regression import condition_number
from ..normalization import BatchNorm1d
from ..scalers import MinMaxScaler
from . import numeric, single_choice


def min_max_of_new_value() -> float:
    """Fitted on training widths spanning [2.0, 4.2] cm, the min-max value of a new 4.4 cm."""
    return float(MinMaxScaler().fit([[2.0], [3.1], [4.2]]).transform([[4.4]])[0, 0])


def running_after_one_batch() -> tuple[float, float]:
    """Running mean and variance of a fresh layer (0 and 1) after the batch [1, 3, 5], momentum 0.1."""
    layer = BatchNorm1d(1)
    layer(np.array([[1.0], [3.0], [5.0]]))
    return float(layer.running_mean[0]), float(layer.running_var[0])


def kappa_of_two_scales() -> float:
    """Condition number of the MSE Hessian of two centred, uncorrelated features with
    standard deviations 10 and 0.1 (no bias)."""
    X = np.array([[10.0, 0.1], [-10.0, -0.1], [10.0, -0.1], [-10.0, 0.1]])
    return condition_number(2 * X.T @ X / len(X))


def questions() -> list[dict[str, Any]]:
    mean, var = running_after_one_batch()
    return [
        numeric(
            "A min-max scaler was fitted on training widths from 2.0 cm to 4.2 cm. What value does it give a "
            "new flower of 4.4 cm?",
            min_max_of_new_value(),
            right="Right: (4.4 - 2.0) / (4.2 - 2.0). Values outside [0, 1] are normal for new data.",
            wrong=[(1.0, "A fitted scaler does not clip: new data can fall outside [0, 1]."),
                   (0.0, "That would be a scaler refitted on the new flower alone.")],
            default="Use the training minimum and range: (x - min) / (max - min).",
        ),
        single_choice(
            "A feature is strongly skewed. After standardization it is...",
            ("still exactly as skewed, with mean 0 and standard deviation 1", True,
             "Right: standardization is affine, so it changes units, not shape."),
            ("normally distributed", False, "Standardizing shifts and rescales; the shape, skew included, is unchanged."),
            ("less skewed, because outliers are pulled in", False,
             "Every value is shifted and scaled the same way; outliers stay exactly as far out, in standard deviations."),
        ),
        single_choice(
            "A neuron's inputs are all positive. For one training example, its weight gradient...",
            ("has all components of the same sign", True,
             "Right: each component is the same δ times a positive input."),
            ("has components of random signs", False, "Each component is δ·x_j: one shared factor δ, and x_j > 0."),
            ("is zero", False, "It is zero only when δ = 0, a perfect prediction."),
        ),
        numeric(
            "A fresh BatchNorm1d (running mean 0, momentum 0.1, PyTorch's convention) sees one training batch "
            "with values 1, 3, 5 in its only feature. What is its running mean now?",
            mean,
            right="Right: 0.9 · 0 + 0.1 · 3. The running mean moves a tenth of the way to the batch mean.",
            wrong=[(3.0, "That is the batch mean. The running mean is a moving average, not the last batch."),
                   (2.7, "That is Keras's convention, where momentum weights the old value. In PyTorch it weights the new batch.")],
            default="running = (1 - momentum) · running + momentum · batch mean.",
        ),
        numeric(
            "And its running variance (it started at 1)?",
            var,
            right="Right: 0.9 · 1 + 0.1 · 4, with the unbiased batch variance 8 / 2 = 4.",
            wrong=[(1.1667, "That uses the biased variance 8 / 3; PyTorch stores the unbiased one, 8 / 2."),
                   (4.0, "That is the batch variance itself, not the moving average.")],
            default="Use the unbiased batch variance (divide by B - 1) in the moving average.",
            precision=4,
        ),
        numeric(
            "Two centred, uncorrelated inputs have standard deviations 10 and 0.1. What is the condition number "
            "of the mean-squared-error Hessian of a linear model on them (no bias)?",
            kappa_of_two_scales(),
            right="Right: the curvatures are proportional to the variances, 100 and 0.01.",
            wrong=[(100.0, "That is the ratio of standard deviations; the Hessian holds variances, its square."),
                   (1.0, "That is after standardizing.")],
            default="The Hessian is 2/n·XᵀX: its eigenvalues are twice the variances here.",
        ),
        single_choice(
            "You evaluate a PyTorch model with batch norm under torch.no_grad() but forget model.eval(). What happens?",
            ("each test batch is normalized with its own statistics and updates the running averages", True,
             "Right: no_grad stops gradients, not the training-mode behaviour of batch norm."),
            ("nothing: no_grad switches batch norm to evaluation mode", False,
             "no_grad only disables gradient tracking; the mode is set by model.train() and model.eval()."),
            ("PyTorch raises an error", False, "It raises only for a batch of one; otherwise it silently uses batch statistics."),
        ),
    ]

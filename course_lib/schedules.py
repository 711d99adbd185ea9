"""Learning-rate schedules: the learning rate of every step of a run (chapter 2).

Each function returns an array of ``steps`` learning rates, for steps 0, 1, ..., steps - 1.
They follow the same formulas as ``optax`` and ``torch.optim.lr_scheduler`` (the tests use
both as oracles), so a schedule drawn here is the schedule those libraries would apply.
"""

from __future__ import annotations

import numpy as np

from .validation import check_positive_float, check_positive_int


def _non_negative(value: float, name: str) -> float:
    if value == 0:
        return 0.0
    return check_positive_float(value, name)


def constant(lr: float, steps: int) -> np.ndarray:
    """The same learning rate at every step."""
    return np.full(check_positive_int(steps, "steps"), check_positive_float(lr, "lr"))


def step_decay(lr: float, steps: int, *, every: int, factor: float = 0.1) -> np.ndarray:
    """``lr`` multiplied by ``factor`` after every ``every`` steps (torch's ``StepLR``)."""
    steps, every = check_positive_int(steps, "steps"), check_positive_int(every, "every")
    factor = check_positive_float(factor, "factor")
    if factor >= 1:
        raise ValueError(f"factor must be below 1 for the rate to decay; got {factor}.")
    return check_positive_float(lr, "lr") * factor ** (np.arange(steps) // every)


def cosine(lr: float, steps: int, *, final_lr: float = 0.0) -> np.ndarray:
    """Half a cosine from ``lr`` at step 0 towards ``final_lr`` at step ``steps``
    (optax's ``cosine_decay_schedule``, torch's ``CosineAnnealingLR``)."""
    lr, steps = check_positive_float(lr, "lr"), check_positive_int(steps, "steps")
    final_lr = _non_negative(final_lr, "final_lr")
    if final_lr > lr:
        raise ValueError(f"final_lr ({final_lr}) must not exceed lr ({lr}) for a decay.")
    return final_lr + (lr - final_lr) * 0.5 * (1 + np.cos(np.pi * np.arange(steps) / steps))


def warmup_cosine(lr: float, steps: int, *, warmup: int, final_lr: float = 0.0) -> np.ndarray:
    """A linear warm-up from 0 to ``lr`` over ``warmup`` steps, then :func:`cosine` decay over
    the remaining steps (optax's ``warmup_cosine_decay_schedule`` with ``init_value=0``)."""
    steps, warmup = check_positive_int(steps, "steps"), check_positive_int(warmup, "warmup")
    if warmup >= steps:
        raise ValueError(f"warmup ({warmup}) must be shorter than the run ({steps} steps).")
    ramp = check_positive_float(lr, "lr") * np.arange(warmup) / warmup
    return np.concatenate([ramp, cosine(lr, steps - warmup, final_lr=final_lr)])

"""Learning-rate schedules: the learning rate of every step of a run (chapter 2).

Each function returns an array of ``steps`` learning rates, for steps 0, 1, ..., steps - 1.
They follow the same formulas as ``optax`` and ``torch.optim.lr_scheduler`` (the tests use
both as oracles), so a schedule drawn here is the schedule those libraries would apply.
"""

from __future__ import annotations

import numpy as np

from .validation import check_nonnegative_float, check_positive_int

# Rates of 0, a factor of 1 (no decay), a final rate above the peak (a rising cosine) and no
# warm-up are all accepted, as torch and optax accept them; only negative or non-finite values
# are refused.


def constant(lr: float, steps: int) -> np.ndarray:
    """The same learning rate at every step."""
    return np.full(check_positive_int(steps, "steps"), check_nonnegative_float(lr, "lr"))


def step_decay(lr: float, steps: int, *, every: int, factor: float = 0.1) -> np.ndarray:
    """``lr`` multiplied by ``factor`` after every ``every`` steps (torch's ``StepLR``)."""
    steps, every = check_positive_int(steps, "steps"), check_positive_int(every, "every")
    factor = check_nonnegative_float(factor, "factor")
    return check_nonnegative_float(lr, "lr") * factor ** (np.arange(steps) // every)


def cosine(lr: float, steps: int, *, final_lr: float = 0.0) -> np.ndarray:
    """Half a cosine from ``lr`` at step 0 towards ``final_lr`` at step ``steps``
    (optax's ``cosine_decay_schedule``, torch's ``CosineAnnealingLR``)."""
    lr, steps = check_nonnegative_float(lr, "lr"), check_positive_int(steps, "steps")
    final_lr = check_nonnegative_float(final_lr, "final_lr")
    return final_lr + (lr - final_lr) * 0.5 * (1 + np.cos(np.pi * np.arange(steps) / steps))


def warmup_cosine(lr: float, steps: int, *, warmup: int, final_lr: float = 0.0) -> np.ndarray:
    """A linear warm-up from 0 to ``lr`` over ``warmup`` steps (none when ``warmup=0``), then
    :func:`cosine` decay over the remaining steps (optax's ``warmup_cosine_decay_schedule``
    with ``init_value=0``)."""
    steps, warmup = check_positive_int(steps, "steps"), check_positive_int(warmup, "warmup", minimum=0)
    if warmup >= steps:
        raise ValueError(f"warmup ({warmup}) must be shorter than the run ({steps} steps).")
    ramp = check_nonnegative_float(lr, "lr") * np.arange(warmup) / max(warmup, 1)
    return np.concatenate([ramp, cosine(lr, steps - warmup, final_lr=final_lr)])

"""The schedules equal optax's and torch's (the oracles) at every step."""

import numpy as np
import optax
import pytest
import torch

from course_lib import schedules

STEPS, LR = 120, 0.3


def torch_rates(make_scheduler):
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=LR)
    scheduler = make_scheduler(opt)
    rates = []
    for _ in range(STEPS):
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
        scheduler.step()
    return np.array(rates)


def optax_rates(schedule):
    return np.array([float(schedule(t)) for t in range(STEPS)])


# float32 inside optax: rates agree to about 1e-7 relative, so 1e-6 leaves room.
RTOL = 1e-6


def test_constant():
    np.testing.assert_allclose(schedules.constant(LR, STEPS), optax_rates(optax.constant_schedule(LR)), rtol=RTOL)


def test_step_decay_equals_torch_step_lr_and_optax_staircase():
    ours = schedules.step_decay(LR, STEPS, every=40, factor=0.1)
    np.testing.assert_allclose(ours, torch_rates(lambda o: torch.optim.lr_scheduler.StepLR(o, 40, 0.1)), rtol=1e-12)
    staircase = optax.exponential_decay(LR, transition_steps=40, decay_rate=0.1, staircase=True)
    np.testing.assert_allclose(ours, optax_rates(staircase), rtol=RTOL)


@pytest.mark.parametrize("final_lr", [0.0, 0.03])
def test_cosine_equals_torch_and_optax(final_lr):
    ours = schedules.cosine(LR, STEPS, final_lr=final_lr)
    theirs = torch_rates(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=STEPS, eta_min=final_lr))
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours, optax_rates(optax.cosine_decay_schedule(LR, STEPS, alpha=final_lr / LR)),
                               rtol=RTOL, atol=1e-8)


def test_warmup_cosine_equals_optax():
    ours = schedules.warmup_cosine(LR, STEPS, warmup=12, final_lr=0.01)
    theirs = optax.warmup_cosine_decay_schedule(0.0, LR, warmup_steps=12, decay_steps=STEPS, end_value=0.01)
    np.testing.assert_allclose(ours, optax_rates(theirs), rtol=RTOL, atol=1e-8)
    assert ours[0] == 0 and ours.argmax() == 12


@pytest.mark.parametrize("call, message", [
    (lambda: schedules.constant(-0.1, 10), "lr must be"),
    (lambda: schedules.step_decay(0.1, 10, every=0), "every must be"),
    (lambda: schedules.step_decay(0.1, 10, every=3, factor=-2.0), "factor must be"),
    (lambda: schedules.cosine(0.1, 10, final_lr=np.inf), "final_lr must be"),
    (lambda: schedules.warmup_cosine(0.1, 10, warmup=10), "shorter than the run"),
])
def test_bad_arguments_get_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()

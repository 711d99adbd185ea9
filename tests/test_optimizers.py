"""The NumPy optimizers of chapter 8, step by step against torch.optim and optax (the oracles),
on the same parameters and a gradient that depends on them. Everything runs in float64, so
the tolerance 1e-10 is rounding only."""

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest
import torch

from course_lib.optimizers import SGD, AdaGrad, Adam, RMSProp, clip_by_norm, clip_by_value

STEPS = 40
A = np.diag([3.0, 0.5, 0.05, 1.0]) + 0.1  # an ill-conditioned quadratic, so every coordinate moves differently
START = np.array([1.0, -2.0, 0.5, 3.0])


def gradient(p, t):
    """The gradient of a quadratic plus a deterministic 'noise' term that changes every step."""
    return A @ p + 0.3 * np.sin(np.arange(4) + t)


@pytest.fixture(scope="module", autouse=True)
def float64_jax():
    jax.config.update("jax_enable_x64", True)
    yield
    jax.config.update("jax_enable_x64", False)


def ours(optimizer):
    p, path = START.copy(), []
    for t in range(STEPS):
        p = optimizer.step(p, gradient(p, t))
        path.append(p)
    return np.array(path)


def with_torch(make):
    p = torch.tensor(START.copy(), requires_grad=True)
    opt, path = make([p]), []
    for t in range(STEPS):
        p.grad = torch.tensor(gradient(p.detach().numpy(), t))
        opt.step()
        path.append(p.detach().numpy().copy())
    return np.array(path)


def with_optax(tx):
    p, path = jnp.asarray(START), []
    state = tx.init(p)
    for t in range(STEPS):
        updates, state = tx.update(jnp.asarray(gradient(np.asarray(p), t)), state, p)
        p = optax.apply_updates(p, updates)
        path.append(np.asarray(p))
    return np.array(path)


CASES = {
    "sgd": (lambda: SGD(0.1), lambda ps: torch.optim.SGD(ps, lr=0.1), optax.sgd(0.1)),
    "momentum": (lambda: SGD(0.05, 0.9), lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9),
                 optax.sgd(0.05, momentum=0.9)),
    "nesterov": (lambda: SGD(0.05, 0.9, nesterov=True), lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True),
                 optax.sgd(0.05, momentum=0.9, nesterov=True)),
    # optax adds eps inside the root, torch outside (1e-8 apart relative, with the defaults'
    # 1e-10): an eps far below rounding makes the three the same formula
    "adagrad": (lambda: AdaGrad(0.1, eps=1e-30), lambda ps: torch.optim.Adagrad(ps, lr=0.1, eps=1e-30),
                optax.adagrad(0.1, initial_accumulator_value=0.0, eps=1e-30)),
    "rmsprop": (lambda: RMSProp(0.01), lambda ps: torch.optim.RMSprop(ps, lr=0.01),
                optax.rmsprop(0.01, decay=0.99, eps=1e-8, eps_in_sqrt=False)),  # torch's defaults and eps placement
    "adam": (lambda: Adam(0.01), lambda ps: torch.optim.Adam(ps, lr=0.01), optax.adam(0.01)),
    "adam + L2": (lambda: Adam(0.01, weight_decay=0.1), lambda ps: torch.optim.Adam(ps, lr=0.01, weight_decay=0.1),
                  optax.chain(optax.add_decayed_weights(0.1), optax.adam(0.01))),
    "adamw": (lambda: Adam(0.01, weight_decay=0.1, decoupled=True),
              lambda ps: torch.optim.AdamW(ps, lr=0.01, weight_decay=0.1), optax.adamw(0.01, weight_decay=0.1)),
}


@pytest.mark.parametrize("name", CASES)
def test_every_step_equals_torch_optim_and_optax(name):
    make_ours, make_torch, tx = CASES[name]
    path = ours(make_ours())
    np.testing.assert_allclose(path, with_torch(make_torch), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(path, with_optax(tx), rtol=1e-10, atol=1e-12)


def test_adam_without_bias_correction_takes_a_first_step_larger_than_lr():
    # m1 = 0.1 g and s1 = 0.001 g^2, so the uncorrected step is 0.1 / sqrt(0.001) = 3.16 lr
    step = np.abs(Adam(0.01, bias_correction=False).step(START, gradient(START, 0)) - START)
    np.testing.assert_allclose(step, 0.01 * 0.1 / np.sqrt(0.001), rtol=1e-6)
    corrected = np.abs(Adam(0.01).step(START, gradient(START, 0)) - START)
    np.testing.assert_allclose(corrected, 0.01, rtol=1e-6)


def test_adamw_and_adam_with_l2_differ():
    assert np.abs(ours(Adam(0.01, weight_decay=0.1)) - ours(Adam(0.01, weight_decay=0.1, decoupled=True))).max() > 1e-3


def test_step_leaves_its_inputs_unchanged():
    p, g = START.copy(), gradient(START, 0)
    SGD(0.1, 0.9).step(p, g)
    assert np.array_equal(p, START) and np.array_equal(g, gradient(START, 0))


@pytest.mark.parametrize("call, message", [
    (lambda: SGD(-0.1), "lr must be"),
    (lambda: SGD(0.1, momentum=1.0), "momentum must satisfy"),
    (lambda: SGD(0.1, nesterov=True), "nesterov=True needs a momentum"),
    (lambda: RMSProp(0.1, alpha=1.0), "alpha must satisfy"),
    (lambda: Adam(0.1, betas=(0.9,)), "betas must be a pair"),
    (lambda: Adam(0.1, weight_decay=-1), "weight_decay must be"),
    (lambda: SGD(0.1).step(np.ones(3), np.ones(2)), "grads must have the shape"),
    (lambda: SGD(0.1).step(np.ones(3), np.array([1.0, np.nan, 0.0])), "NaN"),
])
def test_bad_input_gets_a_clear_error(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_changing_the_parameter_shape_is_refused():
    opt = Adam(0.1)
    opt.step(np.ones(3), np.ones(3))
    with pytest.raises(ValueError, match="changed shape"):
        opt.step(np.ones(4), np.ones(4))


@pytest.mark.parametrize("max_norm", [0.5, 100.0])
def test_clip_by_norm_equals_torch_and_keeps_the_direction(max_norm):
    g = np.array([3.0, -4.0, 0.5])
    t = torch.tensor(g.copy(), requires_grad=True)
    t.grad = torch.tensor(g.copy())
    torch.nn.utils.clip_grad_norm_([t], max_norm)
    ours_ = clip_by_norm(g, max_norm)
    np.testing.assert_allclose(ours_, t.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(ours_ / np.linalg.norm(ours_), g / np.linalg.norm(g), rtol=1e-12)


def test_clip_by_value_equals_torch():
    g = np.array([3.0, -4.0, 0.5])
    t = torch.tensor(g.copy(), requires_grad=True)
    t.grad = torch.tensor(g.copy())
    torch.nn.utils.clip_grad_value_([t], 1.0)
    np.testing.assert_array_equal(clip_by_value(g, 1.0), t.grad.numpy())


def test_adagrad_steps_shrink_as_one_over_root_t_under_a_constant_gradient():
    opt, p = AdaGrad(0.1), np.zeros(2)
    for t in range(1, 50):
        new = opt.step(p, np.array([2.0, -0.5]))
        np.testing.assert_allclose(np.abs(new - p), 0.1 / np.sqrt(t), rtol=1e-9)
        p = new


def test_library_gaps_matches_torch_and_optax_and_refuses_mismatched_names():
    import optax
    import torch

    from course_lib.optimizers import SGD, Adam, library_gaps

    hessian, start = np.array([[3.0, 1.0], [1.0, 2.0]]), [1.0, -2.0]
    gaps = library_gaps({"SGD": SGD(0.1, 0.9), "Adam": Adam(0.01)},
                        {"SGD": lambda p: torch.optim.SGD(p, 0.1, momentum=0.9), "Adam": lambda p: torch.optim.Adam(p, 0.01)},
                        {"SGD": optax.sgd(0.1, 0.9), "Adam": optax.adam(0.01)}, hessian, start, steps=20)
    assert set(gaps) == {"SGD", "Adam"}
    assert all(g[0] < 1e-12 and g[1] < 1e-5 for g in gaps.values())
    # a wrong convention shows: torch's plain SGD against our momentum
    wrong = library_gaps({"SGD": SGD(0.1, 0.9)}, {"SGD": lambda p: torch.optim.SGD(p, 0.1)}, {"SGD": optax.sgd(0.1)},
                         hessian, start, steps=20)
    assert wrong["SGD"].min() > 1e-3
    with pytest.raises(ValueError, match="optax_transforms must name the same optimizers"):
        library_gaps({"SGD": SGD(0.1)}, {"SGD": lambda p: torch.optim.SGD(p, 0.1)}, {"Adam": optax.adam(0.1)},
                     hessian, start)
    with pytest.raises(ValueError, match="start must have 2 coordinates"):
        library_gaps({"SGD": SGD(0.1)}, {"SGD": lambda p: torch.optim.SGD(p, 0.1)}, {"SGD": optax.sgd(0.1)},
                     hessian, [1.0, 2.0, 3.0])


def test_step_sizes_under_a_constant_gradient_match_a_hand_run_loop():
    from course_lib.optimizers import SGD, AdaGrad, Adam, step_sizes

    # momentum: the step grows to lr * g / (1 - beta); AdaGrad's t-th step is lr / sqrt(t)
    assert abs(step_sizes(SGD(0.01, 0.9), 2.0, 400)[-1] - 0.01 * 2.0 / 0.1) < 1e-9
    np.testing.assert_allclose(step_sizes(AdaGrad(0.1), -3.0, 50), 0.1 / np.sqrt(np.arange(1, 51)), rtol=1e-9)
    # the oracle: the same optimizer stepped by hand
    opt, x, expected = Adam(0.01, bias_correction=False), np.zeros(1), []
    for _ in range(30):
        new = opt.step(x, np.array([0.5]))
        expected.append(abs(new - x)[0])
        x = new
    np.testing.assert_array_equal(step_sizes(Adam(0.01, bias_correction=False), 0.5, 30), expected)
    with pytest.raises(TypeError, match="optimizer must be an optimizer of course_lib.optimizers"):
        step_sizes(lambda x, g: x, 0.5, 3)
    with pytest.raises(ValueError, match="gradient"):
        step_sizes(SGD(0.1), [0.5, 1.0], 3)

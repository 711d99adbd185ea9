"""The JAX MLP: forward pass and Adam training checked against torch (the oracle), batched
training equal to one run at a time, initial weights with the intended statistics."""

import jax
import numpy as np
import pytest
import torch

from course_lib.mlp_jax import init_mlp, init_mlps, init_std, mlp_apply, predict, train_mlps

SIZES = [2, 16, 8, 1]


def to_torch(params, activation="tanh"):
    layers = []
    for i, (w, b) in enumerate(params):
        lin = torch.nn.Linear(w.shape[0], w.shape[1])
        with torch.no_grad():
            lin.weight.copy_(torch.tensor(np.asarray(w).T))
            lin.bias.copy_(torch.tensor(np.asarray(b)))
        layers.append(lin)
        if i < len(params) - 1:
            layers.append({"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid}[activation]())
    return torch.nn.Sequential(*layers)


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_forward_matches_torch(activation):
    params = init_mlp(jax.random.key(0), SIZES, "he")
    x = np.random.default_rng(0).normal(size=(5, 2)).astype(np.float32)
    ours = np.asarray(mlp_apply(params, x, activation))
    theirs = to_torch(params, activation)(torch.tensor(x)).detach().numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)  # float32 on both sides


def test_adam_training_matches_torch_adam_step_by_step():
    params = init_mlp(jax.random.key(1), SIZES, "he")
    rng = np.random.default_rng(1)
    x = rng.normal(size=(32, 2)).astype(np.float32)
    y = np.sin(x[:, :1]).astype(np.float32)
    steps, lr = 25, 1e-2
    stack = jax.tree.map(lambda a: a[None], params)
    ours = train_mlps(stack, x[None], y[None], lr=lr, steps=steps).losses[0]

    net = to_torch(params, "relu")
    opt = torch.optim.Adam(net.parameters(), lr=lr)  # same defaults as optax.adam (eps outside the sqrt)
    theirs = []
    for _ in range(steps):
        opt.zero_grad()
        loss = torch.mean((net(torch.tensor(x)) - torch.tensor(y)) ** 2)
        theirs.append(loss.item())
        loss.backward()
        opt.step()
    # float32 rounding differs between the two implementations and compounds over steps.
    np.testing.assert_allclose(ours, theirs, rtol=2e-4)


def test_batched_runs_equal_runs_trained_one_at_a_time():
    keys = jax.random.split(jax.random.key(2), 3)
    rng = np.random.default_rng(2)
    x = rng.uniform(size=(3, 20, 2))
    y = rng.uniform(size=(3, 20, 1))
    together = train_mlps(init_mlps(keys, SIZES), x, y, lr=1e-3, steps=30).losses
    for i, k in enumerate(keys):
        alone = train_mlps(init_mlps(k[None], SIZES), x[i:i + 1], y[i:i + 1], lr=1e-3, steps=30).losses[0]
        np.testing.assert_allclose(together[i], alone, rtol=1e-5)


def test_training_reduces_the_loss():
    params = init_mlps(jax.random.split(jax.random.key(3), 2), [1, 32, 32, 1])
    x = np.broadcast_to(np.linspace(0, 1, 50)[:, None], (2, 50, 1))
    result = train_mlps(params, x, 0.15 * np.sqrt(x), lr=1e-3, steps=300)
    assert result.losses.shape == (2, 300)
    assert (result.losses[:, -1] < 0.1 * result.losses[:, 0]).all()
    assert predict(result.params, x[0]).shape == (2, 50, 1)


@pytest.mark.parametrize("init, expected", [("he", np.sqrt(2 / 400)), ("lecun", np.sqrt(1 / 400)), ("standard_normal", 1.0)])
def test_initial_weights_have_the_intended_spread(init, expected):
    w, b = init_mlp(jax.random.key(4), [400, 300], init)[0]
    assert init_std(400, init) == pytest.approx(expected)
    # 120 000 draws: the sample std is within 1% of the true one with overwhelming probability.
    assert np.std(np.asarray(w)) == pytest.approx(expected, rel=0.01)
    assert abs(np.mean(np.asarray(w))) < 0.01 * expected
    assert not np.asarray(b).any()


def test_he_init_matches_torch_kaiming_normal_in_distribution():
    torch.manual_seed(0)
    theirs = torch.nn.init.kaiming_normal_(torch.empty(300, 400), nonlinearity="relu").numpy()  # fan_in = 400
    ours = np.asarray(init_mlp(jax.random.key(5), [400, 300], "he")[0][0])
    assert np.std(ours) == pytest.approx(np.std(theirs), rel=0.02)


@pytest.mark.parametrize("call, message", [
    (lambda p: train_mlps(p, np.ones((3, 4, 1)), np.ones((2, 4, 1)), lr=1e-3, steps=2), "one data set per run"),
    (lambda p: train_mlps(p, np.ones((2, 4, 3)), np.ones((2, 4, 1)), lr=1e-3, steps=2), "take 1 input"),
    (lambda p: train_mlps(p, np.ones((2, 4, 1)), np.ones((2, 5, 1)), lr=1e-3, steps=2), "samples per run"),
    (lambda p: train_mlps(p, np.ones((2, 4, 1)), np.ones((2, 4, 1)), lr=-1.0, steps=2), "lr must be"),
    (lambda p: train_mlps(p, np.ones((2, 4, 1)), np.ones((2, 4, 1)), lr=1e-3, steps=0), "steps must be"),
    (lambda p: train_mlps(p, np.ones((4, 1)), np.ones((4, 1)), lr=1e-3, steps=2), "x must be a 3-D array"),
    (lambda p: init_mlps(jax.random.split(jax.random.key(0), 2), [1, 4, 1], "xavier"), "init must be one of"),
    (lambda p: init_mlps(jax.random.split(jax.random.key(0), 2), [1], "he"), "sizes must list"),
])
def test_bad_arguments_get_clear_errors(call, message):
    params = init_mlps(jax.random.split(jax.random.key(0), 2), [1, 4, 1])
    with pytest.raises((ValueError, TypeError), match=message):
        call(params)

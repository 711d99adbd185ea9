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


def torch_losses(params, activation, x, y, make_optimizer, steps):
    """The loss before each of ``steps`` full-batch updates of the same network in torch."""
    net = to_torch(params, activation)
    opt = make_optimizer(net.parameters())
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = torch.mean((net(torch.tensor(x)) - torch.tensor(y)) ** 2)
        losses.append(loss.item())
        loss.backward()
        opt.step()
    return losses


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

    # torch's Adam has the same defaults as optax.adam (eps outside the sqrt)
    theirs = torch_losses(params, "relu", x, y, lambda p: torch.optim.Adam(p, lr=lr), steps)
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


def test_stacks_of_any_size_share_one_program_and_equal_init_mlp():
    from course_lib.mlp_jax import _compiled_bits

    sizes = [3, 5, 2]
    for runs in (1, 5, 28, 33):  # padded to 32, 32, 32 and 64 keys
        keys = jax.random.split(jax.random.key(runs), runs)
        stack = init_mlps(keys, sizes, "lecun")
        assert [w.shape[0] for w, _ in stack] == [runs, runs]
        for i in (0, runs - 1):
            one = init_mlp(keys[i], sizes, "lecun")
            for (w, b), (ws, bs) in zip(one, stack):
                assert np.array_equal(np.asarray(w), np.asarray(ws[i])) and not np.asarray(bs[i]).any()
    assert _compiled_bits(tuple(sizes))._cache_size() == 2  # 32 and 64 keys


def test_unoptimized_bits_give_jax_random_normal_bit_for_bit():
    # init_mlps draws its bits in a program compiled without LLVM's optimizations (issue 40:
    # chapter 9's compile) and turns them into normals in one compiled as usual; the weights
    # must still be jax.random.normal's, bit for bit, for new-style and raw keys, at the
    # sizes of chapters 2, 5, 6 and 9
    for sizes in ([64, 64, 10], [2, 16, 16, 1], [2, 64, 64, 1], [10, 32, 32, 1], [4] + [32] * 8 + [3]):
        for keys in (jax.random.split(jax.random.key(7), 3), jax.random.split(jax.random.PRNGKey(7), 3)):
            stack = init_mlps(keys, sizes, 1.0)
            for i in range(3):
                key = keys[i]
                for (w, _), fan_in, fan_out in zip(stack, sizes[:-1], sizes[1:]):
                    key, subkey = jax.random.split(key)
                    expected = np.asarray(jax.random.normal(subkey, (fan_in, fan_out)))
                    assert np.array_equal(np.asarray(w[i]), expected)


def test_training_reduces_the_loss():
    params = init_mlps(jax.random.split(jax.random.key(3), 2), [1, 32, 32, 1])
    x = np.broadcast_to(np.linspace(0, 1, 50)[:, None], (2, 50, 1))
    result = train_mlps(params, x, 0.15 * np.sqrt(x), lr=1e-3, steps=300)
    assert result.losses.shape == (2, 300)
    assert (result.losses[:, -1] < 0.1 * result.losses[:, 0]).all()
    assert predict(result.params, x[0]).shape == (2, 50, 1)


@pytest.mark.parametrize("init, expected", [("he", np.sqrt(2 / 400)), ("lecun", np.sqrt(1 / 400)), ("standard_normal", 1.0),
                                            ("xavier", np.sqrt(2 / 700)), (0.05, 0.05)])
def test_initial_weights_have_the_intended_spread(init, expected):
    w, b = init_mlp(jax.random.key(4), [400, 300], init)[0]
    assert init_std(400, init, 300) == pytest.approx(expected)
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
    (lambda p: init_mlps(jax.random.split(jax.random.key(0), 2), [1, 4, 1], "glorot"), "init must be one of"),
    (lambda p: init_mlps(jax.random.split(jax.random.key(0), 2), [1, 4, 1], -0.5), "init must be a finite number >= 0"),
    (lambda p: train_mlps(p, np.ones((2, 4, 1)), np.ones((2, 4, 1)), lr=1e-3, steps=2, norm="group"), "norm must be one of"),
    (lambda p: init_mlps(jax.random.split(jax.random.key(0), 2), [1], "he"), "sizes must list"),
])
def test_bad_arguments_get_clear_errors(call, message):
    params = init_mlps(jax.random.split(jax.random.key(0), 2), [1, 4, 1])
    with pytest.raises((ValueError, TypeError), match=message):
        call(params)


@pytest.mark.parametrize("optimizer, lr, make", [
    ("gd", 0.1, lambda p: torch.optim.SGD(p, lr=0.1)),
    ("momentum", 0.05, lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9)),
    ("rmsprop", 0.003, lambda p: torch.optim.RMSprop(p, lr=0.003)),
])
def test_each_optimizer_matches_torch_optim_step_by_step(optimizer, lr, make):
    params = init_mlp(jax.random.key(6), SIZES, "lecun")
    rng = np.random.default_rng(6)
    x = rng.normal(size=(32, 2)).astype(np.float32)
    y = np.sin(x[:, :1]).astype(np.float32)
    steps = 25
    ours = train_mlps(jax.tree.map(lambda a: a[None], params), x[None], y[None], lr=lr, steps=steps,
                      activation="tanh", optimizer=optimizer).losses[0]
    theirs = torch_losses(params, "tanh", x, y, make, steps)
    np.testing.assert_allclose(ours, theirs, rtol=1e-4)  # float32 rounding, compounded over steps


def test_per_run_rates_and_schedules_equal_separate_runs():
    keys = jax.random.split(jax.random.key(7), 2)
    rng = np.random.default_rng(7)
    x = np.broadcast_to(rng.uniform(size=(20, 2)), (2, 20, 2))
    y = np.broadcast_to(rng.uniform(size=(20, 1)), (2, 20, 1))
    params = init_mlps(keys, SIZES)
    sweep = train_mlps(params, x, y, lr=np.array([0.05, 0.2]), steps=10, optimizer="gd").losses
    for i, lr in enumerate([0.05, 0.2]):
        alone = train_mlps(params, x, y, lr=lr, steps=10, optimizer="gd").losses[i]
        np.testing.assert_allclose(sweep[i], alone, rtol=1e-6)
    schedule = np.linspace(0.2, 0.0, 10)
    scheduled = train_mlps(params, x, y, lr=schedule[None], steps=10, optimizer="gd")
    by_hand = [params]
    for lr in schedule:  # a schedule is a sequence of single steps with different rates
        by_hand.append(train_mlps(by_hand[-1], x, y, lr=float(lr) or 1e-30, steps=1, optimizer="gd").params)
    np.testing.assert_allclose(np.asarray(scheduled.params[0][0]), np.asarray(by_hand[-1][0][0]), rtol=1e-5, atol=1e-7)


def hessian_eigenvalues(loss, params) -> np.ndarray:
    """The eigenvalues, ascending, of the Hessian of ``loss`` at one network's ``params``: the
    oracle for sharpness. Compiled: op by op, jax.hessian took 8 s per network."""
    from jax.flatten_util import ravel_pytree

    flat, unravel = ravel_pytree(params)
    hessian = jax.jit(jax.hessian(lambda v: loss(unravel(v))))(flat)
    return np.linalg.eigvalsh(np.asarray(hessian, dtype=np.float64))


def test_sharpness_is_the_largest_hessian_eigenvalue():
    from course_lib.mlp_jax import sharpness

    keys = jax.random.split(jax.random.key(8), 2)
    rng = np.random.default_rng(8)
    x = rng.normal(size=(2, 40, 2))
    y = np.sin(x[..., :1])
    params = init_mlps(keys, SIZES, "lecun")
    ours = sharpness(params, x, y, activation="tanh", iterations=300)
    for i in range(2):
        loss = lambda p: jax.numpy.mean((mlp_apply(p, x[i].astype(np.float32), "tanh") - y[i]) ** 2)
        top = hessian_eigenvalues(loss, jax.tree.map(lambda a: a[i], params))[-1]
        assert ours[i] == pytest.approx(top, rel=1e-3)  # power iteration converges to ~1e-4 here


def test_sharpness_is_the_largest_eigenvalue_even_where_a_negative_one_is_larger_in_size():
    """Large residuals make the Hessian's most negative eigenvalue the largest in magnitude for
    run 1 (-44.9 against +30.4) but not for run 0; power iteration alone would find -44.9."""
    from course_lib.mlp_jax import sharpness

    keys = jax.random.split(jax.random.key(1), 2)
    x = np.random.default_rng(1).normal(size=(2, 40, 2))
    y = 30 * np.sin(x[..., :1])
    params = init_mlps(keys, [2, 8, 1], "lecun")
    ours = sharpness(params, x, y, activation="tanh", iterations=300)
    spectra = []
    for i in range(2):
        loss = lambda p: jax.numpy.mean((mlp_apply(p, x[i].astype(np.float32), "tanh") - y[i]) ** 2)
        spectra.append(hessian_eigenvalues(loss, jax.tree.map(lambda a: a[i], params)))
    assert -spectra[1][0] > spectra[1][-1] and spectra[0][-1] > -spectra[0][0]  # the case is as described
    np.testing.assert_allclose(ours, [s[-1] for s in spectra], rtol=1e-3)


def test_learning_rate_arrays_are_checked():
    params = init_mlps(jax.random.split(jax.random.key(0), 2), [1, 4, 1])
    with pytest.raises(ValueError, match="one rate per run"):
        train_mlps(params, np.ones((2, 4, 1)), np.ones((2, 4, 1)), lr=np.ones(3), steps=2)
    with pytest.raises(ValueError, match="lr must be >= 0"):
        train_mlps(params, np.ones((2, 4, 1)), np.ones((2, 4, 1)), lr=-np.ones(2), steps=2)
    with pytest.raises(ValueError, match="optimizer must be one of"):
        train_mlps(params, np.ones((2, 4, 1)), np.ones((2, 4, 1)), lr=0.1, steps=2, optimizer="sgd")


def test_batch_norm_layers_equal_torch_batch_norm_in_training_mode():
    params = init_mlp(jax.random.key(8), [3, 6, 5, 2], "he")
    x = np.random.default_rng(8).normal(2.0, 3.0, size=(16, 3)).astype(np.float32)
    layers = []
    for w, b in params[:-1]:
        lin = torch.nn.Linear(*np.shape(w), bias=False)
        norm = torch.nn.BatchNorm1d(np.shape(w)[1], eps=1e-5)  # gamma = 1; beta plays the role of b
        with torch.no_grad():
            lin.weight.copy_(torch.tensor(np.asarray(w).T))
            norm.bias.copy_(torch.tensor(np.asarray(b) + 0.1))
        layers += [lin, norm, torch.nn.ReLU()]
    w_out, b_out = params[-1]
    out = torch.nn.Linear(*np.shape(w_out))
    with torch.no_grad():
        out.weight.copy_(torch.tensor(np.asarray(w_out).T))
        out.bias.copy_(torch.tensor(np.asarray(b_out)))
    expected = torch.nn.Sequential(*layers, out)(torch.tensor(x)).detach().numpy()
    shifted = [(w, b + 0.1) for w, b in params[:-1]] + [params[-1]]
    # float32 throughout: agreement to 1e-5 is rounding
    np.testing.assert_allclose(np.asarray(mlp_apply(shifted, x, "relu", "batch")), expected, rtol=1e-4, atol=1e-5)


def test_layer_norm_makes_each_example_independent_of_its_batch():
    params = init_mlp(jax.random.key(9), [3, 6, 2], "he")
    x = np.random.default_rng(9).normal(size=(5, 3)).astype(np.float32)
    alone = np.asarray(mlp_apply(params, x[:1], "relu", "layer"))
    np.testing.assert_allclose(alone, np.asarray(mlp_apply(params, x, "relu", "layer"))[:1], rtol=1e-6)


def test_softmax_cross_entropy_equals_torch():
    from course_lib.mlp_jax import loss_value

    rng = np.random.default_rng(10)
    logits, labels = rng.normal(0, 5, size=(7, 4)), rng.integers(0, 4, size=7)
    expected = torch.nn.functional.cross_entropy(torch.tensor(logits), torch.tensor(labels)).item()
    ours = float(loss_value(logits.astype(np.float32), np.eye(4, dtype=np.float32)[labels], "ce"))
    assert ours == pytest.approx(expected, rel=1e-5)


def test_training_with_cross_entropy_and_batch_norm_lowers_the_loss():
    params = init_mlps(jax.random.split(jax.random.key(11), 2), [2, 8, 8, 3], "he")
    x = np.random.default_rng(11).normal(size=(2, 30, 2))
    y = np.eye(3)[(x[..., 0] > 0).astype(int) + (x[..., 1] > 1)]
    result = train_mlps(params, x, y, lr=0.1, steps=100, optimizer="gd", loss="ce", norm="batch")
    assert (result.losses[:, -1] < 0.5 * result.losses[:, 0]).all()


def test_batch_norm_with_reference_statistics_equals_torch_batch_norm_in_eval_mode():
    params = init_mlp(jax.random.key(12), [3, 6, 5, 2], "he")
    rng = np.random.default_rng(12)
    reference, x = rng.normal(1.0, 2.0, size=(40, 3)), rng.normal(size=(7, 3))
    layers, h = [], torch.tensor(reference)
    for w, b in params[:-1]:
        lin = torch.nn.Linear(*np.shape(w), bias=False).double()
        norm = torch.nn.BatchNorm1d(np.shape(w)[1], eps=1e-5, affine=False).double()
        with torch.no_grad():
            lin.weight.copy_(torch.tensor(np.asarray(w, dtype=np.float64).T))
            z = lin(h)  # the running statistics a trained network would hold: the reference's own
            norm.running_mean.copy_(z.mean(0))
            norm.running_var.copy_(z.var(0, unbiased=False))
            h = torch.relu(norm.eval()(z) + torch.tensor(np.asarray(b, dtype=np.float64)))
        layers += [lin, norm, BiasReLU(np.asarray(b))]
    w_out, b_out = params[-1]
    with torch.no_grad():
        expected = torch.nn.Sequential(*layers)(torch.tensor(x)) @ torch.tensor(np.asarray(w_out, dtype=np.float64)) \
            + torch.tensor(np.asarray(b_out, dtype=np.float64))
    ours = mlp_apply(params, x.astype(np.float32), "relu", "batch", reference=reference.astype(np.float32))
    np.testing.assert_allclose(np.asarray(ours), expected.numpy(), rtol=1e-4, atol=1e-5)  # float32 rounding
    np.testing.assert_allclose(predict(jax.tree.map(lambda a: a[None], params), x, norm="batch", reference=reference)[0],
                               np.asarray(ours), rtol=1e-5)  # one compiled program: fused float32 rounding


class BiasReLU(torch.nn.Module):
    def __init__(self, b):
        super().__init__()
        self.b = torch.tensor(b, dtype=torch.float64)

    def forward(self, z):
        return torch.relu(z + self.b)


@pytest.mark.parametrize("norm", ["none", "batch"])
def test_mini_batches_of_every_example_equal_full_batch_training(norm):
    params = init_mlps(jax.random.split(jax.random.key(13), 2), [2, 8, 3], "he")
    x = np.random.default_rng(13).normal(size=(2, 24, 2))
    y = np.eye(3)[(x[..., 0] > 0).astype(int) + (x[..., 1] > 1)]
    full = train_mlps(params, x, y, lr=0.2, steps=30, optimizer="gd", loss="ce", norm=norm).losses
    shuffled = train_mlps(params, x, y, lr=0.2, steps=30, optimizer="gd", loss="ce", norm=norm, batch=24).losses
    np.testing.assert_allclose(shuffled, full, rtol=1e-5)  # the order of a sum: float32 rounding only


def test_mini_batches_are_shared_by_stacks_with_the_same_seed():
    params = init_mlps(jax.random.split(jax.random.key(14), 3), [2, 8, 3], "he")
    x = np.broadcast_to(np.random.default_rng(14).normal(size=(40, 2)), (3, 40, 2))
    y = np.eye(3)[(x[..., 0] > 0).astype(int) + (x[..., 1] > 1)]
    run = lambda seed: train_mlps(params, x, y, lr=0.2, steps=20, optimizer="gd", loss="ce", batch=8,
                                  batch_seed=seed).losses
    np.testing.assert_array_equal(run(0), run(0))
    assert not np.allclose(run(0), run(1))
    assert not np.allclose(run(0)[0], run(0)[1])  # each run of a stack draws its own mini-batches
    with pytest.raises(ValueError, match="cannot exceed"):
        train_mlps(params, x, y, lr=0.1, steps=2, batch=41)


def test_sharpness_of_cross_entropy_with_batch_norm_is_the_largest_hessian_eigenvalue():
    from course_lib.mlp_jax import loss_value, sharpness

    params = init_mlps(jax.random.split(jax.random.key(15), 1), [2, 6, 3], "he")
    x = np.random.default_rng(15).normal(size=(1, 30, 2))
    y = np.eye(3)[(x[..., 0] > 0).astype(int) + (x[..., 1] > 1)]
    ours = sharpness(params, x, y, iterations=400, loss="ce", norm="batch")[0]
    loss = lambda p: loss_value(mlp_apply(p, x[0].astype(np.float32), "relu", "batch"), y[0], "ce")
    top = hessian_eigenvalues(loss, jax.tree.map(lambda a: a[0], params))[-1]
    assert ours == pytest.approx(top, rel=1e-3)


@pytest.mark.parametrize("n, fan_in, fan_out", [(4, 2, 10), (4, 10, 10), (4, 10, 1), (5, 16, 8), (64, 32, 32)])
def test_every_layer_product_equals_the_matrix_product_in_value_and_gradient(n, fan_in, fan_out):
    # The first three (chapter 3's XOR layers) are written out as broadcast sums, the others
    # are matrix products: either way the same sums, equal to float32 rounding (a few ulps of
    # the terms).
    from course_lib.mlp_jax import TINY_PRODUCT, _product

    rng = np.random.default_rng(n + fan_in + fan_out)
    x = rng.normal(size=(3, n, fan_in)).astype(np.float32)
    w = rng.normal(size=(3, fan_in, fan_out)).astype(np.float32)
    assert (n * fan_in * fan_out <= TINY_PRODUCT) == (n == 4)
    ours = jax.vmap(_product)(x, w)
    np.testing.assert_allclose(ours, x @ w, rtol=1e-5, atol=1e-5)
    grads = jax.grad(lambda x, w: jax.numpy.sum(jax.vmap(_product)(x, w) ** 2), argnums=(0, 1))(x, w)
    exact = jax.grad(lambda x, w: jax.numpy.sum((x @ w) ** 2), argnums=(0, 1))(x, w)
    for g, e in zip(grads, exact):
        np.testing.assert_allclose(g, e, rtol=1e-4, atol=1e-4)


def test_networks_of_tiny_layers_compile_without_ynnpack_fusions_and_train_the_same():
    # Only programs whose every layer is written out get the option (where this jaxlib has it;
    # its XLA makes such fusions from 16 runs of this net), and it changes how XLA schedules the
    # same sums, not what they are: the losses agree with the default compilation to float32
    # rounding over 50 steps (rel 1e-5; over hundreds of steps a run near XOR's plateau can
    # amplify a rounding difference into another path).
    from course_lib import mlp_jax

    runs = 16
    x = np.broadcast_to(np.array([[0, 0], [0, 1], [1, 0], [1, 1]], np.float32), (runs, 4, 2))
    y = np.broadcast_to(np.array([[0], [1], [1], [0]], np.float32), (runs, 4, 1))
    deep = init_mlps(jax.random.split(jax.random.key(0), runs), [2, 10, 10, 1], "lecun")
    assert mlp_jax._all_tiny([2, 10, 10, 1], 4) and not mlp_jax._all_tiny([2, 16, 8, 1], 64)
    rates = mlp_jax._learning_rates(1.0, runs, 50)
    keys = jax.random.split(jax.random.key(0), runs)
    args = (deep, x, y, rates, keys)
    tiny = mlp_jax._compiled_trainer("gd", "sigmoid", "bce", "none", None, True)
    plain = mlp_jax._compiled_trainer("gd", "sigmoid", "bce", "none", None, False)  # no compiler options
    if mlp_jax._tiny_program_options():
        assert "ynn_fusion" in plain.lower(*args).compile().as_text()
        assert "ynn_fusion" not in tiny.lower(*args).compile().as_text()
    else:  # an older jaxlib, without YNNPACK
        assert "ynn_fusion" not in plain.lower(*args).compile().as_text()
    losses = train_mlps(deep, x, y, lr=1.0, steps=50, activation="sigmoid", optimizer="gd", loss="bce").losses
    np.testing.assert_allclose(losses, np.asarray(plain(*args)[1]), rtol=1e-5)


@pytest.mark.parametrize("layer", ["batch", "layer"])
def test_normalized_runs_train_predict_and_curve_as_their_own_kind_in_one_program(layer):
    # chapter 5's arms: norm applied to the runs marked normalized, the others plain, both as
    # trained alone, to float32 rounding (another program fuses the same sums differently)
    from course_lib.mlp_jax import sharpness

    params = init_mlps(jax.random.split(jax.random.key(16), 4), [3, 8, 8, 3], "he")
    x = np.random.default_rng(16).normal(size=(4, 20, 3))
    y = np.eye(3)[(x[..., 0] > 0).astype(int) + (x[..., 1] > 1)]
    marked = np.array([True, False, False, True])
    kw = dict(lr=0.2, steps=15, optimizer="gd", loss="ce", batch=5, batch_seed=3)
    both = train_mlps(params, x, y, norm=layer, normalized=marked, **kw)
    for norm, rows in ((layer, marked), ("none", ~marked)):
        alone = train_mlps(params, x, y, norm=norm, **kw)
        np.testing.assert_allclose(both.losses[rows], alone.losses[rows], rtol=1e-5, atol=1e-6)
        reference = x[0] if norm == "batch" else None
        ours = predict(both.params, x[0], norm=layer, reference=reference, normalized=marked)[rows]
        theirs = predict(both.params, x[0], norm=norm, reference=reference)[rows]
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(sharpness(params, x, y, loss="ce", norm=layer, iterations=30,
                                             normalized=marked)[rows],
                                   sharpness(params, x, y, loss="ce", norm=norm, iterations=30)[rows], rtol=1e-4)
    for bad, message in ((marked[:3], "one boolean per run"), (marked.astype(float), "one boolean per run"),
                         ("yes", "normalized must be")):
        with pytest.raises(ValueError, match=message):
            train_mlps(params, x, y, norm=layer, normalized=bad, **kw)
    with pytest.raises(ValueError, match="pass norm="):
        train_mlps(params, x, y, norm="none", normalized=marked, **kw)


def test_stack_accuracy_scores_each_run_and_a_diverged_run_at_chance():
    import jax

    from course_lib.mlp_jax import init_mlps, predict, stack_accuracy

    params = init_mlps(jax.random.split(jax.random.key(0), 3), [4, 5, 3], "he")
    x = np.random.default_rng(0).normal(size=(30, 4))
    labels = predict(params, x)[0].argmax(-1)  # run 0 is right on every row
    accuracy = stack_accuracy(params, x, labels)
    assert accuracy.shape == (3,) and accuracy[0] == 1.0
    diverged = [(w.at[1].set(np.nan), b) for w, b in params]
    assert stack_accuracy(diverged, x, labels)[1] == np.mean(labels == 0)  # NaN outputs count as 0
    with pytest.raises(ValueError, match="labels must be a 1-D array of 30 integers"):
        stack_accuracy(params, x, labels[:5])

"""Initial weight scales and the signal through depth: scales against their formulas and
torch.nn.init, the measured per-layer factor against the variance argument, and the manual
backward pass against torch.autograd."""

import numpy as np
import pytest
import torch

from course_lib.initialization import (init_stack, init_std, init_weights, numerical_rank, relu_network_std,
                                       signal_through)


@pytest.mark.parametrize("init, expected", [
    ("zeros", 0.0), ("standard_normal", 1.0), ("lecun", np.sqrt(1 / 400)), ("xavier", np.sqrt(2 / 700)),
    ("he", np.sqrt(2 / 400)), (0.05, 0.05), (0, 0.0)])
def test_init_std_follows_each_formula(init, expected):
    assert init_std(400, init, 300) == pytest.approx(expected)


def test_init_weights_match_torch_init_in_distribution():
    torch.manual_seed(0)
    for init, fill in (("xavier", torch.nn.init.xavier_normal_),
                       ("he", lambda t: torch.nn.init.kaiming_normal_(t, nonlinearity="relu"))):
        ours = init_weights(np.random.default_rng(0), [400, 300], init)[0]
        theirs = fill(torch.empty(300, 400)).numpy()  # torch's (fan_out, fan_in) layout
        # 120 000 draws each: the sample stds agree within 1% with overwhelming probability.
        assert ours.std() == pytest.approx(theirs.std(), rel=0.01)
        assert ours.shape == theirs.T.shape


def test_init_stack_stacks_init_weights_per_seed_as_train_mlps_takes_them():
    from course_lib.mlp_jax import stack_runs

    stack = init_stack(range(3, 6), [4, 5, 2], "he")
    assert stack_runs(stack) == 3
    for i, seed in enumerate(range(3, 6)):  # the oracle: init_weights, seed by seed
        for (w, b), ref in zip(stack, init_weights(np.random.default_rng(seed), [4, 5, 2], "he")):
            assert w.dtype == b.dtype == np.float32 and w.shape == (3, *ref.shape) and b.shape == (3, ref.shape[1])
            np.testing.assert_array_equal(w[i], ref.astype(np.float32))
            assert not b.any()
    assert init_stack(np.array([7]), [3, 2], 0.0)[0][0].shape == (1, 3, 2)


def test_signal_through_a_relu_stack_matches_the_variance_argument():
    sizes = [300] * 6
    for init in ("he", 0.02, "xavier"):
        weights = init_weights(np.random.default_rng(1), sizes, init)
        x = np.random.default_rng(2).standard_normal((400, 300))
        signal = signal_through(weights, x, "relu")
        pre = relu_network_std(sizes, init, input_mean_square=1.0)
        # a ReLU output's std is sqrt(1/2 - 1/(2 pi)) times its pre-activation's std
        predicted = pre * np.sqrt(0.5 - 1 / (2 * np.pi))
        np.testing.assert_allclose(signal.activation_std, predicted, rtol=0.1)


def test_signal_gradients_equal_torch_autograd():
    rng = np.random.default_rng(3)
    weights = init_weights(rng, [20, 30, 10, 5], "xavier")
    x = rng.standard_normal((8, 20))
    upstream = np.random.default_rng(0).standard_normal((8, 5))  # what signal_through feeds back with seed 0
    signal = signal_through(weights, x, "tanh", seed=0)
    ws = [torch.tensor(w, requires_grad=True) for w in weights]
    h, outputs = torch.tensor(x), []
    for w in ws:
        h = torch.tanh(h @ w)
        h.retain_grad()
        outputs.append(h)
    (h * torch.tensor(upstream)).sum().backward()
    np.testing.assert_allclose(signal.gradient_std, [o.grad.std(unbiased=False).item() for o in outputs], rtol=1e-10)
    np.testing.assert_allclose(signal.weight_gradient_std, [w.grad.std(unbiased=False).item() for w in ws], rtol=1e-10)
    np.testing.assert_allclose(signal.activation_std, [o.std(unbiased=False).item() for o in outputs], rtol=1e-10)


def test_numerical_rank_counts_independent_rows():
    rng = np.random.default_rng(4)
    assert numerical_rank(np.zeros((5, 4))) == 0
    assert numerical_rank(np.outer(rng.normal(size=5), np.ones(4))) == 1
    assert numerical_rank(rng.normal(size=(5, 4))) == 4


@pytest.mark.parametrize("call, message", [
    (lambda: init_std(10, "glorot"), "init must be one of"),
    (lambda: init_std(10, "xavier"), "needs fan_out"),
    (lambda: init_std(10, -1.0), "init must be a finite number >= 0"),
    (lambda: init_std(0, "he"), "fan_in must be"),
    (lambda: init_weights(np.random.default_rng(), [5], "he"), "at least two"),
    (lambda: init_weights(0, [5, 5], "he"), "numpy Generator"),
    (lambda: signal_through([], np.ones((2, 2)), "relu"), "weights is empty"),
    (lambda: signal_through([np.ones((3, 2))], np.ones((2, 2)), "relu"), "has 3 rows"),
    (lambda: signal_through([np.ones((2, 2))], np.ones((2, 2)), "swish"), "activation must be one of"),
    (lambda: relu_network_std([4, 4], "he", 0.0), "input_mean_square"),
])
def test_bad_input_gets_a_clear_error(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_orthogonal_has_orthonormal_columns_or_rows_and_uses_the_gain():
    from course_lib.initialization import orthogonal

    rng = np.random.default_rng(0)
    tall, wide = orthogonal(rng, 40, 10), orthogonal(rng, 10, 40, gain=2.0)
    np.testing.assert_allclose(tall.T @ tall, np.eye(10), atol=1e-12)
    np.testing.assert_allclose(wide @ wide.T, 4 * np.eye(10), atol=1e-12)


def test_orthogonal_draws_are_spread_like_torchs():
    # Haar-uniform: every entry of a large orthogonal matrix has variance 1/n, as torch's
    import torch
    from course_lib.initialization import orthogonal

    ours_ = orthogonal(np.random.default_rng(1), 400, 400)
    theirs = torch.nn.init.orthogonal_(torch.empty(400, 400, dtype=torch.float64)).numpy()
    assert ours_.std() * 20 == pytest.approx(1, abs=0.01) and theirs.std() * 20 == pytest.approx(1, abs=0.01)
    # and the signs of R's diagonal are fixed: the diagonal has no bias towards positive values
    assert abs(np.mean(np.sign(np.diag(ours_)))) < 0.15


def test_variance_map_is_the_variance_argument_for_relu_and_monte_carlo_for_tanh():
    from course_lib.initialization import relu_network_std, variance_map

    np.testing.assert_allclose(np.sqrt(variance_map(6, 2.0, "relu", 1.5)),
                               relu_network_std([100] * 7, "he", 1.5), rtol=1e-12)
    z = np.random.default_rng(2).standard_normal(2_000_000)
    q = variance_map(2, 25 / 9, "tanh", 1.0)
    assert q[1] == pytest.approx(25 / 9 * np.mean(np.tanh(np.sqrt(q[0]) * z) ** 2), rel=3e-3)


def test_weight_gradient_std_without_the_product_equals_the_product():
    """signal_through measures a wide layer's weight gradient from two batch-by-batch Gram
    matrices instead of forming it (chapter 7's width 2000); it must equal the direct std,
    ReLU's (mean not 0) included."""
    rng = np.random.default_rng(4)
    for act in ("relu", "tanh"):
        weights = init_weights(rng, [400, 300, 200], "he")
        x = rng.standard_normal((50, 400)) + 0.5
        signal = signal_through(weights, x, act, seed=1)
        h, inputs, pre = x, [], []
        for w in weights:
            inputs.append(h)
            pre.append(h @ w)
            h = np.maximum(pre[-1], 0) if act == "relu" else np.tanh(pre[-1])
        upstream, direct = np.random.default_rng(1).standard_normal(h.shape), []
        for i in reversed(range(len(weights))):
            slope = (pre[i] > 0).astype(float) if act == "relu" else 1 - np.tanh(pre[i]) ** 2
            delta = upstream * slope
            direct.append((inputs[i].T @ delta).std())
            upstream = delta @ weights[i].T
        np.testing.assert_allclose(signal.weight_gradient_std, direct[::-1], rtol=1e-9)

"""Batch and layer normalization from scratch, with torch as the oracle (float64, so the
tolerance 1e-12 is rounding only)."""

import numpy as np
import pytest
import torch

from course_lib.normalization import BatchNorm1d, layer_norm


def paired(features, momentum=0.1, seed=0):
    rng = np.random.default_rng(seed)
    ours = BatchNorm1d(features, momentum=momentum)
    theirs = torch.nn.BatchNorm1d(features, momentum=momentum).double()
    ours.gamma, ours.beta = rng.normal(size=features), rng.normal(size=features)
    with torch.no_grad():
        theirs.weight.copy_(torch.tensor(ours.gamma))
        theirs.bias.copy_(torch.tensor(ours.beta))
    return ours, theirs, rng


@pytest.mark.parametrize("momentum, batch", [(0.1, 2), (0.1, 32), (0.5, 7), (1.0, 5), (0.0, 4), (None, 6)])
@pytest.mark.parametrize("length", [None, 5], ids=["(N, C)", "(N, C, L)"])
def test_batch_norm_equals_torch_in_training_running_statistics_and_evaluation(momentum, batch, length):
    """Also torch's momentum=None (a cumulative average), momentum=0 (frozen running
    statistics) and (N, C, L) input, normalized per channel over N and L."""
    ours, theirs, rng = paired(4, momentum)
    loc, scale = np.array([1.0, -50.0, 0.0, 3.0]), np.array([1.0, 20.0, 1e-3, 5.0])
    shape = (batch, 4) if length is None else (batch, 4, length)
    expand = (lambda v: v) if length is None else (lambda v: v[:, None])
    for _ in range(6):
        x = expand(loc) + expand(scale) * rng.normal(size=shape)
        np.testing.assert_allclose(ours(x), theirs(torch.tensor(x)).detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.running_mean, theirs.running_mean.numpy(), rtol=1e-12)
    np.testing.assert_allclose(ours.running_var, theirs.running_var.numpy(), rtol=1e-12)
    ours.eval(), theirs.eval()
    x = rng.normal(size=shape[:1] and (3, *shape[1:]))
    np.testing.assert_allclose(ours(x), theirs(torch.tensor(x)).detach().numpy(), rtol=1e-10, atol=1e-12)


def test_evaluation_mode_changes_nothing_and_train_switches_back():
    layer = BatchNorm1d(2)
    layer(np.random.default_rng(1).normal(size=(8, 2)))
    mean = layer.running_mean.copy()
    layer.eval()(np.ones((3, 2)))
    assert np.array_equal(layer.running_mean, mean)
    layer.train()(np.random.default_rng(2).normal(size=(8, 2)))
    assert not np.array_equal(layer.running_mean, mean)


def test_layer_norm_equals_torch_and_ignores_the_batch():
    x = np.random.default_rng(3).normal(2.0, 3.0, size=(5, 6))
    expected = torch.nn.LayerNorm(6, elementwise_affine=False).double()(torch.tensor(x)).detach().numpy()
    np.testing.assert_allclose(layer_norm(x), expected, rtol=1e-10, atol=1e-12)
    assert np.array_equal(layer_norm(x[:1]), layer_norm(x)[:1])


@pytest.mark.parametrize("call, message", [
    (lambda: BatchNorm1d(3)(np.ones((1, 3))), "single value per feature"),
    (lambda: BatchNorm1d(3)(np.ones((4, 2))), "built for 3"),
    (lambda: BatchNorm1d(3)(np.ones(3)), "batch, features"),
    (lambda: BatchNorm1d(3)(np.full((2, 3), np.nan)), "NaN"),
    (lambda: BatchNorm1d(3, momentum=1.5), "0 <= momentum <= 1"),
    (lambda: BatchNorm1d(0), "features must be"),
    (lambda: layer_norm(np.ones((2, 2)), eps=0), "eps must be"),
])
def test_bad_input_gets_a_clear_error(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_batch_norm_backward_equals_autograd():
    from course_lib.normalization import batch_norm_backward

    rng = np.random.default_rng(11)
    x, gamma, dy = rng.normal(3, 2, size=(12, 4)), rng.normal(size=4), rng.normal(size=(12, 4))
    xt, gt = torch.tensor(x, requires_grad=True), torch.tensor(gamma, requires_grad=True)
    bt = torch.zeros(4, dtype=torch.float64, requires_grad=True)
    torch.nn.functional.batch_norm(xt, None, None, gt, bt, training=True, eps=1e-3).backward(torch.tensor(dy))
    for ours, theirs in zip(batch_norm_backward(x, gamma, dy, eps=1e-3), (xt, gt, bt)):
        np.testing.assert_allclose(ours, theirs.grad.numpy(), rtol=1e-10, atol=1e-13)


@pytest.mark.parametrize("shape, groups", [((5, 6), 2), ((5, 6, 3), 3), ((5, 6, 3), 6)])
def test_group_norm_equals_torch(shape, groups):
    from course_lib.normalization import group_norm

    x = np.random.default_rng(12).normal(1, 2, size=shape)
    theirs = torch.nn.GroupNorm(groups, shape[1], dtype=torch.float64)(torch.tensor(x)).detach().numpy()
    np.testing.assert_allclose(group_norm(x, groups), theirs, rtol=1e-10, atol=1e-12)


def test_rms_norm_equals_torch_and_one_group_is_layer_norm():
    from course_lib.normalization import group_norm, layer_norm, rms_norm

    x = np.random.default_rng(13).normal(1, 2, size=(5, 7))
    theirs = torch.nn.RMSNorm(7, eps=1e-6, dtype=torch.float64)(torch.tensor(x)).detach().numpy()
    np.testing.assert_allclose(rms_norm(x), theirs, rtol=1e-10)
    np.testing.assert_allclose(group_norm(x, 1), layer_norm(x), rtol=1e-12)

"""The engine of chapter 10: its gradients against PyTorch's autograd (float64), its training
against a PyTorch loop, and the design that makes runs comparable seed by seed."""

import numpy as np
import pytest
import torch

from course_lib import broken_runs as br
from course_lib.data import one_hot

F = torch.nn.functional


def torch_model(weights, biases, activation):
    layers = []
    for W, b in zip(weights, biases):
        linear = torch.nn.Linear(*W.shape, dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W.T))
            linear.bias.copy_(torch.from_numpy(b))
        layers += [linear, {"relu": torch.nn.ReLU(), "sigmoid": torch.nn.Sigmoid()}[activation]]
    return torch.nn.Sequential(*layers[:-1])


@pytest.mark.parametrize("cause", ["healthy", "sigmoid hidden layers", "softmax applied twice", "unscaled inputs"])
def test_gradients_equal_torch_autograd(cause):
    recipe = br.CAUSES[cause]
    weights, biases = br.init_params(recipe, [3])
    rng = np.random.default_rng(0)
    split = br.data(recipe.inputs)
    rows = rng.choice(len(split.x_train), size=br.BATCH, replace=False)
    x, labels = split.x_train[rows], split.y_train[rows]
    biases = [b + rng.normal(0, 0.1, size=b.shape) for b in biases]  # nonzero biases too
    loss, gW, gb, _, _ = br._forward_backward(weights, biases, x[None], one_hot(labels, 10)[None], recipe)
    model = torch_model([W[0] for W in weights], [b[0] for b in biases], recipe.activation)
    logits = model(torch.from_numpy(x))
    if recipe.output == "softmax twice":
        logits = torch.softmax(logits, dim=1)
    expected = F.cross_entropy(logits, torch.from_numpy(labels))
    expected.backward()
    assert loss[0] == pytest.approx(expected.item(), rel=1e-12)
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    for mine, theirs in zip(gW, linears):  # float64 on both sides: rounding only
        np.testing.assert_allclose(mine[0], theirs.weight.grad.numpy().T, rtol=1e-9, atol=1e-14)
    for mine, theirs in zip(gb, linears):
        np.testing.assert_allclose(mine[0], theirs.bias.grad.numpy(), rtol=1e-9, atol=1e-14)


@pytest.mark.parametrize("cause", ["healthy", "forgotten zero_grad", "learning rate too large"])
def test_training_equals_a_pytorch_loop(cause):
    recipe = br.CAUSES[cause]
    run = br.train(recipe, [5], steps=30)
    model = br.torch_network(5, recipe)
    optimizer = torch.optim.SGD(model.parameters(), lr=recipe.lr)
    split = br.data()
    x, y = torch.from_numpy(split.x_train), torch.from_numpy(split.y_train)
    losses = []
    for rows in br.batch_indices([5], 30)[0]:
        if recipe.zero_grad:
            optimizer.zero_grad()
        loss = F.cross_entropy(model(x[rows]), y[rows])
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    # identical float64 computations up to summation order; 30 steps amplify rounding little
    np.testing.assert_allclose(run.losses[0], losses, rtol=1e-8)


def test_every_recipe_draws_the_same_weights_up_to_scale_and_the_same_batches():
    he, _ = br.init_params(br.CAUSES["healthy"], [0, 1])
    unit, _ = br.init_params(br.CAUSES["N(0,1) weights"], [0, 1])
    np.testing.assert_allclose(unit[1], he[1] / np.sqrt(2 / 32), rtol=1e-12)
    batches = br.batch_indices([0, 1], 2 * (len(br.data().x_train) // br.BATCH))
    per_epoch = len(br.data().x_train) // br.BATCH
    for epoch in (batches[0, :per_epoch], batches[0, per_epoch:]):
        assert len(np.unique(epoch)) == epoch.size  # no example twice in an epoch
    assert not np.array_equal(batches[0], batches[1])


def test_a_range_test_with_a_constant_rate_is_the_run_at_that_rate():
    recipe = br.CAUSES["healthy"]
    fixed = br.train(recipe, [2], steps=20)
    swept = br.train(recipe, [2], steps=20, lr=np.full(20, recipe.lr))
    np.testing.assert_array_equal(fixed.losses, swept.losses)


def test_runs_are_remembered_and_read_only():
    a = br.train(br.CAUSES["healthy"], range(2), steps=60)
    assert br.train(br.CAUSES["healthy"], [0, 1], steps=60) is a
    with pytest.raises(ValueError, match="read-only"):
        a.losses[0, 0] = 0.0
    readings = br.readings(a)
    assert len(readings) == 2 and readings[0].update_ratio == a.update_ratio[0, 0].max()


def test_readings_need_fifty_steps_and_torch_network_needs_relu():
    with pytest.raises(ValueError, match="at least 50 steps"):
        br.readings(br.train(br.CAUSES["healthy"], [0], steps=10))
    with pytest.raises(ValueError, match="ReLU"):
        br.torch_network(0, br.CAUSES["sigmoid hidden layers"])

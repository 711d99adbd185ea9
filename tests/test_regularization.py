"""Chapter 9's regularizers: the NumPy definitions against torch (the oracle) and against
their own promises, and the batched JAX trainer against its settings."""

import jax
import numpy as np
import pytest
import torch

from course_lib.mlp_jax import init_mlps
from course_lib.regularization import (Setting, _box_muller, accuracy, cutmix, evaluate, inverted_dropout, mixup, shift_images, smooth_labels,
                                       train_regularized)


def test_inverted_dropout_keeps_the_expectation_like_torch_dropout():
    h = np.random.default_rng(0).uniform(0.5, 2.0, size=(400, 250))
    ours = inverted_dropout(h, 0.3, np.random.default_rng(1))
    torch.manual_seed(0)
    theirs = torch.nn.Dropout(0.3)(torch.tensor(h)).numpy()
    for out in (ours, theirs):
        kept = out != 0
        assert abs(1 - kept.mean() - 0.3) < 0.01  # 100 000 draws: within 0.01 with overwhelming probability
        np.testing.assert_allclose(out[kept], (h / 0.7)[kept])  # survivors scaled by 1 / (1 - p), as torch does
        assert out.mean() == pytest.approx(h.mean(), rel=0.01)
    masks = inverted_dropout(np.ones((2, 1000)), 0.5, np.random.default_rng(2)) == 0
    assert (masks[0] != masks[1]).any()  # each example (row) has its own mask: activations, not weights


def test_dropout_is_the_identity_in_evaluation_like_torch_eval():
    h = np.random.default_rng(3).normal(size=(5, 4))
    layer = torch.nn.Dropout(0.5).eval()
    np.testing.assert_array_equal(inverted_dropout(h, 0.5, np.random.default_rng(0), training=False),
                                  layer(torch.tensor(h)).numpy())


def test_label_smoothing_equals_torch_cross_entropy_label_smoothing():
    rng = np.random.default_rng(4)
    logits, labels = rng.normal(size=(6, 5)), rng.integers(0, 5, size=6)
    targets = smooth_labels(np.eye(5)[labels], 0.1)
    ours = -np.mean(np.sum(targets * torch.log_softmax(torch.tensor(logits), 1).numpy(), axis=1))
    theirs = torch.nn.CrossEntropyLoss(label_smoothing=0.1)(torch.tensor(logits), torch.tensor(labels)).item()
    assert ours == pytest.approx(theirs, rel=1e-12)


def test_mixup_cutmix_and_shift_do_what_they_say():
    rng = np.random.default_rng(5)
    images, Y = rng.uniform(size=(4, 8, 8)), np.eye(3)[[0, 1, 2, 0]]
    perm = np.array([1, 2, 3, 0])
    x_mix, y_mix = mixup(images, Y, 0.7, perm)
    np.testing.assert_allclose(x_mix[0], 0.7 * images[0] + 0.3 * images[1])
    np.testing.assert_allclose(y_mix.sum(axis=1), 1)
    x_cut, y_cut = cutmix(images, Y, (2, 3, 4, 2), perm)
    np.testing.assert_array_equal(x_cut[0, 2:6, 3:5], images[1, 2:6, 3:5])
    np.testing.assert_array_equal(x_cut[0, 0], images[0, 0])
    np.testing.assert_allclose(y_cut[0], (1 - 8 / 64) * Y[0] + 8 / 64 * Y[1])
    shifted = shift_images(images, [1, 0, -1, 0], [0, -1, 0, 1])
    np.testing.assert_array_equal(shifted[0, 1:], images[0, :-1])
    assert not shifted[0, 0].any() and not shifted[3, :, 0].any()


@pytest.fixture(scope="module")
def tiny():
    rng = np.random.default_rng(6)
    x = rng.uniform(size=(40, 16))
    labels = (x[:, :8].sum(axis=1) > x[:, 8:].sum(axis=1)).astype(int)
    return x, np.eye(2)[labels], x[:20], labels[:20]


def test_plain_training_fits_and_early_stopping_keeps_the_best_validation_step(tiny):
    x, Y, x_val, y_val = tiny
    params = init_mlps(jax.random.split(jax.random.key(0), 2), [16, 32, 2], "he")
    result = train_regularized(params, x, Y, x_val, y_val, [Setting(), Setting(patience=20)], seeds=[0, 0], steps=150, lr=1e-2)
    assert result.train_loss[0, -1] < 0.2 * result.train_loss[0, 0]
    step = result.kept_step[1]
    assert result.kept_step[0] == 149
    evaluation = (step + 1) // 10 - 1  # validation is evaluated every 10 steps
    assert result.val_loss[1, evaluation] == result.val_loss[1, :evaluation + 3].min()  # patience: 2 more evaluations
    np.testing.assert_allclose(accuracy(result.kept_params, x_val, y_val, x, [Setting()] * 2)[1], result.val_accuracy[1, evaluation], atol=1e-6)


def test_evaluate_gives_torchs_cross_entropy_and_the_accuracy(tiny):
    x, Y, x_val, y_val = tiny
    params = init_mlps(jax.random.split(jax.random.key(2), 3), [16, 8, 2], "he")
    loss, acc = evaluate(params, x_val, y_val, x, [Setting()] * 3)
    for run in range(3):
        h = np.maximum(x_val @ np.asarray(params[0][0][run]) + np.asarray(params[0][1][run]), 0)
        logits = torch.tensor(h @ np.asarray(params[1][0][run]) + np.asarray(params[1][1][run]), dtype=torch.float64)
        expected = torch.nn.functional.cross_entropy(logits, torch.tensor(y_val)).item()
        assert loss[run] == pytest.approx(expected, rel=1e-5)  # float32 forward pass
    np.testing.assert_array_equal(acc, accuracy(params, x_val, y_val, x, [Setting()] * 3))


def test_evaluate_pads_every_set_into_one_program_and_each_example_stands_alone(tiny):
    from course_lib.regularization import _evaluate_compiled

    x, Y, x_val, y_val = tiny
    params = init_mlps(jax.random.split(jax.random.key(4), 2), [16, 8, 2], "he")
    settings = [Setting(), Setting(batch_norm=1)]
    before = _evaluate_compiled()._cache_size()
    whole = evaluate(params, x_val, y_val, x, settings)  # sets of 20, 7 and 13 examples: one program
    first, rest = (evaluate(params, x_val[r], y_val[r], x, settings) for r in (slice(0, 7), slice(7, 20)))
    # each example's loss and hit do not depend on the set around it: the means combine
    np.testing.assert_allclose((7 * first[0] + 13 * rest[0]) / 20, whole[0], rtol=1e-12)
    np.testing.assert_allclose((7 * first[1] + 13 * rest[1]) / 20, whole[1], rtol=1e-12)
    assert _evaluate_compiled()._cache_size() <= before + 1


def test_box_muller_draws_standard_normal_numbers():
    z = np.asarray(_box_muller(jax.random.key(0), (400, 63))).ravel()  # an odd width is cut to size
    assert z.size == 400 * 63 and np.isfinite(z).all()
    # mean and variance within 5 standard errors of 0 and 1; the tails as a normal's: P(|z| > 2) = 4.55%
    assert abs(z.mean()) < 5 / np.sqrt(z.size) and abs(z.var() - 1) < 5 * np.sqrt(2 / z.size)
    assert abs(np.mean(np.abs(z) > 2) - 0.0455) < 5 * np.sqrt(0.0455 * 0.9545 / z.size)


def test_settings_change_training_and_the_same_seed_repeats(tiny):
    x, Y, x_val, y_val = tiny
    params = init_mlps(jax.numpy.stack([jax.random.key(1)] * 4), [16, 8, 2], "he")  # four identical networks
    settings = [Setting(dropout=0.5), Setting(dropout=0.5), Setting(mixup=0.4), Setting(weight_decay=0.5)]
    result = train_regularized(params, x, Y, x_val, y_val, settings, seeds=[3, 3, 3, 3], steps=20)
    np.testing.assert_array_equal(result.train_loss[0], result.train_loss[1])  # same setting, same seed
    assert not np.allclose(result.train_loss[0], result.train_loss[2])


@pytest.mark.parametrize("call, message", [
    (lambda: inverted_dropout(np.ones(3), 1.5, np.random.default_rng()), "0 <= p <= 1"),
    (lambda: smooth_labels(np.array([[0.5, 0.5]]), 0.1), "one-hot"),
    (lambda: smooth_labels(np.eye(2), 1.0), "eps must satisfy"),
    (lambda: mixup(np.ones((2, 2)), np.eye(2), 1.5, [1, 0]), "lam must satisfy"),
    (lambda: cutmix(np.ones((2, 8, 8)), np.eye(2), (6, 6, 4, 4), [1, 0]), "does not fit"),
])
def test_bad_input_gets_a_clear_error(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_trainer_rejects_mismatched_runs(tiny):
    x, Y, x_val, y_val = tiny
    params = init_mlps(jax.random.split(jax.random.key(0), 2), [16, 4, 2], "he")
    with pytest.raises(ValueError, match="one setting and one seed per run"):
        train_regularized(params, x, Y, x_val, y_val, [Setting()], seeds=[0, 1], steps=2)
    with pytest.raises(ValueError, match="dropout and label_smoothing"):
        train_regularized(params, x, Y, x_val, y_val, [Setting(dropout=1.0)] * 2, seeds=[0, 1], steps=2)
    with pytest.raises(ValueError, match="not a square"):
        train_regularized(params, x[:, :15], Y, x_val, y_val, [Setting()] * 2, seeds=[0, 1], steps=2)


def test_the_trainers_shift_table_shifts_like_shift_images():
    from course_lib.regularization import _shift_table

    images = np.random.default_rng(7).uniform(size=(1, 8, 8))
    padded = np.concatenate([images.reshape(1, -1), np.zeros((1, 1))], axis=1)
    for k, (dr, dc) in enumerate((dr, dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)):
        np.testing.assert_array_equal(padded[0, _shift_table(8)[k]].reshape(8, 8), shift_images(images, dr, dc)[0])


def test_softmax_regression_gives_each_seed_its_own_start_and_each_rate_the_same():
    from course_lib.softmax_regression import train
    x, Y = np.random.default_rng(0).normal(size=(20, 3)), np.eye(2)[np.arange(20) % 2]
    fit = train(x, Y, batch=5, rates=[1e-9, 2e-9], seeds=[0, 1], epochs=1, init_std=1.0)
    W = fit.W.reshape(2, 2, 3, 2)  # (rate, seed, d, K); rates this small leave the start unchanged
    np.testing.assert_allclose(W[0], W[1], atol=1e-6)
    assert np.abs(W[0, 0] - W[0, 1]).max() > 0.1


def test_learning_curve_equals_training_each_subset_on_its_own():
    # the batched run of every seed equals full-batch gradient descent on that seed's subset alone
    from course_lib.data import digits
    from course_lib.softmax_regression import learning_curve, softmax

    data = digits(standardize=False)
    train_error, eval_error = learning_curve(data.x_train, data.y_train, data.x_test, data.y_test,
                                             sizes=[30], seeds=[4], lr=1.0, steps=40)
    rows = np.random.default_rng(4).permutation(len(data.x_train))[:30]
    x, Y = data.x_train[rows], np.eye(10)[data.y_train[rows]]
    W, b = np.zeros((64, 10)), np.zeros(10)
    for _ in range(40):
        dz = (softmax(x @ W + b) - Y) / 30
        W, b = W - x.T @ dz, b - dz.sum(axis=0)
    assert train_error[0, 0] == np.mean((x @ W + b).argmax(1) != data.y_train[rows])
    assert eval_error[0, 0] == np.mean((data.x_test @ W + b).argmax(1) != data.y_test)

"""Training runs that fail, each for one planted cause, with the instruments recorded (chapter 10).

Every run trains the same multilayer perceptron (64 → 32 → 32 → 32 → 10, ReLU, He
initialization) on scikit-learn's bundled digits by mini-batch SGD, written in NumPy as in
chapter 3, with one thing changed from that healthy :class:`Recipe`. Many seeds train at once
as a stack (a leading seed axis on every array). Seed ``s`` draws the same initial weights (up
to their scale) and the same batches in every recipe, so any two recipes are compared seed by
seed. At every step the run records the mini-batch loss, and per layer the gradient's size,
the update-to-weight ratio, the spread of the activations, and the share of dead or
saturated units (:mod:`course_lib.diagnostics`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple, Sequence

import numpy as np

from .activations import _FUNCTIONS
from .data import Split, digits, one_hot
from .i18n import N_
from .diagnostics import SATURATING, _dead_fraction, _rms, _saturated_fraction, _update_ratio, curve_summary
from .initialization import init_std
from .validation import as_float_array, check_choice, check_positive_float, check_positive_int

SIZES = (64, 32, 32, 32, 10)
BATCH = 64
STEPS = 200
CLASSES = 10


class Recipe(NamedTuple):
    """How a run trains. The defaults are the healthy run; each planted cause changes one field.

    ``lr``: SGD's learning rate; ``init``: the weights' scale (chapter 7); ``activation`` of the
    hidden layers (chapter 6); ``inputs``: ``"standardized"`` pixels (chapter 4) or the
    ``"raw"`` intensities 0-16; ``zero_grad``: whether each step starts from a zeroed gradient
    (False: gradients pile up, as in a PyTorch loop without ``optimizer.zero_grad()``);
    ``output``: ``"softmax"``, or ``"softmax twice"`` (a softmax layer before a loss that applies
    its own); ``labels``: ``"true"``, or ``"shuffled"`` against their images.

    The last four fields vary the network and its training rather than plant a cause (the tests
    check the recipe of chapter 10 on such variations): ``hidden``, the hidden layers' widths;
    ``optimizer``: ``"sgd"`` or ``"adam"`` (PyTorch's defaults, betas 0.9 and 0.999);
    ``gain``: a factor on every initial weight (chapter 7's vanishing start is 0.01);
    ``output_init``: ``"same"`` as the hidden layers, or ``"zeros"`` for the output layer."""

    lr: float = 0.1
    init: str | float = "he"
    activation: str = "relu"
    inputs: str = "standardized"
    zero_grad: bool = True
    output: str = "softmax"
    labels: str = "true"
    hidden: tuple[int, ...] = SIZES[1:-1]
    optimizer: str = "sgd"
    gain: float = 1.0
    output_init: str = "same"


#: Each planted cause, as the one change it makes to the healthy recipe.
CAUSES: dict[str, Recipe] = {
    N_("healthy"): Recipe(),
    N_("unscaled inputs"): Recipe(inputs="raw"),
    N_("learning rate too large"): Recipe(lr=1.5),
    N_("N(0,1) weights"): Recipe(init="standard_normal"),
    N_("sigmoid hidden layers"): Recipe(activation="sigmoid"),
    N_("forgotten zero_grad"): Recipe(zero_grad=False),
    N_("softmax applied twice"): Recipe(output="softmax twice"),
    N_("shuffled labels"): Recipe(labels="shuffled"),
}


class Run(NamedTuple):
    """One recipe trained on a stack of seeds. Shapes: S seeds, T steps, L layers (the last is
    the output layer), L - 1 hidden layers. ``saturated`` is NaN for ReLU layers, which do not
    saturate; ``dead`` is 0 for sigmoid layers, which are never exactly 0."""

    recipe: Recipe
    losses: np.ndarray  # (S, T): the mini-batch loss before each update
    grad_rms: np.ndarray  # (S, T, L): the RMS of the gradient each update used (PyTorch's p.grad)
    update_ratio: np.ndarray  # (S, T, L): ||ΔW|| / ||W|| of each update
    activation_std: np.ndarray  # (S, T, L - 1): the spread of each hidden layer's output
    dead: np.ndarray  # (S, T, L - 1): share of units 0 on the whole batch
    saturated: np.ndarray  # (S, T, L - 1): share of slopes below 0.01
    weights: list[np.ndarray]  # the final weights, each (S, fan_in, fan_out)
    biases: list[np.ndarray]  # the final biases, each (S, fan_out)
    train_accuracy: np.ndarray  # (S,)
    test_accuracy: np.ndarray  # (S,)
    probability_rows: np.ndarray  # (S,): share of the first batch's output rows that are probabilities
    carryover: np.ndarray  # (S,): ||p.grad - this batch's gradient|| / ||this batch's gradient||, step 2


@lru_cache(maxsize=None)
def _data(inputs: str, seed: int) -> Split:
    if inputs == "raw":
        split = digits(standardize=False, seed=seed)  # pixels / 16
        return Split(split.x_train * 16, split.y_train, split.x_test * 16, split.y_test)
    return digits(seed=seed)


def data(inputs: str = "standardized", seed: int = 0) -> Split:
    """The digits as a recipe's ``inputs`` gives them (70% to train, 30% to test), split by
    ``seed`` (:func:`course_lib.data.digits`'s; every split has the same sizes)."""
    return _data(check_choice(inputs, "inputs", ("standardized", "raw")),
                 check_positive_int(seed, "seed", minimum=0, maximum=2**32 - 1))


def _apply(name: str, z: np.ndarray) -> np.ndarray:
    return _FUNCTIONS[name][0](z)  # unchecked: a diverging run's inf and NaN are data here


def _slope(name: str, z: np.ndarray) -> np.ndarray:
    return _FUNCTIONS[name][1](z)


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _check_recipe(recipe: Any) -> Recipe:
    if not isinstance(recipe, Recipe):
        raise TypeError(f"recipe must be a broken_runs.Recipe, e.g. CAUSES['healthy']; got {type(recipe).__name__}.")
    check_positive_float(recipe.lr, "recipe.lr")
    init_std(1, recipe.init, 1)  # a clear error for an unknown scheme
    check_choice(recipe.activation, "recipe.activation", ("relu", "sigmoid", "tanh", "leaky_relu", "gelu"))
    check_choice(recipe.inputs, "recipe.inputs", ("standardized", "raw"))
    check_choice(recipe.output, "recipe.output", ("softmax", "softmax twice"))
    check_choice(recipe.labels, "recipe.labels", ("true", "shuffled"))
    if not isinstance(recipe.hidden, tuple) or not recipe.hidden:
        raise TypeError(f"recipe.hidden must be a non-empty tuple of widths, e.g. (32, 32, 32); got {recipe.hidden!r}.")
    for i, width in enumerate(recipe.hidden):
        check_positive_int(width, f"recipe.hidden[{i}]")
    check_choice(recipe.optimizer, "recipe.optimizer", ("sgd", "adam"))
    check_positive_float(recipe.gain, "recipe.gain")
    check_choice(recipe.output_init, "recipe.output_init", ("same", "zeros"))
    return recipe


def _sizes(recipe: Recipe) -> tuple[int, ...]:
    return (SIZES[0], *recipe.hidden, SIZES[-1])


def _seeds(seeds: Any) -> np.ndarray:
    seeds = np.asarray(seeds)
    if seeds.ndim != 1 or seeds.size == 0 or not np.issubdtype(seeds.dtype, np.integer) or seeds.min() < 0:
        raise ValueError(f"seeds must be a non-empty list of integers >= 0, e.g. range(10); got {seeds!r}.")
    return seeds


def init_params(recipe: Recipe, seeds: Any) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The initial weights (each (S, fan_in, fan_out)) and zero biases of each seed. Seed s
    draws the same standard normal matrices in every recipe of the same widths;
    ``recipe.init`` and ``recipe.gain`` scale them."""
    recipe, seeds = _check_recipe(recipe), _seeds(seeds)
    draws = [np.random.default_rng(int(s)) for s in seeds]
    weights, sizes = [], _sizes(recipe)
    for a, b in zip(sizes[:-1], sizes[1:]):
        std = init_std(a, recipe.init, b) * recipe.gain
        if b == sizes[-1] and len(weights) == len(sizes) - 2 and recipe.output_init == "zeros":
            std = 0.0
        weights.append(np.stack([rng.standard_normal((a, b)) for rng in draws]) * std)
    return weights, [np.zeros((len(seeds), b)) for b in sizes[1:]]


def _forward_backward(weights: Sequence[np.ndarray], biases: Sequence[np.ndarray], x: np.ndarray, Y: np.ndarray,
                     recipe: Recipe) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray], list[np.ndarray],
                                              list[np.ndarray]]:
    """One forward and backward pass of every seed's network on its batch ``x`` (S, B, 64) with
    one-hot targets ``Y`` (S, B, 10). Returns the mean cross-entropy of each seed (S,), the
    gradients of the weights and biases, and each hidden layer's pre-activations and outputs."""
    h, inputs, pre, outs = x, [], [], []
    last = len(weights) - 1
    for i, (W, b) in enumerate(zip(weights, biases)):
        inputs.append(h)
        z = h @ W + b[:, None, :]
        if i < last:
            pre.append(z)
            h = _apply(recipe.activation, z)
            outs.append(h)
    logits, twice = z, recipe.output == "softmax twice"
    if twice:
        first = _softmax(z)
        logits = first
    shifted = logits - logits.max(axis=-1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    losses = -np.mean(np.sum(Y * log_p, axis=-1), axis=-1)
    delta = (np.exp(log_p) - Y) / x.shape[1]  # ŷ - y, for the mean over the batch
    if twice:  # back through the first softmax: its Jacobian is diag(p) - p pᵀ
        delta = first * (delta - np.sum(delta * first, axis=-1, keepdims=True))
    grads_W, grads_b = [None] * len(weights), [None] * len(weights)
    for i in range(last, -1, -1):
        grads_W[i] = np.swapaxes(inputs[i], 1, 2) @ delta
        grads_b[i] = delta.sum(axis=1)
        if i > 0:
            delta = (delta @ np.swapaxes(weights[i], 1, 2)) * _slope(recipe.activation, pre[i - 1])
    return losses, grads_W, grads_b, pre, outs


def batch_indices(seeds: Any, steps: int) -> np.ndarray:
    """The training examples of every step's mini-batch, shape (S, steps, BATCH): seed s
    shuffles the training set once per epoch with its own generator, the same in every recipe."""
    seeds, steps = _seeds(seeds), check_positive_int(steps, "steps")
    n = len(data().x_train)
    per_epoch = n // BATCH  # the last, incomplete batch of an epoch is dropped
    epochs = -(-steps // per_epoch)
    out = np.empty((len(seeds), epochs * per_epoch, BATCH), dtype=int)
    for k, s in enumerate(seeds):
        rng = np.random.default_rng(1000 + int(s))
        out[k] = np.concatenate([rng.permutation(n)[: per_epoch * BATCH] for _ in range(epochs)]).reshape(-1, BATCH)
    return out[:, :steps]


def _learning_rates(lr: Any, steps: int) -> np.ndarray:
    if lr is None:
        return None
    rates = as_float_array(lr, "lr", ndim=1)
    if len(rates) != steps or np.any(rates <= 0):
        raise ValueError(f"lr must hold one positive learning rate per step ({steps}); got {len(rates)} values.")
    return rates


def train(recipe: Recipe, seeds: Any = range(10), steps: int = STEPS, lr: Any = None,
          split_seed: int = 0) -> Run:
    """Train ``recipe`` on every seed at once for ``steps`` mini-batch SGD steps, recording the
    instruments. ``lr``, if given, replaces ``recipe.lr`` by one rate per step (a range test).
    ``split_seed`` picks the train/test split of the digits (:func:`data`).
    Runs are remembered (their arrays are read-only): asking again for the same recipe, seeds
    and steps, as a chapter's checker does, costs nothing."""
    recipe, seeds = _check_recipe(recipe), _seeds(seeds)
    steps = check_positive_int(steps, "steps")
    rates = _learning_rates(lr, steps)
    split_seed = check_positive_int(split_seed, "split_seed", minimum=0, maximum=2**32 - 1)
    return _train(recipe, tuple(int(s) for s in seeds), steps, None if rates is None else tuple(rates), split_seed)


@lru_cache(maxsize=64)
def _train(recipe: Recipe, seeds: tuple[int, ...], steps: int, rates: tuple[float, ...] | None,
           split_seed: int = 0) -> Run:
    split = data(recipe.inputs, split_seed)
    n = len(split.x_train)
    labels = np.stack([split.y_train] * len(seeds))
    if recipe.labels == "shuffled":
        labels = np.stack([np.random.default_rng(2000 + int(s)).permutation(split.y_train) for s in seeds])
    Y_all = one_hot(labels.ravel(), CLASSES).reshape(len(seeds), n, CLASSES)
    weights, biases = init_params(recipe, seeds)
    layers, S, rows = len(weights), len(seeds), np.arange(len(seeds))[:, None]
    record = {name: np.full((S, steps, layers), np.nan) for name in ("grad_rms", "update_ratio")}
    record.update({name: np.full((S, steps, layers - 1), np.nan) for name in ("activation_std", "dead", "saturated")})
    losses = np.full((S, steps), np.nan)
    piled_W = [np.zeros_like(W) for W in weights]
    piled_b = [np.zeros_like(b) for b in biases]
    moments = [[np.zeros_like(p) for p in (*weights, *biases)] for _ in range(2)]  # Adam's m and v
    probability_rows, carryover = np.full(S, np.nan), np.full(S, np.nan)
    every_batch = batch_indices(seeds, steps)
    with np.errstate(all="ignore"):
        for t in range(steps):
            batch = every_batch[:, t]
            x, Y = split.x_train[batch], Y_all[rows, batch]
            loss, gW, gb, pre, outs = _forward_backward(weights, biases, x, Y, recipe)
            losses[:, t] = loss
            if t == 0:  # does the model hand the loss probabilities (in [0, 1], rows summing to 1)?
                z = x
                for i, (W, b) in enumerate(zip(weights, biases)):
                    z = z @ W + b[:, None, :]
                    z = _apply(recipe.activation, z) if i < layers - 1 else z
                z = _softmax(z) if recipe.output == "softmax twice" else z
                rows_ok = (z >= 0).all(axis=-1) & (z <= 1).all(axis=-1) & (np.abs(z.sum(axis=-1) - 1) < 1e-6)
                probability_rows = rows_ok.mean(axis=-1)
            if recipe.zero_grad:
                piled_W, piled_b = gW, gb
            else:
                piled_W = [p + g for p, g in zip(piled_W, gW)]
                piled_b = [p + g for p, g in zip(piled_b, gb)]
            if t == 1:  # is the gradient in use this batch's own?
                fresh = np.sqrt(sum(np.sum(g.reshape(S, -1) ** 2, axis=1) for g in (*gW, *gb)))
                extra = np.sqrt(sum(np.sum((p - g).reshape(S, -1) ** 2, axis=1)
                                    for p, g in zip((*piled_W, *piled_b), (*gW, *gb))))
                carryover = extra / fresh
            step = recipe.lr if rates is None else rates[t]
            changes = [step * g for g in (*piled_W, *piled_b)]
            if recipe.optimizer == "adam":
                m, v = moments
                for k, g in enumerate((*piled_W, *piled_b)):
                    m[k] = 0.9 * m[k] + 0.1 * g
                    v[k] = 0.999 * v[k] + 0.001 * g**2
                    changes[k] = step * (m[k] / (1 - 0.9 ** (t + 1))) / (
                        np.sqrt(v[k] / (1 - 0.999 ** (t + 1))) + 1e-8)
            for i in range(layers):
                record["grad_rms"][:, t, i] = _rms(piled_W[i])
                change = changes[i]
                ratio = _update_ratio(weights[i], change)
                if t == 0:  # a layer that starts at zero has no size to compare its update with: 0
                    ratio = np.where(np.any(weights[i], axis=(1, 2)), ratio, 0.0)
                record["update_ratio"][:, t, i] = ratio
                weights[i] = weights[i] - change
                biases[i] = biases[i] - changes[layers + i]
            for i, (z, h) in enumerate(zip(pre, outs)):
                record["activation_std"][:, t, i] = h.reshape(S, -1).std(axis=1)
                record["dead"][:, t, i] = _dead_fraction(h)
                if recipe.activation in SATURATING:
                    record["saturated"][:, t, i] = _saturated_fraction(z, recipe.activation)
        train_acc = _accuracy(weights, biases, split.x_train, labels, recipe)
        test_acc = _accuracy(weights, biases, split.x_test, np.stack([split.y_test] * S), recipe)
    run = Run(recipe, losses, record["grad_rms"], record["update_ratio"], record["activation_std"],
              record["dead"], record["saturated"], weights, biases, train_acc, test_acc, probability_rows, carryover)
    for value in run[1:]:
        for array in value if isinstance(value, list) else [value]:
            array.flags.writeable = False
    return run


def _logits(weights: Sequence[np.ndarray], biases: Sequence[np.ndarray], x: Any, recipe: Recipe) -> np.ndarray:
    """Every seed's network outputs on inputs ``x`` (n, 64), shape (S, n, 10)."""
    h = np.broadcast_to(as_float_array(x, "x", ndim=2, finite=False), (len(weights[0]),) + np.shape(x))
    for i, (W, b) in enumerate(zip(weights, biases)):
        z = h @ W + b[:, None, :]
        h = _apply(recipe.activation, z) if i < len(weights) - 1 else z
    return h


def _accuracy(weights: Sequence[np.ndarray], biases: Sequence[np.ndarray], x: Any, labels: np.ndarray,
             recipe: Recipe) -> np.ndarray:
    """Every seed's accuracy on ``x`` against ``labels`` (S, n). A softmax, once or twice, keeps
    the largest logit largest, so it does not change a prediction."""
    with np.errstate(all="ignore"):
        predicted = np.argmax(np.nan_to_num(_logits(weights, biases, x, recipe), nan=0.0), axis=-1)
    return np.mean(predicted == labels, axis=-1)



class Readings(NamedTuple):
    """What the instruments read on one seed of a run, each a number.

    ``start_loss`` and ``end_loss``: the first loss and the mean of the last 20 (inf if the
    loss overflowed), to compare with chance, ln 10 = 2.30; ``peak_loss``: the largest loss
    after the first step; ``grad_ratio``: the first layer's gradient RMS over the output
    layer's, over the first 10 steps (far below 1: gradients vanish on the way down);
    ``update_ratio``: the largest layer's ||ΔW|| / ||W|| in the first update;
    ``grad_growth``: the output layer's gradient RMS at steps 40-50 over the first step's (the
    gradient the update used, which piles up without ``zero_grad``); ``activation_growth``: the
    last hidden layer's activation spread over the first's, at the first step; ``input_spread``:
    the first hidden layer's activation spread at the first step; ``dead``: the largest share of
    dead units in a hidden layer over the last 20 steps; ``train_accuracy`` and
    ``test_accuracy`` at the end. Two exact checks of the code rather than of the numbers:
    ``probability_rows``, the share of the first batch's rows the model hands the loss that are
    probabilities (in [0, 1], summing to 1: a softmax is applied before a loss that applies its
    own); ``carryover``, at the second step, how far the gradient the update uses is from that
    batch's own, relative to it (0 in a correct loop; about 1 when gradients pile up).
    ``late_grad_ratio``: ``grad_ratio`` over steps 40-50, once a zero-initialized output layer
    has grown and passes gradients down; ``hidden_grad_ratio``: the same against the last
    hidden layer's gradient rather than the output layer's, which leaves out the output
    layer's scale (:func:`diagnose` reads both)."""

    start_loss: float
    end_loss: float
    peak_loss: float
    grad_ratio: float
    update_ratio: float
    grad_growth: float
    activation_growth: float
    input_spread: float
    dead: float
    train_accuracy: float
    test_accuracy: float
    probability_rows: float = float("nan")
    carryover: float = float("nan")
    late_grad_ratio: float = float("nan")
    hidden_grad_ratio: float = float("nan")


def readings(run: Run) -> list[Readings]:
    """The :class:`Readings` of every seed of ``run`` (which needs at least 50 steps)."""
    if not isinstance(run, Run):
        raise TypeError(f"run must be what broken_runs.train returns; got {type(run).__name__}.")
    if run.losses.shape[1] < 50:
        raise ValueError(f"readings need a run of at least 50 steps; this one has {run.losses.shape[1]}.")
    out = []
    with np.errstate(all="ignore"):
        for s in range(len(run.losses)):
            summary = curve_summary(run.losses[s], CLASSES)
            updates = np.nan_to_num(run.update_ratio[s].max(axis=1), nan=np.inf)
            out.append(Readings(
                start_loss=summary.start, end_loss=summary.end, peak_loss=summary.highest,
                grad_ratio=float(np.median(run.grad_rms[s, :10, 0] / run.grad_rms[s, :10, -1])),
                update_ratio=float(updates[0]),
                grad_growth=float(np.median(run.grad_rms[s, 40:50, -1]) / run.grad_rms[s, 0, -1]),
                activation_growth=float(run.activation_std[s, 0, -1] / run.activation_std[s, 0, 0]),
                input_spread=float(run.activation_std[s, 0, 0]),
                dead=float(np.nan_to_num(run.dead[s, -20:].mean(axis=0)).max()),
                train_accuracy=float(run.train_accuracy[s]), test_accuracy=float(run.test_accuracy[s]),
                probability_rows=float(run.probability_rows[s]), carryover=float(run.carryover[s]),
                late_grad_ratio=float(np.median(run.grad_rms[s, 40:50, 0] / run.grad_rms[s, 40:50, -1])),
                hidden_grad_ratio=float(np.median(run.grad_rms[s, 40:50, 0] / run.grad_rms[s, 40:50, -2]))))
    return out


#: What :func:`diagnose` may answer: a planted cause, chapter 7's vanishing start, or "unclear".
DIAGNOSES = (*CAUSES, "weights too small", "unclear")


def reference(recipe: Recipe) -> Recipe:
    """The run :func:`diagnose` compares ``recipe``'s with: the healthy recipe at its hidden
    widths (ReLU, He initialization, standardized inputs, SGD at 0.1 with ``zero_grad``, logits
    into the loss, true labels), a standard start at a known-good rate for this network."""
    return Recipe(hidden=_check_recipe(recipe).hidden)


def diagnose(r: Readings, ref: Readings) -> str:
    """Chapter 10's recipe made to travel beyond the network it was fitted on: the cause of a
    run, from its :class:`Readings` ``r``, each instrument read against ``ref``, the readings of
    the same seed's :func:`reference` run, or as an exact check of the code. In order:

    1. a softmax before the loss: every output row of the first batch is a probability vector;
    2. a forgotten ``zero_grad``: the second update's gradient is not that batch's own
       (``carryover`` over 0.5; exactly 0 in a correct loop);
    3. the start: the first layer's spread over 2.5 times the reference's is a start too large
       (the weights if the spread also grows over 3 times the reference's growth, else the
       inputs); under a tenth, with the growth under a third of the reference's, the weights
       are too small (chapter 7's vanishing start); under a tenth otherwise, unclear;
    4. the rate: a first update over 5 times the reference's, in a run whose training loss
       ends over 3 times the reference's (or overflows): a larger step that trains as well or
       better is not a fault (rates 0.3-0.7 train this network better than 0.1);
    5. the gradient through depth: at steps 40-50, the first layer's gradient over the output
       layer's under 0.45 times the reference's, and over the last hidden layer's under 0.85
       times (a zero-initialized output layer lowers the first ratio only);
    6. the outcome: test accuracy within 0.15 of the reference's is healthy; near chance (under
       0.2) with no instrument flagged, the labels; anything else is ``"unclear"``.

    The thresholds were set on the variations in tests/test_diagnosis_variations.py, which
    names what they were validated on. Returns one of :data:`DIAGNOSES`."""
    for name, value in (("r", r), ("ref", ref)):
        if not isinstance(value, Readings):
            raise TypeError(f"{name} must be a broken_runs.Readings (broken_runs.readings(run)[i]); "
                            f"got {type(value).__name__}.")
    with np.errstate(all="ignore"):
        if r.probability_rows == 1:
            return N_("softmax applied twice")
        if r.carryover > 0.5:
            return N_("forgotten zero_grad")
        spread = r.input_spread / ref.input_spread
        growth = r.activation_growth / ref.activation_growth
        if spread > 2.5:
            return N_("N(0,1) weights") if growth > 3 else N_("unscaled inputs")
        if spread < 0.1:
            return N_("weights too small") if growth < 1 / 3 else N_("unclear")
        if r.update_ratio / ref.update_ratio > 5 and not r.end_loss <= 3 * ref.end_loss:
            return N_("learning rate too large")
        if r.late_grad_ratio / ref.late_grad_ratio < 0.45 and r.hidden_grad_ratio / ref.hidden_grad_ratio < 0.85:
            return N_("sigmoid hidden layers")
        if ref.test_accuracy - r.test_accuracy < 0.15:
            return N_("healthy")
        if r.test_accuracy < 0.2:
            return N_("shuffled labels")
        return N_("unclear")


def torch_network(seed: int, recipe: Recipe = CAUSES["healthy"]) -> Any:
    """Seed ``seed``'s initial network of ``recipe`` as a PyTorch model in float64 (ReLU hidden
    layers only), with exactly the NumPy engine's weights, so that a PyTorch loop and
    :func:`train` can be compared step by step (chapter 10). Imports torch."""
    import torch

    recipe = _check_recipe(recipe)
    if recipe.activation != "relu":
        raise ValueError(f"torch_network builds ReLU networks; recipe.activation is {recipe.activation!r}.")
    weights, biases = init_params(recipe, [check_positive_int(seed, "seed", minimum=0)])
    layers: list[Any] = []
    for W, b in zip(weights, biases):
        linear = torch.nn.Linear(*W.shape[1:], dtype=torch.float64)
        with torch.no_grad():  # torch stores (fan_out, fan_in): the transpose
            linear.weight.copy_(torch.from_numpy(W[0].T))
            linear.bias.copy_(torch.from_numpy(b[0]))
        layers += [linear, torch.nn.ReLU()]
    return torch.nn.Sequential(*layers[:-1])


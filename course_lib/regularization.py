"""Regularization methods, from scratch in NumPy and batched in JAX (chapter 9).

The NumPy functions are the definitions the chapter teaches: inverted dropout, label
smoothing, mixup, cutmix and image shifts. :func:`train_regularized` trains a stack of MLPs in
one compiled call where every run has its own :class:`Setting` (how much dropout, noise,
smoothing, mixing, shifting, L2 and weight decay), so that the chapter's methods are compared on
the same data, network, optimizer (Adam) and budget, over several seeds. It records the
validation loss and accuracy as training goes, and keeps the parameters an early-stopping rule
would return.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple, Sequence

import numpy as np

from .mlp_jax import stack_runs
from .runs import in_chunks
from .validation import as_float_array, check_bool, check_positive_float, check_positive_int, check_probability

# ----------------------------------------------------------------------------- NumPy definitions


def inverted_dropout(h: Any, p: float, rng: np.random.Generator, *, training: bool = True) -> np.ndarray:
    """Zero each *activation* of ``h`` with probability ``p`` and scale the survivors by
    1 / (1 - p), so that the expected output equals ``h``; in evaluation, return ``h`` as is.
    (Dropout drops activations, not weights: every example gets its own mask.) With ``p = 1``
    every activation is dropped and the output is zero, as in torch."""
    h = as_float_array(h, "h")
    p = check_probability(p, "p", allow_one=True)
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a NumPy random generator, np.random.default_rng(seed); got {rng!r}.")
    training = check_bool(training, "training")
    if not training or p == 0:
        return h.copy()
    if p == 1:
        return np.zeros_like(h)
    keep = rng.random(h.shape) >= p
    return h * keep / (1 - p)


def smooth_labels(Y: Any, eps: float) -> np.ndarray:
    """Label smoothing of one-hot rows ``Y``: (1 - eps) on the true class, eps spread evenly over
    all K classes, so the target is (1 - eps) * Y + eps / K."""
    Y = as_float_array(Y, "Y", ndim=2)
    if not np.all((Y == 0) | (Y == 1)) or not np.all(Y.sum(axis=1) == 1):
        raise ValueError("Y must hold one-hot rows (a single 1 per row, zeros elsewhere).")
    eps = check_probability(eps, "eps")
    return (1 - eps) * Y + eps / Y.shape[1]


def mixup(x: Any, Y: Any, lam: float, perm: Any) -> tuple[np.ndarray, np.ndarray]:
    """Mixup: each example and its (one-hot or soft) label blended with example ``perm[i]``,
    with weight ``lam`` on the example itself."""
    x, Y = as_float_array(x, "x"), as_float_array(Y, "Y", ndim=2)
    if x.ndim == 0 or len(Y) != len(x):
        raise ValueError(f"x and Y must hold the same examples; got {len(x) if x.ndim else 'a number, not examples'} "
                         f"and {len(Y)}.")
    perm = _permutation(perm, len(x), "perm")
    lam = check_probability(lam, "lam", allow_one=True)
    return lam * x + (1 - lam) * x[perm], lam * Y + (1 - lam) * Y[perm]


def _labels(labels: Any, name: str, *, classes: int) -> np.ndarray:
    """``labels`` as a 1-D array of whole numbers in [0, classes)."""
    labels = as_float_array(labels, name, ndim=1)
    if not np.all(labels == np.round(labels)) or labels.min() < 0 or labels.max() >= classes:
        raise ValueError(f"{name} must hold integer class labels in [0, {classes}); got values from "
                         f"{labels.min():g} to {labels.max():g}.")
    return labels.astype(int)


def _permutation(perm: Any, n: int, name: str) -> np.ndarray:
    """``perm`` as an integer index array of ``n`` entries, each in [0, n)."""
    perm = np.asarray(as_float_array(perm, name, ndim=1))
    if len(perm) != n or not np.all(perm == np.round(perm)) or perm.min() < 0 or perm.max() >= n:
        raise ValueError(f"{name} must hold {n} whole numbers in [0, {n}), one partner per example "
                         f"(rng.permutation({n}), say); got {len(perm)} values from {perm.min():g} to {perm.max():g}.")
    return perm.astype(int)


def cutmix(images: Any, Y: Any, box: tuple[int, int, int, int], perm: Any) -> tuple[np.ndarray, np.ndarray]:
    """CutMix: paste the rectangle ``box = (row, col, height, width)`` of image ``perm[i]`` into
    image i; the labels are mixed in proportion to the areas."""
    images, Y = as_float_array(images, "images", ndim=3), as_float_array(Y, "Y", ndim=2)
    if len(Y) != len(images):
        raise ValueError(f"images and Y must hold the same examples; got {len(images)} and {len(Y)}.")
    perm = _permutation(perm, len(images), "perm")
    corners = as_float_array(box, "box", ndim=1)
    if len(corners) != 4 or not np.all(corners == np.round(corners)):
        raise ValueError(f"box must be four whole numbers (row, col, height, width); got {box!r}.")
    r, c, h, w = (int(v) for v in corners)
    rows, cols = images.shape[1:]
    if not (0 <= r and 0 <= c and h >= 0 and w >= 0 and r + h <= rows and c + w <= cols):
        raise ValueError(f"box {box} does not fit in images of {rows}x{cols}.")
    out = images.copy()
    out[:, r:r + h, c:c + w] = images[perm, r:r + h, c:c + w]
    lam = 1 - h * w / (rows * cols)
    return out, lam * Y + (1 - lam) * Y[perm]


def shift_images(images: Any, rows: Any, cols: Any) -> np.ndarray:
    """Shift each image by its own whole number of pixels (down by ``rows[i]``, right by
    ``cols[i]``), filling the uncovered border with 0, the blank background."""
    images = as_float_array(images, "images", ndim=3)
    shifts = []
    for name, value in (("rows", rows), ("cols", cols)):
        value = as_float_array(value, name)
        if value.ndim > 1 or value.size not in (1, len(images)) or not np.all(value == np.round(value)):
            raise ValueError(f"{name} must be one whole number, or one per image ({len(images)}); got {value!r}.")
        shifts.append(np.broadcast_to(value.astype(int), len(images)))
    rows, cols = shifts
    out = np.zeros_like(images)
    height, width = images.shape[1:]
    for i, (dr, dc) in enumerate(zip(rows, cols)):
        dr, dc = int(dr), int(dc)
        src = images[i, max(-dr, 0):height - max(dr, 0), max(-dc, 0):width - max(dc, 0)]
        out[i, max(dr, 0):max(dr, 0) + src.shape[0], max(dc, 0):max(dc, 0) + src.shape[1]] = src
    return out


# ----------------------------------------------------------------------------- batched training


class Setting(NamedTuple):
    """The regularization of one run; all zero is plain training.

    ``dropout``: drop probability of hidden activations; ``input_noise``: std of Gaussian noise
    added to the inputs; ``label_smoothing``: eps; ``mixup``: the Beta(alpha, alpha) parameter
    (0 = off); ``cutmix``: 1 to cut and mix, 0 not; ``shift``: 1 to shift every training image by
    up to one pixel in each direction, 0 not; ``l2``: the coefficient lambda of an L2 penalty
    (lambda / 2) * sum of squared weights added to the loss; ``weight_decay``: AdamW's decoupled
    decay of the weights; ``patience``: stop when the validation loss has not improved for this
    many steps and keep the best parameters (0 = never stop); ``batch_norm``: 1 to batch-normalize
    the hidden pre-activations (without a learnable scale, as in chapter 5), 0 not."""

    dropout: float = 0.0
    input_noise: float = 0.0
    label_smoothing: float = 0.0
    mixup: float = 0.0
    cutmix: float = 0.0
    shift: float = 0.0
    l2: float = 0.0
    weight_decay: float = 0.0
    patience: float = 0.0
    batch_norm: float = 0.0


class Result(NamedTuple):
    """Per run: the training loss (of the regularized objective) at every step; the validation
    loss and accuracy at every evaluation (every ``eval_every`` steps); the final parameters; the
    parameters an early-stopping rule with the run's patience returns, and the step they come
    from (with patience 0: the final step)."""

    train_loss: np.ndarray
    val_loss: np.ndarray
    val_accuracy: np.ndarray
    params: Any
    kept_params: Any
    kept_step: np.ndarray


def _forward(params, x, ref, dropout, batch_norm, key):
    """Hidden ReLU layers with dropout (when ``key`` is given: training) and, where
    ``batch_norm`` is 1, batch normalization whose statistics come from the batch itself
    (``ref`` None: training) or from ``ref``'s pre-activations (evaluation, with the training set)."""
    import jax
    import jax.numpy as jnp

    *hidden, (w_out, b_out) = params
    for i, (w, b) in enumerate(hidden):
        z = x @ w
        z_ref = z if ref is None else ref @ w
        mean, var = z_ref.mean(axis=0), z_ref.var(axis=0)
        z = jnp.where(batch_norm > 0, (z - mean) / jnp.sqrt(var + 1e-5), z)
        if ref is not None:
            ref = jax.nn.relu(jnp.where(batch_norm > 0, (z_ref - mean) / jnp.sqrt(var + 1e-5), z_ref) + b)
        x = jax.nn.relu(z + b)
        if key is not None:
            keep = jax.random.bernoulli(jax.random.fold_in(key, i), 1 - dropout, x.shape)
            x = jnp.where(keep, x / (1 - dropout), 0.0)
    return x @ w_out + b_out


def _shift_table(side: int) -> np.ndarray:
    """For each of the 9 shifts (dr, dc) in {-1, 0, 1}², the source pixel of every target
    pixel of a flattened side×side image, or side*side (a blank pixel) where it falls outside."""
    table = np.full((9, side * side), side * side)
    for k, (dr, dc) in enumerate((dr, dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)):
        for r in range(side):
            for c in range(side):
                if 0 <= r - dr < side and 0 <= c - dc < side:
                    table[k, r * side + c] = (r - dr) * side + (c - dc)
    return table


def _box_muller(key: Any, shape: tuple[int, int]) -> Any:
    """Standard normal numbers by the Box-Muller transform: on a CPU about 5x faster than
    jax.random.normal (whose inverse error function dominated the whole training run)."""
    import jax
    import jax.numpy as jnp

    n, d = shape
    u = jax.random.uniform(key, (2, n, (d + 1) // 2), minval=jnp.finfo(jnp.float32).tiny)
    radius, angle = jnp.sqrt(-2 * jnp.log(u[0])), 2 * jnp.pi * u[1]
    return jnp.concatenate([radius * jnp.cos(angle), radius * jnp.sin(angle)], axis=1)[:, :d]


@lru_cache(maxsize=None)
def _compiled(steps: int, side: int, eval_every: int):
    import jax
    import jax.numpy as jnp
    import optax

    adam = optax.scale_by_adam()
    shift_table = _shift_table(side)  # a NumPy constant: jnp.asarray would compile a program to stage it

    def cross_entropy(logits, targets):
        return -jnp.mean(jnp.sum(targets * jax.nn.log_softmax(logits), axis=-1))

    def augment(key, x, y, s):
        n, classes = y.shape
        k_noise, k_shift, k_corner, k_perm, k_lam, k_box = jax.random.split(key, 6)
        # shifts of -1, 0 or +1 pixel in each direction, zero fill, only where s.shift = 1: one gather
        # through a table of source pixels (index side*side points at an appended zero)
        which = jnp.where(s.shift > 0, jax.random.randint(k_shift, (n,), 0, 9), 4)
        images = jnp.take_along_axis(jnp.pad(x, ((0, 0), (0, 1))), jnp.asarray(shift_table)[which], axis=1)
        x = images + s.input_noise * _box_muller(k_noise, (n, side * side))
        y = (1 - s.label_smoothing) * y + s.label_smoothing / classes
        perm = (jnp.arange(n) + jax.random.randint(k_perm, (), 1, n)) % n  # each example paired with another
        # mixup: one lam per batch from Beta(alpha, alpha); alpha = 0 means off (lam = 1)
        alpha = jnp.maximum(s.mixup, 1e-3)
        lam = jnp.where(s.mixup > 0, jax.random.beta(k_lam, alpha, alpha), 1.0)
        x, y = lam * x + (1 - lam) * x[perm], lam * y + (1 - lam) * y[perm]
        # cutmix: a box covering a Uniform(0, 1) share of the image, pasted from the partner
        share = jax.random.uniform(k_box)
        size = jnp.round(side * jnp.sqrt(share)).astype(jnp.int32) * (s.cutmix > 0)
        corner = jax.random.randint(k_corner, (2,), 0, side + 1 - size)
        grid = jnp.arange(side)
        inside = ((grid[:, None] >= corner[0]) & (grid[:, None] < corner[0] + size) &
                  (grid[None, :] >= corner[1]) & (grid[None, :] < corner[1] + size)).reshape(-1)
        area = inside.mean()
        x = jnp.where(inside, x[perm], x)
        y = (1 - area) * y + area * y[perm]
        return x, y

    def train_one(params, x, y, x_val, y_val, s, seed, lr):
        key = jax.random.key(seed)

        def objective(p, xb, yb, k):
            logits = _forward(p, xb, None, s.dropout, s.batch_norm, k)
            penalty = 0.5 * s.l2 * sum(jnp.sum(w**2) for w, _ in p)
            return cross_entropy(logits, yb) + penalty

        def evaluate(p):
            logits = _forward(p, x_val, x, 0.0, s.batch_norm, None)
            loss = cross_entropy(logits, jax.nn.one_hot(y_val, logits.shape[-1]))
            return loss, jnp.mean(jnp.argmax(logits, -1) == y_val)

        def train_step(carry, t):
            p, state = carry
            k_aug, k_drop = jax.random.split(jax.random.fold_in(key, t))
            xb, yb = augment(k_aug, x, y, s)
            loss, grads = jax.value_and_grad(objective)(p, xb, yb, k_drop)
            updates, state = adam.update(grads, state, p)
            p = [(w - lr * uw - lr * s.weight_decay * w, b - lr * ub) for (w, b), (uw, ub) in zip(p, updates)]
            return (p, state), loss

        def chunk(carry, c):
            # eval_every training steps, then one evaluation and the early-stopping bookkeeping
            p, state, best, best_loss, since, stopped, kept_step = carry
            (p, state), losses = jax.lax.scan(train_step, (p, state), c * eval_every + jnp.arange(eval_every))
            val_loss, val_acc = evaluate(p)
            improved = (val_loss < best_loss) & ~stopped
            best = jax.tree.map(lambda a, b: jnp.where(improved, a, b), p, best)
            best_loss = jnp.where(improved, val_loss, best_loss)
            kept_step = jnp.where(improved, (c + 1) * eval_every - 1, kept_step)
            since = jnp.where(improved, 0, since + eval_every)
            stopped = stopped | ((s.patience > 0) & (since >= s.patience))
            return (p, state, best, best_loss, since, stopped, kept_step), (losses, val_loss, val_acc)

        carry = (params, adam.init(params), params, jnp.inf, 0, False, 0)
        (p, _, best, _, _, _, kept_step), (losses, val_loss, val_acc) = jax.lax.scan(
            chunk, carry, jnp.arange(steps // eval_every))
        use_best = s.patience > 0
        kept = jax.tree.map(lambda a, b: jnp.where(use_best, a, b), best, p)
        return p, kept, jnp.where(use_best, kept_step, steps - 1), (losses.reshape(-1), val_loss, val_acc)

    return jax.jit(jax.vmap(train_one, in_axes=(0, None, None, None, None, 0, 0, None)))


def train_regularized(params: Any, x_train: Any, y_train: Any, x_val: Any, y_val: Any,
                      settings: Sequence[Setting], *, seeds: Sequence[int], steps: int, lr: float = 1e-3,
                      eval_every: int = 10) -> Result:
    """Train one run per (setting, seed) pair, all in one compiled call: full-batch Adam on the
    training set (square images, flattened), with each run's regularization.

    ``params`` is a stack of :func:`course_lib.mlp_jax.init_mlps` parameters with one run per
    setting; ``y_train`` is one-hot, ``y_val`` holds integer labels; ``seeds`` gives each run
    the seed of its random masks, shifts and mixes (one per run). Batch normalization is
    evaluated with the training set's statistics (what running averages converge to in
    full-batch training). The
    validation set is evaluated every ``eval_every`` steps (``steps`` must be a multiple of it),
    and early stopping counts its patience in steps between those evaluations.
    """
    x_train, x_val = as_float_array(x_train, "x_train", ndim=2), as_float_array(x_val, "x_val", ndim=2)
    y_train = as_float_array(y_train, "y_train", ndim=2)
    y_val = _labels(y_val, "y_val", classes=y_train.shape[1])
    side = int(round(np.sqrt(x_train.shape[1])))
    if side * side != x_train.shape[1]:
        raise ValueError(f"x_train must hold flattened square images; {x_train.shape[1]} pixels is not a square.")
    if len(y_train) != len(x_train) or len(y_val) != len(x_val):
        raise ValueError("x_train and y_train, and x_val and y_val, need the same number of examples.")
    runs = stack_runs(params)
    _check_settings(settings, None)
    if not isinstance(seeds, (list, tuple, np.ndarray)):
        raise TypeError(f"seeds must be a list of integers, one per run; got {type(seeds).__name__}.")
    for i, s in enumerate(seeds):
        check_positive_int(s, f"seeds[{i}]", minimum=0)
    if len(settings) != runs or len(seeds) != runs:
        raise ValueError(f"params holds {runs} runs: give one setting and one seed per run "
                         f"(got {len(settings)} settings and {len(seeds)} seeds).")
    for i, s in enumerate(settings):
        if not isinstance(s, Setting):
            raise TypeError(f"settings[{i}] must be a Setting; got {type(s).__name__}.")
        if not 0 <= s.dropout < 1 or not 0 <= s.label_smoothing < 1 or min(s) < 0:
            raise ValueError(f"settings[{i}] = {s}: dropout and label_smoothing must lie in [0, 1), all others >= 0.")
    # NumPy arrays throughout: in_chunks cuts them on the host, and staging each with jnp.asarray
    # (or making the keys outside) compiled a small program per shape
    stacked = Setting(*(np.array(column, dtype=np.float32) for column in zip(*settings)))
    seeds = np.asarray(seeds, dtype=np.uint32)  # each run's key is made from its seed inside the program
    steps, eval_every = check_positive_int(steps, "steps"), check_positive_int(eval_every, "eval_every")
    if steps % eval_every:
        raise ValueError(f"steps ({steps}) must be a multiple of eval_every ({eval_every}).")
    compiled = _compiled(steps, side, eval_every)
    shared = (x_train.astype(np.float32), y_train.astype(np.float32), x_val.astype(np.float32), y_val.astype(np.int32))
    lr = check_positive_float(lr, "lr")
    final, kept, kept_step, (loss, val_loss, val_acc) = in_chunks(
        lambda p, s, k: compiled(p, *shared, s, k, lr), runs, (params, stacked, seeds))
    return Result(np.asarray(loss), np.asarray(val_loss), np.asarray(val_acc), final, kept, np.asarray(kept_step))


def _check_settings(settings: Any, runs: int | None) -> None:
    """``settings`` as a list of :class:`Setting`, one per run of a stack of ``runs`` (when given)."""
    if not isinstance(settings, (list, tuple)) or isinstance(settings, Setting):
        raise TypeError(f"settings must be a list of Setting, one per run; got {type(settings).__name__}.")
    for i, s in enumerate(settings):
        if not isinstance(s, Setting):
            raise TypeError(f"settings[{i}] must be a Setting; got {type(s).__name__}.")
    if runs is not None and len(settings) != runs:
        raise ValueError(f"params holds {runs} runs: give one setting per run (got {len(settings)} settings).")


# evaluate pads its examples to a multiple of this many (see there)
_EVAL_ROWS = 1024


@lru_cache(maxsize=None)
def _evaluate_compiled():
    """Every run's logits on ``x`` in one compiled program (one per shape): run op by op, the
    same forward pass compiled about a dozen small programs per call (chapter 9, issue 40)."""
    import jax

    return jax.jit(jax.vmap(lambda p, bn, x, ref: _forward(p, x, ref, 0.0, bn, None), in_axes=(0, 0, None, None)))


def evaluate(params: Any, x: Any, y: Any, x_train: Any, settings: Sequence[Setting]) -> tuple[np.ndarray, np.ndarray]:
    """Cross-entropy (nats) and accuracy on ``x``, ``y`` of every run in a stack: dropout off,
    batch norm (where the run's setting has it) with the statistics of ``x_train``."""
    import jax

    x = as_float_array(x, "x", ndim=2).astype(np.float32)
    ref = as_float_array(x_train, "x_train", ndim=2).astype(np.float32)
    runs = stack_runs(params)
    _check_settings(settings, runs)
    if np.ndim(y) != 1 or len(y) != len(x):
        raise ValueError(f"x has {len(x)} examples: y must be a 1-D array of as many labels; got shape {np.shape(y)}.")
    classes = np.asarray(jax.tree.leaves(params)[-1]).shape[-1]
    y = _labels(y, "y", classes=classes)
    flags = np.array([s.batch_norm for s in settings], dtype=np.float32)
    # x padded with blank rows to a multiple of _EVAL_ROWS examples, so that sets of different
    # sizes share one compiled program (chapter 9's 400 validation and 540 test digits: one
    # compilation fewer, about 0.3 s); each example's logits depend on it alone (dropout is off,
    # batch norm's statistics come from x_train), and the padding is dropped
    padded = np.concatenate([x, np.zeros((-len(x) % _EVAL_ROWS, x.shape[1]), np.float32)])
    logits = np.asarray(_evaluate_compiled()(params, flags, padded, ref), dtype=np.float64)[:, :len(x)]
    shifted = logits - logits.max(axis=-1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    loss = -log_p[:, np.arange(len(y)), y].mean(axis=1)
    return loss, (logits.argmax(-1) == y).mean(axis=1)


def accuracy(params: Any, x: Any, y: Any, x_train: Any, settings: Sequence[Setting]) -> np.ndarray:
    """Accuracy on ``x``, ``y`` of every run in a stack (see :func:`evaluate`)."""
    return evaluate(params, x, y, x_train, settings)[1]

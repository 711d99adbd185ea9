"""Small multilayer perceptrons in JAX, many trained at once (first used in chapter 2).

A run is one network with its own initial weights, its own data and its own learning rates.
Chapters compare several seeds and several cases (scalings, initializations, learning rates,
schedules), so this module
trains a whole stack of runs in one compiled call: ``jax.vmap`` over runs, ``lax.scan`` over
steps, ``jax.jit`` around both. The runs in a stack share the architecture, the optimizer
and the number of steps; everything else (weights, inputs, targets, learning rates) has a
leading run axis.

JAX and optax are imported when a function here is first called, not when the module is
imported.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple, Sequence

import numpy as np

from .initialization import SCHEMES as INITS
from .runs import in_chunks
from .initialization import init_std
from .validation import as_float_array, check_choice, check_positive_float, check_positive_int

ACTIVATIONS = ("relu", "tanh", "sigmoid", "leaky_relu", "gelu")
NORMS = ("none", "batch", "layer")
NORM_EPS = 1e-5

Params = list  # a list of (W, b) pairs, one per layer


class TrainResult(NamedTuple):
    """Final parameters (stacked over runs) and the training loss of every run at every
    step, shape (runs, steps). The loss at step k is measured before the k-th update."""

    params: Params
    losses: np.ndarray


def _check_sizes(sizes: Sequence[int]) -> tuple[int, ...]:
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or len(sizes) < 2:
        raise ValueError(
            f"sizes must list the layer widths from input to output, e.g. [1, 64, 64, 1]; got {sizes!r}."
        )
    return tuple(check_positive_int(s, f"sizes[{i}]") for i, s in enumerate(sizes))


def _key_shape(keys: Any, name: str, expected: str) -> tuple[int, ...]:
    """The batch shape of JAX random keys (new-style ``jax.random.key`` or raw uint32 pairs),
    or a TypeError that says how to make them."""
    import jax
    import jax.numpy as jnp

    dtype, shape = getattr(keys, "dtype", None), getattr(keys, "shape", None)
    if dtype is not None and jnp.issubdtype(dtype, jax.dtypes.prng_key):
        return tuple(shape)
    if dtype == np.uint32 and shape is not None and shape[-1:] == (2,):
        return tuple(shape[:-1])
    raise TypeError(f"{name} must be {expected}; got {type(keys).__name__}"
                    f"{f' of dtype {dtype}' if dtype is not None else ''}.")


def stack_runs(params: Any, name: str = "params") -> int:
    """The number of runs in a stack of MLP parameters (:func:`init_mlps`), after checking its
    structure: a list of (weights, biases) pairs of shapes (runs, fan_in, fan_out) and
    (runs, fan_out), each layer's fan_in the previous layer's fan_out."""
    if not isinstance(name, str):
        raise TypeError(f"name must be text (what to call params in an error); got {type(name).__name__}.")
    if not isinstance(params, (list, tuple)) or not params:
        raise TypeError(f"{name} must be a stack of MLP parameters from init_mlps (a list of (weights, biases) "
                        f"pairs); got {type(params).__name__}.")
    runs, fan_in = None, None
    for i, layer in enumerate(params):
        if not isinstance(layer, (list, tuple)) or len(layer) != 2:
            raise TypeError(f"{name}[{i}] must be a (weights, biases) pair; got {type(layer).__name__}.")
        w_shape, b_shape = np.shape(layer[0]), np.shape(layer[1])
        if len(w_shape) != 3 or b_shape != (w_shape[0], w_shape[2]):
            raise ValueError(f"{name}[{i}] must hold weights of shape (runs, fan_in, fan_out) and biases of shape "
                             f"(runs, fan_out), as init_mlps makes them; got {w_shape} and {b_shape}.")
        if runs is not None and (w_shape[0] != runs or w_shape[1] != fan_in):
            raise ValueError(f"{name}[{i}] has shape {w_shape}; after layer {i - 1} it should be "
                             f"({runs}, {fan_in}, fan_out).")
        runs, fan_in = w_shape[0], w_shape[2]
    return int(runs)


def init_mlp(key: Any, sizes: Sequence[int], init: str | float = "he") -> Params:
    """Initial parameters of one MLP: Gaussian weights with
    :func:`course_lib.initialization.init_std` (a scheme name, or a fixed standard deviation),
    zero biases."""
    import jax

    sizes = _check_sizes(sizes)
    init_std(1, init, 1)  # validate init before tracing
    if _key_shape(key, "key", "one JAX random key, jax.random.key(seed)") != ():
        raise ValueError("key must be a single key; for a stack of runs use init_mlps with jax.random.split(key, runs).")
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        key, subkey = jax.random.split(key)
        weights = jax.random.normal(subkey, (fan_in, fan_out)) * init_std(fan_in, init, fan_out)
        params.append((weights, jax.numpy.zeros(fan_out)))
    return params


def init_mlps(keys: Any, sizes: Sequence[int], init: str | float = "he") -> Params:
    """A stack of :func:`init_mlp` parameters, one run per key in ``keys``."""
    import jax

    sizes = _check_sizes(sizes)
    init_std(1, init, 1)  # validate init before vmap, whose own error would be obscure
    if len(_key_shape(keys, "keys", "one JAX random key per run, jax.random.split(jax.random.key(seed), runs)")) != 1:
        raise ValueError("keys must be a 1-D batch of keys, one per run: jax.random.split(jax.random.key(seed), runs).")
    # One compiled program draws every layer's standard normals for the whole stack; the
    # scaling and the zero biases are done in NumPy. Op by op, as before, each call compiled
    # about ten small programs (splits, slices, normals, products) for its number of runs,
    # 1-2 s on a 2-core CPU (chapter 2 made two such stacks); the weights are bit for bit the
    # same, since the product of two float32 numbers rounds the same in NumPy and XLA.
    # The program is compiled for a number of keys, so the keys are padded (with copies of the
    # last) to a multiple of _KEY_BLOCK and the extra draws dropped: stacks of 5 and 28 runs
    # (chapter 2) share one program, which saves a compilation of about 1.5 s on a 2-core CPU.
    runs = len(keys)
    new_style = jax.numpy.issubdtype(keys.dtype, jax.dtypes.prng_key)
    raw = np.asarray(jax.random.key_data(keys) if new_style else keys)
    raw = np.concatenate([raw, np.repeat(raw[-1:], -runs % _KEY_BLOCK, axis=0)])
    bits = _compiled_bits(sizes)(jax.random.wrap_key_data(raw, impl=jax.random.key_impl(keys)) if new_style else raw)
    normals = _normals_from_bits()(bits)
    # device_put, not jnp.asarray: a newer JAX compiles a small program to stage each shape.
    return [(jax.device_put(np.asarray(z)[:runs] * np.float32(init_std(fan_in, init, fan_out))),
             jax.device_put(np.zeros((runs, fan_out), np.float32)))
            for z, fan_in, fan_out in zip(normals, sizes[:-1], sizes[1:])]


# init_mlps compiles its program for a multiple of this many keys (see there).
_KEY_BLOCK = 32


@lru_cache(maxsize=None)
def _compiled_bits(sizes: tuple[int, ...]):
    """For a batch of keys, the random bits behind :func:`init_mlp`'s standard normal weights,
    layer by layer (the same keys, splits and bits as init_mlp's jax.random.normal).

    Compiled without LLVM's optimizations: the program runs once, on a few thousand numbers,
    and optimizing its threefry hashes took most of the compile, about 3 s of CPU for chapter
    9's [64, 64, 10] stack against 0.4 s unoptimized (issue 40). Integer hashes come out the
    same at any optimization level; the floating-point part is left to _normals_from_bits."""
    import jax

    def one(key):
        draws = []
        for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
            key, subkey = jax.random.split(key)
            draws.append(jax.random.bits(subkey, (fan_in, fan_out), jax.numpy.uint32))
        return draws

    # on a CPU only: the measurement was made there, and an accelerator's compiler is left as it is
    cpu = jax.default_backend() == "cpu"
    return jax.jit(jax.vmap(one), compiler_options={"xla_backend_optimization_level": 0} if cpu else None)


@lru_cache(maxsize=None)
def _normals_from_bits():
    """jax.random.normal's float32 draws from their 32 random bits, step for step as JAX does
    it (uniform in (-1, 1) from the 23 mantissa bits, then sqrt(2) * erf_inv), compiled with
    the usual optimizations so that the rounding is the same: tests/test_mlp_jax.py checks that
    the result equals jax.random.normal bit for bit."""
    import jax
    from jax import lax

    low, high = np.nextafter(np.float32(-1), np.float32(0)), np.float32(1)

    def normal(bits):
        mantissa = lax.shift_right_logical(bits, np.uint32(32 - 23))
        unit = lax.bitcast_convert_type(lax.bitwise_or(mantissa, np.float32(1).view(np.uint32)), np.float32)
        u = lax.max(low, (unit - np.float32(1)) * (high - low) + low)
        return lax.mul(np.float32(np.sqrt(2)), lax.erf_inv(u))

    return jax.jit(lambda layers: [normal(bits) for bits in layers])


# At most this many multiply-adds per layer and run (examples x fan_in x fan_out), a layer's
# product is written out as a broadcast product summed over the inputs (see _product). Above
# it the library's product wins: chapter 6's output layer (200 examples, 16 inputs, 3200
# multiply-adds) trains 2.8 times slower written out.
TINY_PRODUCT = 512


def _product(x: Any, w: Any) -> Any:
    """``x @ w``. A tiny layer (chapter 3's XOR nets: 4 examples, widths up to 10) is written
    as a broadcast product summed over its inputs, which XLA fuses with the layer's other
    elementwise work into one loop, forward and backward. As a matrix product each such layer
    is a library call whose fixed cost dwarfs its few hundred multiply-adds: chapter 3's
    100-run XOR stacks train about 40% faster this way. The same sums, in another rounding
    order, so results agree with ``x @ w`` to float32 rounding, not bit for bit."""
    if _tiny(x.shape[-2], x.shape[-1], w.shape[-1]):
        return (x[..., :, :, None] * w[..., None, :, :]).sum(axis=-2)
    return x @ w


def _tiny(examples: int, fan_in: int, fan_out: int) -> bool:
    """A layer small enough to be written out (see _product and TINY_PRODUCT)."""
    return examples * fan_in * fan_out <= TINY_PRODUCT


def _all_tiny(sizes: Sequence[int], examples: int) -> bool:
    """Every layer of a network with these widths takes the written-out product (see _product)."""
    return all(_tiny(examples, fan_in, fan_out) for fan_in, fan_out in zip(sizes, sizes[1:]))


# The CPU compiler of a newer XLA (jaxlib 0.10; not 0.7) hands elementwise work and reductions
# to YNNPACK, which turns the fused loop of a written-out product back into separate library
# calls on materialized broadcasts: chapter 3's deep XOR stacks (2-10-10-10-1) trained 2.1
# times slower. A program made of tiny layers only is compiled without those fusions (an
# empty list of YNNPACK fusion types). An older jaxlib (Colab's 0.7.2) has no such option
# and never made them.
_NO_YNN_FUSIONS = {"xla_cpu_experimental_ynn_fusion_type": ""}


@lru_cache(maxsize=None)
def _tiny_program_options() -> dict[str, str]:
    """The compiler options for a program of tiny layers: none off the CPU, or where the
    installed XLA does not know the option."""
    import jax

    if jax.default_backend() != "cpu":
        return {}
    try:
        jax.jit(lambda v: v + 1, compiler_options=_NO_YNN_FUSIONS).lower(np.float32(0)).compile()
    except jax.errors.JaxRuntimeError:  # "No such compile option"
        return {}
    return _NO_YNN_FUSIONS


def _normalize(z: Any, axis: int) -> Any:
    return (z - z.mean(axis=axis, keepdims=True)) / (z.var(axis=axis, keepdims=True) + NORM_EPS) ** 0.5


def mlp_apply(params: Params, x: Any, activation: str = "relu", norm: str = "none", reference: Any = None,
              gate: Any = None) -> Any:
    """Forward pass of one MLP: ``activation`` after every hidden layer, none on the output.

    ``norm="batch"`` normalizes each hidden pre-activation ``x @ w`` over the batch (the rows of
    ``x``) with the batch's own statistics, as batch normalization does in training mode; with
    a ``reference`` batch (the training set, in evaluation) the statistics are the reference's,
    layer by layer, as a trained network's running averages would hold them. ``"layer"``
    normalizes each example over its features (chapter 5). The bias ``b`` is then added as
    batch norm's shift beta. The scale gamma is left out: before a ReLU a positive gamma can be
    moved into the next layer's weights, since relu(g z) = g relu(z). With a boolean ``gate``
    (traced), the normalization applies only where it is true: where false, the plain network's
    value and derivatives (the normalization sees zeros, unused), so one compiled program serves
    both (chapter 5's arms).
    """
    import jax

    act = {"relu": jax.nn.relu, "tanh": jax.numpy.tanh, "sigmoid": jax.nn.sigmoid,
           "leaky_relu": jax.nn.leaky_relu, "gelu": lambda z: jax.nn.gelu(z, approximate=False)}[
        check_choice(activation, "activation", ACTIVATIONS)
    ]
    check_choice(norm, "norm", NORMS)
    *hidden, (w_out, b_out) = params
    where = jax.numpy.where
    for w, b in hidden:
        z = _product(x, w)
        if gate is not None and norm != "none":  # a run left plain normalizes zeros, unused
            z, z_plain = where(gate, z, 0.0), z
        if norm == "batch" and reference is not None:
            z_ref = _product(reference, w)
            z_ref_plain = z_ref
            if gate is not None:
                z_ref = where(gate, z_ref, 0.0)
            mean, var = z_ref.mean(axis=0), z_ref.var(axis=0)
            z = (z - mean) / (var + NORM_EPS) ** 0.5
            z_ref = (z_ref - mean) / (var + NORM_EPS) ** 0.5
            reference = act((z_ref if gate is None else where(gate, z_ref, z_ref_plain)) + b)
        elif norm != "none":
            z = _normalize(z, axis=0 if norm == "batch" else -1)
        if gate is not None and norm != "none":
            z = where(gate, z, z_plain)
        x = act(z + b)
    return _product(x, w_out) + b_out


def predict(params: Params, x: Any, activation: str = "relu", norm: str = "none",
            reference: Any = None, normalized: Any = None) -> np.ndarray:
    """Predictions of a stack of runs. ``x`` has shape (runs, n, d), or (n, d) to feed the
    same inputs to every run; the result has shape (runs, n, d_out). With ``norm="batch"``
    the statistics are those of ``x`` itself, as in full-batch training, or those of
    ``reference`` (shape (n_ref, d), the training set), as in evaluation after training.
    ``normalized`` (one boolean per run) applies ``norm`` to the runs marked true only, as for
    :func:`train_mlps`."""
    import jax

    x = as_float_array(x, "x")
    runs = stack_runs(params)
    if x.ndim not in (2, 3) or (x.ndim == 3 and x.shape[0] != runs):
        raise ValueError(f"x must have shape (runs, n, d) = ({runs}, n, d), or (n, d) for the same inputs to every "
                         f"run; got {x.shape}.")
    if x.shape[-1] != np.shape(params[0][0])[1]:
        raise ValueError(f"the networks take {np.shape(params[0][0])[1]} input(s), but x has {x.shape[-1]} feature(s).")
    if reference is not None:
        reference = as_float_array(reference, "reference", ndim=2).astype(np.float32)
        if reference.shape[1] != x.shape[-1]:
            raise ValueError(f"reference has {reference.shape[1]} feature(s) but x has {x.shape[-1]}.")
    gates = _gates(normalized, norm, runs)
    apply = _compiled_predict(check_choice(activation, "activation", ACTIVATIONS), check_choice(norm, "norm", NORMS),
                              x.ndim == 3, reference is not None, gates is not None)
    return np.asarray(apply(params, x.astype(np.float32), reference, gates))


@lru_cache(maxsize=None)
def _compiled_predict(activation: str, norm: str, per_run_inputs: bool, with_reference: bool, gated: bool = False):
    """One compiled program per kind of prediction: run op by op, a deep network's forward pass
    would trace, lower and load tens of small programs at every first call of a kernel."""
    import jax

    def apply(params, x, reference, gates):
        return jax.vmap(lambda p, xi, g: mlp_apply(p, xi, activation, norm, reference if with_reference else None,
                                                   g if gated else None),
                        in_axes=(0, 0 if per_run_inputs else None, 0 if gated else None))(params, x, gates)

    return jax.jit(apply)


def _gates(normalized: Any, norm: str, runs: int) -> np.ndarray | None:
    """``normalized`` checked: None, or one boolean per run (for ``norm`` other than "none")."""
    if normalized is None:
        return None
    if isinstance(normalized, (str, bytes)) or np.ndim(normalized) != 1:
        raise ValueError(f"normalized must be None or one boolean per run, shape ({runs},); got {normalized!r:.60}.")
    flags = np.asarray(normalized)
    if flags.dtype != bool or flags.shape != (runs,):
        raise ValueError(f"normalized must be one boolean per run, shape ({runs},); got dtype {flags.dtype}, "
                         f"shape {flags.shape}.")
    if norm == "none":
        raise ValueError('normalized marks the runs that norm applies to: pass norm="batch" or "layer" with it.')
    return flags


OPTIMIZERS = ("adam", "gd", "momentum", "rmsprop")
LOSSES = ("mse", "bce", "ce")


def loss_value(outputs: Any, y: Any, loss: str) -> Any:
    """The mean loss of raw network outputs: ``"mse"``; ``"bce"``, binary cross-entropy with
    the outputs read as logits, in its stable form ``softplus(z) - y z`` (chapter 3); or
    ``"ce"``, softmax cross-entropy against one-hot (or smoothed) targets ``y``, averaged over
    examples (chapter 9)."""
    import jax
    import jax.numpy as jnp

    if loss == "bce":
        return jnp.mean(jax.nn.softplus(outputs) - y * outputs)
    if loss == "ce":
        return -jnp.mean(jnp.sum(y * jax.nn.log_softmax(outputs, axis=-1), axis=-1))
    return jnp.mean((outputs - y) ** 2)


def _learning_rates(lr: Any, runs: int, steps: int) -> np.ndarray:
    """``lr`` as an array of shape (runs, steps): one learning rate per run and per step."""
    if isinstance(lr, (int, float)) and not isinstance(lr, bool):
        return np.full((runs, steps), check_positive_float(lr, "lr"), dtype=np.float32)
    rates = as_float_array(lr, "lr")
    if rates.ndim == 0:  # a NumPy, JAX or torch scalar
        rates = rates.reshape(1, 1)
    if rates.ndim == 1 and rates.shape[0] == runs:
        rates = rates[:, None]
    elif rates.ndim != 2 or rates.shape[0] not in (1, runs) or rates.shape[1] not in (1, steps):
        raise ValueError(
            f"lr must be a number, an array of shape (runs,) = ({runs},) with one rate per run, "
            f"or of shape (runs or 1, steps or 1) = ({runs}, {steps}) for a schedule; got shape "
            f"{rates.shape}. For one schedule shared by every run, pass schedule[None, :]."
        )
    if not (rates >= 0).all():  # a warm-up may start at 0
        raise ValueError(f"lr must be >= 0 everywhere; its smallest value is {rates.min():.3g}.")
    return np.broadcast_to(rates, (runs, steps)).astype(np.float32)


@lru_cache(maxsize=None)
def _compiled_trainer(optimizer: str, activation: str, loss: str, norm: str, batch: int | None = None,
                      tiny: bool = False, gated: bool = False):
    """The trainer for one kind of run; ``tiny`` when every layer is (see _all_tiny)."""
    import jax
    import jax.numpy as jnp
    import optax

    # The update direction; the learning rate is applied separately, so that it can differ
    # between runs and between steps without recompiling.
    direction = {
        "adam": optax.scale_by_adam(),
        "gd": optax.identity(),
        "momentum": optax.trace(decay=0.9),  # heavy ball, as torch.optim.SGD(momentum=0.9)
        "rmsprop": optax.scale_by_rms(decay=0.99, eps=1e-8, eps_in_sqrt=False),  # torch.optim.RMSprop's defaults
    }[optimizer]

    def train_one(params, x, y, rates, key, gate=None):
        def loss_fn(params, x, y):
            return loss_value(mlp_apply(params, x, activation, norm, None, gate if gated else None), y, loss)

        def step(carry, lr_t):
            params, state = carry
            lr, t = lr_t
            xb, yb = x, y
            if batch is not None:  # a fresh mini-batch of distinct examples at every step
                rows = jax.random.permutation(jax.random.fold_in(key, t), x.shape[0])[:batch]
                xb, yb = x[rows], y[rows]
            loss, grads = jax.value_and_grad(loss_fn)(params, xb, yb)
            updates, state = direction.update(grads, state, params)
            params = jax.tree.map(lambda p, u: p - lr * u, params, updates)
            return (params, state), loss

        (params, _), losses = jax.lax.scan(step, (params, direction.init(params)),
                                           (rates, jnp.arange(rates.shape[0])))
        return params, losses

    return jax.jit(jax.vmap(train_one), compiler_options=_tiny_program_options() if tiny else None)


def train_mlps(
    params: Params,
    x: Any,
    y: Any,
    *,
    lr: Any,
    steps: int,
    activation: str = "relu",
    optimizer: str = "adam",
    loss: str = "mse",
    norm: str = "none",
    batch: int | None = None,
    batch_seed: int = 0,
    normalized: Any = None,
) -> TrainResult:
    """Train a stack of MLPs with full-batch ``optimizer`` on ``loss`` (see :func:`loss_value`),
    or, with ``batch``, on a mini-batch of that many examples drawn afresh at every step.

    ``params`` comes from :func:`init_mlps`; ``x`` has shape (runs, n, d_in) and ``y`` shape
    (runs, n, d_out), one data set per run (broadcast with ``np.broadcast_to`` to share one).
    ``optimizer`` is ``"adam"`` (optax's defaults), ``"gd"``, plain gradient descent
    (chapters 1 and 2), ``"momentum"`` (heavy ball, momentum 0.9) or ``"rmsprop"`` (torch's
    defaults), all step by step equal to ``torch.optim`` (chapter 8). ``lr`` is a number, an array with one rate per run (a learning-rate
    sweep, chapter 2), or an array of shape (runs or 1, steps): a schedule.
    ``norm`` adds batch or layer normalization to every hidden layer (see :func:`mlp_apply`).
    With ``batch``, run i draws its mini-batches from its own stream of ``batch_seed``, so two
    stacks of the same size and seed see the same mini-batches (paired arms, chapter 5), and
    the recorded loss is the mini-batch's. A run whose loss overflows keeps going with inf or
    NaN losses; it has diverged. ``normalized``, one boolean per run, applies ``norm`` to the
    runs marked true only and trains the others plain, in the same compiled program:
    two calls that differ only there (chapter 5's arms, with and without batch norm) compile once.
    """
    x = as_float_array(x, "x", ndim=3)
    y = as_float_array(y, "y", ndim=3)
    runs = stack_runs(params)
    if x.shape[0] != runs or y.shape[0] != runs:
        raise ValueError(
            f"x and y need one data set per run: params holds {runs} runs but x has "
            f"{x.shape[0]} and y has {y.shape[0]} along the first axis."
        )
    if x.shape[1] != y.shape[1]:
        raise ValueError(f"x has {x.shape[1]} samples per run but y has {y.shape[1]}.")
    fan_in, fan_out = np.shape(params[0][0])[1], np.shape(params[-1][0])[2]
    if x.shape[2] != fan_in or y.shape[2] != fan_out:
        raise ValueError(
            f"the networks take {fan_in} input(s) and give {fan_out} output(s), but x has "
            f"{x.shape[2]} feature(s) and y has {y.shape[2]}."
        )
    rates = _learning_rates(lr, runs, check_positive_int(steps, "steps"))
    gates = _gates(normalized, check_choice(norm, "norm", NORMS), runs)
    if batch is not None:
        batch = check_positive_int(batch, "batch")
        if batch > x.shape[1]:
            raise ValueError(f"batch ({batch}) cannot exceed the {x.shape[1]} examples of each run.")
    trainer = _compiled_trainer(
        check_choice(optimizer, "optimizer", OPTIMIZERS),
        check_choice(activation, "activation", ACTIVATIONS),
        check_choice(loss, "loss", LOSSES),
        check_choice(norm, "norm", NORMS),
        batch,
        _all_tiny([fan_in, *(np.shape(w)[2] for w, _ in params)], batch or x.shape[1]),
        gates is not None,
    )
    import jax

    batch_seed = check_positive_int(batch_seed, "batch_seed", minimum=0)
    if batch is None:  # full batch: the keys go unused, so skip compiling a split for them
        data = jax.eval_shape(lambda: jax.random.key_data(jax.random.key(0)))  # traced, not run
        keys = jax.random.wrap_key_data(np.zeros((runs, *data.shape), data.dtype))
    else:
        keys = jax.random.split(jax.random.key(batch_seed), runs)
    with np.errstate(over="ignore", invalid="ignore"):
        per_run = (params, x.astype(np.float32), y.astype(np.float32), rates, keys)
        final, losses = in_chunks(trainer, runs, per_run + (() if gates is None else (gates,)))
    return TrainResult(final, np.asarray(losses))


@lru_cache(maxsize=None)
def _compiled_sharpness(activation: str, iterations: int, loss: str = "mse", norm: str = "none", gated: bool = False):
    import jax
    import jax.numpy as jnp

    def top_eigenvalue(params, x, y, shift, gate=None):
        """Power iteration on H - shift * I, with Hessian-vector products (never forming H)."""
        grad = jax.grad(lambda p: loss_value(mlp_apply(p, x, activation, norm, None, gate if gated else None), y,
                                             loss))

        def length(tree):
            return jnp.sqrt(sum(jnp.vdot(a, a) for a in jax.tree.leaves(tree)))

        def step(v, _):
            hv = jax.jvp(grad, (params,), (v,))[1]
            hv = jax.tree.map(lambda h, a: h - shift * a, hv, v)
            rayleigh = sum(jnp.vdot(a, h) for a, h in zip(jax.tree.leaves(v), jax.tree.leaves(hv)))
            norm = length(hv)  # once, not once per leaf
            return jax.tree.map(lambda h: h / norm, hv), rayleigh

        start = jax.tree.map(lambda a: jnp.sin(jnp.arange(a.size, dtype=a.dtype) + 1.0).reshape(a.shape), params)
        start_norm = length(start)
        start = jax.tree.map(lambda a: a / start_norm, start)
        _, rayleighs = jax.lax.scan(step, start, None, length=iterations)
        return rayleighs[-1] + shift

    return jax.jit(jax.vmap(top_eigenvalue))


def sharpness(params: Params, x: Any, y: Any, *, activation: str = "relu", iterations: int = 200,
              loss: str = "mse", norm: str = "none", normalized: Any = None) -> np.ndarray:
    """The sharpness of each run: the largest eigenvalue of the Hessian of its ``loss`` (the
    mean squared error unless told otherwise, see :func:`loss_value`) with respect to all its
    weights, on the whole of ``x`` (batch statistics included, with ``norm``), by power
    iteration (chapter 2; chapter 5 with batch norm).

    Gradient descent on a quadratic with this top curvature is stable only for
    ``lr < 2 / sharpness``. ``x`` and ``y`` are shaped as for :func:`train_mlps`, and
    ``normalized`` (one boolean per run) applies ``norm`` to the runs marked true only, in one
    compiled program for both kinds (chapter 5).
    """
    x = as_float_array(x, "x", ndim=3)
    y = as_float_array(y, "y", ndim=3)
    runs = stack_runs(params)
    if x.shape[0] != runs or y.shape[0] != runs:
        raise ValueError(f"x and y need one data set per run: params holds {runs} runs.")
    gates = _gates(normalized, check_choice(norm, "norm", NORMS), runs)
    compiled = _compiled_sharpness(check_choice(activation, "activation", ACTIVATIONS),
                                   check_positive_int(iterations, "iterations", minimum=10),
                                   check_choice(loss, "loss", LOSSES), norm, gates is not None)
    gated = () if gates is None else (gates,)
    x, y = x.astype(np.float32), y.astype(np.float32)
    largest_magnitude = in_chunks(compiled, runs, (params, x, y, np.zeros(runs, np.float32), *gated))
    negative = largest_magnitude < 0
    if not negative.any():
        return largest_magnitude
    # Where the eigenvalue of largest magnitude is negative, shift the spectrum so that the
    # largest (most positive) eigenvalue becomes the dominant one, and iterate again: only
    # then, since a second power iteration doubles the cost.
    shifted = in_chunks(compiled, runs, (params, x, y, np.minimum(largest_magnitude, 0).astype(np.float32), *gated))
    return np.where(negative, shifted, largest_magnitude)


def stack_accuracy(params: Params, x: Any, labels: Any) -> np.ndarray:
    """The accuracy of every run of a stack of ReLU MLPs (:func:`train_mlps`'s params) on the
    same inputs ``x`` (shape (n, d)) against integer ``labels`` (shape (n,)), computed in NumPy
    outside any compiled program, one value per run. A diverged run's NaN or infinite outputs
    count as 0, so it scores about chance instead of failing (chapter 8's race)."""
    from .validation import to_numpy

    runs = stack_runs(params)
    x = as_float_array(x, "x", ndim=2)
    if x.shape[1] != np.shape(params[0][0])[1]:
        raise ValueError(f"the networks take {np.shape(params[0][0])[1]} input(s), but x has {x.shape[1]} feature(s).")
    labels = np.asarray(to_numpy(labels))
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer) or labels.shape[0] != x.shape[0]:
        raise ValueError(f"labels must be a 1-D array of {x.shape[0]} integers (one per row of x); got dtype "
                         f"{labels.dtype}, shape {labels.shape}.")
    classes = np.shape(params[-1][0])[2]
    if labels.size and (labels.min() < 0 or labels.max() >= classes):
        raise ValueError(f"labels must lie in 0..{classes - 1}; got values from {labels.min()} to {labels.max()}.")
    with np.errstate(all="ignore"):
        (w, b), *rest = params
        out = np.einsum("nd,rdh->rnh", x, w) + b[:, None]
        for w, b in rest:
            out = np.einsum("rnh,rhk->rnk", np.maximum(out, 0), w) + b[:, None]
    accuracy = (np.nan_to_num(out).argmax(-1) == labels).mean(axis=1)
    assert accuracy.shape == (runs,)
    return accuracy

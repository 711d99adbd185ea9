"""Initial weights, and what their scale does to a signal crossing many layers (chapter 7).

Weights are stored as (fan_in, fan_out) arrays, so that a layer computes ``x @ W``, the layout
of JAX and of the course's NumPy code. PyTorch's ``nn.Linear`` stores the transpose,
(fan_out, fan_in); the fans, and so the scales below, are the same.
"""

from __future__ import annotations

from typing import Any, NamedTuple, Sequence

import numpy as np

from .activations import ACTIVATIONS
from .activations import activation as apply_activation
from .activations import derivative
from .validation import as_float_array, check_choice, check_nonnegative_float, check_positive_float, check_positive_int

SCHEMES = ("zeros", "standard_normal", "lecun", "xavier", "he")


def init_std(fan_in: int, init: str | float, fan_out: int | None = None) -> float:
    """The standard deviation of a layer's initial Gaussian weights.

    ``init`` is a number (a fixed standard deviation, whatever the layer's width) or one of:

    - ``"zeros"``: 0;
    - ``"standard_normal"``: 1, the unscaled choice, whose signal grows by about
      sqrt(fan_in / 2) per ReLU layer;
    - ``"lecun"``: sqrt(1 / fan_in), which keeps the variance of a linear (or tanh near 0)
      layer's output equal to its input's;
    - ``"xavier"`` (Glorot): sqrt(2 / (fan_in + fan_out)), a compromise between the forward
      pass (fan_in) and the backward pass (fan_out);
    - ``"he"`` (Kaiming): sqrt(2 / fan_in), which makes up for ReLU zeroing half its inputs.
    """
    fan_in = check_positive_int(fan_in, "fan_in")
    if fan_out is not None:
        fan_out = check_positive_int(fan_out, "fan_out")
    if not isinstance(init, str):  # a fixed standard deviation: any real number >= 0
        return check_nonnegative_float(init, "init")
    init = check_choice(init, "init", SCHEMES)
    if init == "xavier":
        if fan_out is None:
            raise ValueError('init="xavier" needs fan_out, the number of outputs of the layer.')
        fan_out = check_positive_int(fan_out, "fan_out")
        return (2.0 / (fan_in + fan_out)) ** 0.5
    return {"zeros": 0.0, "standard_normal": 1.0, "lecun": fan_in**-0.5, "he": (2.0 / fan_in) ** 0.5}[init]


def init_weights(rng: np.random.Generator, sizes: Sequence[int], init: str | float) -> list[np.ndarray]:
    """Gaussian weights for a stack of layers of widths ``sizes`` (input first), one
    (fan_in, fan_out) matrix per layer, each with :func:`init_std`."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy Generator, e.g. np.random.default_rng(0); got {type(rng).__name__}.")
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or len(sizes) < 2:
        raise ValueError(f"sizes must list at least two layer widths, input first; got {sizes!r}.")
    sizes = [check_positive_int(s, f"sizes[{i}]") for i, s in enumerate(sizes)]
    weights = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        w = rng.standard_normal((a, b))
        w *= init_std(a, init, b)  # in place: a wide layer's weights are tens of megabytes
        weights.append(w)
    return weights



def init_stack(seeds: Any, sizes: Sequence[int], init: str | float) -> list[tuple[np.ndarray, np.ndarray]]:
    """One network per seed, stacked as :func:`course_lib.mlp_jax.train_mlps` takes them (chapter 7).

    Network i has the weights :func:`init_weights` draws from ``np.random.default_rng(seeds[i])``
    and zero biases. Each layer is a pair: the weights of every network, shape (networks, fan_in,
    fan_out), and their biases, shape (networks, fan_out), both float32. Drawn in NumPy: JAX would
    compile its draws anew for each new shape."""
    seeds = np.asarray(list(seeds) if isinstance(seeds, range) else seeds)
    if seeds.ndim != 1 or seeds.size == 0 or seeds.dtype.kind not in "iu" or seeds.min() < 0:
        raise ValueError(f"seeds must be a non-empty list of integers >= 0, e.g. range(5); got {seeds!r}.")
    nets = [init_weights(np.random.default_rng(int(s)), sizes, init) for s in seeds]
    return [(np.stack(w).astype(np.float32), np.zeros((len(seeds), w[0].shape[1]), np.float32))
            for w in zip(*nets)]

class Signal(NamedTuple):
    """Per-layer statistics of one forward and backward pass (index 0 is the first layer).

    ``activation_std``: the standard deviation of each layer's output h; ``gradient_std``: that
    of the gradient of the loss with respect to h, the signal that backpropagation carries down;
    ``weight_gradient_std``: that of the gradient with respect to the layer's weights, what an
    update uses; ``saturated``: the fraction of each layer's units whose slope is below 0.01 (a
    tanh or sigmoid unit that has stopped passing gradient, or an inactive ReLU)."""

    activation_std: np.ndarray
    gradient_std: np.ndarray
    weight_gradient_std: np.ndarray
    saturated: np.ndarray


def signal_through(weights: Sequence[Any], x: Any, activation: str, seed: int = 0) -> Signal:
    """Push ``x`` through layers ``h = activation(h @ W)`` (no biases), then push a random
    unit-variance gradient back from the last layer, and measure both at every layer."""
    x = as_float_array(x, "x", ndim=2)
    if not isinstance(weights, (list, tuple, np.ndarray)):
        raise TypeError(f"weights must be a list of (fan_in, fan_out) matrices; got {type(weights).__name__}.")
    activation = check_choice(activation, "activation", ACTIVATIONS)
    seed = check_positive_int(seed, "seed", minimum=0)
    if len(weights) == 0:
        raise ValueError("weights is empty; give at least one (fan_in, fan_out) matrix.")
    h, inputs, pre, outputs, checked = x, [], [], [], []
    for i, w in enumerate(weights):
        w = _float_matrix(w, f"weights[{i}]")
        if w.shape[0] != h.shape[1]:
            raise ValueError(f"weights[{i}] has {w.shape[0]} rows but its input has {h.shape[1]} features.")
        checked.append(w)
        inputs.append(h)
        pre.append(h @ w)
        h = apply_activation(activation, pre[-1])
        outputs.append(h)
    upstream = np.random.default_rng(seed).standard_normal(h.shape)  # dL/dh of the last layer
    grad_std, weight_grad_std, saturated = [], [], []
    for i in reversed(range(len(weights))):
        grad_std.append(upstream.std())
        slope = derivative(activation, pre[i])
        delta = upstream * slope
        weight_grad_std.append(_product_std(inputs[i], delta))
        saturated.append(float(np.mean(slope < 0.01)))
        upstream = delta @ checked[i].T
    return Signal(np.array([o.std() for o in outputs]), np.array(grad_std[::-1]),
                  np.array(weight_grad_std[::-1]), np.array(saturated[::-1]))


def _float_matrix(w: Any, name: str) -> np.ndarray:
    """``w`` as a finite 2-D float64 array, without copying one that already is (a wide
    layer's weights are tens of megabytes)."""
    if isinstance(w, np.ndarray) and w.dtype == np.float64 and w.ndim == 2 and w.size and np.isfinite(w).all():
        return w
    return as_float_array(w, name, ndim=2)


def _product_std(a: np.ndarray, b: np.ndarray) -> float:
    """The standard deviation of the entries of ``a.T @ b`` (a layer's weight gradient, from its
    inputs ``a`` and deltas ``b``, both (batch, width)), without forming the product when that
    is cheaper: its sum of squares is the sum of (a a^T) * (b b^T), its sum (a 1) . (b 1)."""
    n, p, q = a.shape[0], a.shape[1], b.shape[1]
    if n * (p + q) >= p * q:  # a batch as large as the layer: form the product
        return float((a.T @ b).std())
    count = p * q
    mean = float(a.sum(axis=1) @ b.sum(axis=1)) / count
    mean_square = float(np.sum((a @ a.T) * (b @ b.T))) / count
    return float(np.sqrt(max(mean_square - mean * mean, 0.0)))


def orthogonal(rng: np.random.Generator, fan_in: int, fan_out: int, gain: float = 1.0) -> np.ndarray:
    """A (fan_in, fan_out) matrix with orthonormal columns (or rows, if fan_in < fan_out) times
    ``gain``, drawn uniformly (Haar): the QR decomposition of a Gaussian matrix, with the signs
    of R's diagonal moved into Q, as ``torch.nn.init.orthogonal_`` does (chapter 7). Square,
    it preserves every vector's norm exactly."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy Generator, e.g. np.random.default_rng(0); got {type(rng).__name__}.")
    fan_in, fan_out = check_positive_int(fan_in, "fan_in"), check_positive_int(fan_out, "fan_out")
    gain = check_positive_float(gain, "gain")
    tall = rng.standard_normal((max(fan_in, fan_out), min(fan_in, fan_out)))
    q, r = np.linalg.qr(tall)
    q = q * np.sign(np.diag(r))  # without it the draw is not uniform over orthogonal matrices
    return gain * (q if fan_in >= fan_out else q.T)


def variance_map(layers: int, weight_variance: float, activation: str, input_variance: float,
                 points: int = 101) -> np.ndarray:
    """The predicted variance of each layer's pre-activations, layer by layer, in a wide network
    with zero biases whose weights have fan_in · Var(w) = ``weight_variance`` (the squared gain:
    1 for LeCun, 2 for He): q_next = weight_variance · E[activation(sqrt(q) z)^2], z standard
    normal, the expectation by Gauss-Hermite quadrature (chapter 7). For ReLU it is chapter 7's
    variance argument exactly; for tanh it shows where the spread settles."""
    layers = check_positive_int(layers, "layers")
    activation = check_choice(activation, "activation", ACTIVATIONS)
    weight_variance = check_positive_float(weight_variance, "weight_variance")
    q = check_positive_float(input_variance, "input_variance") * weight_variance
    nodes, weights = np.polynomial.hermite_e.hermegauss(check_positive_int(points, "points"))
    weights = weights / weights.sum()  # the standard normal's expectation
    out = [q]
    for _ in range(layers - 1):
        q = weight_variance * float(np.sum(weights * apply_activation(activation, np.sqrt(q) * nodes) ** 2))
        out.append(q)
    return np.array(out)


def numerical_rank(matrix: Any, rtol: float = 1e-5) -> int:
    """The number of singular values of ``matrix`` above ``rtol`` times the largest one
    (0 for a zero matrix): how many independent rows (hidden units) a layer really has."""
    matrix = as_float_array(matrix, "matrix", ndim=2)
    rtol = check_nonnegative_float(rtol, "rtol")
    singular = np.linalg.svd(matrix, compute_uv=False)
    if singular[0] == 0:
        return 0
    return int(np.sum(singular > rtol * singular[0]))


def relu_network_std(sizes: Sequence[int], init: str | float, input_mean_square: float) -> np.ndarray:
    """The variance argument of chapter 7, layer by layer: the predicted standard deviation of
    each layer's pre-activations in a ReLU MLP with zero biases at initialization.

    Each pre-activation sums fan_in products of independent zero-mean weights and inputs, so
    Var(z) = fan_in * Var(w) * E[h^2]; a ReLU of a symmetric z keeps half of its second moment,
    E[relu(z)^2] = Var(z) / 2. ``input_mean_square`` is E[x^2] of the network's input.
    """
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or len(sizes) < 2:
        raise ValueError(f"sizes must list at least two layer widths, input first; got {sizes!r}.")
    sizes = [check_positive_int(s, f"sizes[{i}]") for i, s in enumerate(sizes)]
    mean_square = check_positive_float(input_mean_square, "input_mean_square")
    stds = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        variance = fan_in * init_std(fan_in, init, fan_out) ** 2 * mean_square
        stds.append(variance**0.5)
        mean_square = variance / 2
    return np.array(stds)

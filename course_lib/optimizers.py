"""Optimizers from scratch in NumPy, one update at a time (chapter 8).

Each optimizer follows PyTorch's conventions, which optax shares, so that the chapter can
check every step against ``torch.optim`` and ``optax``:

- :class:`SGD`: ``v = momentum * v + g``, ``p -= lr * v`` (heavy ball; ``nesterov`` steps
  along ``g + momentum * v``). ``weight_decay`` adds ``weight_decay * p`` to ``g`` (an L2
  penalty).
- :class:`AdaGrad`: ``s += g**2``, ``p -= lr * g / (sqrt(s) + eps)``: RMSProp's ancestor, whose
  sum only grows, so its steps only shrink.
- :class:`RMSProp`: ``s = alpha * s + (1 - alpha) * g**2``, ``p -= lr * g / (sqrt(s) + eps)``.
- :class:`Adam`: moving averages ``m`` and ``s`` of ``g`` and ``g**2``, divided by
  ``1 - beta**t`` (the bias correction, which can be switched off to see why it exists), and
  ``p -= lr * m_hat / (sqrt(s_hat) + eps)``. ``weight_decay`` is an L2 penalty added to the
  gradient, as in ``torch.optim.Adam``; with ``decoupled=True`` it is AdamW's decay,
  ``p -= lr * weight_decay * p``, applied outside the adaptive scaling.

An optimizer holds its state; ``step(params, grads)`` returns the new parameters and leaves
its inputs unchanged. Parameters are one array of any shape.

:func:`step_sizes` records the steps one of them takes under a constant gradient;
:func:`library_gaps` runs them beside ``torch.optim`` and optax. :func:`clip_by_norm` and
:func:`clip_by_value` are gradient clipping, as
``torch.nn.utils.clip_grad_norm_`` and ``clip_grad_value_`` do it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .validation import as_float_array, check_bool, check_positive_int, check_nonnegative_float, check_positive_float, check_probability


class _Optimizer:
    def __init__(self, lr: float, weight_decay: float = 0.0) -> None:
        self.lr = check_nonnegative_float(lr, "lr")  # 0 is allowed, as in torch.optim
        self.weight_decay = check_nonnegative_float(weight_decay, "weight_decay")
        self.t = 0  # number of steps taken
        self._shape: tuple[int, ...] | None = None

    def _arrays(self, params: Any, grads: Any) -> tuple[np.ndarray, np.ndarray]:
        p, g = as_float_array(params, "params"), as_float_array(grads, "grads")
        if p.shape != g.shape:
            raise ValueError(f"grads must have the shape of params, {p.shape}; got {g.shape}.")
        if self._shape is None:
            self._shape = p.shape
            self._init(p)
        elif p.shape != self._shape:
            raise ValueError(f"params changed shape from {self._shape} to {p.shape}; use a new optimizer.")
        self.t += 1
        return p, g

    def _init(self, p: np.ndarray) -> None:  # pragma: no cover - overridden
        pass

    def step(self, params: Any, grads: Any) -> np.ndarray:
        """The parameters after one update with gradient ``grads``."""
        raise NotImplementedError


class SGD(_Optimizer):
    """Stochastic gradient descent, with optional heavy-ball or Nesterov momentum."""

    def __init__(self, lr: float, momentum: float = 0.0, *, nesterov: bool = False, weight_decay: float = 0.0) -> None:
        super().__init__(lr, weight_decay)
        self.momentum = check_probability(momentum, "momentum")
        nesterov = check_bool(nesterov, "nesterov")
        if nesterov and self.momentum == 0:
            raise ValueError("nesterov=True needs a momentum > 0.")
        self.nesterov = bool(nesterov)

    def _init(self, p: np.ndarray) -> None:
        self.velocity = np.zeros_like(p)

    def step(self, params: Any, grads: Any) -> np.ndarray:
        p, g = self._arrays(params, grads)
        g = g + self.weight_decay * p
        if self.momentum == 0:
            return p - self.lr * g
        # torch starts the velocity at the first gradient; starting from 0 gives the same result
        self.velocity = self.momentum * self.velocity + g
        direction = g + self.momentum * self.velocity if self.nesterov else self.velocity
        return p - self.lr * direction


class AdaGrad(_Optimizer):
    """Divide each coordinate's step by the root of the *sum* of its squared gradients so far
    (torch.optim.Adagrad with its defaults, initial sum 0). The sum never forgets: under a
    gradient of constant size the t-th step is lr / sqrt(t) times the first."""

    def __init__(self, lr: float, eps: float = 1e-10) -> None:
        super().__init__(lr)
        self.eps = check_positive_float(eps, "eps")

    def _init(self, p: np.ndarray) -> None:
        self.square_sum = np.zeros_like(p)

    def step(self, params: Any, grads: Any) -> np.ndarray:
        p, g = self._arrays(params, grads)
        self.square_sum = self.square_sum + g**2
        return p - self.lr * g / (np.sqrt(self.square_sum) + self.eps)


class RMSProp(_Optimizer):
    """Divide each coordinate's step by a moving root mean square of its gradients."""

    def __init__(self, lr: float, alpha: float = 0.99, eps: float = 1e-8) -> None:
        super().__init__(lr)
        self.alpha = check_probability(alpha, "alpha")
        self.eps = check_positive_float(eps, "eps")

    def _init(self, p: np.ndarray) -> None:
        self.square_avg = np.zeros_like(p)

    def step(self, params: Any, grads: Any) -> np.ndarray:
        p, g = self._arrays(params, grads)
        self.square_avg = self.alpha * self.square_avg + (1 - self.alpha) * g**2
        return p - self.lr * g / (np.sqrt(self.square_avg) + self.eps)


class Adam(_Optimizer):
    """Adam; AdamW with ``decoupled=True``; and, for chapter 8's experiment, Adam without its
    bias correction (``bias_correction=False``)."""

    def __init__(self, lr: float, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8, *,
                 weight_decay: float = 0.0, decoupled: bool = False, bias_correction: bool = True) -> None:
        super().__init__(lr, weight_decay)
        if not (isinstance(betas, (tuple, list)) and len(betas) == 2):
            raise ValueError(f"betas must be a pair (beta1, beta2); got {betas!r}.")
        self.beta1 = check_probability(betas[0], "betas[0]")
        self.beta2 = check_probability(betas[1], "betas[1]")
        self.eps = check_positive_float(eps, "eps")
        self.decoupled = check_bool(decoupled, "decoupled")
        self.bias_correction = check_bool(bias_correction, "bias_correction")

    def _init(self, p: np.ndarray) -> None:
        self.m = np.zeros_like(p)
        self.s = np.zeros_like(p)

    def step(self, params: Any, grads: Any) -> np.ndarray:
        p, g = self._arrays(params, grads)
        if self.decoupled:
            p = p * (1 - self.lr * self.weight_decay)  # AdamW: decay the weights directly
        else:
            g = g + self.weight_decay * p  # L2 penalty: the decay goes through the adaptive scaling
        self.m = self.beta1 * self.m + (1 - self.beta1) * g
        self.s = self.beta2 * self.s + (1 - self.beta2) * g**2
        m_hat, s_hat = self.m, self.s
        if self.bias_correction:
            m_hat = self.m / (1 - self.beta1**self.t)
            s_hat = self.s / (1 - self.beta2**self.t)
        return p - self.lr * m_hat / (np.sqrt(s_hat) + self.eps)


def clip_by_norm(grads: Any, max_norm: float) -> np.ndarray:
    """``grads`` scaled down, if needed, so that its Euclidean norm is at most ``max_norm``:
    the direction is kept (torch.nn.utils.clip_grad_norm_, which scales by
    max_norm / (norm + 1e-6))."""
    g = as_float_array(grads, "grads")
    max_norm = check_positive_float(max_norm, "max_norm")
    factor = max_norm / (float(np.linalg.norm(g)) + 1e-6)
    return g * min(factor, 1.0)


def clip_by_value(grads: Any, limit: float) -> np.ndarray:
    """Each coordinate of ``grads`` clipped to [-limit, limit] (torch.nn.utils.clip_grad_value_):
    a large coordinate is cut more than a small one, so the direction changes."""
    g = as_float_array(grads, "grads")
    limit = check_positive_float(limit, "limit")
    return np.clip(g, -limit, limit)


def step_sizes(optimizer: Any, gradient: float, steps: int) -> np.ndarray:
    """Chapter 8: the size of each of ``steps`` steps, ``|x_t - x_(t-1)|`` for t = 1, ...,
    ``steps``, that ``optimizer`` (one of this module's, usually fresh; its state advances)
    takes on one parameter that starts at 0 and whose gradient is ``gradient`` at every step.
    The simplest input: under it momentum's step grows to ``lr * gradient / (1 - momentum)``,
    AdaGrad's shrinks as ``lr / sqrt(t)``, and Adam's is ``lr`` with its bias correction and
    several times larger without it."""
    if not isinstance(optimizer, _Optimizer):
        raise TypeError(f"optimizer must be an optimizer of course_lib.optimizers (SGD, AdaGrad, RMSProp, Adam), "
                        f"not {type(optimizer).__name__}")
    g = np.full(1, float(as_float_array(gradient, "gradient", ndim=0)))
    steps = check_positive_int(steps, "steps")
    x, sizes = np.zeros(1), np.empty(steps)
    for t in range(steps):
        new = optimizer.step(x, g)
        sizes[t], x = abs(new[0] - x[0]), new
    return sizes


def _named(value: Any, name: str, kind: str, check: Any) -> dict:
    if not isinstance(value, dict) or not value:
        raise TypeError(f"{name} must be a non-empty dict of {kind} by name, not {type(value).__name__}")
    for key, item in value.items():
        if not isinstance(key, str) or not check(item):
            raise TypeError(f"{name}[{key!r}] must be {kind}, not {type(item).__name__}")
    return value


def library_gaps(ours: dict, torch_optimizers: dict, optax_transforms: dict, hessian: Any, start: Any,
                 steps: int = 50) -> dict[str, np.ndarray]:
    """Chapter 8, section 7: each of ``ours`` (optimizers of this module, by name) run for
    ``steps`` steps on the quadratic ``x @ hessian @ x / 2`` from ``start``, beside the same
    name's ``torch.optim`` optimizer (``torch_optimizers[name]`` is called with the parameter
    list and returns it; float64) and optax transformation (``optax_transforms[name]``; float32,
    all of them in one compiled call), each computing its own gradients ``hessian @ x`` from
    its own parameters. Returns, by name, the largest absolute difference over the steps from
    torch and from optax, as an array of two."""
    ours = _named(ours, "ours", "a course_lib optimizer", lambda o: isinstance(o, _Optimizer))
    torch_optimizers = _named(torch_optimizers, "torch_optimizers", "a callable", callable)
    optax_transforms = _named(optax_transforms, "optax_transforms", "an optax transformation",
                              lambda t: callable(getattr(t, "init", None)) and callable(getattr(t, "update", None)))
    for name, table in (("torch_optimizers", torch_optimizers), ("optax_transforms", optax_transforms)):
        if set(table) != set(ours):
            raise ValueError(f"{name} must name the same optimizers as ours: {sorted(ours)}, not {sorted(table)}")
    hessian = as_float_array(hessian, "hessian", ndim=2)
    if hessian.shape[0] != hessian.shape[1] or hessian.size == 0:
        raise ValueError(f"hessian must be a non-empty square matrix, not of shape {hessian.shape}")
    start = as_float_array(start, "start", ndim=1)
    if start.shape != hessian.shape[:1]:
        raise ValueError(f"start must have {hessian.shape[0]} coordinates (hessian's size), not {start.size}")
    steps = check_positive_int(steps, "steps")
    import jax
    import jax.numpy as jnp
    import optax
    import torch

    h32 = jnp.asarray(hessian, dtype=jnp.float32)

    @jax.jit  # every optax optimizer's steps in one compiled call
    def optax_paths(x):
        def path(tx):
            def step(carry, _):
                x, state = carry
                updates, state = tx.update(h32 @ x, state, x)
                x = optax.apply_updates(x, updates)
                return (x, state), x

            return jax.lax.scan(step, (x, tx.init(x)), length=steps)[1]

        return {name: path(tx) for name, tx in optax_transforms.items()}

    theirs = optax_paths(jnp.asarray(start, dtype=jnp.float32))
    h64 = torch.tensor(hessian)
    gaps = {}
    for name, optimizer in ours.items():
        x, x_torch = start.copy(), torch.tensor(start, requires_grad=True)
        opt, gap = torch_optimizers[name]([x_torch]), np.zeros(2)  # from torch, optax
        for x_optax in np.asarray(theirs[name]):
            x = optimizer.step(x, hessian @ x)
            x_torch.grad = h64 @ x_torch.detach()
            opt.step()
            for k, y in enumerate((x_torch.detach().numpy(), x_optax)):
                gap[k] = max(gap[k], np.abs(x - y).max())
        gaps[name] = gap
    return gaps

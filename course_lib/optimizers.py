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

:func:`clip_by_norm` and :func:`clip_by_value` are gradient clipping, as
``torch.nn.utils.clip_grad_norm_`` and ``clip_grad_value_`` do it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .validation import as_float_array, check_bool, check_nonnegative_float, check_positive_float, check_probability


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

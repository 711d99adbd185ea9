"""Gradient descent on quadratics, where everything has a closed form (chapters 2 and 8).

Near a minimum every smooth loss looks like a quadratic, ``f(x) = 1/2 (x - x*)^T H (x - x*)``,
so quadratics explain what the learning rate does: along an eigenvector of ``H`` with
curvature ``c``, one step multiplies the distance to the minimum by ``1 - lr * c``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .validation import as_float_array, as_real, check_positive_float

REGIMES = ("monotone", "zig-zag", "stuck", "diverging")


def _symmetric(H: Any) -> np.ndarray:
    H = as_float_array(H, "H", ndim=2)
    if H.shape[0] != H.shape[1] or not np.allclose(H, H.T):
        raise ValueError(f"H must be a symmetric square matrix (a Hessian); got shape {H.shape}.")
    return H


def contraction_factor(curvature: float, lr: float) -> float:
    """What one gradient-descent step multiplies the distance to the minimum by, along a
    direction of curvature ``f''`` = ``curvature``: ``1 - lr * curvature``."""
    return 1.0 - check_positive_float(lr, "lr") * check_positive_float(curvature, "curvature")


def regime(curvature: float, lr: float) -> str:
    """How gradient descent moves on a 1-D quadratic: one of :data:`REGIMES`.

    ``"monotone"`` (factor in [0, 1)), ``"zig-zag"`` (in (-1, 0): it overshoots but
    converges), ``"stuck"`` (exactly -1: it bounces between two points forever) or
    ``"diverging"`` (below -1).
    """
    factor = contraction_factor(curvature, lr)
    if factor >= 0:
        return "monotone"
    if math.isclose(factor, -1.0, rel_tol=1e-12):
        return "stuck"
    return "zig-zag" if factor > -1 else "diverging"


def max_stable_lr(H: Any) -> float:
    """The learning rate below which gradient descent converges on a quadratic with
    Hessian H: ``2 / largest eigenvalue`` (derived in chapter 2). A number is read as the
    curvature of a 1-D quadratic."""
    H = as_float_array(H, "H")
    if H.ndim == 0:
        return 2.0 / check_positive_float(H, "H")
    eigenvalues = np.linalg.eigvalsh(_symmetric(H))
    if eigenvalues[-1] <= 0:
        raise ValueError("H has no positive eigenvalue: the quadratic has no minimum to descend to.")
    return float(2.0 / eigenvalues[-1])


def condition_number(H: Any) -> float:
    """Ratio of the largest to the smallest eigenvalue of a symmetric positive-definite H."""
    eigenvalues = np.linalg.eigvalsh(_symmetric(H))
    if eigenvalues[0] <= 0:
        raise ValueError("H is not positive definite (an eigenvalue is <= 0): the minimum is not unique.")
    return float(eigenvalues[-1] / eigenvalues[0])


def steps_to_shrink(factor: float, tolerance: float) -> int:
    """The number of steps after which a distance multiplied by ``factor`` each step has
    shrunk below ``tolerance`` times its start: the smallest k with ``|factor|^k < tolerance``."""
    tolerance = check_positive_float(tolerance, "tolerance")
    if not 0 < tolerance < 1:
        raise ValueError(f"tolerance must be between 0 and 1 (a fraction of the start); got {tolerance}.")
    factor = as_real(factor, "factor")
    if not abs(factor) < 1:
        raise ValueError(f"|factor| must be < 1 for the distance to shrink; got factor = {factor}.")
    if factor == 0:
        return 1
    return math.floor(math.log(tolerance) / math.log(abs(factor))) + 1


def heavy_ball_rate(curvatures: Any, lr: Any, momentum: Any) -> float | np.ndarray:
    """How fast heavy-ball momentum converges on a quadratic whose Hessian has the eigenvalues
    ``curvatures``: the largest spectral radius, over the curvatures c, of one step's matrix
    [[1 + momentum - lr c, -momentum], [1, 0]] (chapter 8). Below 1 it converges, the distance
    shrinking by about that factor per step; the best settings for curvatures in [mu, L] give
    (sqrt(L/mu) - 1) / (sqrt(L/mu) + 1) (Polyak). ``lr`` and ``momentum`` may be arrays that
    broadcast against each other (a grid of settings); the result then has their shape."""
    c = as_float_array(curvatures, "curvatures", ndim=1)
    if c.size == 0 or np.any(c <= 0):
        raise ValueError("curvatures must be the positive eigenvalues of the Hessian; got "
                         f"{np.round(c, 4).tolist()}.")
    lr, momentum = as_float_array(lr, "lr"), as_float_array(momentum, "momentum")
    if np.any(lr <= 0):
        raise ValueError("lr must be > 0 (every learning rate of the grid).")
    if np.any((momentum < 0) | (momentum >= 1)):
        raise ValueError("momentum must be in [0, 1) (every value of the grid).")
    # the eigenvalues of [[a, -b], [1, 0]] solve z^2 - a z + b = 0
    a = 1 + momentum[..., None] - lr[..., None] * c
    root = np.sqrt((a**2 - 4 * momentum[..., None]).astype(complex))
    radius = np.maximum(np.abs(a + root), np.abs(a - root)).max(axis=-1) / 2
    return float(radius) if radius.ndim == 0 else radius

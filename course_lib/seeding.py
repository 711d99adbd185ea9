"""Reproducible randomness: one call seeds every generator a chapter uses; every seed a chapter
uses passes through :func:`draw_seed`, so that the whole chapter can be run on another draw.

A claim measured on one draw of seeds and data samples may hold by the luck of that draw. So a
chapter writes its seeds as ``draw_seed(0)``, ``draw_seed(range(16))``: on the book's draw (0) they are
those numbers; with ``COURSE_DRAW=d`` in the environment each is shifted by ``d`` times
:data:`DRAW_STRIDE`, a fresh independent draw of initial weights, data orders, noise and data
samples (a training subset, a synthetic set, a train/test split). ``make test`` runs every
chapter again on draw 1, where every claim must hold; a weekly job runs a random draw and
reports any claim that did not.
"""

from __future__ import annotations

import os
import random
import sys
from typing import Any, overload

import numpy as np

from .validation import check_positive_int

DRAW_ENV = "COURSE_DRAW"
DRAW_STRIDE = 100_003  # a prime above every seed a chapter writes: draws share no seed
MAX_DRAW = (2**32 - 1) // DRAW_STRIDE - 1  # so a shifted seed stays below NumPy's limit, 2**32


def draw() -> int:
    """The draw this run uses: ``COURSE_DRAW`` (0, the book's draw, when unset)."""
    text = os.environ.get(DRAW_ENV, "0").strip() or "0"
    if not text.isdigit() or int(text) > MAX_DRAW:
        raise ValueError(f"{DRAW_ENV} must be a whole number from 0 to {MAX_DRAW}; got {text!r}.")
    return int(text)


@overload
def draw_seed(base: int) -> int: ...
@overload
def draw_seed(base: Any) -> np.ndarray: ...
def draw_seed(base: Any) -> Any:
    """``base`` (a seed, or several: a range, a list) on this run's draw: ``base`` itself on the
    book's draw, ``base + draw * DRAW_STRIDE`` on another. Every chapter writes its seeds so."""
    shift = draw() * DRAW_STRIDE
    if isinstance(base, (int, np.integer)) and not isinstance(base, bool):
        base = check_positive_int(base, "base", minimum=0)
        if base >= DRAW_STRIDE:
            raise ValueError(f"base must be a seed from 0 to {DRAW_STRIDE - 1}; got {base}.")
        return base + shift
    values = np.asarray(list(base) if isinstance(base, range) else base)
    if values.ndim != 1 or values.size == 0 or values.dtype.kind not in "iu":
        raise TypeError(f"base must be a seed or a non-empty sequence of seeds (whole numbers); got {base!r}.")
    if values.min() < 0 or values.max() >= DRAW_STRIDE:
        raise ValueError(f"base seeds must be from 0 to {DRAW_STRIDE - 1}; got {values.min()} to {values.max()}.")
    return values.astype(np.int64) + shift


def set_seed(seed: int, *, torch: bool | None = None) -> Any:
    """Seed Python's ``random``, NumPy's global generator and torch; return a JAX key.

    Used in the setup cell of every chapter. JAX has no global state, so the returned
    key (``jax.random.key(seed)``) is what a chapter splits for its own randomness.

    ``torch``: ``None`` (the default) seeds torch if it is already imported, so a chapter
    that does not use torch does not pay the two seconds it takes to import; ``True``
    imports and seeds it; ``False`` leaves it alone.
    """
    seed = check_positive_int(seed, "seed", minimum=0)
    if torch is not None and not isinstance(torch, (bool, np.bool_)):
        raise TypeError(f"torch must be True, False or None (seed torch if imported); got {torch!r}.")
    if seed >= 2**32:
        raise ValueError(f"seed must be below 2**32 (NumPy's limit); got {seed}.")
    random.seed(seed)
    np.random.seed(seed)
    if torch or (torch is None and "torch" in sys.modules):
        import torch as _torch

        _torch.manual_seed(seed)
    import jax

    return jax.random.key(seed)

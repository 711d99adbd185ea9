"""Reproducible randomness: one call seeds every generator a chapter uses."""

from __future__ import annotations

import random
import sys
from typing import Any

import numpy as np

from .validation import check_positive_int


def set_seed(seed: int, *, torch: bool | None = None) -> Any:
    """Seed Python's ``random``, NumPy's global generator and torch; return a JAX key.

    Used in the setup cell of every chapter. JAX has no global state, so the returned
    key (``jax.random.key(seed)``) is what a chapter splits for its own randomness.

    ``torch``: ``None`` (the default) seeds torch if it is already imported, so a chapter
    that does not use torch does not pay the two seconds it takes to import; ``True``
    imports and seeds it; ``False`` leaves it alone.
    """
    seed = check_positive_int(seed, "seed", minimum=0)
    if seed >= 2**32:
        raise ValueError(f"seed must be below 2**32 (NumPy's limit); got {seed}.")
    random.seed(seed)
    np.random.seed(seed)
    if torch or (torch is None and "torch" in sys.modules):
        import torch as _torch

        _torch.manual_seed(seed)
    import jax

    return jax.random.key(seed)

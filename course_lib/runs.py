"""Stacks of independent runs, spread over the CPU's cores (used by the batched trainers).

A compiled trainer vmaps over runs, and XLA executes one such call on about one core: the
runs are small, and their batched matrix products do not split across threads. The runs are
independent, so :func:`in_chunks` cuts the stack into one chunk per core, calls the compiled
function on each chunk from its own thread (JAX releases the GIL while XLA computes), and
joins the results. On the course's 2-core machine this halves a chapter's training time.
Every run computes exactly what it would in one call; the chunks have equal sizes (the last
is padded with copies of its final run, then trimmed), so the function compiles once.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

import numpy as np

from .validation import check_positive_int


def workers() -> int:
    """The cores this process may use (its CPU affinity where the platform reports it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS and Windows
        return max(1, os.cpu_count() or 1)


def in_chunks(call: Callable[..., Any], runs: int, per_run: tuple, shared: tuple = (),
              chunks: int | None = None) -> Any:
    """``call(*per_run_chunk, *shared)`` for equal chunks of the leading (run) axis of every
    array in the pytrees ``per_run``, run on parallel threads; the outputs' leading axes are
    joined back into ``runs`` entries, as NumPy arrays. With one chunk, ``call`` runs once."""
    import jax

    runs = check_positive_int(runs, "runs")
    for value, name in ((per_run, "per_run"), (shared, "shared")):
        if not isinstance(value, tuple):
            raise TypeError(f"{name} must be a tuple of call's arguments; got {type(value).__name__}.")
    k = max(1, min(check_positive_int(chunks, "chunks") if chunks is not None else workers(), runs))
    if k == 1:
        return jax.tree.map(np.asarray, call(*per_run, *shared))
    size = -(-runs // k)  # ceil
    # Cut and join on the host, in NumPy: slicing JAX arrays would compile a small XLA program
    # for every shape (tens of milliseconds each, many per chapter). Random keys travel as their
    # raw data and are wrapped again for the call.
    keyed = [_is_key(a) for a in jax.tree.leaves(per_run)]
    host = jax.tree.map(lambda a: np.asarray(jax.random.key_data(a) if _is_key(a) else a), per_run)

    def chunk(i: int) -> Any:
        leaves, tree = jax.tree.flatten(host)
        parts = []
        for leaf, is_key in zip(leaves, keyed):
            part = leaf[i * size:(i + 1) * size]
            if len(part) < size:  # the last chunk: pad with copies of the final run
                part = np.concatenate([part, np.repeat(leaf[-1:], size - len(part), axis=0)])
            parts.append(jax.random.wrap_key_data(part) if is_key else part)
        return jax.tree.unflatten(tree, parts)

    def one(i: int) -> Any:
        return jax.block_until_ready(call(*chunk(i), *shared))

    with ThreadPoolExecutor(k) as pool:
        outputs = list(pool.map(one, range(k)))
    return jax.tree.map(lambda *a: np.concatenate([np.asarray(x) for x in a])[:runs], *outputs)


def _is_key(a: Any) -> bool:
    import jax

    return hasattr(a, "dtype") and jax.numpy.issubdtype(a.dtype, jax.dtypes.prng_key)

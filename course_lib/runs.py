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
    joined back into ``runs`` entries. With one chunk, ``call`` runs once, as it is."""
    import jax
    import jax.numpy as jnp

    runs = check_positive_int(runs, "runs")
    k = max(1, min(check_positive_int(chunks, "chunks") if chunks is not None else workers(), runs))
    if k == 1:
        return call(*per_run, *shared)
    size = -(-runs // k)  # ceil
    padded = size * k

    def pad(a: Any) -> Any:
        a = jnp.asarray(a) if not isinstance(a, np.ndarray) else a
        if padded == runs:
            return a
        extra = jnp.repeat(a[-1:], padded - runs, axis=0) if not isinstance(a, np.ndarray) else \
            np.repeat(a[-1:], padded - runs, axis=0)
        return jnp.concatenate([a, extra]) if not isinstance(a, np.ndarray) else np.concatenate([a, extra])

    full = jax.tree.map(pad, per_run)
    parts = [jax.tree.map(lambda a, i=i: a[i * size:(i + 1) * size], full) for i in range(k)]

    def one(part: tuple) -> Any:
        return jax.block_until_ready(call(*part, *shared))

    with ThreadPoolExecutor(k) as pool:
        outputs = list(pool.map(one, parts))
    return jax.tree.map(lambda *a: jnp.concatenate(a)[:runs], *outputs)

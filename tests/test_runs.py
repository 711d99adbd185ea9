"""Stacks of runs spread over threads: the same numbers as one call, whatever the chunking."""

import logging

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from course_lib.runs import in_chunks, workers


def step(w, key, x):  # a vmapped computation with a per-run random key and shared data
    return jnp.tanh(x @ w) + jax.random.normal(key, (x.shape[0], w.shape[-1])), w.sum()


VMAPPED = jax.jit(jax.vmap(step, in_axes=(0, 0, None)))


@pytest.mark.parametrize("runs, chunks", [(7, 2), (7, 3), (6, 4), (1, 2), (5, 1)])
def test_chunked_calls_equal_one_call_for_every_run(runs, chunks):
    w = np.random.default_rng(0).normal(size=(runs, 3, 4)).astype(np.float32)
    keys = jax.random.split(jax.random.key(0), runs)
    x = np.random.default_rng(1).normal(size=(5, 3)).astype(np.float32)
    whole = VMAPPED(w, keys, x)
    split = in_chunks(VMAPPED, runs, (w, keys), (x,), chunks=chunks)
    for a, b in zip(jax.tree.leaves(whole), jax.tree.leaves(split)):
        assert a.shape == b.shape  # the padding of the last chunk is trimmed
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-6, atol=1e-6)
        assert isinstance(b, np.ndarray)  # host arrays, whatever the number of chunks


def test_chunking_compiles_nothing_but_the_call():
    # Slicing and joining happen in NumPy: a JAX slice would compile a program for every shape.
    runs, w = 7, jnp.ones((7, 3, 4))
    keys, x = jax.random.split(jax.random.key(0), runs), np.ones((5, 3), np.float32)
    in_chunks(VMAPPED, runs, (w, keys), (x,), chunks=2)  # compiles the call for chunks of 4
    more = (jnp.ones((5, 3, 4)), jax.random.split(jax.random.key(1), 5))  # JAX arrays, new shapes
    records = []
    with jax.log_compiles():
        handler = logging.Handler()
        handler.emit = records.append
        logging.getLogger("jax").addHandler(handler)
        try:
            in_chunks(VMAPPED, 5, more, (x,), chunks=2)  # chunks of 3: the call itself compiles again
        finally:
            logging.getLogger("jax").removeHandler(handler)
    others = [r.getMessage() for r in records if "Compiling" in r.getMessage() and "jit(step)" not in r.getMessage()]
    assert not others, others


def test_there_is_at_least_one_worker():
    assert workers() >= 1

"""make bench times a learner's first run (no JAX compilation cache) unless asked for a warm one,
and reports what each chapter compiled: the programs and the seconds, counted inside the kernel
by a cell the bench adds before the chapter's first and read back by one it adds after its last."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import bench  # noqa: E402

CELLS = ["import jax, jax.numpy as jnp", "jax.jit(lambda x: 2 * x + 1)(jnp.ones(3)).block_until_ready()"]


def chapter() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code) for code in CELLS])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def test_the_bench_times_a_first_run_unless_asked_for_a_warm_one():
    environ = {"JAX_COMPILATION_CACHE_DIR": "/somewhere"}  # as the Makefile passes it
    assert bench.use_compilation_cache(False, environ) is None
    assert "JAX_COMPILATION_CACHE_DIR" not in environ
    environ = {}
    assert bench.use_compilation_cache(True, environ) == str(bench.JAX_CACHE)
    assert environ["JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS"] == "0"
    assert bench.use_compilation_cache(True, {"JAX_COMPILATION_CACHE_DIR": "/somewhere"}) == "/somewhere"


def test_a_run_counts_the_programs_compiled_then_loaded_from_a_warm_cache(tmp_path, monkeypatch):
    monkeypatch.delenv("JAX_COMPILATION_CACHE_DIR", raising=False)
    _, cells, first = bench.run(chapter(), tmp_path)
    assert sorted(index for _, index, _ in cells) == [0, 1]  # the chapter's cells only, numbered as its own
    assert first["compiled"] >= 1 and first["compile_s"] > 0 and first["loaded"] == 0

    monkeypatch.setenv("JAX_COMPILATION_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS", "0")
    bench.run(chapter(), tmp_path)  # fills the cache
    _, _, warm = bench.run(chapter(), tmp_path)
    assert warm["compiled"] == 0 and warm["loaded"] == first["compiled"]

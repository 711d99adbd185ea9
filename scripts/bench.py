"""Time every chapter's first run as issue 40 measured it: each chapter executed by
`jupyter nbconvert --execute` in a new process, and its floor (the same, on the setup cell alone:
process and kernel start plus the setup cell, the median of three) in the same run; the ratio of
the two is the budget (4x). Also the three slowest cells of each chapter, so that the next person
knows where the time goes. Then the whole book build, cold (nothing cached) and cached (a rebuild
with no change, budget 30 s), in a scratch output folder so the real _build is untouched. Prints a
table; writes _build/bench.json. ``--chapters-only`` skips the book build; ``--chapter 07``
times one.

Each run starts with no JAX compilation cache, as a learner's first run does (Colab, a new Binder
container, a fresh clone): that is what a learner waits for. ``--warm`` times a second run
instead, with JAX's persistent compilation cache (JAX_COMPILATION_CACHE_DIR, by default
_build/jax-cache, which `make book` fills). Beside the three slowest cells, each chapter reports
the XLA programs it compiled and the seconds XLA spent compiling them (with ``--warm``, also the
programs loaded from the cache), counted inside the kernel through JAX's monitoring events by a
cell the bench adds before the chapter's first, and read back by one it adds after its last.

A chapter passes when its total is at most 4 times its floor (both include the process's
start, about a second, as issue 40's table did) and, where the floor is under 5 s, at most
20 s. Absolute times differ 2-3x between machines of the same kind; the ratio
travels. Cells tagged ``skip-execution`` (live widgets) are left out, as the book leaves them.
The table says whether the compilation cache was used.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import nbformat
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
from chapter_overview import this_machine  # noqa: E402  (the machine, as the chapter map names it)
BUDGET_S = 20.0
RATIO = 4.0
SMALL_FLOOR_S = 5.0
CACHED_BUILD_BUDGET_S = 30.0
JAX_CACHE = ROOT / "_build" / "jax-cache"  # the Makefile's JAX_CACHE, which make book fills

# The first cell the bench adds to every run: it counts, in the kernel, the XLA programs compiled
# (JAX's backend-compile event, which also wraps a load from the persistent cache: a cache hit
# just before it in the same thread marks a load) and the seconds spent tracing, lowering and
# compiling. It registers its listeners when JAX's monitoring module is first imported, so a
# chapter that never imports JAX pays nothing for it, and the floor and the total pay the same.
COUNT_COMPILES = """\
import sys as _bench_sys, threading as _bench_threading
_bench_compiles = {"compiled": 0, "compile_s": 0.0, "loaded": 0, "load_s": 0.0, "trace_s": 0.0, "lower_s": 0.0}

def _bench_listen(monitoring):
    hit = _bench_threading.local()

    def on_event(event, **_):
        if event == "/jax/compilation_cache/cache_hits":
            hit.pending = True

    def on_duration(event, seconds, **_):
        counts = _bench_compiles
        if event == "/jax/core/compile/backend_compile_duration":
            loaded, hit.pending = getattr(hit, "pending", False), False
            counts["loaded" if loaded else "compiled"] += 1
            counts["load_s" if loaded else "compile_s"] += seconds
        elif event == "/jax/core/compile/jaxpr_trace_duration":
            counts["trace_s"] += seconds
        elif event == "/jax/core/compile/jaxpr_to_mlir_module_duration":
            counts["lower_s"] += seconds

    monitoring.register_event_listener(on_event)
    monitoring.register_event_duration_secs_listener(on_duration)

class _BenchHook:
    def find_spec(self, name, path=None, target=None):
        if name != "jax._src.monitoring":
            return None
        _bench_sys.meta_path.remove(self)
        import importlib.util
        spec = importlib.util.find_spec(name)
        execute = spec.loader.exec_module

        def exec_module(module):
            execute(module)
            _bench_listen(module)

        spec.loader.exec_module = exec_module
        return spec

if "jax._src.monitoring" in _bench_sys.modules:
    _bench_listen(_bench_sys.modules["jax._src.monitoring"])
else:
    _bench_sys.meta_path.insert(0, _BenchHook())
"""
COMPILES_MARK = "bench-compiles:"
REPORT_COMPILES = f"import json as _bench_json; print({COMPILES_MARK!r}, _bench_json.dumps(_bench_compiles))"


def executable(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    cells = [c for c in notebook.cells if "skip-execution" not in c.get("metadata", {}).get("tags", [])]
    return nbformat.v4.new_notebook(cells=cells, metadata=notebook.metadata)


def run(notebook: nbformat.NotebookNode, cwd: Path) -> tuple[float, list[tuple[float, int, str]], dict]:
    """Wall time of ``jupyter nbconvert --execute`` on ``notebook`` in a new process (as issue 40
    measured: the process and the kernel's start included); (seconds, index, first line) for every
    code cell, from the execution times nbclient records in each cell's metadata; and what JAX
    compiled (COUNT_COMPILES). The notebook runs from ``cwd``, where the chapter's own files are."""
    counted = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(COUNT_COMPILES), *notebook.cells,
                                              nbformat.v4.new_code_cell(REPORT_COMPILES)],
                                       metadata=notebook.metadata)
    scratch = Path(tempfile.mkdtemp(prefix="bench-run-"))
    source = cwd / f".bench-{os.getpid()}.ipynb"  # beside the chapter, so relative paths resolve
    try:
        nbformat.write(counted, source)
        command = [sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                   "--ExecutePreprocessor.timeout=600", "--ExecutePreprocessor.kernel_name=python3",
                   "--output-dir", str(scratch), "--output", "executed", str(source)]
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.perf_counter() - start
        executed = nbformat.read(scratch / "executed.ipynb", as_version=4)
    finally:
        source.unlink(missing_ok=True)
        shutil.rmtree(scratch, ignore_errors=True)
    last = len(executed.cells) - 1
    cells = []
    for index, cell in enumerate(executed.cells):
        if cell.cell_type == "code" and 0 < index < last:  # the chapter's own cells, numbered as in ``notebook``
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            cells.append((cell_seconds(cell), index - 1, first[:60]))
    return wall, cells, compiles_reported(executed.cells[last])


def cell_seconds(cell: nbformat.NotebookNode) -> float:
    """Seconds from the kernel's taking the cell to its reply, as nbclient records them."""
    timing = cell.get("metadata", {}).get("execution", {})
    try:
        began, ended = (datetime.fromisoformat(timing[k].replace("Z", "+00:00"))
                        for k in ("iopub.execute_input", "shell.execute_reply"))
    except KeyError:
        return 0.0
    return (ended - began).total_seconds()


def compiles_reported(cell: nbformat.NotebookNode) -> dict:
    """What the REPORT_COMPILES cell printed, seconds rounded to 10 ms."""
    text = "".join(output.get("text", "") for output in cell.get("outputs", []))
    line = next(line for line in text.splitlines() if line.startswith(COMPILES_MARK))
    return {k: round(v, 2) for k, v in json.loads(line[len(COMPILES_MARK):]).items()}


def setup_only(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    first_code = next(c for c in notebook.cells if c.cell_type == "code")
    return nbformat.v4.new_notebook(cells=[first_code], metadata=notebook.metadata)


def use_compilation_cache(warm: bool, environ: dict) -> str | None:
    """Point ``environ`` at JAX's persistent compilation cache for a warm run (where it says,
    else _build/jax-cache), or take it away for a first run; returns the cache's folder."""
    if not warm:
        environ.pop("JAX_COMPILATION_CACHE_DIR", None)
        return None
    environ.setdefault("JAX_COMPILATION_CACHE_DIR", str(JAX_CACHE))
    environ.setdefault("JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS", "0")
    return environ["JAX_COMPILATION_CACHE_DIR"]


def passes(floor: float, total: float) -> bool:
    return total <= RATIO * floor and (floor >= SMALL_FLOOR_S or total <= BUDGET_S)


def main() -> int:
    known = {"--chapter", "--chapters-only", "--warm", "--cold"}
    flags = [a for i, a in enumerate(sys.argv[1:], 1) if a.startswith("-") or sys.argv[i - 1] != "--chapter"]
    if {"-h", "--help"} & set(sys.argv) or any(a not in known for a in flags):
        print(__doc__)  # a help request, or an option the bench does not know, must not start a bench
        return 0 if {"-h", "--help"} & set(sys.argv) else 2
    only = sys.argv[sys.argv.index("--chapter") + 1] if "--chapter" in sys.argv else ""
    chapters = sorted((ROOT / "chapters").glob(f"{only}*.ipynb" if only else "[0-9][0-9]_*.ipynb"))
    warm = "--warm" in sys.argv  # (--cold, the default, is accepted as it was)
    cache = use_compilation_cache(warm, os.environ)  # the kernels inherit this environment
    entries = len(list(Path(cache).glob("*"))) if cache and Path(cache).is_dir() else 0
    rows = []
    print("JAX persistent compilation cache: "
          + (f"{cache} ({entries} entries at the start), a second run" if cache else "off, a learner's first run"))
    print(f"{'chapter':24s} {'floor (s)':>9s} {'total (s)':>9s} {'ratio':>6s} {'':4s} {'compiled':>8s} "
          f"{'compile (s)':>11s}{' loaded' if warm else ''}  slowest cells (s)")
    for path in chapters:
        notebook = executable(nbformat.read(path, as_version=4))
        # the floor is the median of three kernel starts, one of them after the chapter: a single
        # start varies by a second or more on a busy machine, and the ratio divides by it
        floors = [run(setup_only(notebook), path.parent)[0] for _ in range(2)]
        total, cells, compiles = run(notebook, path.parent)
        floor = float(np.median(floors + [run(setup_only(notebook), path.parent)[0]]))
        slowest = sorted(cells, reverse=True)[:3]
        ok = passes(floor, total)
        rows.append({"chapter": path.stem, "floor_s": round(floor, 2), "total_s": round(total, 2),
                     "ratio": round(total / floor, 2), "budget_s": BUDGET_S, "within_budget": ok,
                     "programs_compiled": compiles["compiled"], "compile_s": compiles["compile_s"],
                     "programs_loaded": compiles["loaded"], "load_s": compiles["load_s"],
                     "trace_s": compiles["trace_s"], "lower_s": compiles["lower_s"],
                     "slowest_cells": [{"cell": i, "seconds": round(s, 2), "starts": text} for s, i, text in slowest]})
        where = ", ".join(f"[{i}] {s:.1f}" for s, i, _ in slowest)
        loaded = f" {compiles['loaded']:6d}" if warm else ""
        print(f"{path.stem:24s} {floor:9.1f} {total:9.1f} {total / floor:6.1f} {'ok' if ok else 'OVER':4s} "
              f"{compiles['compiled']:8d} {compiles['compile_s']:11.1f}{loaded}  {where}")
    result = {"machine": platform.platform(), **this_machine(), "jax_cache": bool(cache), "chapters": rows}
    ok = all(r["within_budget"] for r in rows)
    if "--chapters-only" not in sys.argv and not only:
        book = book_build_times()
        result["book"] = book
        ok = ok and book["cached_within_budget"]
        print(f"{'book build, cold':24s} {'':9s} {book['cold_s']:9.1f}")
        print(f"{'book build, cached':24s} {'':9s} {book['cached_s']:9.1f} {'':6s} "
              f"{'ok' if book['cached_within_budget'] else 'OVER':4s}  (budget {CACHED_BUILD_BUDGET_S:.0f} s)")
    if not only:
        out = ROOT / "_build" / "bench.json"
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps(result, indent=2) + "\n")
        print(f"wrote {out.relative_to(ROOT)}")
    print(f"budget: total at most {RATIO:g} x the floor, and at most {BUDGET_S:g} s where the floor is under "
          f"{SMALL_FLOOR_S:g} s")
    return 0 if ok else 1


def book_build_times() -> dict:
    """Wall time of `jupyter-book build` into an empty scratch folder, then again unchanged."""
    scratch = Path(tempfile.mkdtemp(prefix="bench-book-"))
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT), "--path-output", str(scratch), "-W", "-n"]
    env = {k: v for k, v in os.environ.items() if k != "JAX_COMPILATION_CACHE_DIR"}  # cold means cold
    try:
        times = []
        for _ in range(2):
            start = time.perf_counter()
            subprocess.run(command, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {"cold_s": round(times[0], 1), "cached_s": round(times[1], 1),
            "cached_budget_s": CACHED_BUILD_BUDGET_S, "cached_within_budget": times[1] <= CACHED_BUILD_BUDGET_S}


if __name__ == "__main__":
    sys.exit(main())

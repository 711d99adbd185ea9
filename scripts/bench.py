"""Time every chapter with a fresh kernel: the floor (kernel start plus the setup cell alone,
the median of three starts) and the whole notebook, as a ratio to the floor measured in the
same run; and the three slowest cells of each chapter, so that the next person knows where the
time goes. Then the whole book build, cold (nothing cached) and cached (a rebuild with no
change, budget 30 s), in a scratch output folder so the real _build is untouched. Prints a
table; writes _build/bench.json. ``--chapters-only`` skips the book build; ``--chapter 07``
times one.

A chapter passes when its total is at most 4 times its floor and, where the floor is under
5 s, at most 20 s. Absolute times differ 2-3x between machines of the same kind; the ratio
travels. Cells tagged ``skip-execution`` (live widgets) are left out, as the book leaves them.
JAX's persistent compilation cache is whatever the environment says (the Makefile points it
at _build/jax-cache, which the book build fills); ``--cold`` turns it off, to time a learner's
first run. The table says which it was.
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
from pathlib import Path

import nbformat
import numpy as np
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = 20.0
RATIO = 4.0
SMALL_FLOOR_S = 5.0
CACHED_BUILD_BUDGET_S = 30.0


def executable(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    cells = [c for c in notebook.cells if "skip-execution" not in c.get("metadata", {}).get("tags", [])]
    return nbformat.v4.new_notebook(cells=cells, metadata=notebook.metadata)


def run(notebook: nbformat.NotebookNode, cwd: Path) -> tuple[float, list[tuple[float, int, str]]]:
    """Wall time of executing ``notebook`` in a new kernel, the kernel's start included, and
    (seconds, index, first line) for every code cell."""
    started: dict[int, float] = {}
    cells: list[tuple[float, int, str]] = []

    def on_start(cell, cell_index, **_):
        started[cell_index] = time.perf_counter()

    def on_done(cell, cell_index, **_):
        first = next((line for line in cell.source.splitlines() if line.strip()), "")
        cells.append((time.perf_counter() - started[cell_index], cell_index, first[:60]))

    start = time.perf_counter()
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}},
                   on_cell_start=on_start, on_cell_executed=on_done).execute()
    return time.perf_counter() - start, cells


def processor_name() -> str:
    """The CPU's model name (platform.processor() is empty or just the architecture on Linux)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def setup_only(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    first_code = next(c for c in notebook.cells if c.cell_type == "code")
    return nbformat.v4.new_notebook(cells=[first_code], metadata=notebook.metadata)


def passes(floor: float, total: float) -> bool:
    return total <= RATIO * floor and (floor >= SMALL_FLOOR_S or total <= BUDGET_S)


def main() -> int:
    only = sys.argv[sys.argv.index("--chapter") + 1] if "--chapter" in sys.argv else ""
    chapters = sorted((ROOT / "chapters").glob(f"{only}*.ipynb" if only else "[0-9][0-9]_*.ipynb"))
    if "--cold" in sys.argv:
        os.environ.pop("JAX_COMPILATION_CACHE_DIR", None)  # the kernels inherit this environment
    cache = os.environ.get("JAX_COMPILATION_CACHE_DIR")
    entries = len(list(Path(cache).glob("*"))) if cache and Path(cache).is_dir() else 0
    rows = []
    print(f"JAX persistent compilation cache: {f'{cache} ({entries} entries at the start)' if cache else 'off'}")
    print(f"{'chapter':24s} {'floor (s)':>9s} {'total (s)':>9s} {'ratio':>6s} {'':4s}  slowest cells (s)")
    for path in chapters:
        notebook = executable(nbformat.read(path, as_version=4))
        # the floor is the median of three kernel starts, one of them after the chapter: a single
        # start varies by a second or more on a busy machine, and the ratio divides by it
        floors = [run(setup_only(notebook), path.parent)[0] for _ in range(2)]
        total, cells = run(notebook, path.parent)
        floor = float(np.median(floors + [run(setup_only(notebook), path.parent)[0]]))
        slowest = sorted(cells, reverse=True)[:3]
        ok = passes(floor, total)
        rows.append({"chapter": path.stem, "floor_s": round(floor, 2), "total_s": round(total, 2),
                     "ratio": round(total / floor, 2), "budget_s": BUDGET_S, "within_budget": ok,
                     "slowest_cells": [{"cell": i, "seconds": round(s, 2), "starts": text} for s, i, text in slowest]})
        where = ", ".join(f"[{i}] {s:.1f}" for s, i, _ in slowest)
        print(f"{path.stem:24s} {floor:9.1f} {total:9.1f} {total / floor:6.1f} {'ok' if ok else 'OVER':4s}  {where}")
    result = {"machine": platform.platform(), "processor": processor_name(), "cpus": os.cpu_count(),
              "python": platform.python_version(), "jax_cache": bool(cache), "chapters": rows}
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

"""Time every chapter with a fresh kernel: the floor (kernel start plus the setup cell alone)
and the whole notebook, beside the 20 s budget; then the whole book build, cold (nothing
cached) and cached (a rebuild with no change, budget 30 s), in a scratch output folder so the
real _build is untouched. Prints a table; writes _build/bench.json. ``--chapters-only`` skips
the book build."""

from __future__ import annotations

import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = 20.0
CACHED_BUILD_BUDGET_S = 30.0


def run(notebook: nbformat.NotebookNode, cwd: Path) -> float:
    """Wall time of executing ``notebook`` in a new kernel, the kernel's start included."""
    start = time.perf_counter()
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(cwd)}}).execute()
    return time.perf_counter() - start


def setup_only(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    first_code = next(c for c in notebook.cells if c.cell_type == "code")
    return nbformat.v4.new_notebook(cells=[first_code], metadata=notebook.metadata)


def main() -> int:
    chapters = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
    rows = []
    print(f"{'chapter':28s} {'floor (s)':>9s} {'total (s)':>9s} {'budget':>7s}")
    for path in chapters:
        notebook = nbformat.read(path, as_version=4)
        floor = run(setup_only(notebook), path.parent)
        total = run(notebook, path.parent)
        ok = total <= BUDGET_S
        rows.append({"chapter": path.stem, "floor_s": round(floor, 2), "total_s": round(total, 2),
                     "budget_s": BUDGET_S, "within_budget": ok})
        print(f"{path.stem:28s} {floor:9.1f} {total:9.1f} {'ok' if ok else 'OVER':>7s}")
    result = {"machine": platform.platform(), "python": platform.python_version(), "chapters": rows}
    ok = all(r["within_budget"] for r in rows)
    if "--chapters-only" not in sys.argv:
        book = book_build_times()
        result["book"] = book
        ok = ok and book["cached_within_budget"]
        print(f"{'book build, cold':28s} {'':9s} {book['cold_s']:9.1f}")
        print(f"{'book build, cached':28s} {'':9s} {book['cached_s']:9.1f} "
              f"{'ok' if book['cached_within_budget'] else 'OVER':>7s}  (budget {CACHED_BUILD_BUDGET_S:.0f} s)")
    out = ROOT / "_build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0 if ok else 1


def book_build_times() -> dict:
    """Wall time of `jupyter-book build` into an empty scratch folder, then again unchanged."""
    scratch = Path(tempfile.mkdtemp(prefix="bench-book-"))
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT), "--path-output", str(scratch), "-W", "-n"]
    try:
        times = []
        for _ in range(2):
            start = time.perf_counter()
            subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {"cold_s": round(times[0], 1), "cached_s": round(times[1], 1),
            "cached_budget_s": CACHED_BUILD_BUDGET_S, "cached_within_budget": times[1] <= CACHED_BUILD_BUDGET_S}


if __name__ == "__main__":
    sys.exit(main())

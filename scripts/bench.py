"""Time every chapter with a fresh kernel: the floor (kernel start plus the setup cell alone)
and the whole notebook, beside the 20 s budget. Prints a table; writes _build/bench.json."""

from __future__ import annotations

import json
import platform
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
BUDGET_S = 20.0


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
    out = ROOT / "_build" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"machine": platform.platform(), "python": platform.python_version(),
                               "chapters": rows}, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")
    return 0 if all(r["within_budget"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Write the student edition of every chapter to _build/student/chapters/ (`make student`),
and of every translated chapter (ko/chapters/, scripts/editions.py) to _build/student/ko/chapters/.

A student notebook is the chapter without its reference solutions: the code cells tagged
``solution`` and the markdown cells that only open or close a solution dropdown are removed.
Everything else stays, the exercise stubs and their checkers included, so a student runs the
chapter, sees "not implemented" under each exercise, and fills it in.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "_build" / "student" / "chapters"


def is_solution(cell: dict) -> bool:
    if "solution" in cell.get("metadata", {}).get("tags", []):
        return True
    text = "".join(cell.get("source", []))
    # a markdown cell that holds nothing but solution-start / solution-end directives
    stripped = [line for line in text.splitlines() if line.strip() and line.strip() != "```"]
    return cell["cell_type"] == "markdown" and bool(stripped) and all(
        line.startswith(("```{solution-start}", "```{solution-end}", ":class: dropdown")) for line in stripped)


def student_edition(notebook: dict) -> dict:
    """The notebook without its solutions; a markdown cell that ends one solution and opens the
    next exercise keeps the exercise and loses the directive."""
    cells = []
    for cell in notebook["cells"]:
        if is_solution(cell):
            continue
        if cell["cell_type"] == "markdown" and "```{solution-end}" in "".join(cell["source"]):
            text = "".join(cell["source"]).replace("```{solution-end}\n```", "").lstrip("\n")
            lines = text.splitlines(keepends=True)
            cell = {**cell, "source": lines}
        cells.append(cell)
    return {**notebook, "cells": cells}


def main() -> int:
    for source, out in [(ROOT / "chapters", OUT), (ROOT / "ko" / "chapters", OUT.parent / "ko" / "chapters")]:
        out.mkdir(parents=True, exist_ok=True)
        chapters = sorted(source.glob("[0-9][0-9]_*.ipynb"))
        for path in chapters:
            notebook = json.loads(path.read_text(encoding="utf-8"))
            # Write then rename: test workers regenerate the edition concurrently, and a reader
            # must never see a half-written notebook.
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=out, suffix=".tmp", delete=False) as handle:
                handle.write(json.dumps(student_edition(notebook), indent=1, ensure_ascii=False) + "\n")
            os.replace(handle.name, out / path.name)
        print(f"wrote {len(chapters)} student notebooks to {out.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())

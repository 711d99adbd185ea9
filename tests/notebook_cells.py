"""The repository's paths, and the code of a chapter's tagged cells (stubs, solutions)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))


def load_notebook(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def tagged_cells(path: Path, tag: str) -> list[str]:
    """Sources of the code cells of a notebook that carry ``tag``."""
    return ["".join(c["source"]) for c in load_notebook(path)["cells"]
            if c["cell_type"] == "code" and tag in c.get("metadata", {}).get("tags", [])]


def function_from_cells(path: Path, tag: str, name: str, namespace: dict[str, Any]) -> Any:
    """Run the cells tagged ``tag`` that define ``name`` and return that function, so tests
    exercise exactly the stub or reference solution the learner sees."""
    sources = [s for s in tagged_cells(path, tag) if f"def {name}(" in s]
    if len(sources) != 1:
        raise LookupError(f"expected one {tag!r} cell defining {name} in {path.name}, found {len(sources)}")
    exec(compile(sources[0], f"{path.name}[{tag}]", "exec"), namespace)
    return namespace[name]

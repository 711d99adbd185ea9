"""Package names and pinned versions, as pip files write them (requirements, constraints)."""

from __future__ import annotations

import re
from pathlib import Path


def canonical(name: str) -> str:
    """A package name as pip compares them: ``Jupyter_Client`` is ``jupyter-client``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    """The ``name==version`` lines of a requirements or constraints file, by canonical name."""
    lines = [line.split("==") for line in path.read_text().splitlines() if "==" in line and not line.startswith("#")]
    return {canonical(name): version for name, version in lines}

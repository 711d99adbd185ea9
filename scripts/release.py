"""Set the course's version everywhere it is written: `python scripts/release.py 0.3.0`.

The version lives in pyproject.toml; course_lib.__version__ repeats it, and every chapter's
setup cell installs course_lib from the git tag of that version (`...@v0.3.0`), so a notebook
saved from this book keeps getting the course_lib it was written for. tests/test_packaging.py
fails when any of them disagree. README ("Releasing a version") says what to do after this.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r'(COURSE_LIB_SOURCE", "git\+[^"@]+)(@v[^"]*)?"')


def set_version(version: str) -> None:
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise SystemExit(f"version must look like 1.2.3; got {version!r}")
    pyproject = ROOT / "pyproject.toml"
    pyproject.write_text(re.sub(r'(?m)^version = "[^"]+"', f'version = "{version}"', pyproject.read_text()))
    init = ROOT / "course_lib" / "__init__.py"
    init.write_text(re.sub(r'__version__ = "[^"]+"', f'__version__ = "{version}"', init.read_text()))
    for path in sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            if "setup" in cell["metadata"].get("tags", []):
                cell["source"] = [PIN.sub(rf'\1@v{version}"', line) for line in cell["source"]]
        path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"version {version}: pyproject.toml, course_lib/__init__.py and the setup cells of the chapters")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    set_version(sys.argv[1])

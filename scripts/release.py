"""Set the course's version everywhere it is copied: `python scripts/release.py 0.3.0`
(`make release VERSION=0.3.0` runs this, then the checks, then commits and tags).

The version is written once, in course_lib/__init__.py (`__version__`); pyproject.toml reads it
from there. Three places must repeat it and are rewritten here: every chapter's setup cell,
which installs course_lib from the git tag of that version (`...@v0.3.0`), so a notebook saved
from this book keeps getting the course_lib it was written for; CITATION.cff (version and date);
and CHANGELOG.md, whose "Unreleased" section becomes the version's section (refused if empty).
tests/test_packaging.py, tests/test_notebooks.py and tests/test_release.py fail when any of them
disagree.
"""

from __future__ import annotations

import datetime
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r'("git\+[^"@]+)(@v[^"]*)?"')
UNRELEASED = "## [Unreleased]"


def changelog_with_release(text: str, version: str, date: str) -> str:
    """CHANGELOG.md with its Unreleased section turned into the section of ``version``."""
    if f"## [{version}]" in text:
        raise SystemExit(f"CHANGELOG.md already has a section for {version}.")
    start = text.find(UNRELEASED)
    if start < 0:
        raise SystemExit(f"CHANGELOG.md needs a '{UNRELEASED}' section saying what this release changes.")
    after = text.find("\n## [", start + len(UNRELEASED))
    body = text[start + len(UNRELEASED):after if after >= 0 else len(text)]
    if not body.strip():
        raise SystemExit(f"CHANGELOG.md's '{UNRELEASED}' section is empty: say what {version} changes.")
    return text[:start] + f"{UNRELEASED}\n\n## [{version}] - {date}" + text[start + len(UNRELEASED):]


def set_version(version: str, today: datetime.date | None = None) -> None:
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise SystemExit(f"version must look like 1.2.3; got {version!r}")
    date = (today or datetime.date.today()).isoformat()
    changelog = ROOT / "CHANGELOG.md"
    new_changelog = changelog_with_release(changelog.read_text(encoding="utf-8"), version, date)
    init = ROOT / "course_lib" / "__init__.py"
    init.write_text(re.sub(r'__version__ = "[^"]+"', f'__version__ = "{version}"', init.read_text()))
    citation = ROOT / "CITATION.cff"
    text = re.sub(r"(?m)^version: .*$", f"version: {version}", citation.read_text(encoding="utf-8"))
    citation.write_text(re.sub(r'(?m)^date-released: .*$', f'date-released: "{date}"', text), encoding="utf-8")
    changelog.write_text(new_changelog, encoding="utf-8")
    for path in sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            if "setup" in cell["metadata"].get("tags", []):
                cell["source"] = [PIN.sub(rf'\1@v{version}"', line) for line in cell["source"]]
        path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"version {version}: course_lib/__init__.py, the setup cells of the chapters, CITATION.cff "
          "and CHANGELOG.md")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    set_version(sys.argv[1])

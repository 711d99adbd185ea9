"""Cut a release of the course: `python scripts/release.py 0.3.0` (`make release VERSION=0.3.0`
runs this, then the checks, then commits and tags).

One release from page to package. A chapter's setup cell installs course_lib from the release it
was written for: the wheel that the publishing workflow attaches to the GitHub release of tag
`vX.Y.Z`, else the same tag from source (`git+...@vX.Y.Z`). The book is published from release
tags, its launch buttons open the notebooks at the tag. This script is the only way a version
reaches the setup cells, and it records, in `release.json`, what the release holds:

- `digest`: a SHA-256 of everything the wheel installs of course_lib (its modules and catalogs)
  and of its packaging metadata (pyproject.toml's `project` and `tool.setuptools` tables);
- `api`: the public names of every module of course_lib, what chapters may import.

`make test` then fails when course_lib changed since the release that the setup cells pin
(tests/test_release.py compares the digest; no git tag is needed, a fresh clone may carry none),
when a chapter imports a name that release lacks, and the Colab test installs the setup cell's
wheel only once the digest says it is this checkout. So a change to course_lib needs a release
(the minor version when a chapter relies on it, the patch version for a fix).

The version is written once, in course_lib/__init__.py (`__version__`); pyproject.toml reads it
from there. Rewritten here: that line, every chapter's setup cell (its install block,
:func:`install_block`), CITATION.cff (version and date), CHANGELOG.md (whose "Unreleased" section
becomes the version's section; refused if empty) and release.json.
"""

from __future__ import annotations

import ast
import datetime
import hashlib
import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Iterable

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "course_lib"
MANIFEST = ROOT / "release.json"
UNRELEASED = "## [Unreleased]"
# The setup cell's install block ends with this line; what follows it is the chapter's own setup.
BLOCK_END = '        raise RuntimeError("pip could not install course_lib: see above")\n'


def wheel_name(version: str) -> str:
    return f"{PACKAGE}-{version}-py3-none-any.whl"


def wheel_url(repository: str, version: str) -> str:
    """Where the publishing workflow attaches the release's wheel."""
    return f"{repository.rstrip('/')}/releases/download/v{version}/{wheel_name(version)}"


def install_block(version: str) -> str:
    """The start of every chapter's setup cell: install course_lib of ``version`` when it is
    missing (Colab), the release's wheel first, the tag's source if that fails; nothing else.
    ``COURSE_LIB_SOURCE`` overrides it (tests, forks). The repository comes from _config.yml."""
    repository = configured_repository()
    return (
        "# Setup. In Colab this installs the course's helper package, course_lib,\n"
        f"# release {version}, the one this page was made with, and nothing else;\n"
        "# locally, where course_lib is installed, it does nothing.\n"
        "import importlib.util, os, subprocess, sys\n"
        "\n"
        f'REPO = "{repository}"\n'
        "SOURCES = [\n"
        f'    f"{{REPO}}/releases/download/v{version}/{wheel_name(version)}",\n'
        f'    f"git+{{REPO}}@v{version}",  # the same release, built from source\n'
        "]\n"
        'if "COURSE_LIB_SOURCE" in os.environ:\n'
        '    SOURCES = [os.environ["COURSE_LIB_SOURCE"]]\n'
        'if importlib.util.find_spec("course_lib") is None:\n'
        '    pip = [sys.executable, "-m", "pip", "install", "--quiet"]\n'
        "    for source in SOURCES:\n"
        "        if subprocess.run([*pip, source]).returncode == 0:\n"
        "            break\n"
        "    else:\n"
        f"{BLOCK_END}"
    )


def configured_repository() -> str:
    import yaml

    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]["url"]


def split_setup(source: str) -> tuple[str, str]:
    """A setup cell as (its install block, the chapter's own setup after it)."""
    end = source.find(BLOCK_END)
    if end < 0:
        raise ValueError(f"the setup cell has no install block ending in {BLOCK_END.strip()!r}")
    return source[:end + len(BLOCK_END)], source[end + len(BLOCK_END):]


def package_files(root: Path = ROOT) -> dict[str, bytes]:
    """What a wheel of course_lib installs of it: its modules and its catalogs, by path."""
    paths = [*(root / PACKAGE).rglob("*.py"), *(root / PACKAGE).glob("locales/*/LC_MESSAGES/*.po")]
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(paths) if "__pycache__" not in p.parts}


def packaging_metadata(root: Path = ROOT) -> dict:
    """The parts of pyproject.toml that decide what installing course_lib does."""
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    return {"project": pyproject["project"], "setuptools": pyproject["tool"]["setuptools"]}


def digest(files: dict[str, bytes], metadata: dict) -> str:
    """SHA-256 of the package's files (path and content) and its packaging metadata."""
    sha = hashlib.sha256()
    for path in sorted(files):
        content = files[path].replace(b"\r\n", b"\n")  # a checkout's line endings are not a change
        sha.update(f"{path}\0{len(content)}\0".encode())
        sha.update(content)
    sha.update(json.dumps(metadata, sort_keys=True).encode())
    return "sha256:" + sha.hexdigest()


def public_names(source: str) -> list[str]:
    """The names a module defines or imports at its top level, less the private ones."""
    names: set[str] = set()
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return sorted(n for n in names if not n.startswith("_"))


def api(files: dict[str, bytes]) -> dict[str, list[str]]:
    """Module name -> its public names, for every module of the package."""
    modules = {}
    for path, content in files.items():
        if path.endswith(".py"):
            name = path[:-3].removesuffix("/__init__").replace("/", ".")
            modules[name] = public_names(content.decode("utf-8"))
    return dict(sorted(modules.items()))


def manifest(version: str, root: Path = ROOT) -> dict:
    files = package_files(root)
    return {
        "about": "What release v{0} of course_lib holds, written by scripts/release.py; "
                 "tests/test_release.py fails when course_lib no longer matches it.".format(version),
        "version": version,
        "wheel": wheel_name(version),
        "digest": digest(files, packaging_metadata(root)),
        "api": api(files),
    }


def read_manifest() -> dict:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def course_lib_references(source: str) -> Iterable[tuple[str, str]]:
    """(module, name) for every name a notebook's code takes from course_lib: imports
    (``from course_lib.stats import paired``), and attributes of an imported module
    (``stats.paired`` after ``from course_lib import stats``). ``name`` is "" for a module."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    tree = ast.parse("\n".join(lines))
    modules: dict[str, str] = {}  # local name -> course_lib module it stands for
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PACKAGE:
                    yield alias.name, ""
                    modules[alias.asname or PACKAGE] = alias.name if alias.asname else PACKAGE
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == PACKAGE:
            for alias in node.names:
                yield node.module, alias.name
                modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
            yield modules[node.value.id], node.attr


def missing_from(api_: dict[str, list[str]], references: Iterable[tuple[str, str]]) -> list[str]:
    """The references (``module.name``) a release with this ``api`` cannot satisfy."""
    missing = []
    for module, name in references:
        qualified = f"{module}.{name}" if name else module
        if qualified in api_:  # a module
            continue
        if module in api_ and (not name or name in api_[module]):
            continue
        if module not in api_ and module.rsplit(".", 1)[0] in api_:  # a name imported as a module
            parent, attr = module.rsplit(".", 1)
            if attr in api_[parent]:
                continue
        missing.append(qualified)
    return sorted(set(missing))


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


def with_install_block(source: str, version: str) -> str:
    """A setup cell's source with its install block written for ``version``."""
    return install_block(version) + split_setup(source)[1]


def set_version(version: str, today: datetime.date | None = None) -> None:
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise SystemExit(f"version must look like 1.2.3; got {version!r}")
    date = (today or datetime.date.today()).isoformat()
    changelog = ROOT / "CHANGELOG.md"
    new_changelog = changelog_with_release(changelog.read_text(encoding="utf-8"), version, date)
    init = ROOT / PACKAGE / "__init__.py"
    init.write_text(re.sub(r'__version__ = "[^"]+"', f'__version__ = "{version}"', init.read_text()))
    citation = ROOT / "CITATION.cff"
    text = re.sub(r"(?m)^version: .*$", f"version: {version}", citation.read_text(encoding="utf-8"))
    citation.write_text(re.sub(r'(?m)^date-released: .*$', f'date-released: "{date}"', text), encoding="utf-8")
    changelog.write_text(new_changelog, encoding="utf-8")
    write_setup_cells(version)
    MANIFEST.write_text(json.dumps(manifest(version), indent=1) + "\n", encoding="utf-8")
    print(f"version {version}: course_lib/__init__.py, the setup cells of the chapters, CITATION.cff, "
          "CHANGELOG.md and release.json")


def write_setup_cells(version: str) -> None:
    """Every chapter's setup cell with the install block of ``version``; then the translated
    notebooks, written anew from them (scripts/editions.py)."""
    for path in sorted(ROOT.glob("chapters/[0-9][0-9]_*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            if "setup" in cell["metadata"].get("tags", []):
                cell["source"] = with_install_block("".join(cell["source"]), version).splitlines(keepends=True)
        path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    sys.path.insert(0, str(ROOT / "scripts"))
    import editions

    for lang in editions.EDITIONS:
        editions.write_notebooks(lang)


def wheel_files(wheel: Path) -> dict[str, bytes]:
    """What ``wheel`` installs of course_lib, by path (as :func:`package_files` reads the tree)."""
    import zipfile

    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name) for name in archive.namelist()
                if name.startswith(f"{PACKAGE}/") and not name.endswith("/")}


def check_wheel(wheel: Path, environ: dict[str, str]) -> str:
    """Refuse a wheel that is not the release release.json records; on GitHub Actions, refuse to
    publish anything but that release's tag. Returns the tag."""
    recorded = read_manifest()
    tag = f"v{recorded['version']}"
    if wheel.name != recorded["wheel"]:
        raise SystemExit(f"{wheel.name} is not the release's wheel, {recorded['wheel']}")
    if digest(wheel_files(wheel), packaging_metadata()) != recorded["digest"]:
        raise SystemExit(f"{wheel.name} holds a course_lib other than release {recorded['version']}: make release")
    if "GITHUB_ACTIONS" in environ and (environ.get("GITHUB_REF_TYPE"), environ.get("GITHUB_REF_NAME")) != ("tag", tag):
        raise SystemExit(f"only the tag {tag} publishes release {recorded['version']}; "
                         f"this run is on {environ.get('GITHUB_REF_TYPE')} {environ.get('GITHUB_REF_NAME')}")
    return tag


def release_notes(version: str) -> str:
    """CHANGELOG.md's section for ``version``, for the GitHub release."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    start = text.find(f"## [{version}]")
    if start < 0:
        raise SystemExit(f"CHANGELOG.md has no section for {version}")
    body = text[text.index("\n", start) + 1:]
    return body[:body.find("\n## [")] if "\n## [" in body else body


if __name__ == "__main__":
    import os

    if len(sys.argv) == 3 and sys.argv[1] == "check-wheel":  # make wheel
        print(check_wheel(Path(sys.argv[2]), dict(os.environ)))
    elif len(sys.argv) == 2 and sys.argv[1] == "notes":  # make github-release
        print(release_notes(read_manifest()["version"]).strip())
    elif len(sys.argv) == 2 and not sys.argv[1].startswith("-"):
        set_version(sys.argv[1])
    else:
        sys.exit(__doc__)

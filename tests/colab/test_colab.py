"""Each chapter as Colab runs it, on Colab's own package versions.

A fresh virtual environment gets exactly the packages of tests/colab/constraints.txt: Colab's
published versions of everything the course touches, and their dependencies as Colab has them
(IPython 7.34, ipywidgets 7.7, numpy 2.1, jax 0.7, ...; the file's header says what had to be
substituted here). Then:

- installing course_lib into it, as a chapter's setup cell does, must change no package Colab
  already has (pip's dry-run report): Colab pins IPython, and a newer one kills its kernel at the
  next restart;
- every chapter, copied alone outside the repository, runs there in a kernel that starts without
  course_lib; its setup cell installs exactly the release it names (release.json's): the wheel of
  that name, built from this checkout, and only once its digest says it is that release (no
  network: the COURSE_LIB_SOURCE override points the setup cell at it); every claim must hold;
- after the install, a new kernel starts and imports what the chapters use (Colab's "Restart
  session").

Run by `make colab-test`, part of `make test`.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import release
from packages import canonical, pins

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
CONSTRAINTS = Path(__file__).with_name("constraints.txt")
NEW_ON_COLAB = {"course-lib", "jupyterquiz"}  # what installing course_lib may add; nothing else


def installed(python: Path) -> dict[str, str]:
    out = subprocess.run([str(python), "-m", "pip", "list", "--format=json"], capture_output=True, text=True,
                         check=True).stdout
    return {canonical(p["name"]): p["version"] for p in json.loads(out)}


def run_notebook(notebook, work: Path, kernel: str, timeout: int = 120):
    client = NotebookClient(notebook, timeout=timeout, kernel_name=kernel,  # a chapter cell takes seconds
                            resources={"metadata": {"path": str(work)}})
    client.km = client.kernel_manager_class(kernel_name=kernel, transport="ipc",  # no TCP port races
                                            ip=str(work / "ipc"))
    client.execute()
    return notebook


def course_lib_wheel(tmp_path_factory) -> Path:
    """One wheel of this checkout for every pytest-xdist worker of this run: setuptools builds in
    ROOT/build, so two builds at once collide (the second worker waits, then reuses the first's)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    shared = tmp_path_factory.getbasetemp().parent if worker else tmp_path_factory.getbasetemp()  # this run's own
    wheels = shared / "course-lib-wheel"
    with open(shared / "course-lib-wheel.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not any(wheels.glob("course_lib-*.whl")):
            leftover = not (ROOT / "build").exists()  # leave no trace of the build
            subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(wheels)],
                           check=True)
            if leftover:
                shutil.rmtree(ROOT / "build", ignore_errors=True)
    wheel = next(wheels.glob("course_lib-*.whl"))
    release.check_wheel(wheel, {})  # the release the setup cells name, or the tests stop here
    return wheel


@pytest.fixture(scope="session")
def colab(tmp_path_factory):
    """A fresh venv with Colab's versions and without course_lib, registered as a Jupyter kernel,
    a wheel of course_lib, and what pip would install with it. One per pytest-xdist worker, so
    the first chapter each worker runs installs course_lib from its setup cell."""
    base = tmp_path_factory.mktemp("colab")
    wheel = course_lib_wheel(tmp_path_factory)
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # Exactly the file: it is a whole closure, so nothing is resolved, upgraded or added.
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-deps",
                    "-r", str(CONSTRAINTS)], check=True)
    missing = subprocess.run([str(python), "-c", "import importlib.util, sys; "  # run outside the checkout
                              "sys.exit(importlib.util.find_spec('course_lib') is not None)"], cwd=base)
    assert missing.returncode == 0, "the Colab-like environment must start without course_lib"
    subprocess.run([str(python), "-m", "ipykernel", "install", "--prefix", str(venv), "--name", "colab-like"],
                   check=True, stdout=subprocess.DEVNULL)
    # What installing course_lib would do, asked now, before any chapter's setup cell installs it
    # (the tests run two at a time, in any order).
    report = base / "install-report.json"
    subprocess.run([str(python), "-m", "pip", "install", "--dry-run", "--quiet", "--report", str(report), str(wheel)],
                   check=True)
    planned = {canonical(item["metadata"]["name"]): item["metadata"]["version"]
               for item in json.loads(report.read_text())["install"]}
    return {"venv": venv, "python": python, "wheel": wheel, "work": base / "work", "before": installed(python),
            "planned": planned}


@pytest.fixture
def colab_env(colab, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(colab["venv"] / "share" / "jupyter"))
    monkeypatch.setenv("COURSE_LIB_SOURCE", str(colab["wheel"]))
    monkeypatch.setenv("PYTHONNOUSERSITE", "1")
    monkeypatch.delenv("PYTHONPATH", raising=False)
    return colab


def test_the_environment_has_colabs_versions(colab):
    expected = pins(CONSTRAINTS)
    wrong = {name: (colab["before"].get(name), version) for name, version in expected.items()
             if colab["before"].get(name) != version}
    assert not wrong, f"installed vs Colab's: {wrong}"


def test_installing_course_lib_changes_no_package_colab_has(colab):
    planned = colab["planned"]
    print("pip would install:", ", ".join(f"{name} {version}" for name, version in sorted(planned.items())))
    changed = {name: f"{colab['before'][name]} -> {version}" for name, version in planned.items()
               if name in colab["before"]}
    assert not changed, f"installing course_lib would change Colab's packages: {changed}"
    assert set(planned) <= NEW_ON_COLAB, f"installing course_lib would add more than {NEW_ON_COLAB}: {planned}"


def test_the_wheel_carries_the_korean_catalog_that_korean_notebooks_need(colab):
    """A Korean notebook on Colab installs this wheel and sets COURSE_LANG=ko: its claims,
    quizzes and checkers must then find their Korean in the installed package."""
    import zipfile

    names = zipfile.ZipFile(colab["wheel"]).namelist()
    assert "course_lib/locales/ko/LC_MESSAGES/course_lib.po" in names, "package-data in pyproject.toml lost the catalog"


def test_the_wheel_installs_exactly_the_files_the_releases_digest_covers(colab):
    assert set(release.wheel_files(colab["wheel"])) == set(release.package_files())


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_runs_alone_on_colabs_versions_in_a_kernel_that_lacks_course_lib(colab_env, path):
    setup = next(c.source for c in nbformat.read(path, as_version=4).cells if "setup" in c.metadata.get("tags", []))
    named = release.wheel_url(release.configured_repository(), release.read_manifest()["version"])
    assert f'/{colab_env["wheel"].name}",' in release.split_setup(setup)[0] and named.endswith(colab_env["wheel"].name)
    work = colab_env["work"] / path.stem
    work.mkdir(parents=True)
    copy = work / path.name
    shutil.copy(path, copy)  # the notebook alone: no repository around it
    notebook = run_notebook(nbformat.read(copy, as_version=4), work, "colab-like")
    location = subprocess.run([str(colab_env["python"]), "-c", "import course_lib; print(course_lib.__file__)"],
                              capture_output=True, text=True, check=True, cwd=work).stdout
    assert str(colab_env["venv"]) in location, f"course_lib should come from the wheel, installed in the venv: {location}"
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.get("output_type") == "error"]
    assert not errors


def test_a_new_kernel_starts_after_the_install_and_colabs_packages_are_unchanged(colab_env):
    """Colab's "Restart session": the setup cell's install must leave a kernel that starts."""
    work = colab_env["work"] / "restart"
    work.mkdir(parents=True)
    setup = next(c for c in nbformat.read(CHAPTERS[0], as_version=4).cells if "setup" in c.metadata.get("tags", []))
    run_notebook(nbformat.v4.new_notebook(cells=[setup]), work, "colab-like")
    after = installed(colab_env["python"])
    changed = {name: (version, after.get(name)) for name, version in colab_env["before"].items()
               if after.get(name) != version}
    assert not changed, f"the setup cell changed Colab's packages: {changed}"
    assert "course-lib" in after
    probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import IPython, ipywidgets, course_lib\n"
        "from course_lib.quizzes import show_quiz\n"
        "print(IPython.__version__, ipywidgets.__version__, course_lib.__version__)")])
    out = run_notebook(probe, work, "colab-like").cells[0].outputs
    assert out and out[0].get("text", "").split()[:2] == [after["ipython"], after["ipywidgets"]], out

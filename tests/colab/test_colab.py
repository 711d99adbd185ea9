"""Each chapter as Colab runs it: the notebook alone, copied outside the repository, in a fresh
virtual environment that has Colab's scientific stack (numpy, matplotlib, scikit-learn, torch,
jax, optax, ipywidgets) but not course_lib. The notebook's own setup cell must install
course_lib, here from a wheel of this checkout through the COURSE_LIB_SOURCE override, and then
the whole notebook must pass. Run by `make colab-test`, part of `make test`.

The environment uses the versions pinned in requirements.txt, so it installs from pip's cache;
Colab's own versions are newer or older, which course_lib's lower bounds allow.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
COLAB_STACK = ("numpy", "matplotlib", "scikit-learn", "scipy", "torch", "jax", "jaxlib", "optax", "ipywidgets",
               "ipykernel")


@pytest.fixture(scope="session")
def colab(tmp_path_factory):
    """A fresh venv without course_lib, registered as a Jupyter kernel, and a wheel of course_lib."""
    base = tmp_path_factory.mktemp("colab")
    wheels = base / "wheel"
    leftover = not (ROOT / "build").exists()  # setuptools builds in ROOT/build; leave no trace
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(wheels)], check=True)
    if leftover:
        shutil.rmtree(ROOT / "build", ignore_errors=True)
    wheel = next(wheels.glob("course_lib-*.whl"))
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    pins = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()
            if re.match(rf"^({'|'.join(map(re.escape, COLAB_STACK))})==", line)]
    assert len(pins) == len(COLAB_STACK), pins
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *pins], check=True)
    missing = subprocess.run([str(python), "-c", "import importlib.util, sys; "  # run outside the checkout
                              "sys.exit(importlib.util.find_spec('course_lib') is not None)"], cwd=base)
    assert missing.returncode == 0, "the Colab-like environment must start without course_lib"
    subprocess.run([str(python), "-m", "ipykernel", "install", "--prefix", str(venv), "--name", "colab-like"],
                   check=True, stdout=subprocess.DEVNULL)
    return {"venv": venv, "python": python, "wheel": wheel, "work": base / "work"}


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_runs_alone_in_a_fresh_environment_that_lacks_course_lib(colab, path, monkeypatch):
    work = colab["work"] / path.stem
    work.mkdir(parents=True)
    copy = work / path.name
    shutil.copy(path, copy)  # the notebook alone: no repository around it
    monkeypatch.setenv("JUPYTER_PATH", str(colab["venv"] / "share" / "jupyter"))
    monkeypatch.setenv("COURSE_LIB_SOURCE", str(colab["wheel"]))
    monkeypatch.setenv("PYTHONNOUSERSITE", "1")
    monkeypatch.delenv("PYTHONPATH", raising=False)
    notebook = nbformat.read(copy, as_version=4)
    client = NotebookClient(notebook, timeout=120, kernel_name="colab-like",  # a chapter cell takes seconds
                            resources={"metadata": {"path": str(work)}})
    client.km = client.kernel_manager_class(kernel_name="colab-like", transport="ipc",  # no TCP port races
                                            ip=str(work / "ipc"))
    client.execute()
    installed = subprocess.run([str(colab["python"]), "-c", "import course_lib, sys; print(course_lib.__file__)"],
                               capture_output=True, text=True, check=True, cwd=work).stdout
    assert str(colab["venv"]) in installed, f"course_lib should come from the wheel, installed in the venv: {installed}"
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.get("output_type") == "error"]
    assert not errors

"""The instructor pack (`make instructor`): every chapter as an Otter-Grader assignment, in
_build/instructor/<chapter>/.

For each chapter this writes the master notebook Otter Assign reads (master.ipynb), made from
the chapter itself, so that no exercise exists twice: the student edition's text and code
(scripts/student.py), and for each exercise an Otter question whose prompt is the chapter's stub,
whose solution is the chapter's reference solution, and whose tests are the chapter's checker:

- a public test: the checker exactly as the chapter calls it (the learner sees the same
  feedback in the notebook and on Gradescope);
- a hidden test: the same checker on HIDDEN_TRIALS more random draws and on held-out seeds,
  drawn when the pack is built (INSTRUCTOR_SEED=n makes them repeatable), which no page shows.

Then `otter assign` writes student/ (the notebook to hand out), autograder/ (the solutions
notebook and the Gradescope zip, with the hidden tests) beside it. The points of each exercise
are written once, in POINTS, and the teaching guide (instructors.md) reads them from here.

    python scripts/instructor.py                 # every chapter
    python scripts/instructor.py 04_feature_scaling
    python scripts/instructor.py --masters-only  # the master notebooks, without otter assign
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from student import is_solution  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "_build" / "instructor"

#: Points of each exercise, (public test, hidden test), in chapter order. The one place they are
#: written: the master notebooks, the autograders and the teaching guide read them from here.
POINTS: dict[str, dict[str, tuple[int, int]]] = {
    "01_gradient_descent": {"descend": (1, 2), "grad_f": (1, 1)},
    "02_learning_rate": {"largest_stable_lr": (1, 1), "cosine_schedule": (1, 2)},
    "03_backprop": {"tanh_backward": (1, 1), "linear_backward": (1, 2)},
    "04_feature_scaling": {"standardize": (1, 2), "inverse_standardize": (1, 1)},
    "05_normalization": {"fit_standardizer": (1, 2), "update_running": (1, 2)},
    "06_activations": {"count_dead_units": (1, 1), "softmax_ce_grad": (1, 2)},
    "07_initialization": {"he_normal": (1, 2), "next_layer_std": (1, 2)},
    "08_optimizers": {"momentum_step": (1, 1), "bias_correction": (1, 1)},
    "09_regularization": {"dropout": (1, 2), "smooth_labels": (1, 1)},
    "10_when_training_fails": {"diagnose": (1, 2), "train_step": (1, 2)},
}

#: More fresh random draws the hidden test judges each function on, and how many held-out seeds.
HIDDEN_TRIALS = 1
HIDDEN_SEEDS = 2

CHECK_CALL = re.compile(r"^(check_\w+)\((\w+)\)\s*$", re.MULTILINE)
IMPORT = re.compile(r"from (course_lib\.exercises\.\w+) import")


def chapters() -> list[Path]:
    return sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))


def raw(text: str) -> dict:
    return {"cell_type": "raw", "metadata": {}, "source": text}


def code(text: str, tags: list[str] | None = None) -> dict:
    metadata = {"tags": tags} if tags else {}
    return {"cell_type": "code", "metadata": metadata, "source": text, "outputs": [], "execution_count": None}


def exercises(notebook: dict) -> list[dict]:
    """Each exercise of a chapter: its stub cell, its solution cell, the function, its checker
    and the checker's module, in chapter order."""
    cells = notebook["cells"]
    found, module = [], None
    for i, cell in enumerate(cells):
        if "exercise" not in cell.get("metadata", {}).get("tags", []):
            continue
        stub = "".join(cell["source"])
        module = (IMPORT.search(stub) or [None, module])[1]
        check, name = CHECK_CALL.search(stub).groups()
        solution = next(c for c in cells[i + 1:] if "solution" in c.get("metadata", {}).get("tags", [])
                        and c["cell_type"] == "code")
        found.append({"index": i, "stub": stub, "solution": "".join(solution["source"]), "name": name,
                      "check": check, "module": module})
    return found


def answer_cell(exercise: dict) -> str:
    """The exercise's code cell in Otter's form: the stub cell's imports and checker call around
    the reference solution (kept in the solutions) and the stub (kept in the student notebook,
    which is then the chapter's stub cell as it is)."""
    stub = exercise["stub"].splitlines()
    first_def = next(i for i, line in enumerate(stub) if line.startswith("def "))
    call = next(i for i, line in enumerate(stub) if CHECK_CALL.match(line))
    solution = [line for line in exercise["solution"].splitlines() if not line.startswith("# @title")]
    end = next((i for i, line in enumerate(solution) if line.startswith("feedback = check_")), len(solution))
    lines = [*stub[:first_def], "# BEGIN SOLUTION NO PROMPT", *"\n".join(solution[:end]).strip().splitlines(),
             "# END SOLUTION", '""" # BEGIN PROMPT', *"\n".join(stub[first_def:call]).rstrip().splitlines(),
             '""" # END PROMPT', "", "", *stub[call:]]
    return "\n".join(lines).rstrip() + "\n"


def test_cell(exercise: dict, hidden: bool, seeds: tuple[int, ...]) -> str:
    name, check, module = exercise["name"], exercise["check"], exercise["module"]
    keywords = f", trials={HIDDEN_TRIALS}, seeds={seeds!r}" if hidden else ""
    return (f'""" # BEGIN TEST CONFIG\nhidden: {str(hidden).lower()}\n""" # END TEST CONFIG\n'
            f"def test_{name}_{'hidden' if hidden else 'public'}({name}):\n"
            f"    from {module} import {check}\n\n"
            f"    feedback = {check}({name}{keywords})\n"
            f"    assert feedback.passed, str(feedback)\n")


def question(exercise: dict, points: tuple[int, int], seeds: tuple[int, ...]) -> list[dict]:
    config = yaml.safe_dump({"name": exercise["name"], "points": list(points), "check_cell": False}, sort_keys=False)
    return [
        raw("# BEGIN QUESTION\n" + config),
        raw("# BEGIN SOLUTION"), code(answer_cell(exercise), ["exercise"]), raw("# END SOLUTION"),
        raw("# BEGIN TESTS"), code(test_cell(exercise, False, seeds)), code(test_cell(exercise, True, seeds)),
        raw("# END TESTS"), raw("# END QUESTION"),
    ]


def assignment_config(stem: str) -> str:
    config = {
        "name": stem,
        "requirements": "requirements.txt",
        "overwrite_requirements": False,
        "init_cell": False,
        "check_all_cell": False,
        "export_cell": False,
        "run_tests": False,  # tests/instructor grades the solutions, the stubs and the mistakes
        "solutions_pdf": False,
        "python_version": "3.11",  # the version requirements.txt was frozen with (binder/runtime.txt)
        "generate": {"pdf": False, "filtering": False, "zips": False},
        "tests": {"files": False, "ok_format": False},
    }
    return "# ASSIGNMENT CONFIG\n" + yaml.safe_dump(config, sort_keys=False)


def master_notebook(path: Path, seeds: tuple[int, ...]) -> dict:
    """The chapter as Otter's master notebook."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    points = POINTS[path.stem]
    found = {e["index"]: e for e in exercises(notebook)}
    if [e["name"] for e in found.values()] != list(points):
        raise SystemExit(f"{path.name}: exercises {[e['name'] for e in found.values()]}, but POINTS lists "
                         f"{list(points)}: update POINTS in scripts/instructor.py")
    cells = [raw(assignment_config(path.stem))]
    for i, cell in enumerate(notebook["cells"]):
        if i in found:
            cells += question(found[i], points[found[i]["name"]], seeds)
            continue
        if is_solution(cell):
            continue
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and "```{solution-end}" in source:
            source = source.replace("```{solution-end}\n```", "").lstrip("\n")
        if cell["cell_type"] == "code":
            cells.append({**code(source), "metadata": cell.get("metadata", {})})
        else:
            cells.append({"cell_type": cell["cell_type"], "metadata": cell.get("metadata", {}), "source": source})
    for number, cell in enumerate(cells):
        cell["id"] = f"cell-{number}"
    return {**notebook, "cells": cells}


def grading_requirements() -> str:
    """What Gradescope's image installs beside Otter: the pinned numerical stack (PyTorch's CPU
    build) and course_lib of the release the chapters name in their setup cells."""
    pins = dict(line.split("==", 1) for line in (ROOT / "requirements.txt").read_text().splitlines()
                if "==" in line and not line.startswith("#"))
    chapter = json.loads((ROOT / "chapters" / "01_gradient_descent.ipynb").read_text(encoding="utf-8"))
    setup = "".join(next(c for c in chapter["cells"] if "setup" in c.get("metadata", {}).get("tags", []))["source"])
    repo = re.search(r'REPO = "([^"]+)"', setup)[1]
    wheel = re.search(r'/releases/download/(v[\d.]+)/(course_lib-[\d.]+-py3-none-any\.whl)"', setup)
    lines = ["--extra-index-url https://download.pytorch.org/whl/cpu"]
    lines += [f"{name}=={pins[name]}" for name in ("numpy", "scipy", "matplotlib", "scikit-learn", "jax", "jaxlib",
                                                  "optax", "torch", "ipywidgets", "JupyterQuiz")]
    lines.append(f"course_lib @ {repo}/releases/download/{wheel[1]}/{wheel[2]}")
    return "\n".join(lines) + "\n"


def held_out_seeds() -> tuple[int, ...]:
    fixed = os.environ.get("INSTRUCTOR_SEED")
    if fixed is not None:
        import numpy as np
        return tuple(int(s) for s in np.random.default_rng(int(fixed)).integers(2**31, 2**62, HIDDEN_SEEDS))
    return tuple(secrets.randbelow(2**62 - 2**31) + 2**31 for _ in range(HIDDEN_SEEDS))


def build(path: Path, seeds: tuple[int, ...], masters_only: bool = False) -> Path:
    out = OUT / path.stem
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    (out / "requirements.txt").write_text(grading_requirements())
    master = out / f"{path.stem}.ipynb"
    master.write_text(json.dumps(master_notebook(path, seeds), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if not masters_only:
        from otter.assign import main as otter_assign  # installed by `make instructor`

        here = Path.cwd()
        os.chdir(out)  # otter assign reads the requirements beside the master notebook
        try:
            otter_assign(str(master), str(out / "dist"), no_pdfs=True)
        finally:
            os.chdir(here)
        for part in ("student", "autograder"):
            shutil.move(str(out / "dist" / part), str(out / part))
        shutil.rmtree(out / "dist")
        # a name that says what it is, without otter's time stamp
        zipped = next((out / "autograder").glob("*-autograder_*.zip"))
        zipped.rename(out / "autograder" / f"{path.stem}-autograder.zip")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("chapters", nargs="*", help="chapter stems (default: all)")
    parser.add_argument("--masters-only", action="store_true")
    args = parser.parse_args(argv)
    paths = [p for p in chapters() if not args.chapters or p.stem in args.chapters]
    seeds = held_out_seeds()
    for path in paths:
        out = build(path, seeds, args.masters_only)
        print(f"{out.relative_to(ROOT)}: " + ", ".join(sorted(p.name for p in out.iterdir())))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The instructor pack grades real submissions offline (`make instructor-test`).

Per chapter, one notebook made from the pack's student notebook (its setup cell and its exercise
cells: the chapter's other cells teach, they grade nothing, and running them would only cost
time) goes through `otter run` with the chapter's autograder zip, as an instructor runs it
locally (no Docker, no network). It holds a cell that crashes between the two exercises, and:

- in the odd chapters, the reference solution of the first exercise (full marks for it) and a
  second exercise that fails one way (FAULTS): it imports the answer from course_lib, returns a
  stored answer, loops forever or raises; zero for it, hidden test included, with a message;
- in the even chapters, the first exercise making the first mistake its checker recognises
  (less than full marks, the feedback names the mistake) and the second left as the stub (zero).

Both exercises are graded in every case, after the crash. Each `otter run` starts a kernel and
imports Otter (about 25 s here), so the rest goes through the same autograder's test files in
this process, with Otter's own test runner: for every exercise of every chapter, the reference
solution scores full marks, the stub zero, every mistake the checkers recognise
(tests/test_exercises_*.py) less than full marks with its message, and every way of borrowing
the answer from course_lib (tests/test_borrowed_answers.py) and a stored answer (the reference's
first answer, whatever it is asked) zero on the hidden test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "tests")]
import instructor  # noqa: E402

otter_test_files = pytest.importorskip("otter.test_files", reason="make instructor-test installs Otter-Grader")
OTTER = Path(sys.executable).parent / "otter"
CHAPTERS = [path.stem for path in instructor.chapters()]

#: The test module of each chapter's checkers, and the mistake table of each exercise there.
MISTAKES = {
    "descend": ("test_exercises_gradient_descent", "DESCEND_MISTAKES"),
    "grad_f": ("test_exercises_gradient_descent", "GRAD_MISTAKES"),
    "largest_stable_lr": ("test_exercises_learning_rate", "LR_MISTAKES"),
    "cosine_schedule": ("test_exercises_learning_rate", "COSINE_MISTAKES"),
    "tanh_backward": ("test_exercises_backprop", "TANH_MISTAKES"),
    "linear_backward": ("test_exercises_backprop", "LINEAR_MISTAKES"),
    "standardize": ("test_exercises_feature_scaling", "STANDARDIZE_MISTAKES"),
    "inverse_standardize": ("test_exercises_feature_scaling", "INVERSE_MISTAKES"),
    "fit_standardizer": ("test_exercises_normalization", "STANDARDIZER_MISTAKES"),
    "update_running": ("test_exercises_normalization", "RUNNING_MISTAKES"),
    "count_dead_units": ("test_exercises_activations", "DEAD_MISTAKES"),
    "softmax_ce_grad": ("test_exercises_activations", "SOFTMAX_MISTAKES"),
    "he_normal": ("test_exercises_initialization", "HE_MISTAKES"),
    "next_layer_std": ("test_exercises_initialization", "NEXT_STD_MISTAKES"),
    "momentum_step": ("test_exercises_optimizers", "MOMENTUM_MISTAKES"),
    "bias_correction": ("test_exercises_optimizers", "BIAS_MISTAKES"),
    "dropout": ("test_exercises_regularization", "DROPOUT_MISTAKES"),
    "smooth_labels": ("test_exercises_regularization", "SMOOTHING_MISTAKES"),
    "diagnose": ("test_exercises_diagnosis", "DIAGNOSE_MISTAKES"),
    "train_step": ("test_exercises_diagnosis", "STEP_MISTAKES"),
}

#: How the second exercise fails in the odd chapters' notebooks.
FAULTS = {
    "01_gradient_descent": "imports the answer", "03_backprop": "loops forever",
    "05_normalization": "returns a stored answer", "07_initialization": "imports the answer",
    "09_regularization": "raises",
}
SAYS = {"imports the answer": "course's own implementation", "returns a stored answer": "✘ Not yet",
        "loops forever": "did not return within", "raises": "Your function raised ZeroDivisionError"}
CRASH = 'raise RuntimeError("a cell of this submission crashes")'


def fault_cell(fault: str, exercise: dict, reference: str) -> str:
    name, check = exercise["name"], exercise["check"]
    if fault == "imports the answer":
        return (f"from test_borrowed_answers import WRAPPERS\n\n{name} = WRAPPERS[{name!r}][0][0]\n"
                f"{check}({name})\n")
    if fault == "returns a stored answer":  # what the reference returned once, whatever it is asked
        return (f"{reference}\n_seen = []\n_reference = {name}\n\n\ndef _recorded(*args):\n"
                f"    _seen.append(_reference(*args))\n    return _seen[-1]\n\n\n{check}(_recorded)\n\n\n"
                f"def {name}(*args):\n    return _seen[0]\n\n\n{check}({name})\n")
    body = "    while True:\n        pass" if fault == "loops forever" else "    return 1 / 0"
    return f"def {name}(*args):\n{body}\n\n\n{check}({name})\n"


@pytest.fixture(scope="module")
def pack() -> Path:
    """The pack `make instructor` wrote; built here for a chapter it lacks."""
    out = instructor.OUT
    missing = [c for c in CHAPTERS if not (out / c / "autograder" / f"{c}-autograder.zip").exists()]
    if missing:
        subprocess.run([sys.executable, str(ROOT / "scripts" / "instructor.py"), *missing], check=True)
    return out


def answer_cells(pack: Path, chapter: str) -> tuple[dict, list[dict], list[dict]]:
    """The student notebook, its setup cell, its exercise stubs and the reference solutions."""
    student = json.loads((pack / chapter / "student" / f"{chapter}.ipynb").read_text(encoding="utf-8"))
    solved = json.loads((pack / chapter / "autograder" / f"{chapter}.ipynb").read_text(encoding="utf-8"))
    stubs = [c for c in student["cells"] if "otter_answer_cell" in c["metadata"].get("tags", [])]
    solutions = [c for c in solved["cells"] if "otter_assign_solution_cell" in c["metadata"].get("tags", [])]
    assert len(stubs) == len(solutions) == 2
    return student, stubs, solutions


def submission(pack: Path, chapter: str, tmp_path: Path) -> Path:
    """The chapter's notebook to grade: setup, first exercise, a crash, second exercise."""
    student, stubs, solutions = answer_cells(pack, chapter)
    setup = next(c for c in student["cells"] if "setup" in c["metadata"].get("tags", []))
    first, second = instructor.exercises(json.loads((ROOT / "chapters" / f"{chapter}.ipynb").read_text()))
    if chapter in FAULTS:
        cells = [solutions[0], fault_cell(FAULTS[chapter], second, "".join(solutions[1]["source"]))]
    else:
        module, table = MISTAKES[first["name"]]
        mistake = (f"from {module} import {table}\n\n{first['name']} = next(iter({table}.values()))[0]\n"
                   f"{first['check']}({first['name']})\n")
        cells = ["".join(stubs[0]["source"]) + "\n\n" + mistake, stubs[1]]
    cells = [{**stubs[0], "source": c} if isinstance(c, str) else c for c in cells]
    crash = {**stubs[0], "source": CRASH, "metadata": {}}
    path = tmp_path / f"{chapter}.ipynb"
    path.write_text(json.dumps({**student, "cells": [setup, cells[0], crash, cells[1]]}), encoding="utf-8")
    return path


def otter_run(pack: Path, chapter: str, notebook: Path) -> dict:
    out = notebook.parent / notebook.stem
    out.mkdir()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")])}
    zipped = pack / chapter / "autograder" / f"{chapter}-autograder.zip"
    result = subprocess.run([str(OTTER), "run", "-a", str(zipped), "-o", str(out), str(notebook)],
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    results = json.loads((out / "results.json").read_text())
    return {t["name"]: t for t in results["tests"]}


def scores(results: dict, chapter: str) -> dict:
    return {name: (results[name]["score"], results[name]["max_score"]) for name in instructor.POINTS[chapter]}


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_otter_run_grades_a_notebook_with_a_crash_and_a_faulty_exercise(pack, chapter, tmp_path, record_property):
    points = instructor.POINTS[chapter]
    results = otter_run(pack, chapter, submission(pack, chapter, tmp_path))
    (first, second), got = list(points), scores(results, chapter)
    record_property("scores", got)
    print(chapter, got)
    if chapter in FAULTS:
        assert got[first] == (sum(points[first]), sum(points[first]))
        assert got[second][0] == 0 and SAYS[FAULTS[chapter]] in results[second]["output"], results[second]
    else:
        module, table = MISTAKES[first]
        expected = next(iter(getattr(__import__(module), table).values()))[1]
        assert got[first][0] < got[first][1] and expected in results[first]["output"], results[first]
        assert got[second][0] == 0 and "Not implemented yet" in results[second]["output"], results[second]


def otter_tests(pack: Path, chapter: str) -> dict:
    """The chapter's Otter test files, from its Gradescope zip."""
    with zipfile.ZipFile(pack / chapter / "autograder" / f"{chapter}-autograder.zip") as zipped:
        return {Path(name).stem: zipped.read(name).decode() for name in zipped.namelist() if name.startswith("tests/")}


def grade(source: str, name: str, function) -> object:
    tests = otter_test_files.ExceptionTestFile.from_string(source, path=f"{name}.py")
    tests.run({name: function})
    return tests


CASES = [(chapter, name) for chapter in CHAPTERS for name in instructor.POINTS[chapter]]


def defined(source: str, name: str):
    namespace = {"np": np}
    exec(compile(source, name, "exec"), namespace)
    return namespace[name]


@pytest.mark.parametrize("chapter, name", CASES, ids=[name for _, name in CASES])
def test_solutions_score_full_marks_and_stubs_zero_through_otters_tests(pack, chapter, name):
    _, stubs, solutions = answer_cells(pack, chapter)
    index = list(instructor.POINTS[chapter]).index(name)
    imports = "".join(solutions[0]["source"]).split("# BEGIN SOLUTION")[0]  # the checkers, as the first cell has them
    source = otter_tests(pack, chapter)[name]
    solved = grade(source, name, defined(imports + "".join(solutions[index]["source"]), name))
    assert solved.score == solved.possible == sum(instructor.POINTS[chapter][name]), solved.summary()
    stub = grade(source, name, defined(imports + "".join(stubs[index]["source"]), name))
    assert stub.score == 0 and all("Not implemented yet" in r.message for r in stub.test_case_results)


@pytest.mark.parametrize("chapter, name", CASES, ids=[name for _, name in CASES])
def test_every_recognised_mistake_and_borrowed_answer_loses_marks_through_otters_tests(pack, chapter, name):
    import test_borrowed_answers

    source = otter_tests(pack, chapter)[name]
    module, table = MISTAKES[name]
    for variant, (function, expected) in getattr(__import__(module), table).items():
        graded = grade(source, name, function)
        messages = " ".join(result.message for result in graded.test_case_results)
        assert graded.score < graded.possible and expected in messages, (variant, messages)
    for wrapper, _ in test_borrowed_answers.WRAPPERS.get(name, []):
        graded = grade(source, name, wrapper)
        hidden = [result for result in graded.test_case_results if result.test_case.hidden]
        assert hidden and not any(result.passed for result in hidden), name


@pytest.mark.parametrize("chapter, name", CASES, ids=[name for _, name in CASES])
def test_a_stored_answer_scores_zero_on_the_hidden_test(pack, chapter, name):
    """The reference's first answer in the chapter's own check, returned whatever is asked."""
    _, _, solutions = answer_cells(pack, chapter)
    index = list(instructor.POINTS[chapter]).index(name)
    imports = "".join(solutions[0]["source"]).split("# BEGIN SOLUTION")[0]
    namespace = {"np": np}
    exec(compile(imports + "".join(solutions[index]["source"]), name, "exec"), namespace)
    reference, seen = namespace[name], []

    def recorded(*args):
        seen.append(reference(*args))
        return seen[-1]

    exercise = next(e for e in instructor.exercises(json.loads((ROOT / "chapters" / f"{chapter}.ipynb").read_text()))
                    if e["name"] == name)
    assert namespace[exercise["check"]](recorded)  # the answers are the reference's
    graded = grade(otter_tests(pack, chapter)[name], name, lambda *args: seen[0])
    hidden = [result for result in graded.test_case_results if result.test_case.hidden]
    assert hidden and not any(result.passed for result in hidden), [r.message for r in hidden]

"""The instructor pack's master notebooks (scripts/instructor.py, `make instructor`), without
Otter-Grader (tests/instructor grades with it): each is the chapter, with each exercise as an Otter
question made of the chapter's own stub, solution and checker, and the points come from one
table."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import instructor  # noqa: E402

CHAPTERS = instructor.chapters()


def chapter(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_the_points_table_lists_every_exercise_of_every_chapter_in_order(path):
    names = [e["name"] for e in instructor.exercises(chapter(path))]
    assert names == list(instructor.POINTS[path.stem]), "update POINTS in scripts/instructor.py"
    assert all(public > 0 and hidden > 0 for public, hidden in instructor.POINTS[path.stem].values())


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_the_master_notebook_is_the_chapter_with_each_exercise_as_an_otter_question(path):
    notebook, seeds = chapter(path), (2**40 + 1, 2**40 + 2)
    master = instructor.master_notebook(path, seeds)
    assert master["cells"][0]["source"].startswith("# ASSIGNMENT CONFIG")
    sources = ["".join(c["source"]) for c in master["cells"]]
    for exercise in instructor.exercises(notebook):
        cell = instructor.answer_cell(exercise)
        assert cell in sources
        # the stub and the solution, as the chapter has them, each once
        stub_def = exercise["stub"][exercise["stub"].index("def "):].split("\n\n\ncheck_")[0].strip()
        assert stub_def in cell and sum(stub_def in s for s in sources) == 1
        solution = exercise["solution"].split("feedback = check_")[0].replace("# @title Reference solution "
                                                                             "(double-click to show)\n", "").strip()
        assert solution in cell and sum(solution in s for s in sources) == 1
        public, hidden = (s for s in sources if f"def test_{exercise['name']}_" in s)
        assert f"{exercise['check']}({exercise['name']})" in public and "hidden: false" in public
        assert f"seeds={seeds!r}" in hidden and "hidden: true" in hidden
    # no solution cell of the chapter is left outside the questions
    assert not any("solution" in c["metadata"].get("tags", []) for c in master["cells"])
    assert len([s for s in sources if s.startswith("# BEGIN QUESTION")]) == len(instructor.POINTS[path.stem])


def test_held_out_seeds_are_new_on_each_build_unless_fixed(monkeypatch):
    monkeypatch.delenv("INSTRUCTOR_SEED", raising=False)
    assert instructor.held_out_seeds() != instructor.held_out_seeds()
    monkeypatch.setenv("INSTRUCTOR_SEED", "5")
    assert instructor.held_out_seeds() == instructor.held_out_seeds()
    assert all(seed >= 2**31 for seed in instructor.held_out_seeds())  # beyond any seed a chapter uses

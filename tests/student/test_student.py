"""The student edition (`make student`): every chapter without its reference solutions. The
student notebooks run, each exercise's checker reports "not implemented", and no solution
leaks. nbval runs the student notebooks (tests/student/second_run.py records what they print),
and that run is also a second, independent execution of every chapter, in a second arithmetic
(other instruction sets, one thread: tests/second_arithmetic.py). So its claims (the lines that
start with a check mark) must come out as in the built book: every claim holds in both runs,
with the same words (how far their numbers moved is written beside the record). Run by
`make student-test`, after `make book`, as part of `make test`."""

import html
import json
import keyword
import re
import warnings

import pytest

from course_lib.claims import printed_claims
from course_lib.exercises import NOT_IMPLEMENTED
from notebook_cells import CHAPTERS, ROOT, tagged_cells
from second_arithmetic import compare_claims
from second_run import RECORD

STUDENT = ROOT / "_build" / "student" / "chapters"
KOREAN = ROOT / "_build" / "student" / "ko" / "chapters"
BOOK = ROOT / "_build" / "html" / "chapters"


def claims_in_book(name):
    """The claim lines of a chapter's page in the built book, in order."""
    page = BOOK / name.replace(".ipynb", ".html")
    if not page.exists():
        pytest.fail(f"{page} is missing: build the book first (make book), as make test does")
    return printed_claims(html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))))


def solution_lines(path):
    """The lines of a chapter's reference solutions that are specific to them: code, not the
    function signature, the checker call or the boilerplate around it."""
    lines = set()
    for source in tagged_cells(path, "solution"):
        for line in source.splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "def ", "feedback", "assert feedback", "from ", "import ")) \
                    and not keyword.iskeyword(re.sub(r"\W", "", line) or "pass"):  # ")" or "return (": layout
                lines.add(line)
    return lines


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_student_notebook_keeps_the_exercises_and_leaks_no_solution(path):
    if not (STUDENT / path.name).exists():
        pytest.fail(f"{STUDENT / path.name} is missing: write the student edition first (make student)")
    student = json.loads((STUDENT / path.name).read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in student["cells"])
    assert "solution-start" not in text and "solution-end" not in text and "Reference solution" not in text
    # a line that the chapter itself shows outside its solutions (the buggy loop an exercise asks to
    # fix, code taught in a section) is the chapter's, not a leak
    chapter = json.loads(path.read_text(encoding="utf-8"))
    shown = "\n".join("".join(c["source"]) for c in chapter["cells"] if "solution" not in c["metadata"].get("tags", []))
    leaked = [line for line in solution_lines(path) if line in text and line not in shown]
    assert not leaked, f"solution lines left in the student edition: {leaked}"
    assert [c for c in student["cells"] if "exercise" in c["metadata"].get("tags", [])] == \
        [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if "exercise" in c["metadata"].get("tags", [])]


def second_run(path):
    """What each cell of the student edition printed in nbval's second-arithmetic run."""
    record = RECORD / path.name.replace(".ipynb", ".json")
    if not record.exists():
        pytest.fail(f"{record} is missing: run the student edition under nbval first (make student-test does)")
    return json.loads(record.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_every_claim_comes_out_the_same_in_the_second_arithmetic(path):
    cells = second_run(path)
    assert not any(cell["error"] for cell in cells), "a cell of the student edition raised (see nbval's report)"
    claims = [line for cell in cells for line in printed_claims(cell["text"])]
    differences, drifts = compare_claims(claims_in_book(path.name), claims)
    assert not differences, "claims came out differently in the second arithmetic:\n" + "\n".join(differences)
    drift = RECORD / f"{path.stem}.drift.txt"  # evidence that moved beyond its last digits; the verdicts held
    drift.write_text("".join(f"{pair}\n\n" for pair in drifts), encoding="utf-8")
    if drifts:
        warnings.warn(f"{path.stem}: the evidence of {len(drifts)} claims moved beyond its last printed digits "
                      f"in the second arithmetic (every verdict held): see {drift.relative_to(ROOT)}")


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_every_checker_in_the_student_edition_says_not_implemented(path):
    exercises = [cell for cell in second_run(path) if "exercise" in cell["tags"]]
    assert exercises
    for cell in exercises:
        assert NOT_IMPLEMENTED.split(":")[0] in cell["text"], cell["text"]


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_the_korean_student_notebook_runs_the_same_code_with_korean_text(path):
    """The Korean student edition is the English one with its markdown translated and one line
    that sets COURSE_LANG=ko, so nbval's run of the English edition covers its code, and its
    checkers answer in Korean (tests/test_checker_harness.py)."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from editions import LANGUAGE_LINE

    english = json.loads((STUDENT / path.name).read_text(encoding="utf-8"))["cells"]
    korean = json.loads((KOREAN / path.name).read_text(encoding="utf-8"))["cells"]
    assert [c["cell_type"] for c in korean] == [c["cell_type"] for c in english]
    line = LANGUAGE_LINE.format(lang="ko", name="Korean")
    for ours, theirs in zip(korean, english):
        if ours["cell_type"] == "code":
            assert "".join(ours["source"]).replace(f"\n\n{line}", "", 1) == "".join(theirs["source"])
    text = "\n".join("".join(c["source"]) for c in korean)
    assert text.count(line) == 1 and "solution-start" not in text

"""The student edition (`make student`): every chapter without its reference solutions. The
student notebooks run, each exercise's checker reports "not implemented", and no solution
leaks. Each run is also a second, independent execution of the chapter, so its claims (the
lines that start with a check mark) must equal those of the built book: a chapter run twice,
in its own kernel, asserts the same results. Run by `make student-test`, after `make book`,
as part of `make test`."""

import html
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from course_lib.exercises import NOT_IMPLEMENTED
from notebook_cells import CHAPTERS, ROOT, tagged_cells

STUDENT = ROOT / "_build" / "student" / "chapters"
BOOK = ROOT / "_build" / "html" / "chapters"


def claims_in_book(name):
    """The claim lines of a chapter's page in the built book, in order."""
    page = BOOK / name.replace(".ipynb", ".html")
    if not page.exists():
        pytest.fail(f"{page} is missing: build the book first (make book), as make test does")
    text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8")))
    return [line.strip() for line in text.splitlines() if is_claim(line)]


def is_claim(line):
    """A claim's line; "✔ Passed: ..." is a solution's checker feedback, which the student
    edition does not have."""
    return line.strip().startswith("✔") and not line.strip().startswith("✔ Passed")


@pytest.fixture(scope="session", autouse=True)
def student_edition():
    subprocess.run([sys.executable, str(ROOT / "scripts" / "student.py")], check=True, cwd=ROOT)


def solution_lines(path):
    """The lines of a chapter's reference solutions that are specific to them: code, not the
    function signature, the checker call or the boilerplate around it."""
    lines = set()
    for source in tagged_cells(path, "solution"):
        for line in source.splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "def ", "feedback", "assert feedback", "from ", "import ")):
                lines.add(line)
    return lines


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_student_notebook_keeps_the_exercises_and_leaks_no_solution(path):
    student = json.loads((STUDENT / path.name).read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in student["cells"])
    assert "solution-start" not in text and "solution-end" not in text and "Reference solution" not in text
    leaked = [line for line in solution_lines(path) if line in text]
    assert not leaked, f"solution lines left in the student edition: {leaked}"
    assert [c for c in student["cells"] if "exercise" in c["metadata"].get("tags", [])] == \
        [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if "exercise" in c["metadata"].get("tags", [])]


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_student_notebook_runs_and_every_checker_says_not_implemented(path):
    notebook = nbformat.read(STUDENT / path.name, as_version=4)
    # IPC transport: two xdist workers starting kernels at once can pick the same TCP ports,
    # which left a kernel idle and its client waiting forever; IPC sockets cannot collide.
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT / "chapters")}})
    client.km = client.kernel_manager_class(kernel_name="python3", transport="ipc",
                                            ip=str(Path(tempfile.mkdtemp(prefix="kernel-")) / "ipc"))
    client.execute()
    claims = [line.strip() for c in notebook.cells if c.cell_type == "code" for o in c.outputs
              if o.get("output_type") == "stream" for line in o.get("text", "").splitlines()
              if is_claim(line)]
    assert claims == claims_in_book(path.name), "a claim came out differently in a second run of the chapter"
    exercises = [c for c in notebook.cells if "exercise" in c.metadata.get("tags", [])]
    assert exercises
    for cell in exercises:
        shown = "".join(o.get("data", {}).get("text/plain", "") + o.get("text", "") for o in cell.outputs)
        assert NOT_IMPLEMENTED.split(":")[0] in shown, shown

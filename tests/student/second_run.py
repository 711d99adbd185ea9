"""A pytest plugin for nbval's run of the student edition (`make student-test`).

It puts the run in the second arithmetic and on the second draw (tests/second_arithmetic.py: the
kernels inherit this process's environment) and records what every cell printed, with the cell's tags, in
_build/student/second-run/<chapter>.json. tests/student/test_student.py then compares the
recorded claims with the built book's and checks each exercise's feedback, so that one
execution of each chapter serves as nbval's test, the second-arithmetic run and the student
edition's check.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

from second_arithmetic import SECOND_ARITHMETIC, SECOND_DRAW

RECORD = Path(__file__).resolve().parents[2] / "_build" / "student" / "second-run"
_cells: dict[str, list[dict]] = defaultdict(list)


def pytest_configure(config):
    os.environ.update({**SECOND_ARITHMETIC, **SECOND_DRAW})


def pytest_runtest_makereport(item, call):
    outputs = getattr(item, "test_outputs", None)  # nbval's cell items keep what the cell output
    if call.when != "call" or not hasattr(item, "cell"):
        return
    text = "\n".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in outputs or [])
    _cells[Path(str(item.path)).name].append({"tags": item.cell.metadata.get("tags", []), "text": text,
                                              "error": any(o.get("output_type") == "error" for o in outputs or [])})


def pytest_sessionfinish(session):
    RECORD.mkdir(parents=True, exist_ok=True)
    for name, cells in _cells.items():
        (RECORD / name.replace(".ipynb", ".json")).write_text(json.dumps(cells, ensure_ascii=False, indent=1))

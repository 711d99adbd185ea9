"""The landing page's chapter map (_ext/chapter_overview.py): a reading time that counts what a
reader reads (prose, the code shown, figures), and the run time this build recorded for the
chapter as it is now, with the machine it ran on (scripts/prerun.py stores both)."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "_ext"), str(ROOT / "scripts")]

import chapter_overview  # noqa: E402
import prerun  # noqa: E402


def chapter(path: Path, extra: str = "") -> Path:
    cells = [nbformat.v4.new_markdown_cell("word " * 400),  # 2 minutes of prose
             nbformat.v4.new_code_cell("a = 1\n\nb = 2\n" * 10 + extra),  # 20 lines shown: 1 minute
             nbformat.v4.new_code_cell("show(fig, alt='x')\nshow(g, alt='y')\n" + "x = 0\n" * 38,
                                       metadata={"tags": ["hide-input"]})]  # folded: 2 figures, 0 lines
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_reading_time_counts_the_prose_the_code_shown_and_the_figures(tmp_path):
    facts = chapter_overview.chapter_facts(chapter(tmp_path / "01_x.ipynb"))
    assert (facts["words"], facts["code_lines"], facts["figures"]) == (400, 20, 2)
    assert facts["minutes"] == 2 + 1 + 2  # folded code is not read; its figures are seen


def test_the_run_time_is_the_cached_run_of_the_chapter_as_it_is_now(tmp_path):
    from jupyter_cache import get_cache

    path = chapter(tmp_path / "01_x.ipynb")
    cache = get_cache(str(tmp_path / "cache"))
    prerun.store(cache, path, nbformat.read(path, as_version=4), 12.5, jobs=2)
    (record,) = chapter_overview.run_records(tmp_path / "cache", [path]).values()
    assert record["execution_seconds"] == 12.5 and record["jobs"] == 2 and record["cpus"]
    assert record["processor"] == chapter_overview.this_machine()["processor"]
    note = chapter_overview.run_time_note(record)
    assert record["processor"] in note and "2 chapters at a time" in note and "first run" in note
    chapter(path, extra="c = 3\n")  # the chapter changed since that run: the table must not show it
    assert chapter_overview.run_records(tmp_path / "cache", [path]) == {}
    assert chapter_overview.run_records(tmp_path / "absent", [path]) == {}


def test_the_note_speaks_the_editions_language():
    note = chapter_overview.run_time_note({"processor": "CPU", "cpus": 2, "python": "3.11", "jobs": 2}, "ko")
    assert "코어" in note and "make bench" in note and "first run" not in note

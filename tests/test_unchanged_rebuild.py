"""An unchanged `make book` reads and writes no page, in either edition (issue 40), while a real
change still rebuilds what it must.

Every build used to rewrite all ten chapters: _ext/book_fixes.py numbers exercises per chapter by
rewriting the numbers Sphinx assigns, and Sphinx, which assigns them again on every build and
rewrites each page whose numbers differ from the last build's, found every chapter changed; the
glossary, re-read on every build, made sure the check ran. The Korean build added --all. And
_ext/search_offline.py took every page's text again after every build, half of an unchanged
rebuild's time. These tests build a small book of the same shape with the book's extensions, and
check what the Korean build asks of Sphinx and what `make book` drops when Sphinx cannot see a
change."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.application import Sphinx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import editions  # noqa: E402

CONF = f"""
import sys
sys.path.insert(0, {str(ROOT / "_ext")!r})
extensions = ["sphinx_exercise", "book_fixes", "search_offline"]
numfig = True
root_doc = "index"
"""
INDEX = """Book
====

.. toctree::
   :numbered:

   chapters/01_one
   chapters/02_two
   glossary
"""
CHAPTER = """{title}
=====

.. exercise:: Do {title}
   :label: ex-{title}

   Compute it.

.. exercise:: Do {title} again
   :label: ex-{title}-again

   Compute it again.
"""
GLOSSARY = """Glossary
========

.. glossary::

   Momentum
      A running mean of the gradients.
"""


def book(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    (src / "chapters").mkdir(parents=True)
    (src / "conf.py").write_text(CONF)
    (src / "index.rst").write_text(INDEX)
    for name, title in (("01_one", "One"), ("02_two", "Two")):
        (src / "chapters" / f"{name}.rst").write_text(CHAPTER.format(title=title))
    (src / "glossary.rst").write_text(GLOSSARY)
    return src


def build(src: Path) -> str:
    """Sphinx's report of one incremental HTML build."""
    status = io.StringIO()
    out = src.parent / "out"
    Sphinx(str(src), str(src), str(out / "html"), str(out / "doctrees"), "html", status=status,
           warning=io.StringIO(), freshenv=False).build()
    return re.sub(r"\x1b\[[0-9;]*m", "", status.getvalue())  # without the terminal's colours


def written(report: str) -> list[str]:
    return re.findall(r"writing output\.\.\. \[\s*\d+%\] (\S+)", report)


def search_pages(src: Path) -> Path:
    return src.parent / "out" / "html" / "_static" / "search-pages.js"


def test_an_unchanged_rebuild_reads_and_writes_no_page(tmp_path):
    src = book(tmp_path)
    first = build(src)
    assert "chapters/02_two" in written(first)
    html = (tmp_path / "out" / "html" / "chapters" / "02_two.html").read_text()
    assert "Exercise 2.1" in html  # numbered per chapter, not 3 (the book's numbering)
    searched = search_pages(src).stat().st_mtime_ns

    again = build(src)
    assert "0 added, 0 changed, 0 removed" in again
    assert "no targets are out of date" in again
    assert written(again) == []
    assert search_pages(src).stat().st_mtime_ns == searched


def test_a_changed_chapter_is_written_again_with_the_glossary_and_its_search_entries(tmp_path):
    src = book(tmp_path)
    build(src)
    chapter = src / "chapters" / "01_one.rst"
    chapter.write_text(chapter.read_text() + "\nA new paragraph.\n")
    report = build(src)
    assert {"chapters/01_one", "glossary"} <= set(written(report))
    assert "chapters/02_two" not in written(report)  # its numbers did not change
    assert "A new paragraph." in search_pages(src).read_text()
    # Sphinx 7.4 keeps no index entries for pages it does not read: the glossary's must survive
    index = (tmp_path / "out" / "html" / "searchindex.js").read_text()
    entries = json.loads(index[index.index("(") + 1:index.rindex(")")])["indexentries"]
    assert "momentum" in entries
    assert written(build(src)) == []


def test_the_korean_build_reads_again_only_what_changed(tmp_path, monkeypatch):
    class Started(Exception):
        pass

    calls = []

    def run(command, **_):
        calls.append(command)
        raise Started  # stop before the build copies anything

    monkeypatch.setattr(editions, "write_config", lambda folder, cfg: tmp_path / "_config.yml")
    monkeypatch.setattr(editions, "translated_toc", lambda lang, folder: tmp_path / "_toc.yml")
    monkeypatch.setattr(editions.subprocess, "run", run)
    with pytest.raises(Started):
        editions.build("ko")
    monkeypatch.undo()
    command = calls[0]
    assert "--all" not in command and "-E" not in command and "--fresh-env" not in command
    # what Sphinx cannot see, make drops: the environment that build keeps, in every stamp's recipe
    doctrees = (Path(command[command.index("--path-output") + 1]) / "_build" / ".doctrees").relative_to(ROOT)
    recipes = subprocess.run(["make", "-n", "-B", "caches"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    drops = re.findall(r"rm -rf ([^;]*);", recipes)
    assert len(drops) == 3 and all(str(doctrees) in line.split() for line in drops)


def test_a_build_drops_the_execution_cache_when_course_lib_changes_whatever_the_file_times(tmp_path):
    """The caches are guarded by what course_lib contains, not by when its files were written: a
    _build copied or restored beside a newer checkout (CI's copy) gives every file about the same
    time, and a change made in a file older than the stamp must still drop the outputs."""
    shutil.copy(ROOT / "Makefile", tmp_path)
    (tmp_path / "pyproject.toml").write_text("[project]\n")
    for name in ["course_lib/a.py", "course_lib/locales/ko/LC_MESSAGES/c.po", "_ext/x.py"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("one\n")
    marker = tmp_path / "_build" / ".jupyter_cache" / "kept"

    def caches() -> bool:
        """Whether `make caches` kept the English execution cache."""
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text("")
        subprocess.run(["make", "-s", "caches"], cwd=tmp_path, check=True, capture_output=True)
        return marker.exists()

    assert not caches()  # the first build knows nothing of the cache it finds
    assert caches()  # nothing changed
    source = tmp_path / "course_lib" / "a.py"
    source.write_text("two\n")
    os.utime(source, (0, 0))  # older than every stamp
    assert not caches()
    assert caches()

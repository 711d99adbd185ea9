"""scripts/prerun.py runs the book's chapters several at once before the build: what it caches
must be what the build looks up, or the build silently runs every chapter again."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
from jupyter_cache import get_cache
from myst_nb.core.read import standard_nb_read

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import prerun  # noqa: E402


def notebook(tmp_path: Path, code: str) -> Path:
    path = tmp_path / "chapter.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A chapter"),
                                         nbformat.v4.new_code_cell(code)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_a_prerun_chapter_is_found_by_the_lookup_the_book_build_makes(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "xx")  # the English run must not inherit an edition's language
    path = notebook(tmp_path, "import os\nprint(os.environ.get('COURSE_LANG', 'english'))")
    lang, _, executed, seconds, error = prerun.execute("en", path)
    assert lang == "en" and error is None
    cache = get_cache(str(tmp_path / "cache"))
    prerun.store(cache, path, executed, seconds)
    # myst-nb reads the page's source this way, then asks the cache for a match (cache mode)
    record = cache.match_cache_notebook(standard_nb_read(path.read_text(encoding="utf-8")))
    _, merged = cache.merge_match_into_notebook(standard_nb_read(path.read_text(encoding="utf-8")))
    assert record is not None
    assert merged.cells[1].outputs[0]["text"] == "english\n"


def test_an_editions_run_speaks_its_language_and_a_failure_comes_back_with_its_traceback(tmp_path):
    path = notebook(tmp_path, "import os\nassert os.environ['COURSE_LANG'] == 'ko'\n1 / 0")
    before = os.environ.get("COURSE_LANG")
    lang, _, _, _, error = prerun.execute("ko", path)
    assert lang == "ko" and "ZeroDivisionError" in error  # the assert passed: the kernel had ko
    assert os.environ.get("COURSE_LANG") == before, "the caller's environment is left as it was"

"""Run the chapters the book build needs, several at once, into the caches the build reads.

`make book` executes every chapter twice: for the English book, and again with COURSE_LANG set
for each translated edition (scripts/editions.py). jupyter-book (myst-nb's cache mode) runs the
notebooks it finds uncached one after another, so on a 2-core machine 20 chapter runs were in
series. This runs the same ones in a pool of ``--jobs`` processes and stores each result in the
cache its build reads, as myst-nb stores it: the same notebook, the same working folder
(chapters/), the same timeout and error policy from `_config.yml`. The builds then find every
chapter cached and only render.

Nothing here decides what the book shows: without it, the builds run the chapters themselves.
A chapter that fails here is reported and left uncached, so its build runs it again and fails
the way it always does.

    python scripts/prerun.py --jobs 2
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from unittest.mock import patch

import nbformat
import yaml
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution

from editions import EDITIONS, ROOT, execution_cache

sys.path.insert(0, str(ROOT / "_ext"))
from chapter_overview import this_machine  # noqa: E402

CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
EXECUTE = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["execute"]


def execute(lang: str, path: Path) -> tuple[str, Path, nbformat.NotebookNode, float, str | None]:
    """One chapter in a new kernel that inherits COURSE_LANG (unset for English)."""
    notebook = nbformat.read(path, as_version=4)
    with patch.dict(os.environ):  # restored afterwards
        os.environ.pop("COURSE_LANG", None)
        if lang != "en":
            os.environ["COURSE_LANG"] = lang
        result = single_nb_execution(notebook, cwd=str(path.parent), timeout=EXECUTE.get("timeout", 30),
                                     allow_errors=EXECUTE.get("allow_errors", False), meta_override=True)
    return lang, path, notebook, result.time, result.exc_string if result.err else None


def store(cache, path: Path, notebook: nbformat.NotebookNode, seconds: float, jobs: int = 1) -> None:
    """Cache an executed chapter as myst-nb does after running it itself, with the machine it ran
    on and how many chapters ran beside it (the landing page's chapter map shows them)."""
    record = cache.add_nb_to_project(str(path))
    data = {"execution_seconds": seconds, **this_machine(), "jobs": jobs}
    cache.cache_notebook_bundle(CacheBundleIn(notebook, record.uri, data=data), check_validity=False, overwrite=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    jobs = parser.parse_args().jobs
    caches = {lang: get_cache(str(execution_cache(lang))) for lang in ["en", *EDITIONS]}
    todo = []
    # Every English run first: an edition's run of a chapter then finds the programs the English
    # run compiled in JAX's persistent cache (make book sets it), instead of compiling them again
    # at the same time.
    for lang, cache in caches.items():
        for path in CHAPTERS:
            try:
                cache.match_cache_notebook(nbformat.read(path, as_version=4))
            except KeyError:
                todo.append((lang, path))
    if not todo:
        return 0
    print(f"prerun: {len(todo)} chapter runs, {jobs} at a time", flush=True)
    start, failed = time.perf_counter(), 0
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for lang, path, notebook, seconds, error in pool.map(execute, *zip(*todo)):
            if error:
                failed += 1
                print(f"prerun: {lang} {path.name} FAILED after {seconds:.1f} s (the build will run it again):\n"
                      f"{error}", flush=True)
                continue
            store(caches[lang], path, notebook, seconds, jobs)
            print(f"prerun: {lang} {path.name} {seconds:.1f} s", flush=True)
    print(f"prerun: {len(todo) - failed} of {len(todo)} cached in {time.perf_counter() - start:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

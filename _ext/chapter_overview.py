"""The landing page's chapter table, computed at build time (loaded through
`sphinx.local_extensions`).

The ``{chapter-overview}`` directive lists every chapter in reading order with what a learner
plans by: the time to read it (its prose at 200 words a minute, the code it shows at 20 lines a
minute, a minute a figure), the time this build took to run it (the execution cache's record of
the chapter as it is now, which scripts/prerun.py writes with the machine it ran on), and how
many claims, exercises and quiz questions it holds. Nothing in the table is typed by hand.
Sphinx reads the page again when a chapter changes; `make book` runs a changed chapter (and
drops Sphinx's environment when course_lib changes) before the build reads it.
"""

from __future__ import annotations

import ast
import json
import math
import os
import platform
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

WORDS_PER_MINUTE = 200
CODE_LINES_PER_MINUTE = 20  # code is read more slowly than prose: a line, not a word, at a time
MINUTES_PER_FIGURE = 1
MINUTES_PER_EXERCISE = 10  # for the table's note only: the Read column leaves exercises out
FOLDED = {"hide-input", "remove-input", "remove-cell", "hide-cell"}
FIGURE = re.compile(r"(?<![\w.])show\(|explorer_html\(|lr_slider\(")


def chapter_facts(path: Path) -> dict[str, Any]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    prose = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    words = len(re.findall(r"[A-Za-z0-9]+", re.sub(r"\$[^$]*\$", " ", prose)))
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    shown = sum(1 for c in cells if c["cell_type"] == "code" and not FOLDED & set(c.get("metadata", {}).get("tags", []))
                for line in "".join(c["source"]).splitlines() if line.strip())
    figures = sum(len(FIGURE.findall(source)) for source in code)
    claims = sum(1 for source in code for node in ast.walk(_parse(source))
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "claim")
    exercises = sum(1 for c in cells if "exercise" in c.get("metadata", {}).get("tags", []))
    quiz = next((m.group(1) for source in code for m in [re.search(r'show_quiz\("([a-z_]+)"\)', source)] if m), None)
    minutes = words / WORDS_PER_MINUTE + shown / CODE_LINES_PER_MINUTE + figures * MINUTES_PER_FIGURE
    return {"minutes": max(1, math.ceil(minutes)), "words": words, "code_lines": shown, "figures": figures,
            "claims": claims, "exercises": exercises, "quiz": quiz}


def _parse(source: str) -> ast.AST:
    try:
        return ast.parse(source)
    except SyntaxError:
        return ast.Module(body=[], type_ignores=[])


# The table's words, per edition: they carry numbers and a machine measured at build time, so they
# are written here, not translated through a catalog (which would go stale with every run).
WORDS = {
    "en": {
        "headers": ["Chapter", "Read", "Run", "Claims", "Exercises", "Quiz questions"],
        "minutes": "{n} min", "seconds": "{n:.0f} s", "not run": "not run",
        "reading": ("Read counts the prose at {wpm} words a minute, the code shown at {lpm} lines a minute and a "
                    "minute a figure; allow about {ex} minutes an exercise. "),
        "cache": "with JAX's compilation cache",
        "no cache": "without JAX's compilation cache",
        "measured": ("Run is the time this build took to run the whole chapter, on {processor} with {cpus} cores "
                     "(Python {python}), {jobs} chapters at a time, {cache}. Machines of the same kind differ by "
                     "2-3 times. A first run, as on Colab or Binder, also installs the course's package and "
                     "compiles its JAX programs, which adds seconds to each chapter; make bench measures that run."),
        "unnamed": "an unnamed processor",
    },
    "ko": {
        "headers": ["장", "읽기", "실행", "주장", "연습 문제", "퀴즈 문항"],
        "minutes": "{n}분", "seconds": "{n:.0f}초", "not run": "실행 안 됨",
        "reading": ("읽기 시간은 본문(영어 원문 기준)을 1분에 {wpm}단어, 보이는 코드를 1분에 {lpm}줄, 그림 하나에 1분으로 "
                    "셈한 것입니다. 연습 문제 하나에는 {ex}분쯤을 더 잡으세요. "),
        "cache": "JAX 컴파일 캐시를 쓴 상태로",
        "no cache": "JAX 컴파일 캐시 없이",
        "measured": ("실행 시간은 이 빌드가 장 전체를 실행하는 데 걸린 시간으로, {processor} {cpus}코어"
                     "(Python {python})에서 한 번에 {jobs}개 장씩, {cache} 잰 것입니다. 같은 종류의 기계라도 "
                     "2-3배까지 차이가 납니다. Colab이나 Binder에서 처음 실행할 때는 강의 패키지를 설치하고 JAX "
                     "프로그램을 컴파일하느라 장마다 몇 초가 더 걸립니다. 그 첫 실행은 make bench가 잽니다."),
        "unnamed": "이름 없는 프로세서",
    },
}


def run_time_note(measured: dict[str, Any], language: str = "en") -> str:
    """What the Run column means, and on which machine this build ran the chapters."""
    words = WORDS.get(language, WORDS["en"])
    return words["measured"].format(processor=measured.get("processor") or words["unnamed"],
                                    cpus=measured.get("cpus") or "?", python=measured.get("python"),
                                    jobs=measured.get("jobs") or 1,
                                    cache=words["cache"] if measured.get("jax_cache") else words["no cache"])


def this_machine() -> dict[str, Any]:
    """What a run record says of the machine (scripts/prerun.py stores it with each chapter)."""
    processor = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                processor = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"processor": processor, "cpus": os.cpu_count(), "python": platform.python_version(),
            "jax_cache": bool(os.environ.get("JAX_COMPILATION_CACHE_DIR"))}


def run_records(cache_path: str | Path, chapters: list[Path]) -> dict[str, dict[str, Any]]:
    """Each chapter's run as the execution cache recorded it for the chapter as it is now
    (``execution_seconds``, and the machine where scripts/prerun.py ran it); chapters the cache
    holds no run of are left out."""
    if not Path(cache_path).is_dir():
        return {}
    import nbformat
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path))
    records = {}
    for path in chapters:
        try:
            record = cache.match_cache_notebook(nbformat.read(path, as_version=4))
        except KeyError:
            continue
        records[path.stem] = dict(record.data or {})
    return records


def book_chapters(app: Any) -> tuple[list[Path], dict[str, dict], dict, str]:
    """What a directive about the chapters reads from the build: the chapter notebooks, their
    run records in the execution cache, the machine those runs were measured on (this one where
    none says), and the edition's language. The chapter map and the teaching guide share it."""
    srcdir = Path(app.srcdir)
    chapters = sorted((srcdir / "chapters").glob("[0-9][0-9]_*.ipynb"))
    cache_path = getattr(app.config, "nb_execution_cache_path", "") or srcdir / "_build" / ".jupyter_cache"
    runs = run_records(cache_path, chapters)
    measured = next((r for r in runs.values() if "processor" in r), None) or this_machine()
    return chapters, runs, measured, app.config.language or "en"


class ChapterOverview(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        from course_lib.quizzes import questions

        chapters, runs, measured, language = book_chapters(self.env.app)
        words = WORDS.get(language, WORDS["en"])
        headers = words["headers"]
        table = nodes.table(classes=["chapter-overview"])
        group = nodes.tgroup(cols=len(headers))
        table += group
        for _ in headers:
            group += nodes.colspec(colwidth=1)
        head = nodes.thead()
        group += head
        head += self._row([nodes.Text(h) for h in headers])
        body = nodes.tbody()
        group += body
        for path in chapters:
            self.env.note_dependency(str(path))
            docname = f"chapters/{path.stem}"
            facts = chapter_facts(path)
            title = self.env.titles.get(docname)
            link = nodes.reference("", title.astext() if title is not None else path.stem,
                                   refuri=f"{docname}.html", internal=True)
            seconds = runs.get(path.stem, {}).get("execution_seconds")
            run = words["not run"] if seconds is None else words["seconds"].format(n=seconds)
            count = len(questions(facts["quiz"])) if facts["quiz"] else 0
            body += self._row([link, nodes.Text(words["minutes"].format(n=facts["minutes"])), nodes.Text(run),
                               nodes.Text(str(facts["claims"])), nodes.Text(str(facts["exercises"])),
                               nodes.Text(str(count))])
        reading = words["reading"].format(wpm=WORDS_PER_MINUTE, lpm=CODE_LINES_PER_MINUTE, ex=MINUTES_PER_EXERCISE)
        note = nodes.paragraph(text=reading + run_time_note(measured, language),
                               translatable=False)
        return [table, note]

    @staticmethod
    def _row(cells: list[nodes.Node]) -> nodes.row:
        row = nodes.row()
        for content in cells:
            entry = nodes.entry()
            paragraph = nodes.paragraph(translatable=False)
            paragraph += content
            entry += paragraph
            row += entry
        return row


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("chapter-overview", ChapterOverview)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

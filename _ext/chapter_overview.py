"""The landing page's chapter table, computed at build time (loaded through
`sphinx.local_extensions`).

The ``{chapter-overview}`` directive lists every chapter in reading order with what a learner
plans by: the time to read it (its prose at 200 words a minute), the time to run it (from
`make bench`'s _build/bench.json when it exists, with the machine it was measured on), and how many claims,
exercises and quiz questions it holds. Nothing in the table is typed by hand. Sphinx reads the
page again when a chapter changes, and when bench.json appears, changes or goes (which Sphinx
itself does not watch: it would read a page again on every build for a dependency that is absent).
"""

from __future__ import annotations

import ast
import json
import math
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

WORDS_PER_MINUTE = 200


def chapter_facts(path: Path) -> dict[str, Any]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    prose = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    words = len(re.findall(r"[A-Za-z0-9]+", re.sub(r"\$[^$]*\$", " ", prose)))
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    claims = sum(1 for source in code for node in ast.walk(_parse(source))
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "claim")
    exercises = sum(1 for c in cells if "exercise" in c.get("metadata", {}).get("tags", []))
    quiz = next((m.group(1) for source in code for m in [re.search(r'show_quiz\("([a-z_]+)"\)', source)] if m), None)
    return {"minutes": max(1, math.ceil(words / WORDS_PER_MINUTE)), "claims": claims, "exercises": exercises,
            "quiz": quiz}


def _parse(source: str) -> ast.AST:
    try:
        return ast.parse(source)
    except SyntaxError:
        return ast.Module(body=[], type_ignores=[])


# The table's words, per edition: they carry numbers and a machine measured at build time, so they
# are written here, not translated through a catalog (which would go stale with every bench run).
WORDS = {
    "en": {
        "headers": ["Chapter", "Read", "Run", "Claims", "Exercises", "Quiz questions"],
        "minutes": "{n} min", "seconds": "{n:.0f} s", "not measured": "not measured",
        "reading": ("Reading time counts each chapter's prose at {wpm} words a minute; add time for the "
                    "figures and exercises. "),
        "unmeasured": ("Run times appear here when make bench has run before the book was built; it measures each "
                       "chapter against a budget of 4 times its floor, the kernel start and setup cell alone."),
        "cache": "with JAX's compilation cache filled, as on a second run",
        "no cache": "without JAX's compilation cache, as on a first run",
        "measured": ("Run time is the whole notebook with a fresh kernel, measured by make bench for this build on "
                     "{processor} with {cpus} cores (Python {python}), {cache}. Machines of the same kind differ by "
                     "2-3 times; a first run also compiles, which can add several seconds."),
        "unnamed": "an unnamed processor",
    },
    "ko": {
        "headers": ["장", "읽기", "실행", "주장", "연습 문제", "퀴즈 문항"],
        "minutes": "{n}분", "seconds": "{n:.0f}초", "not measured": "측정 안 됨",
        "reading": ("읽는 시간은 각 장의 본문(영어 원문 기준)을 1분에 {wpm}단어씩 읽는다고 보고 셈한 것이니, 그림과 "
                    "연습 문제에 쓸 시간을 더하세요. "),
        "unmeasured": ("실행 시간은 책을 빌드하기 전에 make bench를 실행했을 때 여기에 나타납니다. make bench는 각 장을 "
                       "그 바닥값(커널 시작과 설정 셀만 실행한 시간)의 4배라는 예산과 비교해 잽니다."),
        "cache": "JAX 컴파일 캐시를 채운 상태, 즉 두 번째 실행과 같은 조건으로",
        "no cache": "JAX 컴파일 캐시 없이, 즉 처음 실행과 같은 조건으로",
        "measured": ("실행 시간은 새 커널로 노트북 전체를 실행한 시간으로, 이 빌드에서 make bench가 {processor} "
                     "{cpus}코어(Python {python})에서 {cache} 잰 것입니다. 같은 종류의 기계라도 2-3배까지 차이가 "
                     "나고, 처음 실행할 때는 컴파일도 하므로 몇 초가 더 걸릴 수 있습니다."),
        "unnamed": "이름 없는 프로세서",
    },
}


def run_time_note(measured: dict[str, Any], language: str = "en") -> str:
    """What the Run column means, and on which machine it was measured (make bench's record)."""
    words = WORDS.get(language, WORDS["en"])
    if not measured:
        return words["unmeasured"]
    return words["measured"].format(processor=measured.get("processor") or words["unnamed"],
                                    cpus=measured.get("cpus"), python=measured.get("python"),
                                    cache=words["cache"] if measured.get("jax_cache") else words["no cache"])


class ChapterOverview(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        from course_lib.quizzes import questions

        srcdir = Path(self.env.app.srcdir)
        bench_file = bench_record(self.env.app)
        bench, measured = {}, {}
        self.env.course_bench_seen = getattr(self.env, "course_bench_seen", {})
        self.env.course_bench_seen[self.env.docname] = _modified(bench_file)
        if bench_file.exists():
            measured = json.loads(bench_file.read_text())
            bench = {row["chapter"]: row["total_s"] for row in measured["chapters"]}
        language = self.env.app.config.language or "en"
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
        for path in sorted((srcdir / "chapters").glob("[0-9][0-9]_*.ipynb")):
            self.env.note_dependency(str(path))
            docname = f"chapters/{path.stem}"
            facts = chapter_facts(path)
            title = self.env.titles.get(docname)
            link = nodes.reference("", title.astext() if title is not None else path.stem,
                                   refuri=f"{docname}.html", internal=True)
            run = words["seconds"].format(n=bench[path.stem]) if path.stem in bench else words["not measured"]
            count = len(questions(facts["quiz"])) if facts["quiz"] else 0
            body += self._row([link, nodes.Text(words["minutes"].format(n=facts["minutes"])), nodes.Text(run),
                               nodes.Text(str(facts["claims"])), nodes.Text(str(facts["exercises"])),
                               nodes.Text(str(count))])
        note = nodes.paragraph(text=words["reading"].format(wpm=WORDS_PER_MINUTE) + run_time_note(measured, language),
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


def bench_record(app: Any) -> Path:
    """make bench's record, _build/bench.json."""
    return Path(app.srcdir) / "_build" / "bench.json"


def _modified(path: Path) -> float | None:
    return path.stat().st_mtime if path.exists() else None


def reread_when_bench_changes(app: Any, env: Any, added: set, changed: set, removed: set) -> list[str]:
    """The pages with a table whose bench.json appeared, changed or went since they were read."""
    now = _modified(bench_record(app))
    return [docname for docname, seen in getattr(env, "course_bench_seen", {}).items()
            if docname in env.found_docs and seen != now]


def forget_page(app: Any, env: Any, docname: str) -> None:
    getattr(env, "course_bench_seen", {}).pop(docname, None)


def merge_seen(app: Any, env: Any, docnames: Any, other: Any) -> None:
    env.course_bench_seen = getattr(env, "course_bench_seen", {})
    env.course_bench_seen.update({d: v for d, v in getattr(other, "course_bench_seen", {}).items() if d in docnames})


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("chapter-overview", ChapterOverview)
    app.connect("env-get-outdated", reread_when_bench_changes)
    app.connect("env-purge-doc", forget_page)
    app.connect("env-merge-info", merge_seen)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""The landing page's chapter table, computed at build time (loaded through
`sphinx.local_extensions`).

The ``{chapter-overview}`` directive lists every chapter in reading order with what a learner
plans by: the time to read it (its prose at 200 words a minute), the time to run it (from
`make bench`'s _build/bench.json when it exists, with the machine it was measured on), and how many claims,
exercises and quiz questions it holds. Nothing in the table is typed by hand.
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


def run_time_note(measured: dict[str, Any]) -> str:
    """What the Run column means, and on which machine it was measured (make bench's record)."""
    if not measured:
        return ("Run times appear here when make bench has run before the book was built; it measures each "
                "chapter against a budget of 4 times its floor, the kernel start and setup cell alone.")
    cache = "with JAX's compilation cache filled, as on a second run" if measured.get("jax_cache") else \
        "without JAX's compilation cache, as on a first run"
    return (f"Run time is the whole notebook with a fresh kernel, measured by make bench for this build on "
            f"{measured.get('processor') or 'an unnamed processor'} with {measured.get('cpus')} cores "
            f"(Python {measured.get('python')}), {cache}. Machines of the same kind differ by 2-3 times; "
            "a first run also compiles, which can add several seconds.")


class ChapterOverview(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        from course_lib.quizzes import questions

        srcdir = Path(self.env.app.srcdir)
        bench_file = srcdir / "_build" / "bench.json"
        bench, measured = {}, {}
        if bench_file.exists():
            measured = json.loads(bench_file.read_text())
            bench = {row["chapter"]: row["total_s"] for row in measured["chapters"]}
        headers = ["Chapter", "Read", "Run", "Claims", "Exercises", "Quiz questions"]
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
            run = f"{bench[path.stem]:.0f} s" if path.stem in bench else "not measured"
            count = len(questions(facts["quiz"])) if facts["quiz"] else 0
            body += self._row([link, nodes.Text(f"{facts['minutes']} min"), nodes.Text(run),
                               nodes.Text(str(facts["claims"])), nodes.Text(str(facts["exercises"])),
                               nodes.Text(str(count))])
        note = nodes.paragraph(text=(
            f"Reading time counts each chapter's prose at {WORDS_PER_MINUTE} words a minute; add time for the "
            "figures and exercises. " + run_time_note(measured)))
        return [table, note]

    @staticmethod
    def _row(cells: list[nodes.Node]) -> nodes.row:
        row = nodes.row()
        for content in cells:
            entry = nodes.entry()
            paragraph = nodes.paragraph()
            paragraph += content
            entry += paragraph
            row += entry
        return row


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("chapter-overview", ChapterOverview)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

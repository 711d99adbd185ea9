"""The teaching guide's chapter plan (the ``{instructor-chapters}`` directive of instructors.md),
computed at build time (loaded through `sphinx.local_extensions`).

Per chapter, in reading order: what the learner will learn and what the chapter builds on (its
opening's "You will learn" list and "Builds on" line, from the Korean notebook in the Korean
edition), the reading and running time of the landing page's chapter map (the same functions:
_ext/chapter_overview.py), and the exercises with their points, read from the one table that
sets them (POINTS in scripts/instructor.py, which the graded assignments use too). Nothing in it
is typed twice, so it is not translated through a catalog: the text comes from the chapters.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from chapter_overview import book_chapters, chapter_facts, run_time_note

ROOT = Path(__file__).resolve().parent.parent
EXERCISE = re.compile(r"```\{exercise\}\s*(.+)\n:label:\s*(\S+)")

WORDS = {
    "en": {
        "learn": "Learning objectives", "builds": "Prerequisites", "time": "Time",
        "times": "reading about {read} min (the chapter map's measure), running {run} on this build's machine",
        "not run": "reading about {read} min (the chapter map's measure); not run in this build",
        "seconds": "{n:.0f} s", "run note": ("Run is the time", "The running time is the time"),
        "exercises": "Exercises",
        "points": "{title} (`{name}`): {total} points, {public} public and {hidden} hidden",
        "total": "{total} points in all.",
    },
    "ko": {
        "learn": "학습 목표", "builds": "선수 학습", "time": "시간",
        "times": "읽기 약 {read}분(장 지도의 셈), 실행은 이 빌드의 기계에서 {run}",
        "not run": "읽기 약 {read}분(장 지도의 셈), 이 빌드에서는 실행 안 됨",
        "seconds": "{n:.0f}초", "run note": ("", ""),
        "exercises": "연습 문제",
        "points": "{title} (`{name}`): {total}점, 공개 테스트 {public}점과 숨은 테스트 {hidden}점",
        "total": "모두 {total}점.",
    },
}


def points_table() -> dict[str, dict[str, tuple[int, int]]]:
    """POINTS of scripts/instructor.py, the one place the exercises' points are written."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import instructor
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return instructor.POINTS


def opening(path: Path) -> dict[str, Any]:
    """The chapter's title, its "You will learn" list and its "Builds on" paragraph, in the
    language of the notebook at ``path``, as Markdown."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "".join(cells[0]["source"])
    title = re.search(r"^# (.+)$", text, re.MULTILINE)[1].replace("\\.", ".")
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("- "))
    end = next((i for i in range(first, len(lines)) if not lines[i].strip()), len(lines))
    objectives, current = [], None
    for line in lines[first:end]:
        if line.startswith("- "):
            current = line[2:].strip()
            objectives.append(current)
        else:
            objectives[-1] += " " + line.strip()
    rest = "\n".join(lines[end:]).strip()
    builds = re.sub(r"^\*\*[^*]+\*\*\s*", "", rest.split("\n\n")[0]).replace("\n", " ").strip()
    markdown = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    exercises = [title for title, _ in EXERCISE.findall(markdown)]
    return {"title": title, "objectives": objectives, "builds": builds, "exercises": exercises}


def chapter_plan(path: Path, language: str = "en") -> dict[str, Any]:
    """What the guide says of one chapter (``path``: the English notebook)."""
    translated = ROOT / language / "chapters" / path.name
    facts = opening(translated if language != "en" and translated.exists() else path)
    points = points_table()[path.stem]
    if len(facts["exercises"]) != len(points):
        raise ValueError(f"{path.name}: {len(facts['exercises'])} exercises, but POINTS lists {list(points)}")
    exercises = [{"title": title, "name": name, "public": p[0], "hidden": p[1], "total": sum(p)}
                 for title, (name, p) in zip(facts["exercises"], points.items())]
    return {**facts, "minutes": chapter_facts(path)["minutes"], "exercises": exercises}


def plan_markdown(plan: dict[str, Any], docname: str, seconds: float | None, language: str) -> str:
    words = WORDS.get(language, WORDS["en"])
    time = (words["not run"] if seconds is None
            else words["times"].format(read=plan["minutes"], run=words["seconds"].format(n=seconds)))
    lines = [f"**{{doc}}`{plan['title']} <{docname}>`**", "",
             f"- {words['learn']}:"]
    lines += [f"  - {objective}" for objective in plan["objectives"]]
    lines += [f"- {words['builds']}: {plan['builds']}",
              f"- {words['time']}: " + time.format(read=plan["minutes"]),
              f"- {words['exercises']}:"]
    lines += ["  - " + words["points"].format(**exercise) for exercise in plan["exercises"]]
    lines.append("  - " + words["total"].format(total=sum(e["total"] for e in plan["exercises"])))
    return "\n".join(lines) + "\n"


class InstructorChapters(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        srcdir = Path(self.env.app.srcdir)
        chapters, runs, measured, language = book_chapters(self.env.app)
        self.env.note_dependency(str(srcdir / "scripts" / "instructor.py"))
        text = []
        for path in chapters:
            self.env.note_dependency(str(path))
            text.append(plan_markdown(chapter_plan(path, language), f"chapters/{path.stem}",
                                      runs.get(path.stem, {}).get("execution_seconds"), language))
        words = WORDS.get(language, WORDS["en"])
        text.append(run_time_note(measured, language).replace(*words["run note"], 1))
        container = nodes.container(classes=["instructor-chapters"])
        self.state.nested_parse(StringList("\n".join(text).splitlines()), self.content_offset, container)
        for node in container.findall(nodes.TextElement):  # computed text: no catalog entry
            node["translatable"] = False
        return [container]


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("instructor-chapters", InstructorChapters)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""The teaching guide, "For instructors" (instructors.md, with _ext/instructor_guide.py): per
chapter its objectives, prerequisites, times and exercises with their points (from the pack's one
points table), in both editions; and its example of a checker runs as it says."""

from __future__ import annotations

import contextlib
import io
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "_ext"), str(ROOT / "scripts")]

import instructor  # noqa: E402
import instructor_guide  # noqa: E402

CHAPTERS = instructor.chapters()


@pytest.mark.parametrize("language", ["en", "ko"])
@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_the_guide_gives_each_chapter_objectives_prerequisites_time_and_points(path, language):
    plan = instructor_guide.chapter_plan(path, language)
    assert plan["title"].startswith(f"{int(path.stem[:2])}.") and len(plan["objectives"]) >= 3
    assert plan["builds"] and plan["minutes"] >= 1
    assert [e["name"] for e in plan["exercises"]] == list(instructor.POINTS[path.stem])
    text = instructor_guide.plan_markdown(plan, f"chapters/{path.stem}", 42.0, language)
    for exercise in plan["exercises"]:
        assert f"(`{exercise['name']}`): {exercise['total']}" in text
    if language == "ko":
        assert re.search("[가-힣]", plan["builds"]) and "42초" in text
    else:
        assert "42 s" in text


def test_the_guide_is_in_the_book_beside_the_glossary():
    toc = (ROOT / "_toc.yml").read_text()
    assert "- file: glossary\n      - file: instructors\n" in toc
    assert "instructor_guide: _ext/" in (ROOT / "_config.yml").read_text()
    assert "```{instructor-chapters}" in (ROOT / "instructors.md").read_text()


def test_the_guides_checker_example_runs_as_it_says():
    page = (ROOT / "instructors.md").read_text(encoding="utf-8")
    example = re.search(r"```python\n(.*?)```", page, re.DOTALL)[1]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(example, "instructors.md", "exec"), {"__name__": "example"})
    right, summed, hidden = printed.getvalue().splitlines()
    assert right == "✔ Passed: Mean squared error. The mean of the squared errors."
    assert summed.startswith("✘ Not yet") and "sum of the squared errors" in summed
    assert hidden == right


def test_the_directive_renders_the_plan_in_a_sphinx_build(tmp_path):
    """The page's directive through Sphinx and MyST (the book's parsers), on the real chapters,
    in both languages: the generated Markdown parses, its links stay links, and no catalog is
    asked to translate it."""
    from sphinx.application import Sphinx

    source = tmp_path / "src"
    (source / "chapters").mkdir(parents=True)
    for path in CHAPTERS:
        (source / "chapters" / path.name).write_bytes(path.read_bytes())
        (source / "chapters" / f"{path.stem}.md").write_text(f"# {path.stem}\n")  # link targets
    toctree = "\n".join(["```{toctree}", ":hidden:", "intro", *(f"chapters/{p.stem}" for p in CHAPTERS), "```"])
    (source / "index.md").write_text(f"# For instructors\n\n```{{instructor-chapters}}\n```\n\n{toctree}\n")
    (source / "intro.md").write_text("# Intro\n")
    (source / "conf.py").write_text(f"import sys\nsys.path.insert(0, {str(ROOT / '_ext')!r})\n"
                                    "extensions = ['myst_parser', 'instructor_guide']\n"
                                    "exclude_patterns = ['chapters/*.ipynb']\n")
    for language, words in (("en", "1 public and 2 hidden"), ("ko", "공개 테스트 1점과 숨은 테스트 2점")):
        out = tmp_path / language
        app = Sphinx(str(source), str(source), str(out), str(tmp_path / f"doctrees-{language}"), "html",
                     confoverrides={"language": language}, status=None, warning=io.StringIO())
        app.build()
        page = (out / "index.html").read_text(encoding="utf-8")
        assert words in page and 'href="chapters/01_gradient_descent.html"' in page
        assert ("Learning objectives" if language == "en" else "학습 목표") in page
        # (a second Sphinx in one process re-registers Sphinx's own nodes: not the page's doing)
        warnings = [w for w in app._warning.getvalue().splitlines() if "is already registered" not in w]
        assert not warnings, warnings

"""A link at the top of every page to the same page in the book's other edition (issue 21).

The English book is built into _build/html and the Korean one into _build/html/ko, from the
same sources (scripts/editions.py). Each page links to its twin, and declares it to browsers and
search engines as an alternate language version (hreflang).

Exercise titles: sphinx-exercise keeps its titles out of Sphinx's message catalogs, but each is
also its checker's name, which course_lib's own catalog translates (course_lib.i18n). In a
translated edition the titles are taken from there.
"""

from __future__ import annotations

import html
from typing import Any

NAMES = {"en": "Read in English", "ko": "한국어로 읽기"}
SUBFOLDER = {"en": "", "ko": "ko/"}


def twin_link(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if doctree is None or app.builder.format != "html":
        return
    here = app.config.language or "en"
    here = here if here in SUBFOLDER else "en"
    root = "../" * (pagename.count("/") + (1 if SUBFOLDER[here] else 0))  # up to _build/html
    for lang in app.config.course_editions:
        if lang == here:
            continue
        href = f"{root}{SUBFOLDER[lang]}{pagename}.html"
        context["metatags"] = context.get("metatags", "") + f'\n<link rel="alternate" hreflang="{lang}" href="{href}">'
        context["body"] = (f'<p class="course-edition-switch"><a href="{html.escape(href)}" hreflang="{lang}" '
                           f'lang="{lang}">{NAMES[lang]}</a></p>\n') + context.get("body", "")


def translate_exercise_titles(app: Any, doctree: Any) -> None:
    lang = app.config.language or "en"
    if lang == "en":
        return
    from docutils import nodes
    from sphinx_exercise.nodes import exercise_subtitle

    from course_lib.i18n import LANGUAGES, translate

    if lang not in LANGUAGES:
        return
    # the page's exercises, and the copies sphinx-exercise keeps to title their solutions
    registry = getattr(app.env, "sphinx_exercise_registry", {}).values()
    trees = [doctree] + [entry["node"] for entry in registry if entry.get("docname") == app.env.docname]
    for tree in trees:
        for subtitle in tree.findall(exercise_subtitle):
            for text in list(subtitle.findall(nodes.Text)):
                written = str(text).replace("\u2019", "'")  # as written, before Sphinx's smart quotes
                translated = translate(written, lang)
                if translated != written:
                    text.parent.replace(text, nodes.Text(translated))


def setup(app: Any) -> dict[str, Any]:
    app.add_config_value("course_editions", ["en", "ko"], "html")
    app.connect("html-page-context", twin_link)
    app.connect("doctree-read", translate_exercise_titles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

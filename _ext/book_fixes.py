"""Local Sphinx fixes for the book (loaded through `sphinx.local_extensions` in _config.yml).

Solution cells open with Colab's `# @title` comment (it folds them in Colab); the book drops
that line, since the book folds solutions with its own toggle.

sphinx-exercise numbers exercises across the whole book (chapter 9 had Exercises 17 and 18).
The book numbers them per chapter instead, 9.1 and 9.2, by rewriting Sphinx's figure numbers
for exercises once they are assigned; solutions take their exercise's number from the same table.
Sphinx assigns the numbers again on every build and rewrites each page whose numbers differ from
the last build's, so the numbers it assigned are kept aside and put back before it compares:
otherwise every build, even one with nothing changed, rewrote every chapter (issue 40).

sphinx-thebe 0.3 (and sphinx-togglebutton) add their inline scripts twice, once with the
filename None and once with "", so Sphinx's own de-duplication misses them. Pages then declare
`const THEBE_JS_URL` twice, and the second declaration throws a SyntaxError in every browser.
Keeping the first copy of each identical script removes the error; the browser test
(tests/book) fails if it comes back.

Sphinx 7.4 loses the search index's entries (the glossary's terms, which search lists with a
link to their definition) for every page it does not re-read: IndexBuilder.load restores terms
and titles from the previous build but not index entries. After an incremental rebuild the
glossary's terms vanished from search. The glossary is re-read whenever another page is read or
written (a small page), and only then: a build with nothing to do must write nothing.

A folded cell says what it folds (the setup, the checks of the page's claims, a figure's code),
where myst-nb's label says "Show code cell source" on every fold; and its toggle is named by the
words it shows, not by myst-nb's fixed aria-label "Toggle hidden content", which screen readers
announced instead of them (axe-core: label-content-name-mismatch).
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

COLAB_TITLE = "# @title"


def _key(script: Any) -> tuple:
    attributes = getattr(script, "attributes", {}) or {}
    filename = getattr(script, "filename", script) or ""  # inline scripts have None or ""
    return (str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items())))


def drop_duplicate_scripts(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple] = set()
    unique = []
    for script in scripts:
        key = _key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


# The theme's own catalog renders its footer's "By {author}" in Korean as "으로 {author}", a
# particle with nothing to attach to; the Korean edition says 지은이 (author) instead.
THEME_WORDS = {"ko": {"By": "지은이:"}}


def correct_theme_words(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    words = THEME_WORDS.get((app.config.language or "en")[:2])
    translate = context.get("translate")
    if words and translate is not None:
        context["translate"] = lambda message, *args: words.get(message) or translate(message, *args)


class DropColabTitles(SphinxTransform):
    """A solution cell opens with Colab's `# @title ...` form comment, which folds the cell in
    Colab. The book folds solutions with its own toggle, so the comment is only noise there."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        for block in list(self.document.findall(nodes.literal_block)):
            text = block.astext()
            if not text.startswith(COLAB_TITLE):
                continue
            rest = text.split("\n", 1)[1] if "\n" in text else ""
            block.children = [nodes.Text(rest)]
            block.rawsource = rest


def number_exercises_per_chapter(app: Any, env: Any) -> list[str]:
    """Exercise numbers (chapter, k) for every chapter page chapters/NN_name; Sphinx's own
    numbers are kept in ``env.course_exercise_fignumbers`` for the next build's comparison."""
    env.course_exercise_fignumbers = {}
    for docname, numbers in env.toc_fignumbers.items():
        match = re.match(r"chapters/(\d+)_", docname)
        exercises = numbers.get("exercise")
        if match and exercises:
            env.course_exercise_fignumbers[docname] = exercises
            order = sorted(exercises, key=lambda ids: exercises[ids])
            numbers["exercise"] = {ids: (int(match.group(1)), k) for k, ids in enumerate(order, start=1)}
    return []


def restore_sphinx_exercise_numbers(app: Any, env: Any) -> list[str]:
    """Before Sphinx numbers the figures again and compares with the last build: its own numbers,
    so that a page is rewritten only when they changed."""
    for docname, exercises in getattr(env, "course_exercise_fignumbers", {}).items():
        if "exercise" in env.toc_fignumbers.get(docname, {}):
            env.toc_fignumbers[docname]["exercise"] = exercises
    return []


INDEXED_PAGES = ("glossary",)  # the pages whose index entries search lists


def reread_pages_with_index_entries(app: Any, env: Any, docnames: list[str]) -> None:
    """Read the pages of INDEXED_PAGES again when other pages are read, or written anyway (their
    output older than a template): then the search index is written again, from what it keeps
    of the pages not read, which lacks their index entries."""
    outdated = app.builder.get_outdated_docs()
    if docnames or (outdated if isinstance(outdated, str) else any(True for _ in outdated)):
        docnames.extend(name for name in INDEXED_PAGES if name in env.found_docs and name not in docnames)


FOLD_WORDS = {  # (show, hide) for each kind of folded cell, per edition
    "en": {"setup": ("Show the setup", "Hide the setup"), "checks": ("Show the checks", "Hide the checks"),
           "figure": ("Show the figure's code", "Hide the figure's code"), "code": ("Show the code", "Hide the code")},
    "ko": {"setup": ("설정 코드 보기", "설정 코드 숨기기"), "checks": ("검증 코드 보기", "검증 코드 숨기기"),
           "figure": ("그림 코드 보기", "그림 코드 숨기기"), "code": ("코드 보기", "코드 숨기기")},
}
FIGURE_CALL = re.compile(r"(?<![\w.])show\(|explorer_html\(|lr_slider\(")


def fold_kind(source: str, tags: list[str]) -> str:
    """What a folded cell holds, as its label names it."""
    if "setup" in tags:
        return "setup"
    if re.search(r"(?<![\w.])claim\(", source):
        return "checks"
    if FIGURE_CALL.search(source):
        return "figure"
    return "code"


class NameFoldedCells(SphinxPostTransform):
    """Give each folded cell a label that says what it folds (before myst-nb wraps it, 199)."""

    default_priority = 150
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        words = FOLD_WORDS.get(self.config.language or "en", FOLD_WORDS["en"])
        for node in self.document.findall(nodes.container):
            if node.get("nb_element") != "cell_code" or not node.get("hide_mode"):
                continue
            source = "".join(block.astext() for block in node.findall(nodes.literal_block)
                             if block.parent.get("nb_element") == "cell_code_source")
            tags = (node.get("cell_metadata") or {}).get("tags", [])
            node["prompt_show"], node["prompt_hide"] = words[fold_kind(source, tags)]


def visit_folded(self: Any, node: Any) -> None:
    """myst-nb's summary, named by the label it shows."""
    from html import escape

    self.body.append(f'<details class="admonition hide {" ".join(node["classes"])}">\n<summary>\n'
                     f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n'
                     f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n</summary>\n')


def setup(app: Any) -> dict[str, Any]:
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput

    app.add_node(HideCodeCellNode, override=True, html=(visit_folded, depart_HideCellInput))
    app.add_post_transform(NameFoldedCells)
    app.add_transform(DropColabTitles)
    app.connect("env-before-read-docs", reread_pages_with_index_entries, priority=900)
    app.connect("env-get-updated", restore_sphinx_exercise_numbers, priority=100)
    app.connect("env-get-updated", number_exercises_per_chapter, priority=900)
    # Run after the themes and extensions that add their scripts in the same event.
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    app.connect("html-page-context", correct_theme_words, priority=900)  # after the theme sets translate
    return {"parallel_read_safe": True, "parallel_write_safe": True}

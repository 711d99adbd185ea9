"""Local Sphinx fixes for the book (loaded through `sphinx.local_extensions` in _config.yml).

Solution cells open with Colab's `# @title` comment (it folds them in Colab); the book drops
that line, since the book folds solutions with its own toggle.

sphinx-exercise numbers exercises across the whole book (chapter 9 had Exercises 17 and 18).
The book numbers them per chapter instead, 9.1 and 9.2, by rewriting Sphinx's figure numbers
for exercises once they are assigned; solutions take their exercise's number from the same table.

sphinx-thebe 0.3 (and sphinx-togglebutton) add their inline scripts twice, once with the
filename None and once with "", so Sphinx's own de-duplication misses them. Pages then declare
`const THEBE_JS_URL` twice, and the second declaration throws a SyntaxError in every browser.
Keeping the first copy of each identical script removes the error; the browser test
(tests/book) fails if it comes back.

Sphinx 7.4 loses the search index's entries (the glossary's terms, which search lists with a
link to their definition) for every page it does not re-read: IndexBuilder.load restores terms
and titles from the previous build but not index entries. After an incremental rebuild the
glossary's terms vanished from search. The glossary is re-read on every build (a small page).
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

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
    """Exercise numbers (chapter, k) for every chapter page chapters/NN_name."""
    for docname, numbers in env.toc_fignumbers.items():
        match = re.match(r"chapters/(\d+)_", docname)
        exercises = numbers.get("exercise")
        if match and exercises:
            order = sorted(exercises, key=lambda ids: exercises[ids])
            numbers["exercise"] = {ids: (int(match.group(1)), k) for k, ids in enumerate(order, start=1)}
    return []


INDEXED_PAGES = ("glossary",)  # the pages whose index entries search lists


def reread_pages_with_index_entries(app: Any, env: Any, added: set, changed: set, removed: set) -> list[str]:
    return [name for name in INDEXED_PAGES if name in env.found_docs]


def setup(app: Any) -> dict[str, Any]:
    app.add_transform(DropColabTitles)
    app.connect("env-get-outdated", reread_pages_with_index_entries)
    app.connect("env-get-updated", number_exercises_per_chapter, priority=900)
    # Run after the themes and extensions that add their scripts in the same event.
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

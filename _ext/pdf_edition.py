"""The PDF edition (`make pdf`, Sphinx's LaTeX builder): what cannot be printed says where to go.

A quiz, the learning-rate explorer and the exercise checkers' styled boxes are HTML and
JavaScript. In the HTML book they run; in LaTeX, myst-nb falls back to their plain-text form,
"<IPython.core.display.HTML object>". This extension removes those placeholders and puts, once
per cell, a short note with the address of the chapter's page in the web edition. The address
is derived from the repository URL in _config.yml (GitHub Pages: OWNER.github.io/REPO), so a
fork's PDF points to the fork's site.
The HTML footer's version and PDF link are _ext/release_links.py's.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

PLACEHOLDER = re.compile(r"^<IPython\.core\.display\.\w+ object>$")
NOTE = {"en": "Interactive on the web page: ", "ko": "웹 페이지에서 직접 해 볼 수 있습니다: "}
EDITION_FOLDER = {"en": "", "ko": "ko/"}  # where each edition's pages are on the site


def site_url(repository_url: str) -> str:
    """The GitHub Pages address of a repository: https://github.com/OWNER/REPO ->
    https://OWNER.github.io/REPO/ (other hosts: the repository address itself)."""
    match = re.fullmatch(r"https://github\.com/([^/]+)/([^/]+?)(?:\.git)?/?", repository_url.strip())
    if not match:
        return repository_url.rstrip("/") + "/"
    owner, repo = match.groups()
    return f"https://{owner.lower()}.github.io/{repo}/"


class InteractiveNote(SphinxPostTransform):
    default_priority = 900  # after myst-nb has chosen each output's format
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        lang = self.app.config.language if self.app.config.language in NOTE else "en"
        base = site_url(self.app.config.html_theme_options.get("repository_url", "")) + EDITION_FOLDER[lang]
        noted: set[int] = set()
        for block in list(self.document.findall(nodes.literal_block)):
            if not PLACEHOLDER.match(block.astext().strip()):
                continue
            cell = block.parent
            while cell is not None and "cell" not in cell.get("classes", []):
                cell = cell.parent
            holder = block.parent
            key = id(cell if cell is not None else holder)
            if key in noted:
                holder.remove(block)
                continue
            noted.add(key)
            page = f"{base}{_docname(block, self.env.docname)}.html"
            note = nodes.paragraph()
            note += nodes.emphasis(text=NOTE[lang])
            note += nodes.reference(text=page, refuri=page)
            holder.replace(block, note)


def _docname(node: Any, default: str) -> str:
    """The page a node comes from: the LaTeX builder merges every page into one tree, and
    marks each page's sections with the page's name."""
    while node is not None:
        if isinstance(node, nodes.section) and node.get("docname"):
            return node["docname"]
        node = node.parent
    return default


def setup(app: Any) -> dict[str, Any]:
    app.add_post_transform(InteractiveNote)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

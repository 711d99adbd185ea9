"""The book's links to its release (issue 39): one release from page to package.

- The launch buttons (Colab, Binder, download) open the notebooks at the release's tag,
  ``v<version>``, not at a branch: the book is published from that tag, and the notebooks there
  install the course_lib of the same release (scripts/release.py). The version is read from
  course_lib.__version__, the one place it is written, so the tag cannot disagree with it.
- The footer names the version and links the PDF built beside this edition of the book
  (``book.pdf`` at the edition's root, the English one beside index.html and the Korean one in
  ko/), by a path relative to the page, so that it opens offline, from the files.
"""

from __future__ import annotations

import html
from typing import Any

FOOTER = {
    "en": 'Version {version}. Also as a <a href="{pdf}">PDF</a>.',
    "ko": '버전 {version}. <a href="{pdf}">PDF</a>로도 읽을 수 있습니다.',
}
PDF = "book.pdf"


def release_tag(version: str) -> str:
    return f"v{version}"


def launch_at_the_release(app: Any, config: Any) -> None:
    import course_lib

    config.html_theme_options["repository_branch"] = release_tag(course_lib.__version__)
    config.version = config.release = course_lib.__version__


def footer(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if app.builder.format != "html":
        return
    lang = app.config.language if app.config.language in FOOTER else "en"
    pdf = html.escape(context["pathto"](PDF, 1))
    line = FOOTER[lang].format(version=html.escape(app.config.version), pdf=pdf)
    context["theme_extra_footer"] = f"{context.get('theme_extra_footer') or ''}<p>{line}</p>"


def setup(app: Any) -> dict[str, Any]:
    app.connect("config-inited", launch_at_the_release, priority=900)
    app.connect("html-page-context", footer)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

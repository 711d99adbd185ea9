"""Search that works when the book is opened from its files (loaded through
`sphinx.local_extensions`).

Sphinx's search page finds pages in searchindex.js, then fetches each page to show a snippet of
it. A browser refuses fetch() on file:// addresses, so the book opened from _build/html listed bare
titles and logged a "Failed to fetch" error per result. This extension writes the text of every
page's main content, with its section ids (about 330 kB for the whole book), into
_static/search-pages.js, and gives the search page a fetch() that answers requests for the book's
own pages from it. Served over http the same copy is used; anything else goes to the real fetch.
The text is the article's prose only (no code, printed output, fold labels, header buttons or the
page's table of contents), so a snippet reads as the page does. The same script tidies the
results: a page found twice (the glossary, once for a term and once as a page) is listed once,
and a page's link goes to the first section whose own text holds a word of the query.
A page's text is taken again only when its HTML was written since the file, and the file is
written only when its text changed: a rebuild that writes no page rewrites nothing here either
(it took half of such a rebuild's time, issue 40).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

PAGES_JS = "_static/search-pages.js"
FETCH_JS = "_static/search-offline.js"

FETCH = """// The book's pages for Sphinx's search summaries, without fetch() (refused on file://).
(() => {
  const pages = window.COURSE_SEARCH_PAGES || {};
  const realFetch = window.fetch ? window.fetch.bind(window) : null;
  window.fetch = (input, init) => {
    const url = new URL(typeof input === "string" ? input : input.url, document.baseURI);
    const root = new URL(document.documentElement.dataset.content_root || "./", document.baseURI);
    const key = url.href.startsWith(root.href) ? url.href.slice(root.href.length).split(/[?#]/)[0] : null;
    if (key !== null && Object.prototype.hasOwnProperty.call(pages, key)) {
      return Promise.resolve(new Response(pages[key], {headers: {"Content-Type": "text/html"}}));
    }
    return realFetch ? realFetch(input, init) : Promise.reject(new TypeError("no fetch"));
  };
  // Each page once, linked to the first section whose own text (not its subsections') holds a
  // word of the query.
  const words = (new URLSearchParams(location.search).get("q") || "").toLowerCase().split(/\s+/)
    .filter(Boolean);
  const sectionOf = (key) => {
    if (!Object.prototype.hasOwnProperty.call(pages, key) || !words.length) return null;
    const doc = new DOMParser().parseFromString(pages[key], "text/html");
    for (const section of doc.querySelectorAll("section[id]")) {
      const own = [...section.childNodes].filter((n) => n.nodeName !== "SECTION")
        .map((n) => n.textContent).join(" ").toLowerCase();
      if (words.some((w) => own.includes(w))) return section.id;
    }
    return null;
  };
  const listed = new Set();
  const tidy = (item) => {
    const link = item.querySelector("a");
    if (!link || item.dataset.courseTidy) return;
    item.dataset.courseTidy = "1";
    const [path, hash] = link.getAttribute("href").split("#");
    if (listed.has(path)) { item.remove(); return; }
    listed.add(path);
    const id = hash ? null : sectionOf(path.split("?")[0]);
    if (id) link.setAttribute("href", `${path}#${id}`);
  };
  const watch = () => {
    const results = document.getElementById("search-results");
    if (!results) return;
    results.querySelectorAll("li").forEach(tidy);
    new MutationObserver(() => results.querySelectorAll("li").forEach(tidy))
      .observe(results, {childList: true, subtree: true});
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
"""


# What a snippet should not show: figures, scripts, code cells, printed outputs, the fold's
# "Show code cell source", buttons, the link to the other edition.
NOT_PROSE = ("img, script, style, svg, .headerlink, .cell_input, .cell_output, mjx-container, summary, "
             "button, nav, .course-edition-switch")


def page_text(html: str) -> str:
    """The article of a built page as text inside its sections (ids kept, for the search's
    section anchors), in an element with role main, where Sphinx's search looks; figures,
    scripts, code, printed outputs, fold labels, buttons and markup dropped."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    main = soup.select_one('[role="main"]')
    if main is None:
        return ""
    article = main.select_one("article") or main
    for tag in article.select(NOT_PROSE):
        tag.decompose()
    for tag in article.select(".math"):  # raw TeX between \( \) or \[ \]: keep the formula, not the fences
        tag.string = re.sub(r"^\\[(\[]|\\[)\]]$", "", tag.get_text().strip()).strip()
    for tag in article.find_all(True):
        if tag.name != "section":
            tag.unwrap()
    return '<main role="main">' + re.sub(r"\s+", " ", article.decode_contents()) + "</main>"


PAGES_PREFIX = "window.COURSE_SEARCH_PAGES = "


def _written_pages(path: Path) -> dict[str, str]:
    """The pages' texts in an existing PAGES_JS (none if it is missing or not ours)."""
    try:
        return json.loads(path.read_text(encoding="utf-8").removeprefix(PAGES_PREFIX).rstrip().removesuffix(";"))
    except (OSError, ValueError):
        return {}


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def write_pages(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    target = out / PAGES_JS
    before, since = _written_pages(target), (target.stat().st_mtime if target.exists() else 0.0)
    pages, read = {}, False
    for docname in sorted(app.env.found_docs):
        path, key = out / f"{docname}.html", f"{docname}.html"
        if not path.exists():
            continue
        if key in before and path.stat().st_mtime < since:
            pages[key] = before[key]
        else:
            pages[key], read = page_text(path.read_text(encoding="utf-8")), True
    if read or pages != before:  # (written when a page was read, so that it is older next time)
        target.write_text(PAGES_PREFIX + json.dumps(pages, ensure_ascii=False) + ";\n", encoding="utf-8")
    _write_if_changed(out / FETCH_JS, FETCH)


def search_page_scripts(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if pagename == "search" and "script_files" in context:
        context["script_files"] = [*context["script_files"], PAGES_JS, FETCH_JS]


def setup(app: Any) -> dict[str, Any]:
    app.connect("html-page-context", search_page_scripts)
    app.connect("build-finished", write_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Local Sphinx fixes for the book (loaded through `sphinx.local_extensions` in _config.yml).

sphinx-thebe 0.3 (and sphinx-togglebutton) add their inline scripts twice, once with the
filename None and once with "", so Sphinx's own de-duplication misses them. Pages then declare
`const THEBE_JS_URL` twice, and the second declaration throws a SyntaxError in every browser.
Keeping the first copy of each identical script removes the error; the browser test
(tests/book) fails if it comes back.
"""

from __future__ import annotations

from typing import Any


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


def setup(app: Any) -> dict[str, Any]:
    # Run after the themes and extensions that add their scripts in the same event.
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

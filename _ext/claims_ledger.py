"""The claims ledger, generated at build time (loaded through `sphinx.local_extensions`).

Every chapter checks its claims in code with ``claim("statement", condition, ...)``. This
extension reads the chapters' code cells and

- gives each rendered code cell that calls ``claim`` an anchor, ``claim-cell-<n>`` (n counts
  those cells in the chapter, in order), and
- provides the ``{claims-ledger}`` directive, which lists every claim, grouped by chapter in
  the table of contents' order, each linked to the cell that checks it.

Nothing in the ledger is written by hand: a new claim in a chapter appears at the next build.
Each entry is the line the claim printed when its chapter ran, with its evidence (a paired
comparison's interval, a rate's interval); a chapter read without outputs falls back to the
statement in the source, its computed parts shown as "…".
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from docutils import nodes

from course_lib.claims import printed_claims
from sphinx.util.docutils import SphinxDirective


def _statement(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "…" for v in node.values)
    return None


def claims_by_cell(path: Path) -> list[list[str]]:
    """For each code cell of a notebook that calls ``claim``, the statements it checks."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = []
    for cell in cells:
        source = "".join(cell.get("source", []))
        if cell.get("cell_type") != "code" or "claim(" not in source:
            continue
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        statements = [s for call in ast.walk(tree)
                      if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "claim"
                      and call.args and (s := _statement(call.args[0]))]
        if statements:
            found.append(statements)
    return found


def _chapters(app: Any) -> list[str]:
    """Chapter docnames in reading order (the order Sphinx found them in the toctree)."""
    ordered = [d for d in app.env.found_docs if d.startswith("chapters/")]
    return sorted(ordered)


# The ledger's own words, per edition: they carry counts computed at build time, so they are
# written here, not translated through a catalog (which would go stale with every new claim).
WORDS = {
    "en": {"heading": "{title} ({count} claims)", "checked": "(checked in claim cell {n})",
           "summary": "{total} claims in {chapters} chapters, each asserted when its chapter runs."},
    "ko": {"heading": "{title} (주장 {count}개)", "checked": "(주장 셀 {n}에서 확인)",
           "summary": "{chapters}개 장에 주장 {total}개가 있으며, 각 주장은 그 장을 실행할 때 확인됩니다."},
}


class ClaimsLedger(SphinxDirective):
    """Insert the list of every claim of every chapter, linked to the cells that check them."""

    def run(self) -> list[nodes.Node]:
        app = self.env.app
        words = WORDS.get(app.config.language or "en", WORDS["en"])
        result: list[nodes.Node] = []
        total = 0
        for docname in _chapters(app):
            path = Path(app.srcdir) / f"{docname}.ipynb"
            if not path.exists():
                continue
            self.env.note_dependency(str(path))
            cells = claims_by_cell(path)
            title = self.env.titles.get(docname)
            heading = title.astext() if title is not None else docname
            section = nodes.section(ids=[f"ledger-{Path(docname).name}"])
            items = nodes.bullet_list()
            printed = getattr(self.env, "course_claim_lines", {}).get(docname, {})
            # each claim as its cell printed it (a claim in a loop prints once a pass); the source's
            # statements, their computed parts as "…", only for a chapter read without outputs
            shown_by_cell = [printed.get(n) or ["✔ " + s for s in statements]
                             for n, statements in enumerate(cells, start=1)]
            count = sum(len(shown) for shown in shown_by_cell)
            total += count
            section += nodes.title(text=words["heading"].format(title=heading, count=count), translatable=False)
            for n, shown in enumerate(shown_by_cell, start=1):
                for line in shown:
                    paragraph = nodes.paragraph()
                    paragraph += nodes.Text(line + " ")
                    link = nodes.reference("", words["checked"].format(n=n),
                                           refuri=f"{docname}.html#claim-cell-{n}", internal=False)
                    paragraph += link
                    items += nodes.list_item("", paragraph)
            section += items
            result.append(section)
        summary = nodes.paragraph(text=words["summary"].format(total=total, chapters=len(result)), translatable=False)
        return [summary, *result]


def anchor_claim_cells(app: Any, doctree: nodes.document) -> None:
    """Give every code cell that calls ``claim`` the id the ledger links to."""
    docname = app.env.docname
    if not docname.startswith("chapters/"):
        return
    if not hasattr(app.env, "course_claim_lines"):
        app.env.course_claim_lines = {}
    printed = app.env.course_claim_lines[docname] = {}
    n = 0
    for cell in doctree.findall(nodes.container):
        if "cell" not in cell.get("classes", []):
            continue
        inputs = [block for box in cell.findall(nodes.container) if "cell_input" in box.get("classes", [])
                  for block in box.findall(nodes.literal_block)]
        text = inputs[0].astext() if inputs else ""
        if "claim(" in text and any(isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and c.func.id == "claim"
                                    for c in ast.walk(_parse(text))):
            n += 1
            cell["ids"].append(f"claim-cell-{n}")
            outputs = [block.astext() for box in cell.findall(nodes.container)
                       if "cell_output" in box.get("classes", []) for block in box.findall(nodes.literal_block)]
            printed[n] = printed_claims("\n".join(outputs))


def purge_claim_lines(app: Any, env: Any, docname: str) -> None:
    getattr(env, "course_claim_lines", {}).pop(docname, None)


def merge_claim_lines(app: Any, env: Any, docnames: Any, other: Any) -> None:
    env.course_claim_lines = getattr(env, "course_claim_lines", {})
    env.course_claim_lines.update({d: v for d, v in getattr(other, "course_claim_lines", {}).items() if d in docnames})


def _parse(text: str) -> ast.AST:
    try:
        return ast.parse(text)
    except SyntaxError:
        return ast.Module(body=[], type_ignores=[])


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("claims-ledger", ClaimsLedger)
    app.connect("doctree-read", anchor_claim_cells)
    app.connect("env-purge-doc", purge_claim_lines)
    app.connect("env-merge-info", merge_claim_lines)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

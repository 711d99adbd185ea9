"""Link the first use of every glossary term in each chapter to the glossary (loaded through
`sphinx.local_extensions`).

The terms are read from glossary.md, the English–Korean glossary. In each chapter, the first
occurrence of each term in running text (paragraphs and list items; not headings, code, math,
links or cell outputs), matched case-insensitively and also in the plural, becomes a
cross-reference to the term, resolved by Sphinx like a {term} role: an unknown term would fail
the build. Nothing is marked up by hand, so new chapters get their links for free.

In the Korean edition the first use of each term's Korean word (the Hangul that opens its
definition in glossary.md, as in 학습률 for learning rate) is linked instead, alone or with a
particle attached (학습률은, 학습률을), not as the start of a longer word.

Every run of Hangul on every English page is also wrapped in ``<span lang="ko">``, so that screen
readers read the Korean words in Korean (WCAG 3.1.2, language of parts) and browsers pick a
Korean font.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes


def glossary_terms(path: Path) -> list[str]:
    """The terms of the {glossary} block of ``path``: its unindented, non-empty lines."""
    text = path.read_text(encoding="utf-8")
    block = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip() and not line.startswith((" ", "\t"))]


def glossary_korean(path: Path) -> dict[str, str]:
    """English term -> the Korean word that opens its definition (활성화 함수 for Activation
    function)."""
    text = path.read_text(encoding="utf-8")
    block = text.split("```{glossary}", 1)[1].split("```", 1)[0]
    pairs = re.findall(r"^(\S[^\n]*)\n  ([\uac00-\ud7a3][\uac00-\ud7a3 ]*?) \(", block, re.M)
    return {english: korean for english, korean in pairs}


# What may follow a Korean term: no more Hangul, or a particle that ends the word. Not a longer
# word that starts with it (반복값, an iterate, is not 반복, an iteration).
PARTICLE = (r"(?:[^\uac00-\ud7a3]|$|(?:은|는|이|가|을|를|의|에|와|과|로|으로|도|만|에서|마다|까지|보다|처럼"
            r"|입니다|이다|이고|이며|이나|이라)(?![\uac00-\ud7a3]))")


SKIP = (nodes.title, nodes.literal, nodes.literal_block, nodes.math, nodes.math_block, nodes.reference,
        addnodes.pending_xref, nodes.raw, nodes.caption)


def _in_running_text(node: nodes.Node) -> bool:
    parent = node.parent
    inside_paragraph = False
    while parent is not None:
        if isinstance(parent, SKIP):
            return False
        if isinstance(parent, nodes.container) and "cell_output" in parent.get("classes", []):
            return False
        if isinstance(parent, nodes.paragraph):
            inside_paragraph = True
        parent = parent.parent
    return inside_paragraph


def link_first_uses(app: Any, doctree: nodes.document) -> None:
    if not app.env.docname.startswith("chapters/"):
        return
    path = Path(app.srcdir) / "glossary.md"
    app.env.note_dependency(str(path))
    if (app.config.language or "en") == "ko":
        # a Korean word may carry a particle (학습률은), but must not be the tail of another word
        words = {term: rf"(?<![\uac00-\ud7a3])({re.escape(korean)})()(?={PARTICLE})" for term, korean in glossary_korean(path).items()}
    else:
        words = {term: rf"\b({re.escape(term)})(s?)\b" for term in glossary_terms(path)}
    # longest first, so that "batch normalization" is linked before "normalization" can take its words
    for term in sorted(words, key=lambda t: len(words[t]), reverse=True):
        pattern = re.compile(words[term], re.IGNORECASE)
        for text in list(doctree.findall(nodes.Text)):
            if not _in_running_text(text):
                continue
            match = pattern.search(text.astext())
            if not match:
                continue
            value = text.astext()
            xref = addnodes.pending_xref("", refdomain="std", reftype="term", reftarget=term.lower(),
                                         refexplicit=True, refwarn=True)
            xref += nodes.Text(match.group(0))
            parent = text.parent
            index = parent.index(text)
            parent.replace(text, nodes.Text(value[:match.start()]))
            parent.insert(index + 1, xref)
            parent.insert(index + 2, nodes.Text(value[match.end():]))
            break  # first use only


_HANGUL_CHAR = "\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3"
HANGUL = re.compile(rf"[{_HANGUL_CHAR}]+(?:[ \u00a0]+[{_HANGUL_CHAR}]+)*")
_CODE_BLOCKS = re.compile(r"(<script\b.*?</script>|<style\b.*?</style>)", re.DOTALL | re.IGNORECASE)


def mark_korean(html: str) -> str:
    """``html`` with every run of Hangul in its text (not in tags, scripts or styles) in a
    ``<span lang="ko">``."""
    if not HANGUL.search(html):
        return html
    parts = _CODE_BLOCKS.split(html)
    for i in range(0, len(parts), 2):  # the odd parts are scripts and styles
        parts[i] = re.sub(r">([^<]+)<", lambda m: ">" + HANGUL.sub(r'<span lang="ko">\g<0></span>', m.group(1)) + "<",
                          parts[i])
    return "".join(parts)


def mark_korean_on_page(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if context.get("body") and (app.config.language or "en") != "ko":  # a Korean page is lang="ko" whole
        context["body"] = mark_korean(context["body"])


def setup(app: Any) -> dict[str, Any]:
    app.connect("doctree-read", link_first_uses)
    app.connect("html-page-context", mark_korean_on_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

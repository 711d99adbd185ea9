"""The PDF edition (`make pdf`, run by `make pdf-test` inside `make test`): the whole book is in it.

Read with poppler's pdfinfo, pdftotext and pdfimages, and from LaTeX's own log. The figures are
counted against the executed chapters that the HTML book was built from: every PNG a chapter
shows must be embedded.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
LATEX = ROOT / "_build" / "latex"
PDF = LATEX / "book.pdf"
# Each edition's LaTeX output (scripts/editions.py pdf builds the Korean one)
EDITION_LATEX = {"en": LATEX, "ko": ROOT / "_build" / "ko-pdf" / "_build" / "latex"}
sys.path.insert(0, str(ROOT / "_ext"))
from pdf_edition import site_url  # noqa: E402  (the address the PDF's notes are built from)

SITE = site_url(yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"])
CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))

pytestmark = pytest.mark.skipif(not PDF.exists(), reason="no PDF: run make pdf")


def poppler(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def title(notebook: Path) -> str:
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for line in "".join(cell["source"]).splitlines():
            if cell["cell_type"] == "markdown" and line.startswith("# "):
                return line[2:].strip().replace("\\.", ".")  # a Korean heading escapes its number
    raise AssertionError(f"{notebook.name} has no title")


def test_the_pdf_has_a_page_count_of_a_book():
    pages = int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", str(PDF))).group(1))
    assert 100 <= pages <= 400, pages


def test_every_chapter_title_and_the_back_matter_are_in_the_text():
    text = re.sub(r"\s+", " ", poppler("pdftotext", str(PDF), "-"))
    for heading in [title(path) for path in CHAPTERS] + ["Glossary", "Claims ledger"]:
        assert heading in text, f"{heading!r} is not in the PDF"
    assert "검증 세트" in text  # the glossary's Korean, set in a font that has it


def test_every_figure_of_every_chapter_is_embedded():
    pages = sorted((ROOT / "_build" / "html" / "chapters").glob("[0-9][0-9]_*.html"))
    if len(pages) != len(CHAPTERS):
        pytest.skip("no HTML book to count the figures in: run make book")
    shown = sum(len(re.findall(r'<img [^>]*src="data:image/png', page.read_text(encoding="utf-8")))
                for page in pages)
    assert shown >= len(CHAPTERS)  # a figure in every chapter
    embedded = len(poppler("pdfimages", "-list", str(PDF)).splitlines()[2:])
    assert embedded >= shown, f"{shown} figures in the HTML chapters, {embedded} images in the PDF"


def test_interactive_parts_point_to_the_web_page_instead_of_printing_placeholders():
    assert "IPython.core.display" not in poppler("pdftotext", str(PDF), "-")
    notes = re.findall(r"Interactive on the web page: }\\sphinxurl\{([^}]*)\}", (LATEX / "book.tex").read_text(encoding="utf-8"))
    pages = {note.replace("\\_", "_") for note in notes}
    assert pages >= {f"{SITE}chapters/{path.stem}.html" for path in CHAPTERS}  # each chapter's quiz


@pytest.mark.parametrize("lang", EDITION_LATEX)
def test_latex_reports_no_error_undefined_reference_or_missing_glyph(lang):
    log = (EDITION_LATEX[lang] / "book.log").read_text(encoding="utf-8", errors="replace")
    assert not re.search(r"(?m)^! ", log), "LaTeX errors in book.log"
    assert not re.search(r"(Reference|Citation) `[^']*' on page \d+ undefined|There were undefined references", log)
    missing = sorted(set(re.findall(r"Missing character: There is no (\S+)", log)))
    assert not missing, f"characters no font had: {missing}"


def test_the_korean_pdf_is_the_korean_edition_and_its_notes_point_to_korean_pages():
    latex = EDITION_LATEX["ko"]
    text = re.sub(r"\s+", " ", poppler("pdftotext", str(latex / "book.pdf"), "-"))
    for path in sorted((ROOT / "ko" / "chapters").glob("[0-9][0-9]_*.ipynb")):
        assert title(path) in text, f"{title(path)!r} is not in the Korean PDF"
    notes = re.findall(r"\\sphinxurl\{([^}]*)\}", (latex / "book.tex").read_text(encoding="utf-8"))
    assert {f"{SITE}ko/chapters/{path.stem}.html" for path in CHAPTERS} <= {n.replace("\\_", "_") for n in notes}


@pytest.mark.parametrize("page", ["intro.html", "chapters/07_initialization.html", "ko/intro.html",
                                  "ko/chapters/07_initialization.html"])
def test_every_pages_footer_links_the_pdf_of_its_own_edition_beside_the_book(page):
    """Offline too: a relative link to book.pdf at the edition's root, which make pdf fills."""
    html = ROOT / "_build" / "html" / page
    if not html.exists():
        pytest.skip("no HTML book: run make book")
    links = re.findall(r'<div class="extra_footer">.*?href="([^"]+\.pdf)"', html.read_text(encoding="utf-8"), re.S)
    assert len(links) == 1, links
    target = (html.parent / links[0]).resolve()
    edition = ROOT / "_build" / "html" / ("ko" if page.startswith("ko/") else "")
    assert target == (edition / "book.pdf").resolve() and target.exists(), target

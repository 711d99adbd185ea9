"""The Korean edition's catalogs (locales/ko/LC_MESSAGES, one per page; scripts/editions.py),
and course_lib's own (course_lib/locales/ko/LC_MESSAGES/course_lib.po: claims, alt text,
quizzes, the experiments' questions).

A translation is complete, current and faithful: no fuzzy message, every message of a page
translated once any is, the catalogs holding exactly the messages of today's English sources,
the same markup (roles, math, code) or f-string pieces in every translation as in its source,
and the glossary's Korean terms used wherever a page speaks of them.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales" / "ko" / "LC_MESSAGES"
CATALOGS = sorted(LOCALES.rglob("*.po"))
LIBRARY = ROOT / "course_lib" / "locales" / "ko" / "LC_MESSAGES" / "course_lib.po"


def page(po: Path) -> str:
    return "course_lib" if po == LIBRARY else po.relative_to(LOCALES).with_suffix("").as_posix()


def messages(po: Path) -> list:
    with po.open(encoding="utf-8") as f:
        return [m for m in read_po(f) if m.id]


def translated(po: Path) -> bool:
    return any(m.string for m in messages(po))


def test_every_page_has_a_catalog():
    sys.path.insert(0, str(ROOT))
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    assert sorted(pages) == sorted(page(po) for po in CATALOGS)


@pytest.mark.parametrize("po", CATALOGS, ids=page)
def test_no_message_is_fuzzy(po):
    fuzzy = [m.id[:60] for m in messages(po) if "fuzzy" in m.flags]
    assert not fuzzy, f"{page(po)}: its English changed; translate these again and drop the fuzzy flag: {fuzzy}"


@pytest.mark.parametrize("po", CATALOGS, ids=page)
def test_a_page_is_translated_whole_or_not_at_all(po):
    missing = [m.id[:60] for m in messages(po) if not m.string]
    assert not translated(po) or not missing, f"{page(po)}: untranslated messages: {missing}"


def test_every_page_is_translated():
    assert all(translated(po) for po in CATALOGS), [page(po) for po in CATALOGS if not translated(po)]


def test_the_catalogs_hold_exactly_the_messages_of_the_english_pages(tmp_path):
    """A page whose English changed after `make locales` fails here: run it, then translate
    what it marks fuzzy or adds."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from editions import templates

    pots = templates(tmp_path)
    for po in CATALOGS:
        with (pots / f"{page(po)}.pot").open(encoding="utf-8") as f:
            current = {m.id for m in read_po(f) if m.id}
        assert {m.id for m in messages(po)} == current, f"{page(po)} is stale: run make locales"


# What a translation must carry over unchanged: roles with their targets, math, inline code, links.
MARKUP = re.compile(r"\{[\w:-]+\}`[^`]*`|\$\$?[^$]+\$\$?|``?[^`]+``?|\]\([^)]*\)|\[\^?\w+\]")


def markup(text: str) -> Counter:
    """The markup of a message; a role's link text is prose and may be translated, its explicit
    target may not ({doc}`Chapter 6 <chapters/06_activations>` is {doc}`6장 <chapters/06_activations>`)."""
    return Counter(re.sub(r"^(\{[\w:-]+\}`)[^`<]*(<[^`>]+>`)$", r"\1\2", found) for found in MARKUP.findall(text))


@pytest.mark.parametrize("po", [po for po in CATALOGS if translated(po)], ids=page)
def test_translations_keep_the_markup_of_their_source(po):
    for m in messages(po):
        assert markup(m.string) == markup(m.id), (
            f"{page(po)}: markup differs\n  {m.id}\n  {m.string}")


@pytest.mark.parametrize("po", [po for po in CATALOGS if translated(po)], ids=page)
def test_no_translation_opens_like_a_list(po):
    """Sphinx parses each translation as markup: a heading's "1. 기울기..." would become a
    numbered list, and Sphinx then silently keeps the English. Escape the dot: "1\\. ..."."""
    listy = re.compile(r"^(\d+\.|[-*+]) ")
    bad = [m.string[:40] for m in messages(po) if listy.match(m.string)]
    assert not bad, f"{page(po)}: {bad}"


def glossary() -> dict[str, str]:
    """English term -> the Korean term the glossary gives (the Hangul opening its definition),
    as the book's glossary links read it."""
    sys.path.insert(0, str(ROOT / "_ext"))
    from glossary_links import glossary_korean

    return glossary_korean(ROOT / "glossary.md")


def test_the_glossary_gives_a_korean_term_for_each_entry():
    terms = glossary()
    assert len(terms) >= 30 and terms["Normalization"] == "정규화" and terms["Regularization"] == "규제"


def test_course_libs_catalog_is_complete_and_holds_exactly_the_texts_of_todays_sources():
    """A claim, alt text or quiz text changed after `make locales` fails here: run it, then
    translate what it marks fuzzy or adds."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from editions import library_messages

    ids = {m.id for m in messages(LIBRARY)}
    current = set(library_messages())
    assert ids == current, f"course_lib.po is stale (run make locales): new {sorted(current - ids)[:3]}, gone {sorted(ids - current)[:3]}"
    untranslated = [m.id[:60] for m in messages(LIBRARY) if not m.string or "fuzzy" in m.flags]
    assert not untranslated, f"course_lib.po: translate these (and drop their fuzzy flag): {untranslated[:5]}"


def test_course_libs_translations_keep_every_piece_of_their_template():
    """``after {0} steps`` must keep {0}: the number it stands for would be lost."""
    piece = re.compile(r"\{\d+\}")
    for m in messages(LIBRARY):
        assert Counter(piece.findall(m.string)) == Counter(piece.findall(m.id)), f"pieces differ:\n  {m.id}\n  {m.string}"


def test_every_template_wins_for_the_texts_it_makes(monkeypatch):
    """A text made by an f-string is translated by its own template, not by a shorter one that
    happens to match it too (``y₀ = {0}`` matches anything that starts with "y₀ = ")."""
    from course_lib import i18n

    monkeypatch.setenv(i18n.ENV, "ko")
    piece = re.compile(r"\{(\d+)\}")
    for m in messages(LIBRARY):
        if piece.search(m.id):
            sample = piece.sub(lambda p: f"<{p.group(1)}>", m.id).replace("{{", "{").replace("}}", "}")
            expected = piece.sub(lambda p: f"<{p.group(1)}>", m.string).replace("{{", "{").replace("}}", "}")
            assert i18n.translate(sample) == expected, f"another template took:\n  {m.id}"


def test_course_libs_korean_is_what_course_lib_prints(monkeypatch):
    from course_lib import i18n

    monkeypatch.setenv(i18n.ENV, "ko")
    for m in messages(LIBRARY)[:50]:
        if "{0}" not in m.id:
            assert i18n.translate(m.id) == m.string


@pytest.mark.parametrize("po", [po for po in CATALOGS if translated(po)] + [LIBRARY], ids=page)
def test_korean_pages_use_the_glossary_terms(po):
    terms = glossary()
    for m in messages(po):
        if m.string == m.id:  # kept as it is: a formula, or a reference's English title
            continue
        # a title quoted in English (a paper's or a book's) is not the page speaking
        source = m.id
        for kept in re.findall(r'\*[^*]+\*|"[^"]+"', m.id):
            if kept in m.string:
                source = source.replace(kept, "")
        source = MARKUP.sub("", source).lower()  # a formula's or code's words are not prose
        for english, korean in terms.items():
            # kept in English where it names code (a quiz's "momentum 0.1" of BatchNorm1d)
            if re.search(rf"\b{re.escape(english.lower())}", source) and english.lower() not in m.string.lower():
                assert korean in m.string, f"{page(po)}: '{english}' is '{korean}' (glossary)\n  {m.id}\n  {m.string}"
        # the trap: regularization is 규제; 정규화 only where the source speaks of normalization
        normalization = re.search(r"normaliz|\bnorm\b|min-max", source)  # batch norm, min-max (normalization)
        if "정규화" in m.string and not normalization and "정규화" not in m.id:
            pytest.fail(f"{page(po)}: 정규화 (normalization) where the source does not say normalization:\n  {m.id}")


NOTEBOOKS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
DISPLAY_MATH = re.compile(r"\$\$(.*?)\$\$", re.S)  # a formula's message: kept as it is, not translated


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_korean_notebook_colab_opens_is_current_and_translates_every_paragraph(path):
    """ko/chapters/<name>.ipynb is what the Korean page's Colab and Binder buttons open: it must
    be today's chapter with today's translations (`make locales` writes it), and every
    translated message of the page must have found its paragraph, heading, item or title."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from editions import page_catalog, translated_notebook

    text, used = translated_notebook("ko", path)
    committed = ROOT / "ko" / "chapters" / path.name
    assert committed.exists() and committed.read_text(encoding="utf-8") == text, f"{committed.name} is stale: run make locales"
    catalog = page_catalog("ko", path.relative_to(ROOT).with_suffix("").as_posix())
    import nbformat

    markdown = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    formulas = {" ".join(m.split()) for m in DISPLAY_MATH.findall(markdown)}
    unused = [k for k in catalog if k not in used and k not in formulas]
    assert not unused, f"messages of {path.stem} that no cell of its Korean notebook took: {unused[:3]}"

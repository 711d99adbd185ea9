"""The language of what course_lib prints and displays (the Korean edition, issue 21).

Claims, figure alt text, quizzes, the experiments' questions and checker feedback are written in
English, in the chapters and in this package. With the environment variable ``COURSE_LANG=ko``
(the Korean book sets it for its kernels, the Korean notebooks in their setup cell),
:func:`translate` gives them in Korean from the catalog ``locales/ko/LC_MESSAGES/course_lib.po``
in this package. Numbers and code stay as they are; text the catalog lacks stays English.

A text is looked up as written, or, when an f-string made it, against that f-string's template:
the catalog writes ``f"after {steps} steps"`` as ``after {0} steps``, and the translation puts
the same numbered pieces where Korean needs them. So a chapter writes its claims as before, and
the catalog is extracted from the sources (``make locales``). A piece that is itself a message
("solved", "not solved") is translated too. The setting is read at every call, so a notebook
may also set ``os.environ["COURSE_LANG"]`` after the import.

The catalog is read as a ``.po`` file, with no compiled ``.mo`` to keep in step: Python's
``gettext`` can look a text up but cannot list the templates that the matching needs.
"""

from __future__ import annotations

import ast
import os
import re
from functools import lru_cache
from pathlib import Path

ENV = "COURSE_LANG"
LANGUAGES = ("en", "ko")
LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "course_lib"
_PIECE = re.compile(r"\{(\d+)\}")


def language() -> str:
    """The language of course_lib's text: ``COURSE_LANG`` if it names one of :data:`LANGUAGES`
    (``ko`` also as ``ko_KR`` or ``ko-KR.UTF-8``), else English."""
    code = os.environ.get(ENV, "en").strip().lower().replace("-", "_").split("_")[0].split(".")[0]
    return code if code in LANGUAGES else "en"


def read_po(path: Path) -> dict[str, str]:
    """The translated messages of a ``.po`` file (entries separated by blank lines, as
    ``make locales`` writes them), msgid to msgstr. Fuzzy or empty ones are left out, so that
    their English is shown."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file path (str or Path); got {type(path).__name__}.")
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"path {str(path)!r} names no file; a catalog is a .po file under {LOCALES}.")
    messages: dict[str, str] = {}
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        fields: dict[str, str] = {}
        field = None
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#,") and "fuzzy" in line:
                fields["fuzzy"] = "yes"
            elif line.startswith(("msgctxt ", "msgid ", "msgstr ")):
                field, _, line = line.partition(" ")
                fields[field] = ast.literal_eval(line)
            elif line.startswith('"') and field:
                fields[field] += ast.literal_eval(line)
        if fields.get("msgid") and fields.get("msgstr") and "fuzzy" not in fields:
            messages[fields["msgid"]] = fields["msgstr"]
    return messages


def _template(msgid: str, msgstr: str) -> tuple[re.Pattern[str], str]:
    """A pattern matching any text the f-string template ``msgid`` can make (a piece may be
    empty: ``f"{tip}"`` with no tip)."""
    literal = [re.escape(part.replace("{{", "{").replace("}}", "}")) for part in _PIECE.split(msgid)[::2]]
    names = _PIECE.findall(msgid)
    pattern = literal[0] + "".join(f"(?P<p{n}>.*?)" + lit for n, lit in zip(names, literal[1:]))
    return re.compile(pattern + r"\Z", re.DOTALL), msgstr


def catalog(lang: str) -> tuple[dict[str, str], tuple[tuple[re.Pattern[str], str], ...]]:
    """The exact messages of ``lang`` (one of :data:`LANGUAGES`) and its f-string templates,
    most specific first (none for English)."""
    if not isinstance(lang, str) or lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}; got {lang!r}.")
    return _catalog(lang)


@lru_cache(maxsize=None)
def _catalog(lang: str) -> tuple[dict[str, str], tuple[tuple[re.Pattern[str], str], ...]]:
    path = LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if lang == "en" or not path.exists():
        return {}, ()
    messages = read_po(path)
    # the most specific first: the one with the most literal text
    templates = tuple(_template(k, v) for k, v in sorted(messages.items(), key=lambda kv: -len(_PIECE.sub("", kv[0])))
                      if _PIECE.search(k))
    exact = {k: v for k, v in messages.items() if not _PIECE.search(k)}
    return exact, templates


def translate(text: str, lang: str | None = None) -> str:
    """``text`` in ``lang`` (by default :func:`language`), or as it is where the catalog has no
    translation of it (every chapter's claims, alt text, quizzes and checkers)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be text (a str); got {type(text).__name__}.")
    exact, templates = catalog(language() if lang is None else lang)
    if not exact and not templates:
        return text
    if text in exact:
        return exact[text]
    for pattern, msgstr in templates:
        found = pattern.match(text)
        if found:
            # each piece is shorter than the text: the recursion ends
            pieces = {name[1:]: translate(value, lang) for name, value in found.groupdict().items()}
            parts = re.split(r"(\{\{|\}\}|\{\d+\})", msgstr)
            return "".join(pieces[p[1:-1]] if _PIECE.fullmatch(p) else {"{{": "{", "}}": "}"}.get(p, p)
                           for p in parts)
    return text


_ = translate

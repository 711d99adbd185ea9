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

The evidence speaks the same language (issue 36): in Korean, :func:`translate_figure` (called by
``course_lib.plotting.show``) translates every text a figure's code wrote and its named ticks,
set in a font with Hangul; the explorers translate their axes and series; and ``import
course_lib`` installs a ``print`` that passes each printed text through :func:`translate_lines`
(whole, wrapped, line by line, column by column keeping each column's display width). A particle
written in both forms after a piece ("{0}을(를)") takes the form the translated piece needs.
Nothing of this runs in English, and the catalog is never read there.

The catalog is read as a ``.po`` file, with no compiled ``.mo`` to keep in step: Python's
``gettext`` can look a text up but cannot list the templates that the matching needs.
"""

from __future__ import annotations

import ast
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

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
            pieces = {name[1:]: _padded(value, lang) for name, value in found.groupdict().items()}
            if pattern.pattern == _AND_PATTERN and any(pieces[n[1:]] == v and _ENGLISH_WORD.search(v)
                                                       for n, v in found.groupdict().items()):
                continue  # " and " joins two names only where both are names the catalog holds
            parts = re.split(r"(\{\{|\}\}|\{\d+\})", msgstr)
            return _with_particles(parts, pieces)
    if text.strip() != text and text.strip():  # a padded column: f"{name:12s}"
        return _padded(text, lang)
    return text


def _padded(piece: str, lang: str | None) -> str:
    """A piece of a template translated; a piece padded to a column (``f"{name:12s}"``) is
    looked up without its padding and padded again to the same display width."""
    if "\n" in piece:  # several lines: each keeps its own padding (each shorter: no endless recursion)
        return "\n".join(translate(line, lang) for line in piece.split("\n"))
    body = piece.strip()
    if not body:
        return piece
    new = _listed(body, lang)
    if body == piece:
        return new
    new = translate(body, lang) if new == body else new
    if new == body:
        return piece
    from .claims import display_width

    start = piece.index(body)
    left, right = piece[:start], piece[start + len(body):]
    extra = display_width(new) - len(body) if body.isascii() else display_width(new) - display_width(body)
    if right:
        right = " " * max(1, len(right) - extra)
    elif left:
        left = " " * max(0, len(left) - extra)
    return left + new + right


def _listed(text: str, lang: str | None) -> str:
    """``text`` translated line by line where it has several lines, whole, or, for a list
    joined by ", " whose every item the catalog translates ("batch 32: 97 KiB, batch 64: 194
    KiB"), item by item."""
    exact = catalog(language() if lang is None else lang)[0]
    if "\n" in text and text not in exact:  # lines made one by one ("\n".join(f"..." for ...))
        lines = text.split("\n")
        translated = [translate(line, lang) for line in lines]
        if translated != lines:
            return "\n".join(translated)
    whole = translate(text, lang)
    if text in exact or ", " not in text:
        return whole
    items = text.split(", ")
    translated = [translate(item, lang) for item in items]
    # a list of names: every item translated, or a single word kept as it is (L2, mixup, Adam)
    if translated != items and all(new != old or " " not in old for new, old in zip(translated, items)):
        return _best(whole, ", ".join(translated))
    return whole


def _english(text: str) -> int:
    """How many English words ``text`` still shows (outside math)."""
    return len(_ENGLISH_WORD.findall(_MATH.sub("", text)))


def _best(*readings: str) -> str:
    """Of several translations of one text, the one that leaves the fewest English words (the
    first on a tie)."""
    return min(readings, key=_english)


# A Korean particle whose form depends on the sound before it, written in both forms after a
# piece the translation cannot know ("{0}을(를)"): the form the piece takes, once it is known.
# (with a final consonant, without one); 으로 is also 로 after ㄹ.
PARTICLES = {"을(를)": ("을", "를"), "를(을)": ("을", "를"), "이(가)": ("이", "가"), "가(이)": ("이", "가"),
             "은(는)": ("은", "는"), "는(은)": ("은", "는"), "과(와)": ("과", "와"), "와(과)": ("과", "와"),
             "으로(로)": ("으로", "로"), "(으)로": ("으로", "로"), "로(으로)": ("으로", "로"),
             "이나(나)": ("이나", "나"), "(이)나": ("이나", "나"), "아(야)": ("아", "야")}
_PAIRED = re.compile("|".join(re.escape(k) for k in sorted(PARTICLES, key=len, reverse=True)))
# How a digit is read in Sino-Korean (영 일 이 삼 사 오 육 칠 팔 구): its final consonant, 0 for
# none, 8 for ㄹ (the index of a Hangul syllable's final in Unicode's order).
_DIGIT_FINAL = {"0": 21, "1": 8, "2": 0, "3": 16, "4": 0, "5": 0, "6": 1, "7": 8, "8": 8, "9": 0}


def _final_consonant(word: str) -> int | None:
    """The final consonant of ``word``'s last syllable as Unicode numbers it (0: none, 8: ㄹ),
    for a word that ends in Hangul or a digit; None for any other (Latin, a symbol), whose
    sound a particle cannot know."""
    if not isinstance(word, str):
        raise TypeError(f"word must be text (a str); got {type(word).__name__}.")
    last = word.rstrip()[-1:]
    if not last:
        return None
    if "\uac00" <= last <= "\ud7a3":
        return (ord(last) - 0xAC00) % 28
    return _DIGIT_FINAL.get(last)


def particle(word: str, paired: str) -> str:
    """The form of the particle ``paired`` (``"을(를)"``, ``"이(가)"``, ``"은(는)"``, ``"와(과)"``,
    ``"으로(로)"`` ...) that follows ``word``: 을 after a final consonant, 를 after none; 로
    after none or ㄹ. After a word that does not end in Hangul or a digit, ``paired`` itself."""
    if not isinstance(word, str):
        raise TypeError(f"word must be text (a str); got {type(word).__name__}.")
    if not isinstance(paired, str) or paired not in PARTICLES:
        raise ValueError(f"paired must be one of {', '.join(PARTICLES)}; got {paired!r}.")
    final = _final_consonant(word)
    if final is None:
        return paired
    with_final, without = PARTICLES[paired]
    if with_final == "으로":
        return without if final in (0, 8) else with_final
    return with_final if final else without


def _with_particles(parts: list[str], pieces: dict[str, str]) -> str:
    out: list[str] = []
    after_piece = None
    for p in parts:
        if _PIECE.fullmatch(p):
            after_piece = pieces[p[1:-1]]
            out.append(after_piece)
            continue
        p = {"{{": "{", "}}": "}"}.get(p, p)
        if after_piece is not None and p:
            paired = _PAIRED.match(p)
            if paired:
                p = particle(after_piece, paired.group()) + p[paired.end():]
        after_piece = None if p else after_piece
        out.append(p)
    return "".join(out)


_ = translate


def N_(text: str) -> str:
    """``text`` as it is: marks a text course_lib shows later, through :func:`translate` (a
    cause's name, a column's heading), for the catalog (``make locales`` collects it)."""
    if not isinstance(text, str):
        raise TypeError(f"text must be text (a str); got {type(text).__name__}.")
    return text


# Two names a chapter joins with " and " (" and ".join(causes)): each translated, and joined as
# the language joins them (Korean: with 와/과, by the first name's last sound).
_AND = N_("{0} and {1}")
_AND_PATTERN = _template(_AND, "")[0].pattern


# What a printed line or a figure's text is made of: Hangul (already in Korean) and Latin words.
_HANGUL = re.compile("[\uac00-\ud7a3]")
_LATIN = re.compile("[A-Za-z]")
_COLUMNS = re.compile(r"( {2,})")
_MATH = re.compile(r"\$[^$]*\$")
_ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


def translate_lines(text: str, lang: str | None = None) -> str:
    """A printed text or a figure's label in ``lang``: whole, else line by line, else (a row of a
    table) column by column, where two or more spaces part the columns; a column's text is
    looked up without its padding and padded again to the same display width (a Hangul
    character takes two columns), so that the table keeps its alignment. A line without an English
    word (numbers, math, a claim in Korean) stays as it is."""
    if not isinstance(text, str):
        raise TypeError(f"text must be text (a str); got {type(text).__name__}.")
    if lang is not None and (not isinstance(lang, str) or lang not in LANGUAGES):
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}; got {lang!r}.")
    if (language() if lang is None else lang) == "en" or not _LATIN.search(_MATH.sub("", text)):
        return text  # English, or nothing but numbers and math (a log axis's $10^{-2}$)
    if "\n" not in text:
        return _line(text, lang)
    lines = text.split("\n")
    readings = [translate(text, lang)]
    if all(line.startswith("  ") and not line.startswith("   ") for line in lines[1:]) and not lines[0].startswith(" "):
        # one text wrapped to the column (course_lib.claims.fit_column): translated whole, wrapped again
        from .claims import fit_column

        joined = " ".join(line.strip() for line in lines)
        new = translate(joined, lang)
        if new != joined:
            readings.append(fit_column(new))
    readings.append("\n".join(_line(line, lang) for line in lines))
    return _best(*readings)


def _phrase(body: str, lang: str | None) -> str:
    """A column of a printed line (no padding around it) in ``lang``: whole (or its lines, or its
    list's items, see :func:`_listed`); else its label before ": "; else its longest opening
    run of words the catalog holds (a name, then its numbers: "Gaussian (LeCun) 5.87"); else
    the items of its list that the catalog holds ("1.68, 0.10, diverged")."""
    whole = _listed(body, lang)
    if whole != body:
        return whole
    head, colon, _rest = body.partition(": ")
    if colon and translate(head, lang) != head:
        return translate(head, lang) + body[len(head):]
    exact = catalog(language() if lang is None else lang)[0]
    words = body.split(" ")
    for end in range(len(words), 0, -1):
        opening = " ".join(words[:end])
        if opening in exact:
            return exact[opening] + body[len(opening):]
    items = body.split(", ")
    if len(items) > 1 and all(item in exact or not _ENGLISH_WORD.search(item) for item in items):
        return ", ".join(exact.get(item, item) for item in items)  # numbers, then a word: "0.03, diverged"
    return body


def _line(line: str, lang: str | None) -> str:
    if not _ENGLISH_WORD.search(_MATH.sub("", line)):
        return line  # numbers, math, or Korean already (a claim)
    from .claims import display_width

    parts = _COLUMNS.split(line)  # text, padding, text, padding, ..., text
    if sum(1 for part in parts[::2] if part) <= 1:  # one column
        body = line.strip()
        new = _phrase(body, lang)
        start = line.index(body)
        return _best(line[:start] + new + line[start + len(body):], translate(line, lang))
    changed = False
    for i in range(0, len(parts), 2):
        chunk = parts[i]
        body = chunk.strip()
        if not body or not _LATIN.search(body):
            continue
        new = _phrase(body, lang)
        if new == body:
            continue
        changed = True
        start = chunk.index(body)
        new_chunk = chunk[:start] + new + chunk[start + len(body):]
        extra = display_width(new_chunk) - display_width(chunk)
        parts[i] = new_chunk
        # the padding after a left-aligned column (before a last, right-aligned one) gives way
        pad = i + 1 if i + 1 < len(parts) else i - 1
        if extra and pad >= 0:
            parts[pad] = " " * max(1, len(parts[pad]) - extra)
    body = line.strip()  # or the line as one text (a template whose pieces are padded columns)
    start = line.index(body)
    whole = line[:start] + _listed(body, lang) + line[start + len(body):]
    # the reading that leaves fewer English words; on a tie, the columns (they keep their places)
    return _best("".join(parts) if changed else line, whole, translate(line, lang))


# Fonts with Hangul that matplotlib may find, in order of preference.
HANGUL_FONTS = ("NanumGothic", "Noto Sans CJK KR", "Noto Sans KR", "NanumBarunGothic", "UnDotum",
                "Malgun Gothic", "AppleGothic", "Baekmuk Gulim")
_FONT_FOLDERS = ("/usr/share/fonts", "/usr/local/share/fonts", "/Library/Fonts", "C:/Windows/Fonts")


@lru_cache(maxsize=None)
def _hangul_font() -> str | None:
    """The name of a font with Hangul that matplotlib can use (added to its font list when it
    is installed but not yet known to matplotlib), or None where there is none: then figures
    keep their English text, which would otherwise be drawn as empty boxes."""
    from matplotlib import font_manager

    known = {f.name for f in font_manager.fontManager.ttflist}
    for name in HANGUL_FONTS:
        if name in known:
            return name
    for folder in _FONT_FOLDERS:
        if not os.path.isdir(folder):
            continue
        for path in sorted(Path(folder).rglob("*")):
            if path.suffix.lower() in (".ttf", ".otf") and path.stem.replace(" ", "") in (
                    n.replace(" ", "") for n in ("NanumGothic", "NotoSansKR-Regular", "UnDotum", "malgun")):
                try:
                    font_manager.fontManager.addfont(str(path))
                except (OSError, RuntimeError, ValueError):
                    continue
                return font_manager.FontProperties(fname=str(path)).get_name()
    return None


def _figure_texts(fig: Any, text_type: type) -> list[Any]:
    """The texts a figure's code wrote (titles, axis labels, legends, texts, annotations), found
    without creating its tick labels (``fig.findobj`` would: a tenth of a second a figure)."""
    found = [getattr(fig, name, None) for name in ("_suptitle", "_supxlabel", "_supylabel")] + list(fig.texts)
    legends = list(getattr(fig, "legends", []))
    for ax in fig.axes:
        found += [ax.title, getattr(ax, "_left_title", None), getattr(ax, "_right_title", None),
                  ax.xaxis.label, ax.yaxis.label, *ax.texts]
        legends.append(ax.get_legend())
        found += [child for child in ax.get_children() if isinstance(child, text_type)]  # ax.text in any form
    for legend in legends:
        if legend is not None:
            found += [*legend.get_texts(), legend.get_title()]
    return [t for t in dict.fromkeys(found) if isinstance(t, text_type)]


class _TranslatedTicks:
    """A tick formatter that gives another's labels in the reader's language (categorical and
    fixed tick labels: the names of variants, of causes)."""

    def __new__(cls, inner: Any, lang: str | None) -> Any:
        from matplotlib.ticker import Formatter

        class Translated(Formatter):
            def __call__(self, x: Any, pos: Any = None) -> str:
                return translate_lines(inner(x, pos), lang)

            def format_ticks(self, values: Any) -> list[str]:
                return [translate_lines(s, lang) for s in inner.format_ticks(values)]

            def get_offset(self) -> str:
                return inner.get_offset()

            def set_locs(self, locs: Any) -> None:
                inner.set_locs(locs)

        made = Translated()
        made.inner = inner
        return made


def translate_figure(fig: Any, lang: str | None = None) -> bool:
    """Put every text of the matplotlib figure ``fig`` in ``lang`` (by default :func:`language`):
    titles, axis labels, legends and their titles, annotations, texts and fixed or categorical
    tick labels, each through :func:`translate_lines`; numbers, math and names the catalog does
    not hold stay as they are. Translated text is set in a font with Hangul. Nothing happens in
    English, or where no font with Hangul is installed (then returns False)."""
    if not callable(getattr(fig, "findobj", None)):
        raise TypeError(f"fig must be a matplotlib Figure; got {type(fig).__name__}.")
    if lang is not None and (not isinstance(lang, str) or lang not in LANGUAGES):
        raise ValueError(f"lang must be one of {', '.join(LANGUAGES)}; got {lang!r}.")
    lang = language() if lang is None else lang
    if lang == "en" or not catalog(lang)[0]:
        return False
    font = _hangul_font()
    if font is None:
        return False
    from matplotlib.text import Text
    from matplotlib.ticker import FixedFormatter, FuncFormatter

    family = ["DejaVu Sans", font]
    for text in _figure_texts(fig, Text):
        old = text.get_text()
        new = translate_lines(old, lang) if isinstance(old, str) else old
        if new != old:
            text.set_text(new)
            text.set_fontfamily(family)
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            formatter = axis.get_major_formatter()
            categorical = type(formatter).__name__ == "StrCategoryFormatter"
            # names on ticks: categorical, fixed, or given to set_xticks(ticks, labels) (a function)
            if (categorical or isinstance(formatter, (FixedFormatter, FuncFormatter))) and not hasattr(formatter, "inner"):
                axis.set_major_formatter(_TranslatedTicks(formatter, lang))
                try:
                    axis.set_tick_params(which="both", labelfontfamily=family)
                except (TypeError, ValueError):  # matplotlib before 3.8: the labels drawn so far
                    for label in axis.get_ticklabels(which="both"):
                        label.set_fontfamily(family)
    return True


def untranslated(texts: Any) -> list[str]:
    """Those of ``texts`` with a Latin word of two letters or more outside math (``$...$``) and
    no Hangul: what a Korean figure or printed line still shows in English (the Korean
    edition's test reads them; it allows code names, units and the names of methods)."""
    if not isinstance(texts, (list, tuple)):
        raise TypeError(f"texts must be a list of texts (str); got {type(texts).__name__}.")
    found = []
    for text in texts:
        if not isinstance(text, str):
            raise TypeError(f"texts must be texts (str); got {type(text).__name__}.")
        plain = re.sub(r"\$[^$]*\$", "", text)
        if re.search(r"[A-Za-z]{2,}", plain) and not _HANGUL.search(plain):
            found.append(text)
    return found


def install_print() -> None:
    """Make ``print`` speak the reader's language (the Korean edition: ``import course_lib``
    calls this when ``COURSE_LANG`` names another language than English). Each printed text goes
    through :func:`translate_lines` while :func:`language` is not English; printing to a file, or
    anything the catalog does not hold, is left exactly as it was."""
    import builtins

    if getattr(builtins.print, "course_lib", False):
        return
    original = builtins.print

    def print(*args: Any, sep: str | None = " ", end: str | None = "\n", file: Any = None,
              flush: bool = False) -> None:
        # a claim or a checker's verdict (✔ ✘ ✎) is printed translated already
        if file is None and args and language() != "en" and not str(args[0]).startswith(("✔", "✘", "✎")):
            text = (" " if sep is None else sep).join(map(str, args))
            new = translate_lines(text)
            if new != text:
                return original(new, end=end, flush=flush)
        return original(*args, sep=sep, end=end, file=file, flush=flush)

    print.course_lib = True  # type: ignore[attr-defined]
    print.__wrapped__ = original  # type: ignore[attr-defined]
    print.__doc__ = original.__doc__
    builtins.print = print

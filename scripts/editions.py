"""The book's translated editions, through Sphinx's own internationalisation (issue 21).

One source of truth: the English pages and `_config.yml`. A translated edition is the same
sources built with `language` set and the messages of `locales/<lang>/LC_MESSAGES/` (the
sphinx-intl layout, one catalog per page: `intro.po`, `chapters/01_gradient_descent.po`, ...).

    python scripts/editions.py extract          # refresh every catalog from the English sources
    python scripts/editions.py build ko         # the Korean book, into _build/html/ko
    python scripts/editions.py pdf ko           # the Korean PDF, beside it as ko/book.pdf
    python scripts/editions.py notebooks        # the translated notebooks, ko/chapters/*.ipynb

The text course_lib prints or displays (claims, figure alt text, quizzes, the experiments'
questions) has its own catalog in the package, `course_lib/locales/<lang>/LC_MESSAGES/
course_lib.po`, read by `course_lib.i18n`. `extract` refreshes it too, from the places that
text is written: the chapters' `claim`, `show` and explorer calls, the texts their figures and
`print` calls show (FIGURE_CALLS, following names to the dict keys and tuple items they hold),
the quizzes' questions, and course_lib's own `_(...)`/`N_(...)` calls and figure texts. An
f-string becomes its template (`after {0} steps`).

The launch buttons of a translated page open `<lang>/chapters/*.ipynb`, written by `extract`
(and `notebooks`) from the English chapter: its markdown from the page's catalog, its code as
it is, and a setup cell that sets `COURSE_LANG`. They are committed, so that Colab and Binder
can open them from the repository; a test fails when one is stale.

`extract` runs Sphinx's gettext builder (notebooks are not executed: outputs are not
translated here) with its own output and doctree folders, then `sphinx-intl update`, which adds
new messages, marks changed ones fuzzy and drops removed ones. `build` writes the edition's
configuration (the English one with `language` and the title replaced) under _build/<lang>/
and builds with `COURSE_LANG=<lang>`, executing the chapters once in that language (their own
jupyter-cache under _build/<lang>/), so that what course_lib prints is translated too.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

import release

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
LOCALES = ROOT / "locales"
LIBRARY_LOCALES = ROOT / "course_lib" / "locales"
EDITIONS = {
    "ko": {
        "title": "실험으로 배우는 신경망 학습",
        "author": "《실험으로 배우는 신경망 학습》의 저자들",
        # myst-nb's toggles for folded code (its {type} would stay English: "source")
        "sphinx": {"nb_code_prompt_show": "코드 보기", "nb_code_prompt_hide": "코드 숨기기"},
        # The PDF: xetexko (texlive-lang-korean) sets Hangul in Korean fonts (Debian's
        # fonts-nanum) and breaks Korean lines as Korean typesetting does; the rest of the text
        # stays in the English PDF's fonts.
        "latex_fonts": ("\\usepackage{xetexko}\n\\setmainhangulfont{NanumMyeongjo}\n"
                        "\\setsanshangulfont{NanumGothic}\n\\setmonohangulfont{NanumGothicCoding}\n"),
        "latex_preamble": "\\renewcommand{\\chaptername}{}\n",  # "3", not "Chapter 3"
    },
}


def config(overrides: dict, sphinx_config: dict) -> dict:
    """The English `_config.yml` with ``overrides`` merged in (a section given as a dict updates
    that section) and ``sphinx_config`` added to its Sphinx settings."""
    base = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key].update(value)
        else:
            base[key] = value
    base.setdefault("sphinx", {}).setdefault("config", {}).update(sphinx_config)
    # local_extensions are paths relative to the configuration file: make them absolute
    base["sphinx"]["local_extensions"] = {name: str(ROOT / path)
                                          for name, path in base["sphinx"].get("local_extensions", {}).items()}
    return base


def write_config(folder: Path, cfg: dict) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "_config.yml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def templates(out: Path) -> Path:
    """Extract every page's messages into .pot files under ``out``; returns their folder."""
    cfg = config({"execute": {"execute_notebooks": "off"}}, {"gettext_location": False})
    path = write_config(out, cfg)
    subprocess.run([str(BIN / "jupyter-book"), "build", str(ROOT), "--config", str(path), "--path-output", str(out),
                    "--builder", "custom", "--custom-builder", "gettext", "--all", "-q"], check=True, capture_output=True)
    return out / "_build" / "gettext"


def _segments(node: ast.AST, names: dict[str, ast.AST]) -> tuple[list[str | None], list[str]] | None:
    """A text expression as literal pieces and ``None`` for each computed piece, and the texts a
    computed piece can take where they are written out (``"solved" if ... else "not solved"``,
    there or in an assignment ``names`` holds); ``None`` if ``node`` is not a text expression."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value], []
    if isinstance(node, ast.JoinedStr):
        parts: list[str | None] = []
        extra: list[str] = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(value.value)
            else:
                parts.append(None)
                extra += _choices(value.value, names)
        return parts, extra
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        sides = [_segments(side, names) or ([None], _choices(side, names)) for side in (node.left, node.right)]
        if all(side[0] == [None] for side in sides):
            return None
        return sides[0][0] + sides[1][0], sides[0][1] + sides[1][1]
    return None


def _choices(node: ast.AST, names: dict[str, ast.AST]) -> list[str]:
    if isinstance(node, ast.Name) and node.id in names:
        node = names[node.id]
    if isinstance(node, ast.IfExp):
        return _choices(node.body, names) + _choices(node.orelse, names)
    if isinstance(node, ast.Name):
        return []
    return _texts_of(node, names)


def _template(parts: list[str | None]) -> str | None:
    """The msgid of a text made of ``parts``: literal text, and ``{0}``, ``{1}`` ... for the
    computed pieces (literal braces doubled, as in a format string). None without words."""
    if None not in parts:
        text = "".join(parts)  # type: ignore[arg-type]
    else:
        count = iter(range(len(parts)))
        text = "".join(p.replace("{", "{{").replace("}", "}}") if p is not None else f"{{{next(count)}}}"
                       for p in parts)
    return text if any(c.isalpha() for c in text) else None


def _texts_of(node: ast.AST, names: dict[str, ast.AST] | None = None) -> list[str]:
    found = _segments(node, names or {})
    if found is None:
        return []
    return [m for m in [_template(found[0])] if m] + found[1]


# Where a chapter hands course_lib text to show: the call, and its arguments that are text.
def _table_texts(node: ast.AST) -> list[ast.AST]:
    """The texts of a table of feedback: a text, or the texts among a dict's values or a
    tuple's or list's items, at any depth."""
    if _segments(node, {}) is not None:
        return [node]
    children = node.values if isinstance(node, ast.Dict) else node.elts if isinstance(node, (ast.Tuple, ast.List)) else []
    return [text for child in children for text in _table_texts(child)]


# The checkers' calls whose argument (position, or keyword) is text the learner reads.
EXERCISE_CALLS = {"checker": (0, None), "Mistake": (0, None), "Feedback": (2, None), "expect_number": (1, "name"),
                  "expect_array": (1, "name"), "real_array": (1, "name")}
NOTEBOOK_CALLS = {"claim": (0, ()), "show": (1, ("alt",)), "curve_explorer": (None, ("prompt", "slider")),
                  "lr_explorer": (None, ("prompt",))}


# What a figure or a printed table shows (course_lib.i18n.translate_figure and the printing of a
# translated edition translate it at run time): the call (a method's name), the positions and
# keywords of its text arguments; a position of None: every argument (print).
FIGURE_CALLS = {"set_xlabel": ((0,), ("xlabel",)), "set_ylabel": ((0,), ("ylabel",)), "set_title": ((0,), ("label",)),
                "suptitle": ((0,), ("t",)), "supxlabel": ((0,), ("t",)), "supylabel": ((0,), ("t",)),
                "text": ((2,), ("s",)), "annotate": ((0,), ("text",)), "legend": ((), ("title",)),
                "set_xticklabels": ((0,), ("labels",)), "set_yticklabels": ((0,), ("labels",)),
                "set_xticks": ((1,), ("labels",)), "set_yticks": ((1,), ("labels",)), "print": (None, ()),
                "paired": ((2,), ("label", "unit")), "rate": ((2,), ("label",)), "holm_table": ((0,), ("groups",)),
                "bar": ((), ("tick_label",)),
                "barh": ((), ("tick_label",)), "curve_explorer": ((), ("x_label", "y_label")),
                "curve_explorer_html": ((), ("x_label", "y_label"))}
# Keywords that are a figure's text in any call: a series' label, ax.set(title=..., xlabel=...).
FIGURE_KEYWORDS = ("label", "title", "xlabel", "ylabel", "name")


def _bindings(tree: ast.AST) -> dict[str, list[ast.AST]]:
    """Each name of ``tree`` and what it is bound to: an assignment's value (a tuple's item for
    its own name), a loop's or comprehension's iterable for its targets."""
    bound: dict[str, list[ast.AST]] = {}

    def bind(target: ast.AST, value: ast.AST) -> None:
        if isinstance(target, ast.Name):
            bound.setdefault(target.id, []).append(value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts):
                for t, v in zip(target.elts, value.elts):
                    bind(t, v)
            else:
                for t in target.elts:
                    bind(t, value)
        elif isinstance(target, ast.Starred):
            bind(target.value, value)

    functions = {f.name: f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                    bind(target.value, target.slice)  # gap["running mean"] = ...: a key of gap
                bind(target, node.value)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) in functions:
            # a function's parameters take the texts its calls give them: plot_fits(runs, "title")
            params = functions[node.func.id].args.args
            for param, arg in zip(params, node.args):
                bind(ast.Name(param.arg), arg)
            for keyword in node.keywords:
                if keyword.arg:
                    bind(ast.Name(keyword.arg), keyword.value)
        elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
            bind(node.target, node.value)
        elif isinstance(node, (ast.For, ast.comprehension)):
            bind(node.target, node.iter)
    return bound


def _reachable(node: ast.AST, bound: dict[str, list[ast.AST]], depth: int = 0) -> list[str]:
    """The texts written out that ``node`` can take: itself if it is text, the texts of the
    containers, calls and names it is made of (a dict's keys and text values, a tuple's items,
    ``NAMES.items()``, ``zip(NAMES, ...)``), following names to what they are bound to."""
    if depth > 6 or node is None:
        return []
    found = _segments(node, {})
    if found is not None:
        texts = [m for m in [_template(found[0])] if m] + found[1]
        for piece in (v.value for v in getattr(node, "values", []) if isinstance(v, ast.FormattedValue)):
            texts += _reachable(piece, bound, depth + 1)
        return texts
    if isinstance(node, ast.Name):
        return [t for value in bound.get(node.id, []) for t in _reachable(value, bound, depth + 1)]
    if isinstance(node, ast.Dict):
        return [t for child in node.keys + node.values if child is not None
                for t in _reachable(child, bound, depth + 1) if child in node.keys or isinstance(child, (ast.Constant, ast.JoinedStr, ast.Tuple, ast.List, ast.Dict))]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [t for child in node.elts for t in _reachable(child, bound, depth + 1)]
    if isinstance(node, ast.IfExp):
        return _reachable(node.body, bound, depth + 1) + _reachable(node.orelse, bound, depth + 1)
    if isinstance(node, ast.Subscript):
        return _reachable(node.value, bound, depth + 1)
    if isinstance(node, ast.Starred):
        return _reachable(node.value, bound, depth + 1)
    if isinstance(node, (ast.GeneratorExp, ast.ListComp)):
        return _reachable(node.elt, bound, depth + 1)
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("items", "keys", "values", "get"):
            return _reachable(func.value, bound, depth + 1)
        if isinstance(func, ast.Attribute) and func.attr == "join":  # "\n".join(f"..." for ...)
            return [t for arg in node.args for t in _reachable(arg, bound, depth + 1)]
        if isinstance(func, ast.Name) and func.id == "fit_column" and node.args:  # print(fit_column(text))
            return _reachable(node.args[0], bound, depth + 1)
        if isinstance(func, ast.Name) and func.id in ("zip", "enumerate", "sorted", "list", "tuple", "reversed", "dict"):
            return [t for arg in node.args for t in _reachable(arg, bound, depth + 1)]
    return []


def figure_texts(tree: ast.AST) -> list[tuple[str, int]]:
    """The texts the code ``tree`` gives a figure, an explorer or ``print`` (see
    :data:`FIGURE_CALLS`), with their lines, following names to the texts they hold."""
    bound = _bindings(tree)
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        args: list[ast.AST] = []
        if name == "print" and len(node.args) > 1:  # one line: the arguments' texts joined by sep
            sep = next((k.value for k in node.keywords if k.arg == "sep"), ast.Constant(" "))
            pieces = [_segments(arg, {}) or ([None], []) for arg in node.args]
            if isinstance(sep, ast.Constant) and isinstance(sep.value, str):
                parts: list[str | None] = []
                for i, (segments, _extra) in enumerate(pieces):
                    parts += ([sep.value] if i else []) + segments
                text = _template(parts)
                if text and _words(text):
                    found.append((text.strip(), node.lineno))
            args += [arg for arg in node.args if not isinstance(arg, ast.Constant)]
        if name == "print":  # a text built inside: ", ".join(f"batch {b}: {kib} KiB" for b in ...)
            args += [sub for arg in node.args for sub in ast.walk(arg)
                     if isinstance(sub, ast.JoinedStr) and sub is not arg and not isinstance(arg, ast.JoinedStr)]
        if name in FIGURE_CALLS and not (name == "print" and len(node.args) > 1):
            positions, keywords = FIGURE_CALLS[name]
            args += node.args if positions is None else [node.args[i] for i in positions if i < len(node.args)]
            args += [k.value for k in node.keywords if k.arg in keywords]
        args += [k.value for k in node.keywords if k.arg in FIGURE_KEYWORDS]
        if name == "curve_explorer" or name == "curve_explorer_html":  # the series' names, wherever built
            args += [v for d in ast.walk(tree) if isinstance(d, ast.Dict)
                     for k, v in zip(d.keys, d.values) if isinstance(k, ast.Constant) and k.value == "name"]
        for arg in args:
            found += [(text.strip(), node.lineno) for text in _reachable(arg, bound) if _words(text)]
    return found


def _words(text: str) -> bool:
    """Whether ``text`` has something to translate: a word of two letters outside math and
    format pieces (not a colour, a line style or a format code)."""
    plain = re.sub(r"\$[^$]*\$|\{\d+\}", "", text)
    # a template's own letters name what its pieces are ("{0}, κ = {1}": the piece a name)
    named = "{0}" in text and any(c.isalpha() for c in plain)
    return (named or bool(re.search(r"[A-Za-z]{2,}", plain))) and not re.fullmatch(r"#[0-9A-Fa-f]{3,8}|C\d|tab:\w+", text.strip())


def library_messages() -> dict[str, list[tuple[str, int]]]:
    """Every text course_lib shows, msgid to where it is written, in reading order."""
    import nbformat

    found: dict[str, list[tuple[str, int]]] = {}

    def add(nodes: list[ast.AST], where: str, line: int, names: dict[str, ast.AST] | None = None) -> None:
        for node in nodes:
            for text in _texts_of(node, names):
                found.setdefault(text, []).append((where, line))

    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        where = path.relative_to(ROOT).as_posix()
        cells = nbformat.read(path, as_version=4).cells
        # figures and printed tables, with the names bound anywhere in the chapter
        code = "\n".join(c.source for c in cells if c.cell_type == "code" and not c.source.lstrip().startswith(("%", "!")))
        figures = figure_texts(ast.parse(code))
        for number, cell in enumerate(cells):
            if cell.cell_type != "code" or not any(name + "(" in cell.source for name in NOTEBOOK_CALLS):
                continue
            tree = ast.parse(cell.source)
            # a word chosen before it is used: side = "below" if ... else "above"
            chosen = {a.targets[0].id: a.value for a in ast.walk(tree) if isinstance(a, ast.Assign)
                      and isinstance(a.value, ast.IfExp) and isinstance(a.targets[0], ast.Name)}
            for node in ast.walk(tree):
                name = getattr(node, "func", None)
                name = getattr(name, "id", None) or getattr(name, "attr", None)
                if not isinstance(node, ast.Call) or name not in NOTEBOOK_CALLS:
                    continue
                position, keywords = NOTEBOOK_CALLS[name]
                args = [node.args[position]] if position is not None and len(node.args) > position else []
                args += [k.value for k in node.keywords if k.arg in keywords]
                if name == "curve_explorer":  # each frame's label, wherever in the cell the frames are built
                    args += [v for d in ast.walk(tree) if isinstance(d, ast.Dict)
                             for k, v in zip(d.keys, d.values) if isinstance(k, ast.Constant) and k.value == "label"]
                add(args, where, number, chosen)
        for text, line in figures:
            found.setdefault(text, []).append((where, line))
    for path in sorted((ROOT / "course_lib").rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if path.parent.name not in ("exercises", "quizzes"):  # course_lib's own figures and tables
            for text, line in figure_texts(tree):
                found.setdefault(text, []).append((where, line))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None)
            if name in ("_", "translate", "N_") and node.args:
                add(node.args[:1], where, node.lineno)
            elif name == "numeric" and path.parent.name == "quizzes":
                add(node.args[:1] + [k.value for k in node.keywords if k.arg in ("right", "default")], where,
                    node.lineno)
                wrong = next((k.value for k in node.keywords if k.arg == "wrong"), None)
                if isinstance(wrong, (ast.List, ast.Tuple)):
                    add([e.elts[1] for e in wrong.elts if isinstance(e, ast.Tuple)], where, node.lineno)
            elif path.parent.name == "exercises" and name in EXERCISE_CALLS:
                position, keyword = EXERCISE_CALLS[name]
                args = node.args[position:position + 1] + [k.value for k in node.keywords if k.arg == keyword]
                add(args, where, node.lineno)
            elif name == "single_choice" and path.parent.name == "quizzes":
                add(node.args[:1], where, node.lineno)
                add([e.elts[i] for e in node.args[1:] if isinstance(e, ast.Tuple) for i in (0, 2)], where,
                    node.lineno)
    for path in sorted((ROOT / "course_lib" / "exercises").glob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):  # feedback kept in tables (HINTS, MISTAKES, a checker's known mistakes)
            if isinstance(node, ast.Assign):
                add(_table_texts(node.value), where, node.lineno)
        for function in ast.walk(tree):  # a checker's message when the exercise passes
            if isinstance(function, ast.FunctionDef) and any(
                    isinstance(d, ast.Call) and getattr(d.func, "id", None) == "checker" for d in function.decorator_list):
                add([n.value for n in ast.walk(function) if isinstance(n, ast.Return) and n.value is not None],
                    where, function.lineno)
    return found


def extract_library(languages: list[str]) -> None:
    """Refresh course_lib's catalogs: new texts added, changed ones marked fuzzy (with their
    old translation kept as a start), removed ones dropped."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    template = Catalog(project="course_lib", domain="course_lib")
    for text, places in library_messages().items():
        template.add(text, locations=places[:3], flags=("python-brace-format",) if "{0}" in text else ())
    for lang in languages:
        path = LIBRARY_LOCALES / lang / "LC_MESSAGES" / "course_lib.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open("rb") as f:
                catalog = read_po(f, locale=lang)
        else:
            catalog = Catalog(locale=lang, project="course_lib", domain="course_lib", version="",
                              copyright_holder="the authors of Training Neural Networks, by Experiment",
                              msgid_bugs_address="", last_translator="the course's authors",
                              language_team=lang)
            catalog.fuzzy = False
        catalog.update(template, update_creation_date=False)
        catalog.obsolete.clear()
        with path.open("wb") as f:
            write_po(f, catalog, width=0, omit_header=False)


# What ends a paragraph in the chapters' markdown: a fence, display math, a table row, a heading
# or a list item (an ordered one only from 1, as in CommonMark: "2012) replaces" goes on).
STRUCTURE = re.compile(r"^\s*(`{3,}|:{3,}|\$\$|\||#{1,6}\s|[-*+]\s|1[.)]\s)")
ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)(.*)$")
HEADING = re.compile(r"^(#{1,6}\s+)(.*)$")
FENCE = re.compile(r"^(\s*)(`{3,}|:{3,})(\{[\w-]+\})?\s*(.*)$")


def translate_markdown(source: str, catalog: dict[str, str], used: set[str]) -> str:
    """``source`` (a markdown cell) with each paragraph, heading, list item, table cell and
    directive title that ``catalog`` translates replaced by its translation (on one line);
    code and display math stay as they are. The msgids used are added to ``used``."""
    def tr(text: str) -> str | None:
        key = " ".join(text.split())
        if key in catalog:
            used.add(key)
            return catalog[key]
        return None

    lines = source.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            out.append(line)
            i += 1
            continue
        fence = FENCE.match(line)
        if fence:
            indent, marks, directive, argument = fence.groups()
            closing = re.compile(rf"^\s*{re.escape(marks[0])}{{{len(marks)},}}\s*$")
            j = i + 1
            while j < len(lines) and not closing.match(lines[j]):
                j += 1
            body = lines[i + 1:j]
            if directive:
                title = tr(argument) if argument else None
                out.append(f"{indent}{marks}{directive}" + (f" {title or argument}" if argument else ""))
                k = 0
                while k < len(body) and re.match(r"^\s*:[\w-]+:", body[k]):
                    out.append(body[k])
                    k += 1
                out.extend(translate_markdown("\n".join(body[k:]), catalog, used).split("\n") if body[k:] else [])
            else:  # code: as it is
                out.extend(body)
            if j < len(lines):
                out.append(lines[j])
            i = j + 1
            continue
        if line.strip().startswith("$$"):
            j = i
            if line.strip() == "$$" or not line.strip().endswith("$$"):  # a formula over several lines
                j = i + 1
                while j < len(lines) and "$$" not in lines[j]:
                    j += 1
            out.extend(lines[i:j + 1])
            i = j + 1
            continue
        heading = HEADING.match(line)
        if heading:
            t = tr(heading.group(2))
            out.append(heading.group(1) + t if t else line)
            i += 1
            continue
        if line.lstrip().startswith("|"):
            cells = line.split("|")
            new = []
            for cell in cells:
                t = tr(cell) if cell.strip() and not re.fullmatch(r"\s*:?-+:?\s*", cell) else None
                new.append(f" {t} " if t else cell)
            out.append("|".join(new))
            i += 1
            continue
        item = ITEM.match(line)
        if item:
            prefix, first = item.groups()
            j = i + 1
            block = [first]
            depth = len(prefix) - len(prefix.lstrip())

            def next_item(line: str) -> bool:  # a sibling or outer item: "2." ends "1." here
                return bool(ITEM.match(line)) and len(line) - len(line.lstrip()) <= depth

            while j < len(lines) and lines[j].strip() and not STRUCTURE.match(lines[j]) and not next_item(lines[j]):
                block.append(lines[j].strip())
                j += 1
            t = tr(" ".join(block))
            out.extend([prefix + t] if t else lines[i:j])
            i = j
            continue
        j = i + 1
        while j < len(lines) and lines[j].strip() and not STRUCTURE.match(lines[j]):
            j += 1
        t = tr(" ".join(l.strip() for l in lines[i:j]))
        out.extend([t] if t else lines[i:j])
        i = j
    return "\n".join(out)


# The line a translated notebook's setup cell gains after its install block: course_lib then
# prints its claims, quizzes and checker feedback in the notebook's language (course_lib.i18n).
LANGUAGE_LINE = 'os.environ["COURSE_LANG"] = "{lang}"  # course_lib speaks {name}'
LANGUAGE_NAMES = {"ko": "Korean"}


def page_catalog(lang: str, page: str) -> dict[str, str]:
    """msgid (whitespace normalized) -> translation, for one page's catalog."""
    from babel.messages.pofile import read_po

    with (LOCALES / lang / "LC_MESSAGES" / f"{page}.po").open(encoding="utf-8") as f:
        return {" ".join(m.id.split()): m.string for m in read_po(f) if m.id and m.string and not m.fuzzy}


def translated_notebook(lang: str, path: Path) -> tuple[str, set[str]]:
    """The chapter at ``path`` as its ``lang`` edition for Colab, Binder and the student
    edition: the markdown translated from the page's catalog, the code as it is, and the
    setup cell setting COURSE_LANG. Returns the notebook's text and the msgids used."""
    import nbformat

    from course_lib.i18n import catalog as library

    page = path.relative_to(ROOT).with_suffix("").as_posix()
    # an exercise's title is its checker's name, which course_lib's catalog translates
    catalog, used = {**library(lang)[0], **page_catalog(lang, page)}, set()
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = translate_markdown(cell.source, catalog, used)
        elif "setup" in cell.metadata.get("tags", []):
            # after the install block (scripts/release.py), before course_lib is imported
            install, rest = release.split_setup(cell.source)
            cell.source = f"{install}\n{LANGUAGE_LINE.format(lang=lang, name=LANGUAGE_NAMES[lang])}\n{rest}"
    return nbformat.writes(notebook) + "\n", used


def chapter_notebooks() -> list[Path]:
    return sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))


def write_notebooks(lang: str) -> None:
    """Write ``<lang>/chapters/*.ipynb``, the notebooks the edition's launch buttons open."""
    folder = ROOT / lang / "chapters"
    folder.mkdir(parents=True, exist_ok=True)
    for path in chapter_notebooks():
        (folder / path.name).write_text(translated_notebook(lang, path)[0], encoding="utf-8")


def extract(languages: list[str]) -> None:
    pot = templates(ROOT / "_build" / "i18n")
    for lang in languages:
        subprocess.run([str(BIN / "sphinx-intl"), "update", "-p", str(pot), "-d", str(LOCALES), "-l", lang, "-w", "0"],
                       check=True)
    extract_library(languages)
    for lang in languages:
        write_notebooks(lang)


def translated_toc(lang: str, folder: Path) -> Path:
    """_toc.yml with its part captions translated from the root page's catalog: the sidebar is
    drawn from the table of contents, which Sphinx's own translation does not reach."""
    from babel.messages.pofile import read_po

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    with (LOCALES / lang / "LC_MESSAGES" / f"{toc['root']}.po").open(encoding="utf-8") as f:
        catalog = {m.id: m.string for m in read_po(f) if m.id and m.string}
    for part in toc.get("parts", []):
        if "caption" in part:
            part["caption"] = catalog.get(part["caption"], part["caption"])
    path = folder / "_toc.yml"
    path.write_text(yaml.safe_dump(toc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def execution_cache(lang: str) -> Path:
    """Where a build keeps its executed chapters: jupyter-book's default for the English book,
    _build/<lang>/.jupyter_cache for an edition (scripts/prerun.py fills both)."""
    return ROOT / "_build" / (".jupyter_cache" if lang == "en" else f"{lang}/.jupyter_cache")


def edition_config(lang: str, **sphinx: object) -> dict:
    """The edition's configuration: the English one with its title and language, its own
    execution cache (scripts/prerun.py fills it), its launch buttons on <lang>/chapters/, and
    ``sphinx`` settings added to its Sphinx configuration."""
    return config({"title": EDITIONS[lang]["title"], "author": EDITIONS[lang]["author"],
                   "execute": {"cache": str(execution_cache(lang))},
                   "repository": {"path_to_book": lang}},
                  {"language": lang, "locale_dirs": [str(LOCALES)], **EDITIONS[lang].get("sphinx", {}), **sphinx})


def build(lang: str) -> None:
    out = ROOT / "_build" / lang
    # The chapters run once more, with COURSE_LANG set, so that what course_lib prints (claims,
    # alt text, quizzes) is in the edition's language; their own cache keeps a rebuild cheap.
    # path_to_book: the launch buttons open the edition's own notebooks, <lang>/chapters/
    path = write_config(out, edition_config(lang))
    toc = translated_toc(lang, out)
    # No --all: as for the English book, Sphinx reads again only what changed (a page, its
    # catalog), and an unchanged rebuild writes nothing. A change Sphinx cannot see (course_lib,
    # its catalog, the book's extensions) makes `make book` drop _build/<lang>/_build/.doctrees.
    subprocess.run([str(BIN / "jupyter-book"), "build", str(ROOT), "--config", str(path), "--toc", str(toc),
                    "--path-output", str(out), "-W", "-n", "--keep-going"], check=True,
                   env={**os.environ, "COURSE_LANG": lang})
    target = ROOT / "_build" / "html" / lang
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(out / "_build" / "html", target)
    translate_sources(lang, target)


def translate_sources(lang: str, html: Path) -> None:
    """The edition's download button gives the page's source, which Sphinx copies from the
    English files into ``_sources/``: put the edition's notebook there instead (the one its
    Colab and Binder buttons open, <lang>/chapters/), and the page's markdown translated."""
    for copied in (html / "_sources").rglob("*"):
        name = copied.name.removesuffix(".txt")
        page = copied.relative_to(html / "_sources").with_name(name)
        if name.endswith(".ipynb") and (ROOT / lang / page).exists():
            shutil.copyfile(ROOT / lang / page, copied)
        elif name.endswith(".md") and (LOCALES / lang / "LC_MESSAGES" / page.with_suffix(".po")).exists():
            source = (ROOT / page).read_text(encoding="utf-8")
            catalog = page_catalog(lang, page.with_suffix("").as_posix())
            copied.write_text(translate_markdown(source, catalog, set()), encoding="utf-8")


def pdf(lang: str) -> Path:
    """The edition as one PDF, _build/<lang>-pdf/_build/latex/book.pdf, copied beside the edition's
    HTML (_build/html/<lang>/book.pdf) when that exists. The same XeLaTeX set-up as the English
    PDF, with the edition's ``latex_fonts`` for its script; no language package (polyglossia
    has no Korean hyphenation to give, and Sphinx already writes its own words in Korean)."""
    out = ROOT / "_build" / f"{lang}-pdf"  # its own Sphinx state: the HTML edition's stays current
    english = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]["latex_elements"]
    # the English fonts without their switch to a Korean font for the glossary's few words
    fonts = "".join(line for line in english["fontpkg"].splitlines(keepends=True)
                    if not re.search(r"hangul|ucharclasses|Transitions", line, re.I))
    latex = {**english, "fontpkg": fonts + EDITIONS[lang]["latex_fonts"], "polyglossia": "", "babel": "",
             "preamble": english.get("preamble", "") + EDITIONS[lang]["latex_preamble"]}
    path = write_config(out, edition_config(lang, latex_elements=latex))
    toc = translated_toc(lang, out)
    subprocess.run([str(BIN / "jupyter-book"), "build", str(ROOT), "--config", str(path), "--toc", str(toc),
                    "--path-output", str(out), "--builder", "pdflatex"], check=True,
                   env={**os.environ, "COURSE_LANG": lang})
    book = out / "_build" / "latex" / "book.pdf"
    if (ROOT / "_build" / "html" / lang).is_dir():
        shutil.copyfile(book, ROOT / "_build" / "html" / lang / "book.pdf")
    return book


if __name__ == "__main__":
    command, *args = sys.argv[1:] or ["help"]
    if command == "extract":
        extract(args or list(EDITIONS))
    elif command == "build" and len(args) == 1 and args[0] in EDITIONS:
        build(args[0])
    elif command == "pdf" and len(args) == 1 and args[0] in EDITIONS:
        pdf(args[0])
    elif command == "notebooks":
        for lang in args or list(EDITIONS):
            write_notebooks(lang)
    else:
        raise SystemExit(__doc__)

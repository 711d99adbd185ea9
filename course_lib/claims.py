"""Claims: how a chapter states a result and checks it in the same cell.

Every key claim of a chapter is written as ``claim("what we say", condition, **evidence)``.
When it holds, the reader sees the claim and its evidence. When a change to the code or the
libraries makes it false, the cell raises :class:`ClaimError`, so the notebook test fails (or,
with ``COURSE_CLAIMS=report``, for a survey of draws, prints it with ✘ and goes on).

The printed claim fits the book's text column (:data:`WIDTH` columns, a Hangul character
taking two): the statement after a check mark, then the evidence in brackets, both wrapped onto
lines indented by two spaces.
:func:`printed_claims` reads such output back into one line per claim (the claims ledger and
the second-arithmetic comparison use it).
"""

from __future__ import annotations

import os
import unicodedata
from numbers import Real
from typing import Any

import numpy as np

from .i18n import LANGUAGES, translate

WIDTH = 76  # columns in a line of the book's text column (code and output boxes)
MARK = "✔ "
FAILED_MARK = "✘ "  # a claim that did not hold, printed only when claims are surveyed
# COURSE_CLAIMS=report: a claim that does not hold is printed with FAILED_MARK instead of raising,
# so that a survey of many draws (make draw-test) sees every claim of a chapter.
REPORT_ENV = "COURSE_CLAIMS"
INDENT = "  "


class ClaimError(AssertionError):
    """A claim that the chapter makes no longer holds."""


def _format_value(value: Any) -> str:
    """Numbers, and arrays or lists of numbers, to three significant figures."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, Real):
        value = float(value)
        return f"{value:.3g}" if value == value else "nan"
    if isinstance(value, (np.ndarray, list, tuple)):
        array = np.asarray(value)
        if array.dtype.kind in "iuf" and array.ndim > 0:
            return np.array2string(array, separator=", ", max_line_width=10**6, threshold=10**6,
                                   formatter={"float_kind": lambda x: f"{x:.3g}", "int": str})
    return " ".join(str(value).split())  # a summary printed on several lines joins into one


def claim(statement: str, holds: Any, **evidence: Any) -> None:
    """Check ``holds``; print the statement with its evidence, or raise :class:`ClaimError`.

    ``holds`` is anything with a truth value (a NumPy boolean included). ``evidence`` is
    the numbers that support the statement; they are shown either way, rounded to three
    significant figures.
    """
    if not isinstance(statement, str) or not statement.strip():
        raise TypeError("statement must be a non-empty string describing the claim.")
    if holds is None or isinstance(holds, (str, bytes, complex, list, tuple, dict, set)) or callable(holds):
        raise TypeError(f"holds must be a truth value (a comparison, True or False); got {type(holds).__name__} "
                        f"{holds!r:.60}, whose truth says nothing about the claim.")
    if isinstance(holds, Real) and not isinstance(holds, (bool, np.bool_)) and holds != holds:
        raise TypeError("holds is NaN, which is neither true nor false: a comparison with NaN in it? "
                        "Check the numbers the claim compares.")
    try:
        ok = bool(holds)
    except (ValueError, RuntimeError):  # NumPy's and torch's "ambiguous truth value"
        raise TypeError(
            "holds must be a single truth value; for an array use .all() or .any()."
        ) from None
    # a key is a variable's name, or a label (a variant's name) the catalog may translate
    details = ", ".join(f"{translate(key)} = {_format_value(value)}" for key, value in evidence.items())
    suffix = f"  [{details}]" if details else ""
    if not ok and os.environ.get(REPORT_ENV) == "report":  # a survey of draws: say it and go on
        print(_claim_text(translate(statement), details).replace(MARK, FAILED_MARK, 1))
    elif not ok:
        raise ClaimError(f"Claim does not hold: {statement}{suffix}")
    else:
        print(_claim_text(translate(statement), details))


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced font: two for a wide character (Hangul, CJK),
    one for any other."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in _need_text(text, "text"))


def _wrap(text: str, first: str, rest: str) -> list[str]:
    """``text`` in lines of at most :data:`WIDTH` columns, broken between words (a word longer
    than a line keeps a line of its own); the first line starts with ``first``, the others
    with ``rest``."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        joined = f"{line} {word}" if line else (rest if lines else first) + word
        if line and display_width(joined) > WIDTH:
            lines.append(line)
            line = rest + word
        else:
            line = joined
    return lines + [line] if line else lines


def _need_text(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be text (a str); got {type(value).__name__}.")
    return value


def fit_column(text: str, indent: str = INDENT) -> str:
    """``text`` wrapped to :data:`WIDTH` characters, continuation lines indented by ``indent``,
    so that a printed result fits the book's text column (every chapter)."""
    text, indent = _need_text(text, "text"), _need_text(indent, "indent")
    if len(indent) >= WIDTH // 2:
        raise ValueError(f"indent must be shorter than {WIDTH // 2} characters; got {len(indent)}.")
    return "\n".join(_wrap(text, "", indent)) or text


def _claim_text(statement: str, details: str = "") -> str:
    """A claim as printed: the statement after the check mark, then ``[details]``, each wrapped
    to :data:`WIDTH` characters, continuation lines indented (chapter 1 explains claims)."""
    lines = _wrap(statement, MARK, INDENT)
    if details:
        lines += _wrap(f"[{details}]", INDENT, INDENT + " ")
    return "\n".join(lines)


def printed_claims(text: str) -> list[str]:
    """The claims in printed output, each joined back into one line,
    ``"✔ statement  [details]"``. Checker feedback (``"✔ Passed: ..."``, in any language) is
    not a claim."""
    _need_text(text, "text")
    # how checker feedback opens, in every language (course_lib.exercises.Feedback)
    passed = tuple({translate("✔ Passed", lang) for lang in LANGUAGES})
    groups: list[list[str]] = []
    open_group = False
    for line in text.splitlines():
        if line.startswith(MARK) and not line.startswith(passed):
            groups.append([line.strip()])
            open_group = True
        elif open_group and line.startswith(INDENT) and line.strip():
            groups[-1].append(line.strip())
        else:
            open_group = False
    joined = []
    for lines in groups:
        start = next((i for i, line in enumerate(lines) if line.startswith("[")), len(lines))
        statement, evidence = " ".join(lines[:start]), " ".join(lines[start:])
        joined.append(f"{statement}  {evidence}" if evidence else statement)
    return joined

"""Quizzes as data: each chapter's questions, their validation, and their display.

A chapter's quiz is a module of this package with a ``questions()`` function returning a
list of questions in jupyterquiz's format, which works in Jupyter, JupyterLab, Colab and the
HTML book. Every wrong option carries feedback aimed at the misconception behind it, and
numeric answers are computed with course_lib, never typed.
"""

from __future__ import annotations

import html
import re
from importlib import import_module
from math import isfinite
from typing import Any

from ..i18n import translate

QUIZZES = ("gradient_descent", "learning_rate", "backprop", "feature_scaling", "normalization", "activations",
           "initialization", "optimizers", "regularization", "diagnosis")
SINGLE, MANY, NUMERIC = "multiple_choice", "many_choice", "numeric"


class QuizError(ValueError):
    """A quiz question does not follow the schema."""


# Markup: an opening or closing tag. Quiz text is plain text (and $math$): jupyterquiz inserts it
# as HTML, so show_quiz escapes it, and a tag in the data is a mistake (or an injection).
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?=[\s/>])[^<>]*>")
_TEXT_FIELDS = ("question", "answer", "feedback")


def _texts(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Every text of a quiz with where it is: the questions, options and feedback."""
    found = []
    for number, q in enumerate(items, start=1):
        if isinstance(q.get("question"), str):
            found.append((f"question {number}", q["question"]))
        for a in q.get("answers") or []:
            for field in _TEXT_FIELDS[1:]:
                if isinstance(a, dict) and isinstance(a.get(field), str):
                    found.append((f"question {number}, {field}", a[field]))
    return found


def _check_items(items: Any) -> None:
    """``items`` has the questions' shape: a non-empty list of dicts, each with a list of answers."""
    if not isinstance(items, list) or not items:
        raise TypeError(f"items must be a non-empty list of questions (dicts); got {type(items).__name__}.")
    for number, q in enumerate(items, 1):
        if not isinstance(q, dict) or not isinstance(q.get("answers"), list):
            raise TypeError(f"items[{number - 1}] must be a question (a dict with a list of answers); got "
                            f"{type(q).__name__}.")


def translated(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A copy of the questions with their texts in the reader's language (see
    :mod:`course_lib.i18n`); validate the English first, whose rules the translation keeps."""
    _check_items(items)

    def text(d: dict[str, Any]) -> dict[str, Any]:
        return {k: translate(v) if k in _TEXT_FIELDS and isinstance(v, str) else v for k, v in d.items()}
    return [{**text(q), "answers": [text(a) for a in q["answers"]]} for q in items]


def escaped(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A copy of the questions whose texts are escaped for HTML, so that jupyterquiz, which
    inserts them as markup, shows ``a<b`` as written and runs nothing."""
    _check_items(items)

    def escape(d: dict[str, Any]) -> dict[str, Any]:
        return {k: html.escape(v, quote=False) if k in _TEXT_FIELDS and isinstance(v, str) else v for k, v in d.items()}
    return [{**escape(q), "answers": [escape(a) for a in q["answers"]]} for q in items]


def questions(chapter: str) -> list[dict[str, Any]]:
    """The validated questions of ``chapter`` (one of :data:`QUIZZES`)."""
    if not isinstance(chapter, str) or chapter not in QUIZZES:
        raise ValueError(f"chapter must be one of {', '.join(QUIZZES)}; got {chapter!r}.")
    items = import_module(f".{chapter}", __name__).questions()
    validate(items)
    return items


def single_choice(question: str, *options: tuple[str, bool, str]) -> dict[str, Any]:
    """A single-choice question from ``(text, is_correct, feedback)`` triples."""
    from ..validation import check_bool, check_text

    check_text(question, "question")
    for i, option in enumerate(options):
        if not isinstance(option, (list, tuple)) or len(option) != 3:
            raise TypeError(f"options[{i}] must be a (text, is_correct, feedback) triple; got {option!r:.80}.")
        check_text(option[0], f"options[{i}] text")
        check_bool(option[1], f"options[{i}] is_correct")
        check_text(option[2], f"options[{i}] feedback")
    return {"question": question, "type": SINGLE,
            "answers": [{"answer": t, "correct": c, "feedback": f} for t, c, f in options]}


def numeric(question: str, key: float, *, right: str, wrong: list[tuple[float, str]], default: str,
            precision: int = 3) -> dict[str, Any]:
    """A numeric question: the key (computed with course_lib, never typed), feedback when it is
    right, feedback for recognised wrong values, and a default for any other answer."""
    from ..validation import as_real, check_positive_int, check_text

    for name, text in (("question", question), ("right", right), ("default", default)):
        check_text(text, name)
    key = as_real(key, "key")
    precision = check_positive_int(precision, "precision", minimum=0)
    if not isinstance(wrong, (list, tuple)):
        raise TypeError(f"wrong must be a list of (value, feedback) pairs; got {type(wrong).__name__}.")
    for i, pair in enumerate(wrong):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise TypeError(f"wrong[{i}] must be a (value, feedback) pair; got {pair!r}.")
        as_real(pair[0], f"wrong[{i}] value")
        check_text(pair[1], f"wrong[{i}] feedback")
    answers: list[dict[str, Any]] = [{"type": "value", "value": float(key), "correct": True, "feedback": right}]
    answers += [{"type": "value", "value": float(v), "correct": False, "feedback": fb} for v, fb in wrong]
    answers.append({"type": "default", "feedback": default})
    return {"question": question, "type": NUMERIC, "precision": precision, "answers": answers}


def _need_feedback(answer: dict[str, Any], where: str) -> None:
    feedback = answer.get("feedback")
    if not isinstance(feedback, str) or len(feedback.strip()) < 10:
        raise QuizError(f"{where}: every answer needs feedback that explains it (10+ characters).")
    # Said in words, not only in colour (course_lib.quizzes.access marks wrong ones itself).
    if answer.get("correct") is True and not feedback.startswith("Right"):
        raise QuizError(f"{where}: feedback on the correct answer must open with 'Right'; got {feedback[:30]!r}.")


def validate(items: list[dict[str, Any]]) -> None:
    """Raise :class:`QuizError` unless every question follows the course's schema.

    Texts are plain text (and ``$math$``): no HTML tags. Single choice: at least three options,
    exactly one correct, feedback on each; feedback on a correct answer opens with "Right", so
    that it is not told by colour alone.
    Many choice: at least one correct option, feedback on each. Numeric: one correct finite
    value, feedback for at least one recognised wrong answer and a default, and a precision.
    """
    if not isinstance(items, list) or not items or not all(isinstance(q, dict) for q in items):
        raise QuizError(f"items must be a non-empty list of questions (dicts), a quiz; got {type(items).__name__}.")
    for where, text in _texts(items):
        if tag := _TAG.search(text):
            raise QuizError(f"{where}: quiz text is plain text, not HTML; found the markup {tag.group()!r}. "
                            "Write < and > as they are: the display escapes them.")
    for number, q in enumerate(items, start=1):
        where = f"question {number}"
        if not isinstance(q.get("question"), str) or not q["question"].strip():
            raise QuizError(f"{where}: 'question' must be non-empty text.")
        kind, answers = q.get("type"), q.get("answers")
        if not isinstance(answers, list) or not answers:
            raise QuizError(f"{where}: 'answers' must be a non-empty list.")
        if kind in (SINGLE, MANY):
            texts = [a.get("answer") for a in answers]
            if any(not isinstance(t, str) or not t.strip() for t in texts) or len(set(texts)) != len(texts):
                raise QuizError(f"{where}: options must be distinct, non-empty texts.")
            correct = sum(a.get("correct") is True for a in answers)
            if kind == SINGLE and (len(answers) < 3 or correct != 1):
                raise QuizError(f"{where}: single choice needs 3+ options and exactly one correct; has {correct}.")
            if kind == MANY and correct < 1:
                raise QuizError(f"{where}: many choice needs at least one correct option.")
            for a in answers:
                _need_feedback(a, where)
        elif kind == NUMERIC:
            if not isinstance(q.get("precision"), int) or q["precision"] < 1:
                raise QuizError(f"{where}: a numeric question needs an integer 'precision' (significant digits).")
            values = [a for a in answers if a.get("type") == "value" and a.get("correct") is True]
            if len(values) != 1 or not isinstance(values[0].get("value"), float) or not isfinite(values[0]["value"]):
                raise QuizError(f"{where}: a numeric question needs exactly one correct finite float 'value'.")
            wrong = [a for a in answers if a.get("type") in ("value", "range") and a.get("correct") is False]
            defaults = [a for a in answers if a.get("type") == "default"]
            if not wrong or len(defaults) != 1:
                raise QuizError(f"{where}: give feedback for 1+ recognised wrong answers and exactly one default.")
            for a in wrong + defaults + values:
                _need_feedback(a, where)
        else:
            raise QuizError(f"{where}: type must be {SINGLE!r}, {MANY!r} or {NUMERIC!r}; got {kind!r}.")


def show_quiz(chapter: str) -> None:
    """Display the chapter's quiz, interactive in Jupyter, JupyterLab, Colab and the book, and
    usable from the keyboard, with a screen reader and without telling red from green
    (:mod:`course_lib.quizzes.access`)."""
    from IPython.display import HTML, Javascript, display
    from jupyterquiz import display_quiz

    from . import access

    display_quiz(escaped(translated(questions(chapter))), shuffle_answers=True, max_width=720,
                 colors={**access.COLORS, **access.INPUT_COLORS})
    display(HTML(access.css()))
    display(Javascript(access.script()))

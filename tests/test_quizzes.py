"""Quizzes are data: every quiz follows the schema, and numeric keys are recomputed here
independently of course_lib (with scikit-learn and NumPy)."""

import copy

import numpy as np
import pytest
from sklearn.preprocessing import MinMaxScaler

from course_lib import quizzes
from course_lib.quizzes import QuizError, feature_scaling, validate


@pytest.mark.parametrize("chapter", quizzes.QUIZZES)
def test_every_quiz_follows_the_schema_with_five_or_more_questions(chapter):
    items = quizzes.questions(chapter)
    assert len(items) >= 5


def key(question_text_fragment):
    q = next(q for q in feature_scaling.questions() if question_text_fragment in q["question"])
    return next(a["value"] for a in q["answers"] if a.get("correct"))


def test_feature_scaling_numeric_keys_are_right():
    expected_min_max = MinMaxScaler().fit([[2.0], [10.0]]).transform([[12.0]])[0, 0]
    assert key("new value of 12") == pytest.approx(expected_min_max)
    assert key("mean squared error of 0.04") == pytest.approx(0.04 * 0.05**2)
    assert key("eigenvalues 2000 and 2") == pytest.approx(2 / np.linalg.eigvalsh(np.diag([2000.0, 2.0]))[-1])


def broken(mutate):
    items = copy.deepcopy(feature_scaling.questions())
    mutate(items)
    return items


@pytest.mark.parametrize("mutate, message", [
    (lambda q: q[2]["answers"][0].update(correct=True), "exactly one correct"),
    (lambda q: q[2]["answers"][1].pop("feedback"), "needs feedback"),
    (lambda q: q[2]["answers"].pop(), "3\\+ options"),
    (lambda q: q[0]["answers"].pop(), "exactly one default"),
    (lambda q: q[0].pop("precision"), "precision"),
    (lambda q: q[0]["answers"][0].update(value=float("nan")), "finite float"),
    (lambda q: q[3].update(type="essay"), "type must be"),
    (lambda q: q[3].update(question=""), "non-empty text"),
])
def test_validator_rejects_broken_questions(mutate, message):
    with pytest.raises(QuizError, match=message):
        validate(broken(mutate))


def test_unknown_quiz_is_a_clear_error():
    with pytest.raises(ValueError, match="chapter must be one of"):
        quizzes.questions("chapter_99")

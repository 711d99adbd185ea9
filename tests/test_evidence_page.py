"""The page "Reading the evidence" (evidence.md) shows what course_lib.stats prints: every example
on it is computed here again from the inputs below, and must appear on the page as printed."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from course_lib import stats

PAGE = (Path(__file__).resolve().parents[1] / "evidence.md").read_text(encoding="utf-8")
A = np.array([2.1, 1.8, 2.6, 1.9, 2.4, 2.2, 2.0, 2.7, 1.7, 2.3])
B = np.array([2.5, 2.0, 2.9, 2.6, 2.5, 2.9, 2.1, 3.1, 2.2, 2.4])
DROPOUT = np.array([0.90, 0.92, 0.88, 0.90, 0.91, 0.93, 0.90, 0.89, 0.90, 0.92])
NONE = np.array([0.90, 0.90, 0.88, 0.91, 0.90, 0.90, 0.90, 0.90, 0.88, 0.92])


def test_every_example_on_the_page_is_what_course_lib_prints():
    printed = [
        stats.paired(A, B, "A − B, final loss", better="lower", digits=2),
        stats.paired(A[:5], B[:5], "A − B, 5 seeds", better="lower", digits=2),
        stats.paired(DROPOUT, NONE, "dropout − none, accuracy", scale=100, unit="points"),
        stats.rate(44, 50, "runs that trained"),
        stats.holm([0.01, 0.03, 0.04]),
    ]
    for value in printed:
        assert str(value) in PAGE, f"the page does not show what course_lib prints:\n{value}"


def test_the_pages_readings_are_what_the_summaries_decide():
    ten = stats.paired(A, B, "ten", better="lower", digits=2)
    five = stats.paired(A[:5], B[:5], "five", better="lower", digits=2)
    dropout = stats.paired(DROPOUT, NONE, "dropout", scale=100, unit="points")
    assert ten.a_better and ten.p_value < 0.05  # "A's loss is lower"
    assert not five.decisive and five.wins == 5 and five.p_value == 2 / 2**5  # "no chapter calls an arm better"
    assert not dropout.a_better and not dropout.b_better  # "cannot tell the arms apart"
    assert dropout.low <= -1.0 and dropout.high >= 2.0  # "a point worse or two points better"
    assert list(stats.holm([0.01, 0.03, 0.04]) < 0.05) == [True, False, False]  # "only the first still counts"

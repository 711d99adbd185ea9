"""What jupyterquiz leaves out for keyboard, screen-reader and colour-blind readers.

jupyterquiz draws each option as a label around a visually hidden radio button, so the
options are reachable with Tab and answered with Space or the arrow keys, but nothing shows
which option has the focus, right and wrong are told apart by red and green alone, and the
feedback is not announced. :func:`course_lib.quizzes.show_quiz` adds the three pieces below to
every quiz, in Jupyter, JupyterLab, Colab and the book alike. The book's browser test
(tests/book) answers every chapter's quiz from the keyboard.
"""

from __future__ import annotations

import json
from string import Template

from ..i18n import _

# Right and wrong in the course's Okabe-Ito palette (course_lib.plotting.PALETTE): blue, and
# vermillion darkened so that white text on it keeps a 4.5:1 contrast (WCAG AA). Many-choice
# questions get a dark background for the same reason (jupyterquiz's orange gives 3.2:1).
COLORS = {
    "--jq-correct-color": "#0072B2",
    "--jq-incorrect-color": "#B34700",
    "--jq-many-choice-bg": "#7A3B00",
}
# The number box is the one place with dark text (#1A1A1A, CSS below) on a light ground: white,
# not jupyterquiz's light grey, which left its text at 1.7:1 (the browser check measures it).
INPUT_COLORS = {"--jq-numeric-input-bg": "#FFFFFF"}

# A focus ring on the option whose hidden radio has the keyboard focus; a mark, not only a
# colour, on every answered option and feedback, and "Not quite." before wrong feedback (right
# feedback already opens with "Right", which :func:`course_lib.quizzes.validate` enforces).
# `content: "x" / "alt"` gives screen readers the word instead of the symbol.
CSS = """<style>
.Quiz .MCButton:has(input:focus-visible) {
    outline: 3px solid var(--pst-color-text-base, #1a1a1a); outline-offset: 3px; }
.Quiz .correctButton::before { content: "\\2713\\00a0" / "$right"; font-weight: bold; }
.Quiz .incorrectButton::before { content: "\\2717\\00a0" / "$not_this"; font-weight: bold; }
.Quiz .Feedback.correct::before { content: "\\2713\\00a0" / ""; font-weight: bold; }
.Quiz .Input-text { color: #1A1A1A; background-color: #FFFFFF; border: 2px solid #4D4D4D; }
.Quiz .Feedback.incorrect::before { content: "\\2717\\00a0$not_quite" / "$not_quite"; font-weight: bold; }
</style>"""

# Names the options' radio group after its question, ties the number box to its prompt and
# its question, and makes the feedback a live region: for every quiz on the page, including
# quizzes drawn after this script runs.
JS = """
(function () {
  if (window.courseQuizAccess) { window.courseQuizAccess(document); return; }
  function label(quiz) {
    if (quiz.dataset.access) return;
    const question = quiz.querySelector('[id^="quizQn"]');
    const answers = quiz.querySelector('.Answer');
    const feedback = quiz.querySelector('.Feedback');
    if (!question || !answers || !feedback) return;
    quiz.dataset.access = '1';
    if (answers.querySelector('input[type="radio"]')) {
      answers.setAttribute('role', 'radiogroup');
      answers.setAttribute('aria-labelledby', question.id);
    }
    answers.querySelectorAll('input[type="text"]').forEach(function (box) {
      const prompt = answers.querySelector('label.InpLabel');
      if (prompt) { prompt.htmlFor = box.id; prompt.textContent = $number_prompt; }
      box.setAttribute('aria-describedby', question.id);
      // jupyterquiz blurs the box when Enter checks it (on keypress, so no keyup reaches the
      // box), and moves on to the next question's box only after a right answer; otherwise keep
      // the focus here, the answer selected, so that a retry is typed straight over it.
      box.addEventListener('keypress', function (event) {
        if (event.key !== 'Enter') return;
        setTimeout(function () {
          const now = document.activeElement;
          if (now === box || (now && now.matches('input.Input-text'))) return;
          box.focus();
          box.select();
        }, 0);
      });
    });
    feedback.setAttribute('role', 'status');
    feedback.setAttribute('aria-live', 'polite');
  }
  window.courseQuizAccess = function (root) { root.querySelectorAll('.Quiz').forEach(label); };
  window.courseQuizAccess(document);
  new MutationObserver(function () { window.courseQuizAccess(document); })
    .observe(document.body, {childList: true, subtree: true});
})();
"""


def css() -> str:
    """:data:`CSS` with its words in the reader's language (:mod:`course_lib.i18n`)."""
    return Template(CSS).substitute(right=_("Right: "), not_this=_("Not this one: "), not_quite=_("Not quite. "))


def script() -> str:
    """:data:`JS`, with the number box's prompt (jupyterquiz's own is English) in the reader's
    language."""
    return Template(JS).substitute(number_prompt=json.dumps(_("Type numeric answer here:")))

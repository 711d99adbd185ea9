"""The built book, opened page by page in headless Chromium as a reader would.

Every page is served from _build/html on 127.0.0.1, and every request that leaves that
server is blocked and reported: the book must read fully offline. Each page must load with
no JavaScript error, with its math typeset, and with nothing serious or critical in axe-core's
accessibility audit. Chapter pages must offer Binder and Colab, and a page with a quiz must
show its answer controls.
A full-page screenshot of each page is saved under _build/screenshots/.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import re
import shutil
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from colour_vision import contrast  # noqa: E402
from korean_outputs import english_in_outputs  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
AXE = ROOT / "tests" / "book" / "node_modules" / "axe-core" / "axe.min.js"  # make chromium installs it
AXE_RECORD = ROOT / "_build" / "axe"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Pages Sphinx generates around the book's own (indices, search, the index redirect).
GENERATED = {"genindex.html", "search.html", "index.html"}
# Every page of both editions: the English book and, under ko/, its Korean edition.
PAGES = sorted(
    str(p.relative_to(HTML)) for p in HTML.rglob("*.html")
    if "_static" not in p.parts and "_sources" not in p.parts and p.name not in GENERATED
) if HTML.exists() else []
KOREAN = [p for p in PAGES if p.startswith("ko/")]
# Full-page screenshots cost seconds each: every English page, and these Korean ones.
KOREAN_SHOTS = {"ko/intro.html", "ko/glossary.html", "ko/chapters/01_gradient_descent.html"}
# Korean chapters whose quiz and experiments are driven from the keyboard too: the scripts are
# the English pages', so three chapters check that the Korean text changed nothing (a whole
# second pass would cost a minute and a half of make test's twenty).
KOREAN_DRIVEN = ["ko/chapters/01_gradient_descent.html", "ko/chapters/05_normalization.html",
                 "ko/chapters/10_when_training_fails.html"]
# Console messages that are not failures: pydata-sphinx-theme reports an empty stored theme
# mode on a fresh browser profile (every first visit) with console.error, then uses "auto".
BENIGN_CONSOLE = ("Got invalid theme mode",)
RAW_MATH = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|\\begin\{|\\frac|\\sqrt|\\mathcal")

pytestmark = [
    pytest.mark.skipif(not HTML.exists(), reason="no built book: run `make book` first"),
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium: `make test` installs it"),
]


@pytest.fixture(scope="module")
def server():
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


def open_page(browser, server, page_path):
    """Load a page offline; return the page and what went wrong while it loaded."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: dict[str, list[str]] = {"js_errors": [], "console_errors": [], "external_requests": []}
    page.on("pageerror", lambda e: problems["js_errors"].append(str(e)))
    page.on("console", lambda m: m.type == "error" and not m.text.startswith(BENIGN_CONSOLE)
            and problems["console_errors"].append(m.text))

    def route(r):
        if r.request.url.startswith(server):
            return r.continue_()
        problems["external_requests"].append(r.request.url)
        return r.abort()

    page.route("**/*", route)
    page.goto(f"{server}/{page_path}", wait_until="load")
    if page.locator(".math").count():  # Sphinx loads MathJax only on pages with math
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=15000)
        page.evaluate("() => MathJax.startup.promise")
    return page, problems


MAX_CHAPTER_PX = 25_000


@pytest.mark.parametrize("page_path", PAGES)
def test_page_reads_offline_without_errors(browser, server, page_path):
    page, problems = open_page(browser, server, page_path)
    try:
        if page_path not in KOREAN or page_path in KOREAN_SHOTS:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / (page_path.replace("/", "__").removesuffix(".html") + ".png")),
                            full_page=True)
        assert not problems["js_errors"], f"JavaScript errors on {page_path}: {problems['js_errors']}"
        assert not problems["console_errors"], f"console errors on {page_path}: {problems['console_errors']}"
        assert not problems["external_requests"], (
            f"{page_path} asked the network for {problems['external_requests']}: bundle them instead")

        # Math: every math node was typeset, and no TeX is left in the visible text.
        math_nodes = page.locator("article .math").count()
        typeset = page.locator("article .math mjx-container, article mjx-container").count()
        assert typeset >= math_nodes, f"{page_path}: {math_nodes} math nodes but {typeset} typeset"
        text = page.evaluate("""() => {
            const article = document.querySelector('article').cloneNode(true);
            article.querySelectorAll('pre, code, script, style, mjx-container, .cell_input').forEach(e => e.remove());
            return article.innerText; }""")
        raw = RAW_MATH.findall(text)
        assert not raw, f"{page_path}: un-typeset TeX in the text: {raw[:5]}"

        # Accessibility: axe-core's audit (WCAG 2.1 A and AA, and its best practices: alt text,
        # names, contrast, landmarks, ...) finds nothing serious or critical. Every finding is kept
        # in _build/axe/ for the record.
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})).violations.map(v => ({
            id: v.id, impact: v.impact, nodes: v.nodes.length,
            where: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""")
        AXE_RECORD.mkdir(parents=True, exist_ok=True)
        (AXE_RECORD / (page_path.replace("/", "__").removesuffix(".html") + ".json")).write_text(json.dumps(found))
        serious = [v for v in found if v["impact"] in ("serious", "critical")]
        assert not serious, f"{page_path}: axe-core finds {serious}"

        # Accessibility: Korean words (the glossary's) are marked as Korean for screen readers.
        unmarked = page.evaluate("""() => {
            const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
            const bad = [];
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                if (/[\\uac00-\\ud7a3]/.test(n.nodeValue) && n.parentElement.closest('[lang]').lang !== 'ko') {
                    bad.push(n.nodeValue.trim().slice(0, 20));
                }
            }
            return bad; }""")
        assert not unmarked, f"{page_path}: Korean text without lang=ko: {unmarked[:5]}"

        # A page a learner finishes (issue 36): no chapter taller than about 25,000 px at 1280 px,
        # measured with its math typeset (the tallest today, about 24,600, leave about 2% room).
        if "chapters/" in page_path:
            height = page.evaluate("document.documentElement.scrollHeight")
            assert height <= MAX_CHAPTER_PX, f"{page_path} is {height} px tall at 1280 px (limit {MAX_CHAPTER_PX})"

        # Accessibility: one h1, and headings never skip a level going down (h2 -> h4).
        levels = page.evaluate("""() => [...document.querySelectorAll('article h1, article h2, article h3, '
            + 'article h4, article h5, article h6')].map(h => Number(h.tagName[1]))""")
        assert levels.count(1) == 1, f"{page_path}: {levels.count(1)} h1 headings"
        skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        assert not skips, f"{page_path}: headings skip levels {skips}"
    finally:
        page.close()


CHAPTERS = [p for p in PAGES if p.startswith("chapters/")]


def test_the_korean_edition_has_every_page_of_the_english_book():
    assert KOREAN, "make book builds the Korean edition into _build/html/ko"
    assert sorted(p.removeprefix("ko/") for p in KOREAN) == sorted(p for p in PAGES if p not in KOREAN)


def test_the_korean_footer_names_its_authors_in_korean():
    """The theme's catalog turns "By" into a bare particle ("으로 The authors of ...")."""
    from bs4 import BeautifulSoup

    for page_path in KOREAN:
        soup = BeautifulSoup((HTML / page_path).read_text(encoding="utf-8"), "html.parser")
        author = " ".join(soup.select_one(".component-author").get_text().split())
        assert author == "지은이: 《실험으로 배우는 신경망 학습》의 저자들", f"{page_path}: {author}"


def test_a_korean_font_is_installed_for_the_screenshots():
    import subprocess

    fonts = subprocess.run(["fc-list", ":lang=ko"], capture_output=True, text=True).stdout
    assert fonts.strip(), "no font with Hangul: the Korean pages would show boxes (make test installs fonts-nanum)"


COUNTED = {  # what a reader finds on a page; each Korean page holds as many as its English twin
    "figures": "article img.course-figure",
    "exercises": "article .exercise",
    "formulas": "article .math",
    "code cells": "article .cell",
}
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def page_counts(soup) -> dict[str, int]:
    counts = {name: len(soup.select(selector)) for name, selector in COUNTED.items()}
    counts["claims"] = sum(o.get_text().count("✔") for o in soup.select("article .cell_output"))
    counts["quiz questions"] = sum(str(q).count('"question"') for q in soup.select("article .cell.tag_quiz"))
    return counts


@pytest.mark.parametrize("page_path", KOREAN)
def test_korean_page_is_korean_and_holds_what_its_english_twin_holds(page_path):
    """Read from the built files (the browser check above opens every Korean page as well)."""
    from bs4 import BeautifulSoup

    twin = page_path.removeprefix("ko/")
    ours = BeautifulSoup((HTML / page_path).read_text(encoding="utf-8"), "html.parser")
    theirs = BeautifulSoup((HTML / twin).read_text(encoding="utf-8"), "html.parser")
    assert ours.html.get("lang") == "ko"
    # every heading translated: a translation that Sphinx cannot use is dropped silently
    english = [h.get_text(" ", strip=True) for h in ours.select("article h1, article h2, article h3")
               if not HANGUL.search(h.get_text())]
    assert not english, f"{page_path}: headings left in English: {english}"
    back = ours.select("p.course-edition-switch a[hreflang=en]")
    forward = theirs.select("p.course-edition-switch a[hreflang=ko]")
    depth = twin.count("/")
    assert len(back) == 1 and back[0]["href"] == "../" * (depth + 1) + twin, f"{page_path}: no link to {twin}"
    assert len(forward) == 1 and forward[0]["href"] == "../" * depth + page_path, f"{twin}: no link to {page_path}"
    assert page_counts(ours) == page_counts(theirs), f"{page_path} holds {page_counts(ours)}, its twin {page_counts(theirs)}"


@pytest.mark.parametrize("page_path", [p for p in KOREAN if p.startswith("ko/chapters/")])
def test_a_korean_chapter_speaks_korean_in_its_outputs_and_launches_its_korean_notebook(page_path):
    """What course_lib prints (claims, checker verdicts), its figures' alt text, the quiz and
    the exercise titles are in Korean; Colab and Binder open ko/chapters/<name>.ipynb."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((HTML / page_path).read_text(encoding="utf-8"), "html.parser")
    lines = [line for o in soup.select("article .cell_output") for line in o.get_text().splitlines()
             if line.startswith(("✔", "✘", "✎"))]
    assert lines and all(HANGUL.search(line) for line in lines), [line for line in lines if not HANGUL.search(line)][:3]
    alts = [img.get("alt", "") for img in soup.select("article img.course-figure")]
    assert all(HANGUL.search(alt) for alt in alts), [alt[:60] for alt in alts if not HANGUL.search(alt)]
    questions = re.findall(r'"question": "((?:[^"\\]|\\.)*)"', str(soup.select_one("article .cell.tag_quiz")))
    questions = [json.loads(f'"{q}"') for q in questions]  # the quiz's JSON string, unescaped
    assert questions and all(HANGUL.search(q) for q in questions), questions[:2]
    titles = [t.get_text() for t in soup.select("article .exercise .admonition-title")]
    assert titles and all(HANGUL.search(t.split("(", 1)[-1]) for t in titles), titles
    notebook = page_path.removesuffix(".html") + ".ipynb"  # ko/chapters/<name>.ipynb
    for button in soup.select('a[href*="colab.research.google.com"], a[href*="mybinder.org"]'):
        assert button["href"].endswith(notebook), f"{page_path}: {button['href']} does not open {notebook}"
    assert (ROOT / notebook).exists(), f"{notebook} is missing: run make locales"
    downloads = [a["href"] for a in soup.select('a[href$=".ipynb"]') if "_sources" in a["href"]]
    assert downloads, f"{page_path}: no download button for the notebook"
    for href in downloads:  # the download gives the Korean notebook, as Colab and Binder open
        assert (HTML / page_path).parent.joinpath(href).read_bytes() == (ROOT / notebook).read_bytes(), href


@pytest.mark.parametrize("page_path", [p for p in KOREAN if p.startswith("ko/chapters/")])
def test_a_korean_chapters_figures_and_printed_tables_show_no_english_word(page_path):
    """Every text a Korean chapter's figures show (titles, axes, legends, annotations, ticks,
    recorded by course_lib.plotting.show) and every line it prints is Korean, save the names
    that stay Latin in Korean ML writing, code and math (tests/korean_outputs.py)."""
    executed = ROOT / "_build" / "ko" / "_build" / "jupyter_execute" / page_path.removeprefix("ko/")
    executed = executed.with_suffix(".ipynb")
    assert executed.exists(), f"{executed} is missing: build the Korean edition (make book)"
    english = english_in_outputs(executed)
    assert not english, f"{page_path}: still English (cell, text): {english[:8]}"


@pytest.mark.parametrize("page_path", CHAPTERS + [p for p in KOREAN if p.startswith("ko/chapters/")])
def test_launch_buttons_open_the_notebook_at_the_release_tag_whose_course_lib_it_installs(page_path):
    """One release from page to package: the buttons open the tag v<version>, not a branch, and
    the page's setup cell (its first output says so) installs that release."""
    from bs4 import BeautifulSoup

    import course_lib

    soup = BeautifulSoup((HTML / page_path).read_text(encoding="utf-8"), "html.parser")
    tag = f"v{course_lib.__version__}"
    colab = [a["href"] for a in soup.select('a[href*="colab.research.google.com"]')]
    binder = [a["href"] for a in soup.select('a[href*="mybinder.org"]')]
    assert colab and all(f"/blob/{tag}/" in href for href in colab), colab
    assert binder and all(f"/{tag}?" in href for href in binder), binder
    first_output = soup.select_one("article .cell.tag_setup .cell_output").get_text()
    assert re.search(r"(Ran on|실행 환경:) .*\(\d+", first_output) and "JAX" in first_output, first_output


@pytest.mark.parametrize("page_path", CHAPTERS)
def test_chapter_has_launch_buttons_and_a_working_quiz(browser, server, page_path):
    page, _ = open_page(browser, server, page_path)
    try:
        assert page.locator('a[href*="mybinder.org"]').count() >= 1, f"{page_path}: no Binder button"
        assert page.locator('a[href*="colab.research.google.com"]').count() >= 1, f"{page_path}: no Colab button"
        quizzes = page.locator(".cell.tag_quiz")
        assert quizzes.count() >= 1, f"{page_path}: no quiz cell"
        questions = page.locator(".cell.tag_quiz .Quiz:not(.JQLink)")
        answers = page.locator(".cell.tag_quiz .MCButton, .cell.tag_quiz .Input-text")
        assert questions.count() >= 5, f"{page_path}: the quiz shows {questions.count()} questions"
        assert answers.count() >= questions.count(), f"{page_path}: the quiz shows no answer controls"
        # Clicking a choice gives feedback.
        first = page.locator(".cell.tag_quiz .MCButton").first
        first.click()
        feedback = page.locator(".cell.tag_quiz .Feedback").filter(has_text=re.compile(r"\w"))
        assert feedback.count() >= 1, f"{page_path}: clicking an answer showed no feedback"
        # The reference solutions are folded away by default.
        solutions = page.locator(".solution.dropdown")
        assert solutions.count() >= 2, f"{page_path}: expected folded reference solutions"
    finally:
        page.close()


def test_quiz_text_is_shown_as_written_not_read_as_markup(browser, server):
    """Chapter 2's quiz says "0<η<2/f''": jupyterquiz inserts text as HTML, so unescaped, the
    browser would read "<η<2/f''..." as the start of a tag and drop the rest."""
    page, problems = open_page(browser, server, "chapters/02_learning_rate.html")
    try:
        quiz = page.locator(".cell.tag_quiz")
        assert "inside the stable range 0<η<2/f'', what does one" in quiz.inner_text()
        assert not problems["js_errors"], problems["js_errors"]
    finally:
        page.close()


def as_hex(css_colour: str) -> str:
    """'rgb(26, 26, 26)' (as getComputedStyle gives it) as '#1a1a1a'."""
    return "#" + "".join(f"{int(float(v)):02x}" for v in re.findall(r"[\d.]+", css_colour)[:3])


def tab_to(page, selector, limit=40):
    """Press Tab until the focus is on an element matching selector; return how many presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")


@pytest.mark.parametrize("page_path", CHAPTERS + [p for p in KOREAN_DRIVEN if p in KOREAN])
def test_quiz_works_from_the_keyboard_and_announces_its_feedback(browser, server, page_path):
    """A reader without a mouse tabs into the quiz, picks options with Space and the arrow keys,
    sees where the focus is, finds the right answer, and types a number and presses Enter."""
    page, problems = open_page(browser, server, page_path)
    try:
        # Start just before the quiz, as after reading the text above it.
        page.locator(".cell.tag_quiz").first.evaluate("e => { e.tabIndex = -1; e.focus(); }")
        radio = ".cell.tag_quiz .Answer input[type=radio]"
        tab_to(page, radio)
        quiz = page.locator(".cell.tag_quiz .Quiz").filter(has=page.locator("input:focus"))
        option = quiz.locator("label.MCButton").filter(has=page.locator("input:focus"))
        ring = option.evaluate("e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth]; }")
        assert ring[0] != "none" and float(ring[1].removesuffix("px")) >= 2, f"no visible focus ring: {ring}"

        group = quiz.locator(".Answer")
        assert group.get_attribute("role") == "radiogroup"
        named_by = page.locator(f"#{group.get_attribute('aria-labelledby')}").inner_text().strip()
        assert named_by and named_by == quiz.locator("[id^=quizQn]").inner_text().strip()
        feedback = quiz.locator(".Feedback")
        assert feedback.get_attribute("aria-live") == "polite" and feedback.get_attribute("role") == "status"

        page.keyboard.press("Space")
        assert feedback.inner_text().strip(), "Space on an option gave no feedback"
        options = quiz.locator("label.MCButton").count()
        for _ in range(options):  # the arrow keys walk the options, each one answered
            if "correct" in feedback.get_attribute("class").split():
                break
            page.keyboard.press("ArrowDown")
        assert "correct" in feedback.get_attribute("class").split(), "the arrow keys never reached the right answer"
        assert page.evaluate("() => document.activeElement.closest('label').dataset.correct") == "true"

        # A numeric question: its box is named, takes the key, and Enter checks it.
        box_selector = ".cell.tag_quiz .Answer input.Input-text"
        if page.locator(box_selector).count():
            page.locator(".cell.tag_quiz").first.evaluate("e => e.focus()")
            tab_to(page, box_selector)
            box = page.locator(f"{box_selector}:focus")
            assert box.evaluate("e => e.labels.length") == 1, "the number box has no label"
            key = next(a["value"] for a in json.loads(box.get_attribute("data-answers")) if a.get("correct"))
            numeric = page.locator(".cell.tag_quiz .Quiz").filter(has=page.locator(f"#{box.get_attribute('id')}"))
            page.keyboard.type(repr(key))
            page.keyboard.press("Enter")  # checks the answer; jupyterquiz blurs the box, the course refocuses it
            assert "correct" in numeric.locator(".Feedback").get_attribute("class").split()
            # The course gives the focus back in a task queued after jupyterquiz's blur (a
            # zero-delay timer), which need not have run when the key press returns: wait for it.
            from playwright.sync_api import TimeoutError as PlaywrightTimeout

            try:
                page.wait_for_function("() => document.activeElement.matches('input.Input-text')", timeout=3000)
            except PlaywrightTimeout:
                pytest.fail("Enter took the focus off the number box: a keyboard retry must start by finding it again")
            box = page.locator(f"#{box.get_attribute('id')}")
            colours = box.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
            ratio = contrast(*(as_hex(c) for c in colours))
            assert ratio >= 4.5, f"the number box's text has contrast {ratio:.1f}:1 on its background (WCAG AA: 4.5)"
        assert not problems["js_errors"], problems["js_errors"]
    finally:
        page.close()


EXPLORER_PAGES = [p for p in CHAPTERS if p.endswith("02_learning_rate.html")]


@pytest.mark.parametrize("page_path", EXPLORER_PAGES)
def test_learning_rate_explorer_works_without_a_kernel(browser, server, page_path):
    page, problems = open_page(browser, server, page_path)
    try:
        explorer = page.locator(".lr-explorer")
        assert explorer.count() == 1, f"{page_path}: the learning-rate explorer is missing"
        assert "Predict first" in explorer.inner_text() and not explorer.locator(".lr-explorer-body").is_visible()
        explorer.locator("button").focus()
        page.keyboard.press("Enter")
        slider, label = explorer.locator('input[type="range"]'), explorer.locator("output")
        assert explorer.locator("svg polyline").count() >= 3, "the explorer drew no curve"
        before = label.inner_text()
        # From the keyboard, as a reader without a mouse would: focus the slider, press End.
        slider.focus()
        page.keyboard.press("End")
        after = label.inner_text()
        assert after != before and "diverging" in after, f"moving to the largest rate showed: {after!r}"
        iterates = explorer.locator('svg polyline[stroke="#D55E00"]').get_attribute("points").split()
        assert len(iterates) == 13, f"a diverging run must stay in view: {len(iterates)} of 13 iterates drawn"
        slider.focus()
        page.keyboard.press("Home")
        assert "monotone" in label.inner_text()
        for _ in range(24):  # 0.01 per step: the rate that reaches the minimum in one step, 1/f'' = 0.25
            page.keyboard.press("ArrowRight")
        assert label.inner_text().startswith("η = 0.25: each step multiplies x by 1 − η·f'' = 0"), label.inner_text()
        explorer.screenshot(path=str(SHOTS / "learning_rate_explorer.png"))
        assert not problems["js_errors"], problems["js_errors"]
    finally:
        page.close()


EXPERIMENT_PAGES = [p for p in CHAPTERS if "curve-explorer" in (HTML / p).read_text(encoding="utf-8")]


def test_chapters_with_a_reader_experiment():
    # chapter 2 has its own explorer (above); these have course_lib's curve explorer so far
    have = {Path(p).stem[:2] for p in EXPERIMENT_PAGES}
    assert {"01", "03", "04", "05", "06", "07", "08", "09", "10"} <= have, sorted(have)


@pytest.mark.parametrize("page_path", EXPERIMENT_PAGES + [p for p in KOREAN_DRIVEN
                                                           if p in KOREAN and p.removeprefix("ko/") in EXPERIMENT_PAGES])
def test_reader_experiments_ask_first_then_work_from_the_keyboard(browser, server, page_path):
    predict = "먼저 예측해 보세요" if page_path.startswith("ko/") else "Predict first"
    page, problems = open_page(browser, server, page_path)
    try:
        for n in range(page.locator(".curve-explorer").count()):
            explorer = page.locator(".curve-explorer").nth(n)
            body, button = explorer.locator(".curve-explorer-body"), explorer.locator("button")
            assert predict in explorer.inner_text() and not body.is_visible(), "predict before seeing"
            button.focus()
            page.keyboard.press("Enter")  # from the keyboard, as a reader without a mouse would
            assert body.is_visible() and button.get_attribute("aria-expanded") == "true"
            slider, label = explorer.locator('input[type="range"]'), explorer.locator("output")
            assert slider.evaluate("e => e === document.activeElement"), "the slider takes the focus"
            assert explorer.locator("svg polyline").count() >= 2, "the experiment drew no curve"
            before, drawn = label.inner_text(), explorer.locator("svg").inner_html()
            page.keyboard.press("ArrowRight" if slider.get_attribute("value") != slider.get_attribute("max")
                                else "ArrowLeft")
            assert label.inner_text() != before and explorer.locator("svg").inner_html() != drawn
            assert slider.get_attribute("aria-valuetext") == label.inner_text()
            if n == 0:
                edition = "ko__" if page_path.startswith("ko/") else ""
                explorer.screenshot(path=str(SHOTS / f"{edition}{Path(page_path).stem}_experiment.png"))
        assert not problems["js_errors"], problems["js_errors"]
    finally:
        page.close()


PHONE_FONT_PX = 9  # the smallest figure text a phone shows, or the figure opens at full size


@pytest.mark.parametrize("page_path", CHAPTERS + ["ko/chapters/05_normalization.html",
                                                  "ko/chapters/10_when_training_fails.html"])
def test_a_phone_reads_the_page_tables_keep_their_rows_and_small_figures_open_full_size(browser, server, page_path):
    """At 390 px: the page is no wider than the screen; printed results keep their rows (they
    scroll inside their box rather than re-wrap); no identifier is split mid-word; a display
    equation wider than the column scrolls inside its box; every figure either shows its smallest
    text at 9 px or more, or opens at full size from a tap and from the keyboard."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(f"{server}/{page_path}", wait_until="load")
        if page.locator(".math").count():
            page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=15000)
            page.evaluate("() => MathJax.startup.promise")
        page.evaluate("() => window.dispatchEvent(new Event('resize'))")  # after MathJax's layout
        layout = page.evaluate("""() => ({
            page: document.documentElement.scrollWidth,
            rewrapped: [...document.querySelectorAll('div.cell_output pre')]
                .filter(p => getComputedStyle(p).whiteSpace !== 'pre').length,
            splitting: [...document.querySelectorAll('pre')]
                .filter(p => ['anywhere', 'break-word'].includes(getComputedStyle(p).overflowWrap)
                             || getComputedStyle(p).wordBreak === 'break-all').length,
            clipped: [...document.querySelectorAll('div.math')]
                .filter(m => m.scrollWidth > m.clientWidth + 1
                             && !['auto', 'scroll'].includes(getComputedStyle(m).overflowX)).length,
        })""")
        assert layout["page"] <= 390, f"the page is {layout['page']} px wide on a 390 px screen"
        assert layout["rewrapped"] == 0, f"{layout['rewrapped']} printed results re-wrap their rows"
        assert layout["splitting"] == 0, f"{layout['splitting']} code boxes may split an identifier mid-word"
        assert layout["clipped"] == 0, f"{layout['clipped']} display equations are clipped, not scrolled"
        figures = page.evaluate(f"""() => [...document.querySelectorAll('img.course-figure')].map((i, n) => ({{
            n, font: Number(i.dataset.minFontPx) * i.getBoundingClientRect().width / Number(i.getAttribute('width')),
            zoom: i.dataset.zoom === '1' && i.getAttribute('role') === 'button' && i.tabIndex === 0}}))""")
        small = [f for f in figures if f["font"] < PHONE_FONT_PX]
        assert all(f["zoom"] for f in small), f"figures with text under {PHONE_FONT_PX} px that no tap opens: {small}"
        if small:
            figure = page.locator("img.course-figure").nth(small[0]["n"])
            figure.scroll_into_view_if_needed()
            figure.click()
            dialog = page.locator("dialog.course-figure-zoom[open]")
            shown = dialog.locator("img").evaluate("i => i.getBoundingClientRect().width")
            natural = figure.evaluate("i => [Number(i.getAttribute('width')), Number(i.dataset.minFontPx)]")
            assert natural[1] * shown / natural[0] >= PHONE_FONT_PX, "the opened figure is still too small to read"
            page.keyboard.press("Escape")
            assert dialog.count() == 0
            assert figure.evaluate("i => document.activeElement === i"), "closing did not give the focus back"
            page.keyboard.press("Enter")
            assert page.locator("dialog.course-figure-zoom[open]").count() == 1, "Enter on the figure opened nothing"
            page.keyboard.press("Escape")
    finally:
        page.close()


def test_claims_ledger_lists_every_claim_as_printed_and_links_to_the_cell_that_checks_it():
    import importlib.util
    import json

    from bs4 import BeautifulSoup

    spec = importlib.util.spec_from_file_location("claims_ledger", ROOT / "_ext" / "claims_ledger.py")
    ledger_ext = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ledger_ext)
    html = (HTML / "claims.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(chapters/[^"#]+)#(claim-cell-\d+)"', html)
    expected = 0
    for notebook in sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb")):
        cells = ledger_ext.claims_by_cell(notebook)
        expected += sum(len(c) for c in cells)
        page = (HTML / "chapters" / notebook.with_suffix(".html").name).read_text(encoding="utf-8")
        for n in range(1, len(cells) + 1):
            assert f'id="claim-cell-{n}"' in page, f"{notebook.name}: no anchor for claim cell {n}"
        # every claim cell of the notebook really prints its claims when run (json: the source is the truth)
        assert len(cells) == sum("claim(" in "".join(c["source"]) for c in json.loads(notebook.read_text())["cells"]
                                 if c["cell_type"] == "code")
    assert len(links) >= expected > 0  # a claim in a loop prints, and is listed, once a pass
    # a claim is listed as its cell printed it: a source statement, its computed parts "…", would
    # be missing from the chapter's page (a claim may still begin with "…" in its own words)
    pages = {}
    for li in BeautifulSoup(html, "html.parser").select("li"):
        link = li.find("a", href=re.compile(r"#claim-cell-"))
        if link is None or not li.get_text().lstrip().startswith("✔"):
            continue
        line = li.get_text(" ", strip=True).removesuffix(link.get_text(" ", strip=True)).strip()
        target = link["href"].split("#")[0]
        if target not in pages:
            pages[target] = " ".join(BeautifulSoup((HTML / target).read_text(encoding="utf-8"),
                                                   "html.parser").get_text(" ").split())
        # Sphinx's smart quotes curl the ledger's apostrophes and join its "..."; the printed
        # output keeps them as typed
        straight = " ".join(line.split()).translate(str.maketrans("‘’“”", "''\"\"")).replace("…", "...")
        assert straight in pages[target], f"the ledger lists a claim its page never printed: {line}"


def test_each_chapter_links_first_uses_to_the_glossary_and_every_link_lands():
    glossary = (HTML / "glossary.html").read_text(encoding="utf-8")
    for page in sorted((HTML / "chapters").glob("*.html")):
        anchors = re.findall(r'href="\.\./glossary\.html#(term-[^"]+)"', page.read_text(encoding="utf-8"))
        assert len(anchors) >= 3, f"{page.name} links only {len(anchors)} glossary terms"
        assert len(anchors) == len(set(anchors)), f"{page.name}: a term is linked more than once"
        missing = [a for a in anchors if f'id="{a}"' not in glossary]
        assert not missing, f"{page.name}: glossary anchors not found: {missing}"


@pytest.mark.parametrize("page_path", CHAPTERS)
def test_setup_is_folded_and_colab_decorations_stay_out_of_the_book(page_path):
    page = (HTML / page_path).read_text(encoding="utf-8")
    assert "@title" not in page, "Colab's # @title comments belong to Colab, not the book"
    setup = re.search(r'<div class="cell (?:tag_[\w-]+ )*tag_setup[^"]*"', page)
    assert setup and "tag_hide-input" in setup.group(0), "the setup cell is folded behind a toggle"


@pytest.mark.parametrize("page_path", CHAPTERS + [p for p in KOREAN if p.startswith("ko/chapters/")])
def test_mathjax_loads_before_the_quiz_scripts_that_read_it(page_path):
    # jupyterquiz reads MathJax.version 500 ms after drawing a quiz. A deferred MathJax was, on a
    # busy machine, not there yet (a TypeError) or not ready (jupyterquiz then fetches MathJax from
    # a CDN): seen only when pages load slowly, so it is checked here in the HTML (_config.yml).
    page = (HTML / page_path).read_text(encoding="utf-8")
    tag = re.search(r"<script[^>]*mathjax/tex-chtml\.js[^>]*>", page)
    assert tag, "no MathJax on a chapter page"
    assert not re.search(r"\b(defer|async)\b", tag.group()), f"MathJax must load in order, not {tag.group()}"


@pytest.mark.parametrize("page_path", CHAPTERS + [p for p in KOREAN if p.startswith("ko/chapters/")])
def test_printed_results_fit_the_text_column(page_path):
    # Claims, tables and summaries are printed to fit (course_lib.claims.WIDTH columns, a Hangul
    # character taking two): a wider line makes its box scroll, and the evidence hides off-screen.
    from course_lib.claims import WIDTH, display_width

    page = (HTML / page_path).read_text(encoding="utf-8")
    wide = []
    for block in re.findall(r'<div class="output (?:stream|text_plain)[^"]*">\s*<div class="highlight"><pre>(.*?)</pre>',
                            page, re.S):
        text = html.unescape(re.sub(r"<[^>]+>", "", block))
        wide += [line for line in text.splitlines() if display_width(line) > WIDTH]
    assert not wide, f"{len(wide)} printed lines wider than {WIDTH} characters, e.g. {wide[:2]}"


FONT_FLOOR_PX = 10  # the smallest figure text, as rendered at a 1280 px wide window


@pytest.mark.parametrize("page_path", CHAPTERS)
def test_figure_text_stays_legible_at_the_column_width(browser, server, page_path):
    # course_lib.plotting renders each figure at 2x and records the display size of its smallest
    # text; the page may shrink the figure to the column, and the text with it.
    page, _ = open_page(browser, server, page_path)
    try:
        figures = page.evaluate("""() => [...document.querySelectorAll('img.course-figure')].map(i => ({
            alt: i.alt.slice(0, 60), natural: Number(i.getAttribute('width')),
            shown: i.getBoundingClientRect().width, font: Number(i.dataset.minFontPx),
            sharp: i.naturalWidth / Number(i.getAttribute('width'))}))""")
    finally:
        page.close()
    assert figures, f"{page_path} shows no figure"
    for f in figures:
        assert f["sharp"] >= 2, f"{page_path}: {f['alt']!r} is not rendered at 2x"
        rendered = f["font"] * f["shown"] / f["natural"]
        assert rendered >= FONT_FLOOR_PX, (f"{page_path}: the smallest text of {f['alt']!r} shows at "
                                           f"{rendered:.1f} px (floor {FONT_FLOOR_PX} px)")


@pytest.mark.parametrize("page_path", CHAPTERS)
def test_exercises_are_numbered_within_their_chapter_and_stubs_show_a_neutral_prompt(page_path):
    page = (HTML / page_path).read_text(encoding="utf-8")
    chapter = int(re.search(r"chapters/(\d+)_", page_path).group(1))
    numbers = sorted(set(re.findall(r"Exercise (\d+)\.(\d+)", page)))
    assert numbers == [(str(chapter), str(k)) for k in range(1, len(numbers) + 1)], numbers
    assert "Your turn" in page and "✘ Not yet" not in page  # a stub in the book is a prompt, not a failure


@pytest.mark.parametrize("how", ["served", "opened from the files"])
def test_search_finds_pages_with_snippets_and_logs_no_error(browser, server, how):
    base = server if how == "served" else HTML.resolve().as_uri()
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # (a browser asks a server for /favicon.ico by itself; the book has none, so that 404 is not the book's)
    page.on("console", lambda m: m.type == "error" and not m.text.startswith(BENIGN_CONSOLE)
            and not m.location.get("url", "").endswith("/favicon.ico") and errors.append(m.text))
    try:
        page.goto(f"{base}/search.html?q=momentum", wait_until="load")
        page.wait_for_function("() => document.querySelectorAll('#search-results li p.context').length > 0",
                               timeout=15000)
        page.wait_for_timeout(500)  # let the other snippets arrive
        results = page.evaluate("""() => [...document.querySelectorAll('#search-results li')].map(li => ({
            href: li.querySelector('a').getAttribute('href'), snippet: (li.querySelector('p.context') || {}).textContent || ''}))""")
    finally:
        page.close()
    assert not errors, f"search {how}: {errors[:3]}"
    assert any("08_optimizers" in r["href"] for r in results), results[:5]
    with_snippet = [r for r in results if "momentum" in r["snippet"].lower()]
    assert len(with_snippet) == len(results), f"results without a snippet: {[r['href'] for r in results if r not in with_snippet]}"
    assert any("#" in r["href"] for r in results), f"no result links to a section: {results}"
    pages = [r["href"].split("#")[0] for r in results]
    assert len(pages) == len(set(pages)), f"a page listed twice: {pages}"
    chapters = [r["href"] for r in results if r["href"].startswith("chapters/")]
    assert chapters and all("#" in href for href in chapters), f"a chapter not linked to its section: {chapters}"
    noise = [r["snippet"][:80] for r in results if re.search(r"Show (the|code)|# Setup|import |Contents 1\.|Binder Colab", r["snippet"])]
    assert not noise, f"snippets show code, fold labels or the page's contents: {noise}"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_landing_page_shows_one_search_box(browser, server, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(f"{server}/intro.html", wait_until="load")
        shown = page.evaluate("""() => [...document.querySelectorAll('.search-button-field, .search-button')]
            .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0
                           && getComputedStyle(e).visibility !== 'hidden'; }).length""")
    finally:
        page.close()
    assert shown == 1, f"{shown} search boxes or buttons shown at {width} px"


@pytest.mark.parametrize("page_path", [p for p in KOREAN if p.startswith("ko/chapters/")])
def test_korean_chapters_link_first_uses_of_the_glossarys_korean_terms(page_path):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((HTML / page_path).read_text(encoding="utf-8"), "html.parser")
    links = [a.get_text() for a in soup.select("article a[href*='glossary.html#term-']")]
    assert len(links) >= 3, f"{page_path}: glossary links {links}"
    assert all(HANGUL.search(t) for t in links), f"{page_path}: English words linked on a Korean page: {links}"
    assert len(links) == len(set(links)), f"{page_path}: a term linked twice: {links}"


@pytest.mark.parametrize("page_path", ["intro.html", "ko/intro.html"])
def test_the_chapter_map_shows_every_chapters_run_time_and_a_reading_time_that_counts_the_code(page_path):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((HTML / page_path).read_text(encoding="utf-8"), "html.parser")
    rows = soup.select("table.chapter-overview tbody tr")
    assert len(rows) == len(CHAPTERS), "one row a chapter"
    unit = "초" if page_path.startswith("ko/") else " s"
    for row in rows:
        cells = [td.get_text(" ", strip=True) for td in row.select("td")]
        assert re.fullmatch(r"\d+" + unit, cells[2]), f"{cells[0]}: run time {cells[2]!r}, not one this build measured"
        assert int(re.match(r"\d+", cells[1]).group()) >= 20, f"{cells[0]}: {cells[1]} cannot count the code shown"
    table = soup.select_one("table.chapter-overview")
    note = next(p for p in table.find_all_next("p") if table not in p.parents).get_text()
    assert "make bench" in note and re.search(r"\d+ ?(cores|코어)", note), note

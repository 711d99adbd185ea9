# The two commands of the contract: `make book` and `make test`. Both set up everything they
# need on a fresh machine: .venv with the exact pins of requirements.txt and, for the tests,
# Debian's chromium for the browser check.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JOBS ?= 2
# JAX's persistent compilation cache, for runs that execute a chapter again (a rebuild of the book,
# make bench BENCH_FLAGS=--warm, a second session of make lab): compiled trainers are loaded
# instead of compiled, and so is every small program (a slice, a concatenation, a random split),
# which would otherwise cost 20-30 ms to compile each time; a chapter runs tens of them (minimum
# compile time 0: cache all). Entries are keyed on the computation, the XLA flags and the
# versions, so they cannot go stale; deleting the folder changes nothing but time. The student and
# Colab runs, and make bench, compile afresh, as a learner's first run does.
JAX_CACHE := JAX_COMPILATION_CACHE_DIR=$(CURDIR)/_build/jax-cache JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS=0
NO_JAX_CACHE := env -u JAX_COMPILATION_CACHE_DIR

.PHONY: venv chromium tex book locales pdf pdf-test test unit notebooks browser student student-test instructor instructor-test colab-test colab-refresh latest-test lab bench release wheel github-release draw-test clean distclean

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

venv: $(STAMP)

chromium:
	@scripts/ensure_chromium.sh

tex:
	@scripts/ensure_tex.sh

# jupyter-cache keys executed notebooks on their own content only, and Sphinx rereads only the
# sources that changed, so outputs would go stale when course_lib changes. Each stamp holds a
# digest of what its outputs depend on, and a build drops the caches it guards when the digest
# differs. A digest, not a file time: a _build copied or restored beside a newer checkout (whose
# files' times say nothing) must not serve pages from an older course_lib.
# An unchanged rebuild still reads and writes no page (issue 40).
KO_DOCTREES := _build/ko/_build/.doctrees _build/ko-pdf/_build/.doctrees
# $(call refresh,stamp,files,what to drop)
define refresh
@mkdir -p _build; digest=$$(cat $(2) | sha256sum | cut -c1-16); \
if [ "$$(cat $(1) 2>/dev/null)" != "$$digest" ]; then \
  echo "$(1): sources changed, dropping $(3)"; rm -rf $(3); echo "$$digest" > $(1); fi
endef
.PHONY: caches korean-font
caches:
	$(call refresh,_build/.course_lib-stamp,$$(find course_lib -name '*.py' | sort) pyproject.toml,\
	  _build/.jupyter_cache _build/.doctrees _build/ko/.jupyter_cache $(KO_DOCTREES))
	$(call refresh,_build/.ko-stamp,$$(find course_lib/locales -name '*.po' | sort),\
	  _build/ko/.jupyter_cache $(KO_DOCTREES))
	$(call refresh,_build/.ext-stamp,$$(find _ext -name '*.py' | sort),_build/.doctrees $(KO_DOCTREES))

# The Korean edition draws its figures' text in Hangul (course_lib.i18n): a Korean font (Debian's
# fonts-nanum, 10 MB) when none is installed, else the figures keep their English text.
korean-font:
	@if ! fc-list :lang=ko 2>/dev/null | grep -q . && ! ls /usr/share/fonts/truetype/nanum >/dev/null 2>&1; then \
	  scripts/apt_install.sh "the Korean edition's figures" fonts-nanum; fi

## book: build the HTML book into _build/html and its Korean edition into _build/html/ko (each runs the chapters once, in its language, JOBS at a time by scripts/prerun.py; results are cached in _build/.jupyter_cache and _build/ko/.jupyter_cache)
book: venv caches korean-font
	$(JAX_CACHE) $(BIN)/python scripts/prerun.py --jobs $(JOBS)
	$(JAX_CACHE) $(BIN)/jupyter-book build . -W -n --keep-going
	$(JAX_CACHE) $(BIN)/python scripts/editions.py build ko

## locales: refresh the translation catalogs (locales/ko/LC_MESSAGES, and course_lib's own for claims, alt text, quizzes and checkers) from the English sources, and write the Korean notebooks (ko/chapters) from them; run it after changing English text, and again after translating
locales: venv
	$(BIN)/python scripts/editions.py extract

## pdf: the whole book as one PDF, _build/latex/book.pdf, and the Korean edition's, _build/ko-pdf/_build/latex/book.pdf (XeLaTeX; Debian's TeX packages are installed when missing), each copied beside its HTML edition when that exists
pdf: venv tex caches
	$(JAX_CACHE) $(BIN)/jupyter-book build . --builder pdflatex
	@if [ -d _build/html ]; then cp _build/latex/book.pdf _build/html/book.pdf; fi
	$(JAX_CACHE) $(BIN)/python scripts/editions.py pdf ko

# The PDF's own checks: every chapter and figure in it, no LaTeX error, no missing glyph.
pdf-test: pdf
	$(BIN)/python -m pytest tests/pdf

## test: everything that gates a change; exits non-zero on any failure
# Each chapter runs three times, each run with its own evidence: the book build (this machine's
# fastest arithmetic, the pinned versions, every solution), nbval over the student edition (a
# second arithmetic, no solutions) and the Colab run (Colab's versions, alone, installing
# course_lib). Nothing else executes a chapter.
test: venv chromium
	@for stage in unit book student-test instructor-test colab-test browser pdf-test; do \
		start=$$(date +%s); $(MAKE) --no-print-directory $$stage || exit 1; \
		echo "make test: $$stage took $$(( $$(date +%s) - start )) s"; \
	done

# Unit tests of course_lib, checkers, quizzes, packaging and notebook hygiene (no chapter runs).
unit: venv
	$(BIN)/python -m pytest tests --ignore=tests/book --ignore=tests/student --ignore=tests/colab --ignore=tests/pdf \
		--ignore=tests/instructor -n $(JOBS)

# nbval over every chapter with this machine's arithmetic (make book runs them that way too).
notebooks: venv
	$(JAX_CACHE) $(BIN)/python -m pytest chapters --nbval-lax --nbval-current-env -n $(JOBS) --dist loadfile

# Every built page in headless Chromium; screenshots go to _build/screenshots/.
browser: venv chromium
	$(BIN)/python -m pytest tests/book

## student: the student edition, every chapter without its reference solutions, in _build/student/
student: venv
	$(BIN)/python scripts/student.py

# nbval runs the student edition in a second arithmetic (tests/second_arithmetic.py), recording
# what each cell prints; then its checkers must say "not implemented", no solution may leak, and
# its claims must come out as in the built book: needs `make book`.
student-test: student
	rm -rf _build/student/second-run
	$(NO_JAX_CACHE) PYTHONPATH=tests:tests/student $(BIN)/python -m pytest _build/student/chapters -p second_run \
		--nbval-lax --nbval-current-env -n $(JOBS) --dist loadfile
	$(BIN)/python -m pytest tests/student

# The instructor pack's one extra tool, Otter-Grader (7.0.0, the current release). pip's resolver
# installs it beside requirements.txt without moving any pin (`pip install --dry-run -r
# requirements.txt otter-grader` only adds the packages of requirements-instructor.txt), so it goes
# into the same .venv, from that separate pinned file, constrained by requirements.txt (a pin that
# would move fails the install), and only for the targets below: the book, Binder and Colab never
# install it.
OTTER_STAMP := $(VENV)/.otter-installed
$(OTTER_STAMP): requirements-instructor.txt $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-instructor.txt \
		-c <(grep -v '^-e' requirements.txt)
	@touch $@

## instructor: the instructor pack, every chapter as an Otter-Grader assignment in _build/instructor/<chapter>/ (student/ the notebook to hand out; autograder/ the solutions and the Gradescope zip, with hidden tests on held-out seeds; points in scripts/instructor.py)
instructor: venv $(OTTER_STAMP)
	$(BIN)/python scripts/instructor.py

# The pack's grading, offline (`otter run`, no Docker, no network): per chapter the reference
# solutions get full marks, the stubs zero, a notebook of mistakes, bypasses, a crash and an endless
# loop what tests/instructor/test_grading.py says; every recognised mistake through Otter's tests.
instructor-test: instructor
	$(BIN)/python -m pytest tests/instructor -n $(JOBS)

# Each chapter as Colab runs it, on Colab's versions (tests/colab/constraints.txt): alone, in a
# fresh venv without course_lib, which its setup cell installs from a wheel of this checkout
# (COURSE_LIB_SOURCE); the install must change no package Colab has, and a new kernel must start.
# JOBS pytest-xdist workers, each with its own venv, run JOBS chapters at a time.
colab-test: venv
	$(NO_JAX_CACHE) $(BIN)/python -m pytest tests/colab -n $(JOBS)

# Colab's current package list (public: googlecolab/backend-info) into tests/colab/constraints.txt;
# the weekly workflow runs this, then colab-test. Needs the network.
COLAB_FREEZE := https://raw.githubusercontent.com/googlecolab/backend-info/main/pip-freeze.txt
colab-refresh: venv
	curl -fsSL $(COLAB_FREEZE) -o _build/colab-pip-freeze.txt
	$(BIN)/python scripts/colab_stack.py _build/colab-pip-freeze.txt

# Every chapter on the newest releases of numpy, jax, torch and matplotlib (weekly workflow), in
# a venv of its own, so a break is seen before learners see it. Needs the network.
latest-test: venv
	rm -rf _build/latest-venv && $(PYTHON) -m venv _build/latest-venv
	_build/latest-venv/bin/pip install --quiet -r requirements.txt
	_build/latest-venv/bin/pip install --quiet --upgrade --extra-index-url https://download.pytorch.org/whl/cpu numpy jax jaxlib torch matplotlib
	_build/latest-venv/bin/python -m pytest chapters --nbval-lax --nbval-current-env -n $(JOBS) --dist loadfile

## release: make release VERSION=x.y.z writes the version everywhere (setup cells, Korean notebooks, CITATION.cff, CHANGELOG.md) and what the release holds (release.json), checks that all agree, commits and tags
release: venv
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=x.y.z" >&2; exit 1; }
	@test -z "$$(git status --porcelain)" || { echo "commit or stash your changes first" >&2; exit 1; }
	$(BIN)/python scripts/release.py $(VERSION)
	$(BIN)/python -m pytest tests/test_packaging.py tests/test_notebooks.py tests/test_release.py tests/test_translations.py -q
	git add release.json && git commit -qam "Release $(VERSION)"
	git tag v$(VERSION)
	@echo "Tagged v$(VERSION). Run make test, then: git push origin main v$(VERSION)"

## wheel: the release's wheel of course_lib in dist/, refused unless it is what release.json records (and, on GitHub Actions, unless the run is on the release's tag)
wheel:
	rm -rf dist && $(PYTHON) -m pip wheel . --no-deps --quiet --disable-pip-version-check -w dist
	rm -rf build
	$(PYTHON) scripts/release.py check-wheel dist/course_lib-*.whl

## github-release: create the GitHub release of the tag being published, with the wheel and CHANGELOG's notes (the publish workflow; needs gh and GH_TOKEN)
github-release: wheel
	$(PYTHON) scripts/release.py notes > dist/notes.md
	gh release create "$$GITHUB_REF_NAME" dist/*.whl --verify-tag --notes-file dist/notes.md  # make wheel checked the tag

## draw-test: every chapter on another draw of seeds and data samples (make draw-test DRAW=n; a random draw when DRAW is not given), claims surveyed instead of raised: _build/draw/report.md lists each that did not hold, and the target fails if any did (the weekly workflow reports it)
DRAW ?= $(shell python3 -c "import random; print(random.randrange(2, 40000))")
draw-test: venv
	$(NO_JAX_CACHE) $(BIN)/python scripts/draw_report.py --draw $(DRAW)

## lab: JupyterLab on the chapters, with course_lib importable
# (Jupyter refuses to run as root without --allow-root; containers and Codespaces often are root.)
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: venv
	$(JAX_CACHE) $(BIN)/jupyter lab chapters $(LAB_FLAGS)

## bench: each chapter's first run (no compilation cache) with a fresh kernel, as a ratio to its floor (budget 4x; 20 s where the floor is under 5 s), the programs it compiled and the seconds compiling, its slowest cells, and the book build cold and cached (budget 30 s)
# BENCH_FLAGS=--warm times a second run instead, with the compilation cache make book fills.
bench: venv
	$(JAX_CACHE) $(BIN)/python scripts/bench.py $(BENCH_FLAGS)

clean:
	rm -rf _build .pytest_cache .hypothesis
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) *.egg-info

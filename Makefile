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

.PHONY: venv chromium book test unit notebooks browser student student-test colab-test lab bench clean distclean

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

venv: $(STAMP)

chromium:
	@scripts/ensure_chromium.sh

# jupyter-cache keys executed notebooks on their own content only, and Sphinx rereads only the
# sources that changed, so outputs would go stale when course_lib changes: drop both the cache
# and Sphinx's environment whenever a course_lib source is newer than this stamp.
CACHE_STAMP := _build/.course_lib-stamp
$(CACHE_STAMP): $(shell find course_lib -name '*.py') pyproject.toml
	rm -rf _build/.jupyter_cache _build/.doctrees
	@mkdir -p _build && touch $@

# Sphinx does not notice when the book's own extensions change: reread every page then.
EXT_STAMP := _build/.ext-stamp
$(EXT_STAMP): $(wildcard _ext/*.py)
	rm -rf _build/.doctrees
	@mkdir -p _build && touch $@

## book: build the HTML book into _build/html (executed results are cached in _build/.jupyter_cache)
book: venv $(CACHE_STAMP) $(EXT_STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going

## test: everything that gates a change; exits non-zero on any failure
test: venv chromium
	$(MAKE) --no-print-directory unit
	$(MAKE) --no-print-directory book
	$(MAKE) --no-print-directory student-test
	$(MAKE) --no-print-directory colab-test
	$(MAKE) --no-print-directory browser

# Unit tests of course_lib, checkers, quizzes, notebook hygiene, and nbval over every chapter.
unit: venv
	$(BIN)/python -m pytest tests chapters --ignore=tests/book --ignore=tests/student --ignore=tests/colab \
		--nbval-lax --nbval-current-env \
		-n $(JOBS) --dist loadfile

# Every built page in headless Chromium; screenshots go to _build/screenshots/.
browser: venv chromium
	$(BIN)/python -m pytest tests/book

## student: the student edition, every chapter without its reference solutions, in _build/student/
student: venv
	$(BIN)/python scripts/student.py

# The student edition runs, its checkers say "not implemented", no solution leaks, and its
# claims equal the built book's (a second, independent run of every chapter): needs `make book`.
student-test: venv
	$(BIN)/python -m pytest tests/student -n $(JOBS)

# Each chapter as Colab runs it: alone, in a fresh venv without course_lib, which its setup cell
# installs from a wheel of this checkout (COURSE_LIB_SOURCE). Serial: with two workers a kernel
# once sat idle for minutes (kernels launched at once can race for TCP ports; the test now uses
# IPC sockets), and serially it takes ~3 min.
colab-test: venv
	$(BIN)/python -m pytest tests/colab

## lab: JupyterLab on the chapters, with course_lib importable
# (Jupyter refuses to run as root without --allow-root; containers and Codespaces often are root.)
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: venv
	$(BIN)/jupyter lab chapters $(LAB_FLAGS)

## bench: each chapter's wall time with a fresh kernel (budget 20 s), and the book build cold and cached (budget 30 s)
bench: venv
	$(BIN)/python scripts/bench.py

clean:
	rm -rf _build .pytest_cache .hypothesis
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) *.egg-info

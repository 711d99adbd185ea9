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
# make bench, a second session of make lab): compiled trainers are loaded instead of compiled, and
# so is every small program (a slice, a concatenation, a random split), which would otherwise cost
# 20-30 ms to compile each time; a chapter runs tens of them (minimum compile time 0: cache all).
# Entries are keyed on the computation, the XLA flags and the versions, so they cannot go stale;
# deleting the folder changes nothing but time. The student and Colab runs compile afresh, as
# a learner's first run does.
JAX_CACHE := JAX_COMPILATION_CACHE_DIR=$(CURDIR)/_build/jax-cache JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS=0
NO_JAX_CACHE := env -u JAX_COMPILATION_CACHE_DIR

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
	$(JAX_CACHE) $(BIN)/jupyter-book build . -W -n --keep-going

## test: everything that gates a change; exits non-zero on any failure
# Each chapter runs three times, each run with its own evidence: the book build (this machine's
# fastest arithmetic, the pinned versions, every solution), nbval over the student edition (a
# second arithmetic, no solutions) and the Colab run (Colab's versions, alone, installing
# course_lib). Nothing else executes a chapter.
test: venv chromium
	@for stage in unit book student-test colab-test browser; do \
		start=$$(date +%s); $(MAKE) --no-print-directory $$stage || exit 1; \
		echo "make test: $$stage took $$(( $$(date +%s) - start )) s"; \
	done

# Unit tests of course_lib, checkers, quizzes, packaging and notebook hygiene (no chapter runs).
unit: venv
	$(BIN)/python -m pytest tests --ignore=tests/book --ignore=tests/student --ignore=tests/colab -n $(JOBS)

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

# Each chapter as Colab runs it, on Colab's versions (tests/colab/constraints.txt): alone, in a
# fresh venv without course_lib, which its setup cell installs from a wheel of this checkout
# (COURSE_LIB_SOURCE); the install must change no package Colab has, and a new kernel must start.
colab-test: venv
	$(NO_JAX_CACHE) $(BIN)/python -m pytest tests/colab

## lab: JupyterLab on the chapters, with course_lib importable
# (Jupyter refuses to run as root without --allow-root; containers and Codespaces often are root.)
LAB_FLAGS := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: venv
	$(JAX_CACHE) $(BIN)/jupyter lab chapters $(LAB_FLAGS)

## bench: each chapter with a fresh kernel, as a ratio to its floor (budget 4x; 20 s where the floor is under 5 s), its slowest cells, and the book build cold and cached (budget 30 s)
# BENCH_FLAGS=--cold times the chapters without the compilation cache, as a learner's first run.
bench: venv
	$(JAX_CACHE) $(BIN)/python scripts/bench.py $(BENCH_FLAGS)

clean:
	rm -rf _build .pytest_cache .hypothesis
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) *.egg-info

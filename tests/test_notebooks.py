"""Notebook hygiene and the structure every chapter shares, checked without running them
(nbval runs them)."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from course_lib import __version__ as VERSION  # written once, in course_lib/__init__.py
from course_lib.claims import WIDTH
from notebook_cells import CHAPTERS, ROOT, load_notebook

TRANSLATED = sorted(ROOT.glob("*/chapters/[0-9][0-9]_*.ipynb"))

CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
REPO_URL = CONFIG["repository"]["url"]


def toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [c["file"] for part in toc["parts"] for c in part["chapters"]]


def code_cells(path):
    return [c for c in load_notebook(path)["cells"] if c["cell_type"] == "code"]


def source(cell):
    return "".join(cell["source"])


def test_there_are_chapters():
    assert CHAPTERS


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_stored_without_outputs_and_with_kernel_python3(path):
    nb = load_notebook(path)
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    dirty = [i for i, c in enumerate(nb["cells"])
             if c["cell_type"] == "code" and (c["outputs"] or c["execution_count"] is not None)]
    assert not dirty, f"{path.name}: cells {dirty} carry outputs; clear them before committing"


def test_table_of_contents_lists_exactly_the_chapters():
    listed = [f for f in toc_files() if f.startswith("chapters/")]
    assert listed == sorted(f"chapters/{p.stem}" for p in CHAPTERS)  # every chapter, in reading order
    assert all((ROOT / f"{f}.md").exists() for f in toc_files() if not f.startswith("chapters/"))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_setup_cell_is_folded_in_the_book(path):
    # Scaffolding, not the experiment: the book shows it behind a "show code" toggle.
    assert "hide-input" in code_cells(path)[0]["metadata"].get("tags", [])


SCAFFOLDING_TAGS = {"hide-input", "remove-input", "setup", "exercise", "solution", "quiz"}


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_claims_and_figure_code_are_folded_so_the_visible_code_is_the_experiment(path):
    # A claim(...) or show(...) statement at the top level of a visible cell shows scaffolding in
    # the book; split it into a cell of its own, tagged hide-input (its output stays visible).
    # Exercises, solutions and quizzes have their own presentation.
    import ast

    unfolded = []
    for i, cell in enumerate(code_cells(path)):
        if SCAFFOLDING_TAGS & set(cell["metadata"].get("tags", [])):
            continue
        for statement in ast.parse(source(cell)).body:
            call = getattr(statement, "value", None)
            if isinstance(call, ast.Call) and getattr(call.func, "id", None) in ("claim", "show"):
                unfolded.append((i, source(cell).splitlines()[0]))
                break
    assert not unfolded, f"{path.name}: code cells (index, first line) that show a claim or a figure's code: {unfolded}"


@pytest.mark.parametrize("path", [*CHAPTERS, *TRANSLATED], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_setup_cell_installs_only_course_lib_of_this_release_from_the_configured_repository(path):
    """The install block is written by scripts/release.py, once for every chapter and edition: the
    release's wheel, else its tag from source, from the repository of _config.yml."""
    import release

    setup = source(code_cells(path)[0])
    block, rest = release.split_setup(setup)
    assert block == release.install_block(VERSION), f"{path.name}: run scripts/release.py's write_setup_cells"
    assert f'REPO = "{REPO_URL}"' in block
    assert not re.search(r"pip.*\b(numpy|torch|jax|matplotlib)\b", setup), "Colab keeps its own frameworks"
    assert "set_seed(" in rest
    assert "print(describe())" in rest, "the setup prints where the chapter ran (course_lib.runtime)"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_has_claims_exercises_solutions_and_a_quiz(path):
    cells = code_cells(path)
    tags = [set(c["metadata"].get("tags", [])) for c in cells]
    assert sum("claim(" in source(c) for c in cells) >= 3, "assert the chapter's key claims"
    exercises = [c for c, t in zip(cells, tags) if "exercise" in t]
    solutions = [c for c, t in zip(cells, tags) if "solution" in t]
    assert len(exercises) >= 2 and len(solutions) == len(exercises)
    for c in exercises:
        assert "raise NotImplementedError" in source(c) and "check_" in source(c)
    for c in solutions:
        assert c["metadata"].get("jupyter", {}).get("source_hidden") is True, "collapse solutions in Jupyter"
        assert c["metadata"].get("cellView") == "form" and source(c).startswith("# @title"), "and in Colab"
        assert "assert feedback.passed" in source(c), "the notebook asserts that its reference passes"
    text = "".join("".join(c["source"]) for c in load_notebook(path)["cells"] if c["cell_type"] == "markdown")
    assert text.count("{solution-start}") == len(solutions) == text.count("{solution-end}")
    assert any("quiz" in t for t in tags) and any("show_quiz(" in source(c) for c in cells)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_figures_are_shown_with_alt_text(path):
    for cell in code_cells(path):
        src = source(cell)
        assert "plt.show()" not in src, "use course_lib.plotting.show(fig, alt=...)"
        shows = len(re.findall(r"(?<![\w.])show\(", src))
        assert shows <= src.count("alt="), f"every show(fig, alt=...) needs alt text:\n{src}"


def test_package_dependencies_are_lower_bounds_and_requirements_are_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] + [d for ds in project["optional-dependencies"].values() for d in ds]
    assert all(">=" in d and "==" not in d for d in specs), specs
    lines = [l.strip() for l in (ROOT / "requirements.txt").read_text().splitlines()
             if l.strip() and not l.startswith("#")]
    assert lines[-1] == "-e ."
    assert all(re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[^=<>,\s]+", l) for l in lines[:-1])
    assert "jupyter-book==1.0.4.post1" in lines and "torch==2.13.0" in lines


def test_binder_installs_the_same_pins_with_a_cpu_only_torch():
    """Binder must run what CI tests: the same pins (by including requirements.txt itself) and
    PyTorch from the CPU index; and the same Python minor version as the pins were frozen with."""
    lines = [l.strip() for l in (ROOT / "binder" / "requirements.txt").read_text().splitlines()
             if l.strip() and not l.startswith("#")]
    assert lines == ["--extra-index-url https://download.pytorch.org/whl/cpu", "-r ../requirements.txt"]
    pinned_torch = [l for l in (ROOT / "requirements.txt").read_text().splitlines() if l.startswith("torch==")]
    assert pinned_torch and "+" not in pinned_torch[0]  # '2.13.0' matches the CPU index's '2.13.0+cpu'
    frozen_with = re.search(r"Frozen with Python (\d+\.\d+)", (ROOT / "requirements.txt").read_text()).group(1)
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == f"python-{frozen_with}"


def test_readme_binder_link_points_at_the_configured_repository():
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    owner_repo = url.removeprefix("https://github.com/")
    assert f"https://mybinder.org/v2/gh/{owner_repo}/" in (ROOT / "README.md").read_text()


BLACK = ["--preview", "--enable-unstable-feature", "string_processing", "--line-length", str(WIDTH)]


def test_code_cells_are_formatted_to_the_book_column():
    """Every code line fits the text column, as the book shows it; black (pinned) splits long
    strings too. To format: black --preview --enable-unstable-feature string_processing -l 76
    chapters/*.ipynb"""
    result = subprocess.run([sys.executable, "-m", "black", "--check", "--quiet", *BLACK, *map(str, CHAPTERS)],
                            capture_output=True, text=True)
    assert result.returncode == 0, "run black on the chapters: " + result.stdout + result.stderr


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_no_code_line_is_wider_than_the_column(path):
    # Black cannot split what has no break in it: the setup cell's repository (a fork's may be
    # longer) is the one exception.
    wide = [line for cell in code_cells(path) for line in source(cell).splitlines()
            if len(line) > WIDTH and not line.startswith("REPO = ")]
    assert not wide, f"{len(wide)} code lines wider than {WIDTH} characters: {wide[:3]}"


def cited_paths(text):
    """Relative links, {doc} targets and file names in backticks that a page cites."""
    links = [t for t in re.findall(r"\]\(([^)\s]+)\)", text) if not re.match(r"[a-z]+:|#", t)]
    docs = re.findall(r"\{doc\}`(?:[^`<]*<)?([^`>]+)>?`", text)
    files = re.findall(r"`([\w./-]+\.(?:md|ipynb|py|txt|yml|toml|cff|sh))`", text)
    return links + [d + ".*" for d in docs] + files


@pytest.mark.parametrize("path", [*CHAPTERS, ROOT / "intro.md", ROOT / "glossary.md"], ids=lambda p: p.stem)
def test_every_file_or_page_a_page_cites_exists(path):
    if path.suffix == ".ipynb":
        text = "\n".join(source(c) for c in load_notebook(path)["cells"] if c["cell_type"] == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    for cited in cited_paths(text):
        target = cited.split("#")[0]
        found = [p for base in (path.parent, ROOT) for p in base.glob(target)] or \
            [p for p in ROOT.rglob(Path(target).name) if ".venv" not in p.parts and "_build" not in p.parts]
        assert found, f"{path.name} cites {cited!r}, which is not in the repository"


def test_the_dangling_reference_check_finds_a_missing_file():
    assert cited_paths("see `SOURCES.md` and [chapter 2](02_learning_rate.ipynb)") == \
        ["02_learning_rate.ipynb", "SOURCES.md"]


# Chapters whose seeds and data samples do not yet go through course_lib.draw_seed, so that the
# second run (make student-test, COURSE_DRAW=1) runs them on the book's draw again: each leaves
# this set once its claims were sized over many draws and hold on draw 1 (issue 35).
NOT_YET_ON_THE_DRAW: set[str] = set()
SEEDING_CALLS = {"set_seed", "default_rng", "key", "PRNGKey", "manual_seed", "RandomState", "seed"}
SEEDING_KEYWORDS = {"seed", "seeds", "random_state"}


def literal_seeds(code: str) -> list[str]:
    """Seeds written as numbers where a generator is seeded (``default_rng(3)``, ``seed=0``,
    ``random_state=0``) rather than through ``draw_seed``."""
    import ast

    found = []
    for node in ast.walk(ast.parse(code)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        values = ([node.args[0]] if name in SEEDING_CALLS and node.args else []) + \
                 [k.value for k in node.keywords if k.arg in SEEDING_KEYWORDS]
        found += [ast.unparse(v) for v in values if isinstance(v, ast.Constant) and isinstance(v.value, int)
                  or isinstance(v, ast.Call) and getattr(v.func, "id", "") == "range"]
    return found


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_a_chapter_on_the_draw_writes_every_seed_through_draw_seed(path):
    literal = [s for cell in code_cells(path) for s in literal_seeds(source(cell))]
    if path.stem in NOT_YET_ON_THE_DRAW:
        assert literal, f"{path.stem} seeds through draw_seed now: take it out of NOT_YET_ON_THE_DRAW"
    else:
        assert not literal, f"{path.stem} seeds generators with written numbers, not draw_seed(...): {literal}"


def test_the_literal_seed_finder_sees_the_usual_ways_of_seeding():
    code = ("rng = np.random.default_rng(3)\nkey = jax.random.key(0)\nset_seed(0)\n"
            "digits(test_size=0.3, seed=0)\nmake_moons(400, random_state=1)\nruns(seeds=range(16))\n"
            "ok = np.random.default_rng(draw_seed(3))\nset_seed(draw_seed(0))\n")
    assert literal_seeds(code) == ["3", "0", "0", "0", "1", "range(16)"]

"""course_lib's packaging: one version everywhere, and lower bounds that a CI run proves.

The lower bounds are the oldest versions the tests run on: Colab's (tests/colab/constraints.txt,
which `make colab-test` installs and runs every chapter on) where Colab has the package, and
otherwise the exact pin of requirements.txt. A bound below them would promise what no test
checked; one above Colab's would make the setup cell upgrade Colab's packages.
"""

import re
import tomllib

import course_lib
from notebook_cells import ROOT
from packages import canonical, pins

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def lower_bounds(requirements):
    bounds = {}
    for requirement in requirements:
        name, bound = re.match(r"^([A-Za-z0-9_.\-]+)>=([^,\s]+)", requirement).groups()
        bounds[canonical(name)] = bound
    return bounds


def test_the_version_is_written_once_and_the_installed_package_reports_it():
    assert "version" in PROJECT["dynamic"] and "version" not in PROJECT
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert setuptools["dynamic"]["version"] == {"attr": "course_lib.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", course_lib.__version__)


def test_lower_bounds_are_colabs_versions_or_the_pinned_ones():
    colab = pins(ROOT / "tests" / "colab" / "constraints.txt")
    pinned = pins(ROOT / "requirements.txt")
    runtime = PROJECT["dependencies"] + PROJECT["optional-dependencies"]["jax"]
    tools = [r for name, extra in PROJECT["optional-dependencies"].items() if name != "jax" for r in extra]
    for name, bound in lower_bounds(runtime).items():
        tested = colab.get(name, pinned.get(name)).split("+")[0]  # torch 2.13.0+cpu is 2.13.0
        assert bound == tested, f"{name}>={bound}: the oldest tested is {tested}"
    for name, bound in lower_bounds(tools).items():
        assert bound == pinned[name], f"{name}>={bound}: requirements.txt pins {pinned[name]}"


def test_python_lower_bound_is_the_python_the_tests_run_on():
    header = (ROOT / "tests" / "colab" / "constraints.txt").read_text()
    tested = re.search(r"Python (\d+\.\d+)\.\d+ \(Colab's", header).group(1)
    assert PROJECT["requires-python"] == f">={tested}"

"""The GitHub workflows cannot run here, so they are checked as text: valid against the workflow
schema, clean under zizmor (a linter for GitHub Actions; offline audits), and each step that runs
a command runs a Makefile target (or .ci/run, which is `make test`), so that no logic exists only
in YAML."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from notebook_cells import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
TARGETS = set(re.findall(r"(?m)^([a-z][a-z-]*):", (ROOT / "Makefile").read_text()))


def test_the_expected_workflows_exist():
    assert {path.stem for path in WORKFLOWS} == {"test", "publish", "weekly"}


def test_workflows_are_valid_against_the_github_workflow_schema():
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_pass_zizmor():
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent))
    assert zizmor, "zizmor is pinned in requirements.txt"
    result = subprocess.run([zizmor, "--offline", "--no-progress", str(ROOT / ".github" / "workflows")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.stem)
def test_every_command_a_workflow_runs_is_a_makefile_target(path):
    workflow = yaml.safe_load(path.read_text())
    for job in workflow["jobs"].values():
        for step in job.get("steps", []):
            if "run" not in step:
                continue
            command = step["run"].strip()
            assert "\n" not in command, f"{path.name}: {step.get('name')}: one command per step"
            if command == ".ci/run":
                continue
            words = command.split()
            assert words[0] == "make", f"{path.name}: {command!r} is not a make target"
            targets = [w for w in words[1:] if "=" not in w]
            assert targets and set(targets) <= TARGETS, f"{path.name}: {command!r}: no such target"

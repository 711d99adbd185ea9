"""Releases: course_lib is the release every setup cell installs (release.json's digest), every
chapter imports only what that release has, CITATION.cff is valid and agrees with the course,
CHANGELOG.md covers the version, and scripts/release.py (behind `make release`) refuses what
would make a bad release."""

import re
import subprocess
import sys
import types

import pytest
import yaml

import course_lib
import release
from notebook_cells import ROOT

CITATION = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
NOTEBOOKS = sorted([*ROOT.glob("chapters/[0-9][0-9]_*.ipynb"), *ROOT.glob("*/chapters/[0-9][0-9]_*.ipynb")])


def test_course_lib_is_unchanged_since_the_release_the_setup_cells_install():
    """No git tag is needed: release.json records what the release held. A change to course_lib
    (a module, a catalog, its dependencies) must be released before the chapters can use it,
    since on Colab they run with what their setup cell installs."""
    manifest = release.read_manifest()
    assert manifest["version"] == course_lib.__version__, "release.json is not this version's: make release"
    now = release.digest(release.package_files(), release.packaging_metadata())
    assert now == manifest["digest"], (
        f"course_lib changed since release {manifest['version']}, which every chapter's setup cell installs "
        "on Colab: say what changed under CHANGELOG.md's Unreleased and cut a release "
        "(make release VERSION=x.y.z; README, 'Releasing a version')")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_chapter_imports_only_what_the_release_it_installs_has(path):
    manifest = release.read_manifest()
    code = [c.source for c in __import__("nbformat").read(path, as_version=4).cells if c.cell_type == "code"]
    missing = release.missing_from(manifest["api"], (r for c in code for r in release.course_lib_references(c)))
    assert not missing, (f"{path.relative_to(ROOT)} uses {', '.join(missing)}, which course_lib "
                         f"{manifest['version']} (the release its setup cell installs) lacks: cut a release")


def test_a_name_or_module_the_release_lacks_is_named():
    api = {"course_lib": ["claim", "set_seed"], "course_lib.stats": ["paired", "sign_test"],
           "course_lib.exercises": ["check"], "course_lib.exercises.scaling": ["check_standardize"]}
    source = ("import course_lib\n"
              "from course_lib import claim, stats, exercises, nothing\n"
              "from course_lib.stats import paired, holm\n"
              "from course_lib import stats as st\n"
              "from course_lib.exercises.scaling import check_standardize\n"
              "from course_lib.diagnostics import instruments\n"
              "%matplotlib inline\n"
              "stats.paired(1); st.wilson(2); course_lib.set_seed(0); course_lib.stats.sign_test(3)\n")
    assert release.missing_from(api, release.course_lib_references(source)) == [
        "course_lib.diagnostics.instruments", "course_lib.nothing", "course_lib.stats.holm", "course_lib.stats.wilson"]


def test_any_change_to_what_the_wheel_installs_changes_the_digest_but_line_endings_do_not():
    files, metadata = {"course_lib/a.py": b"x = 1\n", "course_lib/b.py": b"y = 2\n"}, {"project": {"version": "1"}}
    base = release.digest(files, metadata)
    assert release.digest({**files, "course_lib/a.py": b"x = 2\n"}, metadata) != base
    assert release.digest({**files, "course_lib/c.py": b""}, metadata) != base
    assert release.digest({"course_lib/a.py": b"x = 1\ny = 2\n", "course_lib/b.py": b""}, metadata) != base
    assert release.digest(files, {"project": {"version": "2"}}) != base
    assert release.digest({**files, "course_lib/a.py": b"x = 1\r\n"}, metadata) == base


def test_the_manifest_lists_what_each_module_offers():
    api = release.read_manifest()["api"]
    assert "set_seed" in api["course_lib"] and "describe" in api["course_lib.runtime"]
    assert not any(name.startswith("_") for names in api.values() for name in names)


def run_install_block(returncodes, installed=False, override=None):
    """Execute the setup cell's install block with pip replaced by a recorder."""
    calls = []

    def fake_run(command, **kwargs):
        calls.append(command[-1])
        return types.SimpleNamespace(returncode=returncodes[len(calls) - 1])

    fake_subprocess = types.SimpleNamespace(run=fake_run)
    fake_importlib = types.SimpleNamespace(util=types.SimpleNamespace(find_spec=lambda name: object() if installed else None))
    environ = {"COURSE_LIB_SOURCE": override} if override else {}
    code = release.install_block("9.9.9").replace("import importlib.util, os, subprocess, sys\n", "")
    exec(code, {"importlib": fake_importlib, "subprocess": fake_subprocess, "sys": sys,
                "os": types.SimpleNamespace(environ=environ)})
    return calls


def test_the_setup_cell_installs_the_wheel_else_the_tag_from_source_and_stops_at_the_first_that_works():
    url = CONFIG["repository"]["url"]
    wheel = f"{url}/releases/download/v9.9.9/course_lib-9.9.9-py3-none-any.whl"
    assert run_install_block([0]) == [wheel]
    assert run_install_block([1, 0]) == [wheel, f"git+{url}@v9.9.9"]
    assert run_install_block([], installed=True) == []  # locally, or after a restart: nothing
    assert run_install_block([0], override="/tmp/course_lib.whl") == ["/tmp/course_lib.whl"]
    with pytest.raises(RuntimeError, match="could not install course_lib"):
        run_install_block([1, 1])


def test_citation_file_is_valid_against_the_citation_file_format_schema():
    # check-jsonschema's vendored copy of the CFF 1.2.0 schema: no network needed.
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                             "vendor.citation-file-format", str(ROOT / "CITATION.cff")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_citation_names_this_version_and_the_configured_repository():
    assert str(CITATION["version"]) == course_lib.__version__
    assert CITATION["repository-code"] == CONFIG["repository"]["url"]
    assert CITATION["title"] == CONFIG["title"]


def test_changelog_has_a_section_for_this_version_and_one_for_what_is_unreleased():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"(?m)^## \[{re.escape(course_lib.__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", text)
    assert release.UNRELEASED in text


def test_a_release_turns_the_unreleased_notes_into_the_versions_section():
    before = "# Changelog\n\n## [Unreleased]\n\n- a change\n\n## [0.1.0] - 2026-01-01\n\n- first\n"
    after = release.changelog_with_release(before, "0.2.0", "2026-02-02")
    assert after == ("# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2026-02-02\n\n- a change\n\n"
                     "## [0.1.0] - 2026-01-01\n\n- first\n")


@pytest.mark.parametrize("text, message", [
    ("# Changelog\n\n## [Unreleased]\n\n## [0.1.0] - 2026-01-01\n", "empty"),
    ("# Changelog\n\n## [0.1.0] - 2026-01-01\n", "needs a"),
    ("# Changelog\n\n## [Unreleased]\n\n- x\n\n## [0.2.0] - 2026-01-01\n", "already has"),
])
def test_a_release_without_notes_or_of_an_existing_version_is_refused(text, message):
    with pytest.raises(SystemExit, match=message):
        release.changelog_with_release(text, "0.2.0", "2026-02-02")


def test_a_version_that_is_not_x_y_z_is_refused_before_anything_is_written():
    before = (ROOT / "course_lib" / "__init__.py").read_text()
    with pytest.raises(SystemExit, match="1.2.3"):
        release.set_version("v1.0")
    assert (ROOT / "course_lib" / "__init__.py").read_text() == before


def test_readme_points_to_the_site_the_publishing_workflow_makes():
    sys.path.insert(0, str(ROOT / "_ext"))
    from pdf_edition import site_url

    assert f"<{site_url(CONFIG['repository']['url'])}>" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_a_release_rewrites_the_install_block_of_a_setup_cell_and_nothing_after_it():
    setup = next(c.source for c in __import__("nbformat").read(NOTEBOOKS[0], as_version=4).cells
                 if "setup" in c.metadata.get("tags", []))
    new = release.with_install_block(setup, "9.9.9")
    assert release.split_setup(new)[1] == release.split_setup(setup)[1]
    assert "@v9.9.9" in new and "course_lib-9.9.9-py3-none-any.whl" in new and f"v{course_lib.__version__}" not in new

"""Releases: CITATION.cff is valid and agrees with the course, CHANGELOG.md covers the version, and
scripts/release.py (behind `make release`) refuses what would make a bad release."""

import importlib.util
import re
import subprocess
import sys

import pytest
import yaml

import course_lib
from notebook_cells import ROOT

CITATION = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
spec = importlib.util.spec_from_file_location("release", ROOT / "scripts" / "release.py")
release = importlib.util.module_from_spec(spec)
spec.loader.exec_module(release)


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

"""Fixtures shared by the tests; the scripts (release, editions, prerun) importable by name."""

import sys

import pytest

from notebook_cells import CHAPTERS, ROOT

sys.path.insert(0, str(ROOT / "scripts"))


@pytest.fixture
def chapter():
    def find(prefix: str):
        return next(p for p in CHAPTERS if p.name.startswith(prefix))
    return find

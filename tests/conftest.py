"""Fixtures shared by the tests."""

import pytest

from notebook_cells import CHAPTERS


@pytest.fixture
def chapter():
    def find(prefix: str):
        return next(p for p in CHAPTERS if p.name.startswith(prefix))
    return find

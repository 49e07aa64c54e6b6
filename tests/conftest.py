"""Shared fixtures: the bundled example pair and the shared annotated data (skipped when absent)."""
from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.datasets import shared_data

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def data_dir() -> Path:
    d = shared_data()
    if d is None:
        pytest.skip("the shared annotated data (../shared/data) is not present on this machine")
    return d


@pytest.fixture(scope="session")
def seed_pair():
    import toolkit

    return toolkit.analyze("example:cnn"), toolkit.analyze("example:kimt")

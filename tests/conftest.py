"""Shared fixtures: the bundled example pair and the shared annotated data (skipped when absent)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def shared_data() -> Path | None:
    """../shared/data beside the repository, or $STORYLENS_SHARED/data; None when absent."""
    env = os.environ.get("STORYLENS_SHARED")
    for base in ([Path(env)] if env else []) + [ROOT.parent / "shared"]:
        if (base / "data").is_dir():
            return base / "data"
    return None


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

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The debrief tests' Chromium helper (found, or installed from Debian's packages).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "debrief"))
import chromium as _chromium  # noqa: E402

from game.handouts import class_pack  # noqa: E402

SEED = 42



@pytest.fixture(scope="session")
def seed() -> int:
    """The game the pack is for."""
    return SEED


@pytest.fixture(scope="session")
def pack(rules, seed):
    return class_pack(rules, seed, games=8)


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium binary (`make test` installs it first), or a skip that says how to get it."""
    path = _chromium.find()
    if path is None:
        pytest.skip(_chromium.missing())
    return path

from __future__ import annotations

import pytest
from labtable import FIXTURES, Table

from game.content.loader import load_scenario
from game.engine import Rules


@pytest.fixture(scope="session")
def lab_rules() -> Rules:
    return Rules(load_scenario(FIXTURES / "lab"))


@pytest.fixture
def lab(lab_rules) -> Table:
    return Table(lab_rules, seed=1)

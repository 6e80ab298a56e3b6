from __future__ import annotations

import pytest

from game.content.loader import load_scenario_by_id
from game.engine.rules import Rules


@pytest.fixture(scope="module")
def rules() -> Rules:
    return Rules(load_scenario_by_id("abu-dhabi"))

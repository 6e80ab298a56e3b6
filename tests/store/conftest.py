from __future__ import annotations

from pathlib import Path

import pytest
from _savetools import copy_tutorial

from game.content.loader import load_scenario
from game.content.models import Scenario
from game.engine.rules import Rules


@pytest.fixture(scope="session")
def content_root(tmp_path_factory) -> Path:
    """A private content root holding a copy of the tutorial, so that the tests do not
    depend on edits others make to content/ while they run. Never modified."""
    root = tmp_path_factory.mktemp("content")
    copy_tutorial(root)
    return root


@pytest.fixture(scope="session")
def scenario(content_root: Path) -> Scenario:
    return load_scenario(content_root / "tutorial")


@pytest.fixture(scope="session")
def rules(scenario: Scenario) -> Rules:
    return Rules(scenario)


@pytest.fixture(scope="session")
def scenario_for(scenario: Scenario):
    def lookup(scenario_id: str) -> Scenario:
        if scenario_id != scenario.id:
            raise LookupError(scenario_id)
        return scenario

    return lookup

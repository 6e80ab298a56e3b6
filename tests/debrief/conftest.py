from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import chromium as _chromium
import pytest
from _debrieftools import SCRIPT, play

from game.cli import main
from game.content.loader import load_scenario_by_id
from game.debrief import debrief_of
from game.store.log import load


@pytest.fixture(scope="session")
def scripted_save(rules, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("scripted") / "scripted.parley"
    play(rules, 5, SCRIPT, save_to=path)
    return path


@pytest.fixture(scope="session")
def scripted(rules, scripted_save):
    return debrief_of(load(scripted_save, load_scenario_by_id), label="scripted")


@pytest.fixture(scope="session")
def simulated(tmp_path_factory) -> list[Path]:
    """Two Abu Dhabi games of computer delegations, saved by `parley simulate`."""
    folder = tmp_path_factory.mktemp("simulated")
    args = ["simulate", "--scenario", "abu-dhabi", "--seed", "4", "--games", "2",
            "--agents", "ru=ai,ua=ai,us=ai", "--save-dir", str(folder), "--json"]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(args) == 0
    return [Path(json.loads(line)["save"]) for line in out.getvalue().splitlines()]


@pytest.fixture(scope="session")
def simulated_debriefs(simulated):
    return [debrief_of(load(path, load_scenario_by_id), label=path.name) for path in simulated]


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium binary (`make test` installs it first); the tests that need it are
    skipped, saying what is missing and how to get it, where it is not there."""
    path = _chromium.find()
    if path is None:
        pytest.skip(_chromium.missing())
    return path

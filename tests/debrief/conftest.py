from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

import chromium as _chromium
from game.cli import main
from game.content.loader import load_scenario_by_id
from game.debrief import debrief_of
from game.engine import commands as C
from game.engine.rules import Rules
from game.session import LocalSession
from game.store.log import load

# A hand-made Abu Dhabi game (seed 5) with a bit of everything: statements that take
# positions, an offer against one of them, a soft red line crossed when a package is
# signed, hard red lines that block offers, a rejection, facilitator commands (a pause,
# a postponement, an event, longer turns) and a facilitator's end.
SCRIPT = (
    C.Statement(by="ru", text="Neutral status is the least we can accept. "
                "We will never accept a ceasefire in place, European monitors!"),
    C.Propose(by="ru", items={"nato_status": "membership_deferred"}),  # against its own statement
    C.Statement(by="ua", text="Kyiv will not accept neutral status. <b>No</b> & \"quotes\"."),
    C.Accept(by="ua", package=1),
    C.Accept(by="us", package=1),  # signed: Moscow's soft line "Neutrality, not deferral", -15 standing
    C.Propose(by="ru", items={"guarantees": "article5_like"}),  # blocked by Moscow's own hard line
    C.Propose(by="ru", items={"energy_pause": "frost_pause"}),
    C.Reject(by="ua", package=2),
    C.Pass(by="us"),
    C.Pause(),
    C.Resume(),
    C.MoveNextRound(days=4),
    C.FireEvent(event="border_incidents"),
    C.ChangeTurns(delta=1),
    C.Pass(by="ru"),
    C.Propose(by="ua", items={"guarantees": "istanbul_model"}),  # blocked by Kyiv's own hard line
    C.Pass(by="ua"),
    C.Pass(by="us"),
    C.Pass(by="ru"),
    C.EndNow(),
)
FACILITATOR = ["pause", "resume", "move_round", "fire_event", "change_turns", "end_now"]


def play(rules: Rules, seed: int, commands, save_to: Path | None = None) -> LocalSession:
    session = LocalSession.start(rules, seed, save_to=save_to, seats={"ru": "person", "ua": "person", "us": "person"},
                                 fsync=False)
    for command in commands:
        outcome = session.submit(command)
        assert outcome.events, (command, outcome.refusal)
    session.close()
    return session


@pytest.fixture(scope="session")
def rules() -> Rules:
    return Rules(load_scenario_by_id("abu-dhabi"))


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
    args = ["simulate", "--scenario", "abu-dhabi", "--seed", "3", "--games", "2",
            "--agents", "ru=ai,ua=ai,us=ai", "--save-dir", str(folder), "--json"]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(args) == 0
    return [Path(json.loads(line)["save"]) for line in out.getvalue().splitlines()]


@pytest.fixture(scope="session")
def simulated_debriefs(simulated):
    return [debrief_of(load(path, load_scenario_by_id), label=path.name) for path in simulated]


@pytest.fixture(scope="session")
def chromium(request) -> str:
    """The Chromium binary, installed from Debian's packages first if it is missing
    (as root with apt-get); the tests that need it are skipped, with the reason, where
    it cannot be had."""
    path, message = _chromium.install()
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None and "installed" in message:
        reporter.write_line(f"tests/debrief: {message}")
    if path is None:
        pytest.skip(message)
    return path

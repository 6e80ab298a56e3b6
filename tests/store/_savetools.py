"""Helpers shared by the save-format tests (tests/store)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from game.engine import commands as C
from game.engine.core import blank_state, step
from game.engine.rules import Rules
from game.engine.state import GameState
from game.headless import play_game
from game.session import LocalSession
from game.store.log import Step

REPO = Path(__file__).resolve().parents[2]
TUTORIAL_DIR = REPO / "content" / "tutorial"
SEATS = {"ru": "random", "ua": "random", "us": "random"}

# Every message a cut-off save may be refused with (see test_save_crash_safety).
CUT_MESSAGES = (
    "the file is empty; it is not a Parley save",
    "the save was cut off inside its header; it holds no game",
    "the save holds no game (it ends after its header)",
    "the save holds no game (it was cut off while the game was being set up)",
)


def copy_tutorial(root: Path) -> Path:
    """A private copy of the tutorial under `root` (a content root); returns its folder."""
    folder = root / "tutorial"
    shutil.copytree(TUTORIAL_DIR, folder)
    return folder


def scripted_commands() -> list[C.Command]:
    """A tutorial game that uses most kinds of command and signs a deal (seed 3).

    It includes a proposal refused by a hard red line: refused, but with an event
    (red_line_blocked), so it is logged."""
    return [
        C.Statement(by="us", text="  Good   morning. ", pledge={"prisoners": "small"}),
        C.Pause(),
        C.Inject(headline="Wire report", text="Talks are  watched closely.", to=("ua",), meters={"ua.standing": -5}),
        C.Reveal(delegation="ru"),
        C.HandSeat(delegation="ru", to="ai:pragmatist"),
        C.Resume(),
        C.SetTurnTimer(seconds=120),
        C.ChangeTurns(delta=2),
        C.ChangeTurns(delta=-2),
        C.FireEvent(event="first_deal"),
        C.TimeOut(by="us"),  # the turn timer ran out: the turn passes
        C.Pass(by="ru"),
        C.Propose(by="ua", items={"energy_pause": "two_weeks"}),  # blocked by ua's own red line
        C.Propose(by="ua", items={"prisoners": "small"}),
        C.UseLever(by="us", lever="push"),
        C.Accept(by="ru", package=1),  # signs the exchange
        C.Propose(by="ua", items={"energy_pause": "winter", "next_round": "later"}),
        C.Counter(by="us", items={"energy_pause": "winter", "next_round": "soon"}),
        C.Reject(by="ru", package=3),
        C.Pass(by="ua"),  # last turn of the round: the game ends on its end date
    ]


SCRIPTED_SEED = 3


def ended_by_the_facilitator() -> list[C.Command]:
    return [C.Statement(by="us", text="Let us begin."), C.Pass(by="us"), C.Pass(by="ru"), C.EndNow()]


def play_commands(
    rules: Rules, seed: int, commands: list[C.Command], save_to: Path | None = None, close: bool = True
) -> LocalSession:
    session = LocalSession.start(rules, seed, save_to=save_to, seats=dict(SEATS), fsync=False)
    for command in commands:
        session.submit(command)
    if close:
        session.close()
    return session


def random_game(rules: Rules, seed: int, save_to: Path | None = None) -> LocalSession:
    return play_game(rules, seed, dict(SEATS), save_to=save_to)


def commands_of(session: LocalSession) -> list[C.Command]:
    """The logged commands after the start."""
    return [command for command, _ in session.steps[1:]]


def states_along(rules: Rules, steps: list[Step]) -> list[GameState]:
    """states[k] is the state after the first k + 1 steps (the start is step 1)."""
    state = blank_state(rules)
    out = []
    for command, events in steps:
        outcome = step(rules, state, command)
        assert outcome.events == events
        state = outcome.state
        out.append(state)
    return out


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder`: bytes and modification time."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run_parley(args: list[str], *, content: Path, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PARLEY_CONTENT"] = str(content)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("PARLEY_SAVES", None)
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
    )


def header_of(path: Path) -> dict:
    return json.loads(path.read_bytes().split(b"\n", 1)[0])

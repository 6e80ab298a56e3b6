"""Helpers shared by the debrief tests (a module of its own, not conftest: several
conftest modules share that name)."""

from __future__ import annotations

from pathlib import Path

from game.engine import commands as C
from game.engine.rules import Rules
from game.session import LocalSession

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

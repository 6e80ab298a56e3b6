"""Every facilitator action is a command in the log and an entry in the debrief's
timeline (and its CSV), with what it did; a timeout and a pledge are there too."""

from __future__ import annotations

import csv
import io
from typing import get_args

from game.content.loader import load_scenario_by_id
from game.debrief import build_debrief, to_csv, to_markdown
from game.engine import commands as C
from game.engine.rules import Rules
from game.session import LocalSession
from game.store.log import load


def _facilitator_kinds() -> set[str]:
    kinds = set()
    for command in get_args(get_args(C.Command)[0]):
        if command.model_fields["by"].annotation == C.Literal["facilitator"] if "by" in command.model_fields else False:
            kinds.add(command.model_fields["kind"].default)
    return kinds


def test_every_facilitator_action_is_logged_and_in_the_debrief(tmp_path):
    rules = Rules(load_scenario_by_id("abu-dhabi"))
    path = tmp_path / "class.parley"
    session = LocalSession.start(rules, 4, save_to=path, seats={"ru": "person", "ua": "person", "us": "ai"}, fsync=False)
    energy = rules.scenario.cards[0]
    commands = [
        C.Pause(), C.Inject(headline="Storm", text="Flights are late.", to=("ua",), meters={"ua.standing": -3}),
        C.Reveal(delegation="ru"), C.HandSeat(delegation="us", to="ai:dealmaker"), C.Resume(),
        C.SetTurnTimer(seconds=120), C.TimeOut(by="ru"),
        C.Statement(by="ua", text="We will hold to the pause.", pledge={energy.id: energy.options[1].id}),
        C.MoveNextRound(days=3), C.ChangeTurns(delta=1), C.FireEvent(event=rules.scenario.events[0].id), C.EndNow(),
    ]
    for command in commands:
        assert session.submit(command).ok, command
    session.close()

    logged = [command for command, _ in load(path, load_scenario_by_id).steps]
    assert logged[1:] == commands  # each one is in the save, as given
    facilitator = {c.kind for c in commands if c.by == "facilitator"}
    assert facilitator == _facilitator_kinds()  # every facilitator control there is

    debrief = build_debrief(rules, session.steps)
    entries = [t for t in debrief.timeline if t.kind == "facilitator"]
    assert {t.command for t in entries} == facilitator
    said = {t.command: t.text for t in entries}
    assert "Storm. Flights are late." in said["inject"] and "(to Kyiv only)" in said["inject"]
    assert "reveals Moscow's hidden information" in said["reveal"]
    assert "computer delegation (dealmaker)" in said["hand_seat"]
    assert "postponed by 3 days" in said["move_round"]
    assert "The facilitator ended the game" in said["end_now"]
    text = to_markdown(debrief)
    assert "Moscow ran out of time (2 min)" in text and "We will hold to the pause." in text
    rows = list(csv.DictReader(io.StringIO(to_csv(debrief))))
    assert {row["command"] for row in rows if row["by"] == "facilitator"} == facilitator
    assert len(rows) == len(session.events())  # one row per logged event

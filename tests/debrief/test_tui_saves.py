"""The debrief and the class comparison read saves made at the screen (a `Match`, as the
TUI plays it: people, a facilitator, seats handed over) as well as simulated ones."""

from __future__ import annotations

import csv
import datetime as dt
import io

from game.cli import EXIT_OK, main
from game.content.loader import load_scenario_by_id
from game.engine import commands as C
from game.engine.rules import Rules
from game.headless import play_game
from game.match import Match

NOW = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)


def _screen_game(rules: Rules, folder) -> Match:
    """A facilitated game as the console plays it: one person, a reveal, a seat handed to
    a computer, which then plays to the end."""
    match = Match.new(rules, 9, {"ru": "ai:hardliner", "ua": "person", "us": "ai:dealmaker"}, folder, now=NOW,
                      facilitator=True, timer=120)
    while match.computer_to_move:
        match.computer_move()
    pause = rules.cards["energy_pause"].options[1].id
    assert match.act(C.Statement(by="ua", text="We hold to the pause.", pledge={"energy_pause": pause})).outcome.ok
    match.time_out("ua")
    match.act(C.Reveal(delegation="us"))
    match.hand_seat("ua", "ai:pragmatist")
    while match.computer_to_move:
        match.computer_move()
    match.close()
    assert match.ended
    return match


def test_debrief_and_compare_a_screen_save_beside_a_simulated_one(tmp_path, capsys):
    rules = Rules(load_scenario_by_id("abu-dhabi"))
    screen = _screen_game(rules, tmp_path).path
    simulated = tmp_path / "simulated.parley"
    play_game(rules, 3, {"ru": "ai", "ua": "ai", "us": "ai"}, save_to=simulated)

    assert main(["debrief", str(screen)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "Facilitator (reveal hidden information)" in out and "Kyiv ran out of time" in out
    assert "Facilitator (hand over a seat)" in out and "## Concession curves" in out
    assert "We hold to the pause." in out and "(pledge)" in out  # the pledge is a commitment

    assert main(["debrief", str(screen), "--format", "csv"]) == EXIT_OK
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {"reveal", "hand_seat"} <= {row["command"] for row in rows}

    assert main(["debrief", str(screen), str(simulated), "--compare", "--format", "csv"]) == EXIT_OK
    tables = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(tables) == 2  # one row per table
    assert main(["debrief", str(screen), str(simulated), "--compare"]) == EXIT_OK
    compared = capsys.readouterr().out
    assert screen.name in compared and "simulated.parley" in compared

"""load(save(game)) == game: whole games, games stopped part-way, and games continued."""

from __future__ import annotations

import json
import os

import pytest
from _savetools import (
    SCRIPTED_SEED,
    SEATS,
    commands_of,
    copy_tutorial,
    ended_by_the_facilitator,
    header_of,
    play_commands,
    random_game,
    scripted_commands,
    states_along,
)

from game.content.loader import load_scenario
from game.engine import events as E
from game.engine.rules import Rules
from game.session import LocalSession
from game.store.log import FORMAT, VERSION, load, read_header, write_save

SEEDS = list(range(12)) + [22, 25, 123456789]


@pytest.mark.parametrize("seed", SEEDS)
def test_whole_random_game_round_trips(tmp_path, rules, scenario_for, seed):
    path = tmp_path / f"game-{seed}.parley"
    session = random_game(rules, seed, save_to=path)
    assert session.ended

    loaded = load(path, scenario_for)

    assert loaded.warnings == []
    assert loaded.state == session.state
    assert loaded.steps == session.steps
    assert loaded.events == session.events()
    assert loaded.header.seed == seed
    assert loaded.header.scenario == rules.scenario.id
    assert loaded.header.content_hash == rules.scenario.content_hash
    assert loaded.header.seats == SEATS
    # the loaded game reads the same through a session as the one that was played
    resumed = LocalSession.resume(loaded)
    assert resumed.ended and resumed.whose_turn is None
    for seat in ("ru", "ua", "us", "facilitator"):
        assert resumed.transcript(seat) == session.transcript(seat)


def test_scripted_game_with_every_command_kind_round_trips(tmp_path, rules, scenario_for):
    path = tmp_path / "scripted.parley"
    session = play_commands(rules, SCRIPTED_SEED, scripted_commands(), save_to=path)
    kinds = {type(command).__name__ for command in commands_of(session)}
    assert kinds >= {"Statement", "Pause", "Resume", "ChangeTurns", "FireEvent", "Pass", "Propose", "Counter",
                     "Accept", "Reject", "UseLever"}
    events = session.events()
    assert any(isinstance(e, E.RedLineBlocked) for e in events)  # a refused action that is logged
    assert any(isinstance(e, E.AgreementSigned) for e in events)
    assert session.ended

    loaded = load(path, scenario_for)
    assert loaded.warnings == []
    assert loaded.state == session.state
    assert loaded.steps == session.steps


def test_a_game_ended_by_the_facilitator_round_trips(tmp_path, rules, scenario_for):
    path = tmp_path / "ended.parley"
    session = play_commands(rules, 8, ended_by_the_facilitator(), save_to=path)
    assert len(session.steps) == 5 and session.ended and session.state.end_reason == "facilitator"
    loaded = load(path, scenario_for)
    assert loaded.state == session.state and loaded.steps == session.steps


def test_every_command_kind_but_moving_a_round_is_covered(rules):
    """The games these tests save use every command there is (the tutorial has one
    round, so moving the next round is always refused and never logged)."""
    from typing import get_args

    from game.engine import commands as C

    kinds = set()
    for seed in SEEDS:
        kinds |= {type(c) for c in commands_of(random_game(rules, seed))}
    kinds |= {type(c) for c in scripted_commands() + ended_by_the_facilitator()}
    every = set(get_args(get_args(C.Command)[0]))
    assert every - kinds == {C.Start, C.MoveNextRound}


def test_a_deal_with_a_dated_expiry_round_trips(tmp_path):
    """AgreementSigned.expiries is `dict[str, date | str]`: read back from JSON, a date
    comes back as a string, so comparing parsed events with decided ones refused every
    save in which such a deal was signed ("logged as 'agreement_signed' but the rules
    decide 'agreement_signed'")."""
    folder = copy_tutorial(tmp_path / "content")
    cards = folder / "cards.yaml"
    text = cards.read_text(encoding="utf-8")
    anchor = "    consent: [ru, ua]\n    weights: {ru: 1, ua: 1, us: 1}\n"
    assert text.count(anchor) == 1  # the prisoners card
    cards.write_text(
        text.replace(anchor, "    consent: [ru, ua]\n    expiry: {date: 2026-01-21}\n    weights: {ru: 1, ua: 1, us: 1}\n"),
        encoding="utf-8",
    )
    scenario = load_scenario(folder)
    rules = Rules(scenario)

    path = tmp_path / "expiring.parley"
    session = play_commands(rules, SCRIPTED_SEED, scripted_commands(), save_to=path)
    signed = [e for e in session.events() if isinstance(e, E.AgreementSigned)]
    assert signed and any(e.expires_on for e in signed)
    assert any(isinstance(e, E.AgreementExpired) for e in session.events())

    loaded = load(path, lambda _id: scenario)
    assert loaded.state == session.state
    assert loaded.steps == session.steps


def _long_random_seeds(rules, wanted: int = 3, at_least: int = 8) -> list[int]:
    """The first seeds whose random game lasts at least `at_least` actions (random
    delegations often walk out early), so the test does not hang on particular seeds."""
    found = []
    for seed in range(1000):
        if len(random_game(rules, seed).steps) - 1 >= at_least:
            found.append(seed)
            if len(found) == wanted:
                return found
    raise AssertionError("no long random games in the first 1000 seeds")


@pytest.mark.parametrize("which", ["random-0", "random-1", "random-2", "scripted"])
def test_games_saved_part_way_round_trip_and_continue_to_the_same_end(tmp_path, rules, scenario_for, which):
    if which == "scripted":
        seed = SCRIPTED_SEED
        original = play_commands(rules, seed, scripted_commands())
    else:
        seed = _long_random_seeds(rules)[int(which[-1])]
        original = random_game(rules, seed)
    commands = commands_of(original)
    states = states_along(rules, original.steps)
    assert len(commands) >= 8

    for n in range(len(commands) + 1):
        path = tmp_path / f"part-{seed}-{n}.parley"
        # Not closed: the writer is still open, as in a game that is being played (or crashed).
        partial = play_commands(rules, seed, commands[:n], save_to=path, close=False)
        try:
            loaded = load(path, scenario_for)
        finally:
            partial.close()
        assert loaded.warnings == []
        assert loaded.state == states[n] == partial.state
        assert loaded.steps == original.steps[: n + 1]

        # continue the loaded game to the end the original reached
        resumed = LocalSession.resume(loaded)
        for command in commands[n:]:
            assert resumed.submit(command).events
        assert resumed.state == original.state
        assert resumed.steps == original.steps

        # and the continued game saves and loads as well
        whole = tmp_path / f"whole-{seed}-{n}.parley"
        write_save(whole, resumed.header(seats=dict(SEATS)), resumed.steps)
        again = load(whole, scenario_for)
        assert again.state == original.state and again.steps == original.steps
        assert not whole.with_name(f".{whole.name}.tmp").exists()


def test_header_has_the_documented_keys(tmp_path, rules, scenario_for):
    path = tmp_path / "header.parley"
    random_game(rules, 4, save_to=path)
    header = header_of(path)
    assert {"format", "version", "scenario", "content_hash", "seed", "created"} <= set(header)
    assert header["format"] == FORMAT == "parley-save"
    assert header["version"] == VERSION == 2
    assert header["scenario"] == "tutorial"
    assert header["content_hash"] == rules.scenario.content_hash
    assert header["seed"] == 4
    assert header["created"] is None  # simulated games: same arguments, same bytes
    assert read_header(path) == load(path, scenario_for).header

    played = tmp_path / "played.parley"
    session = LocalSession.start(rules, 9, save_to=played, created="2026-01-20T10:00:00+00:00", fsync=False)
    session.close()
    assert header_of(played)["created"] == "2026-01-20T10:00:00+00:00"
    # the rest of the file is one JSON object per line, command records followed by their events
    lines = played.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[1])
    assert set(first) == {"cmd", "n"} and first["cmd"] == {"kind": "start", "seed": 9}
    assert all(set(json.loads(line)) == {"ev"} for line in lines[2:])
    assert len(lines) == 2 + first["n"]


def test_loading_writes_nothing(tmp_path, rules, scenario_for):
    path = tmp_path / "quiet.parley"
    random_game(rules, 6, save_to=path)
    before = (path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(tmp_path)))
    load(path, scenario_for)
    read_header(path)
    assert before == (path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(tmp_path)))

"""Replaying a game from one seat's point of view: a delegation's replay never shows it
anything it could not see at the time; the facilitator's shows everything."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys

import pytest

from game import cli
from game.agents import make_agent
from game.content.loader import load_scenario_by_id
from game.engine import commands as C
from game.engine import events as E
from game.engine.core import replay as fold_all
from game.engine.rng import derive
from game.engine.rules import Rules
from game.engine.views import redact_event, view_for, visible_events
from game.headless import computer_turn, play_game
from game.match import Match
from game.narrate import Narrator
from game.replay import Replay, Timeline, next_seat, seat_name, seats_of
from game.session import LocalSession
from game.store.log import load
from tests.abu_dhabi import DELEGATIONS

SEATS = (*DELEGATIONS, "facilitator")  # every point of view of an Abu Dhabi replay

AI = {"ru": "ai", "ua": "ai", "us": "ai"}
SECRET_RU = "The back channel to Moscow is open tonight"
SECRET_UA = "Kyiv alone hears that the grain deal is off"



@pytest.fixture(scope="module")
def ai_games(rules) -> list[LocalSession]:
    return [play_game(rules, seed, AI) for seed in (1, 2)]


def _agents(seed: int) -> dict:
    return {d: make_agent("ai", d, derive(seed, "agent", d)) for d in DELEGATIONS}


def _play_on(session: LocalSession, agents: dict, turns: int) -> None:
    for _ in range(turns):
        who = session.whose_turn
        if who is None:
            return
        computer_turn(session, agents, who)


def facilitated_game(rules: Rules, seed: int = 5) -> LocalSession:
    """A game with the facilitator at work: news for one delegation only, an event
    addressed to Washington fired by hand, Washington's hidden reading revealed, the end."""
    session = LocalSession.start(rules, seed)
    agents = _agents(seed)
    _play_on(session, agents, 4)
    assert session.submit(C.Inject(headline="Back channel", text=SECRET_RU, to=("ru",), meters={"ru.standing": -4})).ok
    _play_on(session, agents, 3)
    assert session.submit(C.FireEvent(event="patience_drift")).ok  # addressed to Washington
    assert session.submit(C.Inject(headline="Grain", text=SECRET_UA, to=("ua",), meters={"ua.support": 2})).ok
    _play_on(session, agents, 5)
    assert session.submit(C.Reveal(delegation="us")).ok
    _play_on(session, agents, 6)
    assert session.submit(C.EndNow()).ok
    assert session.ended
    return session


def long_game(rules: Rules, seed: int, extra_turns: int = 90) -> LocalSession:
    """Every round lengthened by the facilitator: a game of well over 500 events."""
    session = LocalSession.start(rules, seed)
    agents = _agents(seed)
    lengthened = set()
    while session.whose_turn is not None:
        if session.state.round_index not in lengthened:
            lengthened.add(session.state.round_index)
            session.submit(C.ChangeTurns(delta=extra_turns))
        computer_turn(session, agents, session.whose_turn)
    return session


def raw_events(steps) -> list[E.Event]:
    return [e for _, events in steps for e in events]


def _drawn_labels(rules: Rules, state, code: str) -> list[str]:
    chosen = state.variants[code]
    return [
        v.label for hidden in rules.scenario.delegations[code].hidden for v in hidden.options
        if chosen.get(hidden.id) == v.id
    ]


def check_replay(rules: Rules, steps, seat: str) -> Replay:
    """Walk the log by hand, event by event, and compare the replay with what `seat`
    could see at every moment it saw something."""
    narrator = Narrator(rules.scenario)
    raw = raw_events(steps)
    replay = Replay(rules, steps, seat)
    final = fold_all(rules, raw)
    told: list[str] = []  # the transcript so far as the seat reads it
    position = 0
    for i, event in enumerate(raw):
        shown = redact_event(rules, event, seat)
        if shown is None:
            assert seat in DELEGATIONS, "the facilitator sees every event"
            continue
        position += 1
        assert replay.goto(position) == position
        state = fold_all(rules, raw[: i + 1])  # the live state right after this event, no later one
        view = replay.view()
        transcript = replay.transcript()
        assert replay.log_index == i
        assert replay.current() == shown
        assert view == view_for(rules, state, seat)
        assert transcript == visible_events(rules, raw[: i + 1], seat)
        if seat not in DELEGATIONS:
            assert set(view.private) == set(DELEGATIONS) and transcript == raw[: i + 1]
            continue
        # Nothing private of another delegation, in the view or in the transcript.
        assert view.viewer == seat and set(view.private) == {seat}
        for fired in view.fired:
            to = rules.events[fired.id].to
            assert not to or seat in to, (seat, fired.id)
        for e in transcript:
            if isinstance(e, (E.EventFired, E.MessageSent)):
                assert not e.to or seat in e.to, (seat, e)
            if isinstance(e, E.GameStarted):
                assert e.seed is None and set(e.variants) == {seat}
            if isinstance(e, E.MeterChanged):
                assert e.meter.startswith(seat + ".") or rules.meters[e.meter].public
            if isinstance(e, (E.RedLineBlocked, E.SoftLineCrossed)):
                assert e.delegation == seat
            if isinstance(e, E.RedLineChanged):
                assert e.red_line.startswith(seat + ".")
        # Others' hidden readings stay hidden until the end or the facilitator's reveal.
        told.extend(line.text for line in narrator.lines([shown]))
        words = json.dumps(view.model_dump(mode="json")) + "\n".join(told)
        for label in _drawn_labels(rules, final, seat):
            assert label in words  # the check can see a label when one is shown: its own are
        for other in DELEGATIONS:
            if other == seat or state.ended or other in state.revealed:
                continue
            for label in _drawn_labels(rules, final, other):
                assert label not in words, (seat, other, label, position)
    assert position == len(replay)
    assert replay.timeline.final == final
    return replay


# ---------------------------------------------------------------------------- never more than the seat saw


@pytest.mark.parametrize("seat", SEATS)
def test_a_replay_of_computer_games_shows_each_seat_exactly_what_it_saw(rules, ai_games, seat):
    for session in ai_games:
        replay = check_replay(rules, session.steps, seat)
        assert len(replay) == len(visible_events(rules, session.events(), seat))
        replay.goto(len(replay))
        assert replay.view() == session.view(seat)  # the end: the same as the live game's last view


@pytest.mark.parametrize("seat", SEATS)
def test_a_facilitated_game_with_news_for_one_delegation(rules, seat):
    session = facilitated_game(rules)
    replay = check_replay(rules, session.steps, seat)
    narrator = Narrator(rules.scenario)
    text = "\n".join(line.text for line in narrator.lines(replay.transcript()))
    assert (SECRET_RU in text) == (seat in ("ru", "facilitator"))
    assert (SECRET_UA in text) == (seat in ("ua", "facilitator"))
    drift = rules.events["patience_drift"]
    assert (drift.title in text) == (seat in ("us", "facilitator"))


def test_a_reveal_shows_the_hidden_reading_from_then_on_and_not_before(rules):
    session = facilitated_game(rules)
    raw = session.events()
    revealed_at = next(i for i, e in enumerate(raw) if isinstance(e, E.InfoRevealed))
    us_labels = _drawn_labels(rules, session.state, "us")
    replay = Replay(rules, session.steps, "ua")
    for position in range(1, len(replay) + 1):
        replay.goto(position)
        view = replay.view()
        known = "us" in view.revealed
        assert known == (replay.log_index >= revealed_at)
        if known:
            assert [v.label for v in view.revealed["us"].variants] == us_labels
        assert "ru" not in view.revealed and ("ru" in view.private) is False
        if view.end is None:
            assert "Back channel" not in json.dumps(view.model_dump(mode="json"))


def test_a_delegations_replay_skips_what_it_never_saw_but_folds_it_in(rules):
    session = facilitated_game(rules)
    raw = session.events()
    secret = next(i for i, e in enumerate(raw) if isinstance(e, E.MessageSent) and e.to == ("ru",))
    replay = Replay(rules, session.steps, "ua")
    assert secret not in replay._raw
    # Kyiv's first event after Moscow's news: the state behind its view has the news folded in
    # (Moscow's standing fell), and the view still shows none of it.
    after = next(p for p in range(1, len(replay) + 1) if replay.goto(p) and replay.log_index > secret)
    replay.goto(after)
    state = replay.timeline.state_after(replay.log_index + 1)
    assert state.meters["ru.standing"] == fold_all(rules, raw[: secret + 2]).meters["ru.standing"]
    assert all(m.id != "ru.standing" for m in replay.view().public_meters)
    assert SECRET_RU not in json.dumps(replay.view().model_dump(mode="json"))


# ---------------------------------------------------------------------------- moving the cursor


def test_goto_and_step_stay_within_the_game(rules, ai_games):
    replay = Replay(rules, ai_games[0].steps, "ru")
    assert replay.position == 1 and replay.at_start and isinstance(replay.current(), E.GameStarted)
    assert replay.goto(0) == 1 and replay.goto(-7) == 1
    assert replay.goto(10**9) == len(replay) and replay.at_end
    assert isinstance(replay.current(), E.GameEnded)
    assert replay.step(5) == len(replay)
    assert replay.step(-3) == len(replay) - 3
    assert replay.goto(1) == 1 and replay.step(-1) == 1
    assert len(replay.transcript()) == 1
    assert Replay(rules, ai_games[0].steps, "ru", position=10**6).position == len(replay)
    with pytest.raises(ValueError):
        Replay(rules, ai_games[0].steps, "omniscient-ish")


def test_round_jumps_land_on_each_round_opening_in_turn(rules, ai_games):
    for seat in ("ua", "facilitator"):
        replay = Replay(rules, ai_games[1].steps, seat)
        openings = [p for p, e in enumerate(replay._shown, 1) if isinstance(e, E.RoundStarted)]
        assert len(openings) == len(rules.rounds)
        visited = []
        while not replay.at_end:
            visited.append(replay.next_round())
        assert visited == [*openings, len(replay)]
        back = []
        while not replay.at_start:
            back.append(replay.previous_round())
        assert back == [*reversed(openings), 1]
        # From inside a round, back goes to that round's opening first.
        replay.goto(openings[1] + 3)
        assert replay.previous_round() == openings[1]
        assert replay.previous_round() == openings[0]
        assert isinstance(replay.current(), E.RoundStarted)


def test_the_label_names_the_event_the_round_and_the_date(rules, ai_games):
    replay = Replay(rules, ai_games[0].steps, "us")
    first = rules.scenario.calendar.start
    assert replay.label() == f"Event 1 of {len(replay)} \u00b7 Before round 1 \u00b7 {first:%d %b %Y}"
    replay.next_round()
    replay.next_round()
    assert re.fullmatch(rf"Event \d+ of {len(replay)} \u00b7 Round 2 \u00b7 \d\d \w\w\w 2026", replay.label())
    replay.goto(len(replay))
    assert replay.label().startswith(f"Event {len(replay)} of {len(replay)} \u00b7 Talks over \u00b7 ")
    rounds = [replay.round_text(replay.view()) for _ in range(1) if replay.goto(1)]
    assert rounds == ["Before round 1"]


def test_another_point_of_view_keeps_the_place_in_the_game(rules):
    session = facilitated_game(rules)
    raw = session.events()
    secret = next(i for i, e in enumerate(raw) if isinstance(e, E.MessageSent) and e.to == ("ru",))
    moscow = Replay(rules, session.steps, "ru")
    moscow.goto(moscow._raw.index(secret) + 1)  # Moscow's own news
    kyiv = moscow.as_seen_by("ua")
    assert kyiv.seat == "ua" and kyiv.timeline is moscow.timeline
    assert kyiv.log_index < secret  # the last event both saw before it
    assert kyiv.log_index == max(i for i in kyiv._raw if i in moscow._raw and i <= secret)
    everything = moscow.as_seen_by("facilitator")
    assert everything.log_index == secret and everything.current() == raw[secret]
    back = everything.as_seen_by("ru")
    assert back.position == moscow.position
    # Round trips through every seat never move forward in the game.
    replay = Replay(rules, session.steps, "facilitator", position=len(raw) // 2)
    here = replay.log_index
    for _ in range(len(SEATS)):
        replay = replay.as_seen_by(next_seat(replay.seat, SEATS))
        assert replay.log_index <= here
        here = replay.log_index
    assert replay.seat == "facilitator"


def test_the_replay_core_runs_without_textual():
    code = "import sys, game.replay; assert 'textual' not in sys.modules, sorted(m for m in sys.modules if 'textual' in m)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_seat_names_and_the_cycle(rules):
    assert [seat_name(rules.scenario, s) for s in SEATS] == ["Moscow", "Kyiv", "Washington", "The facilitator"]
    assert seats_of(rules.scenario) == SEATS
    assert [next_seat(s, SEATS) for s in SEATS] == ["ua", "us", "facilitator", "ru"]


# ---------------------------------------------------------------------------- saves


def test_replay_of_saves_from_simulate_and_from_the_tui(rules, tmp_path, capsys):
    assert cli.main(["simulate", "--scenario", "abu-dhabi", "--seed", "4", "--save-dir", str(tmp_path / "sim")]) == 0
    capsys.readouterr()
    (simulated,) = (tmp_path / "sim").glob("*.parley")
    match = Match.new(rules, 9, {"ru": "person", "ua": "ai", "us": "ai"}, tmp_path / "tui",
                      now=dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC))
    for _ in range(6):
        while match.computer_to_move:
            match.computer_move()
        match.act(C.Pass(by="ru"))
    match.close()
    for path, ended in ((simulated, True), (match.path, False)):
        loaded = load(path, load_scenario_by_id)
        for seat in SEATS:
            replay = Replay.of(loaded, seat, position=10**6)
            assert replay.timeline.final == loaded.state
            assert replay.view() == view_for(loaded.rules, loaded.state, seat)
            assert (replay.view().end is not None) == ended
        check_replay(loaded.rules, loaded.steps, "ua")


def test_a_game_of_more_than_500_events_replays_from_checkpoints(rules):
    # The first seed whose game runs past 500 events (how long a game runs moves with
    # the computer delegations' play; the replay must hold for any such game).
    session = next(s for s in (long_game(rules, seed) for seed in range(5, 40)) if len(s.events()) > 500)
    raw = session.events()
    timeline = Timeline(rules, raw)
    assert len(timeline._marks) == len(raw) // 50 + 1
    replay = Replay(rules, session.steps, "ua", timeline=timeline)
    # Forward, backward and jumps all give the state of a fold from the start.
    for position in (len(replay), 1, 260, 261, 259, 51, 50, 49, len(replay) - 1, 300):
        replay.goto(position)
        assert replay.timeline.state_after(replay.log_index + 1) == fold_all(rules, raw[: replay.log_index + 1])
    while not replay.at_end:
        replay.step(1)
        replay.view()
    while not replay.at_start:
        replay.previous_round()
    assert replay.view() == view_for(rules, fold_all(rules, raw[:1]), "ua")
    with pytest.raises(IndexError):
        timeline.state_after(len(raw) + 1)

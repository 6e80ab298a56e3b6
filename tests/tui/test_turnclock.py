"""The turn timer's clock, on an injected time source: it counts only while the
delegation to move can act, holds while paused, and fires once per turn."""

from __future__ import annotations

import pytest

from game.engine import commands as C
from game.match import Match
from game.turnclock import TurnClock, clock_text


class Ticker:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now



@pytest.fixture
def match(rules) -> Match:
    match = Match.new(rules, 4, {"ru": "person", "ua": "person", "us": "person"}, None, timer=60)
    assert match.whose_turn == "ru"
    return match


def test_time_counts_only_while_the_delegation_can_act(match):
    ticker = Ticker()
    clock = TurnClock(ticker)
    view = match.view("ru")
    assert clock.left(view, running=False) == 60  # behind the hand-over cover: not yet
    ticker.now += 30
    assert clock.left(view, running=True) == 60  # the cover lifts now
    ticker.now += 20
    assert clock.left(view, running=False) == 40  # a dialog opens: 20 s were used
    ticker.now += 100
    assert clock.left(view, running=True) == 40
    ticker.now += 40
    assert clock.due(view) and not clock.due(view)  # once per turn
    assert clock_text(0.2) == "0:01 left" and clock_text(75) == "1:15 left"


def test_a_pause_holds_the_clock_and_a_longer_round_does_not_restart_it(match):
    ticker = Ticker()
    clock = TurnClock(ticker)
    clock.left(match.view("ru"))
    ticker.now += 10
    match.act(C.Pause())
    assert clock.left(match.view("ru")) == 50
    ticker.now += 500
    assert not clock.due(match.view("ru"))  # paused: no timeout
    match.act(C.Resume())
    assert clock.left(match.view("ru")) == 50
    ticker.now += 5
    match.act(C.ChangeTurns(delta=2))  # the facilitator lengthens the round mid-turn
    assert clock.left(match.view("ru")) == 45


def test_the_next_turn_gets_the_full_time(match):
    ticker = Ticker()
    clock = TurnClock(ticker)
    clock.left(match.view("ru"))
    ticker.now += 59
    match.act(C.Pass(by="ru"))
    assert clock.left(match.view("ua")) == 60
    match.act(C.SetTurnTimer(seconds=0))
    assert clock.left(match.view("ua")) is None and not clock.due(match.view("ua"))

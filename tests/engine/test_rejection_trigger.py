"""Scenario events that answer a move at the table: `at: rejection` fires when a given
delegation turns down a package a given delegation proposed (Abu Dhabi: Washington's
irritation with whoever refuses its texts moves whom it blames)."""

from __future__ import annotations

import pytest

from game.content.loader import load_scenario_by_id
from game.content.models import Trigger
from game.engine import commands as C
from game.engine import events as E
from game.engine.core import new_game, step, whose_turn
from game.engine.rules import Rules
from game.i18n import engine as words
from game.i18n.names import Names

RULES = Rules(load_scenario_by_id("abu-dhabi"))


def _do(state, command):
    outcome = step(RULES, state, command)
    assert outcome.refusal is None, outcome.refusal
    return outcome


def _to(state, who):
    while whose_turn(RULES, state) != who:
        state = _do(state, C.Pass(by=whose_turn(RULES, state))).state
    return state


def test_turning_down_washingtons_text_moves_whom_it_blames():
    state = _to(new_game(RULES, 2).state, "us")
    state = _do(state, C.Propose(by="us", items={"next_round": "within_a_month"})).state
    state = _to(state, "ru")
    blame = state.meters["us.blame"]
    outcome = _do(state, C.Reject(by="ru"))
    fired = [e for e in outcome.events if isinstance(e, E.EventFired)]
    assert [e.event for e in fired] == ["washington_irritated_with_moscow"]
    assert fired[0].answer and fired[0].to == ("us",) and (fired[0].by, fired[0].proposer) == ("ru", "us")
    assert words.fired(fired[0], Names(RULES.scenario)) == "Moscow turned down Washington's package"
    assert outcome.state.meters["us.blame"] == blame + 3


def test_turning_down_another_delegations_text_does_not():
    state = _to(new_game(RULES, 2).state, "ru")
    state = _do(state, C.Propose(by="ru", items={"next_round": "within_a_month"})).state
    state = _to(state, "ua")
    outcome = _do(state, C.Reject(by="ua"))
    assert not [e for e in outcome.events if isinstance(e, E.EventFired)]


def test_by_and_proposed_by_belong_to_rejection_triggers():
    with pytest.raises(ValueError, match="belong to `at: rejection`"):
        Trigger(at="round_end", by=("ru",))
    assert Trigger(at="rejection", by=("ua",), proposed_by=("us",)).by == ("ua",)

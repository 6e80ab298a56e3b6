"""A computer delegation walks out when staying looks worse for it than leaving: its
BATNA's trend over the rounds still to come outweighs what a walk-out forfeits and what
it could still sign (`_Turn.walk_out_figures`)."""

from __future__ import annotations

from game.agents.ai import AIAgent
from game.agents.turn import _Turn
from game.content.loader import load_scenario_by_id
from game.engine import commands as C
from game.engine.core import new_game, step, whose_turn
from game.engine.rules import Rules
from game.engine.views import view_for

RULES = Rules(load_scenario_by_id("abu-dhabi"))


def _second_round(seed: int = 4):
    state = new_game(RULES, seed).state
    while not (state.round_index == 1 and state.phase == "in_round"):
        state = step(RULES, state, C.Pass(by=whose_turn(RULES, state))).state
    return state


def test_kyiv_leaves_a_table_where_the_front_runs_against_it_and_moscow_stays():
    state = _second_round().clone()
    opening = dict(state.round_meters[0])
    state.meters["ru.leverage"] = opening["ru.leverage"] + 30  # a collapsing front, round after round
    state.round_meters = [opening, dict(state.meters)]
    kyiv = _Turn(AIAgent("ua", 1, "hardliner"), view_for(RULES, state, "ua"))
    leave, stay = kyiv.walk_out_figures()
    assert leave > stay + 0.5
    command = kyiv.maybe_walk_out()
    assert isinstance(command, C.WalkOut) and command.say is not None and command.say.key == "walk_out"
    moscow = _Turn(AIAgent("ru", 1, "hardliner"), view_for(RULES, state, "ru"))
    assert moscow.maybe_walk_out() is None  # time works for Moscow


def test_nobody_walks_out_before_there_is_a_trend_or_when_the_front_holds():
    first = new_game(RULES, 4).state
    assert _Turn(AIAgent("ua", 1, "hardliner"), view_for(RULES, first, "ua")).walk_out_figures() is None
    state = _second_round()
    for seat in ("ru", "ua"):
        assert _Turn(AIAgent(seat, 1, "hardliner"), view_for(RULES, state, seat)).maybe_walk_out() is None
    # the mediator never walks out of its own talks
    assert _Turn(AIAgent("us", 1, "hardliner"), view_for(RULES, state, "us")).maybe_walk_out() is None

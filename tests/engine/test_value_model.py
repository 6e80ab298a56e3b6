"""One value model (`game.engine.value`): what a seat is shown a package is worth is the
change signing it makes to its final score, found by signing it through the engine; with
nothing signed a delegation scores exactly how far its BATNA moved, plus the objectives
that need no agreement; and time favours Moscow, as the source says."""

from __future__ import annotations

import random

import pytest
from computer_games import states_along
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from game.content.loader import load_scenario_by_id
from game.engine import commands as C
from game.engine import events as E
from game.engine.appraise import appraise, score_parts
from game.engine.core import new_game, step, whose_turn
from game.engine.rules import Rules
from game.engine.views import view_for
from tests.abu_dhabi import DELEGATIONS

RULES = Rules(load_scenario_by_id("abu-dhabi"))


# States along computer games: texts signed, meters moved, flags set, the frost over.
STATES = states_along(RULES, range(1, 6), turns=90, every=5)


def _sign(rules: Rules, state, items: dict[str, str]):
    """Put `items` on the table and have every party whose consent it needs accept it,
    through the engine. Returns (the state just before the signature, the state after it),
    or None when the table would not get there with nothing else happening (a red line
    refuses it, the round ends first)."""
    who = whose_turn(rules, state)
    if who is None:
        return None
    kind = C.Counter if state.table is not None else C.Propose
    needed = rules.consent_needed(items)
    before = state
    outcome = step(rules, state, kind(by=who, items=items))
    if outcome.refusal is not None:
        return None
    state = outcome.state
    for _ in range(12):
        if any(isinstance(e, E.AgreementSigned) for e in outcome.events):
            signed = [e for e in outcome.events if isinstance(e, E.AgreementSigned)]
            if signed[0].items != items or any(isinstance(e, (E.RoundEnded, E.RoundStarted)) for e in outcome.events):
                return None
            return before, outcome.state
        if state.phase != "in_round" or state.table is None:
            return None
        who = whose_turn(rules, state)
        if who in needed and who not in state.table.accepted:
            command = C.Accept(by=who)
        else:
            command = C.Pass(by=who)
        before = state
        outcome = step(rules, state, command)
        if outcome.refusal is not None or any(isinstance(e, E.RoundEnded) for e in outcome.events):
            return None
        state = outcome.state
    return None


@st.composite
def packages(draw):
    state = draw(st.sampled_from(STATES))
    cards = [c for c in state.cards if not RULES.card_closed(state, c) and RULES.proposable[c]]
    chosen = draw(st.lists(st.sampled_from(cards), min_size=1, max_size=4, unique=True))
    return state, {c: draw(st.sampled_from(RULES.proposable[c])) for c in sorted(chosen, key=RULES.card_order.index)}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(packages())
def test_the_worth_shown_is_the_change_in_the_final_score_that_signing_brings(case):
    state, items = case
    signed = _sign(RULES, state, items)
    assume(signed is not None)
    before, after = signed
    for seat in DELEGATIONS:
        view = view_for(RULES, before, seat)
        a = appraise(view, seat, items)
        now, then = RULES.score_parts(before, seat), RULES.score_parts(after, seat)
        assert a.now.score == pytest.approx(now.score, abs=1e-9)
        assert a.worth == pytest.approx(then.score - now.score, abs=1e-9), (seat, items)
        assert a.score_then == pytest.approx(then.score, abs=1e-9)
        # the final score the engine records at the end is made the same way
        if after.ended:
            assert after.scores[seat] == pytest.approx(round(then.score, 2), abs=1e-9)


def test_the_worth_counts_soft_costs_objectives_and_a_settlement():
    """The parts that are not utility: a soft line's cost on the seat's own meters, an
    objective met by the signature (Washington's first step), none for a non-party."""
    state = new_game(RULES, 3).state
    ru = view_for(RULES, state, "ru")
    a = appraise(ru, "ru", {"nato_status": "membership_deferred"})
    assert [line.id for line in a.soft] == ["ru.neutrality_required"]
    cost = sum(a.soft[0].cost.values())  # on Moscow's standing, counted at 0.5 a point
    assert a.worth == pytest.approx(a.gain + 0.5 * cost)
    us = appraise(view_for(RULES, state, "us"), "us", {"energy_pause": "frost_pause"})
    first_step = {o.id: o.points for o in RULES.scenario.scoring["us"].objectives}
    assert us.worth == pytest.approx(us.gain + first_step["first_step"] + first_step["winter_deal"])


def _no_deal_game(seed: int):
    """Every delegation passes or calls recesses to the end: nothing is signed."""
    state = new_game(RULES, seed).state
    rng = random.Random(seed)
    while not state.ended:
        who = whose_turn(RULES, state)
        command = C.Recess(by=who) if rng.random() < 0.3 else C.Pass(by=who)
        outcome = step(RULES, state, command)
        assert outcome.refusal is None
        state = outcome.state
    return state


@pytest.mark.parametrize("seed", range(1, 9))
def test_with_nothing_signed_each_score_is_how_far_its_batna_moved_plus_objectives(seed):
    start = new_game(RULES, seed).state
    end = _no_deal_game(seed)
    assert end.achieved() == {}
    for d in DELEGATIONS:
        parts = RULES.score_parts(end, d)
        moved = RULES.batna(end, d) - RULES.batna(start, d)
        met = sum(o.points for o in RULES.scenario.scoring[d].objectives if RULES.holds(o.when, end, {}))
        assert parts.agreements == 0
        assert end.scores[d] == pytest.approx(round(moved + met, 2), abs=1e-9)


def test_time_favours_moscow_a_no_deal_game_raises_its_batna_and_lowers_kyivs():
    """The source: the trend is unfavourable to Kyiv. With nothing signed and no ceasefire,
    the front moves and each delegation's BATNA with it."""
    moved = {d: [] for d in DELEGATIONS}
    for seed in range(1, 31):
        end = _no_deal_game(seed)
        for d in ("ru", "ua"):
            moved[d].append(RULES.batna_moved(end, d))
    assert sum(moved["ru"]) / 30 > 1.0
    assert sum(moved["ua"]) / 30 < -1.0


def test_signing_a_text_worse_for_you_than_the_status_quo_lowers_your_score():
    state = new_game(RULES, 2).state
    for seat in DELEGATIONS:
        view = view_for(RULES, state, seat)
        mine = view.private[seat]
        for card in view.cards:
            if not card.open:
                continue
            for option in RULES.proposable[card.id]:
                items = {card.id: option}
                a = appraise(view, seat, items)
                if a.gain < 0 and not a.soft and a.then.objectives == a.now.objectives:
                    assert a.worth < 0 and a.score_then < a.now.score
                    assert mine.values[card.id][option] < mine.values[card.id][card.status_quo]


def test_the_seats_own_score_in_its_view_is_the_engines():
    for state in STATES[::7]:
        for seat in DELEGATIONS:
            view = view_for(RULES, state, seat)
            assert score_parts(view, seat).score == pytest.approx(RULES.score_parts(state, seat).score, abs=1e-9)
            assert view.private[seat].batna == pytest.approx(RULES.batna(state, seat), abs=0.006)
            assert view.private[seat].batna_path[0] == view.private[seat].batna_start

"""Who can still answer a package before the round ends (issue 12): the view lists the
delegations that get a turn in this round after the one to move, and a package whose
needed consent lies with a delegation not among them is flagged: it would lapse."""

from __future__ import annotations

from game.engine import commands as C
from game.engine.core import new_game, step
from game.engine.views import view_for


def test_still_to_move_counts_the_turns_left_in_the_round(rules):
    state = new_game(rules, 4).state
    order = rules.order
    seen_round_end = False
    for _ in range(40):
        view = view_for(rules, state, "us")
        if view.phase != "in_round":
            break
        later = view.turns_left - 1  # the turns after this one, in this round
        want = []
        for k in range(1, min(later, len(order) - 1) + 1):
            want.append(order[(order.index(view.whose_turn) + k) % len(order)])
        assert view.still_to_move == tuple(want)
        if later == 0:
            seen_round_end = True
            assert view.still_to_move == ()
        state = step(rules, state, C.Pass(by=view.whose_turn)).state
    assert seen_round_end


def test_a_package_needing_a_delegation_with_no_turn_left_is_flagged(rules):
    state = new_game(rules, 4).state
    while True:  # on to the round's last turn
        view = view_for(rules, state, "us")
        if view.turns_left == 1:
            break
        state = step(rules, state, C.Pass(by=view.whose_turn)).state
    me = view.whose_turn
    view = view_for(rules, state, me)
    card = next(c for c in view.cards if set(c.consent) - {me} and c.open and c.signed is None)
    option = next(o.id for o in card.options if o.id != card.status_quo)
    late = view.cannot_answer(me, {card.id: option})
    assert late and set(late) == set(card.consent) - {me}
    # at the round's first turn, everyone else gets a turn: nothing is flagged
    first = view_for(rules, new_game(rules, 4).state, "ru")
    assert first.cannot_answer(first.whose_turn, {card.id: option}) == ()

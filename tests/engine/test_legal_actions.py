"""`legal_actions` against the engine itself: every command it lists is accepted by
`step`, and commands it leaves out are refused, at states real games reach, for two,
three and four delegations."""

from __future__ import annotations

import random

import pytest
from computer_games import states_along

from game.content.loader import load_scenario_by_id
from game.engine import commands as C
from game.engine.core import new_game, step, whose_turn
from game.engine.legal import legal_actions
from game.engine.rules import Rules

SCENARIOS = ("abu-dhabi", "itex-cypress", "river-basin")


@pytest.fixture(scope="module", params=SCENARIOS)
def played(request):
    rules = Rules(load_scenario_by_id(request.param))
    return rules, states_along(rules, seeds=(3, 8), turns=60, every=3)


def _accepted(rules, state, command) -> bool:
    return step(rules, state, command).refusal is None


def test_every_move_and_package_listed_is_accepted(played):
    rules, states = played
    rng = random.Random(5)
    checked = 0
    for state in states:
        seat = whose_turn(rules, state)
        if seat is None:
            continue
        legal = legal_actions(rules, state, seat)
        assert legal.moves and legal.proposal in ("propose", "counter")
        for move in legal.moves:
            assert _accepted(rules, state, move), (move, step(rules, state, move).refusal)
        packages = list(legal.packages(max_cards=2))
        for items in packages[:10] + rng.sample(packages, min(10, len(packages))):
            kind = C.Counter if legal.proposal == "counter" else C.Propose
            outcome = step(rules, state, kind(by=seat, items=items))
            assert outcome.refusal is None, (items, outcome.refusal)
            checked += 1
        if legal.can_speak:
            assert _accepted(rules, state, C.Statement(by=seat, text="We are listening."))
    assert checked > 50


def test_what_is_not_listed_is_refused(played):
    rules, states = played
    rng = random.Random(9)
    for state in states:
        seat = whose_turn(rules, state)
        if seat is None:
            continue
        legal = legal_actions(rules, state, seat)
        # every other delegation may do nothing now, and the engine agrees
        for other in rules.parties:
            if other != seat:
                idle = legal_actions(rules, state, other)
                assert not idle.moves and idle.proposal is None and not list(idle.packages())
                assert not _accepted(rules, state, C.Pass(by=other))
        # commands of every kind that the list leaves out
        candidates: list[C.Command] = [C.Accept(by=seat), C.Reject(by=seat), C.TimeOut(by=seat)]
        candidates += [C.UseLever(by=seat, lever=lever) for lever in rules.levers[seat]]
        for card in rules.card_order:
            for option in (o.id for o in rules.cards[card].options):
                candidates += [C.Propose(by=seat, items={card: option}), C.Counter(by=seat, items={card: option})]
        cards = list(rules.card_order)
        for _ in range(40):  # random packages of two or three cards
            chosen = rng.sample(cards, min(len(cards), rng.choice((2, 3))))
            items = {c: rng.choice([o.id for o in rules.cards[c].options]) for c in chosen}
            candidates += [C.Propose(by=seat, items=items), C.Counter(by=seat, items=items)]
        for command in candidates:
            assert legal.allows(command) == _accepted(rules, state, command), (command, legal.proposal)


def test_between_turns_and_for_the_facilitator(played):
    rules, states = played
    start = new_game(rules, 1).state
    facilitator = legal_actions(rules, start, "facilitator")
    assert C.Pause() in facilitator.moves and C.EndNow() in facilitator.moves
    for move in facilitator.moves:
        assert _accepted(rules, start, move), move
    paused = step(rules, start, C.Pause()).state
    assert legal_actions(rules, paused, "facilitator").moves[0] == C.Resume()
    assert not legal_actions(rules, paused, whose_turn(rules, paused)).moves  # a paused table takes no move
    ended = step(rules, start, C.EndNow()).state
    assert not legal_actions(rules, ended, "facilitator").moves
    with pytest.raises(ValueError):
        legal_actions(rules, start, "nobody")

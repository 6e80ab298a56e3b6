"""Random command sequences, legal and illegal, through the engine (hypothesis)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.content.loader import load_scenario, scenario_dirs
from game.engine import Rules, fold, new_game, replay, step, whose_turn
from game.engine import commands as C
from game.engine import events as E
from tests.words import explain

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SCENARIOS = [FIXTURES / "lab", *scenario_dirs()]


@pytest.fixture(scope="module", params=SCENARIOS, ids=lambda p: p.name)
def rules(request) -> Rules:
    return Rules(load_scenario(request.param))


def _command(data, rules: Rules, state) -> C.Command:
    sc = rules.scenario
    current = whose_turn(rules, state)
    seat = current if current and data.draw(st.integers(0, 9)) < 8 else data.draw(st.sampled_from(["ru", "ua", "us"]))
    cards = [c.id for c in sc.cards] + ["bogus"]
    options = sorted({o.id for c in sc.cards for o in c.options}) + ["bogus"]

    def items():
        chosen = data.draw(st.lists(st.sampled_from(cards), min_size=1, max_size=3, unique=True))
        out = {}
        for card in chosen:
            if card in rules.cards and data.draw(st.integers(0, 9)) > 0:
                legal = rules.proposable[card] if data.draw(st.integers(0, 9)) > 0 else [o.id for o in rules.cards[card].options]
                out[card] = data.draw(st.sampled_from(legal))
            else:
                out[card] = data.draw(st.sampled_from(options))
        return out

    package = data.draw(st.sampled_from([None, None, state.packages, state.packages + 1]))
    levers = [lv for d in rules.levers.values() for lv in d] + ["bogus"]
    kind = data.draw(
        st.sampled_from(
            ["propose"] * 4 + ["counter"] * 2 + ["accept"] * 4 + ["reject"] + ["statement", "lever", "recess", "pass"] * 2
            + ["walkout", "pause", "resume", "fire", "move", "turns", "end"]
        )
    )
    match kind:
        case "propose":
            return C.Propose(by=seat, items=items())
        case "counter":
            return C.Counter(by=seat, items=items())
        case "accept":
            return C.Accept(by=seat, package=package)
        case "reject":
            return C.Reject(by=seat, package=package)
        case "statement":
            return C.Statement(by=seat, text=data.draw(st.text(max_size=40)))
        case "lever":
            return C.UseLever(by=seat, lever=data.draw(st.sampled_from(levers)))
        case "recess":
            return C.Recess(by=seat)
        case "pass":
            return C.Pass(by=seat)
        case "walkout":
            return C.WalkOut(by=seat)
        case "pause":
            return C.Pause()
        case "resume":
            return C.Resume()
        case "fire":
            return C.FireEvent(event=data.draw(st.sampled_from([e.id for e in sc.events] + ["bogus"])))
        case "move":
            return C.MoveNextRound(days=data.draw(st.integers(-10, 10)))
        case "turns":
            return C.ChangeTurns(delta=data.draw(st.integers(-10, 10)))
    return C.EndNow()


def _assert_no_hard_line_signed(rules: Rules, before, events) -> None:
    state = before
    for event in events:
        if isinstance(event, E.AgreementSigned):
            for party in event.parties:
                hard = [qid for qid, line in rules.crossed(state, party, event.items) if line.hard]
                assert hard == [], f"{party} signed across {hard}: {event.items}"
        state = fold(rules, state, event)


@settings(
    max_examples=int(os.environ.get("PARLEY_PROPERTY_EXAMPLES", "120")),
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data(), seed=st.integers(0, 2**32))
def test_random_command_sequences(rules, data, seed):
    outcome = new_game(rules, seed)
    state = outcome.state
    log = list(outcome.events)
    for _ in range(data.draw(st.integers(1, 120))):
        if state.phase == "ended":
            break
        command = _command(data, rules, state)
        outcome = step(rules, state, command)  # never raises: refusals are values
        if outcome.refusal is not None:
            assert explain(outcome.refusal, rules)
            assert all(isinstance(e, E.RedLineBlocked) for e in outcome.events)
        _assert_no_hard_line_signed(rules, state, outcome.events)
        state = outcome.state
        log += outcome.events
    assert replay(rules, log) == state

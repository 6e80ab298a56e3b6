"""Computer delegations use levers on purpose, and their reasons name the events that
moved them (issue 3): a lever is valued by what it does that the delegation can see in
its own view, and one expected to hurt it is left alone."""

from __future__ import annotations

import pytest

from game.agents.ai import AIAgent
from game.agents.turn import _Turn
from game.content import models as cm
from game.engine import Rules, new_game
from game.engine import commands as C
from game.engine import events as E
from game.engine.views import view_for
from game.headless import game_seed, play_game
from tests.words import said

SEATS = ("ru", "ua", "us")
ACTIONS = (E.PackageProposed, E.PackageAccepted, E.PackageRejected, E.LeverUsed, E.RecessCalled, E.WalkedOut, E.Passed)



@pytest.fixture(scope="module")
def games(rules):
    """Seeded AI-vs-AI games, every preset in every seat now and then."""
    return [play_game(rules, game_seed(41, k), {d: "ai" for d in SEATS}) for k in range(60)]


def _visible_value(rules: Rules, code: str, lever_id: str) -> float:
    """What a lever's effects on meters the delegation sees add to its score, worked out
    here from the scenario itself (its score counts how its meters move its BATNA)."""
    scoring = rules.scenario.scoring[code]
    value = 0.0
    for effect in rules.levers[code][lever_id].effects:
        if isinstance(effect, cm.ChangeMeter):
            seen = effect.meter.split(".", 1)[0] == code or rules.meters[effect.meter].public
            if seen:
                weight = scoring.meters.get(effect.meter, 0.0)
                value += effect.delta * weight
    return value


PRESSES = {"threaten_sanctions": "ru", "impose_sanctions": "ru", "resume_aid": "ru", "press_kyiv": "ua"}


def test_washington_presses_whoever_turns_down_its_texts(rules, games):
    """The mediator's sanctions, aid and pressure go to the delegation that has been turning
    down its texts (refusals halved each round, as it counts them): never to the other."""
    used = 0
    for session in games:
        refused = {"ru": 0.0, "ua": 0.0}
        mine: set[int] = set()
        for event in session.events():
            if isinstance(event, E.RoundStarted):
                refused = {d: n / 2 for d, n in refused.items()}
            elif isinstance(event, E.PackageProposed) and event.by == "us":
                mine.add(event.package)
            elif isinstance(event, E.PackageRejected) and event.package in mine:
                refused[event.by] += 1
            elif isinstance(event, E.LeverUsed) and event.by == "us" and event.lever in PRESSES:
                pressed = PRESSES[event.lever]
                other = "ua" if pressed == "ru" else "ru"
                assert refused[pressed] > 0 and refused[pressed] >= refused[other], (event.lever, refused)
                used += 1
    assert used >= 5, used


def test_no_delegation_uses_a_lever_it_expects_to_hurt_it(rules, games):
    """Kyiv's levers and Moscow's military pressure are valued by their effects on the meters
    its score counts; Moscow's signal of readiness by keeping Washington's patience up, and
    Washington's pressure by moving whoever blocks (tested on their own)."""
    used = {(e.by, e.lever) for s in games for e in s.events() if isinstance(e, E.LeverUsed)}
    assert {by for by, _ in used} == set(SEATS), used
    assert {lever for by, lever in used if by == "us"} >= {"send_envoy", "threaten_sanctions"}
    assert ("ru", "signal_readiness") in used
    for by, lever in used:
        if by == "ua" or lever == "military_pressure":
            assert _visible_value(rules, by, lever) > 0, (by, lever)


def test_pressure_is_worth_something_only_against_a_blocker(rules):
    state = new_game(rules, 3).state
    view = view_for(rules, state, "us")
    levers = {lv.id: lv for lv in view.private["us"].levers}
    agent = AIAgent("us", 1, "pragmatist")
    agent.mine.update({1, 2})
    agent.observe([E.PackageRejected(by="ru", package=1), E.PackageRejected(by="ru", package=2)])
    turn = _Turn(agent, view)
    assert turn.lever_value(levers["threaten_sanctions"])[0] > 0  # it opens the sanctions
    assert turn.lever_value(levers["press_kyiv"])[0] < 0  # Kyiv did not block
    agent = AIAgent("us", 1, "pragmatist")
    agent.mine.update({1, 2})
    agent.observe([E.PackageRejected(by="ua", package=1), E.PackageRejected(by="ua", package=2)])
    turn = _Turn(agent, view)
    assert turn.lever_value(levers["press_kyiv"])[0] > 0
    assert turn.lever_value(levers["threaten_sanctions"])[0] < 0


def test_pressure_needs_time_to_work_so_it_fades_over_the_last_round(rules):
    """Pressure on a blocker pays only if the blocker still has turns to move: full while
    rounds are to come, in the last round the share of its turns still to be played."""
    view = view_for(rules, new_game(rules, 3).state, "us")
    lever = next(lv for lv in view.private["us"].levers if lv.id == "threaten_sanctions")
    agent = AIAgent("us", 1, "pragmatist")
    agent.mine.update({1, 2})
    agent.observe([E.PackageRejected(by="ru", package=1), E.PackageRejected(by="ru", package=2)])
    early = _Turn(agent, view).pressure(lever)
    last = len(view.rounds) - 1
    rounds = tuple(r.model_copy(update={"status": "done" if i < last else "current"}) for i, r in enumerate(view.rounds))
    turns = rounds[last].turns
    at_last = {
        left: _Turn(agent, view.model_copy(update={"rounds": rounds, "turns_left": left})).pressure(lever)
        for left in (turns, 1, 0)
    }
    assert early > 0 and at_last[turns] == pytest.approx(early)
    assert at_last[1] == pytest.approx(early / turns) and at_last[0] == 0.0


def test_moscow_keeps_washington_engaged_and_escalates_less_when_its_patience_runs_low(rules):
    state = new_game(rules, 3).state
    turn = _Turn(AIAgent("ru", 1, "pragmatist"), view_for(rules, state, "ru"))
    levers = {lv.id: lv for lv in view_for(rules, state, "ru").private["ru"].levers}
    calm_signal = turn.lever_value(levers["signal_readiness"])[0]
    calm_pressure = turn.lever_value(levers["military_pressure"])[0]
    assert calm_signal > 0
    state.meters["us.patience"] = 70.0
    view = view_for(rules, state, "ru")
    turn = _Turn(AIAgent("ru", 1, "pragmatist"), view)
    assert turn.lever_value(levers["signal_readiness"])[0] < calm_signal  # less urgent
    assert turn.lever_value(levers["military_pressure"])[0] > calm_pressure


def test_a_lever_is_valued_by_what_the_delegation_can_see(rules):
    """Washington's view shows that new sanctions raise its credibility and lower Moscow's
    public battlefield leverage; that they also impose one of Moscow's red lines and cost
    Moscow standing is Moscow's to know."""
    view = view_for(rules, new_game(rules, 3).state, "us")
    levers = {lv.id: lv for lv in view.private["us"].levers}
    shown = levers["impose_sanctions"].effects
    assert {getattr(e, "meter", None) for e in shown} >= {"us.credibility", "ru.leverage"}
    assert "ru.standing" not in view.model_dump_json()
    assert not [e for e in shown if isinstance(e, cm.ImposeRedLine)]
    turn = _Turn(AIAgent("us", 1, "pragmatist"), view)
    assert turn.lever_value(levers["threaten_sanctions"])[0] < 0  # patience, and nothing it can see in return
    assert turn.lever_value(levers["press_kyiv"])[0] < 0  # a little patience for more credibility
    value, helps = turn.lever_value(levers["send_envoy"])
    assert value > 0 and helps == "meter:us.credibility"  # named in each reader's words: "Credibility as mediator"


def test_a_decision_names_the_event_that_moved_its_hand(rules):
    """Moscow's battlefield leverage sets its demands: after an event moved it, Moscow's next
    decision says so; an event that moved nothing Moscow weighs is not named."""
    agent = AIAgent("ru", 5, "pragmatist")
    state = new_game(rules, 5).state
    agent.observe([
        E.EventFired(event="battlefield_pressure", reason="round_end", round="r1"),
        E.MeterChanged(meter="ru.leverage", value=64.0, delta=4.0, cause="event:battlefield_pressure"),
        E.EventFired(event="new_format", reason="round_start", round="r2"),
    ])
    fired = {"battlefield_pressure": 1, "new_format": 1}
    state.fired = fired
    command = agent.decide(view_for(rules, state, "ru"), [])
    assert said(command, rules).startswith("After \u201cPressure along the front\u201d, "), said(command, rules)
    again = agent.decide(view_for(rules, state, "ru"), [])
    assert not said(again, rules).startswith("After "), said(again, rules)  # heard and answered


def test_every_reason_stays_short_and_every_decision_has_one(rules, games):
    for session in games:
        for command, _ in session.steps:
            if isinstance(command, C._Act):
                words = said(command, rules)
                assert command.say is not None and words and len(words) <= C.MAX_REASON, command


def test_a_reason_cites_only_an_event_heard_since_the_delegations_last_move(rules, games):
    """After a round is postponed or the front moves, the reason of a decision it drove
    names the event, in the delegation's own words; never one it did not hear, and only
    fresh news: an event heard rounds ago is never named again ("After 'Round 2
    postponed'..." weeks later was a complaint)."""
    named = 0
    for session in games:
        fresh: dict[str, set[str]] = {d: set() for d in SEATS}
        for command, events in session.steps:
            by = getattr(command, "by", None)
            reason = said(command, rules)
            if by in fresh:
                if reason.startswith("After "):
                    assert reason.split("\u201c")[1].split("\u201d")[0] in fresh[by], (by, reason, fresh[by])
                    named += 1
                fresh[by] = set()
            for event in events:
                if isinstance(event, E.EventFired):
                    for d in SEATS:
                        if not event.to or d in event.to:
                            fresh[d].add(rules.events[event.event].title)
    assert named >= 30, named

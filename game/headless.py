"""Whole games without a screen: computer delegations in every seat, and the
summary that `parley simulate` and `parley replay` print."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from game.agents import make_agent
from game.engine import commands as C
from game.engine import events as E
from game.engine.rng import derive
from game.engine.rules import DELEGATIONS, Rules
from game.engine.views import visible_events
from game.session import LocalSession

MAX_TRIES = 25  # refusals in a row before a computer delegation passes
MAX_STEPS = 20_000  # a game that runs longer than this is a bug, not a strategy


def game_seed(base: int, index: int) -> int:
    """Game 0 plays `base` itself; game k > 0 a seed derived from base and k."""
    return base if index == 0 else derive(base, "game", index) % 1_000_000_000


def play_game(
    rules: Rules, seed: int, seats: dict[str, str], save_to: Path | None = None, fsync: bool = False
) -> LocalSession:
    session = LocalSession.start(rules, seed, save_to=save_to, seats=seats, fsync=fsync)
    agents = {d: make_agent(seats[d], d, seed) for d in DELEGATIONS}
    try:
        for _ in range(MAX_STEPS):
            who = session.whose_turn
            if who is None:
                break
            agent = agents[who]
            refused = []
            for _ in range(MAX_TRIES):
                outcome = session.submit(agent.decide(session.view(who), refused))
                _tell(agents, session, outcome.events)
                if outcome.ok:
                    break
                refused.append(outcome.refusal)
            else:
                _tell(agents, session, session.submit(C.Pass(by=who)).events)
        else:
            raise RuntimeError(f"game with seed {seed} did not end within {MAX_STEPS} steps")
    finally:
        session.close()
    return session


def _tell(agents, session: LocalSession, events) -> None:
    """Each computer delegation hears the new events as its own seat sees them."""
    if events:
        for code, agent in agents.items():
            agent.observe(visible_events(session.rules, events, code))


def summary(session: LocalSession, **extra: Any) -> dict[str, Any]:
    state = session.state
    events = session.events()
    return {
        **extra,
        "scenario": state.scenario,
        "seed": state.seed,
        "end_date": state.date.isoformat(),
        "end_reason": state.end_reason,
        "ended_by": state.ended_by,
        "signed": state.in_force(),
        "agreed": {card: option for e in events if isinstance(e, E.AgreementSigned) for card, option in e.items.items()},
        "scores": dict(state.scores),
        "events": [e.event for e in events if isinstance(e, E.EventFired)],
        "actions": len(session.steps) - 1,
    }


def describe(result: dict[str, Any]) -> str:
    """One line of plain text for a game summary."""
    signed = ", ".join(f"{c}={o}" for c, o in result["signed"].items()) or "nothing"
    scores = " ".join(f"{d} {s:+.1f}" for d, s in result["scores"].items())
    if result["end_reason"] is None:
        reason = "still in progress"
    else:
        reason = result["end_reason"] + (f" by {result['ended_by']}" if result["ended_by"] else "")
    head = f"game {result['game']} " if "game" in result else ""
    return f"{head}seed {result['seed']}: {reason} on {result['end_date']}; signed: {signed}; scores vs BATNA: {scores}"

"""Game states along seeded all-computer games (of Abu Dhabi, say: texts signed, flags set,
meters and red lines moved, the frost over, cards added), for property tests that need
states a real game reaches. (A module of its own, not conftest: several share that name.)"""

from __future__ import annotations

from game.agents import make_agent
from game.engine.rng import derive
from game.engine.rules import Rules
from game.headless import computer_turn
from game.session import LocalSession


def states_along(rules: Rules, seeds, turns: int, every: int) -> list:
    """Every `every`-th state of the first `turns` turns of each seed's game (while the game
    still has a turn to play)."""
    out = []
    for seed in seeds:
        session = LocalSession.start(rules, seed)
        agents = {d: make_agent("ai", d, derive(seed, "agent", d)) for d in rules.parties}
        for turn in range(turns):
            if session.whose_turn is None:
                break
            if turn % every == 0:
                out.append(session.state)
            computer_turn(session, agents, session.whose_turn)
    return out

"""A turn-based multi-agent environment for research: PettingZoo's AEC API over the engine.

    pip install 'parley[research]'

    from game.research import ParleyEnv
    env = ParleyEnv("itex-cypress")
    env.reset(seed=4)
    for agent in env.agent_iter():
        observation, reward, terminated, truncated, info = env.last()
        action = None if terminated or truncated else policy(observation, info)
        env.step(action)

- The agents are the scenario's delegations; the one to act is the one whose turn it is.
- An observation is built from that delegation's own view (`view_for`), never from more:
  a vector of numbers (`observation`, in [-1, 1], laid out by `layout()`) and the mask of
  the actions the rules take now (`action_mask`). `info["view"]` holds the view itself.
- An action is an index into `actions()`: pass, accept, reject, recess, walk out, each of
  the delegation's levers, then a package of one or two cards (`max_cards`) put on the
  table (proposed when the table is empty, as a counter otherwise). The mask comes from
  `legal_actions`; an action the mask rules out is played as a pass, and
  `info["illegal"]` says so.
- The reward is the delegation's final score (`Rules.final_score`), given when the talks
  end; 0 before. Statements are free text and not actions here.
"""

from __future__ import annotations

import itertools
from typing import Any

import gymnasium
import numpy as np
from pettingzoo import AECEnv

from game.content.loader import load_scenario_by_id
from game.engine import commands as C
from game.engine.appraise import score_parts
from game.engine.core import new_game, step, whose_turn
from game.engine.legal import legal_actions
from game.engine.rules import Rules
from game.engine.state import GameState
from game.engine.views import View, view_for

SIMPLE = ("pass", "accept", "reject", "recess", "walk_out")


class ParleyEnv(AECEnv):
    metadata = {"name": "parley_v0", "render_modes": ["ansi"], "is_parallelizable": False}

    def __init__(self, scenario: str = "abu-dhabi", *, max_cards: int = 2, length: str | None = None,
                 render_mode: str | None = None, rules: Rules | None = None):
        super().__init__()
        self.rules = rules if rules is not None else Rules(load_scenario_by_id(scenario))
        self.max_cards = max_cards
        self.length = length
        self.render_mode = render_mode
        self.possible_agents = list(self.rules.parties)
        self._actions = {agent: self._action_list(agent) for agent in self.possible_agents}
        self._layout = {agent: self._layout_for(agent) for agent in self.possible_agents}
        # One space object per agent, as PettingZoo asks (its seeding works on them).
        self.observation_spaces = {agent: gymnasium.spaces.Dict({
            "observation": gymnasium.spaces.Box(-1.0, 1.0, shape=(len(self._layout[agent]),), dtype=np.float32),
            "action_mask": gymnasium.spaces.Box(0, 1, shape=(len(self._actions[agent]),), dtype=np.int8),
        }) for agent in self.possible_agents}
        self.action_spaces = {agent: gymnasium.spaces.Discrete(len(self._actions[agent])) for agent in self.possible_agents}
        self.state_: GameState | None = None
        self._seed = 0

    @property
    def game(self) -> GameState:
        """The game in play (`reset` starts one)."""
        assert self.state_ is not None, "reset() first"
        return self.state_

    # ------------------------------------------------------------------ spaces

    def observation_space(self, agent: str) -> gymnasium.spaces.Space:
        return self.observation_spaces[agent]

    def action_space(self, agent: str) -> gymnasium.spaces.Space:
        return self.action_spaces[agent]

    def actions(self, agent: str) -> list[tuple[str, Any]]:
        """What each action index means for `agent`: ("pass", None) ... ("lever", id),
        ("package", {card: option})."""
        return list(self._actions[agent])

    def layout(self, agent: str) -> list[str]:
        """What each number of `agent`'s observation vector is."""
        return list(self._layout[agent])

    def _action_list(self, agent: str) -> list[tuple[str, Any]]:
        out: list[tuple[str, Any]] = [(name, None) for name in SIMPLE]
        out += [("lever", lever) for lever in self.rules.levers[agent]]
        cards = self.rules.card_order
        for size in range(1, self.max_cards + 1):
            for chosen in itertools.combinations(cards, size):
                for picked in itertools.product(*(self.rules.proposable[c] for c in chosen)):
                    out.append(("package", dict(zip(chosen, picked))))
        return out

    def _layout_for(self, agent: str) -> list[str]:
        rules = self.rules
        out = []
        for card in rules.card_order:
            out.append(f"{card}: at the table")
            for option in (o.id for o in rules.cards[card].options):
                out += [f"{card}={option}: own value", f"{card}={option}: signed", f"{card}={option}: on the table"]
        out += [f"turn: {d}" for d in rules.parties] + [f"accepted by: {d}" for d in rules.parties]
        out += ["rounds done", "turns left", "score now", "BATNA now"]
        spec = rules.scenario.delegations[agent]
        out += [f"meter: {agent}.{m.id}" for m in spec.meters]
        out += [f"meter: {qid}" for qid, m in rules.meters.items() if m.public and not qid.startswith(agent + ".")]
        return out

    # ------------------------------------------------------------------ the AEC API

    def reset(self, seed: int | None = None, options: dict | None = None) -> None:
        if seed is not None:
            self._seed = int(seed) % 2**63
        length = (options or {}).get("length", self.length)
        self.state_ = new_game(self.rules, self._seed, length if length in self.rules.lengths else None).state
        self.agents = list(self.possible_agents)
        self.rewards = {a: 0.0 for a in self.agents}
        self._cumulative_rewards = {a: 0.0 for a in self.agents}
        self.terminations = {a: False for a in self.agents}
        self.truncations = {a: False for a in self.agents}
        self.infos: dict[str, dict[str, Any]] = {a: {} for a in self.agents}
        self.agent_selection = whose_turn(self.rules, self.state_) or self.agents[0]
        self._refresh_infos()

    def observe(self, agent: str) -> dict[str, np.ndarray]:
        view = view_for(self.rules, self.game, agent)
        return {"observation": self._vector(agent, view), "action_mask": self._mask(agent)}

    def step(self, action: int | None) -> None:
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            self._was_dead_step(action)
            return
        self._cumulative_rewards[agent] = 0.0
        for a in self.agents:
            self.rewards[a] = 0.0
        command, illegal = self._command(agent, action)
        outcome = step(self.rules, self.game, command)
        if outcome.refusal is not None:  # the mask says what the rules take: this is a bug, not a move
            raise RuntimeError(f"the rules refused {command!r}: {outcome.refusal}")
        self.state_ = outcome.state
        if self.state_.ended:
            for a in self.agents:
                self.rewards[a] = float(self.rules.final_score(self.state_, a)["score"])
                self.terminations[a] = True
        self._accumulate_rewards()
        self._refresh_infos()
        if illegal:
            self.infos[agent]["illegal"] = True
        nxt = whose_turn(self.rules, self.state_)
        if self.state_.ended or nxt is None:
            self._deads_step_first()  # each delegation now steps once with None, and leaves
        else:
            self.agent_selection = nxt

    def render(self) -> str | None:
        if self.render_mode != "ansi" or self.state_ is None:
            return None
        state = self.state_
        signed = ", ".join(f"{c}={o}" for c, o in state.in_force().items()) or "nothing signed"
        turn = whose_turn(self.rules, state) or "-"
        return f"{state.date} round {state.round_index + 1}, turn: {turn}; {signed}"

    def close(self) -> None:
        pass

    # ------------------------------------------------------------------ parts

    def _refresh_infos(self) -> None:
        for agent in self.agents:
            self.infos[agent] = {"view": view_for(self.rules, self.game, agent)}

    def _legal(self, agent: str):
        return legal_actions(self.rules, self.game, agent)

    def _mask(self, agent: str) -> np.ndarray:
        legal = self._legal(agent)
        return np.array([1 if self._allowed(legal, kind, arg) else 0 for kind, arg in self._actions[agent]],
                        dtype=np.int8)

    @staticmethod
    def _allowed(legal, kind: str, arg: Any) -> bool:
        if kind == "package":
            if legal.proposal is None:
                return False
            command = (C.Counter if legal.proposal == "counter" else C.Propose)(by=legal.seat, items=arg)
            return legal.allows(command)
        return any(_matches(move, kind, arg) for move in legal.moves)

    def _command(self, agent: str, action: int | None) -> tuple[C.Command, bool]:
        legal = self._legal(agent)
        if action is None or not 0 <= int(action) < len(self._actions[agent]):
            return C.Pass(by=agent), True
        kind, arg = self._actions[agent][int(action)]
        if not self._allowed(legal, kind, arg):
            return C.Pass(by=agent), True
        if kind == "package":
            return (C.Counter if legal.proposal == "counter" else C.Propose)(by=agent, items=arg), False
        return next(m for m in legal.moves if _matches(m, kind, arg)), False

    def _vector(self, agent: str, view: View) -> np.ndarray:
        mine = view.private[agent]
        cards = {c.id: c for c in view.cards}
        table = view.table.items if view.table is not None else {}
        out: list[float] = []
        for card in self.rules.card_order:
            here = cards.get(card)
            out.append(1.0 if here is not None else 0.0)
            for option in (o.id for o in self.rules.cards[card].options):
                value = mine.values.get(card, {}).get(option, 0.0) / 100 if here is not None else 0.0
                signed = 1.0 if here is not None and here.signed is not None and here.signed.option == option else 0.0
                out += [value, signed, 1.0 if table.get(card) == option else 0.0]
        out += [1.0 if view.whose_turn == d else 0.0 for d in self.rules.parties]
        accepted = view.table.accepted_by if view.table is not None else ()
        out += [1.0 if d in accepted else 0.0 for d in self.rules.parties]
        done = sum(1 for r in view.rounds if r.status == "done")
        out += [done / max(len(view.rounds), 1), view.turns_left / 99]
        parts = score_parts(view, agent)
        out += [parts.score / 200, parts.batna / 200]
        meters = {m.id: m for m in (*mine.meters, *view.public_meters)}
        for name in self._layout[agent][len(out):]:
            m = meters.get(name.removeprefix("meter: "))
            out.append(0.0 if m is None else (m.value - m.min) / (m.max - m.min))
        return np.clip(np.array(out, dtype=np.float32), -1.0, 1.0)


def _matches(move: C.Command, kind: str, arg: Any) -> bool:
    match kind:
        case "pass":
            return isinstance(move, C.Pass)
        case "accept":
            return isinstance(move, C.Accept)
        case "reject":
            return isinstance(move, C.Reject)
        case "recess":
            return isinstance(move, C.Recess)
        case "walk_out":
            return isinstance(move, C.WalkOut)
        case "lever":
            return isinstance(move, C.UseLever) and move.lever == arg
    return False


def env(scenario: str = "abu-dhabi", **kwargs: Any) -> ParleyEnv:
    """PettingZoo's usual entry point: the environment for `scenario`."""
    return ParleyEnv(scenario, **kwargs)

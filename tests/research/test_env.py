"""The research environment: PettingZoo's own `api_test`, observations from the seat's
view and nothing more, the mask from `legal_actions`, and the final score as reward."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from pettingzoo.test import api_test  # the research extra, which `make test` installs

from game.engine.core import whose_turn
from game.engine.legal import legal_actions
from game.engine.views import view_for
from game.research import ParleyEnv

SCENARIOS = ("itex-cypress", "abu-dhabi", "river-basin")


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_pettingzoos_api_test_passes(scenario):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # its advice on naming and space kinds, not failures
        api_test(ParleyEnv(scenario), num_cycles=300)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_whole_game_pays_each_delegation_its_final_score(scenario):
    env = ParleyEnv(scenario)
    env.reset(seed=11)
    rng = np.random.default_rng(3)
    paid = {a: 0.0 for a in env.possible_agents}
    steps = 0
    for agent in env.agent_iter(max_iter=20_000):
        observation, reward, terminated, truncated, info = env.last()
        paid[agent] += reward
        if terminated or truncated:
            env.step(None)
            continue
        view = info["view"]
        assert view == view_for(env.rules, env.state_, agent) and whose_turn(env.rules, env.state_) == agent
        mask = observation["action_mask"]
        legal = legal_actions(env.rules, env.state_, agent)
        meanings = env.actions(agent)
        assert [bool(m) for m in mask] == [env._allowed(legal, kind, arg) for kind, arg in meanings]
        assert mask[0] == 1  # a pass is always there
        choices = np.flatnonzero(mask)
        # mostly packages and answers, so that games reach agreements as well as ends
        action = int(rng.choice(choices[choices != 4])) if len(choices) > 1 else int(choices[0])
        env.step(action)
        steps += 1
    assert not env.agents and steps > 0
    final = {a: env.rules.final_score(env.state_, a)["score"] for a in env.possible_agents}
    assert paid == pytest.approx(final)


def test_an_observation_is_the_seats_own_view_and_nothing_more():
    """Two games that differ only in what another delegation drew in secret give the
    same observation: what is not in the seat's view cannot be in its numbers."""
    env = ParleyEnv("abu-dhabi")
    env.reset(seed=2)
    seat = env.agent_selection
    before = env.observe(seat)
    other = next(d for d in env.possible_agents if d != seat and env.state_.variants.get(d))
    secret = env.state_.clone()
    spec = env.rules.scenario.delegations[other]
    secret.variants = {**secret.variants, other: {h.id: h.options[-1].id for h in spec.hidden}}
    assert secret.variants[other] != env.state_.variants[other]
    env.state_ = secret
    after = env.observe(seat)
    assert np.array_equal(before["observation"], after["observation"])
    assert np.array_equal(before["action_mask"], after["action_mask"])
    assert len(before["observation"]) == len(env.layout(seat))


def test_an_action_the_mask_rules_out_is_a_pass():
    env = ParleyEnv("itex-cypress")
    env.reset(seed=1)
    agent = env.agent_selection
    mask = env.observe(agent)["action_mask"]
    banned = int(np.flatnonzero(mask == 0)[0])  # e.g. accepting with nothing on the table
    env.step(banned)
    assert env.infos[agent].get("illegal") is True
    assert env.agent_selection != agent

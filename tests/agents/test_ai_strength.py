"""Moscow "plays for time while the battlefield trend favours it", and offers and
acceptance depend on meters: its decisions change with `ru.leverage` (its view)."""

from __future__ import annotations

import pytest

from game.agents.ai import AIAgent
from game.agents.presets import PRESETS
from game.engine import Rules, new_game
from game.engine.core import whose_turn
from game.engine.views import view_for


def _decisions(rules: Rules, leverage: float, preset: str) -> list[str]:
    out = []
    for seed in range(60):
        state = new_game(rules, seed).state.clone()
        assert whose_turn(rules, state) == "ru"
        state.meters["ru.leverage"] = leverage
        view = view_for(rules, state, "ru")
        assert any(m.id == "ru.leverage" and m.value == leverage for m in view.private["ru"].meters)
        out.append(AIAgent("ru", seed, preset).decide(view, []).model_dump_json())
    return out


@pytest.mark.parametrize("preset", list(PRESETS))
def test_moscow_decisions_depend_on_its_battlefield_trend(rules, preset):
    spec = rules.meters["ru.leverage"]
    low, high = _decisions(rules, spec.min, preset), _decisions(rules, spec.max, preset)
    assert low != high, "Moscow decides identically whether the battlefield trend is at its minimum or maximum"

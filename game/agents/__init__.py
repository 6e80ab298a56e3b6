"""Computer delegations. Each sees only its own delegation's view and transcript.

Every kind is registered in `game.agents.registry` (importing this package registers
the built-in ones: `ai` with its presets, `random`, `responder`).
"""

from __future__ import annotations

from game.agents import ai, random_agent, responder  # noqa: F401  (they register themselves)
from game.agents.ai import AIAgent
from game.agents.base import Agent
from game.agents.presets import PRESETS
from game.agents.random_agent import RandomAgent
from game.agents.registry import (
    MAX_TRIES,
    REGISTRY,
    UnknownAgent,
    Words,
    attempts,
    check_spec,
    make_agent,
    register,
    specs,
    words,
)
from game.agents.responder import ResponderAgent

__all__ = [
    "MAX_TRIES", "PRESETS", "REGISTRY", "AIAgent", "Agent", "RandomAgent", "ResponderAgent", "UnknownAgent", "Words",
    "attempts", "check_spec", "make_agent", "register", "specs", "words",
]

"""Computer delegations. Each sees only its own delegation's view and transcript."""

from __future__ import annotations

from game.agents.ai import PRESETS, AIAgent
from game.agents.base import Agent
from game.agents.random_agent import RandomAgent
from game.agents.responder import ResponderAgent

KINDS = ("random", "ai", "responder")


class UnknownAgent(ValueError):
    pass


def check_spec(spec: str) -> None:
    """Raise UnknownAgent unless `spec` names a kind (and, for `ai`, a known preset)."""
    kind, sep, preset = spec.partition(":")
    if kind not in KINDS:
        raise UnknownAgent(f"unknown agent kind '{spec}' (known: {', '.join(KINDS)})")
    if kind in ("random", "responder") and sep:
        raise UnknownAgent(f"the {kind} agent has no presets")
    if kind == "ai" and sep and preset not in PRESETS:
        raise UnknownAgent(f"unknown preset '{preset}' (known: {', '.join(PRESETS)})")


def make_agent(spec: str, delegation: str, seed: int) -> Agent:
    """`spec` is a kind, optionally with a preset after a colon (`ai:hardliner`);
    plain `ai` draws a preset for the game from its seed."""
    check_spec(spec)
    kind, _, preset = spec.partition(":")
    if kind == "ai":
        return AIAgent(delegation, seed, preset or None)
    if kind == "responder":
        return ResponderAgent(delegation, seed)
    return RandomAgent(delegation, seed)

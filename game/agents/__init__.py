"""Computer delegations. Each sees only its own delegation's view."""

from __future__ import annotations

from game.agents.base import Agent
from game.agents.random_agent import RandomAgent

KINDS = {"random": RandomAgent}


class UnknownAgent(ValueError):
    pass


def make_agent(spec: str, delegation: str, seed: int) -> Agent:
    """`spec` is a kind, optionally with a preset after a colon (`ai:hardliner`)."""
    kind, _, _preset = spec.partition(":")
    if kind not in KINDS:
        raise UnknownAgent(f"unknown agent kind '{spec}' (known: {', '.join(sorted(KINDS))})")
    return KINDS[kind](delegation, seed)

"""Every kind of computer delegation, in one place.

A strategy is one class that takes a seat (`Agent`), registered here with its words:

    @register("cautious", Words(N_("Computer: cautious"), N_("computer, cautious"), N_("cautious")))
    class CautiousAgent: ...

and from then on the lobby and the facilitator's hand-over offer it, `parley simulate
--agents ru=cautious` plays it, `parley balance` measures it in every seat, and a host
seats it. A strategy with presets is given as `kind:preset` (`ai:hardliner`); its plain
kind draws a preset for each game. Its constructor takes (delegation, seed), and the
preset (or None) when it has presets.

The decide, retry, pass loop is `attempts`: every driver (a local game, a computer
player at a hosted table, the benchmarks) sends its refusals into it.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

from game.engine import commands as C
from game.engine.core import Refusal
from game.engine.views import View

MAX_TRIES = 25  # refusals in a row before a computer delegation passes
PERSON = "person"


@dataclass(frozen=True)
class Words:
    """How a reader is told who plays a seat (each an `N_` sentence, translated when shown)."""

    choice: str  # in a list to choose from: "Computer: pragmatist"
    inline: str  # inside a line: "computer, pragmatist"
    short: str  # in a word: "pragmatist"


@dataclass(frozen=True)
class Strategy:
    kind: str
    factory: Callable[..., Any]
    words: Words
    presets: dict[str, Words] = field(default_factory=dict)  # in the order they are offered
    offered: bool = True  # offered for a seat; False: played only where named (the tutorial's responder)


REGISTRY: dict[str, Strategy] = {}


class UnknownAgent(ValueError):
    pass


def register(kind: str, words: Words, presets: dict[str, Words] | None = None, offered: bool = True):
    """A class decorator: the class is the strategy `kind`."""
    def add(cls):
        if kind in REGISTRY or kind == PERSON or ":" in kind:
            raise ValueError(f"cannot register the strategy {kind!r}")
        REGISTRY[kind] = Strategy(kind, cls, words, dict(presets or {}), offered)
        return cls
    return add


def _parts(spec: str) -> tuple[Strategy, str | None]:
    kind, sep, preset = spec.partition(":")
    strategy = REGISTRY.get(kind)
    if strategy is None:
        raise UnknownAgent(f"unknown agent kind '{spec}' (known: {', '.join(REGISTRY)})")
    if sep and not strategy.presets:
        raise UnknownAgent(f"the {kind} agent has no presets")
    if sep and preset not in strategy.presets:
        raise UnknownAgent(f"unknown preset '{preset}' (known: {', '.join(strategy.presets)})")
    return strategy, (preset if sep else None)


def check_spec(spec: str) -> None:
    """Raise UnknownAgent unless `spec` names a registered kind (and a preset it has)."""
    _parts(spec)


def make_agent(spec: str, delegation: str, seed: int):
    """The agent `spec` names (`ai`, `ai:hardliner`, `random`...) for `delegation`."""
    strategy, preset = _parts(spec)
    if strategy.presets:
        return strategy.factory(delegation, seed, preset)
    return strategy.factory(delegation, seed)


def specs(offered: bool = True) -> tuple[str, ...]:
    """Every spec a seat can be given, in the order they are offered: each preset of a
    strategy, then the strategy itself (with presets: one drawn per game)."""
    out: list[str] = []
    for strategy in REGISTRY.values():
        if offered and not strategy.offered:
            continue
        out += [f"{strategy.kind}:{p}" for p in strategy.presets] + [strategy.kind]
    return tuple(out)


def words(spec: str) -> Words | None:
    """The words for `spec` (None for a spec no strategy here knows)."""
    try:
        strategy, preset = _parts(spec)
    except UnknownAgent:
        return None
    return strategy.presets[preset] if preset is not None else strategy.words


def attempts(agent, view_of: Callable[[], View], seat: str, fallback: C.Phrase | None = None,
             ) -> Generator[C.Command, Refusal | None, None]:
    """The commands a computer delegation tries on its turn. Send each one's refusal (None
    once one is taken) into the generator: after a refusal it decides again on a fresh
    view, told why; after `MAX_TRIES` refusals it passes, saying `fallback`."""
    refused: list[Refusal] = []
    for _ in range(MAX_TRIES):
        refusal = yield agent.decide(view_of(), refused)
        if refusal is None:
            return
        refused.append(refusal)
    yield C.Pass(by=seat, say=fallback)

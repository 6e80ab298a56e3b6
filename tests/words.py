"""How a player reads what the engine says in codes: a refusal in words (English unless
the test speaks another language)."""

from __future__ import annotations

from game.engine.rules import Rules
from game.i18n.engine import refusal
from game.i18n.names import Names


def explain(refused, rules: Rules) -> str:
    return refusal(refused, Names(rules.scenario))


def said(move, rules: Rules) -> str:
    """What a delegation said with a command or event, as its reader hears it ("" if nothing)."""
    from game.agents.voice import render

    if getattr(move, "say", None) is not None:
        return render(move.say, Names(rules.scenario))
    return getattr(move, "reason", None) or ""

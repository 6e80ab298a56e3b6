"""The pure rules engine: no Textual, no I/O, no wall clock, no global random."""

from game.engine.commands import Command
from game.engine.core import Outcome, Refusal, blank_state, fold, new_game, replay, step, turns_left, whose_turn
from game.engine.rules import Rules
from game.engine.state import GameState

__all__ = [
    "Command", "GameState", "Outcome", "Refusal", "Rules",
    "blank_state", "fold", "new_game", "replay", "step", "turns_left", "whose_turn",
]

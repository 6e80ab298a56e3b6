"""What every computer delegation offers: given its own redacted view (and the
refusals of this turn so far), choose one command. Agents never see `GameState`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from game.engine.commands import Command
from game.engine.core import Refusal
from game.engine.events import Event
from game.engine.views import View


class Agent(Protocol):
    kind: str
    delegation: str

    def decide(self, view: View, refused: Sequence[Refusal]) -> Command: ...

    def observe(self, events: Sequence[Event]) -> None:
        """New events of the game, as this delegation may see them (already redacted)."""

"""A game driven command by command on the laboratory scenario, for readable tests.
(A module of its own, not conftest: several conftest modules share that name.)"""

from __future__ import annotations

from pathlib import Path

from game.engine import Rules, new_game, step, whose_turn
from game.engine import commands as C
from game.engine import events as E

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


class Table:
    """A game driven command by command, keeping every event, for readable tests."""

    def __init__(self, rules: Rules, seed: int = 1):
        self.rules = rules
        outcome = new_game(rules, seed)
        self.state = outcome.state
        self.events: list[E.Event] = list(outcome.events)
        self.last: tuple[E.Event, ...] = outcome.events

    def do(self, command: C.Command) -> tuple[E.Event, ...]:
        outcome = step(self.rules, self.state, command)
        assert outcome.refusal is None, outcome.refusal
        self._keep(outcome)
        return outcome.events

    def refuse(self, command: C.Command):
        outcome = step(self.rules, self.state, command)
        assert outcome.refusal is not None, f"{command} was not refused"
        self._keep(outcome)
        return outcome.refusal

    def _keep(self, outcome) -> None:
        self.state = outcome.state
        self.events += outcome.events
        self.last = outcome.events

    @property
    def turn(self) -> str | None:
        return whose_turn(self.rules, self.state)

    def pass_until(self, who: str, limit: int = 50) -> None:
        for _ in range(limit):
            if self.turn == who:
                return
            self.do(C.Pass(by=self.turn))
        raise AssertionError(f"never reached {who}'s turn")

    def fired(self) -> list[str]:
        return [e.event for e in self.events if isinstance(e, E.EventFired)]

    def of(self, kind) -> list:
        return [e for e in self.events if isinstance(e, kind)]

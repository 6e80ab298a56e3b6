"""A game played here, under its `game.match.Match`: `LocalSession` runs the engine
in-process and appends to the game log. (The screens reach a game through
`game.play.Game`: a `Match`, or a seat at a hosted table, `game.net.remote.RemoteMatch`,
which mirrors the host's game over the network.)

Screens, agents and the CLI never touch `GameState` directly: they submit commands
and read views and transcripts, which are redacted for the seat asking.
"""

from __future__ import annotations

from pathlib import Path

from game.engine import commands as C
from game.engine import events as E
from game.engine.core import Outcome, new_game, step, whose_turn
from game.engine.rules import Rules
from game.engine.state import GameState
from game.engine.views import View, view_for, visible_events
from game.store.log import Header, LoadedGame, LogWriter, Step, make_header


class LocalSession:
    def __init__(self, rules: Rules, state: GameState, steps: list[Step], writer: LogWriter | None = None):
        self.rules = rules
        self.state = state
        self.steps = steps
        self.writer = writer

    @classmethod
    def start(
        cls,
        rules: Rules,
        seed: int,
        *,
        save_to: Path | None = None,
        created: str | None = None,
        seats: dict[str, str] | None = None,
        fsync: bool = True,
        length: str | None = None,
    ) -> LocalSession:
        outcome = new_game(rules, seed, length)
        if outcome.refusal is not None:  # such as a game length the scenario does not have
            from game.i18n.engine import refusal
            from game.i18n.names import Names

            raise ValueError(refusal(outcome.refusal, Names(rules.scenario)))
        writer = None
        if save_to is not None:
            header = make_header(rules.scenario, seed, created, seats or {})
            writer = LogWriter(save_to, header, fsync=fsync)
            writer.append(C.Start(seed=seed, length=length), outcome.events)
        return cls(rules, outcome.state, [(C.Start(seed=seed, length=length), outcome.events)], writer)

    @classmethod
    def resume(cls, loaded: LoadedGame, writer: LogWriter | None = None) -> LocalSession:
        return cls(loaded.rules, loaded.state, list(loaded.steps), writer)

    # ------------------------------------------------------------------ acting

    def submit(self, command: C.Command) -> Outcome:
        outcome = step(self.rules, self.state, command)
        if outcome.events:
            if self.writer is not None:
                self.writer.append(command, outcome.events)  # on disk first: a failed write changes nothing
            self.steps.append((command, outcome.events))
            self.state = outcome.state
        return outcome

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()

    # ------------------------------------------------------------------ reading

    @property
    def ended(self) -> bool:
        return self.state.ended

    @property
    def whose_turn(self) -> str | None:
        return whose_turn(self.rules, self.state)

    def view(self, seat: str) -> View:
        return view_for(self.rules, self.state, seat)

    def events(self) -> list[E.Event]:
        """The raw log, every seat's secrets included: show a seat `transcript(seat)`."""
        return [e for _, events in self.steps for e in events]

    def transcript(self, seat: str) -> list[E.Event]:
        return visible_events(self.rules, self.events(), seat)

    def header(self, created: str | None = None, seats: dict[str, str] | None = None) -> Header:
        return make_header(self.rules.scenario, self.state.seed, created, seats or {})

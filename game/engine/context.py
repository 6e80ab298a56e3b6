"""What a step works with: the refusal it may answer with, its outcome, and the context
it decides in (the rules, the state being changed, the events so far). Shared by the
engine's modules: `core` (the public API and the delegations' commands), `calendar`
(rounds, dates, scenario events and their effects), `facilitator` (the table's
steering commands) and `fold` (the one place state changes)."""

from __future__ import annotations

from dataclasses import dataclass, field

from game.engine import events as E
from game.engine.fold import fold_into
from game.engine.rules import Rules
from game.engine.state import GameState


@dataclass(frozen=True)
class Refusal:
    """Why the engine refused a command: a `code` and its `args` (ids and numbers, never
    words), put into a sentence in the reader's language by `game.i18n.rules.refusal`."""

    code: str
    args: dict[str, str | int | float] = field(default_factory=dict)
    red_line: str | None = None


@dataclass(frozen=True)
class Outcome:
    state: GameState
    events: tuple[E.Event, ...]
    refusal: Refusal | None = None

    @property
    def ok(self) -> bool:
        return self.refusal is None


class Refused(Exception):
    def __init__(self, code: str, red_line: str | None = None, **fields: str | int | float):
        super().__init__(code)
        self.refusal = Refusal(code, dict(fields), red_line)


class Ctx:
    """A step in progress: each event emitted is folded into `state` at once."""

    __slots__ = ("rules", "state", "events", "fired_this_step")

    def __init__(self, rules: Rules, state: GameState):
        self.rules = rules
        self.state = state
        self.events: list[E.Event] = []
        self.fired_this_step: set[str] = set()  # check events fire at most once per step

    def emit(self, event: E.Event) -> None:
        self.events.append(event)
        fold_into(self.rules, self.state, event)


def whose_turn(rules: Rules, state: GameState) -> str | None:
    if state.phase != "in_round":
        return None
    return rules.order[state.turn % len(rules.order)]


def turns_left(state: GameState) -> int:
    if state.phase != "in_round":
        return 0
    return state.round_turns[state.round_index] - state.turn

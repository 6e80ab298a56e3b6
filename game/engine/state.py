"""The game state: a plain record, folded from events by `game.engine.fold`.

It is mutable only inside the engine, on a private copy made by `clone()` at the
start of each step; everything outside treats it as a value. Two states compare
equal when every field does, which is what `load(save(game)) == game` checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.engine.events import TimerThen


@dataclass(frozen=True)
class Agreement:
    option: str
    package: int
    round: str
    date: dt.date
    expires_on: dt.date | None = None
    expires_with: str | None = None  # a flag: the agreement ends when it is set
    suspended: bool = False
    completed: bool = False  # ran its full term (its expiry came): delivered, no longer in force


@dataclass(frozen=True)
class Package:
    id: int
    by: str
    items: tuple[tuple[str, str], ...]  # (card, option) pairs in the scenario's card order
    accepted: frozenset[str]
    counter: bool = False

    @property
    def as_dict(self) -> dict[str, str]:
        return dict(self.items)


@dataclass
class GameState:
    scenario: str
    seed: int
    date: dt.date
    seq: int = 0  # events folded so far (a count only: seeded draws are keyed on the date, round and turn)
    phase: str = "setup"  # setup | in_round | between | ended
    round_index: int = -1
    round_dates: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    round_turns: list[int] = field(default_factory=list)
    turn: int = 0
    spoke_this_turn: bool = False
    cards: list[str] = field(default_factory=list)  # active cards, scenario order
    signed: dict[str, Agreement] = field(default_factory=dict)
    table: Package | None = None
    packages: int = 0  # packages proposed so far; the next id is packages + 1
    meters: dict[str, float] = field(default_factory=dict)
    round_meters: list[dict[str, float]] = field(default_factory=list)  # the meters as each round opened
    flags: dict[str, bool] = field(default_factory=dict)
    red_lines: dict[str, bool] = field(default_factory=dict)  # "ua.no_cession" -> imposed
    variants: dict[str, dict[str, str]] = field(default_factory=dict)
    fired: dict[str, int] = field(default_factory=dict)
    lever_uses: dict[str, int] = field(default_factory=dict)
    paused: bool = False
    # delegations whose hidden draw the facilitator made public -> their red lines in force then
    revealed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    turn_timer: int = 0  # seconds per turn on the wall clock, 0: none
    timer_then: TimerThen = "pass"  # at expiry: "pass", or "computer" (a computer delegation moves)
    end_reason: str | None = None
    ended_by: str | None = None
    scores: dict[str, float] = field(default_factory=dict)

    def clone(self) -> GameState:
        return GameState(
            scenario=self.scenario,
            seed=self.seed,
            date=self.date,
            seq=self.seq,
            phase=self.phase,
            round_index=self.round_index,
            round_dates=list(self.round_dates),
            round_turns=list(self.round_turns),
            turn=self.turn,
            spoke_this_turn=self.spoke_this_turn,
            cards=list(self.cards),
            signed=dict(self.signed),
            table=self.table,
            packages=self.packages,
            meters=dict(self.meters),
            round_meters=list(self.round_meters),
            flags=dict(self.flags),
            red_lines=dict(self.red_lines),
            variants={k: dict(v) for k, v in self.variants.items()},
            fired=dict(self.fired),
            lever_uses=dict(self.lever_uses),
            paused=self.paused,
            revealed=dict(self.revealed),
            turn_timer=self.turn_timer,
            timer_then=self.timer_then,
            end_reason=self.end_reason,
            ended_by=self.ended_by,
            scores=dict(self.scores),
        )

    @property
    def ended(self) -> bool:
        return self.phase == "ended"

    def in_force(self) -> dict[str, str]:
        """The signed text that is in force: card -> option."""
        return {card: a.option for card, a in self.signed.items() if not (a.suspended or a.completed)}

    def achieved(self) -> dict[str, str]:
        """What the talks delivered: the text in force plus agreements that ran their full
        term (the energy pause through the frost). Scores are made of this."""
        return {card: a.option for card, a in self.signed.items() if not a.suspended}

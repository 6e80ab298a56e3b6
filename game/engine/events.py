"""Events: the facts the engine decides. The game state is the fold of its events,
and a save is the list of them. Each carries what a reader of the log needs to know
why it happened (`cause` names the event, lever or red line behind an effect).

Who may see an event is decided in one place, `game.engine.views.redact_event`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from game.engine.commands import DelegationSeat as Delegation
from game.engine.commands import Phrase


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Said(_Event):
    """An action a delegation took, with what it said: a person's `reason` as typed, or a
    computer delegation's sentence (`say`, in ids, rendered in each reader's language)."""

    reason: str | None = None
    say: Phrase | None = None


class GameStarted(_Event):
    type: Literal["game_started"] = "game_started"
    scenario: str
    seed: int | None  # None in a delegation's copy: the seed would reveal every draw
    variants: dict[str, dict[str, str]]  # delegation -> hidden id -> variant id (secret)
    length: str | None = None  # the game length played (public)


class RoundStarted(_Event):
    type: Literal["round_started"] = "round_started"
    round: str
    date: dt.date
    turns: int


class TurnEnded(_Event):
    type: Literal["turn_ended"] = "turn_ended"
    by: Delegation


class PackageProposed(_Said):
    type: Literal["package_proposed"] = "package_proposed"
    by: Delegation
    package: int
    items: dict[str, str]
    counter: bool = False
    accepted_by: tuple[str, ...] = ()


class PackageAccepted(_Said):
    type: Literal["package_accepted"] = "package_accepted"
    by: Delegation
    package: int


class PackageRejected(_Said):
    type: Literal["package_rejected"] = "package_rejected"
    by: Delegation
    package: int


# Why things happened, as codes (each reader words them: `game.i18n.engine`).
FiredReason = Literal["date", "round_start", "round_end", "check", "rejection", "facilitator"]
RoundEndReason = Literal["turns", "recess"]
EndReason = Literal["end_date", "agreement", "walkout", "event", "facilitator"]
TimerThen = Literal["pass", "computer"]
LapseReason = Literal["round_end", "card_removed", "card_closed", "unsignable", "game_end"]


class PackageLapsed(_Event):
    type: Literal["package_lapsed"] = "package_lapsed"
    package: int
    why: LapseReason


class AgreementSigned(_Event):
    type: Literal["agreement_signed"] = "agreement_signed"
    package: int
    items: dict[str, str]
    parties: tuple[str, ...]
    expires_on: dict[str, dt.date] = {}  # card -> the date it stops being in force
    expires_with: dict[str, str] = {}  # card -> the flag that ends it when set


class AgreementExpired(_Event):
    """An agreement stops being in force: `completed` when its own expiry came (it ran
    its term and still counts as achieved), otherwise ended early by an event."""

    type: Literal["agreement_expired"] = "agreement_expired"
    card: str
    cause: str
    completed: bool = False


class AgreementSuspended(_Event):
    type: Literal["agreement_suspended"] = "agreement_suspended"
    card: str
    cause: str


class RedLineBlocked(_Event):
    """A command was refused because it crossed the actor's own hard red line."""

    type: Literal["red_line_blocked"] = "red_line_blocked"
    delegation: Delegation
    red_line: str
    action: str
    items: dict[str, str]


class SoftLineCrossed(_Event):
    type: Literal["soft_line_crossed"] = "soft_line_crossed"
    delegation: Delegation
    red_line: str
    package: int


class StatementMade(_Event):
    type: Literal["statement_made"] = "statement_made"
    by: Delegation
    text: str
    pledge: dict[str, str] | None = None  # card -> option the delegation commits to


class LeverUsed(_Said):
    type: Literal["lever_used"] = "lever_used"
    by: Delegation
    lever: str


class RecessCalled(_Said):
    type: Literal["recess_called"] = "recess_called"
    by: Delegation


class WalkedOut(_Said):
    type: Literal["walked_out"] = "walked_out"
    by: Delegation


class Passed(_Said):
    type: Literal["passed"] = "passed"
    by: Delegation


class EventFired(_Event):
    """A scenario event fired: `reason` is the moment its trigger was checked (with the
    trigger's date, the round, or who turned down whose package), or the facilitator."""

    type: Literal["event_fired"] = "event_fired"
    event: str
    reason: FiredReason
    to: tuple[str, ...] = ()  # empty: everyone
    answer: bool = False  # fired in answer to a move at the table (a rejection), not by the calendar or the state
    date: dt.date | None = None  # the trigger's date
    round: str | None = None  # the round that opened or closed
    by: str | None = None  # who turned the package down...
    proposer: str | None = None  # ... that whom had proposed
    chance: float | None = None  # the trigger's chance, which came up


class MeterChanged(_Event):
    type: Literal["meter_changed"] = "meter_changed"
    meter: str
    value: float
    delta: float
    cause: str


class FlagChanged(_Event):
    type: Literal["flag_changed"] = "flag_changed"
    flag: str
    value: bool
    cause: str


class RedLineChanged(_Event):
    type: Literal["red_line_changed"] = "red_line_changed"
    red_line: str
    active: bool
    cause: str


class CardAdded(_Event):
    type: Literal["card_added"] = "card_added"
    card: str
    cause: str


class CardRemoved(_Event):
    type: Literal["card_removed"] = "card_removed"
    card: str
    cause: str


class MessageSent(_Event):
    """News at the table: the facilitator's own words (`text`, `headline`), or a message
    of the scenario, named by the event or lever in `cause` and its `effect` index (the
    words stay in the scenario, in every language it has)."""

    type: Literal["message_sent"] = "message_sent"
    headline: str | None = None
    text: str | None = None
    to: tuple[str, ...] = ()
    cause: str
    effect: int | None = None


class RoundMoved(_Event):
    """A round moved: positive days postpone it, negative bring it forward. When a move
    makes rounds overlap, each later round that has to move gets its own event."""

    type: Literal["round_moved"] = "round_moved"
    round: str
    days: int
    start: dt.date
    end: dt.date
    cause: str


class RoundTurnsChanged(_Event):
    type: Literal["round_turns_changed"] = "round_turns_changed"
    round: str
    turns: int
    cause: str


class RoundEnded(_Event):
    type: Literal["round_ended"] = "round_ended"
    round: str
    reason: RoundEndReason


class DateAdvanced(_Event):
    type: Literal["date_advanced"] = "date_advanced"
    date: dt.date


class TimedOut(_Event):
    type: Literal["timed_out"] = "timed_out"
    by: Delegation
    seconds: int
    then: TimerThen


class InfoRevealed(_Event):
    """The facilitator made a delegation's hidden draw and red lines public."""

    type: Literal["info_revealed"] = "info_revealed"
    delegation: Delegation
    variants: dict[str, str]  # hidden id -> variant drawn
    red_lines: tuple[str, ...]  # its red lines in force at the time


class SeatHanded(_Event):
    type: Literal["seat_handed"] = "seat_handed"
    delegation: Delegation
    to: str


class TurnTimerSet(_Event):
    type: Literal["turn_timer_set"] = "turn_timer_set"
    seconds: int
    then: TimerThen


class Paused(_Event):
    type: Literal["paused"] = "paused"


class Resumed(_Event):
    type: Literal["resumed"] = "resumed"


class GameEnded(_Event):
    type: Literal["game_ended"] = "game_ended"
    reason: EndReason
    by: str | None = None
    cause: str | None = None  # an event that ended the game with words of its own...
    effect: int | None = None  # ... in this effect (its `end_game` text)
    scores: dict[str, float]


Event = Annotated[
    GameStarted | RoundStarted | TurnEnded | PackageProposed | PackageAccepted | PackageRejected
    | PackageLapsed | AgreementSigned | AgreementExpired | AgreementSuspended | RedLineBlocked
    | SoftLineCrossed | StatementMade | LeverUsed | RecessCalled | WalkedOut | Passed | EventFired
    | MeterChanged | FlagChanged | RedLineChanged | CardAdded | CardRemoved | MessageSent | RoundMoved
    | RoundTurnsChanged | RoundEnded | DateAdvanced | Paused | Resumed | GameEnded | TimedOut | InfoRevealed
    | SeatHanded | TurnTimerSet,
    Field(discriminator="type"),
]

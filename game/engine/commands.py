"""Commands: what a seat asks the engine to do. They carry no authority of their own;
the engine decides whether they are allowed and what events they cause.

A delegation seat acts on its turn; the facilitator seat steers the table at any
time. New seats or commands join the `Command` union without touching the others.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from game.content.models import PARTY_PATTERN

# A delegation's seat: one of the scenario's parties. Its shape is checked here; that
# the scenario has that party, by the engine when it decides (`core.step`).
DelegationSeat = Annotated[str, StringConstraints(pattern=PARTY_PATTERN)]

MAX_STATEMENT = 500
MAX_REASON = 300
MAX_HEADLINE = 120
MAX_INJECT = 1000
MAX_TIMER = 3600  # seconds: an hour per turn


class _Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


PhraseArg = (
    Annotated[str, Field(max_length=200, pattern=r"^[\w:.=-]*$")]  # an id, a reference or a number's text
    | int
    | Annotated[float, Field(allow_inf_nan=False)]
)


class Phrase(_Command):
    """A sentence a computer delegation says, as ids and numbers, so that every reader
    hears it in their own language: `key` names the sentence (`game.agents.voice`),
    `args` fill it, with references written `card:ID`, `item:CARD=OPTION`, `lever:QID`,
    `meter:QID`, `objective:QID`, `event:ID` or `words:KEY`; `inner` is the sentence
    it leads into ('After "...": ...')."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)
    args: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)], PhraseArg] = Field(
        default_factory=dict, max_length=8)
    inner: Phrase | None = None


class _Act(_Command):
    """A delegation's action, with what it tells the table: a person's own words
    (`reason`), or a computer delegation's sentence (`say`). Both go into the log and
    the transcript."""

    reason: str | None = Field(default=None, max_length=MAX_REASON)
    say: Phrase | None = None


class Start(_Command):
    """Opens the game; only `new_game` issues it."""

    kind: Literal["start"] = "start"
    seed: int = Field(ge=0, lt=2**63)
    length: str | None = None  # a game length of the scenario's calendar (None: its first, or the full calendar)


class Propose(_Act):
    kind: Literal["propose"] = "propose"
    by: DelegationSeat
    items: dict[str, str] = Field(min_length=1)  # card id -> option id


class Counter(_Act):
    kind: Literal["counter"] = "counter"
    by: DelegationSeat
    items: dict[str, str] = Field(min_length=1)


class Accept(_Act):
    kind: Literal["accept"] = "accept"
    by: DelegationSeat
    package: int | None = None  # guards against accepting a package that changed meanwhile


class Reject(_Act):
    kind: Literal["reject"] = "reject"
    by: DelegationSeat
    package: int | None = None


class Statement(_Command):
    kind: Literal["statement"] = "statement"
    by: DelegationSeat
    text: str
    # A commitment the debrief holds the delegation to: card -> the option it says it will
    # settle for. Optional; an invented mechanic of the game.
    pledge: dict[str, str] | None = None


class UseLever(_Act):
    kind: Literal["lever"] = "lever"
    by: DelegationSeat
    lever: str


class Recess(_Act):
    kind: Literal["recess"] = "recess"
    by: DelegationSeat


class WalkOut(_Act):
    kind: Literal["walkout"] = "walkout"
    by: DelegationSeat


class Pass(_Act):
    kind: Literal["pass"] = "pass"
    by: DelegationSeat


class TimeOut(_Command):
    """The table's clock says `by` used up its time for this turn. Entered by the front
    end that keeps the wall clock (the engine keeps none); refused without a turn timer."""

    kind: Literal["timeout"] = "timeout"
    by: DelegationSeat


# Facilitator seat: the table's steering controls.


class Pause(_Command):
    kind: Literal["pause"] = "pause"
    by: Literal["facilitator"] = "facilitator"


class Resume(_Command):
    kind: Literal["resume"] = "resume"
    by: Literal["facilitator"] = "facilitator"


class FireEvent(_Command):
    kind: Literal["fire_event"] = "fire_event"
    by: Literal["facilitator"] = "facilitator"
    event: str


class MoveNextRound(_Command):
    """Postpone (positive days) or bring forward (negative days) the next round."""

    kind: Literal["move_round"] = "move_round"
    by: Literal["facilitator"] = "facilitator"
    days: int = Field(ge=-366, le=366)


class ChangeTurns(_Command):
    """Lengthen (positive) or shorten (negative) the current round, or the next one between rounds."""

    kind: Literal["change_turns"] = "change_turns"
    by: Literal["facilitator"] = "facilitator"
    delta: int = Field(ge=-99, le=99)


class EndNow(_Command):
    kind: Literal["end_now"] = "end_now"
    by: Literal["facilitator"] = "facilitator"


class Inject(_Command):
    """A news item of the facilitator's own: a headline and text to everyone (empty
    `to`) or to some delegations, with optional meter changes (meter id -> delta)."""

    kind: Literal["inject"] = "inject"
    by: Literal["facilitator"] = "facilitator"
    headline: str
    text: str
    to: tuple[DelegationSeat, ...] = ()
    meters: dict[str, float] = {}


class Reveal(_Command):
    """A teaching move: a delegation's hidden variants and red lines become known to
    everyone (every delegation's when `delegation` is None)."""

    kind: Literal["reveal"] = "reveal"
    by: Literal["facilitator"] = "facilitator"
    delegation: DelegationSeat | None = None


class HandSeat(_Command):
    """Who plays a delegation from now on: "person", or a computer delegation ("ai:pragmatist").
    The engine only records it; the front end checks the kind and seats the player."""

    kind: Literal["hand_seat"] = "hand_seat"
    by: Literal["facilitator"] = "facilitator"
    delegation: DelegationSeat
    to: str


TimerThen = Literal["pass", "computer"]  # what happens when a turn's time runs out


class SetTurnTimer(_Command):
    """Seconds per turn on the wall clock (0: no timer). At expiry the delegation passes,
    or with `then="computer"` a computer delegation moves for it."""

    kind: Literal["turn_timer"] = "turn_timer"
    by: Literal["facilitator"] = "facilitator"
    seconds: int = Field(ge=0, le=MAX_TIMER)
    then: TimerThen = "pass"


Command = Annotated[
    Start | Propose | Counter | Accept | Reject | Statement | UseLever | Recess | WalkOut | Pass | TimeOut
    | Pause | Resume | FireEvent | MoveNextRound | ChangeTurns | EndNow | Inject | Reveal | HandSeat
    | SetTurnTimer,
    Field(discriminator="kind"),
]

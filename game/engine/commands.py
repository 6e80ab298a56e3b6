"""Commands: what a seat asks the engine to do. They carry no authority of their own;
the engine decides whether they are allowed and what events they cause.

A delegation seat acts on its turn; the facilitator seat steers the table at any
time. New seats or commands join the `Command` union without touching the others.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

Seat = Literal["ru", "ua", "us", "facilitator"]
DelegationSeat = Literal["ru", "ua", "us"]

MAX_STATEMENT = 500
MAX_REASON = 300


class _Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Act(_Command):
    """A delegation's action, with the reason it gives the table (computer delegations
    always give one; people may). The reason goes into the log and the transcript."""

    reason: str | None = Field(default=None, max_length=MAX_REASON)


class Start(_Command):
    """Opens the game; only `new_game` issues it."""

    kind: Literal["start"] = "start"
    seed: int = Field(ge=0, lt=2**63)


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


Command = Annotated[
    Union[
        Start, Propose, Counter, Accept, Reject, Statement, UseLever, Recess, WalkOut, Pass,
        Pause, Resume, FireEvent, MoveNextRound, ChangeTurns, EndNow,
    ],
    Field(discriminator="kind"),
]

"""The messages between a host and the clients at its tables: typed, versioned, JSON.

Client to host: `Hello` (once, first: the protocol version and the seat's join code),
then `Act` (a command for the client's own seat), `Revoke` (the facilitator withdraws
a seat's code) and `Fetch` (the game's whole log: the facilitator's at any time, the
others' once the talks are over). Host to client: `Welcome` (which seat and table),
`Update` (the seat's view and the events it has not seen, already redacted for it on
the host), `Result` (what became of an `Act`), `NewCode`, `Log`, `Presence` (to the
facilitator: who is connected), and `Problem` (a bad message, said plainly; the host
goes on serving everyone else).

The teacher's desk (joined with the lesson's desk code) sees every table: it is sent
`DeskWelcome` (the tables, and each one's facilitator code), then `DeskUpdate`s (a
summary of each table that changed, built from what every delegation sees), and it
steers tables with `DeskAct` (a facilitator's command for all of them or a chosen
set), answered by `DeskResult`; `Revoke` with seat "desk" withdraws the desk code.

Nothing here does I/O; `parse_client` and `parse_host` turn text into a message or
raise `BadMessage` with a reason a person can read.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, ValidationError

from game.content.models import PARTY_PATTERN
from game.engine import commands as C
from game.engine import events as E
from game.engine.views import View

# 2: the facilitator's welcome holds the table's codes; every code can be withdrawn.
# 3: events and refusals in codes and ids, which each client words in its own language.
# 4: the seats are the scenario's parties (any codes), with their colours and styles in the view.
# 5: the teacher's desk (DeskWelcome, DeskUpdate, DeskAct, DeskResult).
VERSION = 5
MAX_CLIENT_MESSAGE = 64 * 1024  # bytes: the longest command is far shorter


class _Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# ---------------------------------------------------------------------------- client -> host


class Hello(_Message):
    type: Literal["hello"] = "hello"
    version: int
    code: str = Field(max_length=100)
    # Taking a dropped seat up again by itself: refused if someone sits there meanwhile
    # (a person who moved to another computer keeps the seat).
    rejoin: bool = False
    # The scenarios installed at the client (id -> content hash): a table whose scenario is
    # not among them, or differs, refuses the client before seating it. None: not checked.
    scenarios: dict[str, str] | None = Field(default=None, max_length=200)


class Act(_Message):
    type: Literal["act"] = "act"
    id: int = Field(ge=0, lt=2**53)  # the client's number for it; the `Result` carries it back
    command: C.Command


class Revoke(_Message):
    """The facilitator withdraws a seat's code, its own and the observers' included:
    whoever holds it is disconnected (the facilitator asking keeps its connection, now
    on the new code), and the host answers with the seat's new code (`NewCode`)."""

    type: Literal["revoke"] = "revoke"
    seat: Annotated[str, StringConstraints(pattern=PARTY_PATTERN)]  # a delegation, "facilitator" or "observer"


class Fetch(_Message):
    """Ask for the game's whole log (answered with `Log`, or a `Problem` while it is
    still hidden from this seat). The desk names the table."""

    type: Literal["fetch"] = "fetch"
    table: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")] | None = None


# What the desk may give every table (or a set of them): a facilitator's commands.
DeskCommand = Annotated[
    C.Pause | C.Resume | C.Inject | C.MoveNextRound | C.ChangeTurns | C.SetTurnTimer | C.EndNow,
    Field(discriminator="kind"),
]
TABLE_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"


class DeskAct(_Message):
    """(The desk) a facilitator's command for each table named (none named: every table),
    logged in each one's save like the table's own facilitator's."""

    type: Literal["desk_act"] = "desk_act"
    id: int = Field(ge=0, lt=2**53)
    tables: list[Annotated[str, StringConstraints(pattern=TABLE_PATTERN)]] = Field(default_factory=list, max_length=200)
    command: DeskCommand


ClientMessage = Annotated[Hello | Act | Revoke | Fetch | DeskAct, Field(discriminator="type")]


# ---------------------------------------------------------------------------- host -> client


class Welcome(_Message):
    type: Literal["welcome"] = "welcome"
    version: int = VERSION
    table: str
    seat: str  # a delegation's code (a party of the scenario), "facilitator" or "observer"
    scenario: str
    content_hash: str  # the scenario's files as the host has them (the client's must match)
    seats: dict[str, str]  # who plays each delegation: "person" (a client) or a computer kind
    codes: dict[str, str] = {}  # the table's join codes, seat -> code: to the facilitator only


class Update(_Message):
    """The seat's view, whole (`view`: the first update after joining) or as the parts
    that changed since the last one (`changes`: top-level fields of the view, as JSON
    data), and the events it has not seen yet; all of it redacted for the seat."""

    type: Literal["update"] = "update"
    view: View | None = None
    changes: dict[str, Any] | None = None
    events: list[E.Event]
    seen: int  # how many events of its own transcript the seat has been sent, these included


class Refused(_Message):
    """A refusal: the engine's `code` and `args` (ids and numbers), which each client puts
    into words in its own language; `message` is the host's own wording, for a refusal
    of the host itself (a seat taken) or a code this client does not know."""

    code: str
    message: str = ""
    args: dict[str, str | int | float] = Field(default_factory=dict, max_length=8)
    red_line: str | None = None  # the seat's own red line that refused it, if one did


class Result(_Message):
    type: Literal["result"] = "result"
    id: int
    refusal: Refused | None = None


class NewCode(_Message):
    type: Literal["new_code"] = "new_code"
    seat: str
    code: str


class Log(_Message):
    """The game's save file, whole: what the debrief and the replay read."""

    type: Literal["log"] = "log"
    name: str
    text: str
    table: str | None = None  # (to the desk) whose log it is


class Presence(_Message):
    """(To the facilitator) how many clients sit at each seat now."""

    type: Literal["presence"] = "presence"
    seats: dict[str, int]


class DeskTable(_Message):
    """A table as the desk knows it from the start."""

    table: str
    scenario: str
    content_hash: str
    parties: list[str]
    facilitator: str  # the table's facilitator code: the desk opens its console with it


class DeskWelcome(_Message):
    type: Literal["desk_welcome"] = "desk_welcome"
    version: int = VERSION
    lesson: str  # the lesson's name (its folder at the host): where the desk keeps what it writes
    code: str  # the desk code (it changes when withdrawn)
    tables: list[DeskTable]


class SeatSummary(_Message):
    holder: str  # "person" or a computer kind
    present: int  # clients connected at the seat now


class TableSummary(_Message):
    """A table at a glance, from what every delegation sees (never a delegation's own
    view), plus what only the host knows of it: who is connected, and for how long the
    turn and the table have gone on (seconds on the host's clock when it was sent)."""

    table: str
    round: str | None
    date: str  # the game's date, ISO
    phase: str
    paused: bool
    ended: bool
    end_reason: str | None = None  # "walk_out", "calendar", ...
    end_by: str | None = None  # who walked out, if someone did
    whose_turn: str | None
    turns_left: int
    turn_for: float  # seconds the turn (or the pause, or the wait between rounds) has lasted
    idle_for: float  # seconds since anything happened at the table
    timer: int  # seconds per turn (0: no timer)
    time_left: float | None  # of the turn's time, when a timer runs
    signed: dict[str, str]  # card -> option signed
    last: E.Event | None  # the last thing every delegation saw happen
    events: int  # how many events every delegation has seen
    seats: dict[str, SeatSummary]
    facilitator_present: int
    scores: dict[str, float] = {}  # once the talks are over (public then): each delegation's score


class DeskUpdate(_Message):
    type: Literal["desk_update"] = "desk_update"
    tables: list[TableSummary]  # the tables that changed since the last update


class DeskResult(_Message):
    type: Literal["desk_result"] = "desk_result"
    id: int
    done: list[str]  # the tables that took the command
    refused: dict[str, Refused] = {}  # table -> why it did not


class Problem(_Message):
    """A message the host would not take. `fatal` closes the connection after it."""

    type: Literal["problem"] = "problem"
    code: str
    message: str
    fatal: bool = False


HostMessage = Annotated[
    Welcome | Update | Result | NewCode | Log | Presence | Problem | DeskWelcome | DeskUpdate | DeskResult,
    Field(discriminator="type"),
]

_CLIENT = TypeAdapter(ClientMessage)
_HOST = TypeAdapter(HostMessage)


class BadMessage(ValueError):
    """A message that is not one of ours; the text says why, for a person."""


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "message"
    return f"{where}: {error['msg']}"


def parse_client(text: str | bytes) -> Hello | Act | Revoke | Fetch | DeskAct:
    if isinstance(text, bytes):
        raise BadMessage("messages are JSON text, not binary")
    try:
        return _CLIENT.validate_json(text)
    except ValidationError as exc:
        raise BadMessage(_first_error(exc)) from None


def parse_host(
    text: str | bytes,
) -> Welcome | Update | Result | NewCode | Log | Presence | Problem | DeskWelcome | DeskUpdate | DeskResult:
    try:
        return _HOST.validate_json(text)
    except ValidationError as exc:
        raise BadMessage(_first_error(exc)) from None


def dump(message: _Message) -> str:
    return message.model_dump_json()

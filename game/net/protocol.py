"""The messages between a host and the clients at its tables: typed, versioned, JSON.

Client to host: `Hello` (once, first: the protocol version and the seat's join code),
then `Act` (a command for the client's own seat), `Revoke` (the facilitator withdraws
a seat's code) and `Fetch` (the game's whole log: the facilitator's at any time, the
others' once the talks are over). Host to client: `Welcome` (which seat and table),
`Update` (the seat's view and the events it has not seen, already redacted for it on
the host), `Result` (what became of an `Act`), `NewCode`, `Log`, `Presence` (to the
facilitator: who is connected), and `Problem` (a bad message, said plainly; the host
goes on serving everyone else).

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
VERSION = 4
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
    still hidden from this seat)."""

    type: Literal["fetch"] = "fetch"


ClientMessage = Annotated[Hello | Act | Revoke | Fetch, Field(discriminator="type")]


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


class Presence(_Message):
    """(To the facilitator) how many clients sit at each seat now."""

    type: Literal["presence"] = "presence"
    seats: dict[str, int]


class Problem(_Message):
    """A message the host would not take. `fatal` closes the connection after it."""

    type: Literal["problem"] = "problem"
    code: str
    message: str
    fatal: bool = False


HostMessage = Annotated[Welcome | Update | Result | NewCode | Log | Presence | Problem, Field(discriminator="type")]

_CLIENT = TypeAdapter(ClientMessage)
_HOST = TypeAdapter(HostMessage)


class BadMessage(ValueError):
    """A message that is not one of ours; the text says why, for a person."""


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "message"
    return f"{where}: {error['msg']}"


def parse_client(text: str | bytes) -> Hello | Act | Revoke | Fetch:
    if isinstance(text, bytes):
        raise BadMessage("messages are JSON text, not binary")
    try:
        return _CLIENT.validate_json(text)
    except ValidationError as exc:
        raise BadMessage(_first_error(exc)) from None


def parse_host(text: str | bytes) -> Welcome | Update | Result | NewCode | Log | Presence | Problem:
    try:
        return _HOST.validate_json(text)
    except ValidationError as exc:
        raise BadMessage(_first_error(exc)) from None


def dump(message: _Message) -> str:
    return message.model_dump_json()

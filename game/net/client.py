"""A client at a hosted table: it joins one seat with its code, keeps that seat's
latest view and the transcript the host sent it, and sends commands for its seat.
No Textual here: the TUI (and the tests' computer clients) build on it."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from pydantic import TypeAdapter
from pydantic.fields import FieldInfo

from game.engine import commands as C
from game.engine import events as E
from game.engine.core import Refusal
from game.engine.views import View
from game.i18n import _
from game.i18n.engine import from_host
from game.net.protocol import (
    VERSION,
    Act,
    DeskWelcome,
    Fetch,
    Hello,
    Log,
    NewCode,
    Presence,
    Problem,
    Refused,
    Result,
    Revoke,
    Update,
    Welcome,
    dump,
    parse_host,
)

if TYPE_CHECKING:  # websockets is imported only when a client connects
    from websockets.asyncio.client import ClientConnection

DEFAULT_PORT = 8765  # `parley host`'s


def _validator(field: FieldInfo) -> TypeAdapter[object]:
    assert field.annotation is not None  # every part of a view has its type
    return TypeAdapter(field.annotation)


# One validator per part of a view, for the parts an update changes.
_FIELDS = {name: _validator(field) for name, field in View.model_fields.items()}


def parse_address(text: str, default_port: int = DEFAULT_PORT) -> str | None:
    """`HOST`, `HOST:PORT`, `[IPv6]:PORT` or a ws:// address, as a ws:// URI (None if it isn't one)."""
    text = text.strip()
    if text.startswith(("ws://", "wss://")):
        return text
    if "://" in text or not text or any(c.isspace() for c in text):
        return None
    host, port = text, default_port
    if text.startswith("["):  # [::1]:8765
        end = text.find("]")
        if end < 0:
            return None
        host, rest = text[: end + 1], text[end + 1:]
        if rest:
            if not rest.startswith(":") or not rest[1:].isdigit():
                return None
            port = int(rest[1:])
    elif text.count(":") == 1:
        host, _colon, tail = text.partition(":")
        if not tail.isdigit() or not host:
            return None
        port = int(tail)
    if not 0 < port < 65536:
        return None
    return f"ws://{host}:{port}"


class JoinError(Exception):
    """The host would not seat this client, or would not do what it asked; the message
    says why, for a person."""


class Link:
    """A connection to a host, once it has said hello: the messages read as they come
    (`take`, in a subclass), the problems the host reported, and listeners told of every
    change. A seat's `Client` and the teacher's `DeskClient` are links."""

    def __init__(self, connection, keep_raw: bool = False) -> None:
        self.connection = connection
        self.raw: list[str] | None = [] if keep_raw else None  # every message as it came (for tests and audits)
        self.problems: list[Problem] = []
        self.received = 0  # messages received, of every kind
        self.changed = asyncio.Event()  # set at every change; a waiter clears it
        self.listeners: list = []  # called (with no argument) after every message that changed something
        self.open = True  # until the connection closes (listeners hear of it then)
        self._reader: asyncio.Task | None = None

    @staticmethod
    async def hello(uri: str, hello: Hello) -> tuple[ClientConnection, object]:
        """Connect to `uri`, say `hello`, and return the connection and the host's first
        answer (a `Problem` is raised as JoinError)."""
        from websockets.asyncio.client import connect
        from websockets.exceptions import ConnectionClosed

        connection = await connect(uri, max_size=None)
        try:
            await connection.send(dump(hello))
            first = parse_host(await connection.recv())
        except ConnectionClosed as exc:
            if exc.rcvd is not None and exc.rcvd.code == 1001:  # the host is stopping: worth trying again
                raise ConnectionError(_("the host is going away ({reason})").format(reason=exc.rcvd.reason)) from None
            if exc.rcvd is None:
                raise JoinError(_("the host closed the connection (no reason)")) from None
            raise JoinError(_("the host closed the connection ({reason})").format(reason=exc.rcvd.reason)) from None
        if isinstance(first, Problem):
            await connection.close()
            raise JoinError(from_host(first.code, first.message))
        return connection, first

    def start(self) -> None:
        self._reader = asyncio.create_task(self._read())

    def take(self, message) -> None:
        """A message from the host (a subclass keeps what it needs of it)."""
        if isinstance(message, Problem):
            self.problems.append(message)
            self.changed.set()

    def closed(self) -> None:
        """The connection closed (a subclass fails what still waits for an answer)."""

    async def _read(self) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            async for text in self.connection:
                if self.raw is not None:
                    self.raw.append(text)
                self.received += 1
                self.take(parse_host(text))
                self._tell()
        except ConnectionClosed:
            pass
        finally:
            self.open = False
            self.closed()
            self.changed.set()
            self._tell()

    def _tell(self) -> None:
        for listener in list(self.listeners):
            listener()

    @property
    def connected(self) -> bool:
        return self.open

    async def wait(self, condition, timeout: float = 30.0) -> None:
        """Until `condition()` holds after a message (or the connection closed)."""
        async def until() -> None:
            while not condition():
                if self._reader is not None and self._reader.done():
                    raise ConnectionError(_("the connection to the host closed"))
                self.changed.clear()
                await self.changed.wait()

        await asyncio.wait_for(until(), timeout)

    async def answer(self, request, answered, timeout: float = 30.0) -> None:
        """Send `request`, then wait until `answered()` holds or the host reports a problem
        (raised as JoinError); a closed connection raises ConnectionError."""
        from websockets.exceptions import ConnectionClosed

        before = len(self.problems)
        try:
            await self.connection.send(dump(request))
        except ConnectionClosed:
            raise ConnectionError(_("the connection to the host closed")) from None
        await self.wait(lambda: answered() or len(self.problems) > before, timeout)
        if not answered():
            raise JoinError(from_host(self.problems[-1].code, self.problems[-1].message))

    async def close(self) -> None:
        await self.connection.close()
        if self._reader is not None:
            await self._reader


class Client(Link):
    def __init__(self, connection, welcome: Welcome, keep_raw: bool = False):
        super().__init__(connection, keep_raw)
        self.welcome = welcome
        self.seat = welcome.seat
        self.view: View | None = None
        self.events: list[E.Event] = []  # everything this seat was sent, in order
        self.codes: dict[str, str] = dict(welcome.codes)  # the table's codes (the facilitator's), kept up to date
        self.arrivals: list[tuple[float, int]] = []  # (perf_counter, the table's event count) of each update
        self.log: Log | None = None  # the game's whole log, once fetched
        self.present: dict[str, int] = {}  # (the facilitator's) clients connected at each seat
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future] = {}

    @classmethod
    async def join(cls, uri: str, code: str, *, keep_raw: bool = False, rejoin: bool = False,
                   scenarios: dict[str, str] | None = None) -> Client:
        connection, first = await cls.hello(uri, Hello(version=VERSION, code=code, rejoin=rejoin, scenarios=scenarios))
        if not isinstance(first, Welcome):
            await connection.close()
            raise JoinError(_("the host did not welcome this client") if not isinstance(first, DeskWelcome) else
                            _("That is the desk's code: open the desk with it (`parley join HOST CODE`)."))
        return await cls.seated(connection, first, keep_raw)

    @classmethod
    async def seated(cls, connection: ClientConnection, welcome: Welcome, keep_raw: bool = False) -> Client:
        """The client of a connection the host has just welcomed, once its first view is in."""
        client = cls(connection, welcome, keep_raw)
        client.start()
        await client.wait(lambda: client.view is not None)
        return client

    def take(self, message) -> None:
        if isinstance(message, NewCode):
            self.codes[message.seat] = message.code
            self.changed.set()
        elif isinstance(message, Log):
            self.log = message
            self.changed.set()
        elif isinstance(message, Presence):
            self.present = dict(message.seats)
            self.changed.set()
        elif isinstance(message, Update):
            self.apply(message)
            self.arrivals.append((time.perf_counter(), message.seen))
            self.events.extend(message.events)
            self.changed.set()
        elif isinstance(message, Result):
            future = self._waiting.pop(message.id, None)
            if future is not None and not future.done():
                future.set_result(message.refusal)
        else:
            super().take(message)

    def closed(self) -> None:
        for future in self._waiting.values():
            if not future.done():
                future.set_exception(ConnectionError(_("the connection to the host closed")))

    def apply(self, update: Update) -> None:
        """The seat's view after `update`: whole, or the last one with the changed parts
        (each checked against its field's type; the rest is kept as it was)."""
        if update.view is not None:
            self.view = update.view
        elif update.changes and self.view is not None:
            unknown = set(update.changes) - set(_FIELDS)
            if unknown:
                raise ValueError(f"the host sent changes to unknown parts of the view: {sorted(unknown)}")
            parts = {name: _FIELDS[name].validate_python(value) for name, value in update.changes.items()}
            self.view = self.view.model_copy(update=parts)

    async def act(self, command: C.Command) -> Refused | None:
        """Send a command for this seat; returns the host's refusal, or None if it was taken."""
        number = next(self._ids)
        future = asyncio.get_running_loop().create_future()
        self._waiting[number] = future
        await self.connection.send(dump(Act(id=number, command=command)))
        return await future

    async def revoke(self, seat: str) -> str:
        """(The facilitator) withdraw `seat`'s code; returns the new one."""
        self.codes.pop(seat, None)
        await self.answer(Revoke(seat=seat), lambda: seat in self.codes)
        return self.codes[seat]

    async def fetch_log(self) -> Log:
        """The game's whole log (the facilitator's at any time; the others' once the talks are over)."""
        self.log = None
        await self.answer(Fetch(), lambda: self.log is not None)
        assert self.log is not None
        return self.log


async def computer_turn(client: Client, agent, heard: int, sent: Callable[[float], None] | None = None) -> int:
    """A computer delegation (`agent`) takes the turn of this client's seat: it hears the
    events it has not heard yet, decides on the view the host sent, and after a refusal
    decides again, told why (`game.agents.attempts`, the one retry loop). `sent(t)` hears
    when each of its own moves that was taken went out (not the pass after too many
    refusals). Returns how many of the client's events the agent has now heard."""
    from game.agents import MAX_TRIES, attempts

    def view() -> View:  # a refusal that was logged (a red line) comes as an update: heard before deciding again
        nonlocal heard
        agent.observe(client.events[heard:])
        heard = len(client.events)
        assert client.view is not None  # the host sent this seat's view with its turn
        return client.view

    tries = attempts(agent, view, client.seat)
    command = next(tries)
    for tried in range(MAX_TRIES + 1):
        started = time.perf_counter()
        refusal = await client.act(command)
        if refusal is None and tried < MAX_TRIES and sent is not None:
            sent(started)
        try:  # the engine's refusal, as the host sent it
            command = tries.send(None if refusal is None else Refusal(refusal.code, refusal.args, refusal.red_line))
        except StopIteration:
            break
    return heard

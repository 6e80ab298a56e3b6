"""A client at a hosted table: it joins one seat with its code, keeps that seat's
latest view and the transcript the host sent it, and sends commands for its seat.
No Textual here: the TUI (and the tests' computer clients) build on it."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable

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


class Client:
    def __init__(self, connection, welcome: Welcome, keep_raw: bool = False):
        self.connection = connection
        self.raw: list[str] | None = [] if keep_raw else None  # every message as it came (for tests and audits)
        self.welcome = welcome
        self.seat = welcome.seat
        self.view: View | None = None
        self.events: list[E.Event] = []  # everything this seat was sent, in order
        self.problems: list[Problem] = []
        self.codes: dict[str, str] = dict(welcome.codes)  # the table's codes (the facilitator's), kept up to date
        self.received = 0  # messages received, of every kind
        self.arrivals: list[tuple[float, int]] = []  # (perf_counter, the table's event count) of each update
        self.changed = asyncio.Event()  # set at every update; a waiter clears it
        self.log: Log | None = None  # the game's whole log, once fetched
        self.present: dict[str, int] = {}  # (the facilitator's) clients connected at each seat
        self.listeners: list = []  # called (with no argument) after every message that changed something
        self.open = True  # until the connection closes (listeners hear of it then)
        self._ids = itertools.count(1)
        self._waiting: dict[int, asyncio.Future] = {}
        self._reader: asyncio.Task | None = None

    @classmethod
    async def join(cls, uri: str, code: str, *, keep_raw: bool = False, rejoin: bool = False,
                   scenarios: dict[str, str] | None = None) -> Client:
        from websockets.asyncio.client import connect
        from websockets.exceptions import ConnectionClosed

        connection = await connect(uri, max_size=None)
        try:
            await connection.send(dump(Hello(version=VERSION, code=code, rejoin=rejoin, scenarios=scenarios)))
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
        if not isinstance(first, Welcome):
            await connection.close()
            raise JoinError(_("the host did not welcome this client"))
        client = cls(connection, first, keep_raw)
        client._reader = asyncio.create_task(client._read())
        await client.wait(lambda: client.view is not None)
        return client

    async def _read(self) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            async for text in self.connection:
                if self.raw is not None:
                    self.raw.append(text)
                message = parse_host(text)
                self.received += 1
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
                elif isinstance(message, Problem):
                    self.problems.append(message)
                    self.changed.set()
                self._tell()
        except ConnectionClosed:
            pass
        finally:
            self.open = False
            for future in self._waiting.values():
                if not future.done():
                    future.set_exception(ConnectionError(_("the connection to the host closed")))
            self.changed.set()
            self._tell()

    def _tell(self) -> None:
        for listener in list(self.listeners):
            listener()

    @property
    def connected(self) -> bool:
        return self.open

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
        before = len(self.problems)
        await self.connection.send(dump(Revoke(seat=seat)))
        await self.wait(lambda: seat in self.codes or len(self.problems) > before)  # an answer to this request
        if seat not in self.codes:
            raise JoinError(from_host(self.problems[-1].code, self.problems[-1].message))
        return self.codes[seat]

    async def fetch_log(self) -> Log:
        """The game's whole log (the facilitator's at any time; the others' once the talks are over)."""
        self.log = None
        before = len(self.problems)
        await self.connection.send(dump(Fetch()))
        await self.wait(lambda: self.log is not None or len(self.problems) > before)
        if self.log is None:
            raise JoinError(from_host(self.problems[-1].code, self.problems[-1].message))
        return self.log

    async def wait(self, condition, timeout: float = 30.0) -> None:
        """Until `condition()` holds after an update (or the connection closed)."""
        async def until() -> None:
            while not condition():
                if self._reader is not None and self._reader.done():
                    raise ConnectionError(_("the connection to the host closed"))
                self.changed.clear()
                await self.changed.wait()

        await asyncio.wait_for(until(), timeout)

    async def close(self) -> None:
        await self.connection.close()
        if self._reader is not None:
            await self._reader


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

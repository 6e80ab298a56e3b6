"""The host: it owns each table's authoritative game (a `Match`, saved after every
action) and serves the seats over WebSockets. A client joins with its seat's code and
from then on receives only its seat's view and transcript, redacted here, on the
host, by the engine's one redaction path (`Match.view`, `Match.transcript_since`).

A client acts only for its own seat; anything else it sends is answered with a
`Result` refusal or a `Problem`, and the host goes on serving the others. Computer
delegations in handed-over seats move on the host, and the host keeps each table's
turn timer (a `TimeOut` when a delegation's time runs out), so a closed laptop does
not hold up the table.

Every client has an outbox, written by its own task: a table never waits for its
slowest reader. A client too far behind is disconnected; it can rejoin with its
code and gets its whole view again.

Observers (one code per table, for any number of watchers) see the public table
only, through the engine's observer viewer.

The tables and their codes are kept in `host.json` in the saves folder, so that a
restarted host takes every table up again from its log.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import json
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from game.engine import commands as C
from game.engine.rules import Rules
from game.engine.views import OBSERVER, View
from game.i18n import _, ngettext
from game.i18n.engine import HOST
from game.match import FACILITATOR, PERSON, Match, MatchError, Moved
from game.net.codes import new_code, normalise
from game.net.desk import DESK, DONE, Desk
from game.net.limits import HOST_CONNECTIONS
from game.net.protocol import (
    MAX_CLIENT_MESSAGE,
    VERSION,
    Act,
    BadMessage,
    DeskAct,
    DeskResult,
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
    parse_client,
)
from game.store.files import write_text_atomically
from game.turnclock import TurnClock

if TYPE_CHECKING:  # websockets is imported only when the host serves
    from websockets.asyncio.server import ServerConnection

MANIFEST = "host.json"
HELLO_WITHIN = 10.0  # seconds a new connection has to say hello
OPEN_WITHIN = 5.0  # seconds a new socket has for the WebSocket handshake
BURST = 100  # messages a client may send at once ...
PER_SECOND = 50.0  # ... and on average; beyond that its messages are dropped, with a warning
BACKLOG = 500  # messages waiting for a client that does not read; beyond that it is disconnected
TICK = 0.25  # seconds between looks at the turn timers
FAILS = 10  # wrong codes an address may try ...
FAIL_WINDOW = 60.0  # ... within this many seconds; then its wrong codes are answered one at a time ...
SLOWED = 1.0  # ... this many seconds apart
WITHDRAW_EVERY = 0.5  # seconds between two codes a facilitator withdraws
STOP_WITHIN = 1.0  # seconds the connections get to take their last messages and close when the host stops
STOPPED = "the host stopped: rejoin with your code when it is back"  # a close reason (at most 123 bytes)


@dataclass(eq=False)
class Participant:
    """A connection the host has seated: the host's side of a client (`game.net.client.Client`
    is the joining side's)."""

    connection: ServerConnection
    seat: str
    seen: int = 0  # raw events of the table this client has been brought up to (the host's count)
    told: int = 0  # events of its seat's transcript it has been sent (the only count it is told)
    shown: View | None = None  # the view it was last sent (the next update sends what changed)
    tokens: float = BURST  # what it may still send now (a token bucket)
    last: float = 0.0  # when the bucket was last filled
    warned: float = -1.0  # when it was last told to slow down
    outbox: asyncio.Queue = field(default_factory=asyncio.Queue)  # texts its writer sends, in order
    writer: asyncio.Task | None = None
    dropped: bool = False  # being disconnected (too far behind, withdrawn or replaced): sends nothing more
    backlog: int = BACKLOG

    def allowed(self, now: float) -> bool:
        self.tokens = min(BURST, self.tokens + (now - self.last) * PER_SECOND)
        self.last = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True

    def start(self) -> None:
        self.writer = asyncio.create_task(self._write())

    def send(self, message) -> None:
        """Queue `message` for this client; never waits for it to read."""
        if self.dropped:
            return
        if self.outbox.qsize() >= self.backlog:
            self.dropped = True
            if self.writer is not None:
                self.writer.cancel()
            asyncio.create_task(_close(self.connection, 1008, "too far behind: rejoin with your code"))
            return
        self.outbox.put_nowait(dump(message))

    def close(self, code: int, reason: str) -> None:
        """Close the connection once what is queued before this has been sent."""
        if not self.dropped:
            self.dropped = True
            self.outbox.put_nowait((code, reason))

    async def _write(self) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            while True:
                item = await self.outbox.get()
                if isinstance(item, tuple):
                    await self.connection.close(*item)
                    return
                await self.connection.send(item)
        except ConnectionClosed:
            pass

    def stop(self) -> None:
        if self.writer is not None and not self.dropped:
            self.writer.cancel()


async def _close(connection, code: int, reason: str) -> None:
    from websockets.exceptions import ConnectionClosed

    try:
        await connection.close(code, reason)
    except ConnectionClosed:
        pass


@dataclass(eq=False)
class Table:
    id: str
    match: Match
    codes: dict[str, str]  # seat -> join code
    clients: set[Participant] = field(default_factory=set)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    clock: TurnClock | None = None  # the turn timer (on the host's event loop's clock)
    last_withdrawn: float = float("-inf")  # when the facilitator last withdrew a code (the loop's clock)

    @property
    def seats(self) -> tuple[str, ...]:
        """Every seat of the table that has a code: each delegation, the facilitator, the observers."""
        return (*self.match.rules.parties, FACILITATOR, OBSERVER)

    @property
    def save(self) -> Path:
        """Its save: a hosted table always has one, in the host's saves folder."""
        assert self.match.path is not None
        return self.match.path

    def welcome(self, seat: str) -> Welcome:
        scenario = self.match.scenario
        return Welcome(
            table=self.id, seat=seat, scenario=scenario.id, content_hash=scenario.content_hash,
            seats=dict(self.match.seats), codes=dict(self.codes) if seat == FACILITATOR else {},
        )

    def update_for(self, client: Participant) -> Update | None:
        """What changed for `client`'s seat since it was last told, or None if nothing
        did. The seat's own event count goes with it, never the table's: how many events
        it could not see is none of its business."""
        match = self.match
        events = match.transcript_since(client.seat, client.seen)
        client.seen = match.event_count()
        client.told += len(events)
        view = match.view(client.seat)
        shown, client.shown = client.shown, view
        if shown is None:
            return Update(view=view, events=events, seen=client.told)
        # The engine keeps the parts of a view that did not change as the same objects:
        # most parts are settled by `is`, and only the changed ones are turned into JSON.
        changed = {
            name for name in View.model_fields
            if getattr(view, name) is not getattr(shown, name) and getattr(view, name) != getattr(shown, name)
        }
        if not changed and not events:
            return None
        return Update(changes=view.model_dump(mode="json", include=changed) if changed else {}, events=events, seen=client.told)

    def act(self, seat: str, command: C.Command) -> Moved | Refused:
        """A command from the client at `seat`, for that seat only."""
        if seat == OBSERVER:
            return Refused(code="observer", message=_(HOST["observer"]))
        if getattr(command, "by", None) != seat:
            return Refused(code="not_your_seat", message=_("This connection acts for {seat} only.").format(seat=seat))
        if isinstance(command, C.TimeOut):
            return Refused(code="host_keeps_time", message=_(HOST["host_keeps_time"]))
        if isinstance(command, C.HandSeat):
            try:
                return self.match.hand_seat(command.delegation, command.to)
            except MatchError as exc:
                return Refused(code="bad_seat", message=str(exc))
        return self.match.act(command)

    def timed_out(self) -> Moved | None:
        """The delegation to move ran out of time (a person's seat, the table not paused):
        the timeout, entered for it by the host."""
        match = self.match
        if self.clock is None or match.ended or not match.session.state.turn_timer:
            return None
        view = match.view(FACILITATOR)
        who = view.whose_turn
        if not self.clock.due(view, match.is_person(who)) or who is None:  # (never due with no one to move)
            return None
        return match.time_out(who)


class Console:
    """What the host says on its terminal about trouble, at most one line a second: the
    same kind of trouble in a burst (a flood of wrong codes, say) is counted and said
    once, with how often and from how many addresses."""

    def __init__(self, out=None, clock=None) -> None:
        self.out = out if out is not None else sys.stderr
        self.clock = clock
        self.last = float("-inf")
        self.pending: dict[str, tuple[int, set[str]]] = {}  # what -> (times, addresses)

    def note(self, what: str, address: str = "") -> None:
        times, addresses = self.pending.get(what, (0, set()))
        if address:
            addresses.add(address)
        self.pending[what] = (times + 1, addresses)
        self.flush()

    def flush(self, force: bool = False) -> None:
        """Say what is pending, if a second has passed since the last line (or `force`)."""
        now = self.clock() if self.clock is not None else asyncio.get_running_loop().time()
        if not self.pending or (now - self.last < 1.0 and not force):
            return
        self.last = now
        parts = []
        for what, (times, addresses) in self.pending.items():
            if times > 1:
                what = _("{what} (x{times})").format(what=what, times=times)
            if addresses:
                shown = ", ".join(sorted(addresses)[:3])
                if len(addresses) > 3:
                    shown = ngettext("{addresses} and {count} more", "{addresses} and {count} more",
                                     len(addresses) - 3).format(addresses=shown, count=len(addresses) - 3)
                what = _("{what} from {addresses}").format(what=what, addresses=shown)
            parts.append(what)
        self.pending = {}
        print("parley host: " + "; ".join(parts), file=self.out, flush=True)


class _ToConsole(logging.Handler):
    def __init__(self, console: Console) -> None:
        super().__init__(logging.WARNING)
        self.console = console

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.console.note(f"{record.name}: {record.getMessage()}")
        except RuntimeError:  # no running event loop: the host has stopped
            pass


def address_key(address: str) -> str:
    """What wrong codes are counted by: the address, or an IPv6 address's /64 (one
    machine may hold a whole /64)."""
    if ":" in address:
        try:
            return str(ipaddress.ip_network(f"{address}/64", strict=False))
        except ValueError:
            return address
    return address


def address_of(connection) -> str:
    try:
        return str(connection.remote_address[0])
    except (AttributeError, IndexError, TypeError):
        return "?"


class Host:
    def __init__(self, tables: list[Table], saves_dir: Path, desk_code: str | None = None):
        self.tables = {t.id: t for t in tables}
        self.desk = Desk(desk_code or new_code())  # the teacher's desk: one code over every table
        self._desk_task: asyncio.Task | None = None
        self.clock = None  # the serving loop's clock (seconds), once serving
        self.saves_dir = Path(saves_dir)
        self.by_code = {code: (t, seat) for t in tables for seat, code in t.codes.items()}
        self._ticker: asyncio.Task | None = None  # the turn timers, while serving
        self.stopping = False  # set by `stop`: nothing more is acted on or let in
        self.console = Console()
        self.failures: dict[str, list[float]] = {}  # address -> times of its recent wrong codes
        self.gates: dict[str, asyncio.Lock] = {}  # address -> its one-a-second queue, once it is slowed
        self.open_connections: dict[ServerConnection, None] = {}  # every accepted socket, oldest first
        self.seated: set[ServerConnection] = set()  # the connections that joined a seat
        self.max_connections = HOST_CONNECTIONS
        self.codes_changed: list = []  # called after a code is withdrawn and replaced

    # ------------------------------------------------------------------ tables

    @classmethod
    def new(
        cls, rules: Rules, count: int, saves_dir: Path, seeds: list[int], now: dt.datetime, length: str | None = None,
    ) -> Host:
        """`count` tables of one scenario (at game `length`: None, its first), every
        delegation a person's seat (a client), with a facilitator's seat each; their codes
        are written to the manifest."""
        tables = []
        for n, seed in zip(range(1, count + 1), seeds):
            match = Match.new(rules, seed, {d: PERSON for d in rules.parties}, saves_dir, now=now, facilitator=True,
                              length=length)
            table = Table(f"table-{n}", match, {})
            table.codes = {seat: new_code() for seat in table.seats}
            tables.append(table)
        host = cls(tables, saves_dir)
        host.write_manifest()
        return host

    @classmethod
    def resume(cls, saves_dir: Path) -> Host:
        """Every table of the manifest, taken up again from its save."""
        data = json.loads((Path(saves_dir) / MANIFEST).read_text(encoding="utf-8"))
        tables = [
            Table(entry["id"], Match.resume(Path(saves_dir) / entry["save"]), dict(entry["codes"]))
            for entry in data["tables"]
        ]
        missing = [t for t in tables if set(t.seats) - set(t.codes)]
        for table in missing:  # a manifest from before a kind of seat existed
            table.codes.update({seat: new_code() for seat in table.seats if seat not in table.codes})
        host = cls(tables, saves_dir, data.get("desk"))
        if missing or not data.get("desk"):  # a manifest from before the desk
            host.write_manifest()
        return host

    def write_manifest(self) -> None:
        data = {
            "format": "parley-host", "version": 1,
            "desk": self.desk.code,
            "tables": [
                {"id": t.id, "save": t.save.name, "codes": t.codes} for t in self.tables.values()
            ],
        }
        write_text_atomically(self.saves_dir / MANIFEST, json.dumps(data, indent=2) + "\n", private=True)

    # ------------------------------------------------------------------ serving

    async def serve(self, host: str = "127.0.0.1", port: int = 0, clock=None, close_timeout: float = 10.0,
                    max_connections: int = HOST_CONNECTIONS, tls=None):
        """Start serving; returns the websockets server (its sockets say the port). The
        turn timers run from here on, on `clock` (seconds; the event loop's by default).
        `close_timeout` is how long an ordinary close (a withdrawn code) waits for the
        client's answer; `stop` does not wait for it. At most `max_connections` are
        open at once (see `opened`); with `tls` (an `ssl.SSLContext`), over wss://."""
        from websockets.asyncio.server import ServerConnection, serve

        watcher = self

        class Watched(ServerConnection):
            """A connection the host counts from the moment its socket is accepted, before
            the WebSocket handshake: a socket that never says anything counts too."""

            def connection_made(self, transport) -> None:
                super().connection_made(transport)
                watcher.opened(self)

            def connection_lost(self, exc) -> None:
                watcher.open_connections.pop(self, None)
                super().connection_lost(exc)

        self.max_connections = max_connections
        self.quiet_the_libraries()
        server = await serve(
            self.handle, host, port, max_size=MAX_CLIENT_MESSAGE, compression=None, close_timeout=close_timeout,
            create_connection=Watched, open_timeout=OPEN_WITHIN, ssl=tls,
        )
        clock = clock or asyncio.get_running_loop().time
        self.clock = clock
        for table in self.tables.values():
            table.clock = TurnClock(clock)
            self.desk.changed(table, clock())
        self._ticker = asyncio.create_task(self.keep_time())
        self._desk_task = asyncio.create_task(self.desk.tell(self.tables, clock))
        return server

    async def stop(self, server, within: float = STOP_WITHIN) -> None:
        """Stop serving, bounded by about `within` seconds whatever the clients do.

        Every action a client was told was taken is already in its table's save: an
        action is written and synced (`Match.act`) before its result is queued. Here:
        no new connection is let in and no further message is acted on; the action in
        hand at each table finishes (computer moves stop after the current one); each
        connection is sent what is queued for it and closed with "going away" (so the
        seats try to rejoin, as they do when the line drops); and whatever has not
        closed by the deadline (a client that stopped reading, one that never answers
        the close handshake, a socket that never finished opening) is cut off.
        Waiting on the clients instead held a stop for websockets' close and open
        timeouts (10 s each). A socket that never began the WebSocket handshake is
        not the server's to close here: it ends with the process, or at the server's
        open timeout."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        self.stopping = True
        self.console.flush(force=True)
        server.close(close_connections=False)  # the listening socket closes: nobody new gets in
        if self._ticker is not None:
            self._ticker.cancel()
        if self._desk_task is not None:
            self._desk_task.cancel()
        for table in self.tables.values():  # the action in hand finishes; none starts after it
            try:
                await asyncio.wait_for(table.lock.acquire(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                pass
        ours = set()
        for client in [c for table in self.tables.values() for c in table.clients] + list(self.desk.clients):
            ours.add(client.connection)
            client.close(1001, STOPPED)  # after what is already queued for it
        connections = list(server.all_connections)  # joined seats, and connections yet to say hello
        for connection in connections:
            if connection not in ours:
                asyncio.create_task(_close(connection, 1001, STOPPED))
        if connections:
            await asyncio.wait(
                [asyncio.create_task(c.wait_closed()) for c in connections],
                timeout=max(0.0, deadline - loop.time()),
            )
        for connection in server.all_connections:  # past the deadline: cut off
            connection.transport.abort()
        for client in [c for table in self.tables.values() for c in table.clients] + list(self.desk.clients):
            if client.writer is not None:
                client.writer.cancel()

    async def keep_time(self) -> None:
        """Every table's turn timer: a delegation whose time ran out has a timeout entered.
        A table that fails (a full disk) is said on stderr; the others' timers go on."""
        while True:
            await asyncio.sleep(TICK)
            self.console.flush()  # what the console held back in a burst
            self.forget_old_failures()
            for table in self.tables.values():
                try:
                    async with table.lock:
                        if table.timed_out() is not None:
                            await self.after_move(table)
                except Exception as exc:  # noqa: BLE001 - one table's trouble must not stop every timer
                    self.console.note(_("{table}: the turn timer could not time out a turn: {problem}").format(
                        table=table.id, problem=exc))

    def opened(self, connection) -> None:
        """A socket was accepted. Past `max_connections`, the oldest connections that
        have not joined a seat are closed to make room (a flood of idle sockets cannot
        keep a student out, nor use up the host's file descriptors); if every one has
        joined, the new one is."""
        self.open_connections[connection] = None  # in the order they came: the oldest first
        over = len(self.open_connections) - self.max_connections
        if over <= 0:
            return
        idle = [c for c in self.open_connections if c not in self.seated and c is not connection][:over]
        for old in idle or [connection]:
            self.open_connections.pop(old, None)
            old.transport.abort()
        self.console.note(_("connections closed: more than {count} open at once (oldest unjoined first)").format(
            count=self.max_connections))

    def quiet_the_libraries(self) -> None:
        """What asyncio and websockets would log (a socket error, a failed handshake, in
        a flood) goes to this host's console, one line a second at most, without tracebacks."""
        for name in ("asyncio", "websockets"):
            logger = logging.getLogger(name)
            for old in [h for h in logger.handlers if isinstance(h, _ToConsole)]:
                logger.removeHandler(old)
            logger.addHandler(_ToConsole(self.console))
            logger.propagate = False

    async def handle(self, connection) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            first = await asyncio.wait_for(connection.recv(), HELLO_WITHIN)
        except (TimeoutError, ConnectionClosed):
            return
        joined = await self.hello(connection, first)
        if joined is None:
            return
        table, client = joined
        if table is None:
            await self.at_desk(connection, client)
            return
        self.seated.add(connection)
        loop = asyncio.get_running_loop()
        client.last = loop.time()
        try:
            async for text in connection:
                now = loop.time()
                if client.allowed(now):
                    await self.message(table, client, text)
                elif now - client.warned >= 1.0:  # dropped; said once a second at most
                    client.warned = now
                    client.send(Problem(
                        code="flood", message=_("Too many messages: at most {count} a second. Some were dropped.").format(
                            count=f"{PER_SECOND:g}"),
                    ))
        except ConnectionClosed:
            pass
        finally:
            self.seated.discard(connection)
            if client in table.clients:
                table.clients.discard(client)
                self.presence(table)
            client.stop()

    async def hello(self, connection, text) -> tuple[Table | None, Participant] | None:
        """Seat the connection whose first message is `text`: at a table (and its seat), or
        at the desk (no table)."""
        if self.stopping:  # "going away": a seat that was rejoining tries again once the host is back
            await _close(connection, 1001, STOPPED)
            return None
        try:
            message = parse_client(text)
        except BadMessage as exc:
            await self.refuse(connection, "bad_message", _("The first message must be a hello: {problem}").format(problem=exc))
            return None
        if not isinstance(message, Hello):
            await self.refuse(connection, "hello_first", _(HOST["hello_first"]))
            return None
        if message.version != VERSION:
            await self.refuse(connection, "version", _("This host speaks protocol version {ours}, not {theirs}.").format(
                ours=VERSION, theirs=message.version))
            return None
        if normalise(message.code) == self.desk.code:
            return None, self.seat_desk(connection)
        found = await self.look_up(connection, message.code)
        unknown = ("unknown_code", _(HOST["unknown_code"]))
        if found is None:
            await self.refuse(connection, *unknown)
            return None
        code = normalise(message.code)
        table, seat = found
        scenario = table.match.scenario
        if message.scenarios is not None and message.scenarios.get(scenario.id) != scenario.content_hash:
            if scenario.id not in message.scenarios:
                text = _("This table plays the scenario '{scenario}', which is not installed on your computer: "
                         "install the same version of Parley as the host.")
            else:
                text = _("This table plays the scenario '{scenario}', which differs from the host's on your computer: "
                         "install the same version of Parley as the host.")
            await self.refuse(connection, "different_content", text.format(scenario=scenario.id))
            return None
        async with table.lock:
            refusal = None
            if self.by_code.get(code) != found:  # withdrawn while this one waited
                refusal = unknown
            elif message.rejoin and seat != OBSERVER and any(c.seat == seat for c in table.clients):
                refusal = ("seat_taken", _(HOST["seat_taken"]))
            else:
                if seat != OBSERVER:  # one person per seat: the latest to join with its code takes it
                    for older in [c for c in table.clients if c.seat == seat]:
                        table.clients.discard(older)
                        older.send(Problem(code="replaced", fatal=True, message=_(HOST["replaced"])))
                        older.close(1008, "replaced")
                client = Participant(connection, seat)
                client.start()
                table.clients.add(client)
                client.send(table.welcome(seat))
                client.send(table.update_for(client))
                self.presence(table)
        if refusal is not None:
            await self.refuse(connection, *refusal)
            return None
        return table, client

    async def look_up(self, connection, typed: str) -> tuple[Table, str] | None:
        """The table and seat of a code, or None. A right code is never kept waiting: a
        class behind one address (all of `parley serve`'s browser seats) gets in whatever
        else comes from there. An address (an IPv6 /64) that tried `FAILS` wrong codes
        within `FAIL_WINDOW` seconds gets its later wrong codes answered one a second, in
        turn: each guess then holds one of the host's connections for a second or more
        (the oldest unjoined are closed past `max_connections`), on top of a code space
        of 58 bits."""
        loop = asyncio.get_running_loop()
        found = self.by_code.get(normalise(typed))
        if found is not None:
            return found
        key = address_key(address_of(connection))
        recent = [t for t in self.failures.get(key, ()) if loop.time() - t < FAIL_WINDOW]
        self.failures[key] = [*recent, loop.time()]
        self.console.note(_("a join with a wrong code"), key)
        if len(recent) >= FAILS:
            self.console.note(_("wrong codes answered one a second after many from one address"), key)
            async with self.gates.setdefault(key, asyncio.Lock()):
                await asyncio.sleep(SLOWED)
        return None

    def forget_old_failures(self) -> None:
        """Addresses whose wrong codes are all older than `FAIL_WINDOW`: forgotten."""
        now = asyncio.get_running_loop().time()
        for key in [k for k, times in self.failures.items() if not times or now - times[-1] >= FAIL_WINDOW]:
            del self.failures[key]
            gate = self.gates.get(key)
            if gate is not None and not gate.locked():
                del self.gates[key]

    def presence(self, table: Table) -> None:
        """Tell the table's facilitators (and the desk) who is connected, seat by seat."""
        counts = {seat: sum(1 for c in table.clients if c.seat == seat) for seat in table.seats}
        for client in table.clients:
            if client.seat == FACILITATOR:
                client.send(Presence(seats=counts))
        self.tell_desk(table)

    def tell_desk(self, table: Table) -> None:
        if self.clock is not None:
            self.desk.changed(table, self.clock())

    async def refuse(self, connection, code: str, message: str) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            await connection.send(dump(Problem(code=code, message=message, fatal=True)))
            await connection.close(1008, code)
        except ConnectionClosed:
            pass

    async def message(self, table: Table, client: Participant, text) -> None:
        if client not in table.clients or self.stopping:  # withdrawn or taken over, or the host stopping
            return
        message = self.parsed(client, text)
        if message is None:
            return
        if isinstance(message, Hello):
            client.send(Problem(code="already_joined", message=_("You are already at the table as {seat}.").format(
                seat=client.seat)))
            return
        if isinstance(message, Revoke):
            await self.revoke(table, client, message.seat)
            return
        if isinstance(message, Fetch):
            self.fetch(table, client)
            return
        assert isinstance(message, Act)
        async with table.lock:
            if client not in table.clients or self.stopping:  # withdrawn or taken over: what it still sends counts for nothing
                return
            outcome = table.act(client.seat, message.command)
            if isinstance(outcome, Refused):
                client.send(Result(id=message.id, refusal=outcome))
                return
            if outcome.outcome.events:  # the updates first: a client reads its result against a fresh view
                self.broadcast(table)
            refusal = outcome.outcome.refusal
            client.send(Result(id=message.id, refusal=None if refusal is None else Refused(
                code=refusal.code, args=refusal.args, red_line=refusal.red_line,
            )))
            await self.after_move(table, announced=True)

    @staticmethod
    def parsed(client: Participant, text) -> Hello | Act | Revoke | Fetch | DeskAct | None:
        """A client's message, or None after telling it why it was not understood."""
        try:
            return parse_client(text)
        except BadMessage as exc:
            client.send(Problem(code="bad_message", message=_("That message was not understood: {problem}").format(
                problem=exc)))
            return None

    async def after_move(self, table: Table, announced: bool = False) -> None:
        """Everyone sees the move (unless `announced` already); then the computer
        delegations in handed-over seats move."""
        if not announced:
            self.broadcast(table)
        while table.match.computer_to_move and not table.match.view(FACILITATOR).paused and not self.stopping:
            table.match.computer_move()
            self.broadcast(table)
            await asyncio.sleep(0)  # let the other tables' clients in between moves

    def fetch(self, table: Table, client: Participant) -> None:
        """The game's whole log, for the debrief and the replay: to the facilitator at any
        time, to the other seats once the game is over. That is the debrief's rule in a
        local game too: after the talks, everything is shown (every brief, draw, private
        message and meter), for the class to discuss."""
        match = table.match
        if client.seat != FACILITATOR and not match.ended:
            client.send(Problem(code="not_yet", message=_(HOST["not_yet"])))
            return
        if match.path is None:
            client.send(Problem(code="no_log", message=_(HOST["no_log"])))
            return
        client.send(Log(name=match.path.name, text=match.path.read_text(encoding="utf-8")))

    async def revoke(self, table: Table, client: Participant, seat: str) -> None:
        """The facilitator withdraws `seat`'s code (see `withdraw`) and is told the new one."""
        if client.seat != FACILITATOR or client not in table.clients:
            client.send(Problem(code="not_facilitator", message=_(HOST["not_facilitator"])))
            return
        if seat not in table.codes:
            client.send(Problem(code="bad_message", message=_("That message was not understood: {problem}").format(
                problem=_("there is no seat '{seat}' at this table").format(seat=seat))))
            return
        now = asyncio.get_running_loop().time()
        if now - table.last_withdrawn < WITHDRAW_EVERY:
            client.send(Problem(code="slow_down", message=_(HOST["slow_down"])))
            return
        table.last_withdrawn = now
        async with table.lock:
            if client not in table.clients:  # its own code withdrawn meanwhile (by the host's operator)
                return
            code = self.withdraw(table, seat, keep=client)
        client.send(NewCode(seat=seat, code=code))

    def withdraw(self, table: Table, seat: str, keep: Participant | None = None) -> str:
        """A new code for `seat` (kept in the manifest); the old one stops working at once
        and every connection that joined with it is closed, but `keep` (the facilitator
        withdrawing its own code, which goes on with the new one). Returns the new code.
        The facilitator does it from its console; the host's operator from the terminal."""
        old = table.codes[seat]
        table.codes[seat] = code = new_code()
        self.by_code.pop(old, None)
        self.by_code[code] = (table, seat)
        gone = [c for c in table.clients if c.seat == seat and c is not keep]
        for other in gone:  # first: the old code's powers end before anything else is done
            table.clients.discard(other)
            other.send(Problem(code="revoked", message=_(HOST["revoked"]), fatal=True))
            other.close(1008, "revoked")
        self.presence(table)
        if seat == FACILITATOR:  # the desks open the table's console with the new code from now on
            welcome = self.desk.welcome(self.saves_dir.name, list(self.tables.values()))
            for desk in self.desk.clients:
                desk.send(welcome)
        try:
            self.write_manifest()
        except OSError as exc:
            self.console.note(_("{table}: the new code could not be kept in {file} (it works until the host "
                                "stops): {problem}").format(table=table.id, file=MANIFEST, problem=exc))
        for listener in self.codes_changed:  # the seat slips, written again (off the event loop)
            listener()
        return code

    def broadcast(self, table: Table) -> None:
        """Every client of the table gets what changed, as its own seat sees it (a seat
        that saw nothing change is sent nothing)."""
        for client in list(table.clients):
            update = table.update_for(client)
            if update is not None:
                client.send(update)
        self.tell_desk(table)

    # ------------------------------------------------------------------ the teacher's desk

    def seat_desk(self, connection) -> Participant:
        """A desk joined: the tables, then every one's summary."""
        client = Participant(connection, DESK)
        client.start()
        self.desk.clients.add(client)
        client.send(self.desk.welcome(self.saves_dir.name, list(self.tables.values())))
        client.send(self.desk.update(list(self.tables.values()), self.clock() if self.clock else 0.0))
        return client

    async def at_desk(self, connection, client: Participant) -> None:
        """A desk's messages, until it leaves (or its code is withdrawn)."""
        from websockets.exceptions import ConnectionClosed

        self.seated.add(connection)
        loop = asyncio.get_running_loop()
        client.last = loop.time()
        try:
            async for text in connection:
                if client not in self.desk.clients or self.stopping:  # withdrawn: what it still sends counts for nothing
                    continue
                if client.allowed(loop.time()):
                    await self.desk_message(client, text)
        except ConnectionClosed:
            pass
        finally:
            self.seated.discard(connection)
            self.desk.clients.discard(client)
            client.stop()

    async def desk_message(self, client: Participant, text) -> None:
        message = self.parsed(client, text)
        if message is None:
            return
        if isinstance(message, Revoke) and message.seat == DESK:
            client.send(NewCode(seat=DESK, code=self.withdraw_desk(keep=client)))
            return
        if isinstance(message, Fetch) and message.table in self.tables:  # any table's log, at any time
            save = self.tables[message.table].save
            client.send(Log(name=save.name, text=save.read_text(encoding="utf-8"), table=message.table))
            return
        if not isinstance(message, DeskAct):
            client.send(Problem(code="desk_only", message=_(HOST["desk_only"])))
            return
        unknown = [t for t in message.tables if t not in self.tables]
        if unknown:
            client.send(Problem(code="bad_message", message=_("That message was not understood: {problem}").format(
                problem=_("there is no table '{table}' here").format(table=unknown[0]))))
            return
        done, refused = [], {}
        for table in [self.tables[t] for t in (message.tables or list(self.tables))]:
            async with table.lock:
                if client not in self.desk.clients or self.stopping:  # withdrawn meanwhile: no more powers
                    return
                moved = table.match.act(message.command)
                refusal = moved.outcome.refusal
                if refusal is None:
                    done.append(table.id)
                    self.console.note(_(DONE[message.command.kind]).format(table=table.id))
                else:
                    refused[table.id] = Refused(code=refusal.code, args=refusal.args, red_line=refusal.red_line)
                if moved.outcome.events:
                    await self.after_move(table)
        client.send(DeskResult(id=message.id, done=done, refused=refused))

    def withdraw_desk(self, keep: Participant | None = None) -> str:
        """A new desk code (kept in the manifest): the old one stops working at once, and
        every desk that joined with it is closed but `keep` (the desk withdrawing it)."""
        self.desk.code = code = new_code()
        for other in [c for c in self.desk.clients if c is not keep]:
            self.desk.clients.discard(other)
            other.send(Problem(code="revoked", message=_(HOST["revoked"]), fatal=True))
            other.close(1008, "revoked")
        try:
            self.write_manifest()
        except OSError as exc:
            self.console.note(_("the new desk code could not be kept in {file} (it works until the host stops): "
                                "{problem}").format(file=MANIFEST, problem=exc))
        return code

    def close(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
        if self._desk_task is not None:
            self._desk_task.cancel()
        for table in self.tables.values():
            table.match.close()

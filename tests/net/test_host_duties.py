"""What the host does for its tables besides relaying moves: it does not wait for a
client that stops reading, it keeps the turn timer, and it hands out the whole log
only when nothing in it is hidden from the asker any more."""

from __future__ import annotations

import asyncio
import json

import pytest

from game.engine import commands as C
from game.engine import events as E
from game.net.client import Client, JoinError
from game.net.host import Host
from game.net.host import Participant as Seat
from tests.abu_dhabi import DELEGATIONS

from .test_loopback import NOW, SEED, finish, hosted_game, seat_player


class StuckConnection:
    """A reader that never reads: every send waits for ever."""

    def __init__(self) -> None:
        self.sends = 0
        self.closed: tuple | None = None

    async def send(self, text) -> None:
        self.sends += 1
        await asyncio.Event().wait()

    async def close(self, code: int = 1000, reason: str = "") -> None:
        self.closed = (code, reason)


def test_a_client_that_stops_reading_does_not_hold_up_its_table(rules, tmp_path):
    async def go():
        host, server, uri, table, clients = await hosted_game(rules, tmp_path)
        stuck = Seat(StuckConnection(), "ua", backlog=20)
        stuck.start()
        table.clients.add(stuck)
        try:
            await asyncio.wait_for(asyncio.gather(*(seat_player(clients[d], SEED) for d in DELEGATIONS)), 120)
            return stuck, len(table.match.session.steps)
        finally:
            await finish(host, server, clients.values())

    stuck, steps = asyncio.run(go())
    assert steps > 20  # the game outlasted the stuck client's backlog ...
    assert stuck.dropped and stuck.connection.closed[0] == 1008  # ... which was cut off, not waited for
    assert "rejoin" in stuck.connection.closed[1]
    assert stuck.connection.sends == 1  # the one send that never finished


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_host_keeps_the_turn_timer(rules, tmp_path):
    """The host, not the student's laptop, enters the timeout; a paused table holds the clock."""
    async def go():
        host = Host.new(rules, 1, tmp_path, [SEED], NOW)
        clock = FakeClock()
        server = await host.serve(clock=clock)
        uri = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        table = host.tables["table-1"]
        clients = {seat: await Client.join(uri, code) for seat, code in table.codes.items()}
        try:
            facilitator, kyiv = clients["facilitator"], clients["ua"]
            assert await facilitator.act(C.SetTurnTimer(seconds=60)) is None
            assert (await kyiv.act(C.TimeOut(by="ua"))).code == "host_keeps_time"  # a client cannot time anyone out
            await asyncio.sleep(0.6)  # the host has seen Moscow's turn begin
            clock.now += 30
            await asyncio.sleep(0.6)
            assert not any(isinstance(e, E.TimedOut) for e in kyiv.events)
            assert await facilitator.act(C.Pause()) is None
            clock.now += 300  # paused: the clock holds
            await asyncio.sleep(0.6)
            assert not any(isinstance(e, E.TimedOut) for e in kyiv.events)
            assert await facilitator.act(C.Resume()) is None
            await asyncio.sleep(0.6)
            clock.now += 31
            await kyiv.wait(lambda: any(isinstance(e, E.TimedOut) for e in kyiv.events), timeout=10)
            timed_out = next(e for e in kyiv.events if isinstance(e, E.TimedOut))
            assert timed_out.by == "ru"
            await kyiv.wait(lambda: kyiv.view.whose_turn == "ua")  # Moscow's turn passed
        finally:
            await finish(host, server, clients.values())

    asyncio.run(go())


def test_the_whole_log_goes_to_the_facilitator_and_to_everyone_after_the_talks(rules, tmp_path):
    async def go():
        host, server, uri, table, clients = await hosted_game(rules, tmp_path)
        try:
            with pytest.raises(JoinError, match="once the talks are over"):
                await clients["ua"].fetch_log()
            with pytest.raises(JoinError, match="once the talks are over"):
                await clients["observer"].fetch_log()
            during = await clients["facilitator"].fetch_log()
            assert during.text == table.match.path.read_text(encoding="utf-8")
            await asyncio.wait_for(asyncio.gather(*(seat_player(clients[d], SEED) for d in DELEGATIONS)), 120)
            after = await clients["ua"].fetch_log()
            assert after.name == table.match.path.name
            assert after.text == table.match.path.read_text(encoding="utf-8")
            assert after.text.startswith(during.text)
        finally:
            await finish(host, server, clients.values())

    asyncio.run(go())


def test_a_withdrawn_connection_cannot_act_while_it_closes(rules, tmp_path):
    """A client that ignores being sent away: what it still sends counts for nothing."""
    from websockets.asyncio.client import connect

    from game.net.protocol import VERSION, Act, Hello, dump

    async def go():
        host, server, uri, table, clients = await hosted_game(rules, tmp_path)
        try:
            raw = await connect(uri, max_size=None)
            await raw.send(dump(Hello(version=VERSION, code=table.codes["ru"])))
            await raw.recv()  # welcome
            await clients["facilitator"].revoke("ru")
            for n in range(5):  # sent as fast as it can, before and while the host closes it
                try:
                    await raw.send(dump(Act(id=n, command=C.Pass(by="ru"))))
                except Exception:  # noqa: BLE001 - closed under it: fine
                    break
            await asyncio.sleep(0.5)
            await raw.close()
            return len(table.match.session.steps)
        finally:
            await finish(host, server, clients.values())

    assert asyncio.run(go()) == 1  # nothing but the start


def test_a_seat_is_not_told_that_something_it_cannot_see_happened(rules, tmp_path):
    """News for Moscow only: Kyiv and the observer receive nothing at all, and the event
    count they are told is their own transcript's, never the table's."""
    async def go():
        host, server, uri, table, clients = await hosted_game(rules, tmp_path, keep_raw=True)
        try:
            kyiv, observer = clients["ua"], clients["observer"]
            before = (len(kyiv.raw), len(observer.raw))
            assert await clients["facilitator"].act(C.Inject(headline="Memo", text="For Moscow only.", to=("ru",))) is None
            await clients["ru"].wait(lambda: any(isinstance(e, E.MessageSent) for e in clients["ru"].events))
            await asyncio.sleep(0.3)
            assert (len(kyiv.raw), len(observer.raw)) == before
            assert await clients["ru"].act(C.Pass(by="ru")) is None
            await kyiv.wait(lambda: kyiv.view.whose_turn == "ua")
            counts = [json.loads(m)["seen"] for m in kyiv.raw if '"type":"update"' in m]
            assert counts[-1] == len(kyiv.events) < table.match.event_count()
        finally:
            await finish(host, server, clients.values())

    asyncio.run(go())

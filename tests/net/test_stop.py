"""Stopping a host: bounded whatever its clients do, and nothing a client was told was
taken is lost.

The hangs this guards against never end by themselves on a busy machine: a connection
that never answers the close handshake held the stop for the server's close timeout
(here set to an hour, so that a stop waiting on it could not pass), and a host started
with SIGINT ignored (as a shell starts a program in the background) ignored Ctrl+C for
good. So the limits below are generous; the measured stop time is `make bench`'s.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import signal
from pathlib import Path

import pytest

from game.content.loader import load_scenario_by_id
from game.engine import commands as C
from game.net.client import Client, JoinError
from game.net.host import Host
from game.net.protocol import VERSION, Hello, dump
from game.store.log import load

from .hostproc import GENEROUS, HostProcess
from .test_loopback import NOW

AN_HOUR = 3600.0


async def half_open(port: int, hello: str | None = None) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A WebSocket client that opens (and says `hello`, if given), then never reads again
    and never answers the close handshake: a laptop whose lid closed mid-session."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write((
        f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
    ).encode())
    answer = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), GENEROUS)
    assert answer.startswith(b"HTTP/1.1 101"), answer
    if hello is not None:
        payload, mask = hello.encode(), os.urandom(4)
        length = bytes([0x80 | len(payload)]) if len(payload) < 126 else bytes([0x80 | 126]) + len(payload).to_bytes(2, "big")
        writer.write(bytes([0x81]) + length + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
    await writer.drain()
    return reader, writer


async def closed_by_peer(reader: asyncio.StreamReader) -> bool:
    """Whether the other end closes the connection (what it sent before is read and dropped)."""
    try:
        while await asyncio.wait_for(reader.read(65536), GENEROUS):
            pass
    except ConnectionResetError:
        pass
    return True


async def injects(facilitator: Client, taken: list[str], stop: asyncio.Event) -> None:
    """The facilitator sends news until told to stop or the connection goes; each
    headline the host said it took is noted."""
    n = 0
    while not stop.is_set():
        n += 1
        headline = f"News {n}"
        try:
            refusal = await facilitator.act(C.Inject(headline=headline, text="A test of stopping the host."))
        except ConnectionError:  # the host went away before it answered
            return
        except Exception:  # noqa: BLE001 - the connection closed while sending
            return
        assert refusal is None, refusal
        taken.append(headline)


def logged_injects(save: Path) -> list[str]:
    loaded = load(save, load_scenario_by_id)
    assert loaded.warnings == []
    return [cmd.headline for cmd, _ in loaded.steps if isinstance(cmd, C.Inject)]


async def until(condition, what: str) -> None:
    deadline = asyncio.get_running_loop().time() + GENEROUS
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, f"waited {GENEROUS:g} s for {what}"
        await asyncio.sleep(0.01)


def test_a_stop_is_bounded_whatever_the_clients_do_and_keeps_every_action_taken(rules, tmp_path):
    async def go():
        host = Host.new(rules, 1, tmp_path, [7], NOW)
        server = await host.serve(close_timeout=AN_HOUR)  # a stop that waits on a client waits an hour
        port = server.sockets[0].getsockname()[1]
        uri = f"ws://127.0.0.1:{port}"
        table = host.tables["table-1"]
        clients = [await Client.join(uri, table.codes[seat]) for seat in ("ru", "ua", "facilitator")]
        silent = [
            await half_open(port, dump(Hello(version=VERSION, code=table.codes["us"]))),  # joined, then silent
            await half_open(port, dump(Hello(version=VERSION, code=table.codes["observer"]))),
            await half_open(port),  # opened, never said hello
            await asyncio.open_connection("127.0.0.1", port),  # never began the WebSocket handshake
        ]
        await until(lambda: sum(1 for c in table.clients if c.seat in ("us", "observer")) == 2, "the silent joins")

        taken: list[str] = []
        done = asyncio.Event()
        talking = asyncio.create_task(injects(clients[2], taken, done))
        await until(lambda: len(taken) >= 10, "the first news")  # the host is busy acting when it is told to stop
        try:
            await asyncio.wait_for(host.stop(server, within=0.5), GENEROUS)
            # Stopped means closed: every WebSocket connection, the silent ones cut off.
            assert all(c.transport.is_closing() for c in server.all_connections)
        finally:  # a stop that hung must not hang the test run's teardown as well
            for connection in server.all_connections:
                connection.transport.abort()
        done.set()
        await asyncio.wait_for(talking, GENEROUS)
        for client in clients:  # told the host went away
            await client.wait(lambda c=client: not c.connected, GENEROUS)
        for reader, _writer in silent[:3]:  # every WebSocket connection was closed by the host
            assert await closed_by_peer(reader)
        for _, writer in silent:  # (the bare socket is the server's to end at its open timeout)
            writer.close()
        host.close()
        return taken

    taken = asyncio.run(go())
    save = next(tmp_path.glob("*.parley"))
    logged = logged_injects(save)
    assert taken == logged[:len(taken)]  # nothing a client was told was taken is lost


def test_a_stopping_host_acts_on_nothing_more(rules, tmp_path):
    """An action already waiting for its table when the stop begins is not taken: the
    table's lock is held here while the action arrives, then the stop starts, then the
    lock is let go (the waiting action comes first, and must find the host stopping)."""
    async def go():
        host = Host.new(rules, 1, tmp_path, [7], NOW)
        server = await host.serve()
        uri = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        table = host.tables["table-1"]
        facilitator = await Client.join(uri, table.codes["facilitator"])
        before = table.match.event_count()
        await table.lock.acquire()
        sent = asyncio.create_task(facilitator.act(C.Inject(headline="Too late", text="Sent as the host stops.")))
        await until(lambda: bool(table.lock._waiters), "the action to wait for its table")  # (asyncio's own queue)
        stopping = asyncio.create_task(host.stop(server, within=5.0))
        await until(lambda: host.stopping, "the stop to begin")
        table.lock.release()
        await asyncio.wait_for(stopping, GENEROUS)
        with pytest.raises(ConnectionError):
            await asyncio.wait_for(sent, GENEROUS)
        host.close()
        return table.match.event_count() - before

    assert asyncio.run(go()) == 0


@pytest.mark.parametrize("signum, background", [
    (signal.SIGINT, False), (signal.SIGINT, True), (signal.SIGTERM, False),
], ids=["ctrl-c", "ctrl-c-started-in-the-background", "sigterm"])
def test_parley_host_stops_on_a_signal_with_clients_connected_and_half_open(tmp_path, signum, background):
    saves = tmp_path / "saves"
    host = HostProcess(saves, tables=2, seed=11, background=background)
    try:
        port, codes = host.port_and_codes()
        uri = f"ws://127.0.0.1:{port}"

        async def play_until_stopped() -> dict[str, list[str]]:
            silent = [await half_open(port, dump(Hello(version=VERSION, code=codes[("table-2", "us")]))),
                      await half_open(port), await asyncio.open_connection("127.0.0.1", port)]
            talkers = {table: await Client.join(uri, codes[(table, "facilitator")]) for table in ("table-1", "table-2")}
            watcher = await Client.join(uri, codes[("table-1", "observer")])  # connected, idle
            taken = {table: [] for table in talkers}
            done = asyncio.Event()
            talking = [asyncio.create_task(injects(c, taken[t], done)) for t, c in talkers.items()]
            await until(lambda: min(len(t) for t in taken.values()) >= 5, "the first news")
            # the signal, while the clients are still acting
            code = await asyncio.get_running_loop().run_in_executor(None, host.stop, signum)
            assert code == 0, host.output
            done.set()
            await asyncio.wait_for(asyncio.gather(*talking), GENEROUS)
            for client in (*talkers.values(), watcher):
                await client.wait(lambda c=client: not c.connected, GENEROUS)
            for reader, writer in silent:
                assert await closed_by_peer(reader)
                writer.close()
            return taken

        taken = asyncio.run(play_until_stopped())
        assert "Stopped. Every table is saved" in host.output and "Traceback" not in host.output
        manifest = json.loads((host.lesson / "host.json").read_text(encoding="utf-8"))
        for entry in manifest["tables"]:
            said, logged = taken[entry["id"]], logged_injects(host.lesson / entry["save"])
            assert said == logged[:len(said)], entry["id"]  # everything the host said it took is saved
    finally:
        host.kill()


def test_a_join_while_the_host_stops_is_worth_trying_again(rules, tmp_path):
    """A seat rejoining at that moment gives up for good on a JoinError (the host would
    not seat it); a stopping host says "going away", which the seat retries."""
    async def go():
        host = Host.new(rules, 1, tmp_path, [7], NOW)
        server = await host.serve()
        uri = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        host.stopping = True
        try:
            with pytest.raises(ConnectionError) as caught:
                await asyncio.wait_for(Client.join(uri, host.tables["table-1"].codes["ua"], rejoin=True), GENEROUS)
            assert not isinstance(caught.value, JoinError)
        finally:
            await host.stop(server, within=0.5)
            host.close()

    asyncio.run(go())

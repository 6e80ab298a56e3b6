"""Clients that misbehave, or drop out, while the other seats of the table play on:
each gets a clear answer, the host keeps serving, the log stays valid."""

from __future__ import annotations

import asyncio
import json

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from game.content.loader import load_scenario_by_id
from game.engine import commands as C
from game.net.client import Client, JoinError
from game.net.protocol import VERSION, Act, Hello, dump
from game.store.log import load
from tests.abu_dhabi import DELEGATIONS

from .test_loopback import SEED, finish, hosted_game, seat_player

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")


async def problems_of(uri: str, hello: str, *then: str) -> tuple[list[dict], object]:
    """A raw connection: send `hello`, then each of `then`; what came back, and how it closed."""
    async with connect(uri, max_size=None) as raw:
        await raw.send(hello)
        for text in then:
            await raw.send(text)
        got = []
        try:
            while True:
                got.append(json.loads(await asyncio.wait_for(raw.recv(), 5)))
        except ConnectionClosed as closed:
            return got, closed.rcvd
        except TimeoutError:
            return got, None


def test_hostile_clients_get_clear_answers_while_the_table_plays_to_the_end(rules, tmp_path):
    async def go():
        host, server, uri, table, clients = await hosted_game(rules, tmp_path)
        try:
            # A withdrawn code: its holder is sent away, the old code no longer works, the new one does.
            new = await clients["facilitator"].revoke("us")
            await clients["us"].wait(lambda: bool(clients["us"].problems))
            assert clients["us"].problems[-1].code == "revoked"
            with pytest.raises(JoinError, match="No seat has that code"):
                await Client.join(uri, table.codes["ua"][:-1] + ("A" if table.codes["ua"][-1] != "A" else "B"))
            clients["us"] = await Client.join(uri, new)

            players = asyncio.gather(*(seat_player(clients[d], SEED) for d in DELEGATIONS))

            # Not JSON as a hello: a plain answer, then the door closes.
            got, closed = await problems_of(uri, "{not json")
            assert got[0]["type"] == "problem" and got[0]["fatal"] and closed.code == 1008
            # A hello in an unknown version.
            got, closed = await problems_of(uri, json.dumps({"type": "hello", "version": 99, "code": table.codes["ua"]}))
            assert f"version {VERSION}" in got[0]["message"]

            # A connection that misbehaves (with the facilitator's code, which the players do not
            # need; it takes the seat over): bad JSON, a delegation's move, a flood.
            hello = dump(Hello(version=VERSION, code=table.codes["facilitator"]))
            other_seat = dump(Act(id=1, command=C.Pass(by="ru")))
            got, _ = await problems_of(uri, hello, "][", other_seat, *([other_seat] * 1000))
            kinds = [(m["type"], m.get("code") or (m.get("refusal") or {}).get("code")) for m in got]
            assert ("problem", "bad_message") in kinds and ("result", "not_your_seat") in kinds
            assert ("problem", "flood") in kinds  # most of the thousand were dropped, with a warning
            assert sum(1 for k in kinds if k == ("result", "not_your_seat")) < 1000

            # A 10 MB message: the connection is closed with "message too big".
            raw = await connect(uri, max_size=None)
            try:
                await raw.send(hello)
                try:
                    await raw.send("x" * 10_000_000)
                except ConnectionClosed:
                    pass  # the host may close while it is still being sent
                with pytest.raises(ConnectionClosed) as closed:
                    while True:
                        await asyncio.wait_for(raw.recv(), 10)
                assert closed.value.rcvd.code == 1009
            finally:
                try:
                    await raw.close()
                except Exception:  # noqa: BLE001 - already torn down by the host
                    pass

            await asyncio.wait_for(players, 120)  # the seats played on to the end meanwhile
            assert table.match.ended
            return table.match.session.steps
        finally:
            await finish(host, server, clients.values())

    steps = asyncio.run(go())
    (save,) = tmp_path.glob("*.parley")
    loaded = load(save, load_scenario_by_id)
    assert loaded.steps == steps and loaded.warnings == []  # the log is whole and verifies


def test_a_client_that_drops_out_rejoins_with_its_code_and_gets_its_view_back(rules, tmp_path):
    async def go():
        host, server, uri, table, clients = await hosted_game(rules, tmp_path)
        try:
            others = asyncio.gather(*(seat_player(clients[d], SEED) for d in ("ru", "us")))
            await seat_player(clients["ua"], SEED, moves=3)  # three turns, then the line drops
            clients["ua"].connection.transport.abort()
            await asyncio.sleep(0.05)
            assert not any(c.seat == "ua" for c in table.clients)  # the host noticed
            back = await Client.join(uri, table.codes["ua"])
            assert back.view == table.match.view("ua")  # its view, as it stands
            assert back.events == table.match.transcript("ua")  # and everything it had seen
            clients["ua"] = back
            await asyncio.wait_for(asyncio.gather(others, seat_player(back, SEED)), 120)
            assert table.match.ended and back.view.phase == "ended"
        finally:
            await finish(host, server, clients.values())

    asyncio.run(go())

"""A hosted table on loopback: four clients (three delegations driven by computer
players on their own received views, and the facilitator) play a game to the end
while an observer watches. What each client receives is its seat's view alone."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from game.agents import make_agent
from game.content.loader import load_scenario_by_id
from game.engine import commands as C
from game.engine.rng import derive
from game.engine.rules import Rules
from game.headless import play_game
from game.net.client import Client, JoinError, computer_turn
from game.net.host import Host
from game.store.log import load
from tests.abu_dhabi import DELEGATIONS

NOW = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)
SEED = 3
KINDS = {"ru": "ai:hardliner", "ua": "ai:pragmatist", "us": "ai:dealmaker"}


async def seat_player(client: Client, seed: int, moves: int | None = None, kind: str | None = None) -> None:
    """A computer player at a client: it decides on the view the host sent it (for
    `moves` turns, or to the end of the game), as `kind` (default: its seat's in KINDS)."""
    me = client.seat
    agent = make_agent(kind or KINDS[me], me, derive(seed, "agent", me))
    heard = 0
    while moves is None or moves > 0:
        moves = None if moves is None else moves - 1
        await client.wait(lambda: client.view.phase == "ended" or client.view.whose_turn == me)
        if client.view.phase == "ended":
            return
        heard = await computer_turn(client, agent, heard)


async def hosted_game(rules: Rules, saves, seed: int = SEED, keep_raw: bool = False):
    host = Host.new(rules, 1, saves, [seed], NOW)
    server = await host.serve()
    port = server.sockets[0].getsockname()[1]
    uri = f"ws://127.0.0.1:{port}"
    table = host.tables["table-1"]
    clients = {seat: await Client.join(uri, code, keep_raw=keep_raw) for seat, code in table.codes.items()}
    return host, server, uri, table, clients


async def finish(host, server, clients) -> None:
    """Close the clients (some a test broke on purpose), then the host."""
    for client in clients:
        try:
            await client.close()
        except Exception:  # noqa: BLE001 - already torn down
            pass
    server.close()
    await server.wait_closed()
    host.close()


def test_four_clients_play_a_hosted_game_to_the_end_and_it_is_the_local_game(rules, tmp_path):
    async def go():
        host, server, uri, table, clients = await hosted_game(rules, tmp_path)
        try:
            assert {c.seat for c in clients.values()} == {"ru", "ua", "us", "facilitator", "observer"}
            await asyncio.wait_for(asyncio.gather(*(seat_player(clients[d], SEED) for d in DELEGATIONS)), 120)
            facilitator = clients["facilitator"]
            await facilitator.wait(lambda: facilitator.view.phase == "ended")
            return table.match.session.steps, {seat: c for seat, c in clients.items()}
        finally:
            await finish(host, server, clients.values())

    steps, clients = asyncio.run(go())
    local = play_game(rules, SEED, KINDS)
    assert [c for c, _ in steps[1:]] == [c for c, _ in local.steps[1:]]  # the same game, move for move
    assert [e for _, events in steps for e in events] == local.events()
    (save,) = tmp_path.glob("*.parley")
    assert load(save, load_scenario_by_id).steps == steps  # the host's log, verified
    for seat, client in clients.items():
        assert client.events == local.transcript(seat)  # each got its own transcript, no more
        assert client.view == local.view(seat)  # and its view, rebuilt from the parts that changed


def test_a_wrong_code_or_version_is_turned_away_and_a_seat_acts_only_for_itself(rules, tmp_path):
    async def go():
        host, server, uri, table, clients = await hosted_game(rules, tmp_path)
        try:
            with pytest.raises(JoinError, match="No seat has that code"):
                await Client.join(uri, "not-a-code")
            kyiv = clients["ua"]
            refusal = await kyiv.act(C.Pass(by="ru"))  # Moscow's turn, but Kyiv may not act for it
            assert refusal.code == "not_your_seat"
            refusal = await kyiv.act(C.Pause())  # nor for the facilitator
            assert refusal.code == "not_your_seat"
            refusal = await kyiv.act(C.Pass(by="ua"))
            assert refusal.code == "not_your_turn" and refusal.args == {"seat": "ru"}  # ids: Kyiv's client words it
            assert await clients["ru"].act(C.Pass(by="ru")) is None
            refusal = await clients["observer"].act(C.Pass(by="ru"))  # an observer only watches
            assert refusal.code == "observer"
            assert await clients["facilitator"].act(C.Pause()) is None
            await kyiv.wait(lambda: kyiv.view.paused)
            assert len(table.match.session.steps) == 3  # start, Moscow's pass, the pause: nothing else was logged
        finally:
            await finish(host, server, clients.values())

    asyncio.run(go())

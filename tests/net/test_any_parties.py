"""A hosted table of two or of four delegations on loopback: every seat the scenario has
gets a code, computer players at each client play the game to its end, and it is the
local game, move for move."""

from __future__ import annotations

import asyncio

import pytest

from game.content.loader import load_scenario_by_id
from game.engine.rules import Rules
from game.headless import play_game
from game.net.client import Client
from game.net.host import Host

from .test_loopback import NOW, finish, seat_player

KIND = "ai:pragmatist"


@pytest.mark.parametrize("scenario", ["itex-cypress", "river-basin"])
def test_a_hosted_table_of_two_or_four_delegations_plays_to_the_end(scenario, tmp_path):
    rules = Rules(load_scenario_by_id(scenario))
    seed = 4

    async def go():
        host = Host.new(rules, 1, tmp_path, [seed], NOW)
        server = await host.serve()
        uri = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        table = host.tables["table-1"]
        assert set(table.codes) == {*rules.parties, "facilitator", "observer"}
        clients = {seat: await Client.join(uri, code) for seat, code in table.codes.items()}
        try:
            facilitator = clients["facilitator"]
            await asyncio.wait_for(asyncio.gather(*(seat_player(clients[d], seed, kind=KIND) for d in rules.parties)), 180)
            await facilitator.wait(lambda: facilitator.view.phase == "ended")
            return table.match.session.steps, clients
        finally:
            await finish(host, server, clients.values())

    steps, clients = asyncio.run(go())
    local = play_game(rules, seed, {d: KIND for d in rules.parties})
    assert [e for _, events in steps for e in events] == local.events()  # the same game, move for move
    for seat, client in clients.items():
        assert client.view == local.view(seat), seat  # each seat's view, and only its own

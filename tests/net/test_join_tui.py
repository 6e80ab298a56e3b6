"""`parley join` as a person uses it: the full-screen game on a seat of a hosted table
(the host in the same event loop, the other delegations computer players over the
network), driven by the keyboard through Textual's pilot."""

from __future__ import annotations

import asyncio

from tui.conftest import SMALL, screen_name, screen_text, wait_for, wait_screen

from game.engine import commands as C
from game.engine import events as E
from game.net.client import Client
from game.net.codes import grouped
from game.net.host import Host
from game.tui.app import ParleyApp
from tests.abu_dhabi import DELEGATIONS

from .test_loopback import NOW, SEED, seat_player


async def hosting(rules, folder, seed: int = SEED):
    host = Host.new(rules, 1, folder, [seed], NOW)
    server = await host.serve()
    uri = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    return host, server, uri, host.tables["table-1"]


async def stop(host, server, clients=()) -> None:
    for client in clients:
        await client.close()
    server.close()
    await server.wait_closed()
    host.close()


async def past_dialogs(pilot) -> None:
    """The brief and the news at the table: read, then Enter."""
    while screen_name(pilot.app) in ("BriefingScreen", "NoticeScreen"):
        await pilot.press("enter")
        await pilot.pause(0.05)


async def seated(pilot) -> None:
    """Joined: past the brief and the news, at the table."""
    await wait_screen(pilot, "BriefingScreen")
    await past_dialogs(pilot)
    await wait_screen(pilot, "TableScreen")


def test_a_person_plays_a_hosted_game_to_the_end_and_gets_the_debrief(rules, tmp_path):
    """Moscow at the keyboard proposes the energy pause, then accepts or passes; Kyiv and
    Washington are computer players at their own clients. At the end the log comes to
    the student's saves folder, and the debrief opens from it."""
    async def go():
        host, server, uri, table = await hosting(rules, tmp_path / "host")
        others = {d: await Client.join(uri, table.codes[d]) for d in ("ua", "us")}
        players = asyncio.gather(*(seat_player(c, SEED) for c in others.values()))
        app = ParleyApp(tmp_path / "student", join=(uri, table.codes["ru"]))
        try:
            async with app.run_test(size=SMALL) as pilot:
                await wait_for(pilot, lambda: "Moscow: confidential brief" in screen_text(app), "Moscow's brief")
                proposed, tried = False, set()  # the packages Moscow tried to accept
                while screen_name(app) != "EndScreen":
                    await past_dialogs(pilot)
                    screen = app.screen
                    if screen_name(app) == "TableScreen" and not screen.sending and screen.view.whose_turn == "ru":
                        before = screen.match.client.received
                        table_now = screen.view.table
                        if not proposed:
                            await pilot.press("right")  # the first card: the energy pause, one step
                            await pilot.press("p")
                            proposed = True
                        elif table_now and "ru" not in table_now.accepted_by and table_now.id not in tried:
                            tried.add(table_now.id)
                            await pilot.press("a")  # a red line of Moscow's may refuse it: then it passes
                        else:
                            await pilot.press("n")
                        await wait_for(pilot, lambda: screen_name(app) != "TableScreen"
                                       or (not screen.sending and screen.match.client.received > before), "the host's answer")
                    await pilot.pause(0.05)
                ru_events = host.tables["table-1"].match.transcript("ru")
                await wait_for(pilot, lambda: "How it ended" in screen_text(app), "the end screen")
                copies = list((tmp_path / "student").glob("*.parley"))
                assert len(copies) == 1  # the finished game's log, for the debrief
                assert copies[0].read_text() == table.match.path.read_text()
                await pilot.press("d")
                await wait_screen(pilot, "DebriefScreen", 60)
                await pilot.pause(0.5)
            await asyncio.wait_for(players, 60)
            return table, ru_events
        finally:
            await stop(host, server, others.values())

    table, ru_events = asyncio.run(go())
    proposals = [c for c, _ in table.match.session.steps if isinstance(c, C.Propose) and c.by == "ru"]
    assert proposals and proposals[0].items == {"energy_pause": proposals[0].items["energy_pause"]}
    assert table.match.ended


def test_the_facilitator_steers_a_hosted_table_from_the_tui(rules, tmp_path):
    """Pause, a seat handed to a computer on the host, and a withdrawn code, by key."""
    async def go():
        host, server, uri, table = await hosting(rules, tmp_path / "host")
        kyiv = await Client.join(uri, table.codes["ua"])
        app = ParleyApp(tmp_path / "facilitator", join=(uri, table.codes["facilitator"]))
        try:
            async with app.run_test(size=SMALL) as pilot:
                await wait_for(pilot, lambda: "Moscow is to move, at their own seat." in screen_text(app), "the console")
                await wait_for(pilot, lambda: "c Codes" in screen_text(app) and "q Leave" in screen_text(app), "the keys")
                assert "Hand over" not in screen_text(app)  # at a hosted table the delegations have their own seats
                await pilot.press("p")
                await kyiv.wait(lambda: kyiv.view.paused)
                await wait_for(pilot, lambda: "paused" in screen_text(app), "the pause on the console")
                await pilot.press("p")
                await kyiv.wait(lambda: not kyiv.view.paused)
                # Moscow's seat to a computer: it moves on the host, at once
                await pilot.press("h")
                await wait_screen(pilot, "ChooseScreen")
                await pilot.press("enter")  # Moscow
                await wait_screen(pilot, "ChooseScreen")
                await pilot.press("enter")  # the first computer preset
                await kyiv.wait(lambda: any(isinstance(e, E.SeatHanded) for e in kyiv.events))
                await kyiv.wait(lambda: kyiv.view.whose_turn == "ua")
                assert table.match.seats["ru"] != "person"
                await wait_for(pilot, lambda: "Kyiv is to move, at their own seat." in screen_text(app), "Kyiv's turn")
                # Kyiv's code withdrawn: a new one on the screen, the old holder disconnected
                old = table.codes["ua"]
                await pilot.press("c")
                await wait_screen(pilot, "ChooseScreen")
                await pilot.press("down", "enter")  # Kyiv
                await wait_screen(pilot, "NoticeScreen")
                new = table.codes["ua"]
                assert new != old and grouped(new) in screen_text(app)
                await kyiv.wait(lambda: not kyiv.connected)
                await pilot.press("enter")
                await wait_screen(pilot, "FacilitatorScreen")
        finally:
            await stop(host, server, [kyiv])

    asyncio.run(go())


def test_the_join_screen_says_what_is_wrong_and_an_observer_only_watches(rules, tmp_path):
    async def go():
        host, server, uri, table = await hosting(rules, tmp_path / "host")
        players = {d: await Client.join(uri, table.codes[d]) for d in DELEGATIONS}
        try:
            nobody = ParleyApp(tmp_path / "x", join=("ws://127.0.0.1:9", None))  # nothing listens on port 9
            async with nobody.run_test(size=SMALL) as pilot:
                await wait_screen(pilot, "JoinScreen")
                await pilot.press(*"abc", "enter")
                assert "12 letters and digits in groups of four" in screen_text(nobody)
                await pilot.press("backspace", "backspace", "backspace", *table.codes["observer"], "enter")
                await wait_for(pilot, lambda: "No Parley host answers" in screen_text(nobody), "no host")
            app = ParleyApp(tmp_path / "watcher", join=(uri, None))
            async with app.run_test(size=SMALL) as pilot:
                await wait_screen(pilot, "JoinScreen")
                await pilot.press(*("A" * 12), "enter")
                await wait_for(pilot, lambda: "No seat has that code" in screen_text(app), "the unknown code")
                await pilot.press(*["backspace"] * 12, *table.codes["observer"], "enter")
                await wait_for(pilot, lambda: "News at the table" in screen_text(app), "the news (an observer has no brief)")
                await past_dialogs(pilot)
                await wait_for(pilot, lambda: "Observing:" in screen_text(app), "the observer's table")
                assert "Your draft" not in screen_text(app) and "Yours" not in screen_text(app)  # nothing of its own
                screen = app.screen
                assert screen.view.private == {}
                await wait_for(pilot, lambda: "q Leave" in screen_text(app), "the observer's keys")
                assert "Offer" not in screen_text(app) and "Pass" not in screen_text(app)  # nothing to do but watch
                await pilot.press("n", "p", "a")
                await pilot.pause(0.5)
                assert not screen.sending and len(table.match.session.steps) == 1  # the keys do nothing here
                assert await players["ru"].act(C.Pass(by="ru")) is None
                await wait_for(pilot, lambda: "Moscow passes" in screen_text(app), "Moscow's pass")
                await pilot.press("q")
                await wait_for(pilot, lambda: "Enter joins again" in screen_text(app), "back at the join screen")
        finally:
            await stop(host, server, players.values())

    asyncio.run(go())


def test_a_dropped_connection_is_taken_up_again_and_play_goes_on(rules, tmp_path):
    async def go():
        host, server, uri, table = await hosting(rules, tmp_path / "host")
        app = ParleyApp(tmp_path / "student", join=(uri, table.codes["ru"]))
        try:
            async with app.run_test(size=SMALL) as pilot:
                await seated(pilot)
                screen = app.screen
                first = screen.match.client
                await first.connection.close()  # the line drops
                await wait_for(pilot, lambda: screen.match.client is not first and screen.match.lost is None, "the rejoin")
                await past_dialogs(pilot)
                await pilot.press("n")  # Moscow passes, over the new connection
                await wait_for(pilot, lambda: screen.view.whose_turn == "ua", "Kyiv's turn")
                await wait_for(pilot, lambda: "Moscow passes" in screen_text(app), "the pass in the transcript")
        finally:
            await stop(host, server)
        return table

    table = asyncio.run(go())
    assert [c.kind for c, _ in table.match.session.steps][-1] == "pass"


def test_the_lobby_joins_a_hosted_table_by_address_and_code(rules, tmp_path):
    """`parley play`, then j: the host's address, the seat's code, the seat's table;
    Esc on the join screen goes back to the lobby."""
    from tui.conftest import make_app

    async def go():
        host, server, uri, table = await hosting(rules, tmp_path / "host")
        port = uri.rsplit(":", 1)[1]
        app = make_app(tmp_path / "saves")
        try:
            async with app.run_test(size=SMALL) as pilot:
                await wait_for(pilot, lambda: screen_name(app) == "LobbyScreen" and bool(app.screen.entries), "the lobby")
                await pilot.press("j")
                await wait_screen(pilot, "PromptScreen")
                await pilot.press(*"not an address", "enter")
                await wait_for(
                    pilot, lambda: any("is not an address" in n.message for n in app._notifications), "the bad address"
                )
                await pilot.press("j")
                await wait_screen(pilot, "PromptScreen")
                await pilot.press(*f"127.0.0.1:{port}", "enter")
                await wait_screen(pilot, "JoinScreen")
                await wait_for(pilot, lambda: "Esc Lobby" in screen_text(app) or "esc Lobby" in screen_text(app), "the keys")
                await pilot.press("escape")
                await wait_screen(pilot, "LobbyScreen")
                await pilot.press("j")
                await wait_screen(pilot, "PromptScreen")
                await pilot.press(*f"127.0.0.1:{port}", "enter")
                await wait_screen(pilot, "JoinScreen")
                await pilot.press(*table.codes["us"], "enter")
                await wait_for(pilot, lambda: "Washington: confidential brief" in screen_text(app), "Washington's brief")
        finally:
            await stop(host, server)

    asyncio.run(go())


def test_a_seat_rejoins_by_itself_when_the_host_is_restarted(rules, tmp_path):
    """The teacher stops the host and starts it again on the same saves folder: the
    student's table says the line is down, then goes on over the new host."""
    async def go():
        folder = tmp_path / "host"
        host, server, uri, table = await hosting(rules, folder)
        port = int(uri.rsplit(":", 1)[1])
        app = ParleyApp(tmp_path / "student", join=(uri, table.codes["ru"]))
        async with app.run_test(size=SMALL) as pilot:
            await seated(pilot)
            screen = app.screen
            await stop(host, server)
            await wait_for(pilot, lambda: screen.match.lost is not None, "the line down")
            await wait_for(pilot, lambda: "Reconnecting" in screen_text(app), "the table saying so")
            await pilot.press("n")  # a move while the host is away goes nowhere, and says so
            await wait_for(pilot, lambda: "Refused" in screen_text(app), "the refusal")
            again = Host.resume(folder)
            server = await again.serve(port=port)
            try:
                await wait_for(pilot, lambda: screen.match.lost is None, "the rejoin", timeout=30)
                await pilot.press("n")
                await wait_for(pilot, lambda: screen.view.whose_turn == "ua", "Kyiv's turn")
            finally:
                await stop(again, server)
        return again.tables["table-1"].match.session.steps

    steps = asyncio.run(go())
    assert [c.kind for c, _ in steps] == ["start", "pass"]  # the pass sent while away was not taken


def test_a_withdrawn_or_taken_seat_goes_back_to_the_join_screen_and_says_why(rules, tmp_path):
    async def go():
        host, server, uri, table = await hosting(rules, tmp_path / "host")
        facilitator = await Client.join(uri, table.codes["facilitator"])
        app = ParleyApp(tmp_path / "student", join=(uri, table.codes["ru"]))
        try:
            async with app.run_test(size=SMALL) as pilot:
                await seated(pilot)
                await facilitator.wait(lambda: facilitator.present.get("ru") == 1)  # the console sees Moscow there
                await pilot.press("n")  # Moscow has acted: joining again shows neither the brief nor old news
                await wait_for(pilot, lambda: app.screen.view.whose_turn == "ua", "Kyiv's turn")
                await pilot.press("b")  # the brief open on the table when the code is withdrawn
                await wait_screen(pilot, "BriefingScreen")
                new = await facilitator.revoke("ru")
                await wait_for(pilot, lambda: "code was withdrawn" in screen_text(app), "the join screen")
                assert screen_name(app) == "JoinScreen" and app.screen.query_one("#join-code").value == ""
                await facilitator.wait(lambda: facilitator.present.get("ru") == 0)
                await pilot.press(*new, "enter")
                await wait_screen(pilot, "TableScreen")
                await pilot.pause(0.3)
                assert screen_name(app) == "TableScreen"  # no brief, no notices again
                # the same code used on another computer takes the seat over
                elsewhere = await Client.join(uri, new)
                await wait_for(pilot, lambda: "from another computer" in screen_text(app), "the seat taken")
                assert screen_name(app) == "JoinScreen" and app.screen.query_one("#join-code").value == new
                await elsewhere.close()
        finally:
            await stop(host, server, [facilitator])

    asyncio.run(go())


def test_the_join_screen_words_every_failure_without_a_traceback():
    from websockets.exceptions import InvalidHandshake

    from game.net.protocol import BadMessage
    from game.net.remote import join_problem

    uri = "ws://x..y:8765"
    assert "not an address a client can join" in join_problem(UnicodeError("label empty"), uri)
    assert "not an address a client can join" in join_problem(ValueError("bad port"), uri)
    assert "not a Parley host of this version" in join_problem(BadMessage("type: bad"), uri)
    assert "not a Parley host of this version" in join_problem(InvalidHandshake("503"), uri)
    assert join_problem(RuntimeError("odd"), uri) == "Joining ws://x..y:8765 failed: odd"


def test_a_bad_address_on_the_join_screen_is_a_message(tmp_path):
    async def go():
        app = ParleyApp(tmp_path / "x", join=("ws://x..y:8765", "A" * 22))
        async with app.run_test(size=SMALL) as pilot:
            await wait_for(pilot, lambda: "not an address a client can join" in screen_text(app), "the message")
            assert screen_name(app) == "JoinScreen"

    asyncio.run(go())


def test_a_dropped_seat_does_not_take_its_seat_back_from_the_computer_that_took_it_up(rules, tmp_path):
    async def go():
        host, server, uri, table = await hosting(rules, tmp_path / "host")
        app = ParleyApp(tmp_path / "student", join=(uri, table.codes["ru"]))
        elsewhere = None
        try:
            async with app.run_test(size=SMALL) as pilot:
                await seated(pilot)
                await app.screen.match.client.connection.close()  # the laptop's line drops ...
                elsewhere = await Client.join(uri, table.codes["ru"])  # ... and the student moves to another one
                await wait_for(pilot, lambda: "Someone took this seat up" in screen_text(app), "the join screen", timeout=30)
                assert screen_name(app) == "JoinScreen"
                assert elsewhere.connected and [c.seat for c in table.clients] == ["ru"]
        finally:
            await stop(host, server, [elsewhere] if elsewhere else [])

    asyncio.run(go())

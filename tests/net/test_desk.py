"""The teacher's desk on loopback: a host with three tables, computer players at every
seat, and a desk over all of them. It sees every table change as they play, pauses and
resumes the class, sends news to some tables only (logged in their saves and
debriefs), ends every table, and a withdrawn desk code loses its powers at once."""

from __future__ import annotations

import asyncio

import pytest

from game.content.loader import load_scenario_by_id
from game.debrief import build_debrief, to_markdown
from game.engine import commands as C
from game.engine import events as E
from game.engine.views import OBSERVER
from game.net.client import Client, JoinError
from game.net.deskclient import Alert, DeskClient, alerts
from game.net.host import Host
from game.net.protocol import Fetch, SeatSummary, TableSummary
from game.store.log import load
from tests.abu_dhabi import DELEGATIONS

from .test_loopback import NOW, finish, seat_player

SEEDS = [3, 4, 5]
TABLES = ["table-1", "table-2", "table-3"]


async def lesson(rules, folder):
    """A host with three tables, a client at every delegation's seat, and a desk."""
    host = Host.new(rules, 3, folder, SEEDS, NOW)
    server = await host.serve()
    uri = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    seats = {(t, d): await Client.join(uri, host.tables[t].codes[d]) for t in TABLES for d in DELEGATIONS}
    desk = await DeskClient.join(uri, host.desk.code)
    return host, server, uri, seats, desk


async def play(seats, moves: int) -> None:
    """Every delegation at every table plays `moves` turns (a computer player at each client)."""
    await asyncio.wait_for(asyncio.gather(*(
        seat_player(client, SEEDS[TABLES.index(t)], moves=moves) for (t, _d), client in seats.items()
    )), 120)


def test_the_desk_sees_every_table_and_pauses_resumes_and_ends_them_all(rules, tmp_path):
    async def go():
        host, server, uri, seats, desk = await lesson(rules, tmp_path)
        try:
            assert sorted(desk.tables) == TABLES and sorted(desk.summaries) == TABLES
            assert all(t.facilitator == host.tables[t.table].codes["facilitator"] for t in desk.tables.values())
            start = {t: desk.summaries[t].events for t in TABLES}
            await play(seats, moves=2)
            # the desk follows every table as it plays
            seen = {t: host.tables[t].match.transcript(OBSERVER) for t in TABLES}
            assert all(len(seen[t]) > start[t] for t in TABLES)
            await desk.wait(lambda: all(desk.summaries[t].events == len(seen[t]) for t in TABLES))
            for t in TABLES:
                summary = desk.summaries[t]
                assert summary.last == seen[t][-1]
                assert all(at.holder == "person" and at.present == 1 for at in summary.seats.values())

            result = await desk.act(C.Pause())
            assert sorted(result.done) == TABLES and not result.refused
            assert all(host.tables[t].match.session.state.paused for t in TABLES)
            await desk.wait(lambda: all(desk.summaries[t].paused for t in TABLES))
            refusal = await seats[("table-1", host.tables["table-1"].match.whose_turn or "ru")].act(C.Pass(by="ru"))
            assert refusal is not None  # nobody moves at a paused table

            result = await desk.act(C.Resume())
            assert sorted(result.done) == TABLES
            await desk.wait(lambda: not any(desk.summaries[t].paused for t in TABLES))
            before = {t: host.tables[t].match.event_count() for t in TABLES}
            await play(seats, moves=1)  # play goes on at every table
            assert all(host.tables[t].match.event_count() > before[t] for t in TABLES)

            result = await desk.act(C.EndNow())
            assert sorted(result.done) == TABLES
            await desk.wait(lambda: all(desk.summaries[t].ended for t in TABLES))
            assert all(host.tables[t].match.ended for t in TABLES)
            assert {a.kind for a in desk.alerts()} == {"finished"}
            return [host.tables[t].save for t in TABLES]
        finally:
            await finish(host, server, [*seats.values(), desk])

    saves = asyncio.run(go())
    for save in saves:  # every command of the desk is in every table's log
        kinds = [command.kind for command, _ in load(save, load_scenario_by_id).steps]
        assert {"pause", "resume", "end_now"} <= set(kinds)


def test_news_from_the_desk_reaches_only_the_tables_it_is_for_and_their_saves_and_debriefs(rules, tmp_path):
    async def go():
        host, server, uri, seats, desk = await lesson(rules, tmp_path)
        try:
            await play(seats, moves=1)
            news = C.Inject(headline="Talks moved to Geneva", text="The mediator announces a change of venue.")
            result = await desk.act(news, tables=["table-1", "table-3"])
            assert sorted(result.done) == ["table-1", "table-3"]
            to_kyiv = C.Inject(headline="A call from the capital", text="Hold firm.", to=("ua",))
            assert (await desk.act(to_kyiv, tables=["table-2"])).done == ["table-2"]
            for t in TABLES:  # the seats heard it where it was for, and only there
                kyiv = seats[(t, "ua")]
                await kyiv.wait(lambda kyiv=kyiv: len(kyiv.events) > 0)
            return {t: host.tables[t].save for t in TABLES}
        finally:
            await finish(host, server, [*seats.values(), desk])

    saves = asyncio.run(go())
    for t, save in saves.items():
        loaded = load(save, load_scenario_by_id)
        injected = [e for _, events in loaded.steps for e in events if isinstance(e, E.MessageSent) and e.cause == "facilitator"]
        debrief = to_markdown(build_debrief(loaded.rules, loaded.steps))
        if t == "table-2":
            assert [e.headline for e in injected] == ["A call from the capital"]
            assert "Geneva" not in debrief
        else:
            assert [e.headline for e in injected] == ["Talks moved to Geneva"]
            assert "Talks moved to Geneva" in debrief


def test_a_withdrawn_desk_code_loses_its_powers_at_once(rules, tmp_path):
    async def go():
        host = Host.new(rules, 2, tmp_path, SEEDS[:2], NOW)
        server = await host.serve()
        uri = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        old = host.desk.code
        mine, leaked = await DeskClient.join(uri, old), await DeskClient.join(uri, old)
        try:
            new = await mine.revoke()
            assert new != old and host.desk.code == new
            await leaked.wait(lambda: not leaked.connected)  # the other desk was sent away
            assert leaked.problems[-1].code == "revoked"
            with pytest.raises((ConnectionError, JoinError)):
                await leaked.act(C.Pause())
            assert not any(t.match.session.state.paused for t in host.tables.values())
            with pytest.raises(JoinError):
                await DeskClient.join(uri, old)
            assert (await mine.act(C.Pause())).done == ["table-1", "table-2"]  # the new code goes on
            again = await DeskClient.join(uri, new)
            await again.close()
            assert f'"desk": "{new}"' in (tmp_path / "host.json").read_text()  # kept for --resume
            with pytest.raises(JoinError, match="desk"):  # the desk's code is not a seat's
                await Client.join(uri, new)
        finally:
            await finish(host, server, [mine, leaked])

    asyncio.run(go())


def test_the_desk_refuses_what_is_not_a_class_wide_command(rules, tmp_path):
    async def go():
        host = Host.new(rules, 1, tmp_path, SEEDS[:1], NOW)
        server = await host.serve()
        uri = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        desk = await DeskClient.join(uri, host.desk.code)
        try:
            with pytest.raises(JoinError, match="no table"):
                await desk.act(C.Pause(), tables=["table-9"])
            with pytest.raises(JoinError, match="console"):
                await desk.answer(Fetch(), lambda: False)  # a seat's request, not the desk's
        finally:
            await finish(host, server, [desk])

    asyncio.run(go())


def summary(**changes) -> TableSummary:
    base = dict(table="table-1", round="r1", date="2026-01-23", phase="in_round", paused=False, ended=False,
                whose_turn="ru", turns_left=5, turn_for=3.0, idle_for=3.0, timer=0, time_left=None, signed={},
                last=None, events=4, seats={d: SeatSummary(holder="person", present=1) for d in DELEGATIONS},
                facilitator_present=0)
    base.update(changes)
    return TableSummary(**base)


def test_what_the_desk_flags_for_the_teacher():
    assert alerts(summary()) == []
    assert alerts(summary(), since=200.0) == [Alert("table-1", "idle")]  # nothing has happened for minutes
    assert alerts(summary(paused=True), since=200.0) == []  # a pause is the teacher's own
    gone = {**summary().seats, "ua": SeatSummary(holder="person", present=0)}
    assert alerts(summary(seats=gone)) == [Alert("table-1", "disconnected", "ua")]
    computer = {**summary().seats, "ua": SeatSummary(holder="ai:pragmatist", present=0)}
    assert alerts(summary(seats=computer)) == []  # a computer needs no connection
    assert alerts(summary(ended=True, end_reason="walk_out", end_by="us")) == [Alert("table-1", "walked_out", "us")]
    assert alerts(summary(ended=True, end_reason="calendar")) == [Alert("table-1", "finished")]


def test_the_host_words_every_command_the_desk_may_give():
    from typing import get_args

    from game.net.desk import DONE
    from game.net.protocol import DeskCommand

    union = get_args(DeskCommand)[0]
    assert set(DONE) == {cls.model_fields["kind"].default for cls in get_args(union)}


def test_the_desk_learns_a_tables_new_facilitator_code(rules, tmp_path):
    async def go():
        host = Host.new(rules, 2, tmp_path, SEEDS[:2], NOW)
        server = await host.serve()
        uri = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        desk = await DeskClient.join(uri, host.desk.code)
        try:
            old = desk.tables["table-2"].facilitator
            async with host.tables["table-2"].lock:
                new = host.withdraw(host.tables["table-2"], "facilitator")
            await desk.wait(lambda: desk.tables["table-2"].facilitator == new)
            assert new != old and desk.tables["table-1"].facilitator == host.tables["table-1"].codes["facilitator"]
            console = await Client.join(uri, desk.tables["table-2"].facilitator)  # the desk's Enter still opens it
            await console.close()
        finally:
            await finish(host, server, [desk])

    asyncio.run(go())

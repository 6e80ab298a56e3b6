"""Join codes a class can type, wrong codes that cannot be tried fast, and codes that can
all be withdrawn: the facilitator's own and the observers' included (issue 13)."""

from __future__ import annotations

import asyncio
import io
import json

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from game.cli import build_parser
from game.engine import commands as C
from game.net import host as hosting
from game.net.client import Client, JoinError
from game.net.codes import ALPHABET, grouped, is_code, new_code, normalise
from game.net.protocol import VERSION, Act, Hello, dump

from .test_loopback import finish, hosted_game

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

AMBIGUOUS = set("0O1IlLUV_")


def test_ten_thousand_codes_are_typeable_and_join_accepts_each_with_or_without_its_grouping():
    parser = build_parser()
    for _ in range(10_000):
        code = new_code()
        shown = grouped(code)
        assert is_code(code) and not shown.startswith("-") and not AMBIGUOUS & set(shown), shown
        assert shown.count("-") == 2 and len(shown) == 14
        for typed in (shown, code, shown.lower(), " ".join(shown.split("-")), f" {code.lower()} "):
            assert normalise(typed) == code, typed
            args = parser.parse_args(["join", "192.168.1.20", typed])  # never read as an option
            assert args.code == typed
    assert len(set(ALPHABET)) == len(ALPHABET) and not AMBIGUOUS & set(ALPHABET)


def test_a_code_of_an_older_host_still_matches_exactly():
    old = "Ab-_cdEFghIJklMNopQRst"  # token_urlsafe, as hosts before short codes wrote them
    assert normalise(old) == old and normalise(f" {old} ") == old


def test_a_seat_joins_with_its_code_in_any_case_and_grouping(rules, tmp_path):
    async def go():
        host, server, uri, table, clients = await hosted_game(rules, tmp_path)
        extra = []
        try:
            code = table.codes["observer"]
            for typed in (grouped(code).lower(), " ".join(grouped(code).split("-"))):
                extra.append(await Client.join(uri, typed))
                assert extra[-1].seat == "observer"
        finally:
            await finish(host, server, [*clients.values(), *extra])

    asyncio.run(go())


def test_wrong_codes_from_one_address_are_slowed_to_one_a_second_and_said_once_a_second(rules, tmp_path, monkeypatch):
    monkeypatch.setattr(hosting, "FAILS", 4)

    async def go():
        host, server, uri, table, clients = await hosted_game(rules, tmp_path)
        said = io.StringIO()
        host.console.out = said
        loop = asyncio.get_running_loop()
        try:
            started = loop.time()
            for _ in range(7):
                with pytest.raises(JoinError, match="No seat has that code"):
                    await Client.join(uri, new_code())
            # From the fifth wrong code on, each is checked a second after the one before.
            assert loop.time() - started >= 3 * hosting.SLOWED * 0.9
            right = await Client.join(uri, table.codes["observer"])  # the right code still gets in
            assert right.seat == "observer"
            await right.close()
            await asyncio.sleep(1.1)
            host.console.flush()
            lines = said.getvalue().splitlines()
            assert 1 <= len(lines) <= 2 + (loop.time() - started)  # one line a second at most
            assert "wrong code" in said.getvalue() and "127.0.0.1" in said.getvalue()
            assert "answered one a second" in said.getvalue()
        finally:
            await finish(host, server, clients.values())

    asyncio.run(go())


def test_only_the_facilitator_is_told_the_tables_codes(rules, tmp_path):
    async def go():
        host, server, uri, table, clients = await hosted_game(rules, tmp_path)
        try:
            assert clients["facilitator"].codes == table.codes
            for seat in ("ru", "ua", "us", "observer"):
                assert clients[seat].codes == {} and clients[seat].welcome.codes == {}
        finally:
            await finish(host, server, clients.values())

    asyncio.run(go())


def test_a_withdrawn_facilitator_code_loses_its_powers_at_once_and_the_new_one_works(rules, tmp_path):
    """A student has the facilitator's code and sits at the facilitator's seat. The host's
    operator withdraws that code: the student's connection is closed, and what it still
    sends counts for nothing; the teacher takes the seat with the new code and withdraws
    it once more from the console, keeping the connection."""

    async def go():
        host, server, uri, table, clients = await hosted_game(rules, tmp_path)
        teacher = None
        try:
            await clients["facilitator"].close()
            leaked = table.codes["facilitator"]
            async with connect(uri, max_size=None) as student:
                await student.send(dump(Hello(version=VERSION, code=leaked)))
                json.loads(await student.recv())  # welcome
                before = len(table.match.session.steps)
                new = host.withdraw(table, "facilitator")  # the operator, at the host's terminal
                inject = C.Inject(headline="Fake news", text="The talks are cancelled.")
                try:
                    await student.send(dump(Act(id=1, command=inject)))
                    while True:
                        message = json.loads(await asyncio.wait_for(student.recv(), 10))
                        assert message["type"] != "result"  # never acted on
                except ConnectionClosed:
                    pass
            assert len(table.match.session.steps) == before
            assert not any(isinstance(c, C.Inject) for c, _ in table.match.session.steps)
            with pytest.raises(JoinError, match="No seat has that code"):
                await Client.join(uri, leaked)
            teacher = await Client.join(uri, grouped(new))
            assert teacher.seat == "facilitator" and teacher.codes["facilitator"] == new
            newer = await teacher.revoke("facilitator")  # again, from the console: the teacher stays
            assert newer != new and teacher.connected
            assert await teacher.act(C.Inject(headline="News", text="A real one.")) is None
            with pytest.raises(JoinError):
                await Client.join(uri, new)
            # and the observers' code can be withdrawn as well (one code at a time: half a second apart)
            with pytest.raises(JoinError, match="One code at a time"):
                await teacher.revoke("observer")
            await asyncio.sleep(hosting.WITHDRAW_EVERY)
            watcher = clients["observer"]
            fresh = await teacher.revoke("observer")
            await watcher.wait(lambda: not watcher.connected)
            assert (await Client.join(uri, fresh)).seat == "observer"
            manifest = json.loads((tmp_path / hosting.MANIFEST).read_text(encoding="utf-8"))
            assert manifest["tables"][0]["codes"]["facilitator"] == newer  # kept across a restart
        finally:
            await finish(host, server, [*clients.values(), *([teacher] if teacher else [])])

    asyncio.run(go())


def test_a_client_with_other_scenario_files_is_refused_before_it_takes_the_seat(rules, tmp_path):
    async def go():
        host, server, uri, table, clients = await hosted_game(rules, tmp_path)
        try:
            moscow = clients["ru"]
            for scenarios, said in (({"abu-dhabi": "0" * 64}, "differs"), ({"tutorial": "x"}, "not installed")):
                with pytest.raises(JoinError, match=said):
                    await Client.join(uri, table.codes["ru"], scenarios=scenarios)
            await asyncio.sleep(0.1)
            assert moscow.connected and any(c.seat == "ru" for c in table.clients)  # its holder keeps it
            right = {rules.scenario.id: rules.scenario.content_hash}
            again = await Client.join(uri, table.codes["observer"], scenarios=right)
            await again.close()
        finally:
            await finish(host, server, clients.values())

    asyncio.run(go())

"""Each seat of a hosted table in its own language: the host sends ids and numbers,
and each client puts them into its own words. Moscow reads German, Kyiv English, and
the save debriefs in both."""

from __future__ import annotations

import asyncio
import datetime as dt

from game.content.loader import load_scenario_by_id
from game.debrief import to_markdown
from game.debrief.build import debrief_of
from game.engine.rules import Rules
from game.engine.views import localize, view_for
from game.i18n import using
from game.narrate import Narrator
from game.net.host import Host
from game.net.remote import connect
from game.store.log import load
from tests.abu_dhabi import DELEGATIONS
from tests.i18n.leftovers import leftovers
from tests.net.test_loopback import finish

NOW = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)


def _scenario_in(lang: str):
    return lambda scenario_id: load_scenario_by_id(scenario_id, lang=lang)


def test_moscow_reads_german_and_kyiv_english_at_one_table(tmp_path):
    english = Rules(load_scenario_by_id("abu-dhabi", lang="en"))

    async def go():
        host = Host.new(english, 1, tmp_path, [5], NOW)
        table = host.tables["table-1"]
        for seat in DELEGATIONS:  # computer delegations at every seat, played by the host
            table.match.hand_seat(seat, "ai")
        server = await host.serve()
        uri = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        moscow = await connect(uri, table.codes["ru"], _scenario_in("de"))
        kyiv = await connect(uri, table.codes["ua"], _scenario_in("en"))
        try:
            await host.after_move(table)
            await moscow.client.wait(lambda: moscow.client.view.phase == "ended")
            await kyiv.client.wait(lambda: kyiv.client.view.phase == "ended")
            return moscow, kyiv, table.match.path
        finally:
            moscow.close()
            kyiv.close()
            await finish(host, server, [moscow.client, kyiv.client])

    moscow, kyiv, path = asyncio.run(go())
    with using("de"):
        german = [line.text for line in Narrator(moscow.scenario).lines(moscow.transcript("ru"))]
        view = moscow.view("ru")
    english_lines = [line.text for line in Narrator(kyiv.scenario).lines(kyiv.transcript("ua"))]
    assert len(german) > 30 and len(english_lines) > 30
    assert leftovers("\n".join(german)) == [], [line for line in german if leftovers(line)]
    assert any("schlägt Paket" in line for line in german) and any("proposes package" in line for line in english_lines)
    assert not any("schlägt" in line or "Paket" in line for line in english_lines)
    # the view too: Moscow's cards, brief and red lines are German, Kyiv's English
    assert view.cards[0].title == "Energiepause" and kyiv.view("ua").cards[0].title != "Energiepause"
    assert view.private["ru"].brief.startswith("# Moskau")
    # the host's save holds no language: it debriefs in either
    md_en = to_markdown(debrief_of(load(path, _scenario_in("en"))))
    with using("de"):
        md_de = to_markdown(debrief_of(load(path, _scenario_in("de"))))
    assert "Energiepause" in md_de and "Energiepause" not in md_en
    assert leftovers(md_de) == [], leftovers(md_de)


def test_a_view_localized_by_id_is_the_view_built_in_that_language():
    english = Rules(load_scenario_by_id("abu-dhabi", lang="en"))
    german = Rules(load_scenario_by_id("abu-dhabi", lang="de"))
    from game.engine.core import replay
    from game.headless import play_game

    events = play_game(english, 11, {d: "ai" for d in DELEGATIONS}).events()
    for upto in [*range(1, len(events), max(1, len(events) // 12)), len(events)]:
        state = replay(english, events[:upto])
        for seat in (*DELEGATIONS, "omniscient", "observer"):
            assert localize(view_for(english, state, seat), german) == view_for(german, state, seat)


def test_a_hosts_refusal_reads_in_the_clients_language(tmp_path, monkeypatch):
    """The host says "No seat has that code" in its own language (English here); a German
    client reads it in German, from the refusal's code."""
    import pytest

    import game.net.host as host_module
    from game.net.client import Client, JoinError

    monkeypatch.setattr(host_module, "_", lambda message: message)  # a host that speaks English
    english = Rules(load_scenario_by_id("abu-dhabi", lang="en"))

    async def go():
        host = Host.new(english, 1, tmp_path, [5], NOW)
        server = await host.serve()
        uri = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        try:
            with using("de"), pytest.raises(JoinError) as refused:
                await Client.join(uri, "K7QM-3XWA-9PHT")
            return str(refused.value)
        finally:
            await finish(host, server, [])

    message = asyncio.run(go())
    with using("de"):
        from game.i18n import _
        from game.i18n.engine import HOST

        assert message == _(HOST["unknown_code"]) != HOST["unknown_code"]


def test_a_clients_sentence_holds_plain_ids_and_finite_numbers_only(tmp_path):
    """A computer player at a client (a research bot) speaks as the host's do; a sentence
    whose values are not plain ids or finite numbers (a NaN, a control character), which
    would break other clients' transcripts, is refused before it is sent."""
    import math

    import pytest
    from pydantic import ValidationError

    from game.engine import commands as C
    from game.engine import events as E
    from game.net.client import Client

    for bad in (math.nan, math.inf, "bell\x07", "two words"):
        with pytest.raises(ValidationError):
            C.Pass(by="ru", say=C.Phrase(key="pass_wait", args={"x": bad}))
    english = Rules(load_scenario_by_id("abu-dhabi", lang="en"))

    async def go():
        host = Host.new(english, 1, tmp_path, [5], NOW)
        table = host.tables["table-1"]
        server = await host.serve()
        uri = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}"
        moscow = await Client.join(uri, table.codes["ru"])
        try:
            assert await moscow.act(C.Pass(by="ru", say=C.Phrase(key="pass_wait"))) is None
            return [e for e in table.match.session.events() if isinstance(e, E.Passed)]
        finally:
            await finish(host, server, [moscow])

    (passed,) = asyncio.run(go())
    assert passed.by == "ru" and passed.say == C.Phrase(key="pass_wait")

"""The teacher's desk and the projector view, driven as a teacher would: `parley join`
with the lesson's desk code opens the desk over a host on loopback; its keys steer the
chosen tables; the projector shows only what every delegation sees."""

from __future__ import annotations

import datetime as dt

import pytest

from game.content.loader import load_scenario_by_id
from game.engine.rules import Rules
from game.engine.views import OBSERVER
from game.net.host import Host
from game.tui.app import ParleyApp

from .conftest import LARGE, SMALL, run, screen_name, screen_text, wait_for, wait_screen

NOW = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)
TABLES = ["table-1", "table-2", "table-3"]


async def hosted(folder):
    rules = Rules(load_scenario_by_id("abu-dhabi"))
    host = Host.new(rules, 3, folder, [3, 4, 5], NOW)
    server = await host.serve(clock=lambda: 1000.0)  # a still clock: every "for how long" is 0:00
    uri = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    return host, server, uri


def desk_app(saves, uri: str, code: str) -> ParleyApp:
    return ParleyApp(saves, pace=0, seed_source=lambda: 7, clock=lambda: NOW, join=(uri, code))


async def at_desk(pilot) -> None:
    app = pilot.app
    await wait_screen(pilot, "DeskScreen")
    desk = app.screen.desk
    desk.clock = lambda: 0.0  # nothing on the screen moves with the wall clock
    desk.heard = dict.fromkeys(desk.heard, 0.0)
    await wait_for(pilot, lambda: any(t.row_count == 3 for t in app.screen.query("DataTable")), "every table on the desk")


def secrets_of(host: Host) -> set[str]:
    """What some delegation alone may see at these tables (its hidden readings, red lines
    and objectives), less anything every delegation sees too."""
    found: set[str] = set()
    for table in host.tables.values():
        match = table.match
        public = match.view(OBSERVER).model_dump_json()
        for code in match.rules.parties:
            mine = match.view(code).private[code]
            texts = [v.label for v in mine.variants] + [line.label for line in mine.red_lines]
            found |= {t for t in texts if t and t not in public}
    return found


def test_the_desk_steers_the_chosen_tables_and_the_projector_shows_no_secret(tmp_path):
    saves = tmp_path / "saves"
    saves.mkdir()

    async def scenario():
        host, server, uri = await hosted(tmp_path / "lesson")
        app = desk_app(saves, uri, host.desk.code)
        try:
            async with app.run_test(size=SMALL) as pilot:
                await at_desk(pilot)
                text = screen_text(app)
                assert all(t in text for t in TABLES)
                assert "not connected" in text  # nobody sits at the tables yet: the desk says so
                await pilot.press("p")  # no table chosen: every table
                await wait_for(pilot, lambda: all(t.match.session.state.paused for t in host.tables.values()),
                               "every table paused")
                await wait_for(pilot, lambda: screen_text(app).count("paused") >= 3, "the desk to show it")
                await pilot.press("space")  # the first table only
                assert app.screen.chosen == {"table-1"}
                await pilot.press("r")
                await wait_for(pilot, lambda: not host.tables["table-1"].match.session.state.paused, "table-1 resumed")
                assert host.tables["table-2"].match.session.state.paused  # the others stay paused

                await pilot.press("v")
                await wait_screen(pilot, "ProjectorScreen")
                await pilot.pause()
                shown = screen_text(app)
                assert "TABLE-1" in shown and "TABLE-3" in shown
                leaked = [s for s in secrets_of(host) if s in shown]
                assert not leaked
                await pilot.press("escape")
                await wait_screen(pilot, "DeskScreen")

                await pilot.press("enter")  # table-1's own console, and Esc back to the desk
                await wait_screen(pilot, "FacilitatorScreen")
                assert "Desk" in screen_text(app)
                await pilot.press("escape")
                await wait_screen(pilot, "DeskScreen")

                await pilot.press("w")  # the lesson's debriefs
                folder = saves / host.saves_dir.name
                await wait_for(pilot, lambda: (folder / "class.html").exists(), "the lesson's pages", timeout=60)
                assert sorted(p.name for p in folder.glob("*.html")) == ["class.html", *(f"{t}.html" for t in TABLES)]

                await pilot.press("space")  # table-1 no longer chosen: the controls act on every table
                assert app.screen.chosen == set()
                await pilot.press("x")  # the end of the lesson
                await wait_screen(pilot, "ConfirmScreen")
                await pilot.press("y")
                await wait_for(pilot, lambda: all(t.match.ended for t in host.tables.values()), "every table ended")
                await wait_for(pilot, lambda: screen_text(app).count("finished") >= 3, "the desk to say so")
                await pilot.press("v")  # the projector now shows the class's comparison
                await wait_screen(pilot, "ProjectorScreen")
                await wait_for(pilot, lambda: "Signed texts" in screen_text(app), "the class's comparison")
        finally:
            server.close()
            await server.wait_closed()
            host.close()

    run(scenario())


@pytest.mark.parametrize("view", ["desk", "projector"])
def test_snapshot(screenshots, tmp_path, monkeypatch, view):
    monkeypatch.chdir(tmp_path)
    saves = tmp_path / "saves"
    saves.mkdir()
    holder = {}

    async def walk(pilot, shoot) -> None:
        host, server, uri = await hosted(tmp_path / "lesson")
        holder.update(host=host, server=server)
        pilot.app.join = None
        from game.tui.screens.join import JoinScreen

        await pilot.app.push_screen(JoinScreen(uri, host.desk.code))
        await at_desk(pilot)
        if view == "projector":
            await pilot.press("v")
            await wait_screen(pilot, "ProjectorScreen")
        assert screen_name(pilot.app) in ("DeskScreen", "ProjectorScreen")
        await shoot("100x30", SMALL, "textual-dark")
        await shoot("160x45", LARGE, "textual-dark")

    class LessonApp(ParleyApp):
        def on_unmount(self) -> None:
            super().on_unmount()
            if holder:  # the host goes with the app, on its event loop
                holder["server"].close()
                holder["host"].close()

    app = LessonApp(saves, pace=0, seed_source=lambda: 7, clock=lambda: NOW)
    screenshots.check(app, SMALL, walk)

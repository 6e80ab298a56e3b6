"""The debrief at the end of a game, in the TUI: the chart, the lesson, and the HTML
page written beside the save."""

from __future__ import annotations

from .conftest import SMALL, run, screen_name, screen_text, wait_for, wait_screen
from .test_facilitator import at_the_console, facilitator_app


def test_the_end_screen_opens_the_debrief_and_writes_it_as_html(saves):
    async def go():
        app = facilitator_app(saves)
        async with app.run_test(size=SMALL) as pilot:
            await at_the_console(pilot)
            await pilot.press("x")
            await wait_screen(pilot, "ConfirmScreen")
            await pilot.press("y")
            await wait_screen(pilot, "EndScreen")
            assert "d opens the full debrief" in screen_text(app)
            await pilot.press("d")
            await wait_for(pilot, lambda: screen_name(app) == "DebriefScreen" and app.screen.debrief is not None, "the debrief")
            await pilot.pause()
            text = screen_text(app)
            assert "Concession curves" in text and "Debrief: Abu Dhabi" in text
            assert "there is no curve to draw" in text  # nobody made an offer before the end
            assert "Write HTML" in text  # its keys in the footer
            await pilot.press("w")
            (save,) = saves.glob("*.parley")
            page = saves / f"{save.stem}.debrief.html"
            await wait_for(pilot, page.exists, "the HTML debrief")
            html = page.read_text(encoding="utf-8")
            assert html.startswith("<!DOCTYPE html>") or html.lower().startswith("<!doctype html>")
            assert "<script" not in html and "<link" not in html  # one self-contained page
            assert "The facilitator ended the game" in html  # the facilitator's action is in it
            await pilot.press("escape")
            await wait_screen(pilot, "EndScreen")

    run(go())


def test_a_simulated_save_is_debriefed_and_replayed_from_the_load_screen(saves):
    from game.content.loader import load_scenario_by_id
    from game.engine.rules import Rules
    from game.headless import play_game

    from .conftest import make_app

    rules = Rules(load_scenario_by_id("abu-dhabi"))
    play_game(rules, 3, {"ru": "ai", "ua": "ai", "us": "ai"}, save_to=saves / "simulated.parley")
    (saves / "broken.parley").write_text("not a save\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in saves.iterdir()}

    async def go():
        app = make_app(saves)
        async with app.run_test(size=SMALL) as pilot:
            await to_load_screen(pilot)
            table = app.screen.query_one("#saves")
            names = [info.name for info in app.screen.saves]
            target = names.index("simulated")
            broken = names.index("broken")
            table.move_cursor(row=broken)
            await pilot.press("d")  # a damaged save says so, and nothing opens
            await wait_for(pilot, lambda: "cannot be read" in screen_text(app), "the problem")
            assert screen_name(app) == "LoadScreen"
            table.move_cursor(row=target)
            await pilot.press("d")
            await wait_for(pilot, lambda: screen_name(app) == "DebriefScreen" and app.screen.debrief is not None, "the debrief")
            await pilot.pause()
            assert "Concession curves" in screen_text(app) and "M Moscow" in screen_text(app)
            await pilot.press("r")  # from the debrief straight into the replay
            await wait_screen(pilot, "ReplaySeatScreen")
            await pilot.press("escape")
            await wait_screen(pilot, "DebriefScreen")
            await pilot.press("escape")
            await wait_screen(pilot, "LoadScreen")
            await pilot.press("r")
            await wait_screen(pilot, "ReplaySeatScreen")
            await pilot.press("enter")
            await wait_screen(pilot, "ReplayScreen")
            assert "Event 1 of" in screen_text(app)
            await pilot.press("right", "right")
            assert "Event 3 of" in screen_text(app)
        assert {p.name: p.read_bytes() for p in saves.iterdir()} == before  # reading never writes

    run(go())


def test_a_game_still_being_played_is_not_debriefed_and_replays_only_from_delegations(saves):
    from game.content.loader import load_scenario_by_id
    from game.engine.rules import Rules
    from game.match import Match

    from .conftest import make_app

    rules = Rules(load_scenario_by_id("abu-dhabi"))
    match = Match.new(rules, 3, {"ru": "person", "ua": "ai:pragmatist", "us": "ai:dealmaker"}, saves)
    match.close()

    async def go():
        app = make_app(saves)
        async with app.run_test(size=SMALL) as pilot:
            await to_load_screen(pilot)
            await pilot.press("d")
            await wait_for(pilot, lambda: "opens once the game has ended" in screen_text(app), "the refusal")
            assert screen_name(app) == "LoadScreen"
            await pilot.press("r")
            await wait_screen(pilot, "ReplaySeatScreen")
            from textual.widgets import OptionList

            offered = [option.id for option in app.screen.query_one(OptionList).options]
            assert offered == ["ru", "ua", "us"]  # no facilitator's view of a game still being played
            await pilot.press("enter")
            await wait_screen(pilot, "ReplayScreen")
            for _ in range(4):  # v cycles the delegations only
                await pilot.press("v")
                assert app.screen.replay.seat in ("ru", "ua", "us")

    run(go())


async def to_load_screen(pilot) -> None:
    await wait_for(pilot, lambda: bool(getattr(pilot.app.screen, "entries", None)), "the lobby")
    await pilot.press("l")
    await wait_screen(pilot, "LoadScreen")

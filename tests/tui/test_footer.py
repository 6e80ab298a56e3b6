"""The footer shows the keys that apply, in the player's language, and is rebuilt only
when they change: Textual would rebuild it after every key."""

from __future__ import annotations

from textual.widgets._footer import FooterKey

from game import i18n
from game.content.loader import load_scenario_by_id
from game.engine.rules import Rules
from game.match import Match

from .conftest import SMALL, TINY, make_app, run, screen_name, wait_for, wait_screen
from .test_play import to_my_turn


def footer_keys(app) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


def footer_text(app) -> str:
    strips = app.screen._compositor.render_strips()
    return strips[-1].text if strips else ""


def test_the_footer_is_rebuilt_only_when_its_keys_change(saves):
    async def scenario():
        app = make_app(saves, seed=5)
        async with app.run_test(size=SMALL) as pilot:
            await wait_screen(pilot, "LobbyScreen")
            match = Match.new(Rules(load_scenario_by_id("abu-dhabi")), 5, {"ru": "person", "ua": "ai", "us": "ai"}, saves)
            app.open_match(match)
            await wait_screen(pilot, "BriefingScreen")
            await to_my_turn(pilot, "ru")
            await wait_for(pilot, lambda: "Walk out" in footer_text(app), "the full footer")
            built = footer_keys(app)
            assert built
            await pilot.press("down", "right", "left", "up", "t", "t")  # the cursor, a draft, the transcript and back
            await pilot.pause()
            now = footer_keys(app)
            assert len(now) == len(built) and all(a is b for a, b in zip(now, built, strict=True))

            await pilot.resize_terminal(*TINY)  # no room for every key: the footer changes
            await wait_for(pilot, lambda: "Walk out" not in footer_text(app), "the tucked footer")
            assert "Offer" in footer_text(app)
            await pilot.resize_terminal(*SMALL)
            await wait_for(pilot, lambda: "Walk out" in footer_text(app), "the full footer again")

            i18n.use("de")  # another language: the same keys, in German
            try:
                app.screen.refresh_bindings()
                await wait_for(pilot, lambda: "Angebot" in footer_text(app), "the German footer")
            finally:
                i18n.use("en")
            assert screen_name(app) == "TableScreen"

    run(scenario())

"""The debrief at the end of a game, in the TUI: the chart, the lesson, and the HTML
page written beside the save."""

from __future__ import annotations

from .conftest import SMALL, run, screen_name, screen_text, start_game, wait_for, wait_screen
from .test_facilitator import ONE_PERSON, console_waiting, facilitator_app


def test_the_end_screen_opens_the_debrief_and_writes_it_as_html(saves):
    async def go():
        app = facilitator_app(saves)
        async with app.run_test(size=SMALL) as pilot:
            await start_game(pilot, ONE_PERSON)
            await console_waiting(pilot)
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

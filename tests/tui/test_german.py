"""The game in German: every screen a player can reach, walked with the keyboard, shows
no English sentence of the catalog and no word that only its English uses; the lobby switches the language and keeps what was
chosen; snapshots of the lobby, the table and the end screen in German."""

from __future__ import annotations

import pytest

from game import i18n
from tests.i18n.leftovers import english_words, leftovers

from .conftest import SMALL, TINY, make_app, run, screen_name, screen_text, start_game, wait_for, wait_screen
from .test_play import HOT_SEAT, to_my_turn


@pytest.fixture
def german():
    i18n.use("de")
    try:
        yield
    finally:
        i18n.use("en")


async def _no_english(pilot, where: str) -> None:
    await pilot.pause()
    text = screen_text(pilot.app)
    found = leftovers(text) + english_words(text)
    assert not found, f"{where}: English left on screen: {found}\n{text}"


async def _visit(pilot, key: str, screen: str, back: str) -> None:
    """Open `screen` with `key`, read it, and go back to `back` with Esc."""
    await pilot.press(key)
    await wait_screen(pilot, screen)
    await _no_english(pilot, screen)
    await pilot.press("escape")
    await wait_screen(pilot, back)


async def _lobby(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: screen_name(app) == "LobbyScreen" and bool(app.screen.entries), "the lobby")
    await wait_for(pilot, lambda: str(app.screen.query_one("#continue-info").render()).strip() != "", "the saves")


def test_every_screen_speaks_german(saves, german):
    async def scenario():
        app = make_app(saves, seed=5)
        async with app.run_test(size=SMALL) as pilot:
            await _lobby(pilot)
            assert "Abu Dhabi 2026: Gespräche unter" in screen_text(app)
            await _no_english(pilot, "lobby")
            for key, screen in (("f1", "HelpScreen"), ("l", "LoadScreen"), ("j", "PromptScreen")):
                await _visit(pilot, key, screen, "LobbyScreen")

            await pilot.press("t")  # the coached tutorial
            await wait_screen(pilot, "TutorialBriefing")
            await _no_english(pilot, "the tutorial's brief")
            await pilot.press("enter")
            await wait_screen(pilot, "TutorialScreen")
            await _no_english(pilot, "the tutorial's table")
            await pilot.press("escape")
            await wait_for(pilot, lambda: screen_name(app) in ("LobbyScreen", "ConfirmScreen"), "leaving the tutorial")
            if screen_name(app) == "ConfirmScreen":
                await _no_english(pilot, "leaving the tutorial")
                await pilot.press("y")
            await wait_screen(pilot, "LobbyScreen")

            await start_game(pilot)
            await wait_screen(pilot, "BriefingScreen")
            await _no_english(pilot, "briefing")
            await to_my_turn(pilot, "ru")
            await _no_english(pilot, "table")
            await pilot.press("down", "right")  # a draft: the draft panel and its worth
            await _no_english(pilot, "table with a draft")
            for key, screen in (("l", "LeverScreen"), ("s", "PromptScreen"), ("e", "ConfirmScreen")):
                await _visit(pilot, key, screen, "TableScreen")
            await pilot.press("w")
            await wait_screen(pilot, "ConfirmScreen")
            await pilot.press("y")
            await wait_for(pilot, lambda: screen_name(app) in ("EndScreen", "NoticeScreen"), "the end")
            if screen_name(app) == "NoticeScreen":
                await _no_english(pilot, "notice")
                await pilot.press("enter")
            await wait_screen(pilot, "EndScreen")
            await _no_english(pilot, "end")
            await pilot.press("d")
            await wait_for(pilot, lambda: screen_name(app) == "DebriefScreen" and app.screen.debrief is not None,
                           "the debrief")
            await _no_english(pilot, "debrief")
            await pilot.press("escape")
            await wait_screen(pilot, "EndScreen")
            await pilot.press("r")
            await wait_screen(pilot, "ReplaySeatScreen")
            await _no_english(pilot, "replay: the seat")
            await pilot.press("enter")
            await wait_screen(pilot, "ReplayScreen")
            await pilot.press("left", "left")
            await _no_english(pilot, "replay")
            await pilot.press("escape")
            await wait_for(pilot, lambda: screen_name(app) == "EndScreen", "back at the end")
            await pilot.press("enter")
            await wait_screen(pilot, "LobbyScreen")

            await pilot.press("f")  # the facilitator's console; Moscow is a person's seat
            await wait_for(pilot, lambda: screen_name(app) == "FacilitatorScreen", "the console")
            await pilot.pause(0.3)
            await _no_english(pilot, "facilitator")
            for key, screen in (("i", "InjectScreen"), ("f", "ChooseScreen"), ("m", "ChooseScreen"),
                                ("t", "ChooseScreen"), ("k", "ChooseScreen"), ("h", "ChooseScreen"),
                                ("v", "ChooseScreen"), ("x", "ConfirmScreen")):
                await _visit(pilot, key, screen, "FacilitatorScreen")
            await pilot.press("enter")  # the keyboard to Moscow: the table, lent by the console
            await wait_for(pilot, lambda: screen_name(app) in ("BriefingScreen", "TableScreen", "NoticeScreen"),
                           "Moscow's screen")
            await _no_english(pilot, "a person's screen at the facilitator's table")
            await pilot.press("ctrl+s")  # save as: the prompt
            await wait_for(pilot, lambda: screen_name(app) in ("PromptScreen", "BriefingScreen", "NoticeScreen"),
                           "a prompt")
            await _no_english(pilot, "save as")

    run(scenario())


def test_the_hot_seat_hand_over_and_the_join_screen_speak_german(saves, german):
    async def scenario():
        app = make_app(saves, seed=5)
        async with app.run_test(size=SMALL) as pilot:
            await _lobby(pilot)
            await pilot.press("j")
            await wait_screen(pilot, "PromptScreen")
            await pilot.press(*"127.0.0.1:1", "enter")  # nobody there: the join screen says so, in German
            await wait_for(pilot, lambda: screen_name(app) == "JoinScreen", "the join screen")
            await pilot.pause(0.5)
            await _no_english(pilot, "join")
            await pilot.press("escape")
            await wait_screen(pilot, "LobbyScreen")
            await start_game(pilot, HOT_SEAT)
            await to_my_turn(pilot, "ru")
            await pilot.press("n")
            await wait_screen(pilot, "HandOverScreen")
            await _no_english(pilot, "hand-over")

    run(scenario())


def test_the_lobby_switches_language_and_keeps_what_was_chosen(saves):
    async def scenario():
        app = make_app(saves, seed=5)

        def seat_shown() -> bool:
            return bool(app.screen.query("#seat-ua"))

        try:
            async with app.run_test(size=SMALL) as pilot:
                await _lobby(pilot)
                assert "Scenario" in screen_text(app)
                await wait_for(pilot, seat_shown, "Kyiv's seat")  # the seats come after the scenario list
                seat = app.screen.query_one("#seat-ua")
                seat.focus()
                await pilot.press("right")
                chosen = seat.value
                await pilot.press("f2")
                await wait_for(pilot, lambda: "Szenario" in screen_text(app) and bool(app.screen.entries), "German")
                await wait_for(pilot, lambda: "Abu Dhabi 2026: Gespräche unter" in screen_text(app), "German titles")
                await wait_for(pilot, seat_shown, "Kyiv's seat, in German")
                assert i18n.current() == "de" and app.screen.query_one("#seat-ua").value == chosen
                await _no_english(pilot, "the lobby, switched")
                await pilot.press("f2")
                await wait_for(pilot, lambda: "Scenario" in screen_text(app) and "Szenario" not in screen_text(app),
                               "English again")
                await wait_for(pilot, seat_shown, "Kyiv's seat, in English again")
                assert i18n.current() == "en" and app.screen.query_one("#seat-ua").value == chosen
        finally:
            i18n.use("en")

    run(scenario())


@pytest.mark.parametrize("screen", ["lobby", "table", "end"])
def test_german_screen(screenshots, tmp_path, monkeypatch, german, screen):
    from .test_snapshots import _end, _table

    monkeypatch.chdir(tmp_path)
    (tmp_path / "saves").mkdir()
    app = make_app(tmp_path / "saves", seed=7)
    steps = {"lobby": _lobby, "table": _table, "end": _end}

    async def walk(pilot, shoot) -> None:
        await steps[screen](pilot)
        await shoot("80x24", TINY, "textual-dark")
        await shoot("100x30", SMALL, "textual-dark")

    screenshots.check(app, TINY, walk)

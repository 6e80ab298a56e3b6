"""Snapshots of every screen at 80x24 and 100x30, some at 160x45 and in the light theme
(`VIEWS`): the app is walked to each screen once, and the screen taken in each of its
views (`Screenshots` in conftest.py).

Update them after a deliberate change with
`make test WORKERS=0 PYTEST_ARGS="tests/tui --snapshot-update"`,
and look at the SVGs before committing them. Nothing in them depends on the wall
clock: the seed, the save names and the save times are fixed.
"""

from __future__ import annotations

import os

import pytest

from game.content.loader import load_scenario_by_id
from game.engine import commands as C
from game.engine.rules import Rules
from game.match import Match

from .conftest import LARGE, NOW, SMALL, TINY, make_app, screen_name, start_game, wait_for, wait_screen
from .test_play import HOT_SEAT, to_my_turn

FIXED_TIME = NOW.timestamp()


async def _lobby(pilot) -> None:
    app = pilot.app
    await wait_for(pilot, lambda: screen_name(app) == "LobbyScreen" and bool(app.screen.entries), "the lobby")
    await wait_for(pilot, lambda: "continue" in str(app.screen.query_one("#continue-info").render()), "the saves")


async def _load(pilot) -> None:
    await _lobby(pilot)
    await pilot.press("l")
    await wait_screen(pilot, "LoadScreen")


async def _table(pilot) -> None:
    await start_game(pilot)
    await to_my_turn(pilot, "ru")
    await pilot.press("n")  # a round of moves, so that the transcript and the table have content
    await to_my_turn(pilot, "ru")
    grid = pilot.app.screen.query_one("#cards")
    await pilot.press("down", "down", "down", "right")
    assert grid.current_card == "nato_status"


async def _briefing(pilot) -> None:
    await start_game(pilot)
    await wait_screen(pilot, "BriefingScreen")


async def _notice(pilot) -> None:
    await start_game(pilot)
    await wait_screen(pilot, "BriefingScreen")
    await pilot.press("enter")
    await wait_screen(pilot, "NoticeScreen")


async def _handover(pilot) -> None:
    await start_game(pilot, HOT_SEAT)
    await to_my_turn(pilot, "ru")
    await pilot.press("n")
    await wait_screen(pilot, "HandOverScreen")


async def _end(pilot) -> None:
    await start_game(pilot)
    await to_my_turn(pilot, "ru")
    await pilot.press("w")
    await wait_screen(pilot, "ConfirmScreen")
    await pilot.press("y")
    await wait_screen(pilot, "EndScreen")


async def _debrief(pilot) -> None:
    await _end(pilot)
    await pilot.press("d")
    await wait_for(pilot, lambda: screen_name(pilot.app) == "DebriefScreen" and pilot.app.screen.debrief is not None,
                   "the debrief")


async def _replay(pilot) -> None:
    await _end(pilot)
    await pilot.press("r")
    await wait_screen(pilot, "ReplaySeatScreen")
    await pilot.press("enter")  # the facilitator's point of view, at the last event
    await wait_screen(pilot, "ReplayScreen")
    await pilot.press("left", "left")


async def _help(pilot) -> None:
    await _lobby(pilot)
    await pilot.press("f1")
    await wait_screen(pilot, "HelpScreen")
    await pilot.pause(0.2)


async def _confirm(pilot) -> None:
    await start_game(pilot)
    await to_my_turn(pilot, "ru")
    await pilot.press("e")
    await wait_screen(pilot, "ConfirmScreen")


async def _statement(pilot) -> None:
    await start_game(pilot)
    await to_my_turn(pilot, "ru")
    await pilot.press("s")
    await wait_screen(pilot, "PromptScreen")
    await pilot.press(*"We are ready to talk")


async def _levers(pilot) -> None:
    await start_game(pilot)
    await to_my_turn(pilot, "ru")
    await pilot.press("l")
    await wait_screen(pilot, "LeverScreen")


async def _facilitator(pilot) -> None:
    await _lobby(pilot)
    await pilot.press("f")  # Moscow is a person's seat: the console waits for it
    await wait_for(pilot, lambda: screen_name(pilot.app) == "FacilitatorScreen" and "press Enter" in str(
        pilot.app.screen.query_one("#fac-status").render()), "the console")


async def _join(pilot) -> None:
    await _lobby(pilot)
    await pilot.press("j")
    await wait_screen(pilot, "PromptScreen")
    await pilot.press(*"127.0.0.1:8765", "enter")
    await wait_for(pilot, lambda: screen_name(pilot.app) == "JoinScreen", "the join screen")


async def _tutorial(pilot) -> None:
    """The coached tutorial at its consent step: a rejection, then a refused red line behind it."""
    app = pilot.app
    await _lobby(pilot)
    await pilot.press("t")
    await wait_screen(pilot, "TutorialBriefing")
    await pilot.press("enter")
    await wait_screen(pilot, "TutorialScreen")
    await pilot.press("right", "right", "down", "right", "right", "p")
    await wait_for(pilot, lambda: app.coach.step.id == "rejected" and app.coach.live, "Moscow's rejection")
    await wait_for(pilot, lambda: app.match.whose_turn == "ua", "Kyiv's turn")
    await pilot.press("enter", "x", "up", "right", "p")
    await wait_for(pilot, lambda: app.coach.step.id == "consent", "the red line refused")


SCREENS = {
    "lobby": _lobby,
    "load": _load,
    "briefing": _briefing,
    "table": _table,
    "notice": _notice,
    "handover": _handover,
    "end": _end,
    "help": _help,
    "confirm": _confirm,
    "statement": _statement,
    "levers": _levers,
    "facilitator": _facilitator,
    "debrief": _debrief,
    "replay": _replay,
    "join": _join,
    "tutorial": _tutorial,
}


def _saves_for_the_list(folder) -> None:
    """Two saves with fixed names and times, one of them finished."""
    rules = Rules(load_scenario_by_id("abu-dhabi"))
    for name, seats, walk in (("class-a", {"ru": "person", "ua": "ai:hardliner", "us": "ai"}, False),
                              ("class-b", {"ru": "ai", "ua": "person", "us": "person"}, True)):
        match = Match.new(rules, 21, seats, None)
        path = folder / f"{name}.parley"
        from game.store.log import make_header, write_save

        while match.computer_to_move:
            match.computer_move()
        if walk:
            match.act(C.WalkOut(by=match.whose_turn))
        write_save(path, make_header(rules.scenario, 21, NOW.isoformat(), seats), match.session.steps)
        os.utime(path, (FIXED_TIME, FIXED_TIME))


SIZES = {"80x24": TINY, "100x30": SMALL, "160x45": LARGE}
# What catches a regression: every screen at the size it is made for (100x30) and at the
# smallest it stays usable at (80x24); the screens whose layout grows into a large
# terminal at 160x45; and the light theme on the screens that use the most colours.
# Each screen's views in the order they are taken: opened at 80x24, then the terminal
# grown (a terminal shrunk around a screen can keep a scroll bar it needed on the way),
# then the theme.
GROWS = ("lobby", "table", "facilitator", "debrief")
COLOURFUL = ("lobby", "table", "end", "debrief")
VIEWS = {
    screen: [("80x24", "textual-dark"), ("100x30", "textual-dark")]
    + [("100x30", "textual-light")] * (screen in COLOURFUL)
    + [("160x45", "textual-dark")] * (screen in GROWS)
    for screen in SCREENS
}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(screenshots, tmp_path, monkeypatch, screen):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "saves").mkdir()
    if screen == "load":
        _saves_for_the_list(tmp_path / "saves")
    app = make_app(tmp_path / "saves", seed=7)

    async def walk(pilot, shoot) -> None:
        await SCREENS[screen](pilot)
        for size, theme in VIEWS[screen]:
            await shoot(f"{size}-{theme}", SIZES[size], theme)

    screenshots.check(app, TINY, walk)

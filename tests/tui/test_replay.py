"""The replay screen: a saved game stepped through with the keys, from one seat's point
of view, at 100x30. Kyiv's replay never shows what only Moscow could see."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App

from game.agents import make_agent
from game.content.loader import load_scenario_by_id
from game.engine import commands as C
from game.engine.rng import derive
from game.engine.rules import Rules
from game.headless import computer_turn
from game.session import LocalSession
from game.store.log import load
from game.tui.app import ParleyApp
from game.tui.screens.end import Played
from game.tui.screens.replay import ReplayScreen, ReplaySeatScreen, open_replay
from tests.abu_dhabi import DELEGATIONS

from .conftest import SMALL, run, screen_name, screen_text, wait_for, wait_screen

SECRET = "A message for Moscow alone"


class ReplayApp(App[None]):
    """Only the replay on a screen of its own, with the game's stylesheet."""

    CSS_PATH = ParleyApp.CSS_PATH

    def __init__(self, screen) -> None:
        super().__init__()
        self.first = screen
        self.closed = False

    def on_mount(self) -> None:
        self.push_screen(self.first, lambda _: setattr(self, "closed", True))


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """A short saved game: a few moves, news for Moscow only, a few more, ended by the facilitator."""
    rules = Rules(load_scenario_by_id("abu-dhabi"))
    path = Path(tmp_path_factory.mktemp("replay")) / "game.parley"
    session = LocalSession.start(rules, 8, save_to=path, seats={d: "ai" for d in DELEGATIONS}, fsync=False)
    agents = {d: make_agent("ai", d, derive(8, "agent", d)) for d in DELEGATIONS}
    for turns in (3, 4):
        for _ in range(turns):
            computer_turn(session, agents, session.whose_turn)
        if turns == 3:
            assert session.submit(C.Inject(headline="Back channel", text=SECRET, to=("ru",))).ok
    assert session.submit(C.EndNow()).ok
    session.close()
    return load(path, load_scenario_by_id)


def _moscow_only(loaded) -> list[str]:
    """What only Moscow may see before the end: its hidden reading, and the news for it."""
    spec = loaded.rules.scenario.delegations["ru"]
    drawn = loaded.state.variants["ru"]
    return [*(v.label for h in spec.hidden for v in h.options if drawn[h.id] == v.id), SECRET]


def _fits(app) -> None:
    """Every part of the screen is on the 100x30 terminal, with room for the cards."""
    screen = app.screen
    for selector in ("#replay-bar", "#strip", "#cards", "#replay-known", "#replay-now", "#transcript", "Footer"):
        region = screen.query_one(selector).region
        assert region.height >= 1 and region.bottom <= SMALL[1] and region.right <= SMALL[0], selector
    assert screen.query_one("#cards").region.height >= 6


async def _goto(pilot, position: int) -> str:
    """Put the cursor somewhere without a key press per event; the screen text there."""
    screen = pilot.app.screen
    screen.replay.goto(position)
    screen.show_all()
    await pilot.pause()
    return screen_text(pilot.app)


def test_kyiv_steps_through_the_game_and_never_sees_what_only_moscow_saw(loaded):
    secrets = _moscow_only(loaded)

    async def scenario():
        app = ReplayApp(ReplayScreen(loaded, seat="ua"))
        async with app.run_test(size=SMALL) as pilot:
            await wait_screen(pilot, "ReplayScreen")
            screen = app.screen
            total = len(screen.replay)
            text = screen_text(app)
            assert f"Kyiv's point of view \u00b7 Event 1 of {total} \u00b7 Before round 1" in text
            for key in ("Event", "Round", "First / last", "Point of view", "Back"):
                assert key in text  # the footer
            _fits(app)
            await pilot.press("right")
            await wait_for(pilot, lambda: f"Event 2 of {total}" in screen_text(app), "one event on")
            assert "Round 1" in screen_text(app) and "opens on" in screen_text(app)
            # The whole game, a few events apart: nothing of Moscow's until the end.
            for position in range(1, total, 3):
                text = await _goto(pilot, position)
                for secret in secrets:
                    assert secret not in text, (position, secret)
            await pilot.press("end")
            text = screen_text(app)
            assert f"Event {total} of {total} \u00b7 Talks over" in text and "The game ends" in text
            assert secrets[0] in text  # the end reveals every hidden reading, Moscow's too
            assert SECRET not in text
            await pilot.press("left")
            assert screen.replay.position == total - 1
            await pilot.press("home")
            assert screen.replay.position == 1
            await pilot.press("right_square_bracket")
            assert "opens on" in screen_text(app) and screen.replay.current().type == "round_started"
            await pilot.press("end", "pageup")
            assert screen.replay.current().type == "round_started"

    run(scenario())


def test_the_point_of_view_changes_with_v_and_keeps_the_place(loaded):
    label = _moscow_only(loaded)[0]

    async def scenario():
        app = ReplayApp(ReplayScreen(loaded, seat="ua"))
        async with app.run_test(size=SMALL) as pilot:
            await wait_screen(pilot, "ReplayScreen")
            screen = app.screen
            await pilot.press("right_square_bracket", "right", "right")
            here = screen.replay.log_index
            assert label not in screen_text(app)
            for seat, name in (("us", "Washington's"), ("facilitator", "The facilitator's"), ("ru", "Moscow's")):
                await pilot.press("v")
                assert screen.seat == seat and f"{name} point of view" in screen_text(app)
                assert screen.replay.log_index <= here
                _fits(app)
            assert label in screen_text(app)  # Moscow sees its own hidden reading
            # Moscow at its news; Kyiv, one `v` on, at the last event both saw: not the news.
            news = next(p for p in range(1, len(screen.replay) + 1)
                        if screen.replay.goto(p) and screen.replay.current().type == "message_sent")
            text = await _goto(pilot, news)
            assert SECRET in text and label in text
            await pilot.press("v")
            text = screen_text(app)
            assert screen.seat == "ua" and SECRET not in text and label not in text
            assert screen.replay.log_index < loaded.events.index(next(e for e in loaded.events if e.type == "message_sent"))
            await pilot.press("q")
            await wait_for(pilot, lambda: app.closed, "the replay to close")

    run(scenario())


def test_the_seat_chooser_opens_the_replay_from_the_end_screens_log_and_escape_cancels(loaded):
    played = Played(loaded.rules, tuple(loaded.steps), loaded.header, None)
    answers = []

    async def scenario():
        class Opener(App[None]):
            CSS_PATH = ParleyApp.CSS_PATH

            def on_mount(self) -> None:
                open_replay(self, played, at_end=True)

        app = Opener()
        async with app.run_test(size=SMALL) as pilot:
            await wait_screen(pilot, "ReplaySeatScreen")
            text = screen_text(app)
            for name in ("Moscow", "Kyiv", "Washington", "The facilitator"):
                assert name in text
            assert "Replay" in text and "Cancel" in text  # the footer
            dialog = app.screen.query_one("#replay-seat").region
            assert dialog.bottom <= SMALL[1] and dialog.right <= SMALL[0]
            await pilot.press("up", "up", "enter")  # from the facilitator up to Kyiv
            await wait_screen(pilot, "ReplayScreen")
            assert app.screen.seat == "ua" and app.screen.replay.at_end
            await pilot.press("escape")
            await wait_for(pilot, lambda: screen_name(app) != "ReplayScreen", "the replay to close")
            app.push_screen(ReplaySeatScreen(loaded.rules.scenario, current="ru"), answers.append)
            await wait_screen(pilot, "ReplaySeatScreen")
            await pilot.press("escape")
            await wait_for(pilot, lambda: answers == [None], "cancelled")

    run(scenario())

"""Help, the command palette, the pace of computer moves, and random
key sequences that must never crash the app."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import events

from game.engine import commands as C
from game.tui.app import ParleyApp

from .conftest import NOW, SMALL, make_app, run, screen_name, screen_text, start_game, wait_for, wait_screen
from .test_play import to_my_turn


def test_help_opens_with_f1_and_question_mark_and_lists_the_keys(saves):
    async def scenario():
        app = make_app(saves)
        async with app.run_test(size=SMALL) as pilot:
            await wait_screen(pilot, "LobbyScreen")
            for key in ("f1", "question_mark"):
                await pilot.press(key)
                await wait_screen(pilot, "HelpScreen")
                await wait_for(pilot, lambda: "The rules in brief" in screen_text(app), "the rules")
                await pilot.press("escape")
                await wait_screen(pilot, "LobbyScreen")
            await start_game(pilot)
            await to_my_turn(pilot, "ru")
            await pilot.press("f1")
            await wait_screen(pilot, "HelpScreen")
            app.screen.query_one("#help-text").scroll_end(animate=False)
            await wait_for(pilot, lambda: "Another point of view" in screen_text(app), "the key table")
            await pilot.press("escape")
            await wait_screen(pilot, "TableScreen")

    run(scenario())


def test_every_table_binding_is_in_the_help_text():
    from game.tui.screens.help import KEYS
    from game.tui.screens.table import TableScreen

    for binding in TableScreen.BINDINGS:
        shown = {"ctrl+s": "Ctrl+S", "space": "Space", "q": "q"}.get(binding.key, binding.key)
        assert f"| {shown} |" in KEYS or f"| {shown}, " in KEYS or f", {shown} |" in KEYS, binding.key


def test_the_command_palette_offers_the_main_actions(saves):
    async def scenario():
        app = make_app(saves, seed=4)
        async with app.run_test(size=SMALL) as pilot:
            await start_game(pilot)
            await to_my_turn(pilot, "ru")
            await pilot.press("ctrl+p")
            await wait_for(pilot, lambda: "CommandPalette" in screen_name(app), "the palette")
            await pilot.press(*"Pass")
            await wait_for(pilot, lambda: "Let the turn go by" in screen_text(app), "the Pass command")
            await pilot.press("enter")
            await wait_for(
                pilot, lambda: any(isinstance(c, C.Pass) and c.by == "ru" for c, _ in app.match.session.steps),
                "Moscow's pass, from the palette",
            )

    run(scenario())


def test_computer_moves_wait_a_readable_pace_that_space_skips(saves):
    async def scenario():
        app = ParleyApp(saves, pace=60, seed_source=lambda: 8, clock=lambda: NOW)
        async with app.run_test(size=SMALL) as pilot:
            await start_game(pilot, {"ru": "ai:pragmatist", "ua": "person", "us": "ai:pragmatist"})
            await wait_for(pilot, lambda: screen_name(app) in ("BriefingScreen", "NoticeScreen"), "the brief")
            while screen_name(app) != "TableScreen":
                await pilot.press("enter")
                await pilot.pause()
            await wait_for(pilot, lambda: "considering" in screen_text(app), "Moscow to be considering")
            before = len(app.match.session.steps)
            await pilot.pause(0.3)
            assert len(app.match.session.steps) == before  # a 60 s pace: nothing has moved yet
            await pilot.press("space")
            await wait_for(pilot, lambda: len(app.match.session.steps) > before, "the skipped wait")
            assert app.match.session.steps[before][0].by == "ru"

    run(scenario())


# ---------------------------------------------------------------------------- no key crashes the app

KEYS = [
    "up", "down", "left", "right", "enter", "escape", "tab", "shift+tab", "space", "backspace", "delete",
    "p", "c", "a", "r", "s", "l", "e", "w", "n", "b", "d", "x", "y", "g", "t", "f1", "question_mark",
    "ctrl+s", "1", "7", "z", "home", "end", "pageup", "pagedown",
]
# The character a terminal sends with each key (as Pilot.press gives it; letters and digits are themselves).
CHARACTERS = {"escape": "\x1b", "tab": "\t", "space": " ", "backspace": "\x08", "delete": "\x7f", "question_mark": "?"}


async def type_key(pilot, key: str) -> None:
    """One key, as fast as a person can type: the app gets it, and its screen has handled
    what was waiting for it before the next one comes. (Pilot.press also waits until the
    process has been idle for a while, twice per key: three times the time for a random
    sequence, and a fast typist does not wait either.)"""
    event = events.Key(key, key if len(key) == 1 else CHARACTERS.get(key))
    event.set_sender(pilot.app)  # as the terminal's driver sends it
    pilot.app.post_message(event)
    await pilot.pause(0)


@settings(
    max_examples=int(os.environ.get("PARLEY_UI_EXAMPLES", "4")),
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(keys=st.lists(st.sampled_from(KEYS), min_size=30, max_size=90), seed=st.integers(0, 10_000))
def test_no_key_sequence_crashes_the_app(tmp_path_factory, keys, seed):
    saves = tmp_path_factory.mktemp("saves")

    async def scenario():
        app = make_app(saves, seed=seed)
        async with app.run_test(size=SMALL) as pilot:
            await wait_for(pilot, lambda: screen_name(app) == "LobbyScreen" and bool(app.screen.entries), "the lobby")
            await pilot.press("g")
            for key in keys:
                await type_key(pilot, key)
                assert app.is_running, f"the app stopped after {key!r}"
            await pilot.pause()
            assert app.is_running
            assert app._exception is None

    run(scenario())

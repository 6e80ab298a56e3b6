"""Pilot helpers: drive the app with key presses, wait on conditions (never on
time alone), and read the screen as text."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from game.tui.app import ParleyApp

TINY = (80, 24)  # the smallest terminal the game is made usable in
SMALL = (100, 30)
LARGE = (160, 45)
NOW = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)


def make_app(saves: Path, seed: int = 7) -> ParleyApp:
    return ParleyApp(saves, pace=0, seed_source=lambda: seed, clock=lambda: NOW)


def run(coro) -> None:
    asyncio.run(coro)


async def wait_for(pilot, condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    """Let the app work until `condition()` holds; fail with `what` if it never does."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not condition():
        if loop.time() > end:
            raise AssertionError(
                f"timed out waiting for {what}; screen is {type(pilot.app.screen).__name__}:\n{screen_text(pilot.app)}"
            )
        await pilot.pause(0.01)


def screen_name(app) -> str:
    return type(app.screen).__name__


def screen_text(app) -> str:
    """Every character on the terminal, every screen in the stack included (a modal
    shows the screens under it)."""
    out = []
    for screen in app.screen_stack[1:]:  # [0] is Textual's blank default screen
        out.extend(strip.text for strip in screen._compositor.render_strips())
    return "\n".join(out)


async def wait_screen(pilot, name: str, timeout: float = 20.0) -> None:
    await wait_for(pilot, lambda: screen_name(pilot.app) == name, f"screen {name}", timeout)


async def start_game(pilot, seats: dict[str, str] | None = None, scenario: str | None = None, seed: int | None = None) -> None:
    """From the lobby: set the seats with the keyboard (arrow keys on each seat), then g."""
    from textual.widgets import Input, OptionList

    app = pilot.app
    await wait_for(pilot, lambda: bool(app.screen.entries), "the scenario list")
    if scenario is not None:
        options = app.screen.query_one("#scenarios", OptionList)
        index = next(i for i, e in enumerate(app.screen.entries) if e.id == scenario)
        options.focus()
        while options.highlighted != index:
            await pilot.press("down" if (options.highlighted or 0) < index else "up")
    for code, wanted in (seats or {}).items():
        # the chosen scenario's seats, once shown (each scenario has its own delegations)
        await wait_for(pilot, lambda: bool(app.screen.query(f"#seat-{code}")), f"the seat of {code}")
        choice = app.screen.query_one(f"#seat-{code}")
        choice.focus()
        for _ in range(len(choice.choices)):
            if choice.value == wanted:
                break
            await pilot.press("right")
        assert choice.value == wanted, (code, choice.value)
    if seed is not None:
        box = app.screen.query_one("#seed", Input)
        box.focus()
        await pilot.press("end")
        for _ in range(len(box.value)):
            await pilot.press("backspace")
        await pilot.press(*str(seed))
    app.screen.query_one("#scenarios", OptionList).focus()
    await pilot.press("g")


@pytest.fixture
def saves(tmp_path: Path) -> Path:
    folder = tmp_path / "saves"
    folder.mkdir()
    return folder

"""Pilot helpers: drive the app with key presses, wait on conditions (never on
time alone), read the screen as text, and compare it with the snapshots we keep."""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import pickle
from collections.abc import Awaitable, Callable
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


Shoot = Callable[[str, tuple[int, int], str], Awaitable[None]]


class Screenshots:
    """Snapshots of one run of the app, each named: the walk to a screen is made once, and
    the screen is then taken at every size and theme it is kept in, the terminal resized
    between them as a player resizes it (so a screen that does not follow a resize shows).

    Each snapshot is an SVG file beside the test's, `TEST[PARAMS][NAME].svg`, compared as
    pytest-textual-snapshot's `snap_compare` compares one, and a mismatch goes into that
    plugin's HTML report. Update them after a deliberate change with `--snapshot-update`,
    and look at the SVGs before committing them."""

    def __init__(self, snapshot, request: pytest.FixtureRequest) -> None:
        from pytest_textual_snapshot import SVGImageExtension

        self.snapshot = snapshot.use_extension(SVGImageExtension)
        self.request = request

    def check(self, app, size: tuple[int, int], walk: Callable[[object, Shoot], Awaitable[None]]) -> None:
        """Run `app` headless at `size`; `walk(pilot, shoot)` brings it where it must be and
        calls `shoot(name, size, theme)` for each snapshot. Every snapshot is compared,
        then the test fails naming each one that differs."""
        title = app.title  # as Textual's own screenshots are titled
        taken: dict[str, str] = {}

        async def auto_pilot(pilot) -> None:
            async def shoot(name: str, at: tuple[int, int], theme: str) -> None:
                from textual.widgets import Input

                assert name not in taken, f"two snapshots named {name}"
                if tuple(pilot.app.size) != at:
                    await pilot.resize_terminal(*at)
                pilot.app.theme = theme
                for widget in pilot.app.screen.query(Input):
                    widget.cursor_blink = False
                # Toasts go after a few seconds: whether one is still up depends on the machine's
                # speed, so none is in a snapshot (the small-terminal notice has a test of its own).
                # Textual clears them from the screen on top only; a dialog shows the screen under it.
                pilot.app.clear_notifications()
                for screen in pilot.app.screen_stack:
                    for toast in screen.query("Toast"):
                        await toast.remove()
                await pilot.pause()
                await pilot.wait_for_scheduled_animations()
                await pilot.pause()
                await pilot.pause()
                await pilot.wait_for_scheduled_animations()
                taken[name] = pilot.app.export_screenshot(title=title, simplify=True)

            await pilot.pause()
            await walk(pilot, shoot)
            pilot.app.exit()

        app.run(headless=True, size=size, auto_pilot=auto_pilot)
        assert taken, "the walk took no snapshot"
        differ = [name for name, svg in taken.items() if not self._matches(name, svg)]
        assert not differ, f"these snapshots differ (see the snapshot report): {', '.join(differ)}"

    def _matches(self, name: str, svg: str) -> bool:
        """One snapshot compared, and written down for the plugin's report as its own are."""
        import pytest_textual_snapshot as plugin
        from rich.console import Console

        expected = self.snapshot(name=name)
        result = expected == svg
        # The report's record of this comparison, in the plugin's own form (its version is pinned).
        index = expected._custom_index
        execution = expected._execution_name_index.get(index) if index else expected.num_executions - 1
        outcome = expected.executions.get(execution)
        exists = bool(outcome and outcome.final_data is not None)
        node = self.request.node
        path, line, test = node.reportinfo()
        console = Console(legacy_windows=False, force_terminal=True)
        app = plugin.PseudoApp(plugin.PseudoConsole(console.legacy_windows, console.size))
        record = (result, str(expected), svg, app, path, line, f"{test}[{name}]",
                  inspect.getdoc(node.function) or "", "", exists)
        report = plugin.node_to_report_path(node)
        report.with_name(f"{report.name}_{name}").write_bytes(pickle.dumps(record))
        return result


@pytest.fixture
def screenshots(snapshot, request) -> Screenshots:
    return Screenshots(snapshot, request)

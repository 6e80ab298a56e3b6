"""TUI benchmarks (`make bench` runs them after bench/run.py). They print figures and
ratios; they assert nothing.

- Time to the first lobby frame, whole process (interpreter start, imports, app start),
  as a ratio against a bare Textual app with a header and a footer, measured in the
  same run, alternating the two (target <= 1.5x), in English and in German. Both run headless, so the terminal's
  own speed is not part of either figure. Also printed: the time until the scenario
  list is filled (the scenarios load in a worker after the first frame).
- Composer latency: from a key press on the card grid (an option chosen) to the
  re-rendered screen, median and p95 (target: median <= 30 ms), at 100x30.
- Help latency: from F1 in the lobby to the first frame of the help (target: median
  <= 100 ms: "help opens at once").
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import line  # noqa: E402  (bench/common.py)

# Each script exits at its first frame and prints how long the process took to get there
# (from the interpreter's own start time, so process creation is counted too).
_PRELUDE = """
import os, sys, time
T0 = float(sys.argv[1])
def done(label):
    print(label, time.time() - T0, flush=True)
"""

BARE = _PRELUDE + """
from textual.app import App
from textual.widgets import Footer, Header

class Bare(App):
    def compose(self):
        yield Header()
        yield Footer()

    def _display(self, screen, renderable):
        super()._display(screen, renderable)
        if renderable is not None and not getattr(self, "_seen", False):
            self._seen = True
            done("frame")
            self.exit()

Bare().run(headless=True, size=(100, 30))
"""

PARLEY = _PRELUDE + """
from pathlib import Path
from game.tui.app import ParleyApp

class Timed(ParleyApp):
    def _display(self, screen, renderable):
        super()._display(screen, renderable)
        if renderable is None or type(screen).__name__ != "LobbyScreen":
            return
        if not getattr(self, "_seen", False):
            self._seen = True
            done("frame")
        if screen.entries:
            done("listed")
            self.exit()

from game import i18n
i18n.use(i18n.choose())  # as `parley` does before it starts the app
Timed(Path(sys.argv[2]), pace=0).run(headless=True, size=(100, 30))
"""


def _run(script: str, *args: str, lang: str = "en") -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", script, repr(time.time()), *args],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PARLEY_LANG": lang},
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-2000:])
    figures = {}
    for row in out.stdout.splitlines():
        label, _, value = row.partition(" ")
        if label in ("frame", "listed"):
            figures.setdefault(label, float(value))
    return figures


def bench_startup(rounds: int = 9) -> None:
    bare, lobby, listed, german = [], [], [], []
    with tempfile.TemporaryDirectory() as saves:
        _run(BARE), _run(PARLEY, saves), _run(PARLEY, saves, lang="de")  # warm the file cache and the bytecode
        for _ in range(rounds):
            bare.append(_run(BARE)["frame"])
            figures = _run(PARLEY, saves)
            lobby.append(figures["frame"])
            listed.append(figures["listed"])
            german.append(_run(PARLEY, saves, lang="de")["frame"])
    b, f, s, g = (statistics.median(x) * 1000 for x in (bare, lobby, listed, german))
    line("bare Textual app (header + footer): first frame", b, "ms")
    line("Parley lobby: first frame", f, "ms")
    line("lobby first frame / bare app", f / b, "x", 1.5, False)
    line("Parley lobby in German: first frame", g, "ms")
    line("German lobby first frame / bare app", g / b, "x", 1.5, False)
    line("Parley lobby: scenarios listed", s, "ms")


async def _composer_latency(presses: int = 60) -> list[float]:
    from textual import events

    from game.tui.app import ParleyApp

    shown: list[float] = []

    class Timed(ParleyApp):
        def _display(self, screen, renderable):
            super()._display(screen, renderable)
            if renderable is not None:
                shown.append(time.perf_counter())

    with tempfile.TemporaryDirectory() as saves:
        app = Timed(Path(saves), pace=0, seed_source=lambda: 5)
        async with app.run_test(size=(100, 30)) as pilot:
            while not (type(app.screen).__name__ == "LobbyScreen" and app.screen.entries):
                await pilot.pause(0.01)
            await pilot.press("g")
            for _ in range(200):  # through the brief and the opening news to the table
                await pilot.pause(0.02)
                name = type(app.screen).__name__
                if name == "TableScreen" and app.match.whose_turn == app.screen.seat and not app.screen._busy:
                    break
                if name in ("BriefingScreen", "NoticeScreen"):
                    await pilot.press("enter")
            screen = app.screen
            grid = screen.query_one("#cards")
            grid.focus()
            await pilot.pause(0.1)
            latencies = []
            for i in range(presses):
                before = dict(screen.draft)
                shown.clear()
                t0 = time.perf_counter()
                key = events.Key("right" if i % 4 < 2 else "left", None)
                app._driver.send_message(key)  # as the terminal delivers a key
                while not (shown and screen.draft != before):
                    await asyncio.sleep(0)
                latencies.append(shown[-1] - t0)
                await pilot.pause(0.02)
    return latencies


async def _help_latency(opens: int = 9) -> list[float]:
    """From F1 in the lobby to the first frame that shows the help."""
    from textual import events

    from game.tui.app import ParleyApp

    shown: list[float] = []

    class Timed(ParleyApp):
        def _display(self, screen, renderable):
            super()._display(screen, renderable)
            if renderable is not None and type(self.screen).__name__ == "HelpScreen":
                shown.append(time.perf_counter())

    latencies = []
    with tempfile.TemporaryDirectory() as saves:
        app = Timed(Path(saves), pace=0, seed_source=lambda: 5)
        async with app.run_test(size=(100, 30)) as pilot:
            while not (type(app.screen).__name__ == "LobbyScreen" and app.screen.entries):
                await pilot.pause(0.01)
            await pilot.pause(0.2)
            for _ in range(opens):
                shown.clear()
                t0 = time.perf_counter()
                app._driver.send_message(events.Key("f1", None))
                while not shown:
                    await asyncio.sleep(0)
                latencies.append(shown[0] - t0)
                await pilot.press("escape")
                await pilot.pause(0.1)
    return latencies


def bench_help() -> None:
    latencies = asyncio.run(_help_latency())
    line("help: F1 to the help on screen, first time", latencies[0] * 1000, "ms")
    line("help: F1 to the help on screen, median", statistics.median(latencies) * 1000, "ms", 100, False)


def bench_composer() -> None:
    latencies = sorted(asyncio.run(_composer_latency()))
    line("composer: key press to re-rendered screen, median", statistics.median(latencies) * 1000, "ms", 30, False)
    line("composer: key press to re-rendered screen, p95", latencies[int(len(latencies) * 0.95)] * 1000, "ms")


if __name__ == "__main__":
    print("TUI (headless, 100x30):")
    bench_startup()
    bench_composer()
    bench_help()

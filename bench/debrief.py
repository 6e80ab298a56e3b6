"""Debrief and replay benchmarks: `make bench` runs them after the engine's. Prints
figures and their ratio to targets; asserts nothing.

- the debrief of a whole computer game of Abu Dhabi, from its log (fresh rules: the
  exact analysis behind the scores is part of it), and of a 500-event save;
- rendering it as Markdown, HTML (inline SVG) and CSV;
- `parley debrief SAVE --format html` as a whole process (a teacher's command: target <= 2 s);
- a replay of the 500-event save: building it, one step, a random jump.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import line, median_ms  # noqa: E402  (bench/common.py)

from game.content.loader import load_scenario_by_id  # noqa: E402
from game.debrief import build_debrief, to_csv, to_html, to_markdown  # noqa: E402
from game.engine import Rules  # noqa: E402
from game.headless import play_game  # noqa: E402
from game.replay import Replay  # noqa: E402
from game.store.log import load  # noqa: E402

SCENARIO = "abu-dhabi"
COMPUTERS = {"ru": "ai", "ua": "ai", "us": "ai"}


def bench_debrief() -> None:
    scenario = load_scenario_by_id(SCENARIO)
    session = play_game(Rules(scenario), 3, COMPUTERS)
    steps = session.steps
    events = sum(len(e) for _, e in steps)
    line(
        f"debrief of a {events}-event AI game, fresh rules",
        median_ms(lambda: build_debrief(Rules(scenario), steps), 5), "ms", 1000, False,
    )
    rules = Rules(scenario)
    debrief = build_debrief(rules, steps)
    line("  the same, analysis already in memory", median_ms(lambda: build_debrief(rules, steps), 5), "ms")
    for name, render in (("Markdown", to_markdown), ("HTML", to_html), ("CSV", to_csv)):
        line(f"  render as {name}", median_ms(lambda: render(debrief), 9), "ms")

    from run import _long_save  # bench/run.py: a game of ordinary play made long

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.parley"
        count = _long_save(rules, path)
        loaded = load(path, lambda _id: scenario)
        line(f"debrief of a {count}-event save (loaded)", median_ms(lambda: build_debrief(rules, loaded.steps), 5), "ms")
        out = Path(tmp) / "debrief.html"
        command = [sys.executable, "-m", "game", "debrief", str(path), "--format", "html", "-o", str(out)]
        line(
            "`parley debrief --format html` whole process",
            median_ms(lambda: subprocess.run(command, check=True, cwd=ROOT), 3), "ms", 2000, False,
        )

        line(f"replay of the {count}-event save: build (Kyiv)", median_ms(lambda: Replay(rules, loaded.steps, "ua"), 9), "ms")
        replay = Replay(rules, loaded.steps, "facilitator")
        def forward() -> None:
            replay.goto(1)
            for _ in range(100):
                replay.step(1)
                replay.view()
        line("  one step forward (view included)", median_ms(forward, 5) * 10, "\u00b5s", 16_000, False)
        rng = random.Random(7)
        def jumps() -> None:
            for _ in range(100):
                replay.goto(rng.randrange(1, len(replay) + 1))
                replay.view()
        line("  a random jump (view included)", median_ms(jumps, 5) * 10, "\u00b5s", 16_000, False)


if __name__ == "__main__":
    bench_debrief()

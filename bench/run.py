"""Engine benchmarks: `make bench`. Prints figures and their ratio to the targets;
it asserts nothing, because timings on a shared machine are not test material.

- commands applied per second (engine `step`, refusals included), random agents;
- random-agent games per second in one process (target >= 200 for abu-dhabi);
- load (read + replay + verify) of a 500-event save (target <= 50 ms).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import line  # noqa: E402  (bench/common.py)

from game.agents.random_agent import RandomAgent  # noqa: E402
from game.content.loader import load_scenario_by_id  # noqa: E402
from game.engine import Rules  # noqa: E402
from game.engine import commands as C  # noqa: E402
from game.engine.core import step  # noqa: E402
from game.headless import computer_turn, play_game  # noqa: E402
from game.session import LocalSession  # noqa: E402
from game.store.log import load, write_save  # noqa: E402

SCENARIO = "abu-dhabi"
SEATS = {"ru": "random", "ua": "random", "us": "random"}




def bench_games(rules: Rules, games: int = 400) -> None:
    counted = {"steps": 0, "time": 0.0}
    real_step = step

    def timed_step(*args):
        t0 = time.perf_counter()
        out = real_step(*args)
        counted["time"] += time.perf_counter() - t0
        counted["steps"] += 1
        return out

    import game.session as session_module

    session_module.step = timed_step
    try:
        t0 = time.perf_counter()
        for seed in range(games):
            play_game(rules, seed, SEATS)
        elapsed = time.perf_counter() - t0
    finally:
        session_module.step = real_step
    line("engine: commands applied per second", counted["steps"] / counted["time"], "cmd/s")
    line("random-agent games per second", games / elapsed, "games/s", 200)
    print(f"{'':<6}(mean {counted['steps'] / games:.1f} commands a game: random delegations often walk out early)")


def bench_full_games(rules: Rules, games: int = 100) -> None:
    """Games that run the whole calendar: patient random delegations (no walk-out, no recess)."""
    t0 = time.perf_counter()
    commands = 0
    for seed in range(games):
        session = _play_patient(rules, seed)
        commands += len(session.steps)
    elapsed = time.perf_counter() - t0
    line("full-calendar games per second", games / elapsed, "games/s")
    print(f"{'':<6}(mean {commands / games:.1f} commands a game)")


class _Patient(RandomAgent):
    """A random delegation that never walks out or calls a recess: long games."""

    def decide(self, view, refused):
        command = super().decide(view, refused)
        if isinstance(command, (C.WalkOut, C.Recess)):
            return C.Pass(by=self.delegation)
        return command


def _play_patient(rules: Rules, seed: int, events_wanted: int | None = None, lengthen: int = 0) -> LocalSession:
    """Patient random delegations play; a facilitator may lengthen each round as it opens.
    Stops at the end of the game, or once the log holds `events_wanted` events."""
    session = LocalSession.start(rules, seed)
    agents = {d: _Patient(d, seed) for d in SEATS}
    lengthened = set()
    while not session.ended and (events_wanted is None or len(session.events()) < events_wanted):
        if lengthen and session.state.round_index not in lengthened:
            lengthened.add(session.state.round_index)
            session.submit(C.ChangeTurns(delta=lengthen))
        computer_turn(session, agents, session.whose_turn)
    return session


def _long_save(rules: Rules, path: Path, events_wanted: int = 500) -> int:
    """A game of ordinary play made long enough for a save of `events_wanted` events."""
    session = _play_patient(rules, 2026, events_wanted, lengthen=30)
    write_save(path, session.header(seats=SEATS), session.steps)
    return len(session.events())


def bench_ai(rules: Rules, games: int = 60) -> None:
    """Computer delegations: time per decision (median, p99) and AI-vs-AI games per second."""
    from game.agents.ai import AIAgent

    timings: list[float] = []
    real = AIAgent.decide

    def timed(self, view, refused):
        t0 = time.perf_counter()
        out = real(self, view, refused)
        timings.append(time.perf_counter() - t0)
        return out

    AIAgent.decide = timed
    try:
        t0 = time.perf_counter()
        for seed in range(games):
            play_game(rules, seed, {d: "ai" for d in SEATS})
        elapsed = time.perf_counter() - t0
    finally:
        AIAgent.decide = real
    timings.sort()
    line("AI decision time, median", statistics.median(timings) * 1000, "ms", 2, False)
    line("AI decision time, p99", timings[int(len(timings) * 0.99)] * 1000, "ms", 20, False)
    line("AI-vs-AI games per second", games / elapsed, "games/s", 50)


def bench_load(rules: Rules) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.parley"
        count = _long_save(rules, path)
        scenario_for = lambda _id: rules.scenario  # noqa: E731 - the scenario is already loaded
        load(path, scenario_for)  # warm up
        times = []
        for _ in range(30):
            t0 = time.perf_counter()
            loaded = load(path, scenario_for)
            times.append(time.perf_counter() - t0)
        assert len(loaded.events) == count
        line(f"load + replay + verify a {count}-event save", statistics.median(times) * 1000, "ms", 50, False)


def main() -> None:
    try:
        scenario = load_scenario_by_id(SCENARIO)
    except Exception as exc:  # noqa: BLE001 - a benchmark reports and goes on
        print(f"{SCENARIO} does not load ({exc}); using the tutorial")
        scenario = load_scenario_by_id("tutorial")
    rules = Rules(scenario)
    print(f"Parley engine benchmarks: scenario {scenario.id}, Python {sys.version.split()[0]}")
    t0 = time.perf_counter()
    load_scenario_by_id(scenario.id)
    line("scenario load (parse + validate + check)", (time.perf_counter() - t0) * 1000, "ms")
    bench_games(rules)
    bench_full_games(rules)
    bench_ai(rules)
    bench_load(rules)
    from analysis import bench_analysis, bench_parties  # bench/analysis.py: the exact debrief analysis

    bench_analysis()
    bench_parties()


if __name__ == "__main__":
    main()

"""Analysis benchmarks: how long the exact debrief analysis of Abu Dhabi takes, and
how large its frontiers are. Prints figures; asserts nothing.

- the whole analysis behind `parley analyze` (frontier, Nash, KS and max-welfare for
  all three delegations and each pair, red lines of each point), in one process;
- the three-party search alone;
- frontier sizes, for the default variants and over every draw of the variants;
- the signable analysis at the start (`game.analysis.signable`), build and search;
- `parley analyze --scenario abu-dhabi --json` as a whole process, the unconstrained and
  the signable analysis together (target <= 1 s).
"""

from __future__ import annotations

import itertools
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import line, median_ms  # noqa: E402  (bench/common.py)

from game.analysis import analyze, domain_for  # noqa: E402
from game.analysis.domain import complete_variants  # noqa: E402
from game.analysis.report import build_report, start_state  # noqa: E402
from game.analysis.signable import signable_domain  # noqa: E402
from game.content.loader import load_scenario_by_id  # noqa: E402
from game.engine import Rules  # noqa: E402

SCENARIO = "abu-dhabi"


def _variant_draws(scenario):
    readings = [(code, h.id, [v.id for v in h.options]) for code, spec in scenario.delegations.items() for h in spec.hidden]
    for combo in itertools.product(*[ids for _, _, ids in readings]):
        yield {code: {hid: vid} for (code, hid, _), vid in zip(readings, combo)}


def bench_analysis(repeats: int = 7, processes: int = 5) -> None:
    scenario = load_scenario_by_id(SCENARIO)
    # a fresh Rules each run: the analyses are memoised on it
    line("analysis (3 parties + 3 pairs, full report)", median_ms(lambda: build_report(Rules(scenario)), repeats), "ms")
    domain = domain_for(Rules(scenario))
    line("analysis: three-party search alone", median_ms(lambda: analyze(domain), repeats), "ms")

    start = start_state(Rules(scenario), complete_variants(scenario, None))
    line("signable analysis (start): build and search", median_ms(
        lambda: analyze(signable_domain(Rules(scenario), start)), repeats), "ms")
    signable = [
        len(analyze(signable_domain(Rules(scenario), start_state(Rules(scenario), complete_variants(scenario, v)))).frontier)
        for v in _variant_draws(scenario)
    ]
    print(f"{'':<6}(signable frontier over all {len(signable)} variant draws: {min(signable)} to {max(signable)} points)")

    everyone = analyze(domain)
    pairs = {"+".join(g): len(analyze(domain, g).frontier) for g in itertools.combinations(domain.parties, 2)}
    line("frontier size, 3 parties (default variants)", len(everyone.frontier), "points")
    print(f"{'':<6}({domain.size:,} outcomes; pairs: " + ", ".join(f"{k} {v}" for k, v in pairs.items()) + ")")
    readings = [(code, h.id, [v.id for v in h.options]) for code, spec in scenario.delegations.items() for h in spec.hidden]
    sizes = []
    for combo in itertools.product(*[ids for _, _, ids in readings]):
        variants = {code: {hid: vid} for (code, hid, _), vid in zip(readings, combo)}
        sizes.append(len(analyze(domain_for(Rules(scenario), variants)).frontier))
    print(f"{'':<6}(3-party frontier over all {len(sizes)} variant draws: {min(sizes)} to {max(sizes)} points)")

    command = [sys.executable, "-m", "game", "analyze", "--scenario", SCENARIO, "--json"]
    walls = []
    for _ in range(processes):
        t0 = time.perf_counter()
        subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
        walls.append(time.perf_counter() - t0)
    line("`parley analyze --json`, whole process", statistics.median(walls) * 1000, "ms", 1000, False)


def _six_parties():
    """The four-party test scenario with two more delegations: copies of two of its own
    under new codes, with their valuations on every card (a table of six, as the
    analysis must handle)."""
    from game.content.models import Scenario

    base = load_scenario_by_id("river-basin")
    data = base.model_dump()
    extra = {"upland2": "upland", "delta2": "delta"}
    for new, old in extra.items():
        spec = dict(data["delegations"][old])
        spec.update(meters=(), red_lines=(), levers=(), hidden=(), style={})  # no references to the original's meters
        data["delegations"][new] = spec
        data["scoring"][new] = {}
        for card in data["cards"]:
            card["weights"][new] = card["weights"][old]
            card["values"][new] = card["values"][old]
    data["calendar"]["turn_order"] = (*data["calendar"]["turn_order"], *extra)
    return Scenario.model_validate(data)


def bench_parties(repeats: int = 3) -> None:
    """The exact analysis by the number of delegations: the report's analyses (every
    delegation, then each pair) and the signable analysis at the start."""
    tables = [(load_scenario_by_id(name), name) for name in ("itex-cypress", "abu-dhabi", "river-basin")]
    tables.append((_six_parties(), "river-basin + 2"))
    for scenario, name in tables:
        n = len(scenario.delegations)
        line(f"analysis: {n} parties ({name})", median_ms(lambda scenario=scenario: build_report(Rules(scenario)), repeats),
             "ms")
        print(f"{'':<6}(the full report: every delegation, then {n * (n - 1) // 2 if n > 2 else 0} pairs)")
        rules = Rules(scenario)
        start = start_state(rules, complete_variants(scenario, None))
        line(f"signable analysis: {n} parties",
             median_ms(lambda scenario=scenario, start=start: analyze(signable_domain(Rules(scenario), start)), repeats),
             "ms")


if __name__ == "__main__":
    print(f"Parley analysis benchmarks: scenario {SCENARIO}, Python {sys.version.split()[0]}")
    bench_analysis()
    bench_parties()

"""Desk benchmark: what the teacher's desk costs the host, and how soon it hears of a
move. `parley host` with 10 tables on loopback, 4 clients each (three computer players
and a facilitator watching, as in bench/net.py), every game played to the end; the same
seeded load is played without a desk and with one desk connected, in turn, a few times.

Prints the host's CPU time per action without and with the desk, and their ratio (target
<= 1.10: the desk adds at most 10 %); and the latency from an action sent to the desk
holding a summary of its table that shows it (p50, p95, max; target p95 <= 100 ms), once
flat out and once with 100 ms of thinking per move. To read the ratio by, as the CPU
times of separate runs on a shared machine vary: the CPU time of one table's summary,
built again in this process from a run's finished tables, and so the summaries' share
of an action. Asserts nothing.

The host runs in a process of its own, the seats in two others (each with whole tables,
as bench/net.py deals them out) and the desk in a fourth, so that no client process's
work stands in the host's figures. A summary shows an action when its table's event
count (the events every delegation sees) has reached the count the action brought the
table to: that count is worked out from the facilitator's client, which is sent every
event of its table, by the engine's own redaction for an observer.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import line  # noqa: E402  (bench/common.py)
from net import RUN_TIMEOUT, TABLES, WORKERS, scheduled, seat, served, spawn, start_host, stop, time_limit  # noqa: E402
from netclient import player, seated_tables  # noqa: E402  (bench/netclient.py: the computer player of bench/net.py)

from game.net.desk import FLUSH  # noqa: E402

HERE = str(Path(__file__).resolve())
PAIRS = 3  # flat-out runs without and with the desk, alternated (the CPU ratio is read over all of them)
SETTLE = 0.2  # seconds after the last game before the host's CPU is read: the desk's last summaries go out


# ---------------------------------------------------------------------------- the seats' processes


def first_after(arrivals: list[tuple[float, int]], t0: float) -> int | None:
    """The index of a client's first update that came at or after `t0`."""
    found = bisect.bisect_left(arrivals, (t0, -1))
    return found if found < len(arrivals) else None


def table_actions(clients: list, sent: list[float]) -> dict:
    """Each action at the table: [sent, the table's public event count it brought about,
    the count before it]; and the count at the end.

    The facilitator is sent every event of its table (`seen`: the raw count), so the
    public count after each of its updates is the number of those events an observer
    sees; an action's update is the first to come at or after its sending (a table's
    actions come one after another, each after the update of the one before)."""
    from game.content.loader import load_scenario_by_id
    from game.engine import Rules
    from game.engine.views import OBSERVER, redact_event
    from game.match import FACILITATOR

    facilitator = next(c for c in clients if c.seat == FACILITATOR)
    rules = Rules(load_scenario_by_id(facilitator.welcome.scenario))
    public = [0]  # the public count after the first n raw events
    for event in facilitator.events:
        public.append(public[-1] + (redact_event(rules, event, OBSERVER) is not None))
    actions = []
    for t0 in sorted(sent):
        at = first_after(facilitator.arrivals, t0)
        if at is None:
            continue
        before = public[facilitator.arrivals[at - 1][1]] if at else 0
        actions.append([t0, public[facilitator.arrivals[at][1]], before])
    return {"actions": actions, "final": public[-1]}


async def seats_process() -> None:
    """One process of seats (the job of bench/netclient.py, same protocol on stdin): its
    tables played to the end; prints each one's actions (see `table_actions`)."""
    from game.match import FACILITATOR

    job, tables = await seated_tables("bench/desk.py")
    sent: dict[str, list[float]] = {t: [] for t in tables}
    try:
        await asyncio.gather(*(
            player(c, job["seed"], job["think"], sent[t])
            for t, clients in tables.items() for c in clients if c.seat != FACILITATOR
        ))
        await asyncio.gather(*(c.wait(lambda c=c: c.view.phase == "ended") for cs in tables.values() for c in cs))
        out = {t: table_actions(clients, sent[t]) for t, clients in tables.items()}
    finally:
        for clients in tables.values():
            for client in clients:
                await client.close()
    print(json.dumps(out), flush=True)


# ---------------------------------------------------------------------------- the desk's process


async def desk_process() -> None:
    """The desk: joins with the code on stdin, prints "ready", then notes every summary
    it is sent (when, which table, its event count) until told "stop"; prints them."""
    from game.net.deskclient import DeskClient
    from game.net.protocol import DeskUpdate

    heard: list[tuple[float, str, int]] = []

    class Noting(DeskClient):
        def take(self, message) -> None:
            if isinstance(message, DeskUpdate):
                now = time.perf_counter()
                heard.extend((now, s.table, s.events) for s in message.tables)
            super().take(message)

    job = json.loads(sys.stdin.readline())
    desk = await Noting.join(job["uri"], job["code"])
    heard.clear()  # the welcome's summaries: before the games
    before = desk.received
    print("ready", flush=True)
    await asyncio.to_thread(sys.stdin.readline)  # "stop"
    updates = desk.received - before
    await desk.close()
    print(json.dumps({"heard": heard, "messages": updates}), flush=True)


# ---------------------------------------------------------------------------- the runs


def desk_code(saves: Path) -> str:
    """The lesson's desk code, from its manifest."""
    manifest = next(saves.glob("*/host.json"))
    return json.loads(manifest.read_text(encoding="utf-8"))["desk"]


def run(think: float, with_desk: bool) -> dict:
    """One run on a fresh host: every table's actions, the desk's summaries (if one is
    connected), the time played, and the host's CPU time over the games."""
    processes = []
    with tempfile.TemporaryDirectory() as tmp:
        saves = Path(tmp) / "saves"
        try:
            with time_limit(processes, RUN_TIMEOUT):
                host = start_host(saves)
                processes.append(host)
                uri, codes = served(host)
                workers = [spawn([HERE, "--seats"]) for _ in range(WORKERS)]
                processes += workers
                seat(workers, uri, codes, think)
                desk = None
                if with_desk:
                    desk = spawn([HERE, "--desk"])
                    processes.append(desk)
                    desk.stdin.write(json.dumps({"uri": uri, "code": desk_code(saves)}) + "\n")
                    desk.stdin.flush()
                    if desk.stdout.readline().strip() != "ready":
                        raise RuntimeError(f"the desk exited (status {desk.wait()}) before it joined")
                t0, (cpu, _) = time.monotonic(), scheduled(host.pid)
                for worker in workers:
                    worker.stdin.write("go\n")
                    worker.stdin.flush()
                tables: dict[str, dict] = {}
                for worker in workers:
                    out, _ = worker.communicate()
                    if worker.returncode != 0:
                        raise RuntimeError(f"a seats' process failed (status {worker.returncode})")
                    tables.update(json.loads(out))
                elapsed = time.monotonic() - t0
                time.sleep(SETTLE)
                host_cpu = scheduled(host.pid)[0] - cpu
                heard = {"heard": [], "messages": 0}
                if desk is not None:
                    out, _ = desk.communicate("stop\n")
                    if desk.returncode != 0:
                        raise RuntimeError(f"the desk's process failed (status {desk.returncode})")
                    heard = json.loads(out)
        finally:
            stop(processes)
        cost = summary_cost(saves) if with_desk else {}
    return {**cost, "tables": tables, "elapsed": elapsed, "host_cpu": host_cpu,
            "actions": sum(len(t["actions"]) for t in tables.values()), **heard}


def summary_cost(saves: Path) -> dict:
    """The host's CPU time to build and write out one table's summary, in ms, for the
    finished tables of a run (the longest transcripts), taken up again from their saves
    in this process: the desk's work, without the noise of the other processes."""
    from game.net.host import Host
    from game.net.protocol import dump

    host = Host.resume(next(saves.glob("*/host.json")).parent)
    tables = list(host.tables.values())
    dump(host.desk.update(tables, 0.0))  # warm up
    repeats = 20
    t0 = time.process_time()
    for _ in range(repeats):
        dump(host.desk.update(tables, 0.0))
    return {"summary_ms": (time.process_time() - t0) / (repeats * len(tables)) * 1000}


def latencies(result: dict) -> dict:
    """For each action that changed its table's public count: from its sending to the
    first summary at the desk showing that count, in ms; how many actions no summary
    showed, and how many changed no public count; and the time between two updates
    at the desk while the games went on, in ms (the host's flush cycle, FLUSH, and
    whatever keeps its event loop from the flush)."""
    heard: dict[str, list[tuple[float, int]]] = {}
    for at, table, events in result["heard"]:
        heard.setdefault(table, []).append((at, events))
    times = sorted({at for at, _, _ in result["heard"]})
    out = {"sent": [], "gaps": [(b - a) * 1000 for a, b in zip(times, times[1:])], "missing": 0, "private": 0,
           "final_differs": []}
    for table, record in result["tables"].items():
        summaries = heard.get(table, [])
        counts = [events for _, events in summaries]  # never falls: a table's summaries come in order
        for t0, count, before in record["actions"]:
            if count <= before:
                out["private"] += 1
                continue
            found = bisect.bisect_left(counts, count)
            if found == len(counts):
                out["missing"] += 1
                continue
            at = summaries[found][0]
            out["sent"].append((at - t0) * 1000)
        if summaries and summaries[-1][1] != record["final"]:
            out["final_differs"].append(f"{table}: desk {summaries[-1][1]}, observer {record['final']}")
    out["sent"].sort()
    return out


def p95(values: list[float]) -> float:
    return values[int(len(values) * 0.95)]


def report_cpu(runs: list[tuple[dict, dict]]) -> None:
    without = sum(a["host_cpu"] for a, _ in runs) / sum(a["actions"] for a, _ in runs) * 1000
    with_desk = sum(b["host_cpu"] for _, b in runs) / sum(b["actions"] for _, b in runs) * 1000
    ratios = [(b["host_cpu"] / b["actions"]) / (a["host_cpu"] / a["actions"]) for a, b in runs]
    actions = sorted({r["actions"] for pair in runs for r in pair})
    print(f"Desk (loopback), flat out: {TABLES} tables x 4 clients, {'/'.join(map(str, actions))} actions a run, "
          f"{len(runs)} runs without and {len(runs)} with a desk, alternated")
    line("  host's CPU time per action, no desk", without, "ms")
    line("  host's CPU time per action, with a desk", with_desk, "ms")
    text = f"{'  ratio, with a desk to without':<44} {with_desk / without:>12.3f} x"
    ratio = 1.10 / (with_desk / without)
    text += f"   target <= 1.1 x: {ratio:.2f}x, {'meets target' if ratio >= 1 else 'BELOW TARGET'}"
    print(text)
    use = [sum(r["host_cpu"] for r in side) / sum(r["elapsed"] for r in side) * 100 for side in zip(*runs)]
    print(f"{'':<6}(pair by pair: {', '.join(f'{r:.3f}' for r in ratios)}; the host's CPU use over the games: "
          f"{use[0]:.0f} % of a core without, {use[1]:.0f} % with)")
    if len(actions) > 1:
        print(f"{'':<6}(the runs did not play the same games: {actions} actions)")
    cost = statistics.median(b["summary_ms"] for _, b in runs)
    per_action = sum(len(b["heard"]) for _, b in runs) / sum(b["actions"] for _, b in runs)
    line("  one table's summary, built and written", cost * 1000, "us")
    print(f"{'':<6}({per_action:.2f} summaries an action went to the desk: about {cost * per_action * 1000:.0f} us "
          f"an action, {cost * per_action / without * 100:.1f} % of the host's CPU per action without a desk)")


def report_latency(what: str, results: list[dict]) -> None:
    found = [latencies(r) for r in results]
    sent = sorted(x for f in found for x in f["sent"])
    gaps = sorted(x for f in found for x in f["gaps"])
    messages = sum(r["messages"] for r in results)
    actions = sum(r["actions"] for r in results)
    print(f"Desk (loopback), {what}: {len(sent)} actions seen at the desk over {len(results)} run(s), "
          f"{messages} updates sent to it ({messages / actions:.2f} an action)")
    line("  action sent to the desk showing it, p50", statistics.median(sent), "ms")
    line("  action sent to the desk showing it, p95", p95(sent), "ms", 100, False)
    line("  action sent to the desk showing it, max", sent[-1], "ms")
    line("  time between two updates at the desk, p50", statistics.median(gaps), "ms")
    line("  time between two updates at the desk, p95", p95(gaps), "ms")
    missing, private = sum(f["missing"] for f in found), sum(f["private"] for f in found)
    if missing:
        print(f"      ({missing} actions never shown at the desk: not counted)")
    if private:
        print(f"      ({private} actions changed no public event count: not counted)")
    for differs in (d for f in found for d in f["final_differs"]):
        print(f"      (the desk's last count differs from the observer's transcript at {differs})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=PAIRS, help=f"flat-out runs without and with (default {PAIRS})")
    parser.add_argument("--seats", action="store_true", help=argparse.SUPPRESS)  # a seats' process
    parser.add_argument("--desk", action="store_true", help=argparse.SUPPRESS)  # the desk's process
    args = parser.parse_args()
    if args.seats:
        asyncio.run(seats_process())
        return
    if args.desk:
        asyncio.run(desk_process())
        return
    pairs = [(run(0.0, False), run(0.0, True)) for _ in range(args.pairs)]
    report_cpu(pairs)
    report_latency("flat out: every move at once", [b for _, b in pairs])
    report_latency("100 ms to think over each move", [run(0.1, True)])
    print("      (an action: a delegation's command the host took, sent by a computer player at its client.\n"
          "       The host's CPU time is read from /proc over the games and divided by the actions; the desk's\n"
          "       welcome and first summaries come before. A summary shows an action once its event count (the\n"
          "       events every delegation sees) reaches the count the action brought its table to; the host\n"
          f"       tells the desk at once after a quiet {FLUSH * 1000:.0f} ms, else gathers changes until then: the\n"
          "       time between two updates is that window, whatever keeps the host's event loop from the flush\n"
          "       then, and (with thinking) the pauses when no table changed. Sending and hearing are read on\n"
          "       CLOCK_MONOTONIC (perf_counter), one clock for every process of the machine. The desk has a\n"
          "       process of its own, sharing the cores with the host and the two seats' processes.)")


if __name__ == "__main__":
    main()

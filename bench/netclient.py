"""One client process of the network benchmark (bench/net.py starts several): it seats
four clients at each table it is given (the three delegations and the facilitator; the
observer's seat stays empty), lets a computer player play each delegation's seat on
the views it receives, and reports the latency of every action.

The protocol with bench/net.py, one JSON document or word a line:
  stdin  <- {"uri": ..., "tables": {table: {seat: code}}, "think": seconds, "seed": n}
  stdout -> "ready"                     (every client has joined and has its first view)
  stdin  <- "go"                        (every process is ready: play)
  stdout -> {"latencies": [ms, ...], "missing": n, "cpu": seconds of CPU time playing}

Clock: every latency is the difference of two readings of `time.perf_counter()` in
this process: the send time taken here, and the arrival time that
`game.net.client.Client` stamps on each update (with `perf_counter`, which is why the
send time uses it too rather than `time.monotonic_ns()`). A table's four clients always
live in one process, so no reading is ever compared with another process's clock; on
Linux `perf_counter` is CLOCK_MONOTONIC in any case, the clock of `time.monotonic_ns()`,
which is system-wide.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.agents import make_agent  # noqa: E402
from game.engine.rng import derive  # noqa: E402
from game.match import FACILITATOR  # noqa: E402
from game.net.client import Client, computer_turn  # noqa: E402

GAME_TIMEOUT = 300  # seconds a player waits for its turn before giving up


async def player(client: Client, seed: int, think: float, sent: list[float]) -> None:
    """A computer player at a client, deciding on the view the host sent it and taking
    `think` seconds over each move. Each accepted action is recorded in `sent` as the
    moment it was sent.
    The decision is made before that moment: it is the player's time, not the host's."""
    me = client.seat
    agent = make_agent("ai", me, derive(seed, "agent", me))
    heard = 0
    while True:
        await client.wait(lambda: client.view.phase == "ended" or client.view.whose_turn == me, timeout=GAME_TIMEOUT)
        if client.view.phase == "ended":
            return
        if think:
            await asyncio.sleep(think)
        heard = await computer_turn(client, agent, heard, sent.append)


def table_latencies(clients: list[Client], sent: list[float]) -> tuple[list[float], int]:
    """For each action: from its sending to the update it brought about at the last of
    the table's clients to get it, in ms; and how many actions some client never saw.
    A client is told only its own seat's event count, so updates are matched to actions
    by order: a table's actions come one after another, every move the bench's players
    make is public, and each client's updates are taken in turn, the first at or after
    each sending."""
    latencies, missing = [], 0
    cursor = [0] * len(clients)  # the next update of each client not yet matched to an action
    for t0 in sorted(sent):
        reached = []
        for i, c in enumerate(clients):
            while cursor[i] < len(c.arrivals) and c.arrivals[cursor[i]][0] < t0:
                cursor[i] += 1
            reached.append(c.arrivals[cursor[i]][0] if cursor[i] < len(c.arrivals) else None)
            cursor[i] += 1
        if None in reached:
            missing += 1
        else:
            latencies.append((max(reached) - t0) * 1000)
    return latencies, missing


async def play(tables: dict[str, list[Client]], seed: int, think: float) -> dict:
    """Every table played to the end; every client then waits for the last update."""
    sent = {t: [] for t in tables}
    await asyncio.gather(*(
        player(c, seed, think, sent[t]) for t, clients in tables.items() for c in clients if c.seat != FACILITATOR
    ))
    await asyncio.gather(*(
        c.wait(lambda c=c: c.view.phase == "ended") for clients in tables.values() for c in clients
    ))
    latencies, missing = [], 0
    for t, clients in tables.items():
        found, lost = table_latencies(clients, sent[t])
        latencies += found
        missing += lost
    return {"latencies": latencies, "missing": missing}


async def seated_tables(who: str) -> tuple[dict, dict[str, list[Client]]]:
    """The seats' side of the protocol on stdin: reads the job, joins every seat of its
    tables, prints "ready" and waits for "go". `who` names the benchmark if it is stopped."""
    job = json.loads(sys.stdin.readline())
    tables = {
        # each delegation's seat and the facilitator's (the host's codes include the observers', unused here)
        t: [await Client.join(job["uri"], code) for seat, code in codes.items() if seat != "observer"]
        for t, codes in job["tables"].items()
    }
    print("ready", flush=True)
    if (await asyncio.to_thread(sys.stdin.readline)).strip() != "go":
        raise SystemExit(f"{who}: told to stop before the start")
    return job, tables


async def main() -> None:
    job, tables = await seated_tables("bench/netclient.py")
    try:
        cpu = time.process_time()
        result = await play(tables, job["seed"], job["think"])
        result["cpu"] = time.process_time() - cpu
    finally:
        for clients in tables.values():
            for client in clients:
                await client.close()
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    asyncio.run(main())

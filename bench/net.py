"""Network benchmark: `parley host` with 10 tables on loopback, 4 clients each (three
computer players deciding on the views they receive, and a facilitator watching),
every game played to the end. Prints the latency from an action sent to every client
of its table updated (p50, p95; target p95 <= 50 ms) and the host's memory (its peak
resident size; target <= 200 MB). Asserts nothing.
"""

from __future__ import annotations

import asyncio
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import line  # noqa: E402  (bench/common.py)
from game.agents import make_agent  # noqa: E402
from game.engine import commands as C  # noqa: E402
from game.engine.rng import derive  # noqa: E402
from game.headless import MAX_TRIES  # noqa: E402
from game.net.client import Client  # noqa: E402

TABLES = 10
SEED = 11


def start_host(saves: Path) -> tuple[subprocess.Popen, str, dict[str, dict[str, str]]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "game", "--saves-dir", str(saves), "host", "--port", "0", "--tables", str(TABLES),
         "--seed", str(SEED)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    codes: dict[str, dict[str, str]] = {}
    uri = ""
    for text in process.stdout:
        if found := re.search(r"(ws://\S+:\d+)", text):
            uri = found.group(1)
        if found := re.match(r"\s+(table-\d+)\s+(\w+)\s+(\S+)$", text):
            codes.setdefault(found.group(1), {})[found.group(2)] = found.group(3)
        if text.startswith("Stop with"):
            break
    return process, uri, codes


async def player(client: Client, sent: list[tuple[float, int]], think: float) -> None:
    """A computer player at a client, taking `think` seconds over each move; records
    (time sent, the event count it brought the table to)."""
    me = client.seat
    agent = make_agent("ai", me, derive(SEED, "agent", me))
    told = 0
    while True:
        await client.wait(lambda: client.view.phase == "ended" or client.view.whose_turn == me, timeout=300)
        agent.observe(client.events[told:])
        told = len(client.events)
        if client.view.phase == "ended":
            return
        refused = []
        if think:
            await asyncio.sleep(think)
        for _ in range(MAX_TRIES):
            t0 = time.perf_counter()
            refusal = await client.act(agent.decide(client.view, refused))
            if refusal is None:
                sent.append((t0, client.arrivals[-1][1]))
                break
            refused.append(refusal)
        else:
            await client.act(C.Pass(by=me))


async def run(uri: str, codes: dict[str, dict[str, str]], think: float) -> list[float]:
    tables = {t: {seat: await Client.join(uri, code) for seat, code in seats.items()} for t, seats in codes.items()}
    sent = {t: [] for t in tables}
    await asyncio.gather(*(
        player(client, sent[t], think) for t, clients in tables.items() for seat, client in clients.items() if seat != "facilitator"
    ))
    await asyncio.sleep(0.5)
    latencies = []
    for t, clients in tables.items():
        for t0, seen in sent[t]:
            reached = [next((at for at, count in c.arrivals if count >= seen), None) for c in clients.values()]
            if all(at is not None for at in reached):
                latencies.append((max(reached) - t0) * 1000)
        for client in clients.values():
            await client.close()
    return latencies


def peak_memory_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def main() -> None:
    for think, what in ((0.0, "flat out: every move at once"), (0.1, "100 ms to think over each move")):
        with tempfile.TemporaryDirectory() as tmp:
            process, uri, codes = start_host(Path(tmp) / "saves")
            try:
                t0 = time.perf_counter()
                latencies = asyncio.run(run(uri, codes, think))
                elapsed = time.perf_counter() - t0
                memory = peak_memory_mb(process.pid)
            finally:
                process.terminate()
                process.wait(10)
        latencies.sort()
        print(f"Network (loopback), {what}: {TABLES} tables x 4 clients, {len(latencies)} actions in {elapsed:.1f} s")
        line("  action to every client of its table, p50", statistics.median(latencies), "ms")
        line("  action to every client of its table, p95", latencies[int(len(latencies) * 0.95)], "ms", 50, False)
        line("  host's peak memory", memory, "MB", 200, False)
    print("      (the clients and their computer players share one process: its queue is part of the figures)")


if __name__ == "__main__":
    main()

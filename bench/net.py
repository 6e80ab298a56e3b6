"""Network benchmark: `parley host` with 10 tables on loopback, 4 clients each (three
computer players deciding on the views they receive, and a facilitator watching),
every game played to the end, once flat out and once with 100 ms of thinking per move.
Prints the latency from an action sent to every client of its table updated (p50, p95,
max; target p95 <= 50 ms) and the host's memory (its peak resident size; target <=
200 MB); and, to read those by, the host's CPU time per action, its time waiting for a
free core, and the CPU use of the host and of the client processes. Asserts nothing.

The host runs in a process of its own and the clients in a few others
(bench/netclient.py, each with whole tables), so that a single client process's queue
of work does not stand in the host's figures. Every child process is stopped when a
run ends, on an error too, and killed if the run takes over RUN_TIMEOUT; on Linux the
children are also sent SIGTERM if this process dies.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import line  # noqa: E402  (bench/common.py)

TABLES = 10
SEED = 11
WORKERS = 2  # client processes, each with every WORKERS-th table (more only add switching on 2 cores)
RUN_TIMEOUT = 60  # seconds a run may take, from starting the host to the last game's end
PR_SET_PDEATHSIG = 1  # prctl(2): the signal a child gets when its parent dies


def die_with_parent() -> None:
    """In a child, before it runs: be sent SIGTERM when the bench dies, however it dies."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def spawn(args: list[str]) -> subprocess.Popen:
    """A Python child process that talks to this one over its stdin and stdout."""
    return subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        preexec_fn=die_with_parent,
    )


def start_host(saves: Path) -> subprocess.Popen:
    """`parley host` with the benchmark's tables, on a free port of the loopback."""
    return spawn(["-m", "game", "--saves-dir", str(saves), "host", "--port", "0", "--tables", str(TABLES),
                  "--seed", str(SEED)])


def served(process: subprocess.Popen) -> tuple[str, dict[str, dict[str, str]]]:
    """Once the host serves: its address and each table's seat codes, as it printed them."""
    codes: dict[str, dict[str, str]] = {}
    uri = ""
    for text in process.stdout:
        if found := re.search(r"(ws://\S+:\d+)", text):
            uri = found.group(1)
        if found := re.match(r"\s+(table-\d+)\s+(\w+)\s+(\S+)$", text):
            codes.setdefault(found.group(1), {})[found.group(2)] = found.group(3)
        if text.startswith("Stop with"):
            return uri, codes
    raise RuntimeError(f"the host exited (status {process.wait()}) before it served")


def start_clients(workers: int) -> list[subprocess.Popen]:
    """`workers` client processes (bench/netclient.py), waiting for their tables."""
    return [spawn([str(ROOT / "bench" / "netclient.py")]) for _ in range(workers)]


def seat(processes: list[subprocess.Popen], uri: str, codes: dict[str, dict[str, str]], think: float) -> None:
    """Deal the tables out between the client processes; returns once every one of
    them has seated the four clients of each of its tables."""
    names = sorted(codes)
    for n, process in enumerate(processes):
        job = {"uri": uri, "tables": {t: codes[t] for t in names[n::len(processes)]}, "think": think, "seed": SEED}
        process.stdin.write(json.dumps(job) + "\n")
        process.stdin.flush()
    for process in processes:
        if process.stdout.readline().strip() != "ready":
            raise RuntimeError(f"a client process exited (status {process.wait()}) before its clients joined")


def play(processes: list[subprocess.Popen]) -> dict:
    """Start every client process at once; once all are done, their latencies (ms),
    missed updates and CPU time (s), summed."""
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.flush()
    total = {"latencies": [], "missing": 0, "cpu": 0.0}
    for process in processes:
        out, _ = process.communicate()
        if process.returncode != 0:
            raise RuntimeError(f"a client process failed (status {process.returncode})")
        for key, value in json.loads(out).items():
            total[key] += value
    return total


@contextmanager
def time_limit(processes: list[subprocess.Popen], seconds: float):
    """Kill the processes in `processes` (as the list is then) if the block is still
    running after `seconds`: whatever waits on them then fails instead of hanging."""
    timer = threading.Timer(seconds, lambda: [process.kill() for process in processes])
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def stop(processes: list[subprocess.Popen]) -> None:
    """Terminate, then kill what is still running; wait for every one."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def scheduled(pid: int) -> tuple[float, float]:
    """A running process's seconds so far on a core, and ready to run but waiting for
    one (/proc/PID/schedstat)."""
    on_core, waiting, _ = Path(f"/proc/{pid}/schedstat").read_text().split()
    return int(on_core) / 1e9, int(waiting) / 1e9


def peak_memory_mb(pid: int) -> float:
    """A running process's peak resident size (VmHWM)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def run(think: float, workers: int) -> dict:
    """One run on a fresh host: the latencies, missed updates, time played, the CPU
    time the host and the client processes used over the games, the host's time waiting
    for a core then, and its peak memory."""
    processes = []
    with tempfile.TemporaryDirectory() as tmp:
        try:
            with time_limit(processes, RUN_TIMEOUT):
                host = start_host(Path(tmp) / "saves")
                processes.append(host)
                uri, codes = served(host)
                clients = start_clients(workers)
                processes += clients
                seat(clients, uri, codes, think)
                t0, (cpu, queued) = time.monotonic(), scheduled(host.pid)
                result = play(clients)
                (cpu_end, queued_end), elapsed = scheduled(host.pid), time.monotonic() - t0
                return {"latencies": sorted(result["latencies"]), "missing": result["missing"], "elapsed": elapsed,
                        "host_cpu": cpu_end - cpu, "host_queued": queued_end - queued, "clients_cpu": result["cpu"],
                        "memory": peak_memory_mb(host.pid)}
        finally:
            stop(processes)


def report(what: str, result: dict, workers: int) -> None:
    latencies = result["latencies"]
    print(f"Network (loopback), {what}: {TABLES} tables x 4 clients, {len(latencies)} actions in "
          f"{result['elapsed']:.1f} s; 1 host process + {workers} client processes on {os.cpu_count()} cores")
    line("  action to every client of its table, p50", statistics.median(latencies), "ms")
    line("  action to every client of its table, p95", latencies[int(len(latencies) * 0.95)], "ms", 50, False)
    line("  action to every client of its table, max", latencies[-1], "ms")
    actions, elapsed = len(latencies), result["elapsed"]
    line("  host's CPU time per action", result["host_cpu"] / actions * 1000, "ms")
    line("  host's wait for a free core, per action", result["host_queued"] / actions * 1000, "ms")
    line("  host's CPU use over the games, of one core", result["host_cpu"] / elapsed * 100, "%")
    line("  client processes' CPU use, of one core", result["clients_cpu"] / elapsed * 100, "%")
    line("  host's peak memory", result["memory"], "MB", 200, False)
    if result["missing"]:
        print(f"      ({result['missing']} actions never reached some client of their table: not counted)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=WORKERS, help=f"client processes (default {WORKERS})")
    workers = parser.parse_args().workers
    for think, what in ((0.0, "flat out: every move at once"), (0.1, "100 ms to think over each move")):
        report(what, run(think, workers), workers)
    print("      (an action: a delegation's command the host took, sent by a computer player at its client.\n"
          "       Its latency: from the moment the client sent it to the moment the last of the table's 4 clients\n"
          "       - the 3 delegations and the facilitator - had received and applied the update it brought about.\n"
          "       A table's 4 clients share one client process, so both ends are read on that process's clock.\n"
          "       The players' decisions and thinking are not in it. The client processes share the cores with\n"
          "       the host and with whatever else runs on the machine; the CPU and waiting figures are totals\n"
          "       over the games, the host's also divided by the actions.)")


if __name__ == "__main__":
    main()

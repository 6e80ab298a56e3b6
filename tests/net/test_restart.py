"""`parley host` as a program: killed with SIGKILL mid-game and started again on the
same saves folder, it resumes every table exactly; the clients rejoin with their codes."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from game.content.loader import load_scenario_by_id
from game.net.client import Client
from game.store.log import load, read_header

from game.engine.rules import DELEGATIONS

from .test_loopback import seat_player

ROOT = Path(__file__).resolve().parents[2]


def start_host(saves: Path, port: int = 0) -> tuple[subprocess.Popen, int, dict[tuple[str, str], str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "game", "--saves-dir", str(saves), "host", "--port", str(port), "--tables", "2",
         "--seed", "4"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    codes, port_seen = {}, None
    for line in process.stdout:
        if found := re.search(r"ws://127\.0\.0\.1:(\d+)", line):
            port_seen = int(found.group(1))
        if found := re.match(r"\s+(table-\d+)\s+(\w+)\s+(\S+)$", line):
            codes[(found.group(1), found.group(2))] = found.group(3)
        if line.startswith("Stop with"):
            break
    assert port_seen is not None, process.stderr.read()
    return process, port_seen, codes


@pytest.fixture
def started():
    """The host processes a test starts; any still running at its end (a failed test) is killed."""
    processes: list[subprocess.Popen] = []
    yield processes
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait(10)


def test_a_host_killed_mid_game_resumes_every_table_exactly(tmp_path, started):
    saves = tmp_path / "saves"
    process, port, codes = start_host(saves)
    started.append(process)
    assert len(codes) == 10 and oct((saves / "host.json").stat().st_mode & 0o777) == "0o600"  # codes are secrets
    # No table plays the base seed: a finished table's log must tell nothing of the others' draws.
    seeds = [read_header(path).seed for path in sorted(saves.glob("*.parley"))]
    assert len(set(seeds)) == 2 and 4 not in seeds
    uri = f"ws://127.0.0.1:{port}"

    async def before_the_crash():
        clients = {key: await Client.join(uri, code) for key, code in codes.items()}
        # every delegation of both tables plays two turns
        await asyncio.wait_for(asyncio.gather(*(
            seat_player(c, 4, moves=2) for (table, seat), c in clients.items() if seat in DELEGATIONS
        )), 60)
        await asyncio.sleep(0.2)
        return {key: (c.view, list(c.events)) for key, c in clients.items()}

    seen = asyncio.run(before_the_crash())
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)

    again, port2, codes2 = start_host(saves, port)
    started.append(again)
    try:
        assert codes2 == codes and port2 == port  # the same codes, read back from host.json

        async def after_the_restart():
            clients = {key: await Client.join(uri, code) for key, code in codes.items()}
            for key, client in clients.items():
                assert (client.view, client.events) == seen[key], key  # exactly where each seat was
            await asyncio.wait_for(asyncio.gather(*(
                seat_player(c, 4) for (table, seat), c in clients.items() if seat in DELEGATIONS
            )), 120)
            for client in clients.values():
                await client.close()

        asyncio.run(after_the_restart())
    finally:
        again.send_signal(signal.SIGINT)
        again.wait(10)
    for save in saves.glob("*.parley"):
        loaded = load(save, load_scenario_by_id)
        assert loaded.state.ended and loaded.warnings == []

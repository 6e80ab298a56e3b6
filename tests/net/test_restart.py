"""`parley host` as a program: killed with SIGKILL mid-game and started again on the
same saves folder, it resumes every table exactly; the clients rejoin with their codes."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from game.content.loader import load_scenario_by_id
from game.net.client import Client
from game.store.log import load, read_header
from tests.abu_dhabi import DELEGATIONS

from .hostproc import HostProcess
from .test_loopback import seat_player


def start_host(saves: Path, port: int = 0, resume: bool = False) -> tuple[HostProcess, int, dict[tuple[str, str], str]]:
    process = HostProcess(saves, port=port, tables=2, seed=4, resume=resume)
    port_seen, codes = process.port_and_codes()
    return process, port_seen, codes


def test_a_host_killed_mid_game_resumes_every_table_exactly(tmp_path, started):
    saves = tmp_path / "saves"
    process, port, codes = start_host(saves)
    started.append(process)
    lesson = process.lesson
    assert lesson.parent == saves and lesson.name.startswith("lesson-")
    assert len(codes) == 10 and oct((lesson / "host.json").stat().st_mode & 0o777) == "0o600"  # codes are secrets
    # No table plays the base seed: a finished table's log must tell nothing of the others' draws.
    seeds = [read_header(path).seed for path in sorted(lesson.glob("*.parley"))]
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
    process.kill()

    again, port2, codes2 = start_host(saves, port, resume=True)
    started.append(again)
    try:
        assert codes2 == codes and port2 == port and again.lesson == lesson  # the same codes, read back from host.json

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
        again.stop(signal.SIGINT)  # (how quickly: tests/net/test_stop.py and `make bench`)
    for save in lesson.glob("*.parley"):
        loaded = load(save, load_scenario_by_id)
        assert loaded.state.ended and loaded.warnings == []

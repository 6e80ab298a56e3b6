from __future__ import annotations

import pytest


@pytest.fixture
def started():
    """The `parley host` processes a test starts (tests/net/hostproc.py); any still
    running at its end (a failed test) is killed."""
    processes = []
    yield processes
    for process in processes:
        process.kill()


def join_and_leave(uri: str, code: str) -> str:
    """A student takes the seat of `code` at the host at `uri` and leaves again; the seat
    (a generous minute for it, on a busy machine)."""
    import asyncio

    from game.net.client import Client

    async def go() -> str:
        client = await Client.join(uri, code)
        await client.close()
        return client.seat

    return asyncio.run(asyncio.wait_for(go(), 60))

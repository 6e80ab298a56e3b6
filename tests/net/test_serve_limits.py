"""`parley serve` within bounds (issue 13): sixty tabs opened at once start no more games
than its cap; the page says why when there is no free seat; a seat slip's address opens
the tab with its code; a tab without a key pressed for too long is closed."""

from __future__ import annotations

import contextlib
import sys
import time
import urllib.error
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

from .test_serve import OPEN, Running, get, tab

# A page server like `parley serve`'s with small limits, whose tabs run a program that
# notes it started (a line in a file) and then waits.
LIMITED = """
import asyncio, shlex, sys
from game.serve import PageServer, _run
started, idle, per = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
command = "exec " + shlex.join([sys.executable, "-c",
    "import os, sys, time; open(sys.argv[1], 'a').write(str(os.getpid()) + chr(10)); time.sleep(120)",
    started])
page = PageServer(command, bind="127.0.0.1", port=0, public_url=None, uri="ws://127.0.0.1:9",
                  max_sessions=5, per_address=per, idle_minutes=idle / 60)
asyncio.run(_run(page, "127.0.0.1", 0, lambda port: print(f"open http://127.0.0.1:{port}/", flush=True)))
"""


@pytest.fixture
def limited(tmp_path):
    servers: list[Running] = []

    def start(idle: float = 600.0, per_address: int = 100) -> tuple[str, Running, Path]:
        started = tmp_path / f"started-{len(servers)}.txt"
        started.touch()
        running = Running([sys.executable, "-c", LIMITED, str(started), str(idle), str(per_address)])
        servers.append(running)
        return running.wait_for(OPEN).group(1), running, started

    try:
        yield start
    finally:
        for running in servers:
            running.stop()


def open_tab(url: str):
    try:
        return tab(url)
    except (InvalidStatus, ConnectionClosed, OSError, TimeoutError):
        return None


def open_tabs(stack: contextlib.ExitStack, url: str, count: int) -> list:
    """`count` tabs opened at once (those the server let open), closed with `stack`."""
    with ThreadPoolExecutor(max_workers=20) as pool:
        tabs = [t for t in pool.map(lambda _: open_tab(url), range(count)) if t is not None]
    for t in tabs:
        stack.enter_context(t)
    return tabs


def wait_for_lines(path: Path, count: int) -> int:
    """The lines in `path` once it has `count` (or after a generous half minute)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(path.read_text().splitlines()) < count:
        time.sleep(0.05)
    return len(path.read_text().splitlines())


def test_sixty_tabs_at_once_start_no_more_games_than_the_cap_and_the_page_says_why(limited):
    url, running, started = limited()
    with contextlib.ExitStack() as stack:
        open_tabs(stack, url, 60)
        assert wait_for_lines(started, 5) == 5
        with pytest.raises(urllib.error.HTTPError) as full:  # the page: no free seat, and why
            get(url)
        assert full.value.code == 503
        assert "at most 5 browser seats at once" in full.value.read().decode("utf-8")
        assert len(started.read_text().splitlines()) == 5  # and still five, every tab opened and answered
    deadline = time.monotonic() + 30  # once the tabs are closed, the seats are free again
    while time.monotonic() < deadline:
        try:
            status, page = get(url)
            break
        except urllib.error.HTTPError:
            time.sleep(0.1)
    assert status == 200 and "Parley" in page


def test_a_slips_address_carries_its_code_to_the_tabs_game_and_nothing_else_does():
    from game.net.codes import grouped, new_code
    from game.serve import PageServer, join_command

    page = PageServer(join_command("ws://h:1"), bind="127.0.0.1", port=0, public_url=None, uri="ws://h:1", saves="/s")
    code = new_code()
    assert page.code_of(grouped(code).lower()) == code
    assert page.code_of("; rm -rf /") is None and page.code_of("") is None
    assert join_command("ws://h:1", code, "/s").endswith(f"--saves-dir /s --lang en join ws://h:1 {code}")


def test_each_tab_plays_in_the_language_its_address_asks_for():
    from game.i18n import using
    from game.net.codes import new_code
    from game.serve import PageServer, join_command

    code = new_code()
    assert join_command("ws://h:1", code, "/s", "de").endswith(f"--lang de join ws://h:1 {code}")
    with using("de"):  # `parley serve --lang de`: every tab German unless its address says otherwise
        assert " --lang de join " in join_command("ws://h:1")
    assert PageServer.lang_of("DE") == "de" and PageServer.lang_of("fr") is None
    assert PageServer.lang_of("de; rm -rf /") is None


@pytest.mark.skipif(not Path("/proc/self").exists(), reason="looks for the game's process in /proc")
def test_a_tab_without_a_key_for_too_long_is_closed_and_its_game_stopped(limited):
    url, running, started = limited(idle=1.0)
    with tab(url) as ws:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                ws.recv(timeout=1)
            except TimeoutError:
                continue
            except ConnectionClosed as closed:
                assert closed.rcvd is not None and "idle" in closed.rcvd.reason
                break
        else:
            raise AssertionError("the idle tab was not closed")
    (pid,) = [int(word) for word in started.read_text().split()]
    deadline = time.monotonic() + 30  # and its game is stopped (killed after a second if it does not quit)
    while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
        time.sleep(0.05)
    assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()


def test_a_slips_address_opens_a_page_whose_tab_joins_with_that_code(limited):
    from game.net.codes import grouped, new_code

    url, running, started = limited()
    code = new_code()
    status, page = get(f"{url}?code={grouped(code)}")
    assert status == 200 and f"/ws/{code}" in page
    status, page = get(f"{url}?code=not-a-code")
    assert status == 200 and "/ws/" not in page.replace('/ws"', "")
    status, page = get(f"{url}?code={grouped(code)}&lang=de")  # a German tab for that seat
    assert status == 200 and f"/ws-de/{code}" in page
    status, page = get(f"{url}?lang=de")
    assert status == 200 and '/ws-de"' in page


def test_one_computer_gets_no_more_tabs_than_its_share(limited):
    url, running, started = limited(per_address=2)
    with contextlib.ExitStack() as stack:
        open_tabs(stack, url, 4)
        assert wait_for_lines(started, 2) == 2
        with pytest.raises(urllib.error.HTTPError) as full:
            get(url)
        assert full.value.code == 503 and "2 Parley tabs open already" in full.value.read().decode("utf-8")
        assert len(started.read_text().splitlines()) == 2


def joins_running(port: int) -> int:
    """`parley join` processes for the host at `port` running on this machine now."""
    count = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            words = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"join" in words and any(word.endswith(f":{port}".encode()) for word in words):
            count += 1
    return count


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="counts processes through /proc")
def test_sixty_tabs_to_parley_serve_start_five_games_and_the_host_stays_responsive(tmp_path):
    """The real `parley serve` for a real `parley host`, capped at five browser seats."""
    from .conftest import join_and_leave
    from .hostproc import HostProcess

    host = HostProcess(tmp_path / "saves", tables=1, seed=4)
    serve = None
    try:
        port, codes = host.port_and_codes()
        serve = Running([sys.executable, "-m", "game", "--saves-dir", str(tmp_path / "browser"), "serve",
                         f"127.0.0.1:{port}", "--port", "0", "--max-sessions", "5", "--per-address", "60"])
        url = serve.wait_for(OPEN).group(1)
        with contextlib.ExitStack() as stack:
            open_tabs(stack, url, 60)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and joins_running(port) < 5:
                time.sleep(0.1)
            assert joins_running(port) == 5

            assert join_and_leave(f"ws://127.0.0.1:{port}", codes[("table-1", "ua")]) == "ua"  # the host answers as ever
            with pytest.raises(urllib.error.HTTPError) as full:
                get(url)
            assert full.value.code == 503
            assert joins_running(port) == 5
    finally:
        if serve is not None:
            serve.stop()
        host.kill()

"""Stopping benchmark: how long `parley host` and `parley serve` take from Ctrl+C (SIGINT)
to their exit, with clients in every state a classroom leaves them in. Target: 2 s
each. Asserts nothing.

- host: 10 tables, a client at every seat (50, connected and idle), and 5 half-open
  connections (joined seats that stopped reading and never answer the close handshake,
  connections that never said hello, a socket that never began the WebSocket handshake).
- serve: a tab whose game does not quit when asked, a tab that never reads, a socket
  that never began its HTTP request.
"""

from __future__ import annotations

import asyncio
import base64
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import line  # noqa: E402  (bench/common.py)

from game.net.client import Client  # noqa: E402
from game.net.protocol import VERSION, Hello, dump  # noqa: E402

REPEATS = 5
TABLES = 10
PAGE_FOR = """
import asyncio, shlex, sys
from game.serve import PageServer, _run
page = PageServer("exec " + shlex.join(sys.argv[1:]), bind="127.0.0.1", port=0, public_url=None)
asyncio.run(_run(page, "127.0.0.1", 0, lambda port: print(f"open http://127.0.0.1:{port}/", flush=True)))
"""


def upgrade(port: int, path: str = "/") -> bytes:
    key = base64.b64encode(os.urandom(16)).decode()
    return (f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode()


def frame(text: str) -> bytes:
    """A masked WebSocket text frame, as a client sends it."""
    payload, mask = text.encode(), os.urandom(4)
    size = bytes([0x80 | len(payload)]) if len(payload) < 126 else bytes([0x80 | 126]) + len(payload).to_bytes(2, "big")
    return bytes([0x81]) + size + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def until_line(process: subprocess.Popen, pattern: str) -> tuple[str, re.Match]:
    seen = ""
    for text in process.stdout:
        seen += text
        if found := re.search(pattern, text):
            return seen, found
    raise RuntimeError(f"exited (status {process.wait()}) before printing {pattern!r}:\n{seen}")


def stop_time(process: subprocess.Popen) -> float:
    """Seconds from SIGINT to the exit of `process`."""
    t0 = time.perf_counter()
    process.send_signal(signal.SIGINT)
    process.wait(120)
    return time.perf_counter() - t0


def host_once() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        process = subprocess.Popen(
            [sys.executable, "-m", "game", "--saves-dir", str(Path(tmp) / "saves"), "host", "--port", "0",
             "--tables", str(TABLES), "--seed", "3"],
            cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        try:
            seen, _ = until_line(process, r"^Stop with")
            port = int(re.search(r"ws://127\.0\.0\.1:(\d+)", seen).group(1))
            codes = re.findall(r"^\s+table-\d+\s+\w+\s+(\S+)$", seen, re.M)

            async def clients_then_stop() -> float:
                uri = f"ws://127.0.0.1:{port}"
                clients = [await Client.join(uri, code) for code in codes]
                silent = []
                for hello in (codes[0], codes[5], None, None):
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    writer.write(upgrade(port))
                    await reader.readuntil(b"\r\n\r\n")
                    if hello is not None:
                        writer.write(frame(dump(Hello(version=VERSION, code=hello))))
                    silent.append(writer)
                silent.append((await asyncio.open_connection("127.0.0.1", port))[1])
                await asyncio.sleep(0.5)
                took = await asyncio.get_running_loop().run_in_executor(None, stop_time, process)
                for writer in silent:
                    writer.close()
                for client in clients:
                    client.connection.transport.abort()
                return took

            return asyncio.run(clients_then_stop())
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def serve_once() -> float:
    process = subprocess.Popen(
        [sys.executable, "-c", PAGE_FOR, "sleep", "3600"], cwd=ROOT, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    held = []
    try:
        _, found = until_line(process, r"open http://127\.0\.0\.1:(\d+)/")
        port = int(found.group(1))
        for _ in range(2):  # tabs whose games are `sleep`: they never quit when asked
            tab = socket.create_connection(("127.0.0.1", port))
            tab.sendall(upgrade(port, "/ws?width=80&height=24"))
            tab.recv(12)
            held.append(tab)
        held.append(socket.create_connection(("127.0.0.1", port)))
        time.sleep(1.0)
        return stop_time(process)
    finally:
        for sock in held:
            sock.close()
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()


def main() -> None:
    for what, once in (("parley host", host_once), ("parley serve", serve_once)):
        times = [once() for _ in range(REPEATS)]
        line(f"{what}: Ctrl+C to exit, median of {REPEATS}", statistics.median(times), "s", 2, False)
        line(f"{what}: Ctrl+C to exit, slowest of {REPEATS}", max(times), "s", 2, False)
    print(f"      (host: {TABLES} tables, 50 clients connected, 5 half-open; serve: 2 tabs whose games do not\n"
          "       quit and never read, 1 socket that never sent a request)")


if __name__ == "__main__":
    main()

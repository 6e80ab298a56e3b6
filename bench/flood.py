"""A host under a flood, as a class network may see one: `parley host` limited to 256
open files (macOS's default `ulimit -n`), 300 sockets opened to it that never say
anything, then a real student joining. Prints how long the join took (target: 2 s)
and how many lines the host's terminal printed meanwhile (target: under 100), and the
same for 200 wrong codes sent at once from one address. Asserts nothing.
"""

from __future__ import annotations

import asyncio
import re
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import line  # noqa: E402  (bench/common.py)

from game.net.client import Client  # noqa: E402
from game.net.codes import new_code  # noqa: E402

IDLE = 300
WRONG = 200


def limited() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        host = subprocess.Popen(
            [sys.executable, "-m", "game", "--saves-dir", tmp, "host", "--port", "0", "--seed", "1"],
            cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            preexec_fn=limited,
        )
        try:
            lines = []
            for text in host.stdout:
                lines.append(text)
                if text.startswith("Stop with"):
                    break
            port = int(re.search(r"ws://127\.0\.0\.1:(\d+)", "".join(lines)).group(1))
            code = re.search(r"^\s+table-1\s+ru\s+(\S+)$", "".join(lines), re.M).group(1)
            before = len(lines)
            idle = [socket.create_connection(("127.0.0.1", port), timeout=30) for _ in range(IDLE)]

            async def join() -> float:
                t0 = time.perf_counter()
                client = await Client.join(f"ws://127.0.0.1:{port}", code)
                took = time.perf_counter() - t0
                await client.close()
                return took

            async def wrong_then_right() -> float:
                async def guess() -> None:
                    try:
                        await Client.join(f"ws://127.0.0.1:{port}", new_code())
                    except Exception:  # noqa: BLE001 - refused, or cut off to make room: either is expected
                        pass

                guesses = [asyncio.create_task(guess()) for _ in range(WRONG)]
                await asyncio.sleep(0.2)
                took = await join()
                for task in guesses:
                    task.cancel()
                await asyncio.gather(*guesses, return_exceptions=True)
                return took

            joined = asyncio.run(join())
            for sock in idle:
                sock.close()
            flooded = asyncio.run(wrong_then_right())
        finally:
            host.terminate()
            out, _ = host.communicate(timeout=30)
        said = len(lines) - before + len(out.splitlines())
    if "-v" in sys.argv:
        print("".join(lines[before:]) + out)
    print(f"Host under a flood ({IDLE} idle sockets at 256 open files; then {WRONG} wrong codes at once)")
    line("  a student's join among the idle sockets", joined * 1000, "ms", 2000, False)
    line("  a student's join among the wrong codes", flooded * 1000, "ms", 2000, False)
    line("  lines on the host's terminal meanwhile", said, "lines", 100, False)


if __name__ == "__main__":
    main()

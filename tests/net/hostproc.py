"""`parley host` as a program, for the tests that start one."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GENEROUS = 60.0  # seconds: what takes longer than this is a hang, on any machine


def ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class HostProcess:
    """`parley host` in a process of its own. Its output is read by a thread as it comes:
    a pipe nobody reads fills up and stops the program the next time it writes."""

    def __init__(self, saves: Path, *, port: int = 0, tables: int = 1, seed: int = 1, background: bool = False,
                 extra: tuple[str, ...] = ()):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "game", "--saves-dir", str(saves), "host", "--port", str(port),
             "--tables", str(tables), "--seed", str(seed), *extra],
            cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            # `background`: started as a shell starts a program in the background, SIGINT ignored
            preexec_fn=ignore_sigint if background else None,
        )
        self.lines: list[str] = []
        self.ready = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)
            if line.startswith("Stop with"):
                self.ready.set()
        self.ready.set()

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def port_and_codes(self) -> tuple[int, dict[tuple[str, str], str]]:
        """Once it is serving: its port, and each (table, seat)'s code."""
        assert self.ready.wait(GENEROUS) and self.process.poll() is None, self.output
        port = int(re.search(r"ws://127\.0\.0\.1:(\d+)", self.output).group(1))
        codes = {(m.group(1), m.group(2)): m.group(3)
                 for m in re.finditer(r"^\s+(table-\d+)\s+(\w+)\s+(\S+)$", self.output, re.M)}
        return port, codes

    def stop(self, signum: int = signal.SIGINT) -> int:
        """Send `signum` and wait for the exit; its code (a hang fails after `GENEROUS`)."""
        self.process.send_signal(signum)
        code = self.process.wait(GENEROUS)
        self.reader.join(GENEROUS)
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(GENEROUS)
        self.reader.join(GENEROUS)

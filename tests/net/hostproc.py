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


def limit_descriptors(count: int | None, background: bool) -> None:
    if count:
        import resource

        resource.setrlimit(resource.RLIMIT_NOFILE, (count, count))
    if background:
        ignore_sigint()


class HostProcess:
    """`parley host` in a process of its own. Its output is read by a thread as it comes:
    a pipe nobody reads fills up and stops the program the next time it writes."""

    def __init__(self, saves: Path, *, port: int = 0, tables: int = 1, seed: int = 1, background: bool = False,
                 extra: tuple[str, ...] = (), resume: bool = False, operator: bool = False,
                 descriptors: int | None = None):
        """A new lesson of `tables` tables from `seed`, or with `resume` the last lesson in `saves`;
        with `operator`, lines can be typed at its terminal (`type`); with `descriptors`, it
        may open that many files and sockets and no more (as `ulimit -n` sets)."""
        lesson = ("--resume",) if resume else ("--tables", str(tables), "--seed", str(seed))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "game", "--saves-dir", str(saves), "host", "--port", str(port), *lesson, *extra],
            cwd=ROOT, stdin=subprocess.PIPE if operator else subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            # `background`: started as a shell starts a program in the background, SIGINT ignored
            preexec_fn=(lambda: limit_descriptors(descriptors, background)) if descriptors or background else None,
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

    def type(self, line: str) -> None:
        """A line typed at the host's terminal (`operator=True`)."""
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def wait_for(self, text: str) -> str:
        """The output once it holds `text` (a hang fails after `GENEROUS`)."""
        import time

        end = time.monotonic() + GENEROUS
        while text not in self.output:
            assert time.monotonic() < end and self.process.poll() is None, self.output
            time.sleep(0.05)
        return self.output

    @property
    def lesson(self) -> Path:
        """The lesson's folder (its saves and host.json), as the host said it."""
        assert self.ready.wait(GENEROUS), self.output
        found = re.search(r"\(saves and host\.json in (.+)\)\.$", self.output, re.M)
        assert found, self.output
        return Path(found.group(1))

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

"""Shared helpers for the content tests: running the `parley` CLI and reading its problem lines.

The CLI runs as a real subprocess (`python -m game ...`) from the repository root,
so what is checked is what a content author sees in the terminal.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# `FILE:LINE: path: message`; the file is the first thing followed by `:<digits>: `.
PROBLEM_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<path>.+?): (?P<message>.*)$")


@dataclass(frozen=True)
class Reported:
    """One `FILE:LINE: path: message` line, with the file resolved to an absolute path."""

    file: Path
    line: int
    path: str
    message: str


def parse_problem_lines(text: str, cwd: Path) -> list[Reported]:
    out = []
    for raw in text.splitlines():
        m = PROBLEM_LINE.match(raw)
        if m:
            out.append(Reported((cwd / m["file"]).resolve(), int(m["line"]), m["path"], m["message"]))
    return out


@dataclass(frozen=True)
class CliRun:
    code: int
    stdout: str
    stderr: str

    @property
    def problems(self) -> list[Reported]:
        return parse_problem_lines(self.stdout, REPO)

    def assert_no_traceback(self) -> None:
        assert "Traceback" not in self.stdout, self.stdout
        assert "Traceback" not in self.stderr, self.stderr


def _limit_memory(limit: int):
    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def run_parley(*args: str, timeout: float = 120, memory_limit: int | None = None) -> CliRun:
    """Run `python -m game ARGS`; `memory_limit` (bytes, POSIX) caps its address space,
    for tests whose failure would be a process eating all memory."""
    env = dict(os.environ)
    env.pop("PARLEY_CONTENT", None)  # the repository's content/, whatever the caller's shell says
    proc = subprocess.run(
        [sys.executable, "-m", "game", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        timeout=timeout,  # a guard against a hang, not a timing assertion
        preexec_fn=_limit_memory(memory_limit) if memory_limit else None,
    )
    return CliRun(
        proc.returncode,
        proc.stdout.decode("utf-8", errors="replace"),
        proc.stderr.decode("utf-8", errors="replace"),
    )


@pytest.fixture(scope="session")
def parley():
    """Run the `parley` command from the repository root: `parley("validate", str(folder))`."""
    return run_parley


@pytest.fixture(scope="session")
def validate_everything() -> CliRun:
    """`parley validate` with no arguments (every scenario in content/), run once."""
    return run_parley("validate")

"""A terminal window closed under a running game: the game leaves, rather than reading
nothing from the dead terminal at full speed forever. Under `make play` the hang-up
signal goes to make, which keeps it, so the game must notice by itself."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path


def test_the_game_leaves_when_its_terminal_is_gone(tmp_path: Path):
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color"}
    game = subprocess.Popen(
        [sys.executable, "-m", "game", "--saves-dir", str(tmp_path)], stdin=slave, stdout=slave, stderr=slave,
        env=env, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),  # as under make: no hang-up reaches it
    )
    os.close(slave)
    try:
        seen = b""
        deadline = time.monotonic() + 120  # a loaded machine: the lobby may take a while to draw
        while b"Lobby" not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1.0)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    break
        assert b"Lobby" in seen, seen[-2000:]
        os.close(master)  # the window closes
        master = -1
        assert game.wait(timeout=120) is not None  # it left by itself
    finally:
        if master >= 0:
            os.close(master)
        if game.poll() is None:
            game.kill()
            game.wait()

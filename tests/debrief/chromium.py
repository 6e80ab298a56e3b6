"""Headless Chromium for the browser tests (the HTML debrief, the handouts, the seat
slips, the served page). The tests only look for it (`find`, `missing`); `make test`
installs it first by running this file (`install`: Debian's `apt-get install chromium`,
when it runs as root on a machine that has apt-get, as CI does). Standard library only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

BINARY = Path("/usr/bin/chromium")
INSTALL_TIMEOUT = 1200  # seconds; a hung mirror must not hang the test run for ever

# Headless, as root in a container, on a closed network: without the networking flags
# Chromium's background connections are refused and slow it down.
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
)


def find() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    return str(BINARY) if BINARY.exists() else None


def missing() -> str:
    """Why a browser test is skipped: what is missing, and how to get it."""
    return ("headless Chromium is not installed (/usr/bin/chromium): `make test` installs it as root with apt-get, "
            "or run `python3 tests/debrief/chromium.py`")


def install() -> tuple[str | None, str]:
    """(path, what happened): the binary, installing it if it is missing and we may."""
    found = find()
    if found:
        return found, f"found {found}"
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("apt-get"):
        return None, "chromium is not installed, and installing it needs root and apt-get (apt-get install -y chromium)"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    started = time.monotonic()
    tail = ""
    # The package lists may be missing or stale on a fresh machine: update, then try again.
    for commands in ([["apt-get", "install", "-y", "--no-install-recommends", "chromium"]],
                     [["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]]):
        try:
            for command in commands:
                done = subprocess.run(command, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                      timeout=INSTALL_TIMEOUT)
                tail = (done.stdout + done.stderr).strip().splitlines()[-3:]
                if done.returncode != 0:
                    break
        except subprocess.TimeoutExpired:
            return None, f"apt-get did not finish within {INSTALL_TIMEOUT} s"
        if find():
            return find(), f"installed chromium with apt-get in {time.monotonic() - started:.0f} s"
    return None, "apt-get could not install chromium: " + " / ".join(tail)


if __name__ == "__main__":
    path, message = install()
    print(message)
    sys.exit(0 if path else 1)

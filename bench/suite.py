"""The test suite's own time, measured as CI meets it: `make test` in a fresh clone of the
committed `main` (a new `.venv`, nothing cached), then `make test-fast` there. Targets:
6 minutes for `make test`, 90 s for `make test-fast`. Asserts nothing.

It takes as long as the suite does (about 5 minutes on 2 cores), so `make bench` leaves it
out: run it with `make bench-suite`, on a machine doing nothing else, since a busy machine
measures the other work too. Besides `make test`'s whole time it shows pytest's share (from
pytest's own summary line): the rest is the setup (the `.venv`, the package, the
catalogs), ruff and mypy.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from common import line  # noqa: E402  (bench/common.py)

TEST_TARGET = 360.0
FAST_TARGET = 90.0


def timed(folder: Path, target: str) -> tuple[float, str]:
    """Seconds `make TARGET` takes in `folder`, and what it printed (shown only if it fails)."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    start = time.perf_counter()
    done = subprocess.run(["make", target], cwd=folder, env=env, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"make {target} failed in {folder}:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
    return took, done.stdout


def pytest_seconds(output: str) -> float:
    """The time in pytest's last line: `950 passed in 292.30s (0:04:52)`."""
    found = re.findall(r" in ([0-9.]+)s\b", output)
    return float(found[-1]) if found else float("nan")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="parley-suite-") as temp:
        clone = Path(temp) / "parley"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=clone, check=True,
                                capture_output=True, text=True).stdout.strip()
        print(f"a fresh clone of {commit} (committed work only), {os.cpu_count()} cores")
        total, output = timed(clone, "test")
        line("make test, fresh clone", total, "s", TEST_TARGET, higher_is_better=False)
        line("  of which pytest", pytest_seconds(output), "s")
        fast, _ = timed(clone, "test-fast")
        line("make test-fast, after it", fast, "s", FAST_TARGET, higher_is_better=False)


if __name__ == "__main__":
    main()

"""What a language costs (`make bench` runs this). Prints figures; asserts nothing.

- Loading a language: in a fresh process, the time `game.i18n.use("de")` takes (the
  compiled catalog read and parsed) plus the first German date (Babel's locale data),
  median of several processes (target <= 50 ms).
- The same catalog compiled in memory from its .po (a checkout whose .mo is not built
  yet): what a developer pays until `make` builds it.
- Translating a scenario: `load_scenario(abu-dhabi, "de")` against the English load, in
  the same process (the German texts and briefs read and laid over the English).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import line, median_ms  # noqa: E402  (bench/common.py)

_COLD = """
import time, datetime
t0 = time.perf_counter()
from game import i18n
from game.i18n import formats
i18n.use("de")
i18n._("The game is over.")
formats.date(datetime.date(2026, 1, 24))
print(time.perf_counter() - t0)
"""


def _cold(rounds: int = 9) -> float:
    times = []
    for _ in range(rounds):
        out = subprocess.run([sys.executable, "-c", _COLD], capture_output=True, text=True, cwd=ROOT,
                             env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}, timeout=60, check=True)
        times.append(float(out.stdout.strip()))
    return statistics.median(times) * 1000


def main() -> None:
    print("== languages")
    line("load German (catalog and first date), cold", _cold(), "ms", 50, False)

    from game import i18n
    from game.content.loader import load_scenario

    po = i18n.LOCALE_DIR / "de" / "LC_MESSAGES" / "parley.po"
    line("German catalog compiled from its .po", median_ms(lambda: i18n.compile_po(po), 5), "ms")
    folder = ROOT / "content" / "abu-dhabi"
    english = median_ms(lambda: load_scenario(folder, "en"), 7)
    german = median_ms(lambda: load_scenario(folder, "de"), 7)
    line("load abu-dhabi in English", english, "ms")
    line("load abu-dhabi in German", german, "ms")
    line("German scenario texts: added time", german - english, "ms", 50, False)


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()

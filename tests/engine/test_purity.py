"""The engine stays pure: no Textual, no I/O, no wall clock, no global random."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "game" / "engine"


def test_engine_imports_without_textual_or_the_loader():
    code = (
        "import sys, game.engine, game.engine.views;"
        "bad = [m for m in ('textual', 'rich', 'yaml', 'game.content.loader', 'game.store', 'game.tui') if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ENGINE.parents[1])
    assert result.returncode == 0, result.stdout + result.stderr


FORBIDDEN = {
    r"^\s*(import|from)\s+(random|time|os|socket|subprocess|pathlib|io|shutil|textual|rich)\b": "I/O, clock or global random",
    r"\b(datetime|dt\.datetime|date)\.(now|today|utcnow)\(": "wall clock",
    r"\bopen\(": "file I/O",
    r"\bprint\(": "console output",
}


def test_engine_source_has_no_clock_io_or_global_random():
    offenders = []
    for path in sorted(ENGINE.glob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for pattern, why in FORBIDDEN.items():
                if re.search(pattern, line):
                    offenders.append(f"{path.name}:{number}: {why}: {line.strip()}")
    assert offenders == []

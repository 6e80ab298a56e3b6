"""The analysis is pure: no Textual, no loader or store, no I/O, no clock, no global random."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ANALYSIS = Path(__file__).resolve().parents[2] / "game" / "analysis"


def test_analysis_imports_without_textual_the_loader_or_the_store():
    code = (
        "import sys, game.analysis, game.analysis.report;"
        "bad = [m for m in ('textual', 'rich', 'yaml', 'numpy', 'game.content.loader', 'game.store', 'game.tui') "
        "if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ANALYSIS.parents[1])
    assert result.returncode == 0, result.stdout + result.stderr


FORBIDDEN = {
    r"^\s*(import|from)\s+(random|time|os|socket|subprocess|pathlib|io|shutil|textual|rich)\b": "I/O, clock or global random",
    r"\bopen\(": "file I/O",
    r"\bprint\(": "console output",
}


def test_analysis_source_has_no_io():
    offenders = []
    for path in sorted(ANALYSIS.glob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for pattern, why in FORBIDDEN.items():
                if re.search(pattern, line):
                    offenders.append(f"{path.name}:{number}: {why}: {line.strip()}")
    assert offenders == []

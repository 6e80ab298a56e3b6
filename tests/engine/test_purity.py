"""The engine and the analysis stay pure: no Textual, no I/O, no wall clock, no global random."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

GAME = Path(__file__).resolve().parents[2] / "game"
PURE = {
    # package -> (what to import, modules that import must not pull in)
    "engine": ("game.engine, game.engine.views", ("textual", "rich", "yaml", "game.content.loader", "game.store", "game.tui")),
    "analysis": (
        "game.analysis, game.analysis.report",
        ("textual", "rich", "yaml", "numpy", "game.content.loader", "game.store", "game.tui"),
    ),
}


@pytest.mark.parametrize("package", PURE)
def test_imports_without_textual_the_loader_or_the_store(package):
    modules, banned = PURE[package]
    code = (
        f"import sys, {modules};"
        f"bad = [m for m in {banned!r} if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=GAME.parent)
    assert result.returncode == 0, result.stdout + result.stderr


FORBIDDEN = {
    r"^\s*(import|from)\s+(random|time|os|socket|subprocess|pathlib|io|shutil|textual|rich)\b": "I/O, clock or global random",
    r"\b(datetime|dt\.datetime|date)\.(now|today|utcnow)\(": "wall clock",
    r"\bopen\(": "file I/O",
    r"\bprint\(": "console output",
}


@pytest.mark.parametrize("package", PURE)
def test_source_has_no_clock_io_or_global_random(package):
    offenders = []
    for path in sorted((GAME / package).glob("*.py")):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for pattern, why in FORBIDDEN.items():
                if re.search(pattern, line):
                    offenders.append(f"{path.name}:{number}: {why}: {line.strip()}")
    assert offenders == []

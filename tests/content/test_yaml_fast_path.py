"""The fast (libyaml events) and careful (pure Python) YAML paths agree on valid files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from game.content import yamlsource
from game.content.loader import scenario_dirs

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(p for folder in [*scenario_dirs(), ROOT / "tests" / "fixtures" / "lab"] for p in folder.glob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fast_and_careful_paths_give_the_same_data_and_lines(path):
    assert yaml.__with_libyaml__, "PyYAML without libyaml: the fast path is never taken"
    text = path.read_text(encoding="utf-8")
    lines = yamlsource._Lines(text)
    loader, node = yamlsource._compose_fast(text)
    fast = yamlsource._document(loader, node, path.name, lines)
    careful = yamlsource._parse_careful(text, path.name, lines)
    assert fast.data == careful.data
    assert fast.lines == careful.lines


def test_the_fast_path_leaves_aliases_to_the_careful_one(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("a: &x [1, 2]\nb: *x\n", encoding="utf-8")
    with pytest.raises(yamlsource.ContentError, match="aliases"):
        yamlsource.parse_yaml(path, "a.yaml")

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


def test_content_hash_follows_the_content_not_the_layout(tmp_path):
    import shutil

    from game.content.loader import load_scenario

    folder = tmp_path / "tutorial"
    shutil.copytree(ROOT / "content" / "tutorial", folder)
    first = load_scenario(folder).content_hash
    cards = folder / "cards.yaml"
    cards.write_text("# a comment\n" + cards.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "NOTES.md").write_text("notes for facilitators", encoding="utf-8")
    assert load_scenario(folder).content_hash == first
    cards.write_text(cards.read_text(encoding="utf-8").replace("Prisoner exchange", "Prisoner swap"), encoding="utf-8")
    second = load_scenario(folder).content_hash
    assert second != first
    brief = folder / "briefs" / "ru.md"
    brief.write_text(brief.read_text(encoding="utf-8") + "\nMore.", encoding="utf-8")
    assert load_scenario(folder).content_hash not in (first, second)

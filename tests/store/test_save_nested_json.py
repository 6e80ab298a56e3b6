"""JSON nested thousands deep (a RecursionError in the json module) in a save."""

from __future__ import annotations

import pytest

from game.content.loader import load_scenario_by_id
from game.engine import Rules
from game.headless import play_game
from game.store.log import SaveError, load, read_header

DEEP = b"[" * 100_000


@pytest.fixture(scope="module")
def save(tmp_path_factory):
    path = tmp_path_factory.mktemp("saves") / "game.parley"
    play_game(Rules(load_scenario_by_id("abu-dhabi")), 3, {d: "random" for d in ("ru", "ua", "us")}, save_to=path)
    return path


@pytest.mark.parametrize("where", ["header", "body", "tail"])
def test_deeply_nested_json_is_refused_clearly(save, tmp_path, where):
    """Deeply nested JSON makes json.loads raise RecursionError, not ValueError: it must
    still be a damaged save (header, body) or a cut-off last line (tail), never a traceback."""
    lines = save.read_bytes().split(b"\n")
    if where == "header":
        lines[0] = b'{"format":"parley-save","x":' + DEEP + b"}"
    elif where == "body":
        lines.insert(2, DEEP)
    else:
        lines = lines[:-1] + [DEEP]  # the cut-off last line
    bad = tmp_path / "bad.parley"
    bad.write_bytes(b"\n".join(lines))
    if where == "tail":  # an unreadable last line is a line cut off as the game stopped
        loaded = load(bad, load_scenario_by_id)
        assert any("cut off" in warning for warning in loaded.warnings)
        return
    with pytest.raises(SaveError):
        load(bad, load_scenario_by_id)
    if where == "header":
        with pytest.raises(SaveError):
            read_header(bad)

"""Crash safety: a log cut at any byte loads up to its last whole action or is refused
clearly. A game writes its save as it goes, one flushed write per action, so a crash
leaves a prefix of the file; every prefix is tried here."""

from __future__ import annotations

import time

import pytest
from _savetools import CUT_MESSAGES, SCRIPTED_SEED, play_commands, random_game, scripted_commands, states_along

from game.store.log import SaveError, encode_step, load


def _group_ends(data: bytes, steps) -> list[int]:
    """Byte offset just past each action's last event line (before its newline)."""
    offset = data.index(b"\n") + 1
    ends = []
    for command, events in steps:
        offset += len(encode_step(command, events).encode("utf-8"))
        ends.append(offset - 1)
    assert offset == len(data)
    return ends


@pytest.mark.parametrize("game", ["scripted", "random-25"])
def test_a_save_cut_at_any_byte_loads_its_whole_actions_or_is_refused_clearly(tmp_path, rules, scenario_for, game):
    source = tmp_path / "whole.parley"
    if game == "scripted":
        session = play_commands(rules, SCRIPTED_SEED, scripted_commands(), save_to=source)
    else:
        session = random_game(rules, 25, save_to=source)
    data = source.read_bytes()
    steps = session.steps
    states = states_along(rules, steps)
    ends = _group_ends(data, steps)
    header_end = data.index(b"\n")
    assert len(data) > 2000

    path = tmp_path / "cut.parley"
    started = time.perf_counter()
    outcomes = {"refused": 0, "loaded": 0, "loaded with a warning": 0}
    for cut in range(len(data) + 1):
        path.write_bytes(data[:cut])
        whole = sum(1 for end in ends if end <= cut)  # actions whose every byte (but the newline) is there
        try:
            loaded = load(path, scenario_for)  # any exception but SaveError fails the test
        except SaveError as exc:
            message = str(exc)
            assert message.startswith(f"{path}:"), (cut, message)
            assert message.split(": ", 1)[1] in CUT_MESSAGES, (cut, message)
            assert whole == 0, (cut, message)  # refused only when not even the start is whole
            if cut <= header_end:
                assert "header" in message or "empty" in message, (cut, message)
            outcomes["refused"] += 1
            continue
        assert cut > header_end
        assert len(loaded.steps) == whole, cut
        assert loaded.steps == steps[:whole], cut
        assert loaded.state == states[whole - 1], cut
        at_boundary = cut in (ends[whole - 1], ends[whole - 1] + 1)
        if at_boundary:
            assert loaded.warnings == [], (cut, loaded.warnings)
            outcomes["loaded"] += 1
        else:
            assert len(loaded.warnings) == 1 and "cut off when the game stopped" in loaded.warnings[0], (cut, loaded.warnings)
            outcomes["loaded with a warning"] += 1
    elapsed = time.perf_counter() - started

    assert outcomes["loaded"] == 2 * len(steps)
    assert outcomes["refused"] == ends[0]
    print(f"\n{game}: {len(data) + 1} cuts of a {len(data)}-byte save in {elapsed:.1f} s: {outcomes}")

"""Saves written before the log became language-neutral (format 1) still load: the
fields that held English words (why a package lapsed, why an event fired, the
scenario's messages, the words that ended the game) are taken as the rules decide
them now, and everything else is still checked against the rules.

`tests/fixtures/saves/v1-lab.parley` was written by Parley at commit f75dd8a (format 1)
on the lab scenario: a person's reason, a facilitator's inject, a package lapsing at
the end of a round, a chance event, a scenario message, and an event that ends the game.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.content.loader import load_scenario
from game.engine import events as E
from game.i18n import using
from game.narrate import Narrator
from game.store.log import SaveError, load

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
V1 = FIXTURES / "saves" / "v1-lab.parley"


def _lab(scenario_id: str):
    assert scenario_id == "lab"
    return load_scenario(FIXTURES / "lab")


def test_a_format_1_save_loads_and_its_events_are_in_codes():
    game = load(V1, _lab)
    assert game.header.version == 1 and game.state.phase == "ended"
    lapsed = [e for e in game.events if isinstance(e, E.PackageLapsed)]
    assert [e.why for e in lapsed] == ["round_end"]
    fired = {e.event: e for e in game.events if isinstance(e, E.EventFired)}
    assert (fired["coin"].reason, fired["coin"].round, fired["coin"].chance) == ("round_start", "r1", 0.5)
    assert fired["tool_end"].reason == "facilitator"
    message = next(e for e in game.events if isinstance(e, E.MessageSent) and e.cause != "facilitator")
    assert message.text is None and message.effect == 1  # the event's second effect


def test_a_format_1_save_reads_as_it_did_and_keeps_the_words_people_typed():
    game = load(V1, _lab)
    narrator = Narrator(game.rules.scenario)
    lines = [line.text for line in narrator.lines(game.events)]
    assert any("lapses: the round ended." in line for line in lines)
    assert any("LAB-PRIVATE-MESSAGE" in line for line in lines)
    assert any("From the facilitator (to Kyiv only): Breaking. Words of the facilitator." in line for line in lines)
    assert any("A first step, as typed by a person." in line for line in lines)
    # the computer delegations of format 1 gave their reasons in English words: kept as they were
    assert any("This asks too much of us on" in line for line in lines)
    ended = next(e for e in game.events if isinstance(e, E.GameEnded))
    assert narrator.ending(ended) == "The talks collapse."


def test_a_format_1_save_reads_in_german_too():
    game = load(V1, _lab)
    with using("de"):
        lines = [line.text for line in Narrator(game.rules.scenario).lines(game.events)]
    assert any("Paket 1" in line for line in lines), lines


def test_a_format_1_save_edited_outside_its_wording_is_still_refused(tmp_path):
    text = V1.read_text(encoding="utf-8")
    edited = tmp_path / "edited.parley"
    edited.write_text(text.replace('"to":["ua"],"cause":"event:r2_opens"', '"to":["ru"],"cause":"event:r2_opens"'),
                      encoding="utf-8")
    assert edited.read_text(encoding="utf-8") != text
    with pytest.raises(SaveError, match="does not replay"):
        load(edited, _lab)


def test_a_format_1_game_taken_up_again_goes_on_in_format_2(tmp_path, monkeypatch):
    """Continuing an unfinished format-1 game writes the log again as this Parley writes it:
    its header says format 2, and it loads as one."""
    import json
    import shutil

    from game.match import Match
    from game.store.log import VERSION

    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "lab", root / "lab")
    monkeypatch.setenv("PARLEY_CONTENT", str(root))
    lines = V1.read_text(encoding="utf-8").splitlines()
    last_command = max(i for i, line in enumerate(lines) if line.startswith('{"cmd"'))
    unfinished = tmp_path / "unfinished.parley"
    unfinished.write_text("\n".join(lines[:last_command]) + "\n", encoding="utf-8")
    assert load(unfinished, _lab).state.phase != "ended"
    match = Match.resume(unfinished)
    match.close()
    header = json.loads(unfinished.read_text(encoding="utf-8").splitlines()[0])
    assert header["version"] == VERSION == 2
    again = load(unfinished, _lab)
    assert again.header.version == 2 and len(again.steps) == len(load(V1, _lab).steps) - 1

"""Game lengths (issue 12): the lobby offers a class length that keeps the scenario's
calendar and events with fewer turns a round, and states each length's play time as
measured by `game.playtime`."""

from __future__ import annotations

import pytest

from game.content.loader import load_scenario_by_id
from game.engine import commands as C
from game.engine import events as E
from game.engine.core import blank_state, new_game, step
from game.match import Match, MatchError
from game.playtime import typical_minutes
from game.store.log import load
from tests.words import explain


def test_the_class_length_caps_every_round_and_keeps_the_calendar(rules):
    full = new_game(rules, 3).state
    short = new_game(rules, 3, "class").state
    cap = rules.lengths["class"].turns
    assert short.round_turns == [min(t, cap) for t in full.round_turns] and max(short.round_turns) == cap
    assert short.round_dates == full.round_dates and short.cards == full.cards and short.meters == full.meters
    started = [e for e in new_game(rules, 3, "class").events if isinstance(e, (E.GameStarted, E.RoundStarted))]
    assert started[0].length == "class" and started[1].turns == cap


def test_the_first_length_is_the_default_and_an_unknown_one_is_refused(rules):
    events = new_game(rules, 3).events
    assert next(e for e in events if isinstance(e, E.GameStarted)).length == "full"
    refused = step(rules, blank_state(rules), C.Start(seed=3, length="marathon"))
    assert refused.refusal is not None and "marathon" in explain(refused.refusal, rules)


def test_a_class_game_saves_and_loads_at_its_length(rules, tmp_path):
    match = Match.new(rules, 4, {"ru": "person", "ua": "ai", "us": "ai"}, tmp_path, length="class")
    while match.computer_to_move:
        match.computer_move()
    match.act(C.Pass(by=match.whose_turn))
    loaded = load(match.path, load_scenario_by_id)
    assert loaded.state.round_turns == match.session.state.round_turns == rules.round_turns("class")
    with pytest.raises(MatchError):
        Match.new(rules, 4, {"ru": "person", "ua": "ai", "us": "ai"}, None, length="marathon")


def test_the_time_each_length_states_is_the_measured_one(rules):
    """The lobby's "about N minutes" is the play-time model's mean (within a quarter),
    and the class length is clearly shorter than the full game."""
    measured = {}
    for length in rules.scenario.calendar.lengths:
        assert length.minutes, length.id
        mean, _ = typical_minutes(rules, length.id, games=12)
        measured[length.id] = mean
        assert 0.75 * length.minutes <= mean <= 1.25 * length.minutes, (length.id, mean, length.minutes)
    assert measured["class"] < 0.8 * measured["full"]


def test_a_lengths_label_or_minutes_do_not_change_the_content_hash_its_turns_do():
    """Saves check the content hash: editing what the lobby shows keeps them loadable,
    changing a length's turns (which changes a game) does not; a scenario without
    lengths hashes as before lengths existed."""
    from game.content.loader import content_hash

    sc = load_scenario_by_id("abu-dhabi")
    briefs = {"ru": "a", "ua": "b", "us": "c"}
    base = content_hash(sc, briefs)

    def with_lengths(*lengths):
        return sc.model_copy(update={"calendar": sc.calendar.model_copy(update={"lengths": lengths})})

    first, second = sc.calendar.lengths
    relabelled = second.model_copy(update={"label": "A lesson", "minutes": 25})
    assert content_hash(with_lengths(first, relabelled), briefs) == base
    shorter = second.model_copy(update={"turns": 3})
    assert content_hash(with_lengths(first, shorter), briefs) != base
    none = with_lengths()
    assert content_hash(none, briefs) != base
    import hashlib

    # the hash of before: without the fields added since (a party's colour and computer style, the coach's script)
    added = {"calendar": {"lengths"}, "delegations": {code: {"colour", "style"} for code in none.delegations},
             "coaching": True}
    old = hashlib.sha256(none.model_dump_json(exclude=added).encode())
    for code in sorted(briefs):
        old.update(b"\0" + code.encode() + b"\0" + briefs[code].encode())
    assert content_hash(none, briefs) == old.hexdigest()

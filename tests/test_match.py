"""What the screens stand on: the match (seats, computer moves, saves), the saves
list, a delegation's appraisal of a package from its own view, and the transcript."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from game.content.loader import load_scenario_by_id
from game.engine import commands as C
from game.engine import events as E
from game.engine.appraise import appraise, crossed, utility
from game.engine.core import replay
from game.engine.rules import DELEGATIONS, Rules
from game.engine.views import view_for
from game.headless import play_game
from game.match import Match, MatchError
from game.narrate import Narrator
from game.store.catalog import latest_unfinished, list_saves
from game.store.log import SaveError, load

NOW = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.timezone.utc)
SOLO = {"ru": "person", "ua": "ai:pragmatist", "us": "ai:dealmaker"}


@pytest.fixture(scope="module")
def rules() -> Rules:
    return Rules(load_scenario_by_id("abu-dhabi"))


def _until_person(match: Match) -> None:
    while match.computer_to_move:
        match.computer_move()


def test_a_new_match_saves_every_action_with_its_seats(rules, tmp_path):
    match = Match.new(rules, 4, SOLO, tmp_path, now=NOW)
    assert match.path.name == "abu-dhabi-20261129-090000.parley"
    _until_person(match)
    match.act(C.Pass(by="ru"))
    _until_person(match)
    loaded = load(match.path, load_scenario_by_id)
    assert loaded.header.seats == SOLO and loaded.header.created == NOW.isoformat(timespec="seconds")
    assert len(loaded.steps) == len(match.session.steps)
    # A second game started in the same second gets a name of its own.
    assert Match.new(rules, 4, SOLO, tmp_path, now=NOW).path.name == "abu-dhabi-20261129-090000-2.parley"


def test_seats_are_checked(rules, tmp_path):
    with pytest.raises(MatchError):
        Match.new(rules, 1, {"ru": "person", "ua": "ai"}, tmp_path)
    with pytest.raises(Exception, match="unknown preset"):
        Match.new(rules, 1, {"ru": "person", "ua": "ai:saint", "us": "ai"}, tmp_path)


def test_resume_goes_on_in_the_same_file_and_replays_the_same(rules, tmp_path):
    match = Match.new(rules, 6, SOLO, tmp_path, now=NOW)
    _until_person(match)
    match.act(C.Pass(by="ru"))
    _until_person(match)
    done = len(match.session.steps)
    match.close()
    again = Match.resume(match.path)
    assert again.path == match.path and len(again.session.steps) == done and again.seats == SOLO
    again.act(C.Pass(by="ru"))
    _until_person(again)
    again.close()
    assert len(load(match.path, load_scenario_by_id).steps) == len(again.session.steps) > done


def test_resume_of_a_save_cut_mid_action_drops_the_cut_action_before_appending(rules, tmp_path):
    match = Match.new(rules, 6, SOLO, tmp_path, now=NOW)
    match.act(C.Pass(by="ru"))
    _until_person(match)
    match.close()
    data = match.path.read_bytes()
    match.path.write_bytes(data[:-7])  # a crash in the middle of the last action
    again = Match.resume(match.path)
    assert len(again.session.steps) == len(match.session.steps) - 1
    _until_person(again)
    again.act(C.Pass(by="ru"))
    again.close()
    loaded = load(match.path, load_scenario_by_id)
    assert loaded.warnings == [] and len(loaded.steps) == len(again.session.steps)


def test_a_damaged_save_is_refused_and_left_as_it_was(tmp_path):
    path = tmp_path / "x.parley"
    path.write_bytes(b'{"format":"parley-save","version":1}\n')
    before = path.read_bytes()
    with pytest.raises(SaveError):
        Match.resume(path)
    assert path.read_bytes() == before


def test_save_as_never_overwrites_and_keeps_the_game_the_last_played(rules, tmp_path):
    match = Match.new(rules, 2, SOLO, tmp_path, now=NOW)
    _until_person(match)
    first = match.save_as("Class 3, table 2")
    second = match.save_as("Class 3, table 2")
    assert first.name == "Class-3-table-2.parley" and second.name == "Class-3-table-2-2.parley"
    assert load(first, load_scenario_by_id).header.name == "Class 3, table 2"
    assert latest_unfinished(tmp_path).path == match.path
    with pytest.raises(MatchError):
        match.save_as(" ... ")


def test_computer_moves_never_leave_a_computer_to_move_and_never_cross_their_hard_lines(rules):
    match = Match.new(rules, 12, {"ru": "ai", "ua": "ai", "us": "person"}, None)
    for _ in range(500):
        if match.ended:
            break
        if match.computer_to_move:
            moved = match.computer_move()
            assert moved.outcome.ok and moved.seat != "us"
        else:
            match.act(C.Pass(by="us"))
    assert not any(isinstance(e, E.RedLineBlocked) for e in match.session.events())


def test_the_saves_list_reads_each_save_and_names_the_damaged_one(rules, tmp_path):
    playing = Match.new(rules, 3, SOLO, tmp_path, now=NOW)
    _until_person(playing)
    over = Match.new(rules, 3, {"ru": "person", "ua": "ai", "us": "ai"}, tmp_path, now=NOW + dt.timedelta(seconds=1))
    _until_person(over)
    over.act(C.WalkOut(by="ru"))
    (tmp_path / "junk.parley").write_text("hello\n")
    infos = {i.name: i for i in list_saves(tmp_path)}
    assert infos["junk"].problem and "not a Parley save" in infos["junk"].problem
    mid = infos[playing.path.stem]
    assert mid.header.scenario == "abu-dhabi" and mid.round == "r1" and mid.date == dt.date(2026, 1, 23)
    assert mid.ended is None and mid.actions == len(playing.session.steps) - 1
    assert infos[over.path.stem].ended == "walkout"
    assert latest_unfinished(tmp_path).path == playing.path


def test_the_appraisal_agrees_with_the_engine_on_every_seats_own_lines(rules):
    """The composer's live marks must say what the engine will decide."""
    rng = random.Random(5)
    for seed in (1, 2, 3):
        session = play_game(rules, seed, {d: "ai" for d in DELEGATIONS})
        steps = session.steps
        for cut in (1, len(steps) // 3, len(steps) // 2):
            state = replay(rules, [e for _, events in steps[:cut] for e in events])
            for seat in DELEGATIONS:
                view = view_for(rules, state, seat)
                for _ in range(40):
                    cards = rng.sample(list(state.cards), rng.randint(1, 3))
                    items = {c: rng.choice(rules.cards[c].options).id for c in cards}
                    ours = sorted(line.id for line in crossed(view, seat, items))
                    engine = sorted(qid for qid, _ in rules.crossed(state, seat, items))
                    assert ours == engine, (seed, cut, seat, items)
                assert abs(utility(view, seat, state.achieved()) - rules.utility(state, seat)) < 1e-9
                a = appraise(view, seat, {})
                assert a.worth == a.now and not a.blocked


def test_every_event_of_a_game_reads_as_a_line_and_no_seat_reads_anothers_secrets(rules):
    narrator = Narrator(rules.scenario)
    for seed in (1, 2):
        session = play_game(rules, seed, {d: "ai" for d in DELEGATIONS})
        for seat in DELEGATIONS:
            text = "\n".join(line.text for line in narrator.lines(session.transcript(seat)))
            assert "opens on" in text
            for other in DELEGATIONS:
                if other == seat:
                    continue
                for line in rules.scenario.delegations[other].red_lines:
                    assert line.label not in text, (seat, other, line.label)

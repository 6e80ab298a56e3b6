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
from game.engine.views import view_for
from game.headless import play_game
from game.match import Match, MatchError
from game.narrate import Narrator
from game.store.catalog import latest_unfinished, list_saves
from game.store.log import SaveError, load
from tests.abu_dhabi import DELEGATIONS

NOW = dt.datetime(2026, 11, 29, 9, 0, tzinfo=dt.UTC)
SOLO = {"ru": "person", "ua": "ai:pragmatist", "us": "ai:dealmaker"}



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


@pytest.mark.parametrize("name, stem", [
    ("Київ", "Київ"),
    ("東京 round 2", "東京-round-2"),
    ("हिन्दी", "हिन्दी"),
    ("../../etc/passwd", "etc-passwd"),
    ("a\\b:c*?", "a-b-c"),
    ("con", "save-con"),
    ("\u041a\u0438\u0457\u0432 " * 20, None),  # long: cut at 60 characters
])
def test_a_save_name_may_be_in_any_script_and_stays_a_safe_file_name(rules, tmp_path, name, stem):
    match = Match.new(rules, 2, SOLO, tmp_path, now=NOW)
    _until_person(match)
    path = match.save_as(name)
    assert path.parent == tmp_path and path.exists()
    if stem is not None:
        assert path.name == f"{stem}.parley"
    assert len(path.stem) <= 60 and len(path.name.encode()) < 255 and "/" not in path.stem
    assert load(path, load_scenario_by_id).header.name == name.strip()
    assert any(info.path == path for info in list_saves(tmp_path))


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
                assert a.worth == 0 and a.now == a.then and not a.blocked
                assert abs(a.now.score - rules.score_parts(state, seat).score) < 1e-9


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


# ---------------------------------------------------------------------------- facilitator


FACILITATED = {"ru": "ai:hardliner", "ua": "person", "us": "ai:dealmaker"}


def test_the_facilitator_hands_a_seat_to_a_computer_and_takes_it_back(rules, tmp_path):
    match = Match.new(rules, 6, FACILITATED, tmp_path, now=NOW, facilitator=True)
    assert match.facilitated and match.seats == FACILITATED
    _until_person(match)
    assert match.whose_turn == "ua" and not match.computer_to_move
    with pytest.raises(MatchError, match="unknown"):
        match.hand_seat("ua", "ai:nonsense")
    moved = match.hand_seat("ua", "ai:pragmatist")
    assert moved.outcome.ok and match.computer_to_move  # the computer now plays Kyiv's turn
    assert match.computer_move().seat == "ua"
    _until_person(match)  # nobody is a person now: the computers play to the end
    assert match.ended
    # taken back: Kyiv is a person's seat again, and a reloaded game knows it
    match2 = Match.new(rules, 6, FACILITATED, tmp_path, now=NOW, facilitator=True)
    _until_person(match2)
    match2.hand_seat("ua", "ai:pragmatist")
    match2.computer_move()
    match2.hand_seat("ua", "person")
    _until_person(match2)
    assert match2.is_person(match2.whose_turn) or match2.ended
    handed = [e for e in match2.session.events() if isinstance(e, E.SeatHanded)]
    assert [(e.delegation, e.to) for e in handed] == [("ua", "ai:pragmatist"), ("ua", "person")]
    match2.close()
    again = Match.resume(match2.path)
    assert again.seats == FACILITATED and again.facilitated
    assert load(match2.path, load_scenario_by_id).header.seats["facilitator"] == "person"


def test_a_seat_handed_over_survives_a_reload(rules, tmp_path):
    match = Match.new(rules, 2, SOLO, tmp_path, now=NOW)
    match.hand_seat("ru", "ai:pragmatist")
    match.close()
    again = Match.resume(match.path)
    assert again.seats["ru"] == "ai:pragmatist" and "ru" in again.agents and not again.facilitated


def test_a_timed_out_person_passes_and_the_log_says_so(rules, tmp_path):
    match = Match.new(rules, 4, SOLO, tmp_path, now=NOW, timer=90)
    assert match.view("ru").turn_timer == 90
    _until_person(match)
    turn = match.session.state.turn
    moved = match.time_out("ru")
    assert moved.outcome.ok and isinstance(moved.outcome.events[0], E.TimedOut)
    assert match.session.state.turn == turn + 1 and match.whose_turn != "ru"
    logged = [c for c, _ in load(match.path, load_scenario_by_id).steps]
    assert C.SetTurnTimer(seconds=90) in logged and C.TimeOut(by="ru") in logged


def test_a_timed_out_person_with_a_computer_stand_in_gets_a_real_move(rules, tmp_path):
    match = Match.new(rules, 4, SOLO, tmp_path, now=NOW, timer=60, timer_then="computer")
    _until_person(match)
    moved = match.time_out("ru")
    assert moved.seat == "ru" and moved.outcome.ok
    assert moved.command.by == "ru" and moved.command.kind != "timeout"  # the stand-in's own move
    kinds = [c.kind for c, _ in match.session.steps[-2:]]
    assert kinds[0] == "timeout"
    assert match.whose_turn != "ru" or match.ended


def test_the_facilitators_moves_read_as_lines(rules):
    narrator = Narrator(rules.scenario)
    hidden = rules.scenario.delegations["ua"].hidden[0]
    revealed = E.InfoRevealed(delegation="ua", variants={hidden.id: hidden.options[0].id}, red_lines=("ua.no_neutrality",))
    text = narrator.line(revealed).text
    assert "Kyiv" in text and hidden.options[0].label in text and narrator.line(revealed).notice
    line = narrator.line(E.TimedOut(by="ru", seconds=150, then="pass"))
    assert line.text == "Moscow ran out of time (2 min 30 s): the turn passes."
    assert "computer delegation (pragmatist)" in narrator.line(E.SeatHanded(delegation="us", to="ai:pragmatist")).text
    assert "3 min per turn" in narrator.line(E.TurnTimerSet(seconds=180, then="computer")).text
    assert narrator.line(E.TurnTimerSet(seconds=0, then="pass")).text == "The turn timer is off."
    sent = E.MessageSent(headline="Storm", text="Flights are delayed.", cause="facilitator")
    assert narrator.line(sent).text == "From the facilitator: Storm. Flights are delayed."
    private = E.MessageSent(headline="Memo", text="Only you.", to=("ua",), cause="facilitator")
    assert narrator.line(private).text == "From the facilitator (to Kyiv only): Memo. Only you."


def test_a_named_copy_keeps_the_starting_seats_and_replays_the_hand_overs(rules, tmp_path):
    match = Match.new(rules, 2, SOLO, tmp_path, now=NOW)
    match.hand_seat("ru", "ai:pragmatist")
    match.hand_seat("ru", "person")
    match.hand_seat("ua", "person")
    copy = match.save_as("class copy")
    match.close()
    assert load(copy, load_scenario_by_id).header.seats == SOLO  # as the game began
    again = Match.resume(copy)
    assert again.seats == {**SOLO, "ua": "person"}

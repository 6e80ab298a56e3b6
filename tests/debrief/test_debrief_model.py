"""The debrief as data: what it finds in a game's log, and that its figures are the
engine's and the analysis' own."""

from __future__ import annotations

import json

import pytest
from _debrieftools import FACILITATOR, SCRIPT, play
from pydantic import BaseModel, ConfigDict

from game.analysis.report import build_report, start_state
from game.content.loader import load_scenario_by_id
from game.debrief import Debrief, build_debrief, debrief_of
from game.debrief.commitments import Reader
from game.engine import commands as C
from game.engine import events as E
from game.engine.core import replay
from game.store.log import load

# ---------------------------------------------------------------------------- timeline


def test_timeline_tells_the_game_in_order_without_passes(scripted):
    indices = [e.index for e in scripted.timeline]
    assert indices == sorted(indices) and len(set(indices)) == len(indices)
    kinds = {e.kind for e in scripted.timeline}
    assert {"round", "offer", "answer", "agreement", "red_line", "statement", "event", "facilitator"} <= kinds
    assert not any("passes" in e.text for e in scripted.timeline)
    signed = next(e for e in scripted.timeline if e.kind == "agreement")
    assert signed.text.startswith("SIGNED by Moscow, Kyiv, Washington") and signed.round == "r1"
    offer = next(e for e in scripted.timeline if e.kind == "offer")
    assert (offer.actor, offer.package, offer.turn) == ("ru", 1, 1)


def test_every_facilitator_command_is_one_line_with_what_it_caused(scripted):
    lines = [e for e in scripted.timeline if e.actor == "facilitator"]
    assert [e.command for e in lines] == FACILITATOR
    assert all(e.kind == "facilitator" for e in lines)
    moved = lines[FACILITATOR.index("move_round")]
    assert "Round 2: Abu Dhabi is postponed by 4 days" in moved.text
    fired = lines[FACILITATOR.index("fire_event")]
    assert fired.text.startswith("Facilitator (fire an event): Incidents in border regions.")
    assert "Patience with the process: 48 (-2)." in fired.text  # the meter change it caused
    assert scripted.moves[0].cause == "facilitator" and scripted.moves[0].days == 4


class FutureCommand(BaseModel):
    """A facilitator command of a kind this debrief has never heard of."""

    model_config = ConfigDict(frozen=True)
    kind: str = "ring_bell"
    by: str = "facilitator"
    loudness: int = 3


def test_a_new_kind_of_facilitator_command_still_gets_its_line(rules):
    session = play(rules, 5, [])
    steps = [*session.steps, (FutureCommand(), (E.Paused(),)), (FutureCommand(kind="wave"), (E.TurnEnded(by="ru"),))]
    lines = [e for e in build_debrief(rules, steps).timeline if e.actor == "facilitator"]
    assert [(e.command, e.text) for e in lines] == [
        ("ring_bell", "Facilitator (ring bell): The facilitator pauses the table."),
        ("wave", "Facilitator (wave): loudness 3"),  # nothing it caused has words: its own fields
    ]


def test_the_newer_facilitator_commands_and_a_time_out_are_told(rules):
    session = play(rules, 5, [
        C.Inject(headline="Storm", text="The airport closes.", meters={"us.patience": -3}),
        C.Reveal(delegation="ua"),
        C.HandSeat(delegation="ru", to="person"),
        C.SetTurnTimer(seconds=60),
        C.TimeOut(by="ru"),
    ])
    lines = build_debrief(rules, session.steps).timeline[-5:]
    assert [(e.command, e.actor) for e in lines[:4]] == [
        ("inject", "facilitator"), ("reveal", "facilitator"), ("hand_seat", "facilitator"), ("turn_timer", "facilitator"),
    ]
    assert "The airport closes." in lines[0].text and "(-3)" in lines[0].text
    assert lines[1].text.startswith("Facilitator (reveal hidden information): ") and "Kyiv" in lines[1].text
    assert (lines[4].kind, lines[4].actor, lines[4].command) == ("move", "ru", None)


# ---------------------------------------------------------------------------- red lines, commitments


def test_red_lines_touched_soft_with_costs_and_hard_with_the_blocked_move(scripted):
    crossed = [t for t in scripted.red_lines if t.what == "crossed"]
    assert [(t.delegation, t.label, t.package, t.option_label) for t in crossed] == [
        ("ru", "Neutrality, not deferral", 1, "Membership deferred")
    ]
    assert [(c.meter, c.delta) for c in crossed[0].costs] == [("ru.standing", -15.0)]
    blocked = [(t.delegation, t.label, t.action, t.option) for t in scripted.red_lines if t.what == "blocked"]
    assert blocked == [
        ("ru", "No Article-5-like guarantee", "propose", "article5_like"),
        ("ua", "No guarantee with a Russian veto", "propose", "istanbul_model"),
    ]


def test_commitments_from_statements_and_the_moves_against_them(scripted):
    found = {(c.delegation, c.option, c.stance): c for c in scripted.commitments}
    assert set(found) == {("ru", "neutral_status", "for"), ("ru", "european_monitors", "against"),
                          ("ua", "neutral_status", "against")}
    broken = found["ru", "neutral_status", "for"]
    assert [(m.kind, m.package, m.option) for m in broken.contradicted_by] == [("propose", 1, "membership_deferred")]
    assert broken.round == "r1" and broken.statement.startswith("Neutral status is the least")
    assert not found["ru", "european_monitors", "against"].contradicted_by
    assert not found["ua", "neutral_status", "against"].contradicted_by


@pytest.mark.parametrize("text, expected", [
    ("We want a neutral status, not membership deferred.",
     [("nato_status", "neutral_status", "for"), ("nato_status", "membership_deferred", "against")]),
    ("On NATO membership and neutral status we can live with membership deferred.",
     [("nato_status", "membership_deferred", "for")]),  # "neutral status" here is the card's title
    ("A freeze on the current line is possible.", []),  # two cards have that label: which one?
    ("For Donbas a freeze on the current line is possible.", [("donbas", "current_line", "for")]),
    ("We reject any Article-5-like guarantee; mutual pause for the frost period now!",
     [("guarantees", "article5_like", "against"), ("energy_pause", "frost_pause", "for")]),
    ("We are ready to keep talking.", []),
])
def test_the_commitment_heuristic_reads_labels_negations_and_card_names(rules, text, expected):
    assert Reader(rules.scenario).positions(text) == expected


def test_a_pledge_is_an_explicit_commitment_until_a_later_statement_on_the_card(rules):
    db = build_debrief(rules, play(rules, 2, [
        C.Pass(by="ru"),
        C.Statement(by="ua", text="Whatever the words say.", pledge={"energy_pause": "frost_pause_reported"}),
        C.Propose(by="ua", items={"energy_pause": "frost_pause"}),  # goes against the pledge
        C.Pass(by="us"),
        C.Reject(by="ru", package=1),
        C.Statement(by="ua", text="Mutual pause for the frost period is enough."),  # a new position
        C.Propose(by="ua", items={"energy_pause": "frost_pause"}),  # keeps it
    ]).steps)
    pledge, statement = db.commitments
    assert pledge.explicit and pledge.stance == "for" and pledge.label == "Pause with incident reporting"
    assert [(m.kind, m.package) for m in pledge.contradicted_by] == [("propose", 1)]
    assert not statement.explicit and statement.option == "frost_pause" and not statement.contradicted_by
    said = next(e for e in db.timeline if e.kind == "statement")
    assert said.text.endswith("Pledge: Energy infrastructure strike pause: Pause with incident reporting.")


# ---------------------------------------------------------------------------- figures


def test_scores_and_distances_are_those_of_the_game_and_of_parley_analyze(simulated, simulated_debriefs):
    loaded = load(simulated[0], load_scenario_by_id)
    db = simulated_debriefs[0]
    started = loaded.events[0]
    report = build_report(loaded.rules, started.variants, final_state=loaded.state)["save"]["signable"]
    assert db.standing.distance_to_nash == pytest.approx(report["distance_to_nash"], abs=0.006)
    assert db.standing.distance_to_frontier == pytest.approx(report["distance_to_frontier"], abs=0.006)
    assert {s.delegation: s.score for s in db.scores} == loaded.state.scores == report["final_scores"]
    assert {s.delegation: s.nash_score for s in db.scores} == pytest.approx(report["nash_scores"], abs=0.006)
    assert {s.delegation: s.vs_nash for s in db.scores} == pytest.approx(report["vs_nash"], abs=0.006)


def test_card_gaps_add_up_to_the_utility_between_the_text_and_the_signable_nash_point(rules, simulated):
    for path in simulated:
        loaded = load(path, load_scenario_by_id)
        db = debrief_of(loaded)
        start = start_state(rules, loaded.state.variants)
        achieved = {c: o for c, o in loaded.state.achieved().items() if c in start.cards}
        nash_text = {g.card: g.nash for g in db.left_on_table if g.nash != rules.cards[g.card].status_quo}
        for score in db.scores:
            total = sum(g.to_nash[score.delegation] for g in db.left_on_table)
            expected = rules.utility(start, score.delegation, nash_text) - rules.utility(start, score.delegation, achieved)
            assert total == pytest.approx(expected, abs=0.1)
        assert any(g.differs for g in db.left_on_table)


def test_concession_points_are_worth_what_the_engine_says_at_that_moment(rules, simulated, simulated_debriefs):
    events = load(simulated[0], load_scenario_by_id).events
    packages = {e.package: e.items for e in events if isinstance(e, E.PackageProposed)}
    db = simulated_debriefs[0]
    assert {c.delegation for c in db.curves} == {e.by for e in events if isinstance(e, E.PackageProposed)}
    for curve in db.curves:
        for point in curve.points:
            before = replay(rules, events[: point.index - 1])
            items = {**before.achieved(), **packages[point.package]}
            assert point.utility == pytest.approx(rules.utility(before, curve.delegation, items), abs=0.006)
            assert point.batna == pytest.approx(rules.batna(before, curve.delegation), abs=0.006)
        turns = [p.turn for p in curve.points]
        assert turns == sorted(turns) and curve.offers


def test_hidden_readings_and_briefs_are_revealed(rules, scripted):
    drawn = play(rules, 5, []).state.variants
    for hidden in scripted.hidden:
        assert {v.hidden: v.id for v in hidden.variants} == drawn[hidden.delegation]
        assert hidden.brief.startswith(f"# {scripted.name(hidden.delegation)}: confidential brief")
        assert all(v.label and v.description for v in hidden.variants)


def test_questions_cite_what_happened(scripted):
    texts = [q.text for q in scripted.questions]
    assert 4 <= len(texts) <= 8 and all(q.facts for q in scripted.questions)
    assert "Round 2 was postponed by 4 days by the facilitator: what did that change?" in texts
    assert any(t.startswith("Moscow crossed its soft red line \u201cNeutrality, not deferral\u201d") for t in texts)
    assert any(t.startswith("Package 2 was rejected by Kyiv although signing it would have raised their score") for t in texts)
    assert any("took a position on NATO membership and neutral status" in t for t in texts)
    assert texts[-1] == "The facilitator ended the game: where did the talks stand at that moment?"


def test_a_walk_out_is_asked_about(rules):
    db = build_debrief(rules, play(rules, 2, [C.Pass(by="ru"), C.WalkOut(by="ua")]).steps)
    assert (db.end_reason, db.ended_by, db.finished) == ("walkout", "ua", True)
    assert any(q.text.startswith("The game ended by a walk-out of Kyiv: what led to it") for q in db.questions)
    assert 4 <= len(db.questions) <= 8


def test_a_game_in_progress_is_debriefed_as_it_stands(rules):
    db = build_debrief(rules, play(rules, 2, [C.Pass(by="ru")]).steps)
    assert not db.finished and db.end_reason is None
    assert db.end_text == "The game was still in progress on 23 Jan 2026."
    assert 4 <= len(db.questions) <= 8


def test_a_live_session_and_its_save_give_the_same_debrief(rules, scripted_save, scripted):
    live = build_debrief(rules, play(rules, 5, SCRIPT).steps, label="scripted")
    assert live.model_dump(exclude={"seats"}) == scripted.model_dump(exclude={"seats"})


def test_the_debrief_is_plain_data_that_goes_to_json_and_back(scripted):
    text = json.dumps(scripted.model_dump(mode="json"))
    assert Debrief.model_validate_json(text) == scripted


def test_a_debrief_needs_the_game_from_its_start(rules, scripted_save):
    steps = load(scripted_save, load_scenario_by_id).steps
    with pytest.raises(ValueError, match="from its start"):
        build_debrief(rules, steps[1:])
    assert debrief_of(load(scripted_save, load_scenario_by_id)).label == "seed 5"


def test_a_quiet_game_of_a_scenario_without_hidden_readings_still_gets_four_questions():
    from game.engine.rules import Rules

    tutorial = Rules(load_scenario_by_id("tutorial"))
    db = build_debrief(tutorial, play(tutorial, 1, [C.Pass(by=tutorial.order[0])]).steps)
    assert not db.curves and not any(h.variants for h in db.hidden)
    assert 4 <= len(db.questions) <= 8 and all(q.facts for q in db.questions)


def test_the_debrief_measures_against_what_could_be_signed_not_against_an_unsignable_deal(rules, simulated, scripted_save):
    """In every one of these games the unconstrained Nash point crosses hard red lines; the
    debrief's Nash point, its gaps and its question are those of the signable analysis."""
    from game.analysis.report import analysis_for

    for path in (*simulated, scripted_save):
        loaded = load(path, load_scenario_by_id)
        start = start_state(rules, loaded.state.variants)
        unconstrained = next(iter(analysis_for(rules, loaded.state.variants, tuple(start.cards)).values())).nash
        changes = {c: o for c, o in unconstrained.domain.as_text(unconstrained.outcome).items()
                   if o != rules.cards[c].status_quo}
        assert any(line.hard for d in rules.consent_needed(changes) for _, line in rules.crossed(start, d, changes))
        db = debrief_of(loaded)
        package = {g.card: g.nash for g in db.left_on_table if g.nash != rules.cards[g.card].status_quo}
        assert package
        assert not [qid for d in rules.consent_needed(package) for qid, line in rules.crossed(start, d, package) if line.hard]
        assert all(not g.nash_crosses or all("soft" in line for line in g.nash_crosses) for g in db.left_on_table)
        for question in db.questions:
            if "Nash" in question.text:
                assert "signable Nash point" in question.text
                assert any(f"\u201c{g.nash_label}\u201d" in question.text for g in db.left_on_table if g.card in package)


def test_the_debrief_says_who_played_a_seat_handed_over_mid_game():
    """A seat the facilitator handed to a computer delegation is not called "person"."""
    from game.engine.rules import Rules
    from game.match import Match

    rules = Rules(load_scenario_by_id("abu-dhabi"))
    match = Match.new(rules, 5, {"ru": "person", "ua": "person", "us": "person"}, None, facilitator=True)
    assert match.hand_seat("us", "ai:pragmatist").outcome.ok
    db = build_debrief(rules, match.session.steps, match.header())
    assert db.seats["us"].startswith("person, then computer, pragmatist from ") and db.seats["ru"] == "person"

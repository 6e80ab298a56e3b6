"""The coach of the tutorial, on the engine without a screen: every step happens
whatever the newcomer tries at the steps that leave a choice, the coach lets through
only what its step asks for, and the game is the same every time."""

from __future__ import annotations

import itertools

import pytest

from game import coach as tutorial
from game.coach import STEPS, Coach
from game.content.loader import load_scenario_by_id
from game.engine import commands as C
from game.engine import events as E
from game.engine.rules import Rules
from game.match import Match
from game.playtime import TUTORIAL_SCRIPT, tutorial_seconds
from tests.words import explain


@pytest.fixture(scope="module")
def rules() -> Rules:
    return Rules(load_scenario_by_id(tutorial.SCENARIO))


class Table:
    """The tutorial's game and its coach, as the tutorial's screen drives them."""

    def __init__(self, rules: Rules) -> None:
        self.match = Match.new(rules, tutorial.SEED, tutorial.seats(rules.scenario), None)
        self.coach = Coach(tutorial.script(rules.scenario))
        self.seen = 0

    def view(self):
        return self.match.view("ua")

    def feed(self) -> None:
        events = self.match.transcript_since("ua", self.seen)
        self.seen = self.match.event_count()
        self.coach.saw(events, self.view())

    def others(self) -> None:
        while self.match.computer_to_move:
            self.match.computer_move()
        self.feed()

    def propose(self, items: dict[str, str]) -> str | None:
        command = C.Propose(by="ua", items=items)
        hint = self.coach.check(command, self.view())
        if hint is not None:
            return hint
        moved = self.match.act(command)
        self.coach.took(command, moved.outcome.refusal)
        self.feed()
        self.others()
        return None

    def events(self) -> list[E.Event]:
        return self.match.session.events()

    def to_consent(self, first: dict[str, str]) -> None:
        self.coach.brief_closed()
        self.coach.drafted(first)
        assert self.propose(first) is None
        assert self.coach.step.id == "rejected" and self.coach.live
        assert self.coach.enter()
        assert self.propose({"energy_pause": "two_weeks"}) is None
        assert self.coach.step.id == "consent"


OPTIONS = {
    "energy_pause": ("two_weeks", "winter"),
    "prisoners": ("small", "all_for_all"),
    "next_round": ("soon", "later"),
}


@pytest.mark.parametrize("pause,exchange", list(itertools.product(OPTIONS["energy_pause"], OPTIONS["prisoners"])))
@pytest.mark.parametrize("date", OPTIONS["next_round"])
def test_every_first_package_is_rejected_and_every_consent_package_lapses(rules, pause, exchange, date):
    table = Table(rules)
    table.to_consent({"energy_pause": pause, "prisoners": exchange})
    assert any(isinstance(e, E.PackageRejected) and e.by == "ru" for e in table.events())
    assert any(isinstance(e, E.RedLineBlocked) and e.delegation == "ua" for e in table.events())
    assert table.propose({"next_round": date}) is None
    assert any(isinstance(e, E.PackageAccepted) and e.by == "ru" for e in table.events())
    assert any(isinstance(e, E.PackageLapsed) for e in table.events())
    assert table.coach.step.id == "lapse" and table.coach.live
    assert table.coach.enter() and table.coach.step.id == "batna"
    shown = table.coach.shown(table.view())
    assert "from 17.5 to 7.5" in shown.what  # the BATNA's path, as the view has it


def test_the_coachs_suggestion_is_signed_and_the_score_step_reads_the_end(rules):
    table = Table(rules)
    table.to_consent({"energy_pause": "winter", "prisoners": "all_for_all"})
    table.propose({"next_round": "later"})
    table.coach.enter(), table.coach.enter()
    assert table.coach.step.id == "sign"
    assert table.propose({"energy_pause": "winter", "prisoners": "all_for_all"}) is None
    assert table.coach.rejected_again and "Two-week pause with a Small exchange" in table.coach.shown(table.view()).what
    assert table.propose(dict(rules.scenario.coaching.suggested)) is None
    assert table.match.ended and table.coach.step.id == "score"
    shown = table.coach.shown(table.view())
    assert "Your score is +25.0" in shown.what and "moved -10.0" in shown.what
    assert table.coach.enter() and table.coach.finished


def test_a_tutorial_that_signs_nothing_still_ends_on_the_score(rules):
    table = Table(rules)
    table.to_consent({"energy_pause": "winter", "prisoners": "small"})
    table.propose({"next_round": "soon"})
    table.coach.enter(), table.coach.enter()
    while not table.match.ended:
        assert table.propose({"energy_pause": "winter"}) is None  # worth less to Moscow every time
    assert table.coach.step.id == "score"
    assert "Nothing was signed" in table.coach.shown(table.view()).what


def test_a_partial_signature_leads_to_the_rest_or_to_passing(rules):
    table = Table(rules)
    table.to_consent({"energy_pause": "winter", "prisoners": "small"})
    table.propose({"next_round": "soon"})
    table.coach.enter(), table.coach.enter()
    assert table.propose({"prisoners": "small"}) is None
    assert table.coach.step.id == "wrap_up" and table.coach.allows("pass_turn")
    while not table.match.ended:
        command = C.Pass(by="ua")
        assert table.coach.check(command, table.view()) is None
        table.match.act(command)
        table.feed()
        table.others()
    assert table.coach.step.id == "score"


def test_the_coach_opens_only_its_steps_keys_and_says_why_not(rules):
    table = Table(rules)
    coach = table.coach
    assert not coach.allows("propose") and coach.allows("transcript")  # reading the brief
    coach.brief_closed()
    assert coach.step.id == "draft" and not coach.allows("propose") and not coach.allows("coach_next")
    for action in ("walk_out", "recess", "lever", "statement", "accept", "reject", "pass_turn", "save_as"):
        assert not coach.allows(action), action
    coach.drafted({"energy_pause": "winter", "prisoners": "small"})
    assert coach.allows("propose")
    hint = coach.check(C.Propose(by="ua", items={"energy_pause": "winter"}), table.view())
    assert hint and "Prisoner exchange" in hint
    assert coach.check(C.Pass(by="ua"), table.view())  # not what this step asks for
    assert coach.unexpected() == coach.hint and "p" in coach.hint
    assert "Enter" in coach.unexpected("Enter Continue")


def test_the_tutorial_is_the_same_game_every_time(rules):
    def played() -> list:
        table = Table(rules)
        table.to_consent({"energy_pause": "winter", "prisoners": "all_for_all"})
        table.propose({"next_round": "soon"})
        return [e.model_dump() for e in table.events()]

    assert played() == played()


def test_the_key_script_plays_the_tutorial_to_its_end_in_about_ten_minutes():
    """The time model (its pace stated in `game.playtime.Pace`) over the key script: every
    step takes time, and the whole stays about ten minutes (issue 12), not twenty."""
    spent = tutorial_seconds()
    assert list(spent) == [s.id for s in STEPS if s.id != "wrap_up"]
    assert all(seconds > 0 for seconds in spent.values())
    assert {m.step for m in TUTORIAL_SCRIPT} == set(spent)
    assert 8 * 60 <= sum(spent.values()) <= 13 * 60


def test_every_step_has_its_words():
    for step in STEPS:
        text = tutorial.TEXT[step.id]
        assert {"title", "what", "why", "hint"} <= set(text), step.id
        if step.waits:
            assert "wait" in text, step.id


def test_no_internal_id_reaches_the_newcomer(rules):
    """The coach's words (every step, with its figures), the brief, and the transcript
    and refusals of a whole tutorial name cards and options by their titles, never by id."""
    from game.brief import briefing_markdown
    from game.narrate import Narrator
    from tests.test_no_internal_ids import find_ids, internal_ids

    ids = internal_ids(rules)
    assert {"energy_pause", "two_weeks", "ua.no_short_pause_alone"} <= ids
    table = Table(rules)
    said = [briefing_markdown(table.view(), "ua", {"ru": [], "us": []})]
    table.to_consent({"energy_pause": "winter", "prisoners": "all_for_all"})
    said.append(explain(table.match.act(C.Propose(by="ua", items={"energy_pause": "two_weeks"})).outcome.refusal, rules))
    table.propose({"next_round": "soon"})
    for _ in range(2):
        said.append(str(table.coach.shown(table.view())))
        table.coach.enter()
    table.propose({"energy_pause": "winter", "prisoners": "small"})
    said.append(str(table.coach.shown(table.view())))
    table.propose(dict(rules.scenario.coaching.suggested))
    said.append(str(table.coach.shown(table.view())))
    said += [line.text for line in Narrator(rules.scenario).lines(table.match.transcript("ua"))]
    said += [text for step in tutorial.TEXT.values() for text in step.values()]
    found = {i for text in said for i in find_ids(text, ids)}
    assert not found, found

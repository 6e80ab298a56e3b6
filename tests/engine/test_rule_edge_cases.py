"""Rule edge cases found in review: consent and signing, expiry, the calendar, chance, statements."""

from __future__ import annotations

import datetime as dt

import pytest

from game.content import models as cm
from game.engine import Rules, new_game, step, whose_turn
from game.engine import commands as C
from game.engine import events as E


class Game:
    def __init__(self, rules: Rules, seed: int = 1):
        self.rules = rules
        outcome = new_game(rules, seed)
        self.state, self.events = outcome.state, list(outcome.events)

    def do(self, command):
        outcome = step(self.rules, self.state, command)
        assert outcome.ok, (command, outcome.refusal)
        self.state = outcome.state
        self.events += outcome.events
        return outcome.events

    @property
    def turn(self):
        return whose_turn(self.rules, self.state)


def test_comprehensive_agreement_runs_the_check_pass_before_scoring(rules):
    """`end_game(ctx, "agreement")` runs before `_end_turn`'s check pass, so
    check events caused by the final signature never fire: here `pause_agreed` (sets
    energy_pause_agreed), which us.winter_deal and ua.winter_spared score on.

    The scenario's own lines forbid every guarantee option to one side, so no
    comprehensive text can be signed in it (DESIGN.md, section 3); here Moscow's
    Istanbul ceiling is taken out to reach one."""
    ru = rules.scenario.delegations["ru"]
    ceiling_lifted = ru.model_copy(update={"red_lines": tuple(
        line for line in ru.red_lines if line.id != "veto_in_guarantees"
    )})
    g = Game(Rules(rules.scenario.model_copy(update={
        "delegations": {**rules.scenario.delegations, "ru": ceiling_lifted},
    })))
    g.do(C.Propose(by="ru", items=dict(
        ceasefire="contact_line", nato_status="membership_deferred", nato_infrastructure="full_ban",
        foreign_troops="no_foreign_troops", guarantees="military_assistance", army_cap="high_ceiling",
        donbas="withdrawal", referendum="after_ceasefire", south="freeze_line",
        elections="elections_after_ceasefire", energy_pause="frost_pause",
    )))
    g.do(C.Accept(by="ua"))
    g.do(C.Accept(by="us"))
    assert g.state.end_reason == "agreement"
    assert g.state.in_force()["energy_pause"] == "frost_pause"
    assert g.state.flags["energy_pause_agreed"], "the pause is in force but the check pass never ran"


def test_hard_line_imposed_after_consent_is_not_signed_across(rules):
    """core.py:240-271: consent is checked against hard red lines when it is given, not
    when the package is signed. Moscow proposes a spring pause (auto-accepting it);
    Washington then imposes sanctions, which imposes Moscow's hard line
    `no_pause_under_sanctions`; Kyiv accepts and the pause is signed across it."""
    for seed in range(30):
        g = Game(rules, seed)
        while g.state.round_index < 3 and g.state.phase == "in_round":
            g.do(C.Recess(by=g.turn))
        if g.state.phase != "in_round" or g.turn != "ru" or "spring_pause" not in g.state.cards:
            continue
        plan = [
            C.Propose(by="ru", items={"spring_pause": "thirty_days"}),
            C.UseLever(by="ua", lever="appeal_to_washington"),
            C.UseLever(by="us", lever="threaten_sanctions"),
            C.Pass(by="ru"),
            C.UseLever(by="ua", lever="appeal_to_washington"),
            C.UseLever(by="us", lever="impose_sanctions"),
            C.Pass(by="ru"),
        ]
        try:
            for command in plan:
                g.do(command)
        except AssertionError:
            continue
        assert rules.red_line_active(g.state, "ru.no_pause_under_sanctions")
        after = step(rules, g.state, C.Accept(by="ua")).state
        crossed = [q for q, line in rules.crossed(g.state, "ru", {"spring_pause": "thirty_days"}) if line.hard]
        assert crossed == ["ru.no_pause_under_sanctions"]
        assert "spring_pause" not in after.in_force(), "signed across Moscow's active hard red line"
        return
    pytest.skip("no seed reached the position")


def test_card_whose_expiry_flag_is_set_cannot_be_signed_from_the_table(rules):
    """core.py:172-176 refuses to *propose* an expired card, but a package already on
    the table is still signed after its expiry flag is set (here by the facilitator
    firing `frost_ends`); the agreement then never expires (SetFlag only expires
    agreements when the flag changes)."""
    g = Game(rules)
    g.do(C.Propose(by="ru", items={"energy_pause": "frost_pause"}))
    g.do(C.FireEvent(event="frost_ends"))
    assert g.state.flags["frost_over"]
    step_out = step(rules, g.state, C.Accept(by="ua"))
    assert "energy_pause" not in step_out.state.in_force(), "an expired card was signed and stays in force"


def test_round_moved_by_a_date_event_opens_on_its_new_date(rules):
    """`calendar.open_round` reads the round's start, advances the date (date
    events may postpone that very round), then opens the round at the old date anyway:
    the round runs on 1 Feb while the calendar says 4-5 Feb."""
    storm = cm.Event(
        id="storm", title="Storm", text="Flights are cancelled.", source="invented",
        trigger=cm.Trigger(at="date", date=dt.date(2026, 2, 1)),
        effects=(cm.PostponeRound(kind="postpone_round", days=3),),
    )
    moved = Rules(rules.scenario.model_copy(update={"events": (storm,)}))
    g = Game(moved)
    g.do(C.Recess(by="ru"))
    assert g.state.round_index == 1
    start, end = g.state.round_dates[1]
    assert start <= g.state.date <= end, f"round r2 is open on {g.state.date} but scheduled {start}..{end}"


def test_a_statement_does_not_reroll_chance_events(rules):
    """A draw was once keyed on `state.seq`, the count of events so far: a free statement
    (or a refused red-line attempt, which also logs an event) added one, so the last
    speaker of a round re-rolled every round-end chance event. Draws are keyed on where
    the game stands (date, round, turn) now; a statement must change none of them."""

    def fired(evs):
        return [e.event for e in evs if isinstance(e, E.EventFired)]

    changed = 0
    for seed in range(20):
        g = Game(rules, seed)
        while g.state.turn < 8:
            g.do(C.Pass(by=g.turn))
        quiet = step(rules, g.state, C.Pass(by="us")).events
        spoke = step(rules, step(rules, g.state, C.Statement(by="us", text="Hello.")).state, C.Pass(by="us")).events
        changed += fired(quiet) != fired(spoke)
    assert changed == 0, f"a statement changed the round-end events in {changed} of 20 games"


def test_moving_the_next_round_never_raises(rules):
    """core.py:452-454: MoveNextRound(days=366) is pydantic-valid and has no upper clamp;
    after ~7,950 of them the date overflows and `step` raises OverflowError."""
    state = new_game(rules, 1).state
    for _ in range(8000):
        outcome = step(rules, state, C.MoveNextRound(days=366))
        if not outcome.ok:
            return
        state = outcome.state


def test_a_repeating_check_event_fires_once_per_action(rules):
    """`calendar.check_pass` resets `fired_in_pass` each time it runs, and a
    step can run it up to four times (after the action, round_end, date, round_start
    triggers), so a `repeat: true` check event fires 1-3 times per action."""
    tick = cm.Event(
        id="tick", title="Tick", text="Tick.", source="invented", repeat=True,
        trigger=cm.Trigger(at="check", when=cm.Condition(meters=(cm.MeterTest(meter="us.patience", at_least=0),))),
        effects=(cm.ChangeMeter(kind="meter", meter="us.credibility", delta=1),),
    )
    ticking = Rules(rules.scenario.model_copy(update={"events": (tick, *rules.scenario.events)}))
    g = Game(ticking)
    counts = []
    for command in (C.Pass(by="ru"), C.Recess(by="ua")):
        counts.append(sum(isinstance(e, E.EventFired) and e.event == "tick" for e in g.do(command)))
    assert counts == [1, 1], f"ticks per action: {counts}"


def test_statements_carry_no_control_characters(rules):
    """core.py:276: a statement keeps escape sequences and bells; other seats' screens
    print it (terminal injection once the TUI or network play lands)."""
    g = Game(rules)
    outcome = step(rules, g.state, C.Statement(by="ru", text="\x1b[2J\x1b[31mKyiv has conceded\x07"))
    assert not outcome.ok or outcome.events[0].text.isprintable()

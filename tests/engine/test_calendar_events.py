"""The calendar, every trigger type, every effect type, expiry and end conditions."""

from __future__ import annotations

import datetime as dt

import pytest
from labtable import Table

from game.engine import commands as C
from game.engine import events as E
from game.i18n import engine as words
from game.i18n.names import Names
from game.narrate import Narrator

D = dt.date


def finish_round(lab: Table) -> None:
    lab.do(C.Recess(by=lab.turn))


# ---------------------------------------------------------------------------- triggers


def test_round_end_trigger_postpones_the_next_round(lab):
    finish_round(lab)
    moved = lab.of(E.RoundMoved)
    assert [(m.round, m.days, m.start) for m in moved] == [("r2", 3, D(2026, 3, 13))]
    assert moved[0].cause == "event:postponed"
    assert lab.state.date == D(2026, 3, 13)
    assert lab.of(E.RoundStarted)[-1].date == D(2026, 3, 13)
    # a later round moves only when it would overlap: round three stays on 20 March
    assert lab.state.round_dates[2][0] == D(2026, 3, 20)


def test_a_move_that_makes_rounds_overlap_pushes_the_later_ones(lab):
    lab.do(C.MoveNextRound(days=12))  # round two to 22-23 March, over round three
    moved = [(m.round, m.start, m.end) for m in lab.of(E.RoundMoved)]
    assert moved == [("r2", D(2026, 3, 22), D(2026, 3, 23)), ("r3", D(2026, 3, 24), D(2026, 3, 24))]


def test_a_round_is_never_moved_past_the_day_after_the_calendar_ends(lab):
    lab.do(C.MoveNextRound(days=366))
    assert lab.state.round_dates[1][0] == D(2026, 4, 1)
    assert lab.refuse(C.MoveNextRound(days=366)).code == "round_unmoved"


def test_no_postponement_when_its_condition_fails(lab):
    lab.do(C.Propose(by="ru", items={"truce": "local"}))
    lab.do(C.Accept(by="ua"))
    finish_round(lab)
    assert lab.of(E.RoundMoved) == []
    assert lab.state.date == D(2026, 3, 10)


def test_date_trigger_fires_when_the_calendar_passes_its_date(lab):
    finish_round(lab)
    fired = [e for e in lab.of(E.EventFired) if e.event == "frost_ends"]
    assert len(fired) == 1 and fired[0].reason == "date" and fired[0].date == dt.date(2026, 3, 9)
    assert lab.state.flags["frost_over"]


def test_round_start_trigger_and_private_message(lab):
    finish_round(lab)
    opens = [e for e in lab.of(E.EventFired) if e.event == "r2_opens"]
    assert opens and (opens[0].reason, opens[0].round) == ("round_start", "r2")
    message = lab.of(E.MessageSent)[0]
    # the log names the scenario's message (no words in the log); the transcript says it
    assert message.to == ("ua",) and message.text is None and message.cause == "event:r2_opens"
    assert Narrator(lab.rules.scenario).message(message)[1] == "LAB-PRIVATE-MESSAGE"


def test_repeating_round_end_trigger_fires_every_round(lab):
    for _ in range(3):
        finish_round(lab)
    assert lab.state.phase == "ended"
    assert lab.fired().count("drift") == 3
    assert lab.state.meters["ru.leverage"] == 65


def test_check_trigger_fires_once_when_its_condition_holds(lab):
    lab.do(C.Propose(by="ru", items={"truce": "local"}))
    assert "first_signature" not in lab.fired()
    lab.do(C.Accept(by="ua"))
    assert lab.fired().count("first_signature") == 1
    assert "bonus" in lab.state.cards  # add_card
    lab.do(C.Propose(by="us", items={"bonus": "yes"}))
    lab.do(C.Accept(by="ru"))
    lab.do(C.Accept(by="ua"))
    assert lab.fired().count("first_signature") == 1


def test_chance_trigger_is_seeded(lab_rules):
    outcomes = {seed: "coin" in Table(lab_rules, seed).fired() for seed in range(40)}
    assert 5 < sum(outcomes.values()) < 35
    again = {seed: "coin" in Table(lab_rules, seed).fired() for seed in range(40)}
    assert outcomes == again
    lucky = next(seed for seed, hit in outcomes.items() if hit)
    fired = [e for e in Table(lab_rules, lucky).of(E.EventFired) if e.event == "coin"][0]
    assert fired.chance == 0.5 and "chance of 50%" in words.fired(fired, Names(lab_rules.scenario))


# ---------------------------------------------------------------------------- expiry


def test_agreement_expires_when_its_flag_is_set(lab):
    lab.do(C.Propose(by="ru", items={"pause": "short"}))
    lab.do(C.Accept(by="ua"))
    assert lab.state.signed["pause"].expires_with == "frost_over"
    finish_round(lab)  # the calendar passes 9 March: frost_ends sets the flag
    expired = lab.of(E.AgreementExpired)
    assert [(e.card, e.cause) for e in expired] == [("pause", "flag:frost_over")]
    assert "pause" not in lab.state.in_force()
    # and the card can no longer be agreed once its time has passed
    assert lab.refuse(C.Propose(by=lab.turn, items={"pause": "long"})).code == "card_expired"


def test_agreement_expires_on_its_date(lab):
    lab.do(C.Propose(by="ru", items={"truce": "local"}))
    lab.do(C.Accept(by="ua"))
    assert lab.state.signed["truce"].expires_on == D(2026, 3, 15)
    finish_round(lab)
    assert "truce" in lab.state.in_force()  # 10 March: still in force
    finish_round(lab)  # to 20 March
    assert [(e.card, e.cause) for e in lab.of(E.AgreementExpired)] == [("truce", "date:2026-03-15")]


# ---------------------------------------------------------------------------- effects


def test_effect_expire_agreement(lab):
    lab.do(C.Propose(by="ru", items={"truce": "local"}))
    lab.do(C.Accept(by="ua"))
    lab.do(C.FireEvent(event="tool_expire"))
    assert "truce" not in lab.state.signed
    assert lab.of(E.AgreementExpired)[0].cause == "event:tool_expire"


def test_effect_suspend_agreement(lab):
    lab.do(C.Propose(by="ru", items={"pause": "long"}))
    lab.do(C.Accept(by="ua"))
    lab.do(C.FireEvent(event="tool_suspend"))
    assert lab.state.signed["pause"].suspended
    assert "pause" not in lab.state.in_force()


def test_effect_remove_card_lapses_a_package_holding_it(lab):
    lab.pass_until("us")
    lab.do(C.Propose(by="us", items={"aid": "resume", "truce": "local"}))
    lab.do(C.FireEvent(event="tool_remove"))
    assert "aid" not in lab.state.cards
    assert lab.state.table is None
    assert [e.why for e in lab.of(E.PackageLapsed)] == ["card_removed"]
    assert words.lapse("card_removed") == "a card in it was removed"
    assert lab.refuse(C.Propose(by="ru", items={"aid": "resume"})).code == "card_not_here"


def test_effect_set_flag_meter_set_and_audience(lab):
    lab.do(C.FireEvent(event="tool_secret"))
    assert lab.state.flags["ru_secret"] and lab.state.meters["ru.standing"] == 80
    assert lab.of(E.EventFired)[-1].to == ("ru",)


def test_effect_end_game(lab):
    lab.do(C.FireEvent(event="tool_end"))
    ended = lab.of(E.GameEnded)[0]
    assert ended.reason == "event" and Narrator(lab.rules.scenario).ending(ended) == "The talks collapse."


def test_meter_effects_are_clamped_to_the_range(lab):
    for _ in range(2):
        lab.pass_until("ru")
        lab.do(C.UseLever(by="ru", lever="pressure"))
    assert lab.state.meters["ru.leverage"] == 70
    lab.state.meters["ru.leverage"] = 95
    lab.do(C.FireEvent(event="drift"))
    assert lab.state.meters["ru.leverage"] == 100


# ---------------------------------------------------------------------------- rounds and the end


def test_facilitator_can_bring_a_round_forward_but_not_into_the_past(lab):
    lab.do(C.MoveNextRound(days=-5))
    assert lab.state.round_dates[1][0] == D(2026, 3, 5)
    lab.do(C.MoveNextRound(days=-30))  # clamped: the day after round one ends
    assert lab.state.round_dates[1][0] == D(2026, 3, 4)
    assert lab.refuse(C.MoveNextRound(days=-1)).code == "round_unmoved"


def test_game_ends_at_the_end_date(lab):
    while lab.state.phase != "ended":
        lab.do(C.Pass(by=lab.turn))
    assert lab.state.end_reason == "end_date"
    assert lab.state.date == D(2026, 3, 31)
    assert lab.of(E.DateAdvanced)[-1].date == D(2026, 3, 31)


def test_a_round_postponed_past_the_end_date_does_not_happen(lab):
    finish_round(lab)
    lab.do(C.MoveNextRound(days=15))  # round three to 7 April: after the calendar ends
    finish_round(lab)
    assert lab.state.phase == "ended" and lab.state.end_reason == "end_date"
    assert [e.round for e in lab.of(E.RoundStarted)] == ["r1", "r2"]


def test_comprehensive_agreement_ends_the_game(lab):
    lab.do(C.FireEvent(event="referendum"))
    lab.do(C.Propose(by="ru", items={"truce": "local", "land": "cede"}))
    lab.do(C.Accept(by="ua"))
    assert lab.state.end_reason == "agreement"
    assert set(lab.of(E.GameEnded)[0].scores) == {"ru", "ua", "us"}


@pytest.mark.parametrize("reason", ["end_date", "agreement", "walkout", "event", "facilitator"])
def test_every_end_reason_is_reachable(lab, reason):
    match reason:
        case "end_date":
            while lab.state.phase != "ended":
                lab.do(C.Recess(by=lab.turn))
        case "agreement":
            lab.do(C.FireEvent(event="referendum"))
            lab.do(C.Propose(by="ru", items={"truce": "local", "land": "cede"}))
            lab.do(C.Accept(by="ua"))
        case "walkout":
            lab.do(C.WalkOut(by="ru"))
        case "event":
            lab.do(C.FireEvent(event="tool_end"))
        case "facilitator":
            lab.do(C.EndNow())
    assert lab.state.end_reason == reason
    assert len(lab.of(E.GameEnded)) == 1

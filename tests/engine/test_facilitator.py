"""The facilitator's controls added for the classroom (inject, reveal, seats, turn
timer) and a delegation's pledge: each is a command, decided and logged like any other."""

from __future__ import annotations

import pytest

from game.engine import commands as C
from game.engine import events as E
from game.engine.views import redact_event, view_for, visible_events
from tests.words import explain


def test_inject_reaches_its_audience_and_moves_meters(lab):
    before = lab.state.meters["ua.standing"]
    lab.do(C.Inject(headline="  Wire  report ", text="Shelling\n near the plant.", to=("us", "ua"), meters={"ua.standing": -5}))
    sent = lab.of(E.MessageSent)[-1]
    assert (sent.headline, sent.text, sent.to, sent.cause) == (
        "Wire report", "Shelling near the plant.", ("ua", "us"), "facilitator",
    )
    assert lab.state.meters["ua.standing"] == before - 5
    changed = lab.of(E.MeterChanged)[-1]
    assert changed.cause == "facilitator" and changed.delta == -5
    # Moscow hears neither the message nor Kyiv's private meter.
    assert visible_events(lab.rules, lab.last, "ru") == []
    assert [type(e) for e in visible_events(lab.rules, lab.last, "ua")] == [E.MessageSent, E.MeterChanged]
    assert [type(e) for e in visible_events(lab.rules, lab.last, "us")] == [E.MessageSent]


def test_inject_to_everyone_without_a_headline(lab):
    lab.do(C.Inject(headline="", text="A storm delays the delegations."))
    sent = lab.of(E.MessageSent)[-1]
    assert sent.headline is None and sent.to == ()
    assert redact_event(lab.rules, sent, "ru") == sent


@pytest.mark.parametrize(
    ("command", "code"),
    [
        (C.Inject(headline="H", text="   "), "empty_inject"),
        (C.Inject(headline="H" * 121, text="t"), "long_headline"),
        (C.Inject(headline="H", text="t" * 1001), "long_inject"),
        (C.Inject(headline="H", text="bell\x07"), "unprintable_inject"),
        (C.Inject(headline="H", text="t", meters={"ru.nope": 1}), "unknown_meter"),
        (C.Inject(headline="H", text="t", meters={"ua.standing": 1000}), "meter_delta"),
        (C.Inject(headline="H", text="t", meters={"ua.standing": float("nan")}), "meter_delta"),
    ],
)
def test_a_bad_inject_is_refused_and_changes_nothing(lab, command, code):
    before = lab.state
    refusal = lab.refuse(command)
    assert refusal.code == code and explain(refusal, lab.rules)
    assert lab.last == () and lab.state == before


def test_reveal_makes_a_delegations_hidden_draw_public(lab):
    assert view_for(lab.rules, lab.state, "ua").revealed == {}
    lab.do(C.Reveal(delegation="ru"))
    revealed = lab.of(E.InfoRevealed)[-1]
    assert revealed.delegation == "ru" and revealed.variants == lab.state.variants["ru"]
    assert "ru.no_art5" in revealed.red_lines
    # everyone hears it whole, and sees it in their view from now on
    assert redact_event(lab.rules, revealed, "ua") == revealed
    shown = view_for(lab.rules, lab.state, "ua").revealed["ru"]
    assert [v.id for v in shown.variants] == list(lab.state.variants["ru"].values())
    assert "ru.no_art5" in [line.id for line in shown.red_lines]
    assert "ru" not in view_for(lab.rules, lab.state, "ua").private  # the rest stays private
    assert [line.id for line in shown.red_lines] == list(revealed.red_lines)  # only the lines in force then
    assert lab.refuse(C.Reveal(delegation="ru")).code == "already_revealed"
    lab.do(C.Reveal())  # everyone else
    assert [e.delegation for e in lab.last] == ["ua", "us"]
    assert list(lab.state.revealed) == ["ru", "ua", "us"]
    assert lab.refuse(C.Reveal()).code == "already_revealed"


def test_hand_seat_is_recorded_and_public(lab):
    lab.do(C.HandSeat(delegation="ua", to="ai:pragmatist"))
    assert lab.last == (E.SeatHanded(delegation="ua", to="ai:pragmatist"),)
    assert redact_event(lab.rules, lab.last[0], "ru") == lab.last[0]
    assert lab.refuse(C.HandSeat(delegation="ua", to="two words")).code == "bad_seat"
    assert lab.refuse(C.HandSeat(delegation="ua", to=" ")).code == "bad_seat"


def test_turn_timer_and_a_timeout_that_passes(lab):
    assert lab.refuse(C.TimeOut(by="ru")).code == "no_timer"
    lab.do(C.SetTurnTimer(seconds=90))
    assert lab.last == (E.TurnTimerSet(seconds=90, then="pass"),)
    assert view_for(lab.rules, lab.state, "ua").turn_timer == 90
    assert lab.refuse(C.SetTurnTimer(seconds=90)).code == "timer_unchanged"
    assert lab.refuse(C.TimeOut(by="ua")).code == "not_your_turn"
    lab.do(C.TimeOut(by="ru"))
    assert isinstance(lab.last[0], E.TimedOut) and lab.last[0].seconds == 90
    assert lab.turn == "ua" and lab.state.turn == 1
    lab.do(C.Pause())
    assert lab.refuse(C.TimeOut(by="ua")).code == "paused"  # a paused table keeps no time
    lab.do(C.Resume())
    lab.do(C.SetTurnTimer(seconds=0))
    assert lab.refuse(C.TimeOut(by="ua")).code == "no_timer"


def test_a_timeout_with_a_computer_stand_in_keeps_the_turn(lab):
    lab.do(C.SetTurnTimer(seconds=60, then="computer"))
    lab.do(C.TimeOut(by="ru"))
    assert lab.last == (E.TimedOut(by="ru", seconds=60, then="computer"),)
    assert lab.turn == "ru"  # the stand-in moves next, as a command of Moscow's
    lab.do(C.Pass(by="ru", reason="Moving on."))
    assert lab.turn == "ua"


def test_a_pledge_is_kept_in_the_statement(lab):
    lab.do(C.Statement(by="ru", text="We will settle for a local truce.", pledge={"truce": "local"}))
    assert lab.last[0].pledge == {"truce": "local"}
    lab.do(C.Pass(by="ru"))
    assert lab.refuse(C.Statement(by="ua", text="x", pledge={"nope": "a"})).code == "unknown_card"
    assert lab.refuse(C.Statement(by="ua", text="x", pledge={"truce": "nope"})).code == "unknown_option"
    lab.do(C.Statement(by="ua", text="No pledge here."))
    assert lab.last[0].pledge is None


def test_facilitator_controls_are_refused_after_the_end(lab):
    lab.do(C.EndNow())
    for command in (C.Inject(headline="", text="t"), C.Reveal(), C.HandSeat(delegation="ru", to="person"),
                    C.SetTurnTimer(seconds=10)):
        assert lab.refuse(command).code == "game_over"

"""Scoring (the value model of `game.engine.value`), redacted views, replay and determinism."""

from __future__ import annotations

import json

import pytest
from labtable import Table

from game.engine import commands as C
from game.engine import events as E
from game.engine import replay
from game.engine.views import OMNISCIENT, redact_event, view_for, visible_events


def _seed_with(rules, variant: str) -> int:
    return next(s for s in range(100) if Table(rules, s).state.variants["ru"]["reading"] == variant)


@pytest.mark.parametrize(
    ("variant", "ru_utility"),
    [
        # pause 50, truce 50, land keep (chip: 40, weight 2), guarantee 60, aid 100, and the bonus
        # card, not at the table yet but counted at its status quo (50) -> 390 / 7
        ("chip", 390 / 7),
        # land keep 0 with weight 4 under "value": (50 + 50 + 0 + 60 + 100 + 50) / 9
        ("value", 310 / 9),
    ],
)
def test_scores_of_an_immediate_walkout_by_hand(lab_rules, variant, ru_utility):
    """Nothing signed, no meter moved, the talks collapsed: every score is 0, whatever the
    status quo is worth to each delegation (that is its BATNA, not a gain)."""
    table = Table(lab_rules, _seed_with(lab_rules, variant))
    table.do(C.WalkOut(by="ru"))
    assert table.of(E.GameEnded)[0].scores == {"ru": 0.0, "ua": 0.0, "us": 0.0}
    ru = lab_rules.final_score(table.state, "ru")
    assert ru["batna_start"] == ru["batna"] == ru["utility"] == pytest.approx(round(ru_utility, 2))
    # Kyiv: (pause 0 + truce 50 + land 100*2 + guarantee 0 + aid 0 + bonus 50) / 7;
    # Washington: (0 + 0 + 50 + 50 + 50 + bonus 50) / 6
    assert lab_rules.final_score(table.state, "ua")["batna_start"] == pytest.approx(round(300 / 7, 2))
    assert lab_rules.final_score(table.state, "us")["batna_start"] == pytest.approx(round(200 / 6, 2))


def test_scores_use_signed_text_meters_objectives_and_moving_batna(lab_rules):
    table = Table(lab_rules, _seed_with(lab_rules, "chip"))
    table.do(C.Propose(by="ru", items={"pause": "long", "truce": "local"}))
    table.do(C.Accept(by="ua"))  # signed; long pause expires when the frost ends
    while table.state.phase != "ended":
        table.do(C.Recess(by=table.turn))
    state = table.state
    assert state.end_reason == "end_date"
    assert state.meters["ru.leverage"] == 65  # three rounds of drift
    assert state.in_force() == {}  # the pause expired with the frost, the truce on 15 March
    # ... but both ran their full term, so they count as achieved
    assert state.achieved() == {"pause": "long", "truce": "local"}
    parts = lab_rules.final_score(state, "ru")
    assert parts["objectives"] == 5  # talks did not collapse
    # the status quo: pause none 50, truce none 50, land keep 40 (weight 2), guarantee none 60,
    # aid none 100, and the bonus card the first signature added (50): 390 / 7
    assert parts["batna_start"] == pytest.approx(round(390 / 7, 2))
    assert parts["batna_moved"] == pytest.approx(0.5 * 15)  # Moscow's alternative rose with the front
    assert parts["batna"] == pytest.approx(round(390 / 7 + 7.5, 2))
    # signed: pause long 30 (not 50), truce local 50 (as none): the text is worth 20 / 7 less than none
    assert parts["agreements"] == pytest.approx(round(-20 / 7, 2))
    assert parts["score"] == pytest.approx(round(-20 / 7 + 7.5 + 5, 2))
    ua = lab_rules.final_score(state, "ua")
    standing = 0.2 * (state.meters["ua.standing"] - lab_rules.meter_start["ua.standing"])
    assert ua["batna_moved"] == pytest.approx(round(-0.5 * 15 + standing, 2))  # Kyiv's eroded
    us = lab_rules.final_score(state, "us")
    assert us["objectives"] == 10  # two cards achieved, though neither is in force at the end
    assert state.scores == {d: lab_rules.final_score(state, d)["score"] for d in ("ru", "ua", "us")}


def test_an_agreement_ended_early_by_an_event_does_not_count(lab_rules):
    table = Table(lab_rules, 1)
    table.do(C.Propose(by="ru", items={"truce": "local"}))
    table.do(C.Accept(by="ua"))
    table.do(C.FireEvent(event="tool_expire"))
    assert "truce" not in table.state.achieved()
    assert not table.of(E.AgreementExpired)[0].completed


def test_us_objective_counts_two_signed_cards(lab_rules):
    table = Table(lab_rules, 1)
    table.do(C.Propose(by="ru", items={"guarantee": "istanbul", "aid": "resume"}))  # needs all three
    table.do(C.Accept(by="ua"))
    table.do(C.Accept(by="us"))
    table.do(C.WalkOut(by="ru"))
    assert lab_rules.final_score(table.state, "us")["objectives"] == 10


# ---------------------------------------------------------------------------- views


def test_a_delegation_sees_only_its_own_secrets(lab, lab_rules):
    lab.do(C.FireEvent(event="tool_secret"))
    view = view_for(lab_rules, lab.state, "ua")
    text = view.model_dump_json()
    assert set(view.private) == {"ua"}
    assert "LAB-SECRET-ua" in text and "LAB-UA-REDLINE" in text
    for secret in ("LAB-SECRET-ru", "LAB-SECRET-us", "LAB-RU-REDLINE", "LAB-VARIANT", "ru.standing", "us.patience"):
        assert secret not in text
    assert "ru_secret" not in view.flags
    assert [m.id for m in view.public_meters] == ["ru.leverage"]


def test_own_variant_brief_is_added_to_own_brief(lab_rules):
    table = Table(lab_rules, _seed_with(lab_rules, "value"))
    view = view_for(lab_rules, table.state, "ru")
    assert "LAB-VARIANT-VALUE-BRIEF" in view.private["ru"].brief
    assert [v.id for v in view.private["ru"].variants] == ["value"]


def test_the_omniscient_view_has_everything(lab, lab_rules):
    view = view_for(lab_rules, lab.state, OMNISCIENT)
    assert set(view.private) == {"ru", "ua", "us"}
    assert "ru_secret" in view.flags


def test_variants_and_scores_are_revealed_at_the_end(lab, lab_rules):
    assert view_for(lab_rules, lab.state, "ua").end is None
    lab.do(C.WalkOut(by="ru"))
    end = view_for(lab_rules, lab.state, "ua").end
    assert end is not None and [v.hidden for v in end.variants["ru"]] == ["reading"]
    assert set(end.scores) == {"ru", "ua", "us"}


def test_log_redaction_per_delegation(lab, lab_rules):
    lab.do(C.FireEvent(event="tool_secret"))
    finish = C.Recess(by=lab.turn)
    lab.do(finish)  # round two opens with a message for Kyiv only
    for viewer in ("ru", "us"):
        dumped = json.dumps([e.model_dump(mode="json") for e in visible_events(lab_rules, lab.events, viewer)])
        assert "LAB-PRIVATE-MESSAGE" not in dumped
    ua_log = visible_events(lab_rules, lab.events, "ua")
    assert any(isinstance(e, E.MessageSent) for e in ua_log)
    assert not any(isinstance(e, E.EventFired) and e.event == "tool_secret" for e in ua_log)
    assert not any(isinstance(e, E.MeterChanged) and e.meter == "ru.standing" for e in ua_log)
    started = redact_event(lab_rules, lab.events[0], "ua")
    assert set(started.variants) == {"ua"}


def test_a_soft_line_cost_on_a_public_meter_hides_the_line_from_others(lab_rules):
    from game.engine.events import MeterChanged

    event = MeterChanged(meter="ru.leverage", value=40, delta=-10, cause="red_line:ru.no_art5")
    assert redact_event(lab_rules, event, "ua").cause == "agreement"
    assert redact_event(lab_rules, event, "ru").cause == "red_line:ru.no_art5"


# ---------------------------------------------------------------------------- replay, determinism


def _script(table: Table) -> None:
    table.do(C.Statement(by="ru", text="We open."))
    table.do(C.Propose(by="ru", items={"pause": "short", "truce": "local"}))
    table.do(C.Accept(by="ua"))
    table.pass_until("ru")
    table.do(C.UseLever(by="ru", lever="pressure"))
    table.do(C.Recess(by="ua"))
    table.do(C.Pause())
    table.do(C.Resume())
    while table.state.phase != "ended":
        table.do(C.Pass(by=table.turn))


def test_replaying_the_events_rebuilds_the_state(lab_rules):
    table = Table(lab_rules, 5)
    _script(table)
    assert replay(lab_rules, table.events) == table.state


def test_every_event_reads_back_equal_from_its_json(lab_rules):
    from pydantic import TypeAdapter

    adapter = TypeAdapter(E.Event)
    table = Table(lab_rules, 5)
    _script(table)
    for event in table.events:
        assert adapter.validate_json(event.model_dump_json()) == event


def test_same_seed_and_commands_give_the_same_events_byte_for_byte(lab_rules):
    logs = []
    for _ in range(2):
        table = Table(lab_rules, 11)
        _script(table)
        logs.append("\n".join(e.model_dump_json() for e in table.events))
    assert logs[0] == logs[1]
    other = Table(lab_rules, 12)
    assert other.state.seed == 12

"""Hard and soft red lines, linkages, and lines that events lift or impose."""

from __future__ import annotations

from game.engine import commands as C
from game.engine import events as E
from game.engine.views import redact_event
from tests.words import explain


def test_hard_line_refuses_a_proposal_and_names_the_line(lab):
    lab.pass_until("ua")
    refusal = lab.refuse(C.Propose(by="ua", items={"land": "cede"}))
    assert refusal.code == "red_line" and refusal.red_line == "ua.no_cession"
    assert "No cession without a referendum" in explain(refusal, lab.rules)
    assert "constitution" in explain(refusal, lab.rules)
    assert lab.state.table is None and lab.turn == "ua"
    blocked = lab.last
    assert len(blocked) == 1 and isinstance(blocked[0], E.RedLineBlocked)


def test_the_blocked_offer_is_logged_for_its_delegation_only(lab, lab_rules):
    lab.pass_until("ua")
    lab.refuse(C.Propose(by="ua", items={"land": "cede"}))
    event = lab.last[0]
    assert redact_event(lab_rules, event, "ua") == event
    assert redact_event(lab_rules, event, "ru") is None
    assert redact_event(lab_rules, event, "us") is None


def test_hard_line_refuses_an_acceptance(lab):
    lab.pass_until("ua")
    lab.do(C.Propose(by="ua", items={"guarantee": "art5"}))
    lab.do(C.Accept(by="us"))
    refusal = lab.refuse(C.Accept(by="ru"))
    assert refusal.red_line == "ru.no_art5"
    assert lab.state.in_force() == {}


def test_soft_line_is_crossed_at_its_cost_when_signed(lab):
    lab.do(C.Propose(by="ru", items={"pause": "short"}))
    assert lab.state.meters["ua.standing"] == 50  # nothing is paid for a proposal
    lab.do(C.Accept(by="ua"))
    crossed = lab.of(E.SoftLineCrossed)
    assert [(c.delegation, c.red_line) for c in crossed] == [("ua", "ua.short_pause_costs")]
    assert lab.state.meters["ua.standing"] == 40
    cost = [e for e in lab.last if isinstance(e, E.MeterChanged) and e.meter == "ua.standing"][0]
    assert cost.cause == "red_line:ua.short_pause_costs"


def test_linkage_holds_unless_the_linked_option_is_in_the_text(lab, lab_rules):
    state = lab.state
    crossed = lab_rules.crossed(state, "us", {"guarantee": "art5"})
    assert [qid for qid, _ in crossed] == ["us.art5_needs_land"]
    assert lab_rules.crossed(state, "us", {"guarantee": "art5", "land": "cede"}) == []


def test_linkage_reads_the_signed_text_too(lab, lab_rules):
    lab.do(C.FireEvent(event="referendum"))
    lab.do(C.Propose(by="ru", items={"land": "cede"}))
    lab.do(C.Accept(by="ua"))
    assert lab.state.in_force()["land"] == "cede"
    assert lab_rules.crossed(lab.state, "us", {"guarantee": "art5"}) == []


def test_conditional_line_is_lifted_by_an_event(lab):
    lab.pass_until("ua")
    lab.refuse(C.Propose(by="ua", items={"land": "cede"}))
    lab.do(C.FireEvent(event="referendum"))  # sets the mandate flag the line is lifted by
    lab.do(C.Propose(by="ua", items={"land": "cede"}))
    assert lab.state.table.as_dict == {"land": "cede"}


def test_event_imposes_an_inactive_line(lab):
    lab.do(C.Propose(by="ru", items={"truce": "local"}))
    assert lab_line_active(lab, "ru.no_long_pause") is False
    lab.do(C.Accept(by="ua"))  # first signature: the event imposes Moscow's line
    assert lab_line_active(lab, "ru.no_long_pause") is True
    lab.do(C.Propose(by="us", items={"pause": "long"}))
    assert lab.refuse(C.Accept(by="ru")).red_line == "ru.no_long_pause"


def test_event_lifts_a_hard_line(lab):
    lab.do(C.FireEvent(event="tool_lift"))
    lab.pass_until("ua")
    lab.do(C.Propose(by="ua", items={"guarantee": "istanbul"}))
    lab.do(C.Counter(by="us", items={"guarantee": "art5"}))
    lab.do(C.Accept(by="ru"))  # allowed now
    lab.do(C.Accept(by="ua"))
    assert lab.state.in_force() == {"guarantee": "art5"}


def lab_line_active(table, qid: str) -> bool:
    return table.rules.red_line_active(table.state, qid)

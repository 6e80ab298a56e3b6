"""Every command a seat can send, on the laboratory scenario (turn order ru, ua, us)."""

from __future__ import annotations

import datetime as dt

from game.engine import commands as C
from game.engine import events as E
from tests.words import explain


def test_game_opens_round_one_on_its_date(lab):
    assert lab.state.phase == "in_round"
    assert lab.state.date == dt.date(2026, 3, 2)
    assert lab.turn == "ru"
    assert isinstance(lab.events[0], E.GameStarted)
    assert any(isinstance(e, E.RoundStarted) and e.round == "r1" for e in lab.events)


def test_propose_then_accept_signs_the_package(lab):
    lab.do(C.Propose(by="ru", items={"truce": "local"}))
    assert lab.state.table is not None and lab.state.table.accepted == {"ru"}
    lab.do(C.Accept(by="ua"))
    signed = lab.of(E.AgreementSigned)
    assert [s.items for s in signed] == [{"truce": "local"}]
    assert signed[0].parties == ("ru", "ua")
    assert lab.state.in_force() == {"truce": "local"}
    assert lab.state.table is None


def test_a_card_only_the_proposer_must_consent_to_is_signed_at_once(lab):
    lab.pass_until("us")
    lab.do(C.Propose(by="us", items={"aid": "resume"}))
    assert lab.state.in_force() == {"aid": "resume"}


def test_counter_replaces_the_package_and_counts_as_the_counterers_acceptance(lab):
    lab.do(C.Propose(by="ru", items={"truce": "local"}))
    lab.do(C.Counter(by="ua", items={"pause": "long"}))
    table = lab.state.table
    assert table.as_dict == {"pause": "long"} and table.counter and table.accepted == {"ua"}
    assert lab.refuse(C.Counter(by="us", items={"pause": "long"})).code == "same_package"


def test_propose_and_counter_need_the_right_table(lab):
    assert lab.refuse(C.Counter(by="ru", items={"truce": "local"})).code == "table_empty"
    lab.do(C.Propose(by="ru", items={"truce": "local"}))
    assert lab.refuse(C.Propose(by="ua", items={"pause": "long"})).code == "table_occupied"


def test_reject_clears_the_table_and_only_parties_may_reject(lab):
    lab.do(C.Propose(by="ru", items={"truce": "local"}))
    lab.do(C.Pass(by="ua"))
    assert lab.refuse(C.Reject(by="us")).code == "consent_not_needed"
    lab.do(C.Pass(by="us"))
    lab.do(C.Pass(by="ru"))
    lab.do(C.Reject(by="ua"))
    assert lab.state.table is None
    assert lab.of(E.PackageRejected)[0].by == "ua"


def test_accept_checks_package_id_and_double_acceptance(lab):
    lab.do(C.Propose(by="ru", items={"truce": "local"}))
    assert lab.refuse(C.Accept(by="ua", package=99)).code == "package_changed"
    lab.do(C.Pass(by="ua"))
    lab.do(C.Pass(by="us"))
    assert lab.refuse(C.Accept(by="ru")).code == "already_accepted"


def test_bad_packages_are_refused_with_reasons(lab):
    before = len(lab.events)
    assert lab.refuse(C.Propose(by="ru", items={"nope": "x"})).code == "unknown_card"
    assert lab.refuse(C.Propose(by="ru", items={"truce": "maybe"})).code == "unknown_option"
    refusal = lab.refuse(C.Propose(by="ru", items={"truce": "none"}))
    assert refusal.code == "status_quo" and "No truce" in explain(refusal, lab.rules)
    assert lab.refuse(C.Propose(by="ru", items={"bonus": "yes"})).code == "card_not_here"  # not yet on the table
    assert len(lab.events) == before  # plain refusals leave nothing in the log


def test_signed_cards_cannot_be_proposed_again(lab):
    lab.do(C.Propose(by="ru", items={"truce": "local"}))
    lab.do(C.Accept(by="ua"))
    assert lab.refuse(C.Propose(by="us", items={"truce": "local"})).code == "already_signed"


def test_statement_is_free_once_per_turn(lab):
    lab.do(C.Statement(by="ru", text="  We are   ready to talk. "))
    assert lab.turn == "ru"
    assert lab.of(E.StatementMade)[0].text == "We are ready to talk."
    assert lab.refuse(C.Statement(by="ru", text="Again")).code == "spoke_already"
    assert lab.refuse(C.Statement(by="ru", text="   ")).code == "empty_statement"
    lab.do(C.Pass(by="ru"))
    assert lab.refuse(C.Statement(by="ua", text="x" * (C.MAX_STATEMENT + 1))).code == "long_statement"
    lab.do(C.Statement(by="ua", text="Kyiv speaks."))


def test_lever_applies_its_effects_and_counts_uses(lab):
    lab.do(C.UseLever(by="ru", lever="pressure"))
    assert lab.state.meters["ru.leverage"] == 60
    changed = [e for e in lab.last if isinstance(e, E.MeterChanged)]
    assert changed[0].cause == "lever:ru.pressure"
    lab.pass_until("ru")
    lab.do(C.UseLever(by="ru", lever="pressure"))
    lab.pass_until("ru")
    assert lab.refuse(C.UseLever(by="ru", lever="pressure")).code == "lever_used_up"
    assert lab.refuse(C.UseLever(by="ru", lever="missiles")).code == "unknown_lever"


def test_lever_availability_follows_its_condition(lab):
    lab.pass_until("ua")
    assert lab.refuse(C.UseLever(by="ua", lever="appeal")).code == "lever_unavailable"
    lab.pass_until("us")
    patience = lab.state.meters["us.patience"]
    lab.do(C.UseLever(by="us", lever="envoy"))
    assert lab.state.flags["envoy"] and lab.state.meters["us.patience"] == patience - 5
    lab.do(C.FireEvent(event="tool_secret"))  # unrelated; patience stays
    lab.pass_until("us")
    assert lab.refuse(C.UseLever(by="us", lever="envoy")).code == "lever_used_up"
    lab.pass_until("ua")
    assert lab.state.meters["us.patience"] > 40
    lab.refuse(C.UseLever(by="ua", lever="appeal"))
    # pressing on: two more envoys are impossible, so lower patience by the soft line cost instead
    lab.state.meters["us.patience"] = 40  # the test seeds the condition directly
    lab.do(C.UseLever(by="ua", lever="appeal"))


def test_recess_ends_the_round_early(lab):
    lab.do(C.Propose(by="ru", items={"truce": "local"}))
    lab.do(C.Recess(by="ua"))
    ended = lab.of(E.RoundEnded)
    assert ended[0].round == "r1" and ended[0].reason == "recess"
    assert any(isinstance(e, E.PackageLapsed) for e in lab.events)
    assert lab.state.round_index == 1 and lab.state.phase == "in_round"


def test_turns_run_out_and_the_next_round_opens(lab):
    for _ in range(6):
        lab.do(C.Pass(by=lab.turn))
    assert [e.reason for e in lab.of(E.RoundEnded)] == ["turns"]
    assert lab.state.round_index == 1


def test_walkout_ends_the_game(lab):
    lab.do(C.WalkOut(by="ru"))
    assert lab.state.phase == "ended"
    assert (lab.state.end_reason, lab.state.ended_by) == ("walkout", "ru")
    assert lab.refuse(C.Pass(by="ua")).code == "game_over"


def test_only_the_seat_whose_turn_it_is_may_act(lab):
    refusal = lab.refuse(C.Pass(by="ua"))
    assert refusal.code == "not_your_turn" and "Moscow" in explain(refusal, lab.rules)


def test_facilitator_pause_blocks_delegations_until_resume(lab):
    lab.do(C.Pause())
    assert lab.refuse(C.Pass(by="ru")).code == "paused"
    assert lab.refuse(C.Pause()).code == "already_paused"
    lab.do(C.Resume())
    assert lab.refuse(C.Resume()).code == "not_paused"
    lab.do(C.Pass(by="ru"))


def test_facilitator_fires_an_event_moves_a_round_and_ends_the_game(lab):
    lab.do(C.FireEvent(event="referendum"))
    assert lab.state.flags["mandate"]
    assert lab.fired()[-1] == "referendum"
    assert lab.of(E.EventFired)[-1].reason == "facilitator"
    assert lab.refuse(C.FireEvent(event="nope")).code == "unknown_event"
    lab.do(C.MoveNextRound(days=2))
    assert lab.state.round_dates[1][0] == dt.date(2026, 3, 12)
    lab.do(C.EndNow())
    assert lab.state.end_reason == "facilitator"


def test_start_only_once(lab):
    assert lab.refuse(C.Start(seed=3)).code == "already_started"


def test_facilitator_lengthens_and_shortens_the_round(lab):
    lab.do(C.ChangeTurns(delta=3))
    assert lab.state.round_turns[0] == 9
    lab.do(C.Pass(by="ru"))
    lab.do(C.ChangeTurns(delta=-20))  # never below the turn in progress
    assert lab.state.round_turns[0] == 2
    assert lab.refuse(C.ChangeTurns(delta=-1)).code == "turns_unchanged"
    lab.do(C.Pass(by="ua"))
    assert lab.state.round_index == 1  # the shortened round ended
    lab.do(C.ChangeTurns(delta=1))
    assert lab.state.round_turns[1] == 7


def test_a_delegation_gives_its_reason_and_it_is_logged(lab):
    lab.do(C.Propose(by="ru", items={"truce": "local"}, reason="  A local truce   saves lives. "))
    proposed = lab.of(E.PackageProposed)[0]
    assert proposed.reason == "A local truce saves lives."
    lab.do(C.Reject(by="ua", reason="Not without guarantees."))
    assert lab.of(E.PackageRejected)[0].reason == "Not without guarantees."
    lab.do(C.Pass(by="us"))
    assert lab.of(E.Passed)[0].reason is None
    assert lab.refuse(C.Pass(by="ru", reason="bell\x07")).code == "unprintable_reason"

"""Folding: the one place the game state changes, one event at a time (`fold_into`).
The state is the fold of the log's events from a blank state; nothing else writes it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from game.engine import events as E
from game.engine.rules import Rules
from game.engine.state import Agreement, GameState, Package


def fold_into(rules: Rules, s: GameState, ev: E.Event) -> None:
    s.seq += 1
    _FOLD[type(ev)](rules, s, ev)


def _f_started(rules: Rules, s: GameState, ev: E.GameStarted) -> None:
    sc = rules.scenario
    s.scenario, s.seed = ev.scenario, ev.seed if ev.seed is not None else 0  # a seat's copy hides it
    s.date = sc.calendar.start
    s.phase = "between"
    s.round_dates = [(r.start, r.end) for r in sc.calendar.rounds]
    s.round_turns = rules.round_turns(ev.length)
    s.cards = [c.id for c in sc.cards if c.active]
    s.meters = {qid: m.start for qid, m in rules.meters.items()}
    s.flags = {f.id: f.initial for f in sc.flags}
    s.red_lines = {qid: line.active for qid, (_, line) in rules.red_line_by_id.items()}
    s.variants = {d: dict(v) for d, v in ev.variants.items()}


def _f_round_started(rules: Rules, s: GameState, ev: E.RoundStarted) -> None:
    s.round_index = rules.round_index[ev.round]
    s.phase, s.turn, s.spoke_this_turn = "in_round", 0, False
    s.round_meters = [*s.round_meters, dict(s.meters)]  # a new list: clones share the old one


def _f_turn_ended(rules: Rules, s: GameState, ev: E.TurnEnded) -> None:
    s.turn += 1
    s.spoke_this_turn = False


def _f_proposed(rules: Rules, s: GameState, ev: E.PackageProposed) -> None:
    s.packages = ev.package
    s.table = Package(
        id=ev.package, by=ev.by, items=tuple(ev.items.items()), accepted=frozenset(ev.accepted_by), counter=ev.counter
    )


def _f_accepted(rules: Rules, s: GameState, ev: E.PackageAccepted) -> None:
    assert s.table is not None
    s.table = replace(s.table, accepted=s.table.accepted | {ev.by})


def _f_clear_table(rules: Rules, s: GameState, ev: E.Event) -> None:
    s.table = None


def _f_signed(rules: Rules, s: GameState, ev: E.AgreementSigned) -> None:
    rnd = rules.rounds[s.round_index].id
    for card_id, option in ev.items.items():
        s.signed[card_id] = Agreement(
            option=option, package=ev.package, round=rnd, date=s.date,
            expires_on=ev.expires_on.get(card_id), expires_with=ev.expires_with.get(card_id),
        )
    s.table = None


def _f_expired(rules: Rules, s: GameState, ev: E.AgreementExpired) -> None:
    if ev.completed:
        s.signed[ev.card] = replace(s.signed[ev.card], completed=True)
    else:
        s.signed.pop(ev.card, None)


def _f_suspended(rules: Rules, s: GameState, ev: E.AgreementSuspended) -> None:
    s.signed[ev.card] = replace(s.signed[ev.card], suspended=True)


def _f_statement(rules: Rules, s: GameState, ev: E.StatementMade) -> None:
    s.spoke_this_turn = True


def _f_lever(rules: Rules, s: GameState, ev: E.LeverUsed) -> None:
    qid = f"{ev.by}.{ev.lever}"
    s.lever_uses[qid] = s.lever_uses.get(qid, 0) + 1


def _f_fired(rules: Rules, s: GameState, ev: E.EventFired) -> None:
    s.fired[ev.event] = s.fired.get(ev.event, 0) + 1


def _f_meter(rules: Rules, s: GameState, ev: E.MeterChanged) -> None:
    s.meters[ev.meter] = ev.value


def _f_flag(rules: Rules, s: GameState, ev: E.FlagChanged) -> None:
    s.flags[ev.flag] = ev.value


def _f_red_line(rules: Rules, s: GameState, ev: E.RedLineChanged) -> None:
    s.red_lines[ev.red_line] = ev.active


def _f_card_added(rules: Rules, s: GameState, ev: E.CardAdded) -> None:
    s.cards = [c for c in rules.card_order if c in s.cards or c == ev.card]


def _f_card_removed(rules: Rules, s: GameState, ev: E.CardRemoved) -> None:
    s.cards = [c for c in s.cards if c != ev.card]
    s.signed.pop(ev.card, None)


def _f_round_moved(rules: Rules, s: GameState, ev: E.RoundMoved) -> None:
    s.round_dates[rules.round_index[ev.round]] = (ev.start, ev.end)


def _f_turns_changed(rules: Rules, s: GameState, ev: E.RoundTurnsChanged) -> None:
    s.round_turns[rules.round_index[ev.round]] = ev.turns


def _f_round_ended(rules: Rules, s: GameState, ev: E.RoundEnded) -> None:
    s.phase = "between"
    s.table = None


def _f_date(rules: Rules, s: GameState, ev: E.DateAdvanced) -> None:
    s.date = ev.date


def _f_paused(rules: Rules, s: GameState, ev: E.Event) -> None:
    s.paused = isinstance(ev, E.Paused)


def _f_ended(rules: Rules, s: GameState, ev: E.GameEnded) -> None:
    s.phase = "ended"
    s.paused = False
    s.end_reason, s.ended_by = ev.reason, ev.by
    s.scores = dict(ev.scores)
    s.table = None


def _f_revealed(rules: Rules, s: GameState, ev: E.InfoRevealed) -> None:
    s.revealed = {**s.revealed, ev.delegation: ev.red_lines}


def _f_timer(rules: Rules, s: GameState, ev: E.TurnTimerSet) -> None:
    s.turn_timer, s.timer_then = ev.seconds, ev.then


def _f_nothing(rules: Rules, s: GameState, ev: E.Event) -> None:
    pass


_FOLD: dict[type, Callable[[Rules, GameState, Any], None]] = {
    E.GameStarted: _f_started,
    E.RoundStarted: _f_round_started,
    E.TurnEnded: _f_turn_ended,
    E.PackageProposed: _f_proposed,
    E.PackageAccepted: _f_accepted,
    E.PackageRejected: _f_clear_table,
    E.PackageLapsed: _f_clear_table,
    E.AgreementSigned: _f_signed,
    E.AgreementExpired: _f_expired,
    E.AgreementSuspended: _f_suspended,
    E.RedLineBlocked: _f_nothing,
    E.SoftLineCrossed: _f_nothing,
    E.StatementMade: _f_statement,
    E.LeverUsed: _f_lever,
    E.RecessCalled: _f_nothing,
    E.WalkedOut: _f_nothing,
    E.Passed: _f_nothing,
    E.EventFired: _f_fired,
    E.MeterChanged: _f_meter,
    E.FlagChanged: _f_flag,
    E.RedLineChanged: _f_red_line,
    E.CardAdded: _f_card_added,
    E.CardRemoved: _f_card_removed,
    E.MessageSent: _f_nothing,
    E.RoundMoved: _f_round_moved,
    E.RoundTurnsChanged: _f_turns_changed,
    E.RoundEnded: _f_round_ended,
    E.DateAdvanced: _f_date,
    E.Paused: _f_paused,
    E.Resumed: _f_paused,
    E.GameEnded: _f_ended,
    E.TimedOut: _f_nothing,
    E.InfoRevealed: _f_revealed,
    E.SeatHanded: _f_nothing,
    E.TurnTimerSet: _f_timer,
}

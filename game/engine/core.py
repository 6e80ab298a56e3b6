"""The rules: commands in, events out, state folded from events.

`step(rules, state, command)` decides what a command causes and returns the new
state with the events; it never raises for anything a player could send, it
refuses with a `Refusal` that explains itself. `fold(rules, state, event)` is the
only place state changes; `replay(rules, events)` rebuilds a game from its log.

Order of things within a step, so that a log reads as a story:
1. the command's own events (a proposal, an acceptance, a signature...);
2. the `check` pass: events whose condition now holds fire, in scenario order,
   repeatedly until nothing more fires (each event at most once per pass);
3. the turn ends; when the round's turns are used up, the round closes:
   the package on the table lapses, `round_end` events fire, the calendar moves
   to the next round (agreements whose date has come expire, then date events
   fire), and it opens (`round_start` events). After the last round the game ends
   at the end date.

Seeded chance is keyed on where the game stands (the date, the round, the turn),
never on how many events came before, so saying something cannot re-roll a draw.

This module holds the public API and the delegations' commands; `calendar` the
rounds, dates, scenario events and effects; `facilitator` the steering commands;
`fold` the folding; `context` what they share (a step's context, refusals).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from game.engine import commands as C
from game.engine import events as E
from game.engine.calendar import (
    apply_effect,
    change_meter,
    check_pass,
    close_round,
    end_game,
    open_round,
    run_triggers,
)
from game.engine.context import Ctx, Outcome, Refusal, Refused, turns_left, whose_turn
from game.engine.facilitator import HANDLERS as FACILITATOR_COMMANDS
from game.engine.fold import fold_into
from game.engine.rng import roll
from game.engine.rules import Rules
from game.engine.state import GameState, Package

__all__ = ["Outcome", "Refusal", "blank_state", "fold", "new_game", "replay", "step", "turns_left", "whose_turn"]


# ============================================================================ public API


def blank_state(rules: Rules) -> GameState:
    return GameState(scenario=rules.scenario.id, seed=0, date=rules.scenario.calendar.start)


def new_game(rules: Rules, seed: int, length: str | None = None) -> Outcome:
    return step(rules, blank_state(rules), C.Start(seed=seed, length=length))


def step(rules: Rules, state: GameState, command: C.Command) -> Outcome:
    unknown = _unknown_party(rules, command)
    if unknown is not None:
        return Outcome(state, (), Refusal("unknown_delegation", {"delegation": unknown}))
    ctx = Ctx(rules, state.clone())
    try:
        _DECIDE[type(command)](ctx, command)
    except Refused as refused:
        if not ctx.events:
            return Outcome(state, (), refused.refusal)
        return Outcome(ctx.state, tuple(ctx.events), refused.refusal)
    return Outcome(ctx.state, tuple(ctx.events))


def _unknown_party(rules: Rules, command: C.Command) -> str | None:
    """A delegation the command names that this scenario does not have: the seats are
    checked here, once, for every command (their shape is checked by the command)."""
    by = getattr(command, "by", None)
    named = [by] if isinstance(by, str) and by != "facilitator" else []
    delegation = getattr(command, "delegation", None)
    if isinstance(delegation, str):
        named.append(delegation)
    to = getattr(command, "to", ())
    if isinstance(to, tuple):
        named.extend(to)
    return next((d for d in named if d not in rules.parties), None)


def fold(rules: Rules, state: GameState, event: E.Event) -> GameState:
    new = state.clone()
    fold_into(rules, new, event)
    return new


def replay(rules: Rules, events: Iterable[E.Event]) -> GameState:
    state = blank_state(rules)
    for event in events:
        fold_into(rules, state, event)
    return state


# ============================================================================ the delegations' commands


def _start(ctx: Ctx, cmd: C.Start) -> None:
    if ctx.state.phase != "setup":
        raise Refused("already_started")
    rules = ctx.rules
    if cmd.length is not None and cmd.length not in rules.lengths:
        raise Refused("unknown_length", length=cmd.length)
    variants: dict[str, dict[str, str]] = {}
    for code in ctx.rules.parties:
        drawn = {}
        for hidden in rules.scenario.delegations[code].hidden:
            total = sum(v.weight for v in hidden.options)
            point = roll(cmd.seed, "variant", code, hidden.id) * total
            chosen = hidden.options[-1]
            for variant in hidden.options:
                point -= variant.weight
                if point < 0:
                    chosen = variant
                    break
            drawn[hidden.id] = chosen.id
        variants[code] = drawn
    length = cmd.length if cmd.length is not None else next(iter(rules.lengths), None)
    ctx.emit(E.GameStarted(scenario=rules.scenario.id, seed=cmd.seed, variants=variants, length=length))
    open_round(ctx, 0)
    check_pass(ctx)


def _reason(cmd: C._Act) -> str | None:
    """The reason as the table hears it: one line of text, or None (checked printable
    in `_delegation_turn`, before anything is decided)."""
    text = " ".join((cmd.reason or "").split())
    return text or None


class _BySeat(Protocol):
    @property
    def by(self) -> str: ...


def _delegation_turn(ctx: Ctx, cmd: _BySeat) -> dict[str, Any]:
    """Refuses a delegation's command that is out of turn; returns what it says as the
    table hears it (the fields `reason` and `say` of the event it causes)."""
    by = cmd.by
    state = ctx.state
    if state.phase == "ended":
        raise Refused("game_over")
    if state.phase == "setup":
        raise Refused("not_started")
    if state.paused:
        raise Refused("paused")
    if state.phase != "in_round":
        raise Refused("no_round")
    current = whose_turn(ctx.rules, state)
    if by != current:
        raise Refused("not_your_turn", seat=current or "")
    if not isinstance(cmd, C._Act):
        return {}
    reason = _reason(cmd)
    if reason is not None and not reason.isprintable():
        raise Refused("unprintable_reason")
    return {"reason": reason, "say": cmd.say}


def _normalise_items(ctx: Ctx, items: dict[str, str]) -> dict[str, str]:
    rules, state = ctx.rules, ctx.state
    in_force = state.in_force()
    for card_id, option in items.items():
        if card_id not in rules.cards:
            raise Refused("unknown_card", card=card_id)
        card = rules.cards[card_id]
        if card_id not in state.cards:
            raise Refused("card_not_here", card=card_id)
        if card_id in in_force:
            raise Refused("already_signed", card=card_id)
        if option == card.status_quo:
            raise Refused("status_quo", card=card_id, option=option)
        if option not in rules.proposable[card_id]:
            if any(o.id == option for o in card.options):
                raise Refused("option_not_proposable", card=card_id, option=option)
            raise Refused("unknown_option", card=card_id, option=option)
        if rules.card_closed(state, card_id):
            raise Refused("card_expired", card=card_id)
    return {c: items[c] for c in rules.card_order if c in items}


def _guard_red_lines(ctx: Ctx, by: str, items: dict[str, str], action: str) -> None:
    for qid, line in ctx.rules.crossed(ctx.state, by, items):
        if line.hard:
            ctx.emit(E.RedLineBlocked(delegation=by, red_line=qid, action=action, items=items))
            raise Refused("red_line", red_line=qid)


def _propose(ctx: Ctx, cmd: C.Propose | C.Counter) -> None:
    said = _delegation_turn(ctx, cmd)
    counter = isinstance(cmd, C.Counter)
    table = ctx.state.table
    if counter and table is None:
        raise Refused("table_empty")
    if not counter and table is not None:
        raise Refused("table_occupied")
    items = _normalise_items(ctx, cmd.items)
    if counter and table is not None and items == table.as_dict:
        raise Refused("same_package")
    _guard_red_lines(ctx, cmd.by, items, cmd.kind)
    needed = ctx.rules.consent_needed(items)
    number = ctx.state.packages + 1
    ctx.emit(
        E.PackageProposed(
            by=cmd.by, package=number, items=items, counter=counter,
            accepted_by=(cmd.by,) if cmd.by in needed else (), **said,
        )
    )
    _sign_if_complete(ctx)
    _end_turn(ctx, cmd.by)


def _table_for(ctx: Ctx, by: str, package: int | None) -> Package:
    table = ctx.state.table
    if table is None:
        raise Refused("table_empty")
    if package is not None and package != table.id:
        raise Refused("package_changed", current=table.id)
    if by not in ctx.rules.consent_needed(table.as_dict):
        raise Refused("consent_not_needed")
    return table


def _accept(ctx: Ctx, cmd: C.Accept) -> None:
    said = _delegation_turn(ctx, cmd)
    table = _table_for(ctx, cmd.by, cmd.package)
    if cmd.by in table.accepted:
        raise Refused("already_accepted")
    _guard_red_lines(ctx, cmd.by, table.as_dict, "accept")
    ctx.emit(E.PackageAccepted(by=cmd.by, package=table.id, **said))
    _sign_if_complete(ctx)
    _end_turn(ctx, cmd.by)


def _reject(ctx: Ctx, cmd: C.Reject) -> None:
    said = _delegation_turn(ctx, cmd)
    table = _table_for(ctx, cmd.by, cmd.package)
    ctx.emit(E.PackageRejected(by=cmd.by, package=table.id, **said))
    run_triggers(ctx, "rejection", rejection=(cmd.by, table.by, table.id))
    if ctx.state.phase != "ended":
        _end_turn(ctx, cmd.by)


def _sign_if_complete(ctx: Ctx) -> None:
    rules, state = ctx.rules, ctx.state
    table = state.table
    if table is None:
        return
    items = table.as_dict
    needed = rules.consent_needed(items)
    if not table.accepted.issuperset(needed):
        return
    parties = tuple(d for d in ctx.rules.parties if d in needed)
    # Consent was given earlier; a red line imposed or a card closed since then
    # (a lever, an event, the facilitator) stops the signature.
    blocked = [(party, qid) for party in parties for qid, line in rules.crossed(state, party, items) if line.hard]
    if blocked or any(rules.card_closed(state, card) for card in items):
        for party, qid in blocked:
            ctx.emit(E.RedLineBlocked(delegation=party, red_line=qid, action="sign", items=items))
        ctx.emit(E.PackageLapsed(package=table.id, why="unsignable"))
        return
    for party in parties:
        for qid, line in rules.crossed(state, party, items):
            if not line.hard:
                ctx.emit(E.SoftLineCrossed(delegation=party, red_line=qid, package=table.id))
                for meter, delta in line.cost.items():
                    change_meter(ctx, meter, delta, None, f"red_line:{qid}")
    expires_on: dict[str, dt.date] = {}
    expires_with: dict[str, str] = {}
    for card_id in items:
        expiry = rules.cards[card_id].expiry
        if expiry is not None and expiry.date is not None:
            expires_on[card_id] = expiry.date
        elif expiry is not None and expiry.flag is not None:
            expires_with[card_id] = expiry.flag
    ctx.emit(
        E.AgreementSigned(
            package=table.id, items=items, parties=parties, expires_on=expires_on, expires_with=expires_with
        )
    )
    check_pass(ctx)  # events the signature triggers count before any final score
    if state.phase != "ended" and rules.comprehensive_done(state):
        end_game(ctx, "agreement")


def _statement(ctx: Ctx, cmd: C.Statement) -> None:
    _delegation_turn(ctx, cmd)
    text = " ".join(cmd.text.split())
    if not text:
        raise Refused("empty_statement")
    if len(text) > C.MAX_STATEMENT:
        raise Refused("long_statement", limit=C.MAX_STATEMENT)
    if not text.isprintable():
        raise Refused("unprintable_statement")
    if ctx.state.spoke_this_turn:
        raise Refused("spoke_already")
    pledge = None
    if cmd.pledge:
        for card_id, option in cmd.pledge.items():
            if card_id not in ctx.rules.cards:
                raise Refused("unknown_card", card=card_id)
            card = ctx.rules.cards[card_id]
            if card_id not in ctx.state.cards:
                raise Refused("card_not_here", card=card_id)
            if option not in {o.id for o in card.options}:
                raise Refused("unknown_option", card=card_id, option=option)
        pledge = {c: cmd.pledge[c] for c in ctx.rules.card_order if c in cmd.pledge}
    ctx.emit(E.StatementMade(by=cmd.by, text=text, pledge=pledge))


def _lever(ctx: Ctx, cmd: C.UseLever) -> None:
    said = _delegation_turn(ctx, cmd)
    lever = ctx.rules.levers[cmd.by].get(cmd.lever)
    if lever is None:
        raise Refused("unknown_lever", lever=cmd.lever)
    qid = f"{cmd.by}.{lever.id}"
    if ctx.state.lever_uses.get(qid, 0) >= lever.uses:
        raise Refused("lever_used_up", lever=qid)
    if lever.available_when is not None and not ctx.rules.holds(lever.available_when, ctx.state):
        raise Refused("lever_unavailable", lever=qid)
    ctx.emit(E.LeverUsed(by=cmd.by, lever=lever.id, **said))
    for index, effect in enumerate(lever.effects):
        if ctx.state.phase == "ended":
            return
        apply_effect(ctx, effect, f"lever:{qid}", index)
    _end_turn(ctx, cmd.by)


def _recess(ctx: Ctx, cmd: C.Recess) -> None:
    said = _delegation_turn(ctx, cmd)
    ctx.emit(E.RecessCalled(by=cmd.by, **said))
    check_pass(ctx)
    if ctx.state.phase == "in_round":
        close_round(ctx, "recess")


def _walkout(ctx: Ctx, cmd: C.WalkOut) -> None:
    said = _delegation_turn(ctx, cmd)
    ctx.emit(E.WalkedOut(by=cmd.by, **said))
    end_game(ctx, "walkout", by=cmd.by)


def _pass(ctx: Ctx, cmd: C.Pass) -> None:
    said = _delegation_turn(ctx, cmd)
    ctx.emit(E.Passed(by=cmd.by, **said))
    _end_turn(ctx, cmd.by)


def _timeout(ctx: Ctx, cmd: C.TimeOut) -> None:
    _delegation_turn(ctx, cmd)
    state = ctx.state
    if not state.turn_timer:
        raise Refused("no_timer")
    ctx.emit(E.TimedOut(by=cmd.by, seconds=state.turn_timer, then=state.timer_then))
    if state.timer_then == "pass":
        _end_turn(ctx, cmd.by)


def _end_turn(ctx: Ctx, by: str) -> None:
    check_pass(ctx)
    if ctx.state.phase != "in_round":
        return
    ctx.emit(E.TurnEnded(by=by))
    if turns_left(ctx.state) <= 0:
        close_round(ctx, "turns")


_DECIDE: dict[type, Callable[[Ctx, Any], None]] = {
    C.Start: _start,
    C.Propose: _propose,
    C.Counter: _propose,
    C.Accept: _accept,
    C.Reject: _reject,
    C.Statement: _statement,
    C.UseLever: _lever,
    C.Recess: _recess,
    C.WalkOut: _walkout,
    C.Pass: _pass,
    C.TimeOut: _timeout,
    **FACILITATOR_COMMANDS,
}

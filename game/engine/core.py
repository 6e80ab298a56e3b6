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
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from game.content import models as cm
from game.engine import commands as C
from game.engine import events as E
from game.engine.rng import roll
from game.engine.rules import Rules
from game.engine.state import Agreement, GameState, Package


@dataclass(frozen=True)
class Refusal:
    """Why the engine refused a command: a `code` and its `args` (ids and numbers, never
    words), put into a sentence in the reader's language by `game.i18n.rules.refusal`."""

    code: str
    args: dict[str, str | int | float] = field(default_factory=dict)
    red_line: str | None = None


@dataclass(frozen=True)
class Outcome:
    state: GameState
    events: tuple[E.Event, ...]
    refusal: Refusal | None = None

    @property
    def ok(self) -> bool:
        return self.refusal is None


class _Refused(Exception):
    def __init__(self, code: str, red_line: str | None = None, **fields: str | int | float):
        super().__init__(code)
        self.refusal = Refusal(code, dict(fields), red_line)


# ============================================================================ public API


def blank_state(rules: Rules) -> GameState:
    return GameState(scenario=rules.scenario.id, seed=0, date=rules.scenario.calendar.start)


def new_game(rules: Rules, seed: int, length: str | None = None) -> Outcome:
    return step(rules, blank_state(rules), C.Start(seed=seed, length=length))


def step(rules: Rules, state: GameState, command: C.Command) -> Outcome:
    unknown = _unknown_party(rules, command)
    if unknown is not None:
        return Outcome(state, (), Refusal("unknown_delegation", {"delegation": unknown}))
    ctx = _Ctx(rules, state.clone())
    try:
        _DECIDE[type(command)](ctx, command)
    except _Refused as refused:
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
    _fold_into(rules, new, event)
    return new


def replay(rules: Rules, events: Iterable[E.Event]) -> GameState:
    state = blank_state(rules)
    for event in events:
        _fold_into(rules, state, event)
    return state


def whose_turn(rules: Rules, state: GameState) -> str | None:
    if state.phase != "in_round":
        return None
    return rules.order[state.turn % len(rules.order)]


def turns_left(state: GameState) -> int:
    if state.phase != "in_round":
        return 0
    return state.round_turns[state.round_index] - state.turn


# ============================================================================ deciding


class _Ctx:
    __slots__ = ("rules", "state", "events", "fired_this_step")

    def __init__(self, rules: Rules, state: GameState):
        self.rules = rules
        self.state = state
        self.events: list[E.Event] = []
        self.fired_this_step: set[str] = set()  # check events fire at most once per step

    def emit(self, event: E.Event) -> None:
        self.events.append(event)
        _fold_into(self.rules, self.state, event)


def _start(ctx: _Ctx, cmd: C.Start) -> None:
    if ctx.state.phase != "setup":
        raise _Refused("already_started")
    rules = ctx.rules
    if cmd.length is not None and cmd.length not in rules.lengths:
        raise _Refused("unknown_length", length=cmd.length)
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
    _open_round(ctx, 0)
    _check_pass(ctx)


def _reason(cmd: C._Act) -> str | None:
    """The reason as the table hears it: one line of text, or None (checked printable
    in `_delegation_turn`, before anything is decided)."""
    text = " ".join((cmd.reason or "").split())
    return text or None


class _BySeat(Protocol):
    @property
    def by(self) -> str: ...


def _delegation_turn(ctx: _Ctx, cmd: _BySeat) -> dict[str, Any]:
    """Refuses a delegation's command that is out of turn; returns what it says as the
    table hears it (the fields `reason` and `say` of the event it causes)."""
    by = cmd.by
    state = ctx.state
    if state.phase == "ended":
        raise _Refused("game_over")
    if state.phase == "setup":
        raise _Refused("not_started")
    if state.paused:
        raise _Refused("paused")
    if state.phase != "in_round":
        raise _Refused("no_round")
    current = whose_turn(ctx.rules, state)
    if by != current:
        raise _Refused("not_your_turn", seat=current or "")
    if not isinstance(cmd, C._Act):
        return {}
    reason = _reason(cmd)
    if reason is not None and not reason.isprintable():
        raise _Refused("unprintable_reason")
    return {"reason": reason, "say": cmd.say}


def _normalise_items(ctx: _Ctx, items: dict[str, str]) -> dict[str, str]:
    rules, state = ctx.rules, ctx.state
    in_force = state.in_force()
    for card_id, option in items.items():
        if card_id not in rules.cards:
            raise _Refused("unknown_card", card=card_id)
        card = rules.cards[card_id]
        if card_id not in state.cards:
            raise _Refused("card_not_here", card=card_id)
        if card_id in in_force:
            raise _Refused("already_signed", card=card_id)
        if option == card.status_quo:
            raise _Refused("status_quo", card=card_id, option=option)
        if option not in rules.proposable[card_id]:
            if any(o.id == option for o in card.options):
                raise _Refused("option_not_proposable", card=card_id, option=option)
            raise _Refused("unknown_option", card=card_id, option=option)
        if rules.card_closed(state, card_id):
            raise _Refused("card_expired", card=card_id)
    return {c: items[c] for c in rules.card_order if c in items}


def _guard_red_lines(ctx: _Ctx, by: str, items: dict[str, str], action: str) -> None:
    for qid, line in ctx.rules.crossed(ctx.state, by, items):
        if line.hard:
            ctx.emit(E.RedLineBlocked(delegation=by, red_line=qid, action=action, items=items))
            raise _Refused("red_line", red_line=qid)


def _propose(ctx: _Ctx, cmd: C.Propose | C.Counter) -> None:
    said = _delegation_turn(ctx, cmd)
    counter = isinstance(cmd, C.Counter)
    table = ctx.state.table
    if counter and table is None:
        raise _Refused("table_empty")
    if not counter and table is not None:
        raise _Refused("table_occupied")
    items = _normalise_items(ctx, cmd.items)
    if counter and table is not None and items == table.as_dict:
        raise _Refused("same_package")
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


def _table_for(ctx: _Ctx, by: str, package: int | None) -> Package:
    table = ctx.state.table
    if table is None:
        raise _Refused("table_empty")
    if package is not None and package != table.id:
        raise _Refused("package_changed", current=table.id)
    if by not in ctx.rules.consent_needed(table.as_dict):
        raise _Refused("consent_not_needed")
    return table


def _accept(ctx: _Ctx, cmd: C.Accept) -> None:
    said = _delegation_turn(ctx, cmd)
    table = _table_for(ctx, cmd.by, cmd.package)
    if cmd.by in table.accepted:
        raise _Refused("already_accepted")
    _guard_red_lines(ctx, cmd.by, table.as_dict, "accept")
    ctx.emit(E.PackageAccepted(by=cmd.by, package=table.id, **said))
    _sign_if_complete(ctx)
    _end_turn(ctx, cmd.by)


def _reject(ctx: _Ctx, cmd: C.Reject) -> None:
    said = _delegation_turn(ctx, cmd)
    table = _table_for(ctx, cmd.by, cmd.package)
    ctx.emit(E.PackageRejected(by=cmd.by, package=table.id, **said))
    _run_triggers(ctx, "rejection", rejection=(cmd.by, table.by, table.id))
    if ctx.state.phase != "ended":
        _end_turn(ctx, cmd.by)


def _sign_if_complete(ctx: _Ctx) -> None:
    rules, state = ctx.rules, ctx.state
    table = state.table
    if table is None:
        return
    items = table.as_dict
    needed = rules.consent_needed(items)
    if not needed <= table.accepted:
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
                    _change_meter(ctx, meter, delta, None, f"red_line:{qid}")
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
    _check_pass(ctx)  # events the signature triggers count before any final score
    if state.phase != "ended" and rules.comprehensive_done(state):
        _end(ctx, "agreement")


def _statement(ctx: _Ctx, cmd: C.Statement) -> None:
    _delegation_turn(ctx, cmd)
    text = " ".join(cmd.text.split())
    if not text:
        raise _Refused("empty_statement")
    if len(text) > C.MAX_STATEMENT:
        raise _Refused("long_statement", limit=C.MAX_STATEMENT)
    if not text.isprintable():
        raise _Refused("unprintable_statement")
    if ctx.state.spoke_this_turn:
        raise _Refused("spoke_already")
    pledge = None
    if cmd.pledge:
        for card_id, option in cmd.pledge.items():
            if card_id not in ctx.rules.cards:
                raise _Refused("unknown_card", card=card_id)
            card = ctx.rules.cards[card_id]
            if card_id not in ctx.state.cards:
                raise _Refused("card_not_here", card=card_id)
            if option not in {o.id for o in card.options}:
                raise _Refused("unknown_option", card=card_id, option=option)
        pledge = {c: cmd.pledge[c] for c in ctx.rules.card_order if c in cmd.pledge}
    ctx.emit(E.StatementMade(by=cmd.by, text=text, pledge=pledge))


def _lever(ctx: _Ctx, cmd: C.UseLever) -> None:
    said = _delegation_turn(ctx, cmd)
    lever = ctx.rules.levers[cmd.by].get(cmd.lever)
    if lever is None:
        raise _Refused("unknown_lever", lever=cmd.lever)
    qid = f"{cmd.by}.{lever.id}"
    if ctx.state.lever_uses.get(qid, 0) >= lever.uses:
        raise _Refused("lever_used_up", lever=qid)
    if lever.available_when is not None and not ctx.rules.holds(lever.available_when, ctx.state):
        raise _Refused("lever_unavailable", lever=qid)
    ctx.emit(E.LeverUsed(by=cmd.by, lever=lever.id, **said))
    for index, effect in enumerate(lever.effects):
        if ctx.state.phase == "ended":
            return
        _apply_effect(ctx, effect, f"lever:{qid}", index)
    _end_turn(ctx, cmd.by)


def _recess(ctx: _Ctx, cmd: C.Recess) -> None:
    said = _delegation_turn(ctx, cmd)
    ctx.emit(E.RecessCalled(by=cmd.by, **said))
    _check_pass(ctx)
    if ctx.state.phase == "in_round":
        _close_round(ctx, "recess")


def _walkout(ctx: _Ctx, cmd: C.WalkOut) -> None:
    said = _delegation_turn(ctx, cmd)
    ctx.emit(E.WalkedOut(by=cmd.by, **said))
    _end(ctx, "walkout", by=cmd.by)


def _pass(ctx: _Ctx, cmd: C.Pass) -> None:
    said = _delegation_turn(ctx, cmd)
    ctx.emit(E.Passed(by=cmd.by, **said))
    _end_turn(ctx, cmd.by)


def _timeout(ctx: _Ctx, cmd: C.TimeOut) -> None:
    _delegation_turn(ctx, cmd)
    state = ctx.state
    if not state.turn_timer:
        raise _Refused("no_timer")
    ctx.emit(E.TimedOut(by=cmd.by, seconds=state.turn_timer, then=state.timer_then))
    if state.timer_then == "pass":
        _end_turn(ctx, cmd.by)


def _end_turn(ctx: _Ctx, by: str) -> None:
    _check_pass(ctx)
    if ctx.state.phase != "in_round":
        return
    ctx.emit(E.TurnEnded(by=by))
    if turns_left(ctx.state) <= 0:
        _close_round(ctx, "turns")


# ---------------------------------------------------------------------------- facilitator


def _facilitator_ready(ctx: _Ctx) -> None:
    if ctx.state.phase == "ended":
        raise _Refused("game_over")
    if ctx.state.phase == "setup":
        raise _Refused("not_started")


def _pause(ctx: _Ctx, cmd: C.Pause) -> None:
    _facilitator_ready(ctx)
    if ctx.state.paused:
        raise _Refused("already_paused")
    ctx.emit(E.Paused())


def _resume(ctx: _Ctx, cmd: C.Resume) -> None:
    _facilitator_ready(ctx)
    if not ctx.state.paused:
        raise _Refused("not_paused")
    ctx.emit(E.Resumed())


def _fire_event(ctx: _Ctx, cmd: C.FireEvent) -> None:
    _facilitator_ready(ctx)
    event = ctx.rules.events.get(cmd.event)
    if event is None:
        raise _Refused("unknown_event", event=cmd.event)
    _fire(ctx, event, E.EventFired(event=event.id, reason="facilitator", to=event.to))
    _check_pass(ctx)


def _move_round(ctx: _Ctx, cmd: C.MoveNextRound) -> None:
    _facilitator_ready(ctx)
    index = ctx.state.round_index + 1
    if index >= len(ctx.rules.rounds):
        raise _Refused("no_next_round")
    if not _move_round_by(ctx, index, cmd.days, "facilitator"):
        raise _Refused("round_unmoved", days=cmd.days)


def _change_turns(ctx: _Ctx, cmd: C.ChangeTurns) -> None:
    _facilitator_ready(ctx)
    state = ctx.state
    index = state.round_index if state.phase == "in_round" else state.round_index + 1
    if index >= len(ctx.rules.rounds):
        raise _Refused("no_next_round")
    floor = state.turn + 1 if index == state.round_index else 1
    turns = max(floor, min(99, state.round_turns[index] + cmd.delta))
    if turns == state.round_turns[index]:
        raise _Refused("turns_unchanged")
    ctx.emit(E.RoundTurnsChanged(round=ctx.rules.rounds[index].id, turns=turns, cause="facilitator"))


def _end_now(ctx: _Ctx, cmd: C.EndNow) -> None:
    _facilitator_ready(ctx)
    _end(ctx, "facilitator")


def _one_line(text: str, empty: str, long: str, limit: int, unprintable: str) -> str:
    line = " ".join(text.split())
    if not line and empty:
        raise _Refused(empty)
    if len(line) > limit:
        raise _Refused(long, limit=limit)
    if not line.isprintable():
        raise _Refused(unprintable)
    return line


def _inject(ctx: _Ctx, cmd: C.Inject) -> None:
    _facilitator_ready(ctx)
    headline = _one_line(cmd.headline, "", "long_headline", C.MAX_HEADLINE, "unprintable_inject")
    text = _one_line(cmd.text, "empty_inject", "long_inject", C.MAX_INJECT, "unprintable_inject")
    for meter, delta in cmd.meters.items():
        spec = ctx.rules.meters.get(meter)
        if spec is None:
            raise _Refused("unknown_meter", meter=meter)
        if not abs(delta) <= spec.max - spec.min:  # also refuses NaN
            raise _Refused("meter_delta", meter=meter, span=spec.max - spec.min)
    to = tuple(d for d in ctx.rules.parties if d in cmd.to)
    ctx.emit(E.MessageSent(headline=headline or None, text=text, to=to, cause="facilitator"))
    for meter, delta in cmd.meters.items():
        if ctx.state.phase != "ended":
            _change_meter(ctx, meter, delta, None, "facilitator")
    _check_pass(ctx)


def _reveal(ctx: _Ctx, cmd: C.Reveal) -> None:
    _facilitator_ready(ctx)
    state = ctx.state
    wanted = ctx.rules.parties if cmd.delegation is None else (cmd.delegation,)
    todo = [d for d in wanted if d not in state.revealed]
    if not todo:
        raise _Refused("already_revealed")
    for code in todo:
        lines = tuple(qid for qid, _ in ctx.rules.red_lines[code] if ctx.rules.red_line_active(state, qid))
        ctx.emit(E.InfoRevealed(delegation=code, variants=dict(state.variants.get(code, {})), red_lines=lines))


def _hand_seat(ctx: _Ctx, cmd: C.HandSeat) -> None:
    _facilitator_ready(ctx)
    to = cmd.to.strip()
    if not to or len(to) > 40 or not to.isprintable() or " " in to:
        raise _Refused("bad_seat")
    ctx.emit(E.SeatHanded(delegation=cmd.delegation, to=to))


def _turn_timer(ctx: _Ctx, cmd: C.SetTurnTimer) -> None:
    _facilitator_ready(ctx)
    if (cmd.seconds, cmd.then) == (ctx.state.turn_timer, ctx.state.timer_then) or (
        cmd.seconds == 0 and ctx.state.turn_timer == 0
    ):
        raise _Refused("timer_unchanged")
    ctx.emit(E.TurnTimerSet(seconds=cmd.seconds, then=cmd.then))


# ---------------------------------------------------------------------------- calendar


def _open_round(ctx: _Ctx, index: int) -> None:
    rules, state = ctx.rules, ctx.state
    calendar = rules.scenario.calendar
    while True:  # a date event on the way may move this very round again
        if index >= len(rules.rounds) or state.round_dates[index][0] > calendar.end:
            _finish_calendar(ctx)
            return
        start = state.round_dates[index][0]
        if start <= state.date:
            break
        _advance_date(ctx, start)
        if state.phase == "ended":
            return
    rnd = rules.rounds[index]
    ctx.emit(E.RoundStarted(round=rnd.id, date=state.date, turns=state.round_turns[index]))
    _run_triggers(ctx, "round_start", rnd.id)


def _close_round(ctx: _Ctx, reason: E.RoundEndReason) -> None:
    state = ctx.state
    rnd = ctx.rules.rounds[state.round_index]
    if state.table is not None:
        ctx.emit(E.PackageLapsed(package=state.table.id, why="round_end"))
    ctx.emit(E.RoundEnded(round=rnd.id, reason=reason))
    _run_triggers(ctx, "round_end", rnd.id)
    if state.phase == "ended":
        return
    _open_round(ctx, state.round_index + 1)


def _finish_calendar(ctx: _Ctx) -> None:
    end = ctx.rules.scenario.calendar.end
    if ctx.state.date < end:
        _advance_date(ctx, end)
    if ctx.state.phase != "ended":
        _end(ctx, "end_date")


def _advance_date(ctx: _Ctx, date: dt.date) -> None:
    ctx.emit(E.DateAdvanced(date=date))
    for card_id, agreement in list(ctx.state.signed.items()):
        if agreement.expires_on is not None and agreement.expires_on <= date and not agreement.completed:
            cause = f"date:{agreement.expires_on.isoformat()}"
            ctx.emit(E.AgreementExpired(card=card_id, cause=cause, completed=True))
    _lapse_if_closed(ctx)
    _run_triggers(ctx, "date")


def _lapse_if_closed(ctx: _Ctx) -> None:
    """The package on the table lapses once one of its cards can no longer be agreed."""
    table = ctx.state.table
    if table is not None and any(ctx.rules.card_closed(ctx.state, card) for card, _ in table.items):
        ctx.emit(E.PackageLapsed(package=table.id, why="card_closed"))


def _move_round_by(ctx: _Ctx, index: int, days: int, cause: str) -> bool:
    """Shift round `index` (and every later one) by `days`; False if it cannot move."""
    state = ctx.state
    if index <= state.round_index and state.phase != "setup":
        return False  # that round has already started
    start, end = state.round_dates[index]
    earliest = state.date + dt.timedelta(days=1)
    if index > 0:
        earliest = max(earliest, state.round_dates[index - 1][1] + dt.timedelta(days=1))
    latest = ctx.rules.scenario.calendar.end + dt.timedelta(days=1)  # past it: the round is not held
    days = min(max(days, (earliest - start).days), max((latest - start).days, 0))
    if days == 0:
        return False
    rounds = ctx.rules.rounds
    delta = dt.timedelta(days=days)
    ctx.emit(E.RoundMoved(round=rounds[index].id, days=days, start=start + delta, end=end + delta, cause=cause))
    # Later rounds move only as far as they must to stay after it.
    previous_end = end + delta
    for later in range(index + 1, len(rounds)):
        start, end = state.round_dates[later]
        if start > previous_end:
            break
        shift = dt.timedelta(days=(previous_end - start).days + 1)
        ctx.emit(E.RoundMoved(round=rounds[later].id, days=shift.days, start=start + shift, end=end + shift, cause=cause))
        previous_end = end + shift
    return True


def _end(
    ctx: _Ctx, reason: E.EndReason, by: str | None = None, cause: str | None = None, effect: int | None = None,
) -> None:
    if ctx.state.table is not None:
        ctx.emit(E.PackageLapsed(package=ctx.state.table.id, why="game_end"))
    probe = ctx.state.clone()
    probe.end_reason, probe.ended_by = reason, by
    scores = {d: ctx.rules.final_score(probe, d)["score"] for d in ctx.rules.parties}
    ctx.emit(E.GameEnded(reason=reason, by=by, cause=cause, effect=effect, scores=scores))


# ---------------------------------------------------------------------------- events


def _check_pass(ctx: _Ctx) -> None:
    for _ in range(len(ctx.rules.events_at["check"]) + 1):
        if ctx.state.phase == "ended" or not _run_triggers(ctx, "check"):
            return


def _run_triggers(
    ctx: _Ctx, moment: E.FiredReason, round_id: str | None = None, rejection: tuple[str, str, int] | None = None,
) -> bool:
    """Fire every scenario event whose trigger holds at `moment`; True if any fired.
    `rejection` is (who turned the package down, who proposed it, its number)."""
    rules, state = ctx.rules, ctx.state
    fired_any = False
    for event in rules.events_at[moment]:
        if state.phase == "ended":
            break
        trigger = event.trigger
        if state.fired.get(event.id) and not event.repeat:
            continue
        if moment == "date":
            assert trigger.date is not None
            if trigger.date > state.date:
                continue
        elif moment == "check":
            if event.id in ctx.fired_this_step:
                continue
        elif moment == "rejection":
            assert rejection is not None
            if (trigger.by and rejection[0] not in trigger.by) or (
                trigger.proposed_by and rejection[1] not in trigger.proposed_by
            ):
                continue
        elif trigger.round is not None and trigger.round != round_id:
            continue
        if trigger.when is not None and not rules.holds(trigger.when, state):
            continue
        times = state.fired.get(event.id, 0)
        fired = E.EventFired(event=event.id, reason=moment, to=event.to, chance=trigger.chance)
        if moment == "date":
            fired = fired.model_copy(update={"date": trigger.date})
            where: tuple[object, ...] = (state.date.isoformat(),)
        elif moment == "check":
            where = (state.round_index, state.turn)
        elif moment == "rejection":
            assert rejection is not None
            fired = fired.model_copy(update={"by": rejection[0], "proposer": rejection[1], "answer": True})
            where = ("rejection", rejection[2], rejection[0])
        else:
            fired = fired.model_copy(update={"round": round_id})
            where = (moment, round_id)
        if trigger.chance is not None:
            if roll(state.seed, "event", event.id, times, *where) >= trigger.chance:
                continue
        if moment == "check":
            ctx.fired_this_step.add(event.id)
        _fire(ctx, event, fired)
        fired_any = True
    if fired_any and moment != "check":
        _check_pass(ctx)
    return fired_any


def _fire(ctx: _Ctx, event: cm.Event, fired: E.EventFired) -> None:
    ctx.emit(fired)
    for index, effect in enumerate(event.effects):
        if ctx.state.phase == "ended":
            return
        _apply_effect(ctx, effect, f"event:{event.id}", index)


def _change_meter(ctx: _Ctx, meter: str, delta: float, absolute: float | None, cause: str) -> None:
    spec = ctx.rules.meters[meter]
    old = ctx.state.meters[meter]
    new = absolute if absolute is not None else old + delta
    new = round(min(spec.max, max(spec.min, new)), 4)
    if new != old:
        ctx.emit(E.MeterChanged(meter=meter, value=new, delta=round(new - old, 4), cause=cause))


def _apply_effect(ctx: _Ctx, effect: cm.Effect, cause: str, index: int) -> None:
    """Apply `effect`, the `index`-th of the event or lever named by `cause`."""
    state, rules = ctx.state, ctx.rules
    match effect:
        case cm.PostponeRound(round=round_id, days=days):
            if round_id is None:
                index = state.round_index + 1
            else:
                index = rules.round_index[round_id]
            if index < len(rules.rounds):
                _move_round_by(ctx, index, days, cause)
        case cm.SetFlag(flag=flag, value=value):
            if state.flags.get(flag, False) != value:
                ctx.emit(E.FlagChanged(flag=flag, value=value, cause=cause))
                if value:
                    for card_id, agreement in list(state.signed.items()):
                        if agreement.expires_with == flag and not agreement.completed:
                            ctx.emit(E.AgreementExpired(card=card_id, cause=f"flag:{flag}", completed=True))
                    _lapse_if_closed(ctx)
        case cm.ChangeMeter(meter=meter, delta=delta, set=absolute):
            _change_meter(ctx, meter, delta, absolute, cause)
        case cm.ExpireAgreement(card=card_id):
            if card_id in state.in_force():
                ctx.emit(E.AgreementExpired(card=card_id, cause=cause))
        case cm.SuspendAgreement(card=card_id):
            if card_id in state.signed and not state.signed[card_id].suspended:
                ctx.emit(E.AgreementSuspended(card=card_id, cause=cause))
        case cm.LiftRedLine(red_line=qid) | cm.ImposeRedLine(red_line=qid):
            active = isinstance(effect, cm.ImposeRedLine)
            if state.red_lines.get(qid) != active:
                ctx.emit(E.RedLineChanged(red_line=qid, active=active, cause=cause))
        case cm.AddCard(card=card_id):
            if card_id not in state.cards:
                ctx.emit(E.CardAdded(card=card_id, cause=cause))
        case cm.RemoveCard(card=card_id):
            if card_id in state.cards:
                if state.table is not None and card_id in state.table.as_dict:
                    ctx.emit(E.PackageLapsed(package=state.table.id, why="card_removed"))
                if card_id in state.signed:
                    ctx.emit(E.AgreementExpired(card=card_id, cause=cause))
                ctx.emit(E.CardRemoved(card=card_id, cause=cause))
        case cm.Message(to=to):
            # The words stay in the scenario (in every language it has): the log names the effect.
            ctx.emit(E.MessageSent(to=to, cause=cause, effect=index))
        case cm.EndGame(text=text):
            _end(ctx, "event", cause=cause if text is not None else None, effect=index if text is not None else None)


_DECIDE: dict[type, Callable[[_Ctx, Any], None]] = {
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
    C.Pause: _pause,
    C.Resume: _resume,
    C.FireEvent: _fire_event,
    C.MoveNextRound: _move_round,
    C.ChangeTurns: _change_turns,
    C.EndNow: _end_now,
    C.TimeOut: _timeout,
    C.Inject: _inject,
    C.Reveal: _reveal,
    C.HandSeat: _hand_seat,
    C.SetTurnTimer: _turn_timer,
}


# ============================================================================ folding


def _fold_into(rules: Rules, s: GameState, ev: E.Event) -> None:
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

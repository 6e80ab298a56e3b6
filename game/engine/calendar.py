"""The calendar and the scenario's events: rounds opening and closing, the date moving,
agreements expiring, events firing (in scenario order, at each moment) and their effects,
and the end of the game. Called by the commands as a step unfolds (`game.engine.core`)."""

from __future__ import annotations

import datetime as dt

from game.content import models as cm
from game.engine import events as E
from game.engine.context import Ctx
from game.engine.rng import roll


def open_round(ctx: Ctx, index: int) -> None:
    rules, state = ctx.rules, ctx.state
    calendar = rules.scenario.calendar
    while True:  # a date event on the way may move this very round again
        if index >= len(rules.rounds) or state.round_dates[index][0] > calendar.end:
            finish_calendar(ctx)
            return
        start = state.round_dates[index][0]
        if start <= state.date:
            break
        advance_date(ctx, start)
        if state.phase == "ended":
            return
    rnd = rules.rounds[index]
    ctx.emit(E.RoundStarted(round=rnd.id, date=state.date, turns=state.round_turns[index]))
    run_triggers(ctx, "round_start", rnd.id)


def close_round(ctx: Ctx, reason: E.RoundEndReason) -> None:
    state = ctx.state
    rnd = ctx.rules.rounds[state.round_index]
    if state.table is not None:
        ctx.emit(E.PackageLapsed(package=state.table.id, why="round_end"))
    ctx.emit(E.RoundEnded(round=rnd.id, reason=reason))
    run_triggers(ctx, "round_end", rnd.id)
    if state.phase == "ended":
        return
    open_round(ctx, state.round_index + 1)


def finish_calendar(ctx: Ctx) -> None:
    end = ctx.rules.scenario.calendar.end
    if ctx.state.date < end:
        advance_date(ctx, end)
    if ctx.state.phase != "ended":
        end_game(ctx, "end_date")


def advance_date(ctx: Ctx, date: dt.date) -> None:
    ctx.emit(E.DateAdvanced(date=date))
    for card_id, agreement in list(ctx.state.signed.items()):
        if agreement.expires_on is not None and agreement.expires_on <= date and not agreement.completed:
            cause = f"date:{agreement.expires_on.isoformat()}"
            ctx.emit(E.AgreementExpired(card=card_id, cause=cause, completed=True))
    lapse_if_closed(ctx)
    run_triggers(ctx, "date")


def lapse_if_closed(ctx: Ctx) -> None:
    """The package on the table lapses once one of its cards can no longer be agreed."""
    table = ctx.state.table
    if table is not None and any(ctx.rules.card_closed(ctx.state, card) for card, _ in table.items):
        ctx.emit(E.PackageLapsed(package=table.id, why="card_closed"))


def move_round_by(ctx: Ctx, index: int, days: int, cause: str) -> bool:
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


def end_game(
    ctx: Ctx, reason: E.EndReason, by: str | None = None, cause: str | None = None, effect: int | None = None,
) -> None:
    if ctx.state.table is not None:
        ctx.emit(E.PackageLapsed(package=ctx.state.table.id, why="game_end"))
    probe = ctx.state.clone()
    probe.end_reason, probe.ended_by = reason, by
    scores = {d: ctx.rules.final_score(probe, d)["score"] for d in ctx.rules.parties}
    ctx.emit(E.GameEnded(reason=reason, by=by, cause=cause, effect=effect, scores=scores))


# ---------------------------------------------------------------------------- events


def check_pass(ctx: Ctx) -> None:
    for _ in range(len(ctx.rules.events_at["check"]) + 1):
        if ctx.state.phase == "ended" or not run_triggers(ctx, "check"):
            return


def run_triggers(
    ctx: Ctx, moment: E.FiredReason, round_id: str | None = None, rejection: tuple[str, str, int] | None = None,
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
        fire(ctx, event, fired)
        fired_any = True
    if fired_any and moment != "check":
        check_pass(ctx)
    return fired_any


def fire(ctx: Ctx, event: cm.Event, fired: E.EventFired) -> None:
    ctx.emit(fired)
    for index, effect in enumerate(event.effects):
        if ctx.state.phase == "ended":
            return
        apply_effect(ctx, effect, f"event:{event.id}", index)


def change_meter(ctx: Ctx, meter: str, delta: float, absolute: float | None, cause: str) -> None:
    spec = ctx.rules.meters[meter]
    old = ctx.state.meters[meter]
    new = absolute if absolute is not None else old + delta
    new = round(min(spec.max, max(spec.min, new)), 4)
    if new != old:
        ctx.emit(E.MeterChanged(meter=meter, value=new, delta=round(new - old, 4), cause=cause))


def apply_effect(ctx: Ctx, effect: cm.Effect, cause: str, index: int) -> None:
    """Apply `effect`, the `index`-th of the event or lever named by `cause`."""
    state, rules = ctx.state, ctx.rules
    match effect:
        case cm.PostponeRound(round=round_id, days=days):
            if round_id is None:
                index = state.round_index + 1
            else:
                index = rules.round_index[round_id]
            if index < len(rules.rounds):
                move_round_by(ctx, index, days, cause)
        case cm.SetFlag(flag=flag, value=value):
            if state.flags.get(flag, False) != value:
                ctx.emit(E.FlagChanged(flag=flag, value=value, cause=cause))
                if value:
                    for card_id, agreement in list(state.signed.items()):
                        if agreement.expires_with == flag and not agreement.completed:
                            ctx.emit(E.AgreementExpired(card=card_id, cause=f"flag:{flag}", completed=True))
                    lapse_if_closed(ctx)
        case cm.ChangeMeter(meter=meter, delta=delta, set=absolute):
            change_meter(ctx, meter, delta, absolute, cause)
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
            end_game(ctx, "event", cause=cause if text is not None else None, effect=index if text is not None else None)

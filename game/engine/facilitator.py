"""The facilitator's commands: the table's steering controls (pause, fire an event,
move a round, inject news, reveal, hand a seat over, the turn timer, end the game).
Each is logged like any other command and refused, with a reason, when it cannot be."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from game.engine import commands as C
from game.engine import events as E
from game.engine.calendar import change_meter, check_pass, end_game, fire, move_round_by
from game.engine.context import Ctx, Refused


def _facilitator_ready(ctx: Ctx) -> None:
    if ctx.state.phase == "ended":
        raise Refused("game_over")
    if ctx.state.phase == "setup":
        raise Refused("not_started")


def _pause(ctx: Ctx, cmd: C.Pause) -> None:
    _facilitator_ready(ctx)
    if ctx.state.paused:
        raise Refused("already_paused")
    ctx.emit(E.Paused())


def _resume(ctx: Ctx, cmd: C.Resume) -> None:
    _facilitator_ready(ctx)
    if not ctx.state.paused:
        raise Refused("not_paused")
    ctx.emit(E.Resumed())


def _fire_event(ctx: Ctx, cmd: C.FireEvent) -> None:
    _facilitator_ready(ctx)
    event = ctx.rules.events.get(cmd.event)
    if event is None:
        raise Refused("unknown_event", event=cmd.event)
    fire(ctx, event, E.EventFired(event=event.id, reason="facilitator", to=event.to))
    check_pass(ctx)


def _move_round(ctx: Ctx, cmd: C.MoveNextRound) -> None:
    _facilitator_ready(ctx)
    index = ctx.state.round_index + 1
    if index >= len(ctx.rules.rounds):
        raise Refused("no_next_round")
    if not move_round_by(ctx, index, cmd.days, "facilitator"):
        raise Refused("round_unmoved", days=cmd.days)


def _change_turns(ctx: Ctx, cmd: C.ChangeTurns) -> None:
    _facilitator_ready(ctx)
    state = ctx.state
    index = state.round_index if state.phase == "in_round" else state.round_index + 1
    if index >= len(ctx.rules.rounds):
        raise Refused("no_next_round")
    floor = state.turn + 1 if index == state.round_index else 1
    turns = max(floor, min(99, state.round_turns[index] + cmd.delta))
    if turns == state.round_turns[index]:
        raise Refused("turns_unchanged")
    ctx.emit(E.RoundTurnsChanged(round=ctx.rules.rounds[index].id, turns=turns, cause="facilitator"))


def _end_now(ctx: Ctx, cmd: C.EndNow) -> None:
    _facilitator_ready(ctx)
    end_game(ctx, "facilitator")


def _one_line(text: str, empty: str, long: str, limit: int, unprintable: str) -> str:
    line = " ".join(text.split())
    if not line and empty:
        raise Refused(empty)
    if len(line) > limit:
        raise Refused(long, limit=limit)
    if not line.isprintable():
        raise Refused(unprintable)
    return line


def _inject(ctx: Ctx, cmd: C.Inject) -> None:
    _facilitator_ready(ctx)
    headline = _one_line(cmd.headline, "", "long_headline", C.MAX_HEADLINE, "unprintable_inject")
    text = _one_line(cmd.text, "empty_inject", "long_inject", C.MAX_INJECT, "unprintable_inject")
    for meter, delta in cmd.meters.items():
        spec = ctx.rules.meters.get(meter)
        if spec is None:
            raise Refused("unknown_meter", meter=meter)
        if not abs(delta) <= spec.max - spec.min:  # also refuses NaN
            raise Refused("meter_delta", meter=meter, span=spec.max - spec.min)
    to = tuple(d for d in ctx.rules.parties if d in cmd.to)
    ctx.emit(E.MessageSent(headline=headline or None, text=text, to=to, cause="facilitator"))
    for meter, delta in cmd.meters.items():
        if ctx.state.phase != "ended":
            change_meter(ctx, meter, delta, None, "facilitator")
    check_pass(ctx)


def _reveal(ctx: Ctx, cmd: C.Reveal) -> None:
    _facilitator_ready(ctx)
    state = ctx.state
    wanted = ctx.rules.parties if cmd.delegation is None else (cmd.delegation,)
    todo = [d for d in wanted if d not in state.revealed]
    if not todo:
        raise Refused("already_revealed")
    for code in todo:
        lines = tuple(qid for qid, _ in ctx.rules.red_lines[code] if ctx.rules.red_line_active(state, qid))
        ctx.emit(E.InfoRevealed(delegation=code, variants=dict(state.variants.get(code, {})), red_lines=lines))


def _hand_seat(ctx: Ctx, cmd: C.HandSeat) -> None:
    _facilitator_ready(ctx)
    to = cmd.to.strip()
    if not to or len(to) > 40 or not to.isprintable() or " " in to:
        raise Refused("bad_seat")
    ctx.emit(E.SeatHanded(delegation=cmd.delegation, to=to))


def _turn_timer(ctx: Ctx, cmd: C.SetTurnTimer) -> None:
    _facilitator_ready(ctx)
    if (cmd.seconds, cmd.then) == (ctx.state.turn_timer, ctx.state.timer_then) or (
        cmd.seconds == 0 and ctx.state.turn_timer == 0
    ):
        raise Refused("timer_unchanged")
    ctx.emit(E.TurnTimerSet(seconds=cmd.seconds, then=cmd.then))


HANDLERS: dict[type, Callable[[Ctx, Any], None]] = {
    C.Pause: _pause,
    C.Resume: _resume,
    C.FireEvent: _fire_event,
    C.MoveNextRound: _move_round,
    C.ChangeTurns: _change_turns,
    C.EndNow: _end_now,
    C.Inject: _inject,
    C.Reveal: _reveal,
    C.HandSeat: _hand_seat,
    C.SetTurnTimer: _turn_timer,
}

"""The moment a signable analysis is made at: the start, a round's opening in a saved
game or in a game where nothing is signed, or a save's current position. Each is a game
state replayed through the engine, so red lines, meters, flags and cards are the ones
then in force."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NotRequired, TypedDict

from game.analysis.domain import complete_variants
from game.engine import commands as C
from game.engine import events as E
from game.engine.core import new_game, replay, step, whose_turn
from game.engine.rules import Rules
from game.engine.state import GameState
from game.i18n import _


class MomentError(ValueError):
    """A moment that the scenario or the save does not have (the message says which do)."""


class MomentInfo(TypedDict):
    """A moment as the report describes it (JSON-ready)."""

    at: str  # "start", "round" or "save"
    date: str  # ISO date
    round: str | None  # the round in play (id), if any
    round_label: NotRequired[str | None]
    seed: NotRequired[int]  # a round's opening in a game where nothing is signed: its seed
    ended: NotRequired[bool]  # a save's current position: whether the talks are over


def round_id(rules: Rules, name: str) -> str:
    """A round by id ("r3") or number ("3")."""
    ids = [r.id for r in rules.rounds]
    if name in ids:
        return name
    if name.isascii() and name.isdigit() and 1 <= int(name) <= len(ids):
        return ids[int(name) - 1]
    raise MomentError(_("no round '{round}': use one of {ids} or a number from 1 to {count}").format(
        round=name, ids=", ".join(ids), count=len(ids)))


def _info(rules: Rules, state: GameState, at: str) -> MomentInfo:
    index = state.round_index
    rnd = rules.rounds[index] if index >= 0 else None
    return {
        "at": at, "date": state.date.isoformat(), "round": rnd.id if rnd else None,
        "round_label": rnd.label if rnd else None,
    }


def no_deal_moment(
    rules: Rules, at: str, seed: int, variants: Mapping[str, Mapping[str, str]] | None,
) -> tuple[GameState, MomentInfo]:
    """The table as round `at` opens in a game where every delegation passes (scenario
    events fire as the seed draws them), with the analysis' hidden variants."""
    wanted = round_id(rules, at)
    state = new_game(rules, seed).state
    for _turn in range(10_000):
        if state.round_index >= 0 and rules.rounds[state.round_index].id == wanted and state.turn == 0:
            break
        if state.ended:
            raise MomentError(_("the talks end before round {round} opens in a game where nothing is signed "
                                "(seed {seed})").format(round=wanted, seed=seed))
        who = whose_turn(rules, state)
        assert who is not None  # every step leaves a round open or the talks over
        state = step(rules, state, C.Pass(by=who)).state
    state = state.clone()
    state.variants = {d: dict(v) for d, v in complete_variants(rules.scenario, variants).items()}
    info = _info(rules, state, "round")
    info["seed"] = seed
    return state, info


def moment_of_save(
    rules: Rules, steps: Sequence[tuple[object, Sequence[E.Event]]], at: str | None,
) -> tuple[GameState, MomentInfo]:
    """A save's current position, or the opening of round `at` in it: after the whole step
    that opened it (the round's opening events included, as in a no-deal game)."""
    events = [e for _command, step_events in steps for e in step_events]
    if at is None:
        state = replay(rules, events)
        info = _info(rules, state, "save")
        info["ended"] = state.ended
        return state, info
    wanted = round_id(rules, at)
    done = 0
    for _command, step_events in steps:
        done += len(step_events)
        if any(isinstance(e, E.RoundStarted) and e.round == wanted for e in step_events):
            state = replay(rules, events[:done])
            return state, _info(rules, state, "round")
    raise MomentError(_("round {round} never opened in this save").format(round=wanted))

"""What the table and the facilitator's console do next, after anything happened: a
pure function of what they know, so the order of things (the end, handing the
keyboard over, the brief before the news, a computer delegation's move, what the
status line says) is tested without Textual. The screens gather the facts, call
`table_next` or `console_next`, and carry out the step it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class TableFacts:
    """What the table screen knows when it decides."""

    seat: str  # the delegation (or observer) the table shows now
    turn: str | None  # whose turn it is; None between rounds or while paused
    ended: bool
    people: frozenset[str]  # the delegations played at this keyboard
    computer_to_move: bool  # a computer delegation moves next, here
    lent: bool = False  # a facilitator lent the table to its people
    has_brief: bool = True  # the seat is a delegation (an observer has no brief)
    briefed: bool = False  # the seat has read its brief
    news: bool = False  # notices the seat has not acknowledged yet
    lost: str | None = None  # why the game cannot be reached now
    paused: bool = False


@dataclass(frozen=True)
class ConsoleFacts:
    """What the facilitator's console knows when it decides."""

    turn: str | None
    ended: bool
    people: frozenset[str]  # the delegations whose people take the keyboard here
    computer_to_move: bool
    at_this_keyboard: bool  # False: the delegations play from their own seats
    lost: str | None = None
    paused: bool = False


@dataclass(frozen=True)
class BackToFacilitator:
    """The people's part is done for now: the lent table goes back, covered."""


@dataclass(frozen=True)
class TheEnd:
    """The game is over: the last news, then the end screen."""


@dataclass(frozen=True)
class HandOver:
    """Another person at this keyboard is to move: cover the table and give it to `seat`."""

    seat: str


@dataclass(frozen=True)
class Brief:
    """The seat reads its brief first (once)."""


@dataclass(frozen=True)
class News:
    """The seat acknowledges what happened since it last looked."""


@dataclass(frozen=True)
class ComputerMove:
    """The computer delegation `who` moves, after a pause the player can skip."""

    who: str


Waiting = Literal[
    "lost",  # the game cannot be reached: the reason shows
    "paused",  # the facilitator paused the table
    "your_turn",  # the seat shown is to move
    "their_turn",  # another delegation, at its own seat (a hosted table)
    "person_to_move",  # (console) a person here is to move: Enter lends them the table
    "between_rounds",
]


@dataclass(frozen=True)
class Wait:
    """Nothing to do but wait for a person: the status line says why (`who` is to move)."""

    why: Waiting
    who: str | None = None


TableStep = BackToFacilitator | TheEnd | HandOver | Brief | News | ComputerMove | Wait
ConsoleStep = TheEnd | ComputerMove | Wait


def table_next(facts: TableFacts) -> TableStep:
    """The table's next step. In order: a lent table goes back once no person here is
    to move; the end; the keyboard handed to the person to move; the brief before the
    news; a computer delegation's move; then waiting, for a reason."""
    turn = facts.turn
    if facts.lent and (facts.ended or turn not in facts.people):
        return BackToFacilitator()
    if facts.ended:
        return TheEnd()
    if turn is not None and turn in facts.people and turn != facts.seat:
        return HandOver(turn)
    if facts.has_brief and not facts.briefed:
        return Brief()
    if facts.news:
        return News()
    if facts.computer_to_move and turn is not None:
        return ComputerMove(turn)
    if facts.lost is not None:
        return Wait("lost")
    if facts.paused:
        return Wait("paused")
    if turn == facts.seat:
        return Wait("your_turn", turn)
    if turn is not None:
        return Wait("their_turn", turn)
    return Wait("between_rounds")


def console_next(facts: ConsoleFacts) -> ConsoleStep:
    """The console's next step: the end; the reason nobody can act; a computer
    delegation's move; or who is to move and where."""
    turn = facts.turn
    if facts.ended:
        return TheEnd()
    if facts.lost is not None:
        return Wait("lost")
    if facts.paused:
        return Wait("paused")
    if facts.computer_to_move and turn is not None:
        return ComputerMove(turn)
    if turn is not None and not facts.at_this_keyboard:
        return Wait("their_turn", turn)
    if turn is not None and turn in facts.people:
        return Wait("person_to_move", turn)
    return Wait("between_rounds")

"""The one interface the screens reach a game through.

A game is played either here (`game.match.Match`: the engine in this process, the
save on this disk, computer delegations moving here) or at a hosted table
(`game.net.remote.RemoteMatch`: one seat of a game the host runs). Both implement
`Game`, and a screen holds a `Game`, never one of the two: where they differ, the
screen asks what the game does (does it run its own turn clock? do the people take
turns at this keyboard? does it have join codes?), never which of the two it is.

Acting is the one thing whose answer may come later: `submit` calls `answered` at
once for a game played here, and when the host has answered at a hosted table.
Everything a game learns by itself (another seat's move, the line dropping) is told
to its `listeners`. Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from game.content.models import Scenario
from game.engine import commands as C
from game.engine import events as E
from game.engine.rules import Rules
from game.engine.views import View
from game.store.log import Header, Step


class GameError(Exception):
    """Something a person asked of a game that cannot be done; the message says why,
    in words for them."""


class Refused(Protocol):
    """A refusal as a screen puts it into words: the engine's own (`Refusal`), or the
    host's (`game.net.protocol.Refused`, which adds its own `message`)."""

    @property
    def code(self) -> str: ...

    @property
    def args(self) -> dict[str, str | int | float]: ...

    @property
    def red_line(self) -> str | None: ...


Answered = Callable[[Refused | None], None]
"""Told what became of a command: its refusal, or None once it was taken."""


@dataclass(frozen=True)
class Played:
    """A game's log and where it is saved: what the debrief and the replay read."""

    rules: Rules
    steps: tuple[Step, ...]
    header: Header | None
    path: Path | None


class Game(Protocol):
    """A game as a screen sees it: one or more seats at a table, read synchronously
    (views and transcripts already redacted for the seat asking), acted on through
    `submit`."""

    # ------------------------------------------------------------------ who sits where

    @property
    def rules(self) -> Rules: ...

    @property
    def scenario(self) -> Scenario: ...

    @property
    def seats(self) -> dict[str, str]:
        """Who holds each delegation: "person" or a computer kind ("ai:balanced")."""
        ...

    @property
    def people(self) -> list[str]:
        """The delegations played at this keyboard."""
        ...

    @property
    def facilitated(self) -> bool:
        """This keyboard is the facilitator's."""
        ...

    @property
    def resumed(self) -> bool:
        """The game was under way when it opened here: its people have read their briefs."""
        ...

    @property
    def observing(self) -> bool:
        """This keyboard watches the table and plays no delegation."""
        ...

    @property
    def main_seat(self) -> str:
        """The seat this keyboard sees the table from when it sees it from one (the end
        screen): the facilitator's, the observer's, or the first delegation played here."""
        ...

    @property
    def table(self) -> str | None:
        """The hosted table's name, where there is one."""
        ...

    @property
    def path(self) -> Path | None:
        """The save on this computer, if there is one yet."""
        ...

    # ------------------------------------------------------------------ what the game does

    @property
    def at_this_keyboard(self) -> bool:
        """Every person of the game plays at this keyboard, taking turns (the hot seat,
        the facilitator lending them the table). False: each plays at their own seat."""
        ...

    @property
    def clock_here(self) -> bool:
        """This front end runs the turn timer and gives the timeout (`time_out`); False:
        the game keeps the time itself, and the screen only shows it."""
        ...

    @property
    def saves_here(self) -> bool:
        """The game's save is written here, and a named copy can be made (`save_as`);
        False: the host keeps it, and a facilitator can fetch a copy (`played`)."""
        ...

    @property
    def codes(self) -> dict[str, str] | None:
        """The table's join codes by seat (the facilitator's), or None: a game with no codes."""
        ...

    # ------------------------------------------------------------------ reading

    @property
    def ended(self) -> bool: ...

    @property
    def whose_turn(self) -> str | None: ...

    @property
    def computer_to_move(self) -> bool:
        """A computer delegation moves next, and this front end moves it (`computer_move`)."""
        ...

    @property
    def lost(self) -> str | None:
        """Why the game cannot be reached now, while it cannot."""
        ...

    @property
    def gone(self) -> bool:
        """The seat is lost for good (`lost` says why): the screen leaves the table."""
        ...

    @property
    def listeners(self) -> list[Callable[[], None]]:
        """Called whenever the game changed by itself (news from the host)."""
        ...

    def is_person(self, seat: str | None) -> bool:
        """`seat` is played at this keyboard."""
        ...

    def view(self, seat: str) -> View: ...

    def transcript(self, seat: str) -> list[E.Event]: ...

    def event_count(self) -> int:
        """How many events the transcripts have grown by so far (`transcript_since` counts from it)."""
        ...

    def transcript_since(self, seat: str, start: int) -> list[E.Event]: ...

    def connected(self, seat: str) -> int | None:
        """How many people sit at `seat` now, or None where nobody can tell."""
        ...

    # ------------------------------------------------------------------ acting

    def submit(self, command: C.Command, answered: Answered) -> None:
        """Give `command`; `answered` learns what became of it (see the module's docstring)."""
        ...

    def hand_seat(self, delegation: str, to: str, answered: Answered) -> object:
        """(The facilitator) hand a seat to a computer kind or back to a person. Raises
        GameError for a kind nobody knows."""
        ...

    def computer_move(self) -> object:
        """The computer delegation to move acts (only while `computer_to_move`)."""
        ...

    def time_out(self, who: str) -> object:
        """`who`'s turn time ran out (only where `clock_here`)."""
        ...

    def save_as(self, name: str) -> Path:
        """A named copy of the game so far, next to its save (only where `saves_here`).
        Raises GameError."""
        ...

    async def played(self, folder: Path) -> Played:
        """The game's whole log, kept in `folder` if it is not on this disk already.
        Raises GameError."""
        ...

    async def revoke(self, seat: str) -> str:
        """(The facilitator) withdraw `seat`'s join code; the new one. Raises GameError."""
        ...

    def farewell(self) -> str:
        """What leaving the table says: where the game is kept, and how to come back."""
        ...

    def close(self) -> None: ...

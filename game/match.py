"""A game played here: the session, who sits in each seat (a person or a computer
delegation), the computer delegations' moves, and the save that is written after
every action.

A `Match` is one of the two games the screens know (`game.play.Game`); the other is
a seat at a hosted table, `game.net.remote.RemoteMatch`. It talks to the engine only
through its session. Nothing here imports Textual.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from game.agents import Agent, UnknownAgent, check_spec, make_agent
from game.agents.voice import say
from game.content.loader import load_scenario_by_id
from game.content.models import Scenario
from game.engine import commands as C
from game.engine import events as E
from game.engine.core import Outcome
from game.engine.rng import derive
from game.engine.rules import Rules
from game.engine.views import View, visible_events
from game.headless import computer_turn, tell
from game.i18n import _
from game.play import Answered, Game, GameError, Played
from game.session import LocalSession
from game.store.log import SUFFIX, LoadedGame, LogWriter, load, make_header, write_save
from game.store.log import VERSION as SAVE_VERSION

PERSON = "person"
FACILITATOR = "facilitator"
STAND_IN = "ai:pragmatist"  # moves for a person whose turn time ran out, when the timer says so


def seats_now(parties: tuple[str, ...], header_seats: dict[str, str], events) -> dict[str, str]:
    """Who plays each of `parties` after `events`: the seats the game started with, as
    the facilitator has handed them since."""
    seats = {d: header_seats.get(d, PERSON) for d in parties}
    for event in events:
        if isinstance(event, E.SeatHanded):
            seats[event.delegation] = event.to
    return seats


class MatchError(GameError):
    """Something a person asked for that cannot be done; the message says why."""


def check_seats(parties: tuple[str, ...], seats: dict[str, str]) -> None:
    """Every one of the scenario's `parties` has a seat, and no seat is for another."""
    if set(seats) - {FACILITATOR} != set(parties):
        raise MatchError(_("every delegation needs a seat: {delegations}").format(delegations=", ".join(parties)))
    for spec in seats.values():
        if spec != PERSON:
            check_spec(spec)


# Names Windows keeps for devices: a save called "con" could not be written there.
_RESERVED = {"con", "prn", "aux", "nul", *(f"{p}{n}" for p in ("com", "lpt") for n in range(1, 10))}


def _slug(text: str) -> str:
    """A file name for a save called `text`: its letters, digits and marks in any script
    (`Київ`, `東京`), runs of anything else (spaces, slashes, dots at the ends, control
    characters) as one hyphen; at most 60 characters, so at most 240 bytes in UTF-8,
    under every file system's limit of 255."""
    keep = []
    for ch in unicodedata.normalize("NFC", text.strip()):
        keep.append(ch if unicodedata.category(ch)[0] in "LNM" or ch in "._-" else "-")
    slug = re.sub(r"-{2,}", "-", "".join(keep)).strip("-.")[:60].strip("-.")
    if slug.split(".", 1)[0].lower() in _RESERVED:
        slug = "save-" + slug
    return slug


def unused_path(folder: Path, stem: str, suffix: str = SUFFIX) -> Path:
    """`folder/stem` + `suffix`, or with -2, -3... added to the stem until nothing is there."""
    path = folder / f"{stem}{suffix}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{suffix}"
        n += 1
    return path


@dataclass(frozen=True)
class Moved:
    """What one action did: who acted, the outcome, and the events it caused."""

    seat: str
    command: C.Command
    outcome: Outcome


class Match:
    """A game played here (see `game.play.Game` for what each member promises)."""

    # Everything is here: the people take turns at this keyboard, this front end runs
    # the turn clock and writes the save, and there are no join codes and no line to lose.
    at_this_keyboard = True
    clock_here = True
    saves_here = True
    observing = False
    codes: dict[str, str] | None = None
    table: str | None = None
    lost: str | None = None
    gone = False

    def __init__(self, session: LocalSession, seats: dict[str, str], path: Path | None, created: str | None):
        self.session = session
        self.seats = {d: seats[d] for d in session.rules.parties}
        self.facilitated = seats.get(FACILITATOR) == PERSON
        self.resumed = False  # loaded from a save: its people have read their briefs already
        # The seats as the game began (what a save's header holds; hand-overs are in its log).
        self.start_seats = {**self.seats, **({FACILITATOR: PERSON} if self.facilitated else {})}
        self.path = path
        self.created = created
        self.listeners: list[Callable[[], None]] = []  # a game played here changes only when asked to
        # Agents get a seed of their own: the game seed would let them work out hidden draws.
        self.agents: dict[str, Agent] = {
            d: make_agent(spec, d, derive(session.state.seed, "agent", d))
            for d, spec in self.seats.items() if spec != PERSON
        }

    # ------------------------------------------------------------------ opening

    @classmethod
    def new(
        cls, rules: Rules, seed: int, seats: dict[str, str], saves_dir: Path | None, now: dt.datetime | None = None,
        *, timer: int = 0, timer_then: C.TimerThen = "pass", facilitator: bool = False, length: str | None = None,
    ) -> Match:
        """A new game; with `saves_dir`, its save is written there after every action.
        `timer` sets seconds per turn on the wall clock (a logged command, like any other);
        `facilitator` marks a game run from the facilitator's seat; `length` is one of the
        scenario's game lengths (None: its first)."""
        check_seats(rules.parties, seats)
        created = now.isoformat(timespec="seconds") if now is not None else None
        path = None
        if saves_dir is not None:
            stamp = now.strftime("%Y%m%d-%H%M%S") if now is not None else f"seed{seed}"
            path = unused_path(Path(saves_dir), f"{rules.scenario.id}-{stamp}")
        header_seats = {**seats, FACILITATOR: PERSON} if facilitator else seats
        if length is not None and length not in rules.lengths:
            raise MatchError(_("the scenario has no game length '{length}'").format(length=length))
        session = LocalSession.start(rules, seed, save_to=path, created=created, seats=header_seats, length=length)
        match = cls(session, header_seats, path, created)
        if timer:
            match.act(C.SetTurnTimer(seconds=timer, then=timer_then))
        return match

    @classmethod
    def resume(cls, path: Path) -> Match:
        """Load a save (verifying it) and go on writing to it. Raises SaveError."""
        loaded: LoadedGame = load(path, load_scenario_by_id)
        parties = loaded.rules.parties
        seats = seats_now(parties, loaded.header.seats, loaded.events)
        try:
            check_seats(parties, seats)
        except Exception:
            seats = {d: PERSON for d in parties}  # unknown computer kinds: people take the seats
        # The log is written again as this Parley writes it (a format-1 save becomes format 2).
        header = loaded.header.model_copy(update={"version": SAVE_VERSION})
        writer = None if loaded.state.ended else LogWriter.reopen(path, header, loaded.steps)
        if loaded.header.seats.get(FACILITATOR) == PERSON:
            seats[FACILITATOR] = PERSON
        match = cls(LocalSession.resume(loaded, writer), seats, Path(path), loaded.header.created)
        match.resumed = True
        match.start_seats = dict(loaded.header.seats)
        for code, agent in match.agents.items():  # the computer delegations remember the game so far
            agent.observe(visible_events(loaded.rules, match.session.events(), code))
        return match

    # ------------------------------------------------------------------ reading

    @property
    def rules(self) -> Rules:
        return self.session.rules

    @property
    def scenario(self) -> Scenario:
        return self.session.rules.scenario

    @property
    def ended(self) -> bool:
        return self.session.ended

    @property
    def whose_turn(self) -> str | None:
        return self.session.whose_turn

    @property
    def people(self) -> list[str]:
        return [d for d in self.rules.parties if self.seats[d] == PERSON]

    @property
    def main_seat(self) -> str:
        # a game the computers played all through: any seat, everything is public at its end
        return FACILITATOR if self.facilitated else (self.people or list(self.rules.parties))[0]

    def is_person(self, seat: str | None) -> bool:
        return seat is not None and self.seats.get(seat) == PERSON

    @property
    def computer_to_move(self) -> bool:
        return not self.ended and self.whose_turn is not None and not self.is_person(self.whose_turn)

    def view(self, seat: str) -> View:
        return self.session.view(seat)

    def transcript(self, seat: str) -> list[E.Event]:
        return self.session.transcript(seat)

    def event_count(self) -> int:
        return sum(len(events) for _command, events in self.session.steps)

    def connected(self, seat: str) -> int | None:
        return None  # nobody connects to a game played here

    def transcript_since(self, seat: str, start: int) -> list[E.Event]:
        """`seat`'s view of the events from raw index `start` on."""
        return visible_events(self.rules, self.session.events()[start:], seat)

    # ------------------------------------------------------------------ acting

    def act(self, command: C.Command) -> Moved:
        """A person's command. A refusal changes nothing and is returned to show."""
        outcome = self.session.submit(command)
        tell(self.agents, self.session, outcome.events)
        return Moved(getattr(command, "by", "facilitator"), command, outcome)

    def submit(self, command: C.Command, answered: Answered) -> None:
        """`act`, for the screens: the answer comes at once."""
        answered(self.act(command).outcome.refusal)

    def computer_move(self) -> Moved:
        """The computer delegation whose turn it is acts once (it retries after a refusal,
        and passes if nothing it tries is allowed)."""
        who = self.whose_turn
        if who is None or self.is_person(who):
            raise MatchError(_("it is not a computer delegation's turn"))
        command, outcome = computer_turn(self.session, self.agents, who, say("pass_wait"))
        return Moved(who, command, outcome)

    def hand_seat(self, delegation: str, to: str, answered: Answered | None = None) -> Moved:
        """The facilitator hands a seat to a computer delegation (`to` is its kind, "ai:balanced")
        or back to a person. Logged; the new computer delegation first reads the game so far.
        Raises MatchError for a kind nobody knows; `answered` learns the engine's answer."""
        if to != PERSON:
            try:
                check_spec(to)
            except UnknownAgent as exc:
                raise MatchError(str(exc)) from None
        moved = self.act(C.HandSeat(delegation=delegation, to=to))
        if moved.outcome.ok:
            self.seats[delegation] = to
            self.agents.pop(delegation, None)
            if to != PERSON:
                self.agents[delegation] = self._fresh_agent(to, delegation)
        if answered is not None:
            answered(moved.outcome.refusal)
        return moved

    def _fresh_agent(self, spec: str, delegation: str) -> Agent:
        agent = make_agent(spec, delegation, derive(self.session.state.seed, "agent", delegation))
        agent.observe(visible_events(self.rules, self.session.events(), delegation))
        return agent

    def time_out(self, who: str) -> Moved:
        """`who`'s turn time ran out on the wall clock: the timeout is logged; then the turn
        passes, or (timer set to "computer") a computer delegation moves in its place."""
        moved = self.act(C.TimeOut(by=who))
        if not moved.outcome.ok or self.session.state.timer_then != "computer" or self.whose_turn != who:
            return moved
        stand_in = {who: self._fresh_agent(STAND_IN, who)}
        command, outcome = computer_turn(self.session, stand_in, who, say("pass_time"))
        tell(self.agents, self.session, outcome.events)
        # One move for the screens: the timeout and the stand-in's action, in order.
        both = Outcome(outcome.state, moved.outcome.events + outcome.events, outcome.refusal)
        return Moved(who, command, both)

    def header(self, name: str | None = None):
        """The save's header: the seats as the game began (the log holds every hand-over
        since), the facilitator's seat marked."""
        return make_header(self.scenario, self.session.state.seed, self.created, self.start_seats, name=name)

    def save_as(self, name: str) -> Path:
        """Write a named copy of the game so far next to the autosave; returns its path.
        The game goes on writing to its own save."""
        stem = _slug(name)
        if not stem:
            raise MatchError(_("give the save a name with letters or digits"))
        folder = self.path.parent if self.path is not None else Path("saves")
        target = unused_path(folder, stem)  # never over another save: "name-2" if taken
        header = self.header(name.strip())
        try:
            write_save(target, header, self.session.steps)
            if self.path is not None and self.path.exists():
                # The copy is as old as the game it copies: "continue" still finds the game itself.
                played = self.path.stat()
                os.utime(target, ns=(played.st_atime_ns, played.st_mtime_ns))
        except OSError as exc:
            raise MatchError(_("could not write {file}: {problem}").format(
                file=target, problem=exc.strerror or exc)) from None
        return target

    def record(self) -> Played:
        """The game's log so far, and where it is saved."""
        return Played(self.rules, tuple(self.session.steps), self.header(), self.path)

    async def played(self, folder: Path) -> Played:
        return self.record()  # saved here already, after every action

    async def revoke(self, seat: str) -> str:
        raise MatchError(_("Join codes belong to hosted tables (`parley host`)."))

    def farewell(self) -> str:
        if self.path is None:
            return _("Game saved in nowhere (saving is off). Press c in the lobby to continue it.")
        return _("Game saved in {file}. Press c in the lobby to continue it.").format(file=self.path.name)

    def close(self) -> None:
        self.session.close()


if TYPE_CHECKING:  # mypy holds a Match to what the screens expect of a game

    def _is_a_game(match: Match) -> Game:
        return match

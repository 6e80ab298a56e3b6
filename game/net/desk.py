"""The teacher's desk, on the host's side: one code for the whole lesson, which sees
every table at a glance and steers all of them (or a chosen set) at once.

A table's summary is built from the observer's view, what every delegation sees and
nothing more (`game.engine.views.view_for`, the one place hidden information is
redacted), plus what only the host knows of the table: who is connected, and for how
long its turn and the table itself have gone on. The same summary feeds the desk's
screen and the classroom projector.

A change is sent at once when the desks have heard nothing for `FLUSH` seconds; within
that, changes wait for the end of the window and go together: a burst of computer moves
at ten tables costs one summary per table, not one per move. Nothing is built while no
desk is connected.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from game.engine import events as E
from game.engine.views import OBSERVER
from game.i18n import N_
from game.match import FACILITATOR, PERSON
from game.net.protocol import DeskTable, DeskUpdate, DeskWelcome, SeatSummary, TableSummary

if TYPE_CHECKING:
    from game.net.host import Participant, Table

# What the host's console says a desk did at a table, by the command's kind.
DONE = {
    "pause": N_("{table}: paused from the desk"),
    "resume": N_("{table}: resumed from the desk"),
    "inject": N_("{table}: news from the desk"),
    "move_round": N_("{table}: the next round moved from the desk"),
    "change_turns": N_("{table}: the round's length changed from the desk"),
    "turn_timer": N_("{table}: the turn timer set from the desk"),
    "end_now": N_("{table}: ended from the desk"),
}
DESK = "desk"  # the seat a desk code joins (a reserved seat: no scenario may have a party of that name)
FLUSH = 0.03  # seconds between two updates to the desks at most (well inside 100 ms)


@dataclass
class Pulse:
    """A table's clock, as the host keeps it for the desk: when the turn (or the pause, or
    the wait between rounds) began, and when anything last happened there."""

    key: tuple[object, ...] | None = None  # what makes a new turn: (phase, round, turn, paused, whose turn)
    turn_began: float = 0.0
    last_event: float = 0.0
    events: int = -1
    # What every delegation has seen, counted as it grows (never the whole transcript again):
    read: int = 0  # raw events looked at
    public: int = 0  # of them, the ones every delegation saw
    last: E.Event | None = None  # the latest of those

    def catch_up(self, table: Table) -> None:
        seen = table.match.transcript_since(OBSERVER, self.read)
        self.read = table.match.event_count()
        if seen:
            self.public += len(seen)
            self.last = seen[-1]

    def beat(self, table: Table, now: float) -> None:
        """Note a new event or a new turn at `table` (cheap: no view is built)."""
        match = table.match
        count = match.event_count()
        if count != self.events:
            self.events, self.last_event = count, now
        state = match.session.state
        key = (state.phase, state.round_index, state.turn, state.paused, match.whose_turn)
        if key != self.key:
            self.key, self.turn_began = key, now


def summarize(table: Table, pulse: Pulse, now: float) -> TableSummary:
    """`table` at a glance (see the module's docstring: nothing a delegation alone may see)."""
    match = table.match
    view = match.view(OBSERVER)
    pulse.catch_up(table)
    present = {seat: sum(1 for c in table.clients if c.seat == seat) for seat in table.seats}
    left = None
    if view.turn_timer and table.clock is not None and not view.paused and not match.ended:
        left = table.clock.left(view, match.is_person(view.whose_turn))
    return TableSummary(
        table=table.id,
        round=view.round.id if view.round else None,
        date=view.date.isoformat(),
        phase=view.phase,
        paused=view.paused,
        ended=view.end is not None,
        end_reason=view.end.reason if view.end else None,
        end_by=view.end.by if view.end else None,
        whose_turn=view.whose_turn,
        turns_left=view.turns_left,
        turn_for=max(0.0, now - pulse.turn_began),
        idle_for=max(0.0, now - pulse.last_event),
        timer=view.turn_timer,
        time_left=left,
        signed={card.id: card.signed.option for card in view.cards if card.signed is not None},
        last=pulse.last,
        events=pulse.public,
        seats={d: SeatSummary(holder=match.seats.get(d, PERSON), present=present.get(d, 0)) for d in match.rules.parties},
        facilitator_present=present.get(FACILITATOR, 0),
        scores=dict(view.end.scores) if view.end else {},
    )


@dataclass(eq=False)
class Desk:
    """The desk's code and connections, and the tables the desks have not heard of since
    they changed."""

    code: str
    clients: set[Participant] = field(default_factory=set)
    pulses: dict[str, Pulse] = field(default_factory=dict)  # table -> its clock
    dirty: set[str] = field(default_factory=set)
    wake: asyncio.Event = field(default_factory=asyncio.Event)

    def welcome(self, lesson: str, tables: list[Table]) -> DeskWelcome:
        return DeskWelcome(lesson=lesson, code=self.code, tables=[
            DeskTable(table=t.id, scenario=t.match.scenario.id, content_hash=t.match.scenario.content_hash,
                      parties=list(t.match.rules.parties), facilitator=t.codes[FACILITATOR])
            for t in tables
        ])

    def update(self, tables: list[Table], now: float) -> DeskUpdate:
        return DeskUpdate(tables=[summarize(t, self.pulses.setdefault(t.id, Pulse()), now) for t in tables])

    def changed(self, table: Table, now: float) -> None:
        """Something happened at `table`: its clock notes it now, and the desks hear of it soon."""
        self.pulses.setdefault(table.id, Pulse()).beat(table, now)
        if self.clients:
            self.dirty.add(table.id)
            self.wake.set()

    async def tell(self, tables: dict[str, Table], clock) -> None:
        """Forever: once woken, send the desks the summaries of the tables that changed, at
        once if they have heard nothing for `FLUSH` seconds, else at the end of that window."""
        loop = asyncio.get_running_loop()
        sent = float("-inf")
        while True:
            await self.wake.wait()
            wait = sent + FLUSH - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            self.wake.clear()
            sent = loop.time()
            names, self.dirty = self.dirty, set()
            if not self.clients or not names:
                continue
            update = self.update([tables[n] for n in sorted(names) if n in tables], clock())
            for client in list(self.clients):
                client.send(update)

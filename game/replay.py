"""Replay a finished (or unfinished) game event by event, from one seat's point of view.

A `Replay` is a cursor over the events one seat could see: position k (1-based) is
"right after the k-th event this seat saw". A delegation's replay skips the events
`redact_event` hides from it (they are folded into the state silently, as they were
in the live game), and everything it shows goes through the one place that filters
hidden information: the view is `view_for(rules, state, seat)` of the state right after
the k-th visible event (never with a later hidden event folded in), and the transcript
is the redacted events so far. The facilitator's replay sees every event.

The states along the log do not depend on the seat: a `Timeline` keeps them (a copy
every `CHECKPOINT_EVERY` events, plus the last one asked for), so that moving the
cursor folds a few events instead of the whole game, and changing the point of view
(`as_seen_by`) shares it.

Pure: no Textual, no I/O.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from game.content.models import Scenario
from game.engine import events as E
from game.engine.core import blank_state, fold
from game.engine.rules import Rules
from game.engine.state import GameState
from game.engine.views import FACILITATOR, View, redact_event, view_for
from game.i18n import _, formats
from game.store.log import LoadedGame, Step

CHECKPOINT_EVERY = 50


def seat_name(scenario: Scenario, seat: str) -> str:
    """The seat as a person names it: "Kyiv", or "The facilitator"."""
    if seat == FACILITATOR:
        return _("The facilitator")
    spec = scenario.delegations.get(seat)
    return spec.short if spec is not None else seat


def seats_of(scenario: Scenario) -> tuple[str, ...]:
    """The points of view a finished game is replayed from, in the order `v` cycles
    through them: each delegation, then the facilitator."""
    return (*scenario.parties, FACILITATOR)


def next_seat(seat: str, seats: tuple[str, ...]) -> str:
    """The point of view after `seat` among `seats` (the first, if `seat` is not one)."""
    if seat not in seats:
        return seats[0]
    return seats[(seats.index(seat) + 1) % len(seats)]


class Timeline:
    """Every event of a game in log order, and the state after any number of them."""

    def __init__(self, rules: Rules, events: Iterable[E.Event], every: int = CHECKPOINT_EVERY):
        if every < 1:
            raise ValueError("checkpoints need a positive interval")
        self.rules = rules
        self.events: tuple[E.Event, ...] = tuple(events)
        if not self.events:
            raise ValueError(_("the game has no events to replay"))
        self.every = every
        # _marks[j]: the state after the first j * every events (j = 0: the blank state).
        self._marks: list[GameState] = [blank_state(rules)]
        state = self._marks[0]
        for n, event in enumerate(self.events, start=1):
            state = fold(rules, state, event)
            if n % every == 0:
                self._marks.append(state)
        self.final = state
        self._last: tuple[int, GameState] = (len(self.events), state)

    def __len__(self) -> int:
        return len(self.events)

    def state_after(self, n: int) -> GameState:
        """The state after the first `n` events of the log (0 <= n <= len). Treat it as a
        value: it may be shared with later calls."""
        if not 0 <= n <= len(self.events):
            raise IndexError(f"no state after {n} events (the game has {len(self.events)})")
        mark = n // self.every
        start, state = mark * self.every, self._marks[mark]
        last_n, last_state = self._last
        if start <= last_n <= n:  # going on from the last state asked for is nearer
            start, state = last_n, last_state
        for event in self.events[start:n]:
            state = fold(self.rules, state, event)
        self._last = (n, state)
        return state


class Replay:
    """A cursor over the events `seat` could see, with the view and transcript it had."""

    def __init__(
        self,
        rules: Rules,
        steps: Iterable[Step],
        seat: str = FACILITATOR,
        *,
        position: int = 1,
        timeline: Timeline | None = None,
    ):
        seats = seats_of(rules.scenario)
        if seat not in seats:
            raise ValueError(_("unknown seat {seat}: one of {seats}").format(seat=repr(seat), seats=", ".join(seats)))
        self.rules = rules
        self.seat = seat
        self.timeline = timeline if timeline is not None else Timeline(rules, (e for _cmd, evs in steps for e in evs))
        self._raw: list[int] = []  # log index of each event the seat saw, in order
        self._shown: list[E.Event] = []  # that event as the seat saw it
        for index, event in enumerate(self.timeline.events):
            shown = redact_event(rules, event, seat)
            if shown is not None:
                self._raw.append(index)
                self._shown.append(shown)
        if not self._shown:
            raise ValueError(_("this seat saw no event of the game"))
        self._seen = frozenset(self._raw)
        self._round_starts = [p for p, e in enumerate(self._shown, start=1) if isinstance(e, E.RoundStarted)]
        self._view: tuple[int, View] | None = None
        self.position = 1
        self.goto(position)

    @classmethod
    def of(cls, loaded: LoadedGame, seat: str = FACILITATOR, position: int = 1) -> Replay:
        return cls(loaded.rules, loaded.steps, seat, position=position)

    # ------------------------------------------------------------------ moving

    def __len__(self) -> int:
        return len(self._shown)

    @property
    def at_start(self) -> bool:
        return self.position == 1

    @property
    def at_end(self) -> bool:
        return self.position == len(self._shown)

    def goto(self, k: int) -> int:
        """Put the cursor after the k-th event this seat saw (clamped to 1..len)."""
        self.position = max(1, min(int(k), len(self._shown)))
        return self.position

    def step(self, n: int = 1) -> int:
        return self.goto(self.position + n)

    def next_round(self) -> int:
        """To the opening of the next round (the last event when no round opens later)."""
        i = bisect_right(self._round_starts, self.position)
        return self.goto(self._round_starts[i] if i < len(self._round_starts) else len(self._shown))

    def previous_round(self) -> int:
        """To the opening of the round under way (the one before when already there), or the first event."""
        i = bisect_left(self._round_starts, self.position)
        return self.goto(self._round_starts[i - 1] if i > 0 else 1)

    # ------------------------------------------------------------------ reading

    @property
    def log_index(self) -> int:
        """Where the cursor is in the whole log (0-based index of the current event)."""
        return self._raw[self.position - 1]

    def current(self) -> E.Event:
        """The event at the cursor, as this seat saw it."""
        return self._shown[self.position - 1]

    def transcript(self, start: int = 0) -> list[E.Event]:
        """The events this seat saw up to the cursor (from its `start`-th on), redacted for it."""
        return self._shown[start : self.position]

    def view(self) -> View:
        """What the seat could see right after the event at the cursor."""
        if self._view is None or self._view[0] != self.position:
            state = self.timeline.state_after(self.log_index + 1)
            self._view = (self.position, view_for(self.rules, state, self.seat))
        return self._view[1]

    def round_text(self, view: View | None = None) -> str:
        view = view or self.view()
        if view.phase == "ended":
            return _("Talks over")
        if view.round is not None:
            number = 1 + next(i for i, r in enumerate(view.rounds) if r.id == view.round.id)
            return _("Round {number}").format(number=number)
        done = sum(1 for r in view.rounds if r.status == "done")
        return _("After round {number}").format(number=done) if done else _("Before round 1")

    def label(self) -> str:
        """"Event 12 of 80 · Round 2 · 03 Feb 2026"."""
        view = self.view()
        return _("Event {number} of {total} \u00b7 {round} \u00b7 {date}").format(
            number=self.position, total=len(self), round=self.round_text(view), date=formats.date(view.date))

    # ------------------------------------------------------------------ another point of view

    def as_seen_by(self, seat: str) -> Replay:
        """The same game from `seat`'s point of view, at the last event that both this seat
        and `seat` saw up to the cursor (the game's start, at worst)."""
        other = Replay(self.rules, (), seat, timeline=self.timeline)
        here = self.log_index
        i = bisect_right(other._raw, here) - 1
        while i > 0 and other._raw[i] not in self._seen:
            i -= 1
        other.goto(i + 1)
        return other

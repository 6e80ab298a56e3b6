"""The debrief as plain data: every figure and sentence a renderer needs, with the
scenario's labels already looked up, so that a debrief dumps to JSON
(`Debrief.model_dump(mode="json")`) and renders without the scenario at hand.

Delegations are named by their scenario's codes (such as ru or buyer) in the data and by `Debrief.names` in
text. Utilities are 0-100 from the delegation's valuations (exact, rounded to two
places here); scores are the engine's, relative to the BATNA.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict

from game.i18n import _

MoveKind = Literal["propose", "counter", "accept"]  # an offer or an answer to one
Stance = Literal["for", "against"]  # a statement's, on an option
SignedStatus = Literal["in force", "ran its term", "suspended", "ended early"]


class Record(BaseModel):
    """Plain, frozen data that dumps to JSON."""

    model_config = ConfigDict(frozen=True)


class TimelineEntry(Record):
    """One line of the story. `index` is the number of the event in the log (from 1;
    a facilitator line carries the number of the first event its command caused);
    `turn` counts the turns taken before it, plus one; `round` is the round in session
    or, between rounds, the last one held (None before the first)."""

    index: int
    round: str | None
    date: dt.date
    turn: int
    kind: str  # round, offer, answer, agreement, red_line, statement, move, event, facilitator, end
    actor: str | None  # a delegation's code, "facilitator", or None (the calendar or a scenario event)
    text: str
    command: str | None = None  # on a facilitator line: the kind of its command
    package: int | None = None


class EventRow(Record):
    """One logged event, every one (the CSV's rows): where it happened, the engine's own
    name for it, the command that caused it, and its line in words where it has one."""

    index: int
    round: str | None
    date: dt.date
    turn: int
    event: str  # the engine's event type: package_proposed, round_moved, turn_ended...
    kind: str | None  # its timeline kind when it has a line (see TimelineEntry.kind)
    actor: str | None
    command: str  # the kind of the command that caused it (start, propose, pass, inject...)
    by: str | None  # who gave that command: a delegation's code or facilitator (None for the start)
    package: int | None
    text: str | None


class RoundInfo(Record):
    id: str
    label: str
    planned_start: dt.date
    start: dt.date
    end: dt.date
    turns: int
    held: bool
    first_turn: int | None = None  # the game's turn number when it opened

    @property
    def moved_days(self) -> int:
        return (self.start - self.planned_start).days


class RoundMove(Record):
    """A round postponed (days > 0) or brought forward, and what moved it."""

    index: int
    round: str
    label: str
    days: int
    start: dt.date
    cause: str  # as logged: "event:round2_postponed", "facilitator", "lever:us.send_envoy"...
    cause_label: str  # the same for a reader: the event's title, "the facilitator"...
    during: str | None  # the round in session (or last held) when it moved
    date: dt.date


class CardInfo(Record):
    id: str
    title: str
    offered: int  # packages that put it on the table
    comprehensive: bool  # part of a comprehensive settlement


class Signed(Record):
    card: str
    title: str
    option: str
    label: str
    package: int
    round: str | None
    date: dt.date
    status: SignedStatus


class Score(Record):
    delegation: str
    utility: float  # of what the talks achieved, exact (the analysis' number)
    agreements: float  # utility - batna_start: what the signed text is worth over no agreement
    batna_start: float  # the BATNA at the start: the status quo's utility (the analysis' disagreement point)
    batna_moved: float  # how far the BATNA moved with the meters over the game
    batna: float  # at the end: batna_start + batna_moved
    objectives: float
    score: float  # agreements + batna_moved + objectives: the game's own score (`game.engine.value`)
    nash_score: float | None  # the score the signable Nash point would have given (signed at the start)
    vs_nash: float | None  # score - nash_score


class Standing(Record):
    """Where the outcome lies against the signable three-party analysis at the start of
    this game (its draw, the opening table; `game.analysis.signable`), in score points:
    the text achieved, valued as if it had been signed at the start."""

    individually_rational: bool  # some signable package leaves everyone at least as well off as none
    on_frontier: bool
    distance_to_frontier: float | None
    distance_to_nash: float | None


class CardGap(Record):
    """One card of what was left on the table: the option achieved against the option
    at the signable Nash point and at the signable frontier point nearest the outcome,
    and what moving this card alone to them would have given each delegation (utility
    points of that card)."""

    card: str
    title: str
    achieved: str
    achieved_label: str
    nash: str | None
    nash_label: str | None
    frontier: str | None
    frontier_label: str | None
    to_nash: dict[str, float]
    to_frontier: dict[str, float]
    nash_crosses: tuple[str, ...] = ()  # red lines the Nash point's option on this card would cross
    frontier_crosses: tuple[str, ...] = ()

    @property
    def differs(self) -> bool:
        return self.achieved != (self.nash or self.achieved) or self.achieved != (self.frontier or self.achieved)


class Cost(Record):
    meter: str
    label: str
    delta: float


class RedLineTouch(Record):
    """A soft red line crossed when a package was signed (with its costs), or a hard
    one that blocked an offer, an acceptance or a signature."""

    index: int
    round: str | None
    date: dt.date
    delegation: str
    red_line: str
    label: str
    hard: bool
    what: Literal["crossed", "blocked"]
    action: str | None  # for a block: propose, counter, accept or sign
    package: int | None
    card: str
    title: str
    option: str | None
    option_label: str | None
    costs: tuple[Cost, ...] = ()


class Move(Record):
    """A delegation's offer or answer, as the commitments section cites it."""

    index: int
    round: str | None
    date: dt.date
    kind: MoveKind
    package: int
    option: str
    option_label: str


class Commitment(Record):
    """A statement that took a position on a card's option, and the delegation's own
    later moves that went against it (see `game.debrief.commitments`)."""

    delegation: str
    card: str
    title: str
    option: str
    label: str
    stance: Stance
    explicit: bool  # a structured pledge, not read from the text
    statement: str
    index: int
    round: str | None
    date: dt.date
    contradicted_by: tuple[Move, ...] = ()


class CurvePoint(Record):
    index: int
    turn: int
    round: str | None
    date: dt.date
    kind: MoveKind
    package: int
    utility: float  # to the delegation itself: what is achieved so far plus the package
    batna: float  # its BATNA at that moment


class BatnaStep(Record):
    """The BATNA as it stood from turn `turn` on (it moves with the meters: events, levers,
    soft lines crossed, the facilitator)."""

    turn: int
    batna: float


class Curve(Record):
    """A delegation's concession curve: the utility to itself of its own offers over
    the game (acceptances are points too, marked by their kind), and its BATNA at every
    turn it moved."""

    delegation: str
    name: str
    batna_start: float
    batna_end: float
    points: tuple[CurvePoint, ...]
    batna_path: tuple[BatnaStep, ...] = ()
    colour: str = "#333333"  # the delegation's, from the scenario (`Scenario.colours`)
    mark: int = 0  # its place among the delegations: which marker shape its points get

    @property
    def offers(self) -> tuple[CurvePoint, ...]:
        return tuple(p for p in self.points if p.kind != "accept")


class Rejection(Record):
    index: int
    round: str | None
    date: dt.date
    by: str
    package: int
    proposer: str
    items: str  # the package in words
    utility: float  # to the delegation that rejected it: what was signed plus the package
    batna: float  # its BATNA at that moment
    worth: float = 0.0  # what signing it then would have changed in its score (as its own screen showed)
    score_then: float = 0.0  # its score had it been signed then
    blocked: bool = False  # it crossed one of the rejecting delegation's hard red lines


class Variant(Record):
    hidden: str
    hidden_label: str
    id: str
    label: str
    description: str


class Hidden(Record):
    delegation: str
    variants: tuple[Variant, ...]
    brief: str


class Question(Record):
    text: str
    facts: tuple[str, ...]  # what the question rests on, from this game's log


class Debrief(Record):
    scenario: str
    title: str
    label: str  # which table: the save's name, or its seed
    seed: int | None
    seats: dict[str, str]
    names: dict[str, str]  # delegation code -> short name (Moscow, Kyiv, Washington)
    start: dt.date
    end_date: dt.date
    finished: bool
    end_reason: str | None
    ended_by: str | None
    end_text: str
    turns: int  # turns taken in the whole game
    rounds: tuple[RoundInfo, ...]
    timeline: tuple[TimelineEntry, ...]
    events: tuple[EventRow, ...] = ()  # every logged event, for the CSV
    cards: tuple[CardInfo, ...]  # the cards at the table, in the scenario's order
    signed: tuple[Signed, ...]
    scores: tuple[Score, ...]
    standing: Standing
    left_on_table: tuple[CardGap, ...]
    red_lines: tuple[RedLineTouch, ...]
    commitments: tuple[Commitment, ...]
    curves: tuple[Curve, ...]
    moves: tuple[RoundMove, ...]
    rejections: tuple[Rejection, ...]
    hidden: tuple[Hidden, ...]
    questions: tuple[Question, ...] = ()
    warnings: tuple[str, ...] = ()

    def name(self, code: str | None) -> str:
        if code is None:
            return "-"
        if code == "facilitator":
            return _("Facilitator")
        return self.names.get(code, code)

    @property
    def round_marks(self) -> tuple[tuple[int, str], ...]:
        """(the turn it opened on, "Round 2") for each round held: where charts mark the rounds."""
        return tuple((r.first_turn, r.label.split(":", 1)[0]) for r in self.rounds if r.first_turn is not None)

    def round_label(self, round_id: str | None) -> str:
        found = next((r for r in self.rounds if r.id == round_id), None)
        return found.label if found else (round_id or _("before the first round"))

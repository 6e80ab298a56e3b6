"""Redaction: what each seat may know. This module is the one place where hidden
information is filtered; every way out (screen, computer delegation, save export,
network) goes through `view_for` for state and `redact_event` for the log.

A delegation sees the public table (cards, package, signed text, calendar, public
meters and flags) and its own private part (brief, red lines, levers, meters,
hidden variants, valuations). The omniscient seat (a facilitator, a debrief after
the game) sees every private part. An observer (a student watching a hosted
table) sees only the public table: no delegation's private part, and no event or
message addressed to some delegations only. When the game ends, the hidden variants
and the scores are revealed to everyone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Literal, TypeVar, cast, get_args

from pydantic import BaseModel, ConfigDict

from game.content import models as cm
from game.content.models import Condition, Effect
from game.engine import events as E
from game.engine.conditions import reads
from game.engine.core import turns_left, whose_turn
from game.engine.rules import Rules
from game.engine.state import GameState

T = TypeVar("T")
OMNISCIENT = "omniscient"
FACILITATOR = "facilitator"  # the facilitator's seat sees what the omniscient view shows
OBSERVER = "observer"  # sees what every delegation sees, and nothing that only some of them see
NON_DELEGATION_VIEWERS = (OMNISCIENT, OBSERVER)  # every other viewer is one of the scenario's parties


class _View(BaseModel):
    model_config = ConfigDict(frozen=True)


class OptionView(_View):
    id: str
    label: str
    description: str


class SignedView(_View):
    option: str
    round: str
    date: dt.date
    expires_on: dt.date | None
    expires_with: str | None
    suspended: bool
    completed: bool


class CardView(_View):
    id: str
    title: str
    description: str
    options: tuple[OptionView, ...]
    status_quo: str
    consent: tuple[str, ...]
    open: bool  # False once its expiry date or flag has come: it can no longer be agreed
    signed: SignedView | None

    def label(self, option: str) -> str:
        """An option as players read it (its id only for an option the card does not have)."""
        return next((o.label for o in self.options if o.id == option), option)


class RoundView(_View):
    id: str
    label: str
    place: str
    start: dt.date
    end: dt.date
    planned_start: dt.date
    turns: int
    status: Literal["done", "current", "planned"]


class PackageView(_View):
    id: int
    by: str
    items: dict[str, str]
    accepted_by: tuple[str, ...]
    needs: tuple[str, ...]
    counter: bool


class MeterView(_View):
    id: str
    label: str
    value: float
    min: float
    max: float
    public: bool
    start: float = 0.0  # its value at the start of the game (a BATNA moves with the distance from it)


class DelegationView(_View):
    code: str
    name: str
    short: str
    public_position: str
    colour: str = "#808080"  # #rrggbb, from the scenario (`Scenario.colours`)


class RedLineView(_View):
    id: str
    label: str
    explanation: str
    hard: bool
    card: str
    options: tuple[str, ...]
    active: bool
    cost: dict[str, float]
    unless: Condition | None = None  # a linkage: the line does not apply while this holds
    # what a player reads: the card's title and the options' labels (public scenario text,
    # there even while the card is not yet at the table)
    card_title: str = ""
    option_labels: tuple[str, ...] = ()


class LeverView(_View):
    id: str
    label: str
    description: str
    uses_left: int
    available: bool
    effects: tuple[Effect, ...] = ()  # what it does, as far as its delegation may know (see `_known_effects`)
    available_when: Condition | None = None  # when it can be used (its own lever: it knows)


class VariantView(_View):
    hidden: str
    id: str
    label: str
    description: str


class ObjectiveView(_View):
    id: str
    label: str
    points: float
    when: Condition


class ScoringView(_View):
    """How the delegation's own result is counted (its brief says as much in words)."""

    meters: dict[str, float]  # points its BATNA (and so its score) moves per point a meter moves from its start
    objectives: tuple[ObjectiveView, ...]


class PrivateView(_View):
    """What only one delegation knows about itself."""

    brief: str
    meters: tuple[MeterView, ...]
    red_lines: tuple[RedLineView, ...]
    levers: tuple[LeverView, ...]
    variants: tuple[VariantView, ...]
    values: dict[str, dict[str, float]]
    weights: dict[str, float]
    # (sum of weight x status quo value, sum of weights) of the scenario's cards not at the
    # table: they count at their status quo (`game.engine.value.utility`)
    off_table: tuple[float, float] = (0.0, 0.0)
    utility: float  # of what the talks have achieved
    batna: float  # the value of no agreement now: `batna_start` moved by the scored meters
    batna_start: float = 0.0  # the value of no agreement at the start: the status quo's utility
    batna_path: tuple[float, ...] = ()  # the BATNA as each round so far opened
    scoring: ScoringView | None = None
    style: cm.Style = cm.Style()  # how a computer delegation plays this seat (the scenario's game design)


class EndView(_View):
    reason: str
    by: str | None
    scores: dict[str, float]
    variants: dict[str, tuple[VariantView, ...]]


class FiredView(_View):
    """A scenario event that has fired, as the table heard it."""

    id: str
    title: str
    times: int


class RevealedView(_View):
    """A delegation's hidden draw and red lines, made public by the facilitator."""

    variants: tuple[VariantView, ...]
    red_lines: tuple[RedLineView, ...]


class View(_View):
    viewer: str  # a party, OMNISCIENT or OBSERVER
    scenario: str
    title: str
    date: dt.date
    calendar_end: dt.date
    phase: str
    paused: bool
    round: RoundView | None
    rounds: tuple[RoundView, ...]
    whose_turn: str | None
    turns_left: int
    can_speak: bool  # the delegation whose turn it is has not made a statement yet
    table: PackageView | None
    cards: tuple[CardView, ...]
    delegations: tuple[DelegationView, ...]
    public_meters: tuple[MeterView, ...]
    flags: dict[str, bool]
    private: dict[str, PrivateView]
    end: EndView | None
    comprehensive: tuple[str, ...] = ()  # the cards whose signing together ends the talks in a settlement
    fired: tuple[FiredView, ...] = ()  # the events this seat has heard fire, first firing first
    revealed: dict[str, RevealedView] = {}  # delegations the facilitator revealed to everyone
    turn_timer: int = 0  # seconds per turn on the wall clock (0: none)
    timer_then: str = "pass"
    # the delegations that get a turn in this round after the one to move, in order: who
    # can still answer a package proposed now before the round ends and it lapses
    still_to_move: tuple[str, ...] = ()

    def cannot_answer(self, me: str, items: dict[str, str]) -> tuple[str, ...]:
        """The delegations whose consent a package of `items` proposed by `me` now needs
        and who get no turn before the round ends: with them, the package would lapse."""
        needed = {d for card in self.cards if card.id in items for d in card.consent if d != me}
        return tuple(d for d in self.parties if d in needed and d not in self.still_to_move)

    @property
    def parties(self) -> tuple[str, ...]:
        """The delegations at this table, in the scenario's order."""
        return tuple(d.code for d in self.delegations)


def _memo(rules: Rules, key: tuple[object, ...], build: Callable[[], T]) -> T:
    """Views are built for every decision a computer delegation makes, and most of their
    parts repeat: each distinct part is built once per scenario, keyed by what it shows.
    The keys are bounded by the scenario (ids, meter values, calendar dates)."""
    found = rules.memo.get(key)
    if found is None:
        found = rules.memo[key] = build()
    return cast(T, found)


def _last(rules: Rules, slot: tuple[object, ...], key: tuple[object, ...], build: Callable[[], T]) -> T:
    """Between two steps most of a view is unchanged: the part built last for `slot` is
    reused while the state it reads (its `key`) is equal. The key may hold the state's own
    dicts and lists (comparing them is quick); a copy is kept, so that a state changed
    in place later can never match an old key. One entry per slot."""
    found = cast("tuple[tuple[object, ...], T] | None", rules.memo.get(slot))
    if found is None or found[0] != key:
        found = (tuple(_copy(part) for part in key), build())
        rules.memo[slot] = found
    return found[1]


def _copy(part: object) -> object:
    """A copy of one part of a key: the state's dicts and lists (its dicts hold values of
    one kind: the drawn variants are the one dict of dicts)."""
    if isinstance(part, dict):
        if part and isinstance(next(iter(part.values())), dict):
            return {k: dict(v) for k, v in part.items()}
        return dict(part)
    if isinstance(part, list):
        return list(part)
    return part


def _meter(rules: Rules, state: GameState, qid: str) -> MeterView:
    value = state.meters[qid]

    def build() -> MeterView:
        m = rules.meters[qid]
        return MeterView(id=qid, label=m.label, value=value, min=m.min, max=m.max, public=m.public, start=m.start)

    return _memo(rules, ("meter", qid, value), build)


def _red_line(rules: Rules, qid: str, active: bool) -> RedLineView:
    _, line = rules.red_line_by_id[qid]
    card = rules.cards[line.forbid.card]
    labels = {o.id: o.label for o in card.options}
    return RedLineView(
        id=qid, label=line.label, explanation=line.explanation, hard=line.hard,
        card=line.forbid.card, options=line.forbid.options, active=active, cost=dict(line.cost),
        unless=line.unless, card_title=card.title, option_labels=tuple(labels[o] for o in line.forbid.options),
    )


def _lever(rules: Rules, code: str, lever: cm.Lever, uses_left: int, available: bool) -> LeverView:
    return LeverView(
        id=lever.id, label=lever.label, description=lever.description, uses_left=uses_left, available=available,
        effects=_known_effects(rules, code, lever.effects), available_when=_readable(rules, code, lever.available_when),
    )


def _readable(rules: Rules, code: str, cond: Condition | None) -> Condition | None:
    """`cond` if delegation `code` may read everything it names (its own or public meters,
    public flags), else None: a condition on another delegation's hidden meter stays hidden."""
    if cond is None:
        return None
    read = reads([cond])
    meters_ok = all(m.split(".", 1)[0] == code or rules.meters[m].public for m in read.meters)
    flags_ok = all(rules.flags[f].public for f in read.flags)
    return cond if meters_ok and flags_ok and not read.variants else None


def _known_effects(rules: Rules, code: str, effects: Iterable[Effect]) -> tuple[Effect, ...]:
    """The effects delegation `code` may know of: on meters it sees (its own, the public
    ones), public flags, its own red lines, and the table and calendar everyone sees.
    What a lever does to another delegation's hidden meters or red lines stays hidden."""
    known = []
    for effect in effects:
        match effect:
            case cm.ChangeMeter(meter=meter):
                visible = meter.split(".", 1)[0] == code or rules.meters[meter].public
            case cm.SetFlag(flag=flag):
                visible = rules.flags[flag].public
            case cm.ImposeRedLine(red_line=qid) | cm.LiftRedLine(red_line=qid):
                visible = qid.split(".", 1)[0] == code
            case cm.Message(to=to):
                visible = not to or code in to
            case _:
                visible = True
        if visible:
            known.append(effect)
    return tuple(known)


def _drawn(rules: Rules, state: GameState, code: str) -> Iterator[tuple[str, cm.Variant]]:
    """(hidden id, variant) pairs drawn for delegation `code` in this game."""
    chosen = state.variants.get(code, {})
    for hidden in rules.scenario.delegations[code].hidden:
        for variant in hidden.options:
            if chosen.get(hidden.id) == variant.id:
                yield hidden.id, variant


def _variants(rules: Rules, state: GameState, code: str) -> tuple[VariantView, ...]:
    def build() -> tuple[VariantView, ...]:
        return tuple(
            VariantView(hidden=hidden, id=v.id, label=v.label, description=v.description)
            for hidden, v in _drawn(rules, state, code)
        )

    return _memo(rules, ("variants", code, tuple(sorted(state.variants.get(code, {}).items()))), build)


def _private(rules: Rules, state: GameState, code: str) -> PrivateView:
    spec = rules.scenario.delegations[code]
    variants = state.variants.get(code, {})

    def settled() -> PrivateView:
        """The part that changes only with the drawn variants and the cards at the table."""
        values, weights = rules.valuation(code, variants)
        brief = rules.scenario.briefs.get(code, "")
        for _, variant in _drawn(rules, state, code):
            if variant.brief:
                brief += "\n\n" + variant.brief
        scoring = rules.scenario.scoring[code]
        return PrivateView(
            brief=brief, meters=(), red_lines=(), levers=(), variants=_variants(rules, state, code),
            values={c: values[c] for c in state.cards}, weights={c: weights[c] for c in state.cards},
            off_table=rules.off_table(code, variants, tuple(state.cards)),
            style=spec.style, utility=0.0, batna=0.0, batna_start=round(rules.utility(state, code, {}), 2),
            scoring=ScoringView(
                meters=dict(scoring.meters),
                objectives=tuple(
                    ObjectiveView(id=o.id, label=o.label, points=o.points, when=o.when) for o in scoring.objectives
                ),
            ),
        )

    base = _memo(rules, ("private", code, tuple(sorted(variants.items())), tuple(state.cards)), settled)
    active = tuple(rules.red_line_active(state, qid) for qid, _ in rules.red_lines[code])
    levers = tuple(
        (lever.uses - state.lever_uses.get(f"{code}.{lever.id}", 0),
         lever.available_when is None or rules.holds(lever.available_when, state))
        for lever in spec.levers
    )
    return base.model_copy(update=dict(
        meters=tuple(_meter(rules, state, f"{code}.{m.id}") for m in spec.meters),
        red_lines=_memo(rules, ("red_lines", code, active), lambda: tuple(
            _red_line(rules, qid, on) for (qid, _), on in zip(rules.red_lines[code], active)
        )),
        levers=_memo(rules, ("levers", code, levers), lambda: tuple(
            _lever(rules, code, lever, uses_left, available)
            for lever, (uses_left, available) in zip(spec.levers, levers)
        )),
        utility=_last(  # `base` stands for the variants and the cards: the utility changes with the signed text
            rules, ("last_utility", code), (base, state.signed), lambda: round(rules.utility(state, code), 2)
        ),
        batna=round(rules.batna(state, code), 2),
        batna_path=tuple(round(base.batna_start + rules.batna_moved_by(meters, code), 2) for meters in state.round_meters),
    ))


def _rounds(rules: Rules, state: GameState) -> tuple[RoundView, ...]:
    key = (state.round_index, state.phase, state.round_dates, state.round_turns)
    return _last(rules, ("last_rounds",), key, lambda: _build_rounds(rules, state))


def _build_rounds(rules: Rules, state: GameState) -> tuple[RoundView, ...]:
    out = []
    for i, r in enumerate(rules.rounds):
        start, end = state.round_dates[i] if state.round_dates else (r.start, r.end)
        status: Literal["done", "current", "planned"]
        if i < state.round_index or (i == state.round_index and state.phase != "in_round"):
            status = "done"
        elif i == state.round_index:
            status = "current"
        else:
            status = "planned"
        turns = state.round_turns[i] if state.round_turns else r.turns
        out.append(
            _memo(
                rules, ("round", i, start, end, turns, status),
                lambda: RoundView(  # called at once, in this turn of the loop
                    id=r.id, label=r.label, place=r.place, start=start, end=end,
                    planned_start=r.start, turns=turns, status=status,
                ),
            )
        )
    return tuple(out)


def _blank_card(rules: Rules, card_id: str) -> CardView:
    """A card's public, unchanging part, built once per scenario (views are built often)."""
    key = ("blank_card", card_id)
    cached = cast("CardView | None", rules.memo.get(key))
    if cached is None:
        card = rules.cards[card_id]
        cached = rules.memo[key] = CardView(
            id=card.id, title=card.title, description=card.description,
            options=tuple(OptionView(id=o.id, label=o.label, description=o.description) for o in card.options),
            status_quo=card.status_quo, consent=card.consent, open=True, signed=None,
        )
    return cached


def _cards(rules: Rules, state: GameState, closed: tuple[str, ...]) -> tuple[CardView, ...]:
    cards = []
    for card_id in state.cards:
        agreement = state.signed.get(card_id)
        is_open = card_id not in closed
        if agreement is None and is_open:
            cards.append(_blank_card(rules, card_id))
            continue
        signed = None if agreement is None else (
            agreement.option, agreement.round, agreement.date, agreement.expires_on,
            agreement.expires_with, agreement.suspended, agreement.completed,
        )
        cards.append(_memo(rules, ("card", card_id, signed, is_open), lambda: _blank_card(rules, card_id).model_copy(
            update={"open": is_open, "signed": None if signed is None else SignedView(
                option=signed[0], round=signed[1], date=signed[2], expires_on=signed[3],
                expires_with=signed[4], suspended=signed[5], completed=signed[6],
            )}
        )))
    return tuple(cards)


def view_for(rules: Rules, state: GameState, viewer: str) -> View:
    """Everything `viewer` (a delegation code, or OMNISCIENT / FACILITATOR / OBSERVER) may know about `state`."""
    if viewer == FACILITATOR:
        viewer = OMNISCIENT
    if viewer not in rules.parties and viewer not in NON_DELEGATION_VIEWERS:
        raise ValueError(f"unknown viewer {viewer!r}")
    # Between two views of one seat, usually only the turn and the package on the table
    # have moved: the rest of the last view is kept while the state it shows is equal.
    shown = (
        state.date, state.phase, state.paused, state.round_index, state.round_dates, state.round_turns,
        state.cards, state.signed, state.meters, state.flags, state.red_lines, state.lever_uses,
        state.variants, state.end_reason, state.ended_by, state.scores, state.fired,
        state.revealed, state.turn_timer, state.timer_then,
    )
    frame = _last(rules, ("last_view", viewer), shown, lambda: _frame(rules, state, viewer))
    return frame.model_copy(update=dict(  # parts built here from the state: nothing to validate
        whose_turn=whose_turn(rules, state),
        turns_left=turns_left(state),
        can_speak=not state.spoke_this_turn,
        table=_table(rules, state),
        still_to_move=_still_to_move(rules, state),
    ))


def _still_to_move(rules: Rules, state: GameState) -> tuple[str, ...]:
    if state.phase != "in_round":
        return ()
    order = rules.order
    later = range(state.turn + 1, min(state.round_turns[state.round_index], state.turn + len(order)))
    return tuple(dict.fromkeys(order[t % len(order)] for t in later))


def _table(rules: Rules, state: GameState) -> PackageView | None:
    if state.table is None:
        return None
    items = state.table.as_dict
    needed = rules.consent_needed(items)
    return PackageView(
        id=state.table.id, by=state.table.by, items=items,
        accepted_by=tuple(d for d in rules.parties if d in state.table.accepted),
        needs=tuple(d for d in rules.parties if d in needed),
        counter=state.table.counter,
    )


def _frame(rules: Rules, state: GameState, viewer: str) -> View:
    """The view without the turn and the table (`view_for` adds those)."""
    sc = rules.scenario
    omniscient = viewer == OMNISCIENT
    rounds = _rounds(rules, state)
    current = next((r for r in rounds if r.status == "current"), None)
    expiring = _memo(rules, ("expiring",), lambda: tuple(c for c in rules.card_order if rules.cards[c].expiry))
    closed = tuple(c for c in expiring if c in state.cards and rules.card_closed(state, c))
    cards = _last(
        rules, ("last_cards",), (state.cards, state.signed, closed),
        lambda: _cards(rules, state, closed),
    )
    end = None
    if state.phase == "ended":
        end = EndView(
            reason=state.end_reason or "", by=state.ended_by, scores=dict(state.scores),
            variants={d: _variants(rules, state, d) for d in rules.parties},
        )
    return View(
        viewer=viewer,
        scenario=sc.id,
        title=sc.title,
        date=state.date,
        calendar_end=sc.calendar.end,
        phase=state.phase,
        paused=state.paused,
        round=current,
        rounds=rounds,
        whose_turn=None,
        turns_left=0,
        can_speak=False,
        table=None,
        cards=cards,
        delegations=_memo(
            rules, ("delegations",),
            lambda: tuple(
                DelegationView(code=d, name=spec.name, short=spec.short, public_position=spec.public_position,
                               colour=sc.colours[d])
                for d, spec in sc.delegations.items()
            ),
        ),
        public_meters=tuple(_meter(rules, state, qid) for qid, m in rules.meters.items() if m.public or omniscient),
        flags={f: v for f, v in state.flags.items() if rules.flags[f].public or omniscient},
        private={d: _private(rules, state, d) for d in rules.parties if omniscient or d == viewer},
        end=end,
        comprehensive=rules.comprehensive,
        fired=tuple(
            _memo(rules, ("fired", event, times), lambda: FiredView(  # called at once
                id=event, title=rules.events[event].title, times=times,
            ))
            for event, times in state.fired.items()
            if omniscient or not rules.events[event].to or viewer in rules.events[event].to
        ),
        revealed={d: _revealed(rules, state, d) for d in state.revealed},
        turn_timer=state.turn_timer,
        timer_then=state.timer_then,
    )


def _revealed(rules: Rules, state: GameState, code: str) -> RevealedView:
    """What the reveal made public, as it was then: the red lines in force at that moment
    (a line imposed or lifted later stays the delegation's own knowledge)."""
    return RevealedView(
        variants=_variants(rules, state, code),
        red_lines=tuple(_red_line(rules, qid, True) for qid in state.revealed[code]),
    )


# Events that everyone sees whole: they carry no private part and no cause.
_PUBLIC = frozenset({
    E.RoundStarted, E.TurnEnded, E.PackageProposed, E.PackageAccepted, E.PackageRejected, E.PackageLapsed,
    E.AgreementSigned, E.StatementMade, E.LeverUsed, E.RecessCalled, E.WalkedOut, E.Passed,
    E.RoundTurnsChanged, E.RoundEnded, E.DateAdvanced, E.Paused, E.Resumed,
    E.TimedOut, E.InfoRevealed, E.SeatHanded, E.TurnTimerSet,
})


# Events that name their cause (the event, lever or red line behind them).
_CAUSED = frozenset(t for t in get_args(get_args(E.Event)[0]) if "cause" in t.model_fields)


def redact_event(rules: Rules, event: E.Event, viewer: str) -> E.Event | None:
    """The event as `viewer` may see it, or None if it is hidden from them."""
    if viewer in (OMNISCIENT, FACILITATOR) or type(event) in _PUBLIC:
        return event
    match event:
        case E.GameStarted():
            # The seed goes too: every seeded draw, hidden variants included, follows from it.
            own = {viewer: event.variants.get(viewer, {})} if viewer in rules.parties else {}  # an observer has none
            return event.model_copy(update={"seed": None, "variants": own})
        case E.MeterChanged():
            owner = event.meter.split(".", 1)[0]
            if owner != viewer and not rules.meters[event.meter].public:
                return None
        case E.RedLineBlocked() | E.SoftLineCrossed():
            return event if event.delegation == viewer else None
        case E.RedLineChanged():
            return event if event.red_line.split(".", 1)[0] == viewer else None
        case E.EventFired() | E.MessageSent():
            if event.to and viewer not in event.to:
                return None
        case E.FlagChanged():
            if not rules.flags[event.flag].public:
                return None
    return _redact_cause(rules, event, viewer)


def _redact_cause(rules: Rules, event: E.Event, viewer: str) -> E.Event:
    """A visible event keeps its `cause` unless the cause names something hidden from
    `viewer`: another delegation's red line (its cost is shown as part of signing),
    an event addressed to others, or a private flag."""
    if type(event) not in _CAUSED:
        return event
    cause: str | None = getattr(event, "cause", None)
    if not cause:
        return event
    kind, _, ref = cause.partition(":")
    if kind == "red_line" and ref.split(".", 1)[0] != viewer:
        return event.model_copy(update={"cause": "agreement"})
    hidden = (kind == "event" and ref in rules.events and rules.events[ref].to and viewer not in rules.events[ref].to) or (
        kind == "flag" and ref in rules.flags and not rules.flags[ref].public
    )
    return event.model_copy(update={"cause": kind}) if hidden else event


def visible_events(rules: Rules, events: Iterable[E.Event], viewer: str) -> list[E.Event]:
    out = []
    for event in events:
        if type(event) in _PUBLIC:  # most of a log: skip the call
            out.append(event)
            continue
        shown = redact_event(rules, event, viewer)
        if shown is not None:
            out.append(shown)
    return out


# ============================================================================ another language


def localize(view: View, rules: Rules) -> View:
    """`view` with every text taken from `rules`' scenario, by id: a view a host built
    in its language, as a client reads it in its own (the scenario is the same, checked
    by its content hash; only the words differ). Numbers, ids and what the seat may see
    are untouched: this adds nothing the view did not hold."""
    sc = rules.scenario
    if view.scenario != sc.id:
        return view
    specs = sc.delegations
    rounds = {r.id: r for r in rules.rounds}

    def card(c: CardView) -> CardView:
        spec = rules.cards.get(c.id)
        if spec is None:
            return c
        options = {o.id: o for o in spec.options}
        return c.model_copy(update=dict(title=spec.title, description=spec.description, options=tuple(
            o.model_copy(update=dict(label=options[o.id].label, description=options[o.id].description))
            if o.id in options else o for o in c.options
        )))

    def rnd(r: RoundView) -> RoundView:
        spec = rounds.get(r.id)
        return r if spec is None else r.model_copy(update=dict(label=spec.label, place=spec.place))

    def meter(m: MeterView) -> MeterView:
        spec = rules.meters.get(m.id)
        return m if spec is None else m.model_copy(update=dict(label=spec.label))

    def red_line(line: RedLineView) -> RedLineView:
        found = rules.red_line_by_id.get(line.id)
        if found is None:
            return line
        spec = found[1]
        labels = {o.id: o.label for o in rules.cards[spec.forbid.card].options}
        return line.model_copy(update=dict(
            label=spec.label, explanation=spec.explanation, card_title=rules.cards[spec.forbid.card].title,
            option_labels=tuple(labels.get(o, o) for o in line.options),
        ))

    def variants(code: str, shown: tuple[VariantView, ...]) -> tuple[VariantView, ...]:
        spec = specs.get(code)
        hidden = {h.id: {v.id: v for v in h.options} for h in spec.hidden} if spec else {}
        out = []
        for v in shown:
            found = hidden.get(v.hidden, {}).get(v.id)
            out.append(v if found is None else v.model_copy(update=dict(label=found.label, description=found.description)))
        return tuple(out)

    def private(code: str, mine: PrivateView) -> PrivateView:
        spec = specs.get(code)
        if spec is None:
            return mine
        levers = {lv.id: lv for lv in spec.levers}
        objectives = {o.id: o for o in sc.scoring[code].objectives} if code in sc.scoring else {}
        brief = sc.briefs.get(code, mine.brief)
        hidden = {h.id: {v.id: v for v in h.options} for h in spec.hidden}
        for v in mine.variants:
            drawn = hidden.get(v.hidden, {}).get(v.id)
            if drawn is not None and drawn.brief:
                brief += "\n\n" + drawn.brief
        scoring = mine.scoring
        if scoring is not None:
            scoring = scoring.model_copy(update=dict(objectives=tuple(
                o.model_copy(update=dict(label=objectives[o.id].label)) if o.id in objectives else o
                for o in scoring.objectives
            )))
        return mine.model_copy(update=dict(
            brief=brief, meters=tuple(meter(m) for m in mine.meters),
            red_lines=tuple(red_line(line) for line in mine.red_lines),
            levers=tuple(
                lv.model_copy(update=dict(
                    label=levers[lv.id].label, description=levers[lv.id].description,
                    effects=_known_effects(rules, code, levers[lv.id].effects),
                )) if lv.id in levers else lv
                for lv in mine.levers
            ),
            variants=variants(code, mine.variants), scoring=scoring,
        ))

    def delegation(d: DelegationView) -> DelegationView:
        spec = specs.get(d.code)
        return d if spec is None else d.model_copy(update=dict(
            name=spec.name, short=spec.short, public_position=spec.public_position))

    end = view.end
    if end is not None:
        end = end.model_copy(update=dict(variants={code: variants(code, vs) for code, vs in end.variants.items()}))
    return view.model_copy(update=dict(
        title=sc.title,
        round=rnd(view.round) if view.round is not None else None,
        rounds=tuple(rnd(r) for r in view.rounds),
        cards=tuple(card(c) for c in view.cards),
        delegations=tuple(delegation(d) for d in view.delegations),
        public_meters=tuple(meter(m) for m in view.public_meters),
        private={code: private(code, mine) for code, mine in view.private.items()},
        end=end,
        fired=tuple(f.model_copy(update=dict(title=rules.events[f.id].title)) if f.id in rules.events else f
                    for f in view.fired),
        revealed={code: r.model_copy(update=dict(
            variants=variants(code, r.variants), red_lines=tuple(red_line(line) for line in r.red_lines)))
            for code, r in view.revealed.items()},
    ))

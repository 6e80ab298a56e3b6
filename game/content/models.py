"""Pydantic models of a scenario, as written in `content/<id>/*.yaml`.

Every model is frozen and forbids unknown fields, so a typo in a YAML file is an
error that names the field instead of a silently ignored key. Cross-references
(a card named by an event, a meter named by a red line...) are checked after the
models are built, in `game.content.checks`, so that every error carries the path
of the field that holds the bad reference.

Conventions used throughout:
- the parties are the keys of `delegations` (2 to 6, in the order the scenario lists
  them), each a short id such as `ru` or `buyer`; no code names a party;
- a meter is named `<delegation>.<meter>` (e.g. `us.patience`);
- a red line or lever is named `<delegation>.<id>` where it is referenced from
  outside its delegation (effects, conditions);
- valuations are 0-100 per option; a card's weight scales it in the 0-100 utility.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints, model_validator

MIN_PARTIES, MAX_PARTIES = 2, 6
# Seats that are not delegations: no party may take their names.
RESERVED_SEATS = ("facilitator", "observer", "omniscient", "desk")


class _PartyRef:
    """Marks a field that names a party (a key of `Scenario.delegations`). Its shape is
    checked by pydantic; that the party exists, by `game.content.checks`, which finds
    every such field by this mark."""

    def __repr__(self) -> str:
        return "PARTY"


PARTY = _PartyRef()
# The parties' colours where a scenario gives none, by their place in `delegations`:
# Okabe-Ito's, which colour-blind readers tell apart.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
PARTY_PATTERN = r"^[a-z][a-z0-9_]{0,15}$"
Delegation = Annotated[str, StringConstraints(pattern=PARTY_PATTERN), PARTY]

Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$", max_length=64)]
MeterRef = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,15}\.[a-z][a-z0-9_-]*$")]
QualifiedRef = MeterRef  # `<delegation>.<id>`, for red lines and levers

class _Translatable:
    """Marks a field's text as what players read: a translation gives it per language
    (`game.i18n.content`). Ids, dates and numbers are never translated."""

    def __repr__(self) -> str:
        return "TRANSLATABLE"


TRANSLATABLE = _Translatable()
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000), TRANSLATABLE]
OptionalText = Annotated[str, TRANSLATABLE]  # "" when not given (translated when given)


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Source(str, Enum):
    """Where a piece of content comes from: the seed analysis, or our game design."""

    seed = "seed"
    invented = "invented"


# --------------------------------------------------------------------------- conditions


class MeterTest(Model):
    """`meter` compared with a bound; both bounds may be given."""

    meter: MeterRef
    at_least: float | None = None
    at_most: float | None = None

    @model_validator(mode="after")
    def _one_bound(self) -> MeterTest:
        if self.at_least is None and self.at_most is None:
            raise ValueError("give at_least, at_most or both")
        return self


class CardTest(Model):
    """A card's state in the signed text. `options` empty means any option."""

    card: Id
    options: tuple[Id, ...] = ()
    signed: bool = True


class Condition(Model):
    """Every field that is given must hold (AND); `any` holds if one of its parts does."""

    flags_set: tuple[Id, ...] = ()
    flags_unset: tuple[Id, ...] = ()
    meters: tuple[MeterTest, ...] = ()
    cards: tuple[CardTest, ...] = ()
    signed_at_least: int | None = Field(default=None, ge=0)
    signed_at_most: int | None = Field(default=None, ge=0)
    date_from: dt.date | None = None
    date_until: dt.date | None = None
    rounds: tuple[Id, ...] = ()
    variants: dict[Delegation, tuple[Id, ...]] = Field(default_factory=dict)
    end_reasons: tuple[Literal["end_date", "agreement", "walkout", "event", "facilitator"], ...] = ()
    ended_by: tuple[Delegation, ...] = ()
    any: tuple[Condition, ...] = ()


# --------------------------------------------------------------------------- effects


class _Effect(Model):
    pass


class PostponeRound(_Effect):
    kind: Literal["postpone_round"]
    round: Id | None = None  # None: the next round that has not started
    days: int = Field(ge=-60, le=120)


class SetFlag(_Effect):
    kind: Literal["set_flag"]
    flag: Id
    value: bool = True


class ChangeMeter(_Effect):
    kind: Literal["meter"]
    meter: MeterRef
    delta: float = 0
    set: float | None = None


class ExpireAgreement(_Effect):
    kind: Literal["expire_agreement"]
    card: Id


class SuspendAgreement(_Effect):
    kind: Literal["suspend_agreement"]
    card: Id


class LiftRedLine(_Effect):
    kind: Literal["lift_red_line"]
    red_line: QualifiedRef


class ImposeRedLine(_Effect):
    kind: Literal["impose_red_line"]
    red_line: QualifiedRef


class AddCard(_Effect):
    kind: Literal["add_card"]
    card: Id


class RemoveCard(_Effect):
    kind: Literal["remove_card"]
    card: Id


class Message(_Effect):
    kind: Literal["message"]
    text: Text
    headline: Text | None = None
    to: tuple[Delegation, ...] = ()  # empty: everyone


class EndGame(_Effect):
    kind: Literal["end_game"]
    text: Text | None = None


Effect = Annotated[
    PostponeRound | SetFlag | ChangeMeter | ExpireAgreement | SuspendAgreement | LiftRedLine | ImposeRedLine
    | AddCard | RemoveCard | Message | EndGame,
    Field(discriminator="kind"),
]

# --------------------------------------------------------------------------- delegations


class Meter(Model):
    id: Id
    label: Text
    min: float = 0
    max: float = 100
    start: float
    public: bool = False  # public meters are shown to every delegation
    description: OptionalText = ""

    @model_validator(mode="after")
    def _range(self) -> Meter:
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        if not self.min <= self.start <= self.max:
            raise ValueError(f"start ({self.start}) is outside {self.min}..{self.max}")
        return self


class Variant(Model):
    """A hidden reading of a delegation's position, drawn per game from the seed."""

    id: Id
    label: Text
    description: Text
    weight: float = Field(default=1.0, gt=0)  # relative probability of the draw
    values: dict[Id, dict[Id, float]] = Field(default_factory=dict)  # card -> option -> value
    weights: dict[Id, float] = Field(default_factory=dict)  # card -> weight
    brief: OptionalText = ""  # Markdown added to the brief when this variant is drawn
    source: Source


class HiddenVariants(Model):
    id: Id
    label: Text
    options: tuple[Variant, ...] = Field(min_length=2)


class Forbid(Model):
    card: Id
    options: tuple[Id, ...] = Field(min_length=1)


class RedLine(Model):
    """Options a delegation will not sign; a linkage adds "unless <condition>".

    `unless` is read on the text that would result (signed text plus the package),
    and on flags and meters. `lifted_when` lifts the line while it holds.
    """

    id: Id
    label: Text
    explanation: Text
    hard: bool
    cost: dict[MeterRef, float] = Field(default_factory=dict)  # soft lines: meter deltas
    forbid: Forbid
    unless: Condition | None = None
    lifted_when: Condition | None = None
    active: bool = True  # inactive lines can be imposed by an event
    source: Source

    @model_validator(mode="after")
    def _cost(self) -> RedLine:
        if self.hard and self.cost:
            raise ValueError("a hard red line cannot be crossed, so it has no cost")
        if not self.hard and not self.cost:
            raise ValueError("a soft red line needs a cost (meter deltas)")
        return self


class Lever(Model):
    id: Id
    label: Text
    description: Text
    uses: int = Field(default=1, ge=1, le=99)
    available_when: Condition | None = None
    effects: tuple[Effect, ...] = Field(min_length=1)
    source: Source


class Style(Model):
    """How computer delegations play a seat (`game.agents.ai`); game design, not a claim
    about the party. A scenario that gives none gets the defaults: a plain negotiator."""

    plays_for_time: bool = False  # more recesses early on, while time is thought to help
    mediator: bool = False  # drafts texts for the others rather than for itself; never walks out
    technical: float = Field(default=1.0, ge=0, le=1)  # demand kept on small, technical packages
    strength: MeterRef | None = None  # a meter in its view that says how strong its hand is
    patience: MeterRef | None = None  # a mediator's own patience: it presses harder as this runs down
    keeps_engaged: tuple[MeterRef, ...] = ()  # others' meters it values keeping up (a mediator's patience)


class DelegationSpec(Model):
    name: Text
    short: Text  # "Moscow", "Kyiv", "Washington"
    # Its colour in charts and on screen (#rrggbb); None: its place in `PALETTE`.
    colour: str | None = Field(default=None, pattern=r"^#[0-9a-fA-F]{6}$")
    style: Style = Style()
    public_position: Text
    brief_file: str  # Markdown, relative to the scenario folder
    meters: tuple[Meter, ...] = ()
    hidden: tuple[HiddenVariants, ...] = ()
    red_lines: tuple[RedLine, ...] = ()
    levers: tuple[Lever, ...] = ()


# --------------------------------------------------------------------------- cards


class Option(Model):
    id: Id
    label: Text
    description: Text
    # Where the option comes from, when that differs from its card: a card the seed
    # names can hold options that are game design. None: as its card.
    source: Source | None = None


class Expiry(Model):
    """When a signed option stops being in force."""

    date: dt.date | None = None
    flag: Id | None = None

    @model_validator(mode="after")
    def _one(self) -> Expiry:
        if (self.date is None) == (self.flag is None):
            raise ValueError("give exactly one of date or flag")
        return self


class Card(Model):
    id: Id
    title: Text
    description: Text
    options: tuple[Option, ...] = Field(min_length=2)
    status_quo: Id
    consent: tuple[Delegation, ...] = Field(min_length=1)
    weights: dict[Delegation, float]
    values: dict[Delegation, dict[Id, float]]
    expiry: Expiry | None = None
    active: bool = True  # inactive cards can be added by an event
    source: Source


# --------------------------------------------------------------------------- calendar, events


class Round(Model):
    id: Id
    label: Text
    place: Text
    start: dt.date
    end: dt.date
    turns: int = Field(ge=1, le=99)
    source: Source

    @model_validator(mode="after")
    def _dates(self) -> Round:
        if self.end < self.start:
            raise ValueError("end is before start")
        return self


class GameLength(Model):
    """A length of game the lobby offers: the same calendar and events, with at most
    `turns` turns a round (None: each round's own). `minutes` is the typical play time
    of a newcomer's solo game at this length, as measured (`game.playtime`)."""

    id: Id
    label: Text
    turns: int | None = Field(default=None, ge=1, le=99)
    minutes: int | None = Field(default=None, ge=1)


class Calendar(Model):
    start: dt.date
    end: dt.date
    turn_order: tuple[Delegation, ...] = Field(min_length=MIN_PARTIES, max_length=MAX_PARTIES)
    rounds: tuple[Round, ...] = Field(min_length=1)
    lengths: tuple[GameLength, ...] = ()  # the first is the default; none: the full calendar only

    @model_validator(mode="after")
    def _lengths(self) -> Calendar:
        ids = [length.id for length in self.lengths]
        if len(set(ids)) != len(ids):
            raise ValueError("two game lengths have the same id")
        return self


class Trigger(Model):
    """When an event fires. `at` is the moment it is checked:

    - `date`: when the calendar reaches `date` (or passes it);
    - `round_start` / `round_end`: at that round (`round`), or at every round;
    - `check`: after every action;
    - `rejection`: when a delegation (`by`, default: any) turns down a package proposed
      by a delegation in `proposed_by` (default: any).
    `when` adds a condition; `chance` a seeded draw, made only when the rest holds.
    """

    at: Literal["date", "round_start", "round_end", "check", "rejection"]
    date: dt.date | None = None
    round: Id | None = None
    when: Condition | None = None
    chance: float | None = Field(default=None, gt=0, le=1)
    by: tuple[Delegation, ...] = ()
    proposed_by: tuple[Delegation, ...] = ()

    @model_validator(mode="after")
    def _fields(self) -> Trigger:
        if self.at == "date" and self.date is None:
            raise ValueError("a date trigger needs `date`")
        if self.at != "date" and self.date is not None:
            raise ValueError("`date` belongs to `at: date` triggers")
        if self.round is not None and self.at not in ("round_start", "round_end"):
            raise ValueError("`round` belongs to round_start / round_end triggers")
        if self.at == "check" and self.when is None:
            raise ValueError("a check trigger needs a `when` condition")
        if (self.by or self.proposed_by) and self.at != "rejection":
            raise ValueError("`by` and `proposed_by` belong to `at: rejection` triggers")
        return self


class Event(Model):
    id: Id
    title: Text
    text: Text
    trigger: Trigger
    effects: tuple[Effect, ...] = ()
    repeat: bool = False  # repeating events may fire again at a later check
    to: tuple[Delegation, ...] = ()  # who sees it; empty: everyone
    source: Source


class Flag(Model):
    id: Id
    description: Text
    initial: bool = False
    public: bool = True


# --------------------------------------------------------------------------- scoring


class Objective(Model):
    id: Id
    label: Text
    points: float
    when: Condition
    source: Source


class DelegationScoring(Model):
    """How a delegation's result is counted (`game.engine.value`): its BATNA starts at the
    utility of the status quo and moves by `meters` (points per point a meter moves from
    its start); the score adds the signed text's value over the status quo and the
    objectives met."""

    meters: dict[MeterRef, float] = Field(default_factory=dict)
    objectives: tuple[Objective, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _no_fixed_batna(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key in ("batna", "batna_meters"):
                if key in data:
                    raise ValueError(
                        f"'{key}' is no longer used: a delegation's BATNA is the value of the status quo, "
                        "moved by the meters under 'meters' (see DESIGN.md, the value model); remove it"
                    )
        return data


class Coaching(Model):
    """What the coached tutorial's script (`game.coach`) needs from its scenario: the
    player's delegation (the others answer as `responder`s), the cards of the first
    package it proposes, the card that needs a further delegation's consent, and a
    package the others accept in the second session."""

    seat: Delegation
    first: tuple[Id, ...] = Field(min_length=1)
    consent_card: Id
    suggested: dict[Id, Id] = Field(min_length=1)


# --------------------------------------------------------------------------- scenario


class Scenario(Model):
    id: Id
    title: Text
    summary: Text
    description: OptionalText = ""
    sources: tuple[Text, ...] = Field(min_length=1)
    calendar: Calendar
    delegations: dict[Delegation, DelegationSpec] = Field(min_length=MIN_PARTIES, max_length=MAX_PARTIES)
    flags: tuple[Flag, ...] = ()
    cards: tuple[Card, ...] = Field(min_length=1)
    events: tuple[Event, ...] = ()
    scoring: dict[Delegation, DelegationScoring]
    comprehensive: tuple[Id, ...] = ()  # cards whose signing ends the game; empty: all cards
    coaching: Coaching | None = None  # only a scenario played with the coach (`game.coach`)

    # Filled by the loader from the brief files and the bytes of every file; not YAML.
    _briefs: dict[str, str] = PrivateAttr(default_factory=dict)
    _content_hash: str = PrivateAttr(default="")
    _language: str = PrivateAttr(default="en")  # the language of its texts (`game.i18n.content`)

    @property
    def parties(self) -> tuple[str, ...]:
        """The parties, in the order the scenario lists its delegations."""
        return tuple(self.delegations)

    @property
    def colours(self) -> dict[str, str]:
        """Each party's colour (#rrggbb): its own, or its place in `PALETTE`."""
        return {d: spec.colour or PALETTE[i % len(PALETTE)] for i, (d, spec) in enumerate(self.delegations.items())}

    @property
    def briefs(self) -> dict[str, str]:
        return self._briefs

    @property
    def content_hash(self) -> str:
        return self._content_hash

    @property
    def language(self) -> str:
        return self._language

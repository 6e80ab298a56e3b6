"""Cross-reference checks on a validated scenario.

Pydantic checks each field's shape; this module checks that the fields agree with
each other: every card, option, delegation, flag, meter, red line, round and event
named anywhere exists, ids are unique, and the calendar is in order. Each problem
is a (path, message) pair; the loader turns the path into file and line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from game.content.models import (
    MAX_PARTIES,
    MIN_PARTIES,
    PARTY,
    RESERVED_SEATS,
    AddCard,
    Card,
    ChangeMeter,
    Condition,
    DelegationScoring,
    DelegationSpec,
    Effect,
    EndGame,
    ExpireAgreement,
    ImposeRedLine,
    LiftRedLine,
    Message,
    PostponeRound,
    RemoveCard,
    Scenario,
    SetFlag,
    SuspendAgreement,
)
from game.engine.conditions import reads
from game.i18n import N_, _

Path = tuple[Any, ...]  # where in the scenario a finding is: field names, list positions, dict keys
Finding = tuple[Path, str]

# An id given twice, by what it is the id of.
_DUPLICATE = {
    "card": N_("duplicate card id '{id}' (first at position {position})"),
    "event": N_("duplicate event id '{id}' (first at position {position})"),
    "flag": N_("duplicate flag id '{id}' (first at position {position})"),
    "round": N_("duplicate round id '{id}' (first at position {position})"),
    "meter": N_("duplicate meter id '{id}' (first at position {position})"),
    "red line": N_("duplicate red line id '{id}' (first at position {position})"),
    "lever": N_("duplicate lever id '{id}' (first at position {position})"),
    "hidden variant": N_("duplicate hidden variant id '{id}' (first at position {position})"),
    "variant": N_("duplicate variant id '{id}' (first at position {position})"),
    "objective": N_("duplicate objective id '{id}' (first at position {position})"),
}


def _unique(items: Iterable[Any], path: Path, what: str) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.id in seen:
            yield path + (i, "id"), _(_DUPLICATE[what]).format(id=item.id, position=seen[item.id] + 1)
        else:
            seen[item.id] = i


class _Index:
    def __init__(self, sc: Scenario):
        # On a duplicate id the first card counts, as in `Scenario.card`; the
        # duplicate itself is reported by `_unique`.
        self.cards: dict[str, Any] = {}
        for c in sc.cards:
            self.cards.setdefault(c.id, c)
        self.options = {card_id: {o.id for o in c.options} for card_id, c in self.cards.items()}
        self.flags = {f.id for f in sc.flags}
        self.rounds = {r.id for r in sc.calendar.rounds}
        self.meters = {f"{d}.{m.id}" for d, spec in sc.delegations.items() for m in spec.meters}
        self.red_lines = {f"{d}.{r.id}" for d, spec in sc.delegations.items() for r in spec.red_lines}
        self.variants = {
            d: {v.id for h in spec.hidden for v in h.options} for d, spec in sc.delegations.items()
        }


def check_scenario(sc: Scenario) -> Iterator[Finding]:
    ix = _Index(sc)
    yield from _check_parties(sc)
    for code in sc.parties:
        if code not in sc.scoring:
            yield ("scoring",), _("scoring for delegation '{delegation}' is missing").format(delegation=code)

    yield from _unique(sc.cards, ("cards",), "card")
    yield from _unique(sc.events, ("events",), "event")
    yield from _unique(sc.flags, ("flags",), "flag")
    yield from _unique(sc.calendar.rounds, ("calendar", "rounds"), "round")

    yield from _check_calendar(sc)
    for i, card in enumerate(sc.cards):
        yield from _check_card(sc, ix, card, ("cards", i))
    for code, spec in sc.delegations.items():
        yield from _check_delegation(sc, ix, code, spec, ("delegations", code))
    for i, event in enumerate(sc.events):
        path = ("events", i)
        if event.trigger.round is not None and event.trigger.round not in ix.rounds:
            yield path + ("trigger", "round"), _("unknown round '{round}'").format(round=event.trigger.round)
        if event.trigger.date is not None and not sc.calendar.start <= event.trigger.date <= sc.calendar.end:
            yield path + ("trigger", "date"), _("date is outside the calendar")
        if event.trigger.when is not None:
            yield from _check_condition(ix, event.trigger.when, path + ("trigger", "when"))
        for j, effect in enumerate(event.effects):
            yield from _check_effect(ix, effect, path + ("effects", j))
            if event.to:  # an event some delegations hear: what it says reaches no one else
                if isinstance(effect, Message) and not (effect.to and set(effect.to) <= set(event.to)):
                    yield path + ("effects", j, "to"), _(
                        "a message of an event addressed to {delegations} must be addressed to them only").format(
                        delegations=", ".join(event.to))
                if isinstance(effect, EndGame):
                    yield path + ("effects", j), _(
                        "an event addressed to some delegations only cannot end the game for everyone")
    for code, scoring in sc.scoring.items():
        yield from _check_scoring(sc, ix, code, scoring, ("scoring", code))
    for i, card_id in enumerate(sc.comprehensive):
        if card_id not in ix.cards:
            yield ("comprehensive", i), _("unknown card '{card}'").format(card=card_id)
    if sc.coaching is not None:
        coaching = sc.coaching
        named: list[tuple[Path, str]] = [(("first", i), card) for i, card in enumerate(coaching.first)]
        named += [(("consent_card",), coaching.consent_card)] + [(("suggested", c), c) for c in coaching.suggested]
        for path, card_id in named:
            if card_id not in ix.cards:
                yield ("coaching",) + path, _("unknown card '{card}'").format(card=card_id)
        for card_id, option in coaching.suggested.items():
            if card_id in ix.cards and option not in ix.options[card_id]:
                yield ("coaching", "suggested", card_id), _("unknown option '{option}' on card '{card}'").format(
                    option=option, card=card_id)


def _check_parties(sc: Scenario) -> Iterator[Finding]:
    """The parties are the keys of `delegations`: 2 to 6 of them, none named like a seat
    that is not a delegation, and every field that names a party names one of them."""
    if not MIN_PARTIES <= len(sc.delegations) <= MAX_PARTIES:
        return  # pydantic has said so
    for code in sc.parties:
        if code in RESERVED_SEATS:
            yield ("delegations", code), _("'{delegation}' is the name of a seat that is not a delegation: "
                                           "choose another id").format(delegation=code)
    for path, code in party_references(sc):
        if path == ("delegations", code):
            continue  # the definition itself
        if code not in sc.delegations:
            yield path, _("unknown delegation '{delegation}' (delegations: {delegations})").format(
                delegation=code, delegations=", ".join(sc.parties))


def party_references(model: BaseModel, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every party a model names, with the path of the field (a dict key's path ends
    with the key itself): the fields marked `PARTY` in `game.content.models`."""
    for name, info in type(model).model_fields.items():
        yield from _party_values(getattr(model, name), info.annotation, list(info.metadata), path + (name,))


def _marked(annotation: Any, metadata: list[Any]) -> bool:
    if any(item is PARTY for item in metadata):
        return True
    return any(item is PARTY for item in getattr(annotation, "__metadata__", ()))


def _party_values(value: Any, annotation: Any, metadata: list[Any], path: Path) -> Iterator[tuple[Path, str]]:
    if value is None:
        return
    if _marked(annotation, metadata):
        yield path, value
        return
    if isinstance(value, BaseModel):
        yield from party_references(value, path)
        return
    origin, args = get_origin(annotation), get_args(annotation)
    if isinstance(value, tuple):
        item = args[0] if origin is tuple and args else Any
        for i, element in enumerate(value):
            yield from _party_values(element, item, [], path + (i,))
    elif isinstance(value, dict):
        key_type, item = args if origin is dict and len(args) == 2 else (Any, Any)
        for key, element in value.items():
            if _marked(key_type, []):
                yield path + (key,), key
            yield from _party_values(element, item, [], path + (key,))


def _check_calendar(sc: Scenario) -> Iterator[Finding]:
    cal = sc.calendar
    if cal.end < cal.start:
        yield ("calendar", "end"), _("the calendar ends before it starts")
    if sorted(cal.turn_order) != sorted(sc.parties):
        yield ("calendar", "turn_order"), _("turn_order must name each of {delegations} once").format(
            delegations=", ".join(sc.parties))
    previous = None
    for i, rnd in enumerate(cal.rounds):
        if not cal.start <= rnd.start <= cal.end:
            yield ("calendar", "rounds", i, "start"), _("round starts outside the calendar")
        if previous is not None and rnd.start <= previous.end:
            yield ("calendar", "rounds", i, "start"), _("round starts before round '{round}' ends").format(
                round=previous.id)
        previous = rnd


def _check_card(sc: Scenario, ix: _Index, card: Card, path: Path) -> Iterator[Finding]:
    options = {o.id for o in card.options}  # its own, even if another card has its id
    seen: set[str] = set()
    for j, spec in enumerate(card.options):
        if spec.id in seen:
            yield path + ("options", j, "id"), _("duplicate option id '{option}'").format(option=spec.id)
        seen.add(spec.id)
        if spec.source == "seed" and card.source == "invented":
            yield path + ("options", j, "source"), _("an option of an invented card cannot come from the seed")
    if card.status_quo not in options:
        yield path + ("status_quo",), _("unknown option '{option}' (options: {options})").format(
            option=card.status_quo, options=", ".join(sorted(options)))
    if len(set(card.consent)) != len(card.consent):
        yield path + ("consent",), _("a delegation is named twice")
    for code in sc.parties:
        if code not in card.weights:
            yield path + ("weights",), _("no weight for delegation '{delegation}'").format(delegation=code)
        elif card.weights[code] < 0:
            yield path + ("weights", code), _("weights cannot be negative")
        if code not in card.values:
            yield path + ("values",), _("no values for delegation '{delegation}'").format(delegation=code)
            continue
        given = card.values[code]
        for option in sorted(options - set(given)):
            yield path + ("values", code), _("no value for option '{option}'").format(option=option)
        for option, value in given.items():
            if option not in options:
                yield path + ("values", code, option), _("unknown option '{option}'").format(option=option)
            elif not 0 <= value <= 100:
                yield path + ("values", code, option), _("values are 0 to 100")
    if card.expiry is not None and card.expiry.flag is not None and card.expiry.flag not in ix.flags:
        yield path + ("expiry", "flag"), _("unknown flag '{flag}'").format(flag=card.expiry.flag)


def _check_delegation(sc: Scenario, ix: _Index, code: str, spec: DelegationSpec, path: Path) -> Iterator[Finding]:
    style = spec.style
    for key, meters in (("strength", (style.strength,)), ("patience", (style.patience,)),
                        ("keeps_engaged", style.keeps_engaged)):
        for i, meter in enumerate(m for m in meters if m is not None):
            where = path + ("style", key) + ((i,) if key == "keeps_engaged" else ())
            if meter not in ix.meters:
                yield where, _("unknown meter '{meter}'").format(meter=meter)
            elif key == "patience" and not meter.startswith(code + "."):
                yield where, _("a delegation's patience is a meter of its own, not '{meter}'").format(meter=meter)
    yield from _unique(spec.meters, path + ("meters",), "meter")
    yield from _unique(spec.red_lines, path + ("red_lines",), "red line")
    yield from _unique(spec.levers, path + ("levers",), "lever")
    yield from _unique(spec.hidden, path + ("hidden",), "hidden variant")
    for h, hidden in enumerate(spec.hidden):
        yield from _unique(hidden.options, path + ("hidden", h, "options"), "variant")
        for v, variant in enumerate(hidden.options):
            vpath = path + ("hidden", h, "options", v)
            for card_id, values in variant.values.items():
                if card_id not in ix.cards:
                    yield vpath + ("values", card_id), _("unknown card '{card}'").format(card=card_id)
                    continue
                for option, value in values.items():
                    if option not in ix.options[card_id]:
                        yield vpath + ("values", card_id, option), _(
                            "unknown option '{option}' on card '{card}'").format(option=option, card=card_id)
                    elif not 0 <= value <= 100:
                        yield vpath + ("values", card_id, option), _("values are 0 to 100")
            for card_id in variant.weights:
                if card_id not in ix.cards:
                    yield vpath + ("weights", card_id), _("unknown card '{card}'").format(card=card_id)
    cost_sign: dict[str, float] = {}
    for r, line in enumerate(spec.red_lines):
        rpath = path + ("red_lines", r)
        card = None
        if line.forbid.card not in ix.cards:
            yield rpath + ("forbid", "card"), _("unknown card '{card}'").format(card=line.forbid.card)
        else:
            card = ix.cards[line.forbid.card]
            for o, option in enumerate(line.forbid.options):
                if option not in ix.options[card.id]:
                    yield rpath + ("forbid", "options", o), _("unknown option '{option}' on card '{card}'").format(
                        option=option, card=card.id)
                elif option == card.status_quo:
                    yield rpath + ("forbid", "options", o), _(
                        "the status quo cannot be forbidden (it is what happens without agreement)")
        for meter, delta in line.cost.items():
            if meter not in ix.meters:
                yield rpath + ("cost", meter), _("unknown meter '{meter}'").format(meter=meter)
            elif not meter.startswith(code + "."):
                yield rpath + ("cost", meter), _(
                    "a red line's cost falls on its own delegation's meters, not on '{meter}'"
                ).format(meter=meter)
            elif delta * cost_sign.setdefault(meter, delta) < 0:
                yield rpath + ("cost", meter), _(
                    "the soft-line costs on '{meter}' must all go the same way (another line moves it the other way)"
                ).format(meter=meter)
        if card is not None and code not in card.consent:
            yield rpath + ("forbid", "card"), _(
                "card '{card}' does not need {delegation}'s consent, so this line would bind only when another "
                "card of the package does: add the delegation to the card's consent"
            ).format(card=card.id, delegation=code)
        for key in ("unless", "lifted_when"):
            condition = getattr(line, key)
            if condition is not None:
                yield from _check_condition(ix, condition, rpath + (key,))
    for v, lever in enumerate(spec.levers):
        lpath = path + ("levers", v)
        if lever.available_when is not None:
            yield from _check_condition(ix, lever.available_when, lpath + ("available_when",))
        for e, effect in enumerate(lever.effects):
            yield from _check_effect(ix, effect, lpath + ("effects", e))


def _signing_sets(sc: Scenario) -> dict[str, str]:
    """Flag -> the event that sets it as soon as the signed text says so (a `check` event
    whose condition reads the text)."""
    out: dict[str, str] = {}
    for event in sc.events:
        if event.trigger.at != "check" or not reads([event.trigger.when]).text:
            continue
        for effect in event.effects:
            if isinstance(effect, SetFlag):
                out.setdefault(effect.flag, event.id)
    return out


def _check_scoring(sc: Scenario, ix: _Index, code: str, scoring: DelegationScoring, path: Path) -> Iterator[Finding]:
    """A delegation's score must be worked out from what it can see (its own meters, the
    public ones and flags), so the worth its screens show for a package before signing
    is the change signing makes to its score (`game.engine.value`)."""
    public_meters = {f"{d}.{m.id}" for d, spec in sc.delegations.items() for m in spec.meters if m.public}
    public_flags = {f.id for f in sc.flags if f.public}
    costed = {  # meters another delegation's soft lines cost: a seat could not foresee those costs
        meter for d, spec in sc.delegations.items() if d != code for line in spec.red_lines for meter in line.cost
    }
    for meter in scoring.meters:
        if meter in costed:
            yield path + ("meters", meter), _(
                "meter '{meter}' bears another delegation's soft-line costs, which this delegation cannot "
                "see coming: a score may not count it"
            ).format(meter=meter)
        if meter not in ix.meters:
            yield path + ("meters", meter), _("unknown meter '{meter}'").format(meter=meter)
        elif not meter.startswith(code + ".") and meter not in public_meters:
            yield path + ("meters", meter), _(
                "meter '{meter}' is another delegation's private meter: a score may only count its own "
                "meters and public ones"
            ).format(meter=meter)
    yield from _unique(scoring.objectives, path + ("objectives",), "objective")
    set_on_signing = _signing_sets(sc)
    for j, objective in enumerate(scoring.objectives):
        where = path + ("objectives", j, "when")
        yield from _check_condition(ix, objective.when, where)
        read = reads([objective.when])
        for flag in read.flags:
            if flag in ix.flags and flag not in public_flags:
                yield where, _(
                    "objective reads the private flag '{flag}': objectives may only read public flags").format(flag=flag)
            elif flag in set_on_signing:
                yield where, _(
                    "objective reads flag '{flag}', which event '{event}' sets when a card "
                    "is signed: test the card itself (cards: ...), so that what a package is worth "
                    "before it is signed counts this objective"
                ).format(flag=flag, event=set_on_signing[flag])
        for meter in read.meters:
            if meter in ix.meters and not meter.startswith(code + ".") and meter not in public_meters:
                yield where, _("objective reads meter '{meter}', another delegation's private meter").format(meter=meter)


def _check_condition(ix: _Index, cond: Condition, path: Path) -> Iterator[Finding]:
    for key in ("flags_set", "flags_unset"):
        for i, flag in enumerate(getattr(cond, key)):
            if flag not in ix.flags:
                yield path + (key, i), _("unknown flag '{flag}'").format(flag=flag)
    for i, test in enumerate(cond.meters):
        if test.meter not in ix.meters:
            yield path + ("meters", i, "meter"), _("unknown meter '{meter}'").format(meter=test.meter)
    for i, card_test in enumerate(cond.cards):
        if card_test.card not in ix.cards:
            yield path + ("cards", i, "card"), _("unknown card '{card}'").format(card=card_test.card)
            continue
        for j, option in enumerate(card_test.options):
            if option not in ix.options[card_test.card]:
                yield path + ("cards", i, "options", j), _("unknown option '{option}' on card '{card}'").format(
                    option=option, card=card_test.card)
    for i, rnd in enumerate(cond.rounds):
        if rnd not in ix.rounds:
            yield path + ("rounds", i), _("unknown round '{round}'").format(round=rnd)
    for code, variants in cond.variants.items():
        for i, variant in enumerate(variants):
            if variant not in ix.variants.get(code, set()):
                yield path + ("variants", code, i), _("unknown hidden variant '{variant}' of '{delegation}'").format(
                    variant=variant, delegation=code)
    for i, part in enumerate(cond.any):
        yield from _check_condition(ix, part, path + ("any", i))


def _check_effect(ix: _Index, effect: Effect, path: Path) -> Iterator[Finding]:
    match effect:
        case PostponeRound(round=rnd) if rnd is not None and rnd not in ix.rounds:
            yield path + ("round",), _("unknown round '{round}'").format(round=rnd)
        case SetFlag(flag=flag) if flag not in ix.flags:
            yield path + ("flag",), _("unknown flag '{flag}'").format(flag=flag)
        case ChangeMeter(meter=meter) if meter not in ix.meters:
            yield path + ("meter",), _("unknown meter '{meter}'").format(meter=meter)
        case ExpireAgreement(card=card) | SuspendAgreement(card=card) | AddCard(card=card) | RemoveCard(card=card) if (
            card not in ix.cards
        ):
            yield path + ("card",), _("unknown card '{card}'").format(card=card)
        case LiftRedLine(red_line=ref) | ImposeRedLine(red_line=ref) if ref not in ix.red_lines:
            yield path + ("red_line",), _("unknown red line '{red_line}'").format(red_line=ref)
        case Message() | EndGame():
            pass
        case _:
            pass

"""The outcome space of a scenario and each delegation's exact utility on it.

An *outcome* is one option per card (the status quo included), written as a tuple
of option indices in the order of `Domain.cards`. Option index 0 is always the
card's status quo; the other options follow in the order the scenario declares
them. That order is also the tie-breaking order of the whole package (see
`game.analysis.frontier`).

Numbers are exact. Every value, weight and meter in the scenario is read as
the decimal it was written as (`Fraction(repr(x))`: 0.3 is 3/10, not the nearest
binary float), so a delegation's utility of an outcome is an exact rational. For
speed each delegation's utilities are then scaled by one common integer
(`Domain.scale`) so that every per-card term and the BATNA are integers: utility
comparisons, sums and the Nash product are integer arithmetic, and two outcomes
tie exactly when their utilities are equal as rationals. The floats the engine
computes (`Rules.utility`, `Rules.batna`) agree with these to within rounding. The
BATNA, the disagreement point, is the status quo's utility moved by the meters.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from game.content.models import Scenario
from game.engine.rules import Rules
from game.i18n import _

Outcome = tuple[int, ...]


def exact(x: float | int) -> Fraction:
    """The decimal a scenario number was written as, as an exact rational."""
    if isinstance(x, int):
        return Fraction(x)
    return Fraction(repr(float(x)))


class UnknownVariant(ValueError):
    """A variant name that the scenario does not define (the message says which exist)."""


# ---------------------------------------------------------------------------- variants


def default_variants(scenario: Scenario) -> dict[str, dict[str, str]]:
    """The first variant of every hidden reading, per delegation."""
    return {
        code: {hidden.id: hidden.options[0].id for hidden in spec.hidden}
        for code, spec in scenario.delegations.items()
    }


def complete_variants(scenario: Scenario, chosen: Mapping[str, Mapping[str, str]] | None) -> dict[str, dict[str, str]]:
    """`chosen` (delegation -> hidden id -> variant id), the first variant elsewhere.

    Raises UnknownVariant for a hidden reading or variant the scenario does not have.
    """
    out = default_variants(scenario)
    for code, picks in (chosen or {}).items():
        if code not in scenario.delegations:
            raise UnknownVariant(_("no delegation '{delegation}' in scenario {scenario}").format(
                delegation=code, scenario=scenario.id))
        hiddens = {h.id: h for h in scenario.delegations[code].hidden}
        for hidden_id, variant_id in picks.items():
            if hidden_id not in hiddens:
                raise UnknownVariant(_("delegation {delegation} has no hidden reading '{hidden}'").format(
                    delegation=code, hidden=hidden_id))
            if variant_id not in {v.id for v in hiddens[hidden_id].options}:
                raise UnknownVariant(_("hidden reading {hidden} has no variant '{variant}'").format(
                    hidden=f"{code}.{hidden_id}", variant=variant_id))
            out[code][hidden_id] = variant_id
    return out


def all_variant_names(scenario: Scenario) -> list[str]:
    return [f"{code}.{v.id}" for code, spec in scenario.delegations.items() for h in spec.hidden for v in h.options]


def parse_variants(scenario: Scenario, names: Iterable[str]) -> dict[str, dict[str, str]]:
    """Variant names as a person types them -> delegation -> hidden id -> variant id.

    A name is a variant id (`historical_lands`), or `delegation.variant`
    (`ru.historical_lands`) when the id alone is ambiguous. Two variants of the same
    hidden reading, or a name the scenario does not know, raise UnknownVariant.
    """
    index: dict[str, list[tuple[str, str, str]]] = {}
    for code, spec in scenario.delegations.items():
        for hidden in spec.hidden:
            for variant in hidden.options:
                entry = (code, hidden.id, variant.id)
                index.setdefault(variant.id, []).append(entry)
                index.setdefault(f"{code}.{variant.id}", []).append(entry)
    known = ", ".join(all_variant_names(scenario)) or "none: this scenario has no hidden variants"
    chosen: dict[str, dict[str, str]] = {}
    for name in names:
        matches = index.get(name.strip(), [])
        if not matches:
            raise UnknownVariant(_("scenario {scenario} has no variant '{variant}' (known: {known})").format(
                scenario=scenario.id, variant=name, known=known))
        if len(matches) > 1:
            options = ", ".join(f"{c}.{v}" for c, _, v in matches)
            raise UnknownVariant(_("variant '{variant}' is ambiguous; write one of {options}").format(
                variant=name, options=options))
        code, hidden_id, variant_id = matches[0]
        earlier = chosen.setdefault(code, {}).get(hidden_id)
        if earlier is not None and earlier != variant_id:
            raise UnknownVariant(_("variants '{first}' and '{second}' are both readings of {hidden}; choose one").format(
                first=earlier, second=variant_id, hidden=f"{code}.{hidden_id}"))
        chosen[code][hidden_id] = variant_id
    return chosen


# ---------------------------------------------------------------------------- domain


@dataclass(frozen=True)
class Domain:
    """Cards, options and every delegation's exact utility of every option.

    `terms[p][k][i]` is party p's utility of option i on card k, times `scale[p]`,
    an integer; the utility of an outcome is the sum of its terms over the cards,
    divided by `scale[p]`. `batna_scaled[p]` is the BATNA times `scale[p]`, an
    integer too.
    """

    parties: tuple[str, ...]
    cards: tuple[str, ...]
    options: tuple[tuple[str, ...], ...]  # per card; index 0 is the status quo
    terms: tuple[tuple[tuple[int, ...], ...], ...]  # [party][card][option]
    scale: tuple[int, ...]
    batna_scaled: tuple[int, ...]

    @classmethod
    def from_rationals(
        cls,
        parties: Iterable[str],
        cards: Iterable[str],
        options: Iterable[Iterable[str]],
        utilities: Mapping[str, Iterable[Iterable[Fraction]]],
        batnas: Mapping[str, Fraction],
    ) -> Domain:
        """`utilities[p][k][i]`: party p's exact utility contribution of option i on card k
        (the card's share of the 0-100 score); option 0 of every card is its status quo."""
        party_ids = tuple(parties)
        card_ids = tuple(cards)
        option_ids = tuple(tuple(o) for o in options)
        terms, scales, batna_scaled = [], [], []
        for p in party_ids:
            rows = [tuple(Fraction(x) for x in row) for row in utilities[p]]
            if len(rows) != len(card_ids) or any(len(r) != len(o) for r, o in zip(rows, option_ids)):
                raise ValueError(f"utilities of {p} do not match the cards and options")
            batna = Fraction(batnas[p])
            scale = math.lcm(batna.denominator, *(x.denominator for row in rows for x in row))
            terms.append(tuple(tuple(int(x * scale) for x in row) for row in rows))
            scales.append(scale)
            batna_scaled.append(int(batna * scale))
        return cls(party_ids, card_ids, option_ids, tuple(terms), tuple(scales), tuple(batna_scaled))

    # -------------------------------------------------------------- outcomes

    @property
    def size(self) -> int:
        """The number of outcomes: the product of the cards' option counts."""
        return math.prod(len(o) for o in self.options)

    @property
    def status_quo(self) -> Outcome:
        return (0,) * len(self.cards)

    def as_text(self, outcome: Outcome) -> dict[str, str]:
        """card id -> option id, every card."""
        return {card: self.options[k][i] for k, (card, i) in enumerate(zip(self.cards, outcome))}

    def from_text(self, text: Mapping[str, str]) -> Outcome:
        """An outcome from a signed text (card -> option); status quo on the cards it leaves out.
        Cards outside the domain are ignored."""
        out = []
        for card, opts in zip(self.cards, self.options):
            option = text.get(card)
            out.append(0 if option is None else opts.index(option))
        return tuple(out)

    # -------------------------------------------------------------- utilities

    def index(self, party: str) -> int:
        return self.parties.index(party)

    def scaled(self, p: int, outcome: Outcome) -> int:
        row = self.terms[p]
        return sum(row[k][i] for k, i in enumerate(outcome))

    def utility(self, party: str, outcome: Outcome) -> Fraction:
        """Exact 0-100 utility of `outcome` to `party`."""
        p = self.index(party)
        return Fraction(self.scaled(p, outcome), self.scale[p])

    def utilities(self, outcome: Outcome) -> dict[str, Fraction]:
        return {party: self.utility(party, outcome) for party in self.parties}

    def batna(self, party: str) -> Fraction:
        p = self.index(party)
        return Fraction(self.batna_scaled[p], self.scale[p])

    def ideal(self, party: str) -> Outcome:
        """`party`'s best outcome overall: its best option on every card (the first
        in option order when several are equally good)."""
        row = self.terms[self.index(party)]
        return tuple(max(range(len(r)), key=lambda i: (r[i], -i)) for r in row)  # the key is used at once


def exact_batna_moved(scenario: Scenario, delegation: str, meters: Mapping[str, float] | None = None) -> Fraction:
    """`Rules.batna_moved` in exact arithmetic: how far the delegation's BATNA moved with
    the meters its scoring names (from their start values; `meters` gives current
    values, start elsewhere)."""
    scoring = scenario.scoring[delegation]
    starts = {f"{d}.{m.id}": m.start for d, spec in scenario.delegations.items() for m in spec.meters}
    meters = meters or {}
    moved = Fraction(0)
    for meter, weight in scoring.meters.items():
        moved += exact(weight) * (exact(meters.get(meter, starts[meter])) - exact(starts[meter]))
    return moved


def domain_for(
    rules: Rules,
    variants: Mapping[str, Mapping[str, str]] | None = None,
    meters: Mapping[str, float] | None = None,
    cards: Iterable[str] | None = None,
    parties: Iterable[str] | None = None,
) -> Domain:
    """The scenario's outcome space and utilities under the given hidden variants.

    - `variants`: delegation -> hidden id -> variant id; the first variant of each
      hidden reading where none is given (`complete_variants`).
    - `meters`: meter values for the BATNA (start values where not given).
    - `cards`: the cards on the table (default: the cards active at the start); the
      weights are normalised over all the scenario's cards, those not given standing at their
      status quo, as `Rules.utility` does.
    Values and weights come from `Rules.valuation`, so they are the engine's own.
    """
    scenario = rules.scenario
    variants = complete_variants(scenario, variants)
    card_ids = tuple(cards) if cards is not None else tuple(c.id for c in scenario.cards if c.active)
    unknown = [c for c in card_ids if c not in rules.cards]
    if unknown:
        raise ValueError(f"no card {', '.join(unknown)} in scenario {scenario.id}")
    options = []
    for card_id in card_ids:
        card = rules.cards[card_id]
        ids = [o.id for o in card.options]
        options.append((card.status_quo, *(o for o in ids if o != card.status_quo)))
    parties = rules.parties if parties is None else tuple(parties)
    utilities = {}
    off_table = [c for c in rules.card_order if c not in card_ids]
    for party in parties:
        values, weights = rules.valuation(party, variants.get(party, {}))
        w = {card_id: exact(weights[card_id]) for card_id in rules.card_order}
        total = sum(w.values(), Fraction(0))  # over every card of the scenario, as `Rules.utility`
        utilities[party] = [
            [w[card_id] * exact(values[card_id][o]) / total if total else Fraction(0) for o in opts]
            for card_id, opts in zip(card_ids, options)
        ]
        # The cards not at the table stand at their status quo: a constant share of every
        # outcome's utility, carried on the first card's options (so each outcome's total is
        # the engine's; frontier, Nash, KS and welfare are the same whatever card carries it).
        rest = sum((w[c] * exact(values[c][rules.cards[c].status_quo]) for c in off_table), Fraction(0))
        if rest and total and utilities[party]:
            utilities[party][0] = [term + rest / total for term in utilities[party][0]]
    # The disagreement point is the BATNA (`game.engine.value`): the status quo's utility,
    # moved by the meters.
    batnas = {
        party: sum((row[0] for row in utilities[party]), Fraction(0)) + exact_batna_moved(scenario, party, meters)
        for party in parties
    }
    return Domain.from_rationals(parties, card_ids, options, utilities, batnas)

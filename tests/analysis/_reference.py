"""Small scenarios built in Python, and the brute-force reference the analysis must equal.

The reference shares nothing with `game.analysis` but `Rules.valuation` (the
engine's values and weights) and the decimal reading of numbers: it enumerates
every outcome, computes utilities with Fractions card by card, and applies the
definitions of the frontier, Nash, KS and max-welfare points literally.
"""

from __future__ import annotations

import itertools
import math
import random
from fractions import Fraction
from pathlib import Path

from game.content.loader import load_scenario
from game.content.models import (
    Card,
    DelegationScoring,
    DelegationSpec,
    HiddenVariants,
    Meter,
    Option,
    Scenario,
    Variant,
)
from game.engine.rules import Rules

ROOT = Path(__file__).resolve().parents[2]
PARTIES = ("ru", "ua", "us")
GROUPS = (PARTIES, ("ru", "ua"), ("ru", "us"), ("ua", "us"))

_BASE: Scenario | None = None


def _base() -> Scenario:
    global _BASE
    if _BASE is None:
        _BASE = load_scenario(ROOT / "content" / "tutorial")
    return _BASE


def exact(x: float) -> Fraction:
    return Fraction(repr(float(x)))


# ---------------------------------------------------------------------------- building scenarios


def make_scenario(
    cards: list[dict],
    *,
    hidden: dict[str, list[dict]] | None = None,
    batna_meters: dict[str, float] | None = None,
    meter_start: dict[str, float] | None = None,
    red_lines: dict[str, list] | None = None,
    objectives: dict[str, list] | None = None,
    comprehensive: tuple[str, ...] = (),
    shared_meters: bool = False,
) -> Scenario:
    """A scenario with the tutorial's calendar and these cards and valuations; each
    delegation's BATNA (the status quo's utility) moves by `batna_meters[party]` per
    point of its meter `m`.

    `cards`: dicts with `id`, `options` (ids), `status_quo`, `weights` (party -> w),
    `values` (party -> option -> v), optionally `active`.
    `hidden`: party -> list of variants, each a dict with `id`, `values`, `weights`.
    """
    base = _base()
    card_models = tuple(
        Card(
            id=c["id"],
            title=f"Card {c['id']}",
            description="A card made for a test.",
            options=tuple(Option(id=o, label=f"Option {o}", description="An option.") for o in c["options"]),
            status_quo=c["status_quo"],
            consent=tuple(c.get("consent", PARTIES)),
            weights=c["weights"],
            values=c["values"],
            active=c.get("active", True),
            source="invented",
        )
        for c in cards
    )
    delegations = {}
    for code in PARTIES:
        original = base.delegations[code]
        variants = (hidden or {}).get(code) or []
        delegations[code] = DelegationSpec(
            name=original.name,
            short=original.short,
            public_position=original.public_position,
            brief_file=original.brief_file,
            meters=(Meter(id="m", label="A meter", start=(meter_start or {}).get(code, 50), public=shared_meters),),
            hidden=(
                (HiddenVariants(
                    id="reading",
                    label="A hidden reading",
                    options=tuple(
                        Variant(id=v["id"], label=v["id"], description="A variant.", values=v.get("values", {}),
                                weights=v.get("weights", {}), source="invented")
                        for v in variants
                    ),
                ),)
                if variants
                else ()
            ),
            red_lines=tuple((red_lines or {}).get(code, ())),
        )
    scoring = {
        code: DelegationScoring(
            meters=(
                {f"{q}.m": (batna_meters or {}).get(code, 0.0) for q in PARTIES} if batna_meters and shared_meters
                else {f"{code}.m": (batna_meters or {}).get(code, 0.0)} if batna_meters else {}
            ),
            objectives=tuple((objectives or {}).get(code, ())),
        )
        for code in PARTIES
    }
    return base.model_copy(update={
        "id": "generated",
        "cards": card_models,
        "delegations": delegations,
        "scoring": scoring,
        "events": (),
        "flags": (),
        "comprehensive": tuple(comprehensive),
    })


def random_case(rng: random.Random, max_outcomes: int = 512) -> dict:
    """A random small scenario, with chosen variants and meters: everything the
    analysis and the reference need. Coarse values and integer weights make ties
    common; a BATNA is often exactly the utility of some outcome."""
    n_cards = rng.randint(2, 6)
    sizes = [rng.randint(2, 4) for _ in range(n_cards)]
    while math.prod(sizes) > max_outcomes:
        biggest = max(range(n_cards), key=lambda k: sizes[k])
        sizes[biggest] -= 1
    style = rng.choice(["coarse", "fine", "decimal"])

    def value() -> float:
        if style == "coarse":
            return float(rng.choice([0, 25, 50, 75, 100]))
        if style == "fine":
            return float(rng.randint(0, 100))
        return rng.choice([0.5, 12.5, 33.3, 50.0, 66.7, 87.5, 99.9, 10.1])

    def weight() -> float:
        return float(rng.choice([0, 1, 1, 2, 3, 0.5, 1.5, 4]))

    cards = []
    for k, size in enumerate(sizes):
        options = [f"o{i}" for i in range(size)]
        cards.append({
            "id": f"c{k}",
            "options": options,
            "status_quo": rng.choice(options),
            "weights": {p: weight() for p in PARTIES},
            "values": {p: {o: value() for o in options} for p in PARTIES},
        })
    if rng.random() < 0.15:  # an inactive card, outside the outcome space
        cards.append({
            "id": "extra", "options": ["x0", "x1"], "status_quo": "x0", "active": False,
            "weights": {p: 5.0 for p in PARTIES}, "values": {p: {"x0": 0.0, "x1": 100.0} for p in PARTIES},
        })
    if rng.random() < 0.1:  # a delegation that cares about nothing here
        for c in cards:
            c["weights"]["us"] = 0.0

    hidden = {}
    chosen = {}
    for p in PARTIES:
        if rng.random() < 0.4:
            target = rng.choice(cards[:n_cards])
            variants = [
                {"id": f"{p}_a", "weights": {target["id"]: weight()}},
                {"id": f"{p}_b", "values": {target["id"]: {o: value() for o in target["options"]}}},
            ]
            hidden[p] = variants
            chosen[p] = {"reading": rng.choice(variants)["id"]}

    use_meters = rng.random() < 0.2
    slopes = {p: rng.choice([-0.5, 0.3, 1.0]) for p in PARTIES} if use_meters else None
    meters = {f"{p}.m": float(rng.randint(30, 70)) for p in PARTIES} if use_meters else None
    scenario = make_scenario(cards, hidden=hidden, batna_meters=slopes)
    return {"scenario": scenario, "rules": Rules(scenario), "variants": chosen, "meters": meters}


# ---------------------------------------------------------------------------- the reference


class Reference:
    """Brute force over every outcome; outcomes are tuples of option ids in card order."""

    def __init__(self, rules: Rules, variants: dict | None = None, meters: dict | None = None, cards=None):
        sc = rules.scenario
        self.rules = rules
        self.cards = [c for c in sc.cards if c.active] if cards is None else [rules.cards[c] for c in cards]
        full = {code: {h.id: h.options[0].id for h in spec.hidden} for code, spec in sc.delegations.items()}
        for code, picks in (variants or {}).items():
            full[code].update(picks)
        self.terms = {}
        self.rest = {}
        for p in PARTIES:
            values, weights = rules.valuation(p, full[p])
            # weights over every card of the scenario; a card not analysed stands at its status quo
            total = sum((exact(weights[c.id]) for c in sc.cards), Fraction(0))
            self.terms[p] = {
                c.id: {
                    o.id: (exact(weights[c.id]) * exact(values[c.id][o.id]) / total if total else Fraction(0))
                    for o in c.options
                }
                for c in self.cards
            }
            mine = {c.id for c in self.cards}
            self.rest[p] = sum(
                (
                    exact(weights[c.id]) * exact(values[c.id][c.status_quo]) / total
                    for c in sc.cards
                    if c.id not in mine and total
                ),
                Fraction(0),
            )
        self.meters = meters or {}
        self._memo: dict = {}
        status_quo = tuple(c.status_quo for c in self.cards)
        self.batnas = {p: self.utility(p, status_quo) + self.batna_shift(p) for p in PARTIES}

    def batna_shift(self, p: str) -> Fraction:
        sc = self.rules.scenario
        shift = Fraction(0)
        for meter, w in sc.scoring[p].meters.items():
            start = self.rules.meters[meter].start
            shift += exact(w) * (exact(self.meters.get(meter, start)) - exact(start))
        return shift

    def utility(self, p: str, outcome: tuple[str, ...]) -> Fraction:
        key = (p, outcome)
        cached = self._memo.get(key)
        if cached is None:
            cached = self._memo[key] = self.rest[p] + sum(
                (self.terms[p][c.id][o] for c, o in zip(self.cards, outcome)), Fraction(0)
            )
        return cached

    def rank(self, outcome: tuple[str, ...]) -> tuple[int, ...]:
        """The tie-break order: status quo first, then the declared order."""
        out = []
        for c, o in zip(self.cards, outcome):
            others = [x.id for x in c.options if x.id != c.status_quo]
            out.append(0 if o == c.status_quo else 1 + others.index(o))
        return tuple(out)

    def outcomes(self):
        return itertools.product(*[[o.id for o in c.options] for c in self.cards])

    def solve(self, parties: tuple[str, ...], table: dict | None = None) -> dict | None:
        """Frontier (vectors and outcomes), ideal, Nash, KS and max-welfare, literally;
        `table` (outcome -> values of `parties`) replaces the utilities."""
        if table is None:
            table = {o: tuple(self.utility(p, o) for p in parties) for o in self.outcomes()}
        b = tuple(self.batnas[p] for p in parties)
        ir = {o: v for o, v in table.items() if all(x >= y for x, y in zip(v, b))}
        if not ir:
            return None
        vectors = set(ir.values())
        # Dominance compared on integers: each party's utilities times one common
        # denominator (exact, and order-preserving), only because Fractions are slow.
        scale = [math.lcm(*(v[j].denominator for v in vectors)) for j in range(len(parties))]
        as_int = {v: tuple(int(x * k) for x, k in zip(v, scale)) for v in vectors}
        ints = set(as_int.values())

        def dominated(a):
            return any(c != a and all(x >= y for x, y in zip(c, a)) for c in ints)

        frontier_vectors = {v for v in vectors if not dominated(as_int[v])}
        frontier = {o: v for o, v in ir.items() if v in frontier_vectors}
        ideal = tuple(max(v[j] for v in ir.values()) for j in range(len(parties)))

        def nash(v):
            return math.prod(x - y for x, y in zip(v, b))

        def ks(v):
            return min((Fraction(x - y) / (i - y) for x, y, i in zip(v, b, ideal) if i != y), default=Fraction(1))

        def welfare(v):
            return sum(v)

        result = {"vectors": frontier_vectors, "outcomes": set(frontier), "ideal": ideal, "batna": b}
        for name, key in (("nash", nash), ("ks", ks), ("max_welfare", welfare)):
            result[name] = min(frontier, key=lambda o: (-key(frontier[o]), self.rank(o)))
            # the maximum over the frontier is the maximum over the whole IR set
            result[name + "_value_ir"] = max(key(v) for v in vectors)
            result[name + "_value"] = key(frontier[result[name]])
        by_vector: dict = {}
        for o, v in frontier.items():
            by_vector.setdefault(v, set()).add(o)
        result["by_vector"] = by_vector
        result["count"] = {v: len(os) for v, os in by_vector.items()}
        result["smallest"] = {v: min(os, key=self.rank) for v, os in by_vector.items()}
        return result

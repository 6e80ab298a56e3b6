"""The brute-force reference for the signable analysis (`game.analysis.signable`).

It enumerates every outcome and asks the engine itself what the signable analysis
must reproduce: whether the package is refused (`Rules.crossed` for every party whose
consent it needs, `Rules.consent_needed`), which soft lines it crosses, and which
objectives hold once it is signed (`Rules.holds` on a state with the package signed,
the talks ended by agreement if `Rules.comprehensive_done`, on the end date otherwise).
Only the arithmetic is its own: utilities card by card with Fractions (as the plain
reference), the soft-line costs applied one by one with the engine's clamp.
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

from _reference import PARTIES, Reference, exact, make_scenario

from game.analysis.report import start_state
from game.content.models import CardTest, Condition, Forbid, Objective, RedLine
from game.engine.rules import Rules
from game.engine.state import Agreement, GameState


class SignableReference(Reference):
    def __init__(self, rules: Rules, state: GameState):
        self.state = state
        full = {d: dict(state.variants.get(d, {})) for d in PARTIES}
        super().__init__(rules, full, dict(state.meters), cards=tuple(state.cards))
        achieved = state.achieved()
        self.fixed = {}
        for c in self.cards:
            if c.id in achieved:
                self.fixed[c.id] = achieved[c.id]
            elif rules.card_closed(state, c.id):
                self.fixed[c.id] = c.status_quo
        status_quo = tuple(self.fixed.get(c.id, c.status_quo) for c in self.cards)
        self._values: dict = {}
        self.batnas = {p: v for p, v in zip(PARTIES, self.value(status_quo)[0])}

    def outcomes(self):
        return itertools.product(*[
            [self.fixed[c.id]] if c.id in self.fixed else [o.id for o in c.options] for c in self.cards
        ])

    def signable_outcomes(self):
        return (o for o in self.outcomes() if self.value(o)[1])

    def package(self, outcome) -> dict[str, str]:
        return {c.id: o for c, o in zip(self.cards, outcome) if c.id not in self.fixed and o != c.status_quo}

    def value(self, outcome) -> tuple[tuple[Fraction, ...], bool]:
        """Each party's score if the outcome's package were signed now, and whether it can be."""
        found = self._values.get(outcome)
        if found is not None:
            return found
        rules, state = self.rules, self.state
        items = self.package(outcome)
        parties = [d for d in PARTIES if d in rules.consent_needed(items)] if items else []
        signable = not any(line.hard for q in parties for _, line in rules.crossed(state, q, items))
        meters = {m: exact(v) for m, v in state.meters.items()}
        for q in parties:
            for _, line in rules.crossed(state, q, items):
                if not line.hard:
                    for meter, delta in line.cost.items():
                        spec = rules.meters[meter]
                        meters[meter] = min(exact(spec.max), max(exact(spec.min), meters[meter] + exact(delta)))
        probe = state.clone()
        for card, option in items.items():
            probe.signed[card] = Agreement(option=option, package=99, round="r", date=state.date)
        probe.meters = {m: float(v) for m, v in meters.items()}
        probe.end_reason = "agreement" if rules.comprehensive_done(probe) else "end_date"
        text = probe.achieved()
        sc = rules.scenario
        out = []
        for p in PARTIES:
            status_quo = self.rest[p] + sum(
                (self.terms[p][c.id][c.status_quo] for c in self.cards), Fraction(0)
            )
            u = self.utility(p, outcome) - status_quo
            moved = sum((exact(w) * (meters[m] - exact(rules.meters[m].start)) for m, w in sc.scoring[p].meters.items()),
                        Fraction(0))
            points = sum((exact(o.points) for o in sc.scoring[p].objectives if rules.holds(o.when, probe, text)),
                         Fraction(0))
            out.append(u + moved + points)
        found = self._values[outcome] = (tuple(out), signable)
        return found

    def solve_signable(self) -> dict | None:
        table = {o: self.value(o)[0] for o in self.signable_outcomes()}
        return self.solve(PARTIES, table=table)


# ---------------------------------------------------------------------------- random cases


def random_signable_case(rng: random.Random, max_outcomes: int = 400, shared_meters: bool = False) -> dict:
    """A small random scenario with hard and soft red lines (some linked to other cards),
    soft costs that can reach a meter's limit, objectives on cards, on the number of
    cards signed and on the end, a comprehensive text, and a moment: start meters moved,
    sometimes a card already signed."""
    n_cards = rng.randint(2, 5)
    sizes = [rng.randint(2, 4) for _ in range(n_cards)]
    while _product(sizes) > max_outcomes:
        biggest = max(range(n_cards), key=lambda k: sizes[k])
        sizes[biggest] -= 1
    cards = []
    for k, size in enumerate(sizes):
        options = [f"o{i}" for i in range(size)]
        consent = list(PARTIES) if rng.random() < 0.6 else sorted(rng.sample(PARTIES, 2))
        cards.append({
            "id": f"c{k}", "options": options, "status_quo": options[0], "consent": consent,
            "weights": {p: float(rng.choice([0, 1, 1, 2, 3])) for p in PARTIES},
            "values": {p: {o: float(rng.choice([0, 20, 40, 50, 60, 80, 100])) for o in options} for p in PARTIES},
        })

    def test(card: dict) -> CardTest:
        picked = rng.sample(card["options"][1:], rng.randint(1, len(card["options"]) - 1))
        return CardTest(card=card["id"], options=tuple(picked), signed=rng.random() < 0.85)

    red_lines: dict[str, list] = {p: [] for p in PARTIES}
    for n in range(rng.randint(1, 6)):
        card = rng.choice(cards)
        owner = rng.choice(card["consent"])
        forbid = tuple(rng.sample(card["options"][1:], rng.randint(1, len(card["options"]) - 1)))
        hard = rng.random() < 0.5
        unless = None
        if rng.random() < 0.5:
            other = rng.choice([c for c in cards if c is not card] or [card])
            unless = Condition(cards=(test(other),)) if rng.random() < 0.7 else Condition(signed_at_least=rng.randint(1, 3))
        red_lines[owner].append(RedLine(
            id=f"l{n}", label=f"Line {n}", explanation="A line made for a test.", hard=hard,
            cost={} if hard else {f"{owner}.m": -float(rng.choice([5, 10, 20, 30]))},
            forbid=Forbid(card=card["id"], options=forbid), unless=unless, source="invented",
        ))
    objectives: dict[str, list] = {p: [] for p in PARTIES}
    for n in range(rng.randint(0, 5)):
        owner = rng.choice(PARTIES)
        kind = rng.choice(["card", "count", "end", "any"])
        if kind == "card":
            when = Condition(cards=(test(rng.choice(cards)),))
        elif kind == "count":
            when = Condition(signed_at_least=rng.randint(1, 3))
        elif kind == "end":
            when = Condition(end_reasons=(rng.choice(["agreement", "end_date"]),))
        else:
            when = Condition(any=(Condition(cards=(test(rng.choice(cards)),)), Condition(signed_at_most=1)))
        objectives[owner].append(Objective(
            id=f"g{n}", label=f"Objective {n}", points=float(rng.choice([2, 3.5, 5, 10])), when=when, source="invented",
        ))
    comprehensive = tuple(c["id"] for c in rng.sample(cards, rng.randint(1, len(cards))))
    slopes = {p: rng.choice([0.0, 0.5, -0.3, 1.0]) for p in PARTIES}
    scenario = make_scenario(
        cards, batna_meters=slopes, red_lines=red_lines, objectives=objectives, comprehensive=comprehensive,
        shared_meters=shared_meters,
    )
    rules = Rules(scenario)
    state = start_state(rules, {p: {} for p in PARTIES})
    for p in PARTIES:
        state.meters[f"{p}.m"] = float(rng.choice([10, 25, 50, 70]))
    if rng.random() < 0.3:  # a card already signed
        card = rng.choice(cards)
        option = rng.choice(card["options"][1:])
        state.signed[card["id"]] = Agreement(option=option, package=1, round="r1", date=state.date)
    return {"rules": rules, "state": state}


def _product(sizes: list[int]) -> int:
    out = 1
    for s in sizes:
        out *= s
    return out

"""What can really be signed: the outcome space as the table sees it at one moment, each
outcome valued as the final score counts it (`game.engine.value`).

An outcome here is one option per card at the table. Cards already signed (in force or
run their term) and cards that can no longer be agreed are fixed at what they hold; on
the others the outcome is the package that would be signed now: every card where it
leaves the status quo. It is *signable* when that package crosses no hard red line, in
force at that moment, of a delegation whose consent the package needs, with each line's
linkage (`unless`) read on the text in force plus the package, as the engine reads it.

Each delegation's value of a signable outcome is the score it would end with if that
package were signed now and nothing else happened: the utility of the text over the
status quo, its BATNA moved by the meters as they are now and by the cost of the soft
lines the package crosses (the owner's meters, clamped to their range), and the
objectives met, read on the achieved text plus the package, with the talks ending in
an agreement if the package completes the comprehensive text and on the end date
otherwise. The disagreement point is the same with nothing more signed. So every number
is the score's own, and the frontier, Nash, KS and max-welfare points of
`game.analysis.frontier` are searched over signable outcomes only.

The search stays exact. Red lines without linkage act option by option (a hard one
rules the option out, a soft one costs points); what depends on several cards (a
linkage, an objective that reads cards or counts signed points, the end of the talks,
costs on a meter that could reach its limit) is carried along each partial outcome as a
small *feature* (the class of each card those conditions still need, the number of
cards signed, whether the comprehensive text is still complete, the cost on such
meters), and settled as soon as what it reads is known: the card read last, or the end.

Content assumptions, checked by `game.content.checks`: a red line's card needs its own
delegation's consent; a soft line's cost falls on its own delegation's meters, and the
costs on one meter all go the same way (so one clamp at the end is the engine's clamp
after each cost).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal, overload

from game.analysis.domain import Domain, Outcome, exact
from game.analysis.frontier import OUT, Features, Out
from game.content.models import CardTest, Condition, Forbid, RedLine
from game.engine.conditions import holds, reads
from game.engine.rules import Rules
from game.engine.state import GameState

# A partial outcome's feature (see the module docstring): the number of cards it signs
# (capped), whether the comprehensive text is still complete, the class of each card
# that a condition still needs ((card, class), card order) and the costs carried on
# tracked meters ((meter, cost in UNITS), meter order).
_Feature = tuple[int, bool, tuple[tuple[int, int], ...], tuple[tuple[str, int], ...]]
_Points = tuple[int, ...]  # scaled points per party of the domain
_Stepped = tuple[_Feature, _Points | None]  # `Features.step`: the new feature and the points it adds
# What settling an item does to a partial (`SignableModel._settle`).
_Settled = tuple[Literal["points"], str, Fraction] | tuple[Literal["cost"], str, dict[str, float]]


class _Text(Mapping[str, str]):
    """The text a condition reads: what is known of each card it tests, and its length
    (the number of cards signed), which can be more than the cards listed."""

    def __init__(self, known: dict[str, str], size: int):
        self._known, self._size = known, size

    def __getitem__(self, card: str) -> str:
        return self._known[card]

    def __iter__(self) -> Iterator[str]:
        return iter(self._known)

    def __len__(self) -> int:
        return self._size


class _Facts:
    """The game state at the analysed moment, read with a given text, end and meters."""

    __slots__ = ("rules", "state", "text", "date", "round_id", "end_reason", "ended_by", "meters")

    def __init__(self, rules: Rules, state: GameState, text: Mapping[str, str], end: tuple[str | None, str | None],
                 meters: Mapping[str, float]):
        self.rules, self.state, self.text = rules, state, text
        self.date: dt.date = state.date
        index = state.round_index
        self.round_id = rules.rounds[index].id if index >= 0 else None
        self.end_reason, self.ended_by = end
        self.meters = meters

    def flag(self, flag: str) -> bool:
        return self.state.flags.get(flag, False)

    def meter(self, meter: str) -> float:
        return self.meters.get(meter, self.state.meters[meter])

    def variants(self, delegation: str) -> set[str]:
        return set(self.state.variants.get(delegation, {}).values())


@dataclass
class _Item:
    """A condition the search settles once what it reads is known: a red line's linkage
    (the line is crossed when its option is chosen and the linkage does not hold) or an
    objective (its points count when it holds)."""

    owner: str
    cond: Condition  # a line's linkage (lines without one are settled option by option) or an objective's test
    cards: tuple[int, ...]  # the open cards (domain indices) it reads
    final: bool  # it reads the end, the number of cards signed or moved meters: settled at the end
    line: RedLine | None = None  # the red line, for a line
    points: Fraction = Fraction(0)  # for an objective
    at: int = -1  # the stage after which it is settled (len(cards) of the domain: the end)


class SignableModel(Features[_Feature]):
    """The features of the signable search (see the module docstring). Built for one
    moment (`state`, with the hidden variants of the analysis drawn in it)."""

    def __init__(self, rules: Rules, state: GameState, cards: tuple[str, ...], options: tuple[tuple[str, ...], ...],
                 open_cards: tuple[bool, ...]):
        self.rules, self.state = rules, state
        self.parties = rules.parties
        self.cards, self.options, self.open = cards, options, open_cards
        n = len(cards)
        self.n = n
        self.index = {c: k for k, c in enumerate(cards)}
        self.achieved = state.achieved()
        self.in_force = state.in_force()
        self.fixed_achieved = {c: o for c, o in self.achieved.items() if not self._is_open(c)}
        self.fixed_force = {c: o for c, o in self.in_force.items() if not self._is_open(c)}
        scoring = rules.scenario.scoring
        self.weights = {d: {m: exact(w) for m, w in scoring[d].meters.items()} for d in self.parties}
        # ---- red lines in force now, on open cards
        self.hard_at: dict[tuple[int, int], bool] = {}  # (card, option) -> ruled out by a line without linkage
        self.soft_at: dict[tuple[int, int], list[RedLine]] = {}  # (card, option) -> soft lines without linkage crossed
        items: list[_Item] = []
        for d in self.parties:
            for qid, line in rules.red_lines[d]:
                k = self.index.get(line.forbid.card)
                if k is None or not open_cards[k] or not rules.red_line_active(state, qid):
                    continue
                forbidden = [i for i, o in enumerate(options[k]) if o in line.forbid.options]
                if not forbidden:
                    continue
                if line.unless is None:
                    for i in forbidden:
                        if line.hard:
                            self.hard_at[(k, i)] = True
                        else:
                            self.soft_at.setdefault((k, i), []).append(line)
                    continue
                read = reads([line.unless])
                linked = tuple(sorted({k, *(self.index[c] for c in self._cards_read(line.unless) if self._is_open(c))}))
                items.append(_Item(owner=d, cond=line.unless, cards=linked, final=read.text and self._counts(line.unless),
                                   line=line))
        # ---- objectives
        for d in self.parties:
            for o in scoring[d].objectives:
                read = reads([o.when])
                linked = tuple(sorted(self.index[c] for c in self._cards_read(o.when) if self._is_open(c)))
                final = read.end or self._counts(o.when) or bool(set(read.meters) & self._cost_meters())
                items.append(_Item(owner=d, cond=o.when, cards=linked, final=final, points=exact(o.points)))
        for item in items:
            item.at = max(item.cards) if item.cards and not item.final else n
        self.items = items
        # ---- soft-line costs: additive, or carried (on a meter that could reach its limit,
        # or that an objective reads)
        self.tracked = self._tracked_meters(items)
        self.count_cap = self._count_cap(items)
        self.comprehensive = [self.index[c] for c in rules.comprehensive if c in self.index]
        self.comp_fixed_ok = all(self._is_open(c) or c in self.in_force for c in rules.comprehensive if c in self.index)
        self.comp_cards = frozenset(k for k in self.comprehensive if open_cards[k])
        # each card's class: options that every test read on that card tells apart
        self.classes = self._classes(items)
        self.live = self._live(items)
        self._steps: dict[tuple[int, _Feature, int], _Stepped | Literal[Out.OUT]] = {}
        self._finish: dict[_Feature, _Points | Literal[Out.OUT] | None] = {}
        self.scale: tuple[int, ...] | None = None
        self.start = (0, True, (), ())

    # ------------------------------------------------------------------ setup helpers

    def _is_open(self, card: str) -> bool:
        k = self.index.get(card)
        return k is not None and self.open[k]

    @staticmethod
    def _cards_read(cond: Condition) -> set[str]:
        out = {t.card for t in cond.cards}
        for part in cond.any:
            out |= SignableModel._cards_read(part)
        return out

    @staticmethod
    def _counts(cond: Condition) -> bool:
        if cond.signed_at_least is not None or cond.signed_at_most is not None:
            return True
        return any(SignableModel._counts(part) for part in cond.any)

    @staticmethod
    def _thresholds(cond: Condition) -> list[int]:
        out = [x for x in (cond.signed_at_least, cond.signed_at_most) if x is not None]
        for part in cond.any:
            out += SignableModel._thresholds(part)
        return out

    def _cost_meters(self) -> set[str]:
        out: set[str] = set()
        for lines in self.soft_at.values():
            for line in lines:
                out |= set(line.cost)
        for d in self.parties:
            for _, line in self.rules.red_lines[d]:
                if not line.hard and line.unless is not None:
                    out |= set(line.cost)
        return out

    def _tracked_meters(self, items: list[_Item]) -> tuple[str, ...]:
        """Meters whose soft-line costs are carried to the end: one that could reach its
        limit (so costs do not simply add up) or that an objective reads."""
        lines = [line for ls in self.soft_at.values() for line in ls]
        lines += [item.line for item in items if item.line is not None and not item.line.hard]
        totals: dict[str, list[float]] = {}
        for line in lines:
            for meter, delta in line.cost.items():
                totals.setdefault(meter, []).append(delta)
        read: set[str] = set()
        for item in items:
            if item.line is None:
                read |= set(reads([item.cond]).meters)
        out: list[str] = []
        for meter, deltas in totals.items():
            spec = self.rules.meters[meter]
            now = self.state.meters[meter]
            low = now + sum(x for x in deltas if x < 0)
            high = now + sum(x for x in deltas if x > 0)
            if low < spec.min or high > spec.max or meter in read:
                out.append(meter)
        return tuple(sorted(out))

    def _count_cap(self, items: list[_Item]) -> int:
        found = [t for item in items for t in self._thresholds(item.cond)]
        return max(found) + 1 if found else 0

    def _classes(self, items: list[_Item]) -> dict[int, tuple[int, ...]]:
        """card -> option -> class: options that no condition the search reads tells apart
        share a class (represented by the first of them)."""
        tests: dict[int, list[CardTest | Forbid]] = {}
        for item in items:
            for t in self._tests(item.cond):
                k = self.index.get(t.card)
                if k is not None and self.open[k]:
                    tests.setdefault(k, []).append(t)
            if item.line is not None:
                tests.setdefault(self.index[item.line.forbid.card], []).append(item.line.forbid)
        out: dict[int, tuple[int, ...]] = {}
        for k, ts in tests.items():
            seen: dict[tuple[bool, ...], int] = {}
            row: list[int] = []
            for i, option in enumerate(self.options[k]):
                signature = tuple(option in t.options or (
                    not t.options and i != 0
                ) for t in ts) + (i != 0,)
                row.append(seen.setdefault(signature, i))
            out[k] = tuple(row)
        return out

    @staticmethod
    def _tests(cond: Condition) -> list[CardTest]:
        out = list(cond.cards)
        for part in cond.any:
            out += SignableModel._tests(part)
        return out

    def _live(self, items: list[_Item]) -> list[frozenset[int]]:
        """Per stage k: the cards whose class must still be carried after card k."""
        out: list[frozenset[int]] = []
        for k in range(self.n):
            need: set[int] = set()
            for item in items:
                if item.at > k:
                    need |= {c for c in item.cards if c <= k}
            out.append(frozenset(need))
        return out

    # ------------------------------------------------------------------ the search's hooks

    def group(self, k: int, option: int) -> tuple[int | None, bool | None, bool, tuple[tuple[str, str], ...]] | None:
        """Options that do the same to the features: the same class (if the card is read), both
        or neither at the status quo (if signed cards are counted or the card is part of the
        comprehensive text), ruled out or not, the same carried costs."""
        if not self.open[k]:
            return None
        lines = self.soft_at.get((k, option), ())
        carried = tuple(sorted((line.id, m) for line in lines for m in line.cost if m in self.tracked))
        classes = self.classes.get(k)
        return (
            classes[option] if classes is not None else None,
            option == 0 if (self.count_cap or k in self.comp_cards) else None,
            bool(self.hard_at.get((k, option))),
            carried,
        )

    def extra(self, k: int, option: int) -> tuple[int, ...] | None:
        """Soft lines without linkage on untracked meters: their cost, option by option."""
        lines = self.soft_at.get((k, option))
        if not lines:
            return None
        points = self._zero()
        for line in lines:
            for meter, delta in line.cost.items():
                if meter not in self.tracked:
                    for d in self.parties:  # whoever counts that meter in its score
                        points[d] += self.weights[d].get(meter, Fraction(0)) * exact(delta)
        return self._scaled(points)

    def step(self, k: int, feature: _Feature, option: int) -> _Stepped | None:
        key = (k, feature, option)
        found = self._steps.get(key)
        if found is None:
            found = self._steps[key] = self._step(k, feature, option)
        return found if found is not OUT else None

    @overload
    def _step(self, k: int, feature: _Feature, option: int,
              ignore_hard: Literal[False] = False) -> _Stepped | Literal[Out.OUT]: ...

    @overload
    def _step(self, k: int, feature: _Feature, option: int, ignore_hard: Literal[True]) -> _Stepped: ...

    def _step(self, k: int, feature: _Feature, option: int, ignore_hard: bool = False) -> _Stepped | Literal[Out.OUT]:
        """`step` worked out; with `ignore_hard`, past a crossed hard line (to value an outcome
        that cannot be signed)."""
        if self.hard_at.get((k, option)) and not ignore_hard:
            return OUT
        count, comp, known_before, costs_before = feature
        if self.open[k] and option != 0:
            count = min(count + 1, self.count_cap) if self.count_cap else 0
        if k in self.comp_cards and option == 0:
            comp = False
        costs = dict(costs_before)
        for line in self.soft_at.get((k, option), ()):
            for meter, delta in line.cost.items():
                if meter in self.tracked:
                    costs[meter] = costs.get(meter, 0) + _units(delta)
        known = dict(known_before)
        if k in self.classes:
            known[k] = self.classes[k][option]
        points = self._zero()
        for item in self.items:
            if item.at != k:
                continue
            outcome = self._settle(item, known, count, comp, costs, end=None)
            if outcome is OUT:
                if ignore_hard:
                    continue
                return OUT
            self._add(points, outcome, costs)
        live = self.live[k]
        still_known = tuple(sorted((c, v) for c, v in known.items() if c in live))
        new = (count, comp, still_known, tuple(sorted(costs.items())))
        return new, (self._scaled(points) if any(points.values()) else None)

    def _add(self, points: dict[str, Fraction], outcome: _Settled | None, costs: dict[str, int]) -> None:
        if outcome is None:
            return
        if outcome[0] == "points":
            _kind, owner, value = outcome
            points[owner] += value
        else:  # a soft line crossed: its costs, for whoever counts the meter
            for meter, delta in outcome[2].items():
                if meter in self.tracked:
                    costs[meter] = costs.get(meter, 0) + _units(delta)
                else:
                    for d in self.parties:
                        points[d] += self.weights[d].get(meter, Fraction(0)) * exact(delta)

    def _settle(self, item: _Item, known: dict[int, int], count: int, comp: bool, costs: Mapping[str, int],
                end: tuple[str | None, str | None] | None) -> _Settled | Literal[Out.OUT] | None:
        """What `item` does to this partial: OUT (a hard line crossed), ("points", owner,
        points), ("cost", owner, {meter: delta}) or None."""
        if item.line is not None:
            k = self.index[item.line.forbid.card]
            option = self.options[k][known[k]]
            if option not in item.line.forbid.options:
                return None
            text = self._text(known, self.fixed_force, count)
            facts = _Facts(self.rules, self.state, text, (None, None), {})  # as the engine reads it at signing
            if holds(item.cond, facts):
                return None
            return OUT if item.line.hard else ("cost", item.owner, dict(item.line.cost))
        text = self._text(known, self.fixed_achieved, count)
        facts = _Facts(self.rules, self.state, text, end or (None, None), self._meters(costs))
        return ("points", item.owner, item.points) if holds(item.cond, facts) else None

    def _text(self, known: dict[int, int], fixed: dict[str, str], count: int) -> _Text:
        text = dict(fixed)
        for k, i in known.items():
            if i != 0:
                text[self.cards[k]] = self.options[k][i]
        return _Text(text, len(fixed) + count if self.count_cap else len(text))

    def _meters(self, costs: Mapping[str, int]) -> dict[str, float]:
        out = {}
        for meter, total in costs.items():
            spec = self.rules.meters[meter]
            now = exact(self.state.meters[meter]) + Fraction(total, UNITS)
            out[meter] = float(min(exact(spec.max), max(exact(spec.min), now)))
        return out

    def finish(self, feature: _Feature) -> _Points | Literal[Out.OUT] | None:
        found = self._finish.get(feature)
        if found is None:
            found = self._finish[feature] = self._finish_points(feature)
        return found

    @overload
    def _finish_points(self, feature: _Feature, ignore_hard: Literal[False] = False) -> _Points | Literal[Out.OUT] | None: ...

    @overload
    def _finish_points(self, feature: _Feature, ignore_hard: Literal[True]) -> _Points | None: ...

    def _finish_points(self, feature: _Feature, ignore_hard: bool = False) -> _Points | Literal[Out.OUT] | None:
        count, comp, known_before, costs_before = feature
        known = dict(known_before)
        costs = dict(costs_before)
        end = ("agreement", None) if (self.comprehensive and comp and self.comp_fixed_ok) else ("end_date", None)
        points = self._zero()
        for item in self.items:
            if item.at != self.n:
                continue
            outcome = self._settle(item, known, count, comp, costs, end)
            if outcome is OUT:
                if ignore_hard:
                    continue
                return OUT
            self._add(points, outcome, costs)
        for meter, total in costs.items():  # carried costs, clamped as the engine clamps them
            spec = self.rules.meters[meter]
            now = exact(self.state.meters[meter])
            moved = min(exact(spec.max), max(exact(spec.min), now + Fraction(total, UNITS))) - now
            for d in self.parties:
                points[d] += self.weights[d].get(meter, Fraction(0)) * moved
        return self._scaled(points) if any(points.values()) else None

    def headroom(self) -> tuple[int, ...]:
        points = self._zero()
        for item in self.items:
            if item.line is None and item.points > 0:
                points[item.owner] += item.points
            elif item.line is not None and not item.line.hard:
                for meter, delta in item.line.cost.items():
                    for d in self.parties:
                        points[d] += max(self.weights[d].get(meter, Fraction(0)) * exact(delta), Fraction(0))
        for lines in self.soft_at.values():  # (added option by option, but a bound must hold them too)
            for line in lines:
                for meter, delta in line.cost.items():
                    if meter in self.tracked:
                        continue
                    for d in self.parties:
                        points[d] += max(self.weights[d].get(meter, Fraction(0)) * exact(delta), Fraction(0))
        for meter in self.tracked:  # a clamp can only soften a cost
            for d in self.parties:
                w = self.weights[d].get(meter, Fraction(0))
                if w:
                    spec = self.rules.meters[meter]
                    points[d] += abs(w) * exact(spec.max - spec.min)
        return self._scaled(points)

    # ------------------------------------------------------------------ values

    def _zero(self) -> dict[str, Fraction]:
        return {d: Fraction(0) for d in self.parties}

    @property
    def scales(self) -> tuple[int, ...]:
        """Each party's integer scale (the domain's, set by `signable_domain` once it is known)."""
        assert self.scale is not None
        return self.scale

    def _scaled(self, points: Mapping[str, Fraction]) -> tuple[int, ...]:
        out = []
        for d, scale in zip(self.parties, self.scales):
            x = points[d] * scale
            if x.denominator != 1:
                raise ValueError(f"the signable analysis cannot scale {points[d]} for {d} exactly")
            out.append(int(x))
        return tuple(out)

    def walk(self, outcome: Outcome) -> tuple[dict[str, Fraction], bool]:
        """The points the features add along `outcome`, per party (exact), and whether the
        outcome is signable."""
        feature = self.start
        total = self._zero()
        signable = True
        for k, option in enumerate(outcome):
            extra = self._raw_extra(k, option)
            for d in self.parties:
                total[d] += extra[d]
            stepped = self._step(k, feature, option)
            if stepped is OUT:
                signable = False
                stepped = self._step(k, feature, option, ignore_hard=True)
            feature, points = stepped
            if points is not None:
                for d, x, scale in zip(self.parties, points, self.scales):
                    total[d] += Fraction(x, scale)
        end = self.finish(feature)
        if end is OUT:
            signable = False
            end = self._finish_points(feature, ignore_hard=True)
        if end is not None:
            for d, x, scale in zip(self.parties, end, self.scales):
                total[d] += Fraction(x, scale)
        return total, signable

    def _raw_extra(self, k: int, option: int) -> dict[str, Fraction]:
        points = self._zero()
        extra = self.extra(k, option)
        if extra is not None:
            for d, x, scale in zip(self.parties, extra, self.scales):
                points[d] += Fraction(x, scale)
        return points

    def denominators(self) -> list[int]:
        """Every denominator the model's points can have, for the domain's integer scale."""
        out = [item.points.denominator for item in self.items if item.line is None]
        for d in self.parties:
            for w in self.weights[d].values():
                out.append(w.denominator * 10_000)  # meters move in steps of at most 4 decimals
        return out


UNITS = 10_000  # carried costs are counted in 1/10000 of a meter point (meters keep 4 decimals)


def _units(delta: float) -> int:
    x = exact(delta) * UNITS
    if x.denominator != 1:
        raise ValueError(f"a soft-line cost of {delta} has more than 4 decimals")
    return int(x)


@dataclass(frozen=True)
class SignableDomain(Domain):
    """A domain whose values are scores (`game.engine.value`) and whose search keeps to
    signable outcomes (`SignableModel`). `utility` is a score here: what the delegation
    would end with; `batna` is the score with nothing more signed."""

    features: SignableModel = field(compare=False, repr=False)

    def utility(self, party: str, outcome: Outcome) -> Fraction:
        return self.utilities(outcome)[party]

    def utilities(self, outcome: Outcome) -> dict[str, Fraction]:
        extra, _ = self.features.walk(outcome)
        return {p: Fraction(self.scaled(i, outcome), self.scale[i]) + extra[p] for i, p in enumerate(self.parties)}

    def signable(self, outcome: Outcome) -> bool:
        return self.features.walk(outcome)[1]

    def package(self, outcome: Outcome) -> dict[str, str]:
        """The cards the outcome would sign now (where it leaves the open cards' status quo)."""
        return {
            card: self.options[k][i] for k, (card, i) in enumerate(zip(self.cards, outcome))
            if i and self.features.open[k]
        }


def signable_domain(rules: Rules, state: GameState) -> SignableDomain:
    """The signable outcome space at `state` (its hidden variants are the analysis'),
    for every delegation."""
    cards = tuple(state.cards)
    achieved = state.achieved()
    options: list[tuple[str, ...]] = []
    open_cards: list[bool] = []
    for card_id in cards:
        card = rules.cards[card_id]
        if card_id in achieved:
            options.append((achieved[card_id],))
            open_cards.append(False)
        elif rules.card_closed(state, card_id):
            options.append((card.status_quo,))
            open_cards.append(False)
        else:
            ids = [o.id for o in card.options]
            options.append((card.status_quo, *(o for o in ids if o != card.status_quo)))
            open_cards.append(True)
    options_t, open_t = tuple(options), tuple(open_cards)
    model = SignableModel(rules, state, cards, options_t, open_t)
    utilities: dict[str, list[list[Fraction]]] = {}
    for d in rules.parties:
        values, weights = rules.valuation(d, state.variants.get(d, {}))
        w = {c: exact(weights[c]) for c in rules.card_order}
        total = sum(w.values(), Fraction(0))
        rows = [[w[c] * exact(values[c][o]) / total if total else Fraction(0) for o in opts]
                for c, opts in zip(cards, options_t)]
        status_quo = sum((w[c] * exact(values[c][rules.cards[c].status_quo]) for c in rules.card_order), Fraction(0))
        rest = sum((w[c] * exact(values[c][rules.cards[c].status_quo]) for c in rules.card_order if c not in cards),
                   Fraction(0))
        moved = sum((model.weights[d][m] * (exact(state.meters[m]) - exact(rules.meter_start[m]))
                     for m in model.weights[d]), Fraction(0))
        constant = ((rest - status_quo) / total if total else Fraction(0)) + moved
        if rows:
            rows[0] = [x + constant for x in rows[0]]
        utilities[d] = rows
    scale: list[int] = []
    for d in rules.parties:
        denominators = [x.denominator for row in utilities[d] for x in row] + model.denominators()
        scale.append(math.lcm(*denominators))
    model.scale = tuple(scale)
    terms = tuple(tuple(tuple(int(x * k) for x in row) for row in utilities[d]) for d, k in zip(rules.parties, scale))
    domain = SignableDomain(rules.parties, cards, options_t, terms, tuple(scale), (0,) * len(rules.parties), model)
    zero = domain.status_quo
    disagreement = domain.utilities(zero)
    batna_scaled: list[int] = []
    for d, k in zip(rules.parties, scale):
        x = disagreement[d] * k
        if x.denominator != 1:
            raise ValueError(f"the signable analysis cannot scale the disagreement point of {d} exactly")
        batna_scaled.append(int(x))
    return SignableDomain(rules.parties, cards, options_t, terms, tuple(scale), tuple(batna_scaled), model)

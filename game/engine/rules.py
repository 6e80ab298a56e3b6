"""A scenario compiled for fast, repeated questions: lookups, valuations, conditions,
red lines. Built once per scenario and shared by every game of it. Its answers never
change; it fills caches of them as they are asked (`memo`, valuations, consent).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache

from game.content.models import Condition, Event, Lever, RedLine, Scenario
from game.engine import value
from game.engine.conditions import holds
from game.engine.state import GameState

# A delegation's valuation: card -> option -> value (0-100), and card -> weight.
Valuation = tuple[dict[str, dict[str, float]], dict[str, float]]


class _StateFacts:
    """What the whole game state knows, for conditions read by the engine. Conditions are
    read many times a step and most ask one or two things: each answer is worked out
    only when asked."""

    __slots__ = ("rules", "state", "_text")

    def __init__(self, rules: Rules, state: GameState, text: dict[str, str] | None):
        self.rules = rules
        self.state = state
        self._text = text  # None: the text in force, worked out when first asked

    @property
    def text(self) -> dict[str, str]:
        if self._text is None:
            self._text = self.state.in_force()
        return self._text

    @property
    def date(self) -> dt.date:
        return self.state.date

    @property
    def round_id(self) -> str | None:
        index = self.state.round_index
        return self.rules.rounds[index].id if index >= 0 else None

    @property
    def end_reason(self) -> str | None:
        return self.state.end_reason

    @property
    def ended_by(self) -> str | None:
        return self.state.ended_by

    def flag(self, flag: str) -> bool:
        return self.state.flags.get(flag, False)

    def meter(self, meter: str) -> float:
        return self.state.meters[meter]

    def variants(self, delegation: str) -> set[str]:
        return set(self.state.variants.get(delegation, {}).values())


class Rules:
    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.parties: tuple[str, ...] = scenario.parties  # the delegations, in the scenario's order
        self.cards = {c.id: c for c in scenario.cards}
        self.card_order = [c.id for c in scenario.cards]
        self.proposable = {c.id: tuple(o.id for o in c.options if o.id != c.status_quo) for c in scenario.cards}
        self.events = {e.id: e for e in scenario.events}
        self.events_at: dict[str, tuple[Event, ...]] = {
            moment: tuple(e for e in scenario.events if e.trigger.at == moment)
            for moment in ("date", "round_start", "round_end", "check", "rejection")
        }  # scenario order within each moment
        self.rounds = scenario.calendar.rounds
        self.round_index = {r.id: i for i, r in enumerate(self.rounds)}
        self.order = scenario.calendar.turn_order
        self.lengths = {length.id: length for length in scenario.calendar.lengths}
        self.flags = {f.id: f for f in scenario.flags}
        self.meters = {f"{d}.{m.id}": m for d, spec in scenario.delegations.items() for m in spec.meters}
        self.meter_start = {qid: m.start for qid, m in self.meters.items()}
        self.red_lines: dict[str, list[tuple[str, RedLine]]] = {
            d: [(f"{d}.{r.id}", r) for r in spec.red_lines] for d, spec in scenario.delegations.items()
        }
        self.red_line_by_id = {qid: (d, line) for d, lines in self.red_lines.items() for qid, line in lines}
        self.levers: dict[str, dict[str, Lever]] = {
            d: {lv.id: lv for lv in spec.levers} for d, spec in scenario.delegations.items()
        }
        self.comprehensive = scenario.comprehensive or tuple(c.id for c in scenario.cards if c.active)
        self._valuation = lru_cache(maxsize=64)(self._compute_valuation)
        self._consent: dict[tuple[str, ...], tuple[str, ...]] = {}  # cards -> who must sign them
        self._off_table: dict[tuple[object, ...], tuple[float, float]] = {}
        self.memo: dict[object, object] = {}  # derived, unchanging data (e.g. the public part of views)

    # ------------------------------------------------------------------ valuations

    def valuation(self, delegation: str, variants: Mapping[str, str]) -> Valuation:
        """(values, weights) of `delegation` under its drawn hidden variants."""
        return self._valuation(delegation, tuple(sorted(variants.items())))

    def _compute_valuation(self, delegation: str, variants: tuple[tuple[str, str], ...]) -> Valuation:
        values = {c.id: dict(c.values[delegation]) for c in self.scenario.cards}
        weights = {c.id: c.weights[delegation] for c in self.scenario.cards}
        chosen = dict(variants)
        for hidden in self.scenario.delegations[delegation].hidden:
            for variant in hidden.options:
                if chosen.get(hidden.id) == variant.id:
                    for card, override in variant.values.items():
                        values[card].update(override)
                    weights.update(variant.weights)
        return values, weights

    def utility(self, state: GameState, delegation: str, text: dict[str, str] | None = None) -> float:
        """0-100: the weighted value to `delegation` of what the talks have achieved
        (or of `text`), the status quo elsewhere (`value.utility`)."""
        values, weights = self.valuation(delegation, state.variants.get(delegation, {}))
        text = state.achieved() if text is None else text
        return value.utility(
            values, weights, ((c, self.cards[c].status_quo) for c in state.cards), text,
            self.off_table(delegation, state.variants.get(delegation, {}), tuple(state.cards)),
        )

    def off_table(self, delegation: str, variants: dict[str, str], cards: tuple[str, ...]) -> tuple[float, float]:
        """(sum of weight x status quo value, sum of weights) over the scenario's cards that are
        not in `cards`: they stand at their status quo (`value.utility`)."""
        key = (delegation, tuple(sorted(variants.items())), cards)
        found = self._off_table.get(key)
        if found is None:
            values, weights = self.valuation(delegation, variants)
            on = set(cards)
            rest = [c for c in self.card_order if c not in on]
            found = self._off_table[key] = (
                sum(weights[c] * values[c][self.cards[c].status_quo] for c in rest), sum(weights[c] for c in rest)
            )
        return found

    # ------------------------------------------------------------------ conditions

    def holds(self, cond: Condition, state: GameState, text: dict[str, str] | None = None) -> bool:
        """`cond` on the game state, read against `text` (default: the text in force)."""
        return holds(cond, _StateFacts(self, state, text))

    # ------------------------------------------------------------------ red lines

    def red_line_active(self, state: GameState, qid: str) -> bool:
        _, line = self.red_line_by_id[qid]
        if not state.red_lines.get(qid, line.active):
            return False
        return line.lifted_when is None or not self.holds(line.lifted_when, state)

    def crossed(self, state: GameState, delegation: str, items: dict[str, str]) -> list[tuple[str, RedLine]]:
        """The active red lines of `delegation` that signing `items` would cross."""
        out = []
        text = None
        for qid, line in self.red_lines[delegation]:
            option = items.get(line.forbid.card)
            if option is None or option not in line.forbid.options:
                continue
            if not self.red_line_active(state, qid):
                continue
            if line.unless is not None:
                if text is None:
                    text = {**state.in_force(), **items}
                if self.holds(line.unless, state, text):
                    continue
            out.append((qid, line))
        return out

    def card_closed(self, state: GameState, card_id: str) -> bool:
        """True once a card with an expiry can no longer be agreed (its date or flag has come)."""
        expiry = self.cards[card_id].expiry
        if expiry is None:
            return False
        if expiry.date is not None:
            return state.date >= expiry.date
        return expiry.flag is not None and state.flags.get(expiry.flag, False)

    def comprehensive_done(self, state: GameState) -> bool:
        """Every card of the comprehensive settlement that is still on the table is in force."""
        wanted = [card for card in self.comprehensive if card in state.cards]
        in_force = state.in_force()
        return bool(wanted) and all(card in in_force for card in wanted)

    def round_turns(self, length: str | None) -> list[int]:
        """Each round's turns in a game of `length` (None: the calendar's own)."""
        cap = self.lengths[length].turns if length is not None and length in self.lengths else None
        return [r.turns if cap is None else min(r.turns, cap) for r in self.rounds]

    def consent_needed(self, items: dict[str, str]) -> tuple[str, ...]:
        """The delegations whose consent a package on `items`' cards needs, in the
        scenario's order (never a set's: what is listed from it reads the same in every run)."""
        cards = tuple(items)
        found = self._consent.get(cards)
        if found is None:
            needed = {d for card in cards for d in self.cards[card].consent}
            found = self._consent[cards] = tuple(d for d in self.parties if d in needed)
        return found

    # ------------------------------------------------------------------ scoring

    def batna_moved(self, state: GameState, delegation: str) -> float:
        """How far `delegation`'s BATNA has moved since the start, through its scored meters."""
        return self.batna_moved_by(state.meters, delegation)

    def batna_moved_by(self, meters: dict[str, float], delegation: str) -> float:
        return value.batna_moved(self.scenario.scoring[delegation].meters, meters.__getitem__, self.meter_start)

    def batna(self, state: GameState, delegation: str) -> float:
        """The value to `delegation` of no agreement now: the status quo, moved by its meters."""
        return self.utility(state, delegation, {}) + self.batna_moved(state, delegation)

    def score_parts(self, state: GameState, delegation: str) -> value.ScoreParts:
        """`delegation`'s result now (at the end: its final result), in parts (`game.engine.value`)."""
        achieved = state.achieved()
        return value.ScoreParts(
            utility=self.utility(state, delegation, achieved),
            status_quo=self.utility(state, delegation, {}),
            moved=self.batna_moved(state, delegation),
            objectives=value.objective_points(
                self.scenario.scoring[delegation].objectives, lambda cond: self.holds(cond, state, achieved)
            ),
        )

    def final_score(self, state: GameState, delegation: str) -> dict[str, float]:
        """The parts of `delegation`'s score, rounded (`ScoreParts.as_dict`); `score` is the total."""
        return self.score_parts(state, delegation).as_dict()

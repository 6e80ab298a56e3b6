"""The figures a computer delegation works with, read from its own view: its valuation
of each card's options (shared by every game of a scenario, `_Valuation`), the text in
force and its red lines by card, how strong its hand is, how far the talks are and how
much time is left to act."""

from __future__ import annotations

from typing import TYPE_CHECKING

from game.agents.opponent import Item
from game.engine.conditions import reads
from game.engine.views import CardView, RedLineView, View

if TYPE_CHECKING:
    from game.agents.ai import AIAgent


class _Valuation:
    """What a delegation's own values and weights say, card by card: worked out once per
    valuation rather than on every turn, and shared by the computer delegations of the
    same capital and preset that hold the same valuation (the same variants drawn, the
    same cards: a view reuses its valuation's objects, so it is told by identity). What
    it holds follows from that delegation's own view alone."""

    __slots__ = (
        "me", "values", "weights", "total_weight", "card_stake", "max_stake", "top3",
        "_cards", "_standing", "_pristine",
    )
    _SHARED: dict[tuple, _Valuation] = {}
    _LIMIT = 512  # valuations kept; a scenario has a few dozen

    @classmethod
    def of(
        cls, agent: AIAgent, values: dict[str, dict[str, float]], weights: dict[str, float], off_table: float = 0.0,
    ) -> _Valuation:
        key = (agent.delegation, agent.style, agent.preset, id(values), id(weights), off_table)
        found = cls._SHARED.get(key)
        if found is None or found.values is not values or found.weights is not weights:
            if len(cls._SHARED) >= cls._LIMIT:
                cls._SHARED.clear()
            found = cls._SHARED[key] = cls(agent.delegation, values, weights, off_table)
        return found

    def __init__(self, me: str, values: dict[str, dict[str, float]], weights: dict[str, float], off_table: float = 0.0):
        self.me, self.values, self.weights = me, values, weights
        # utility is normalised over every card of the scenario (`game.engine.value.utility`)
        self.total_weight = (sum(weights.values()) + off_table) or 1.0
        self.card_stake = {  # utility points at stake on each card: best against worst option
            card: weights[card] * (max(vals.values()) - min(vals.values())) / self.total_weight
            for card, vals in values.items()
        }
        self.max_stake = max(self.card_stake.values(), default=0)
        self.top3 = sorted(weights, key=lambda c: (-weights[c], c))[:3]  # the cards that weigh most
        self._cards: dict[str, tuple] = {}
        self._standing: dict[tuple, tuple] = {}
        self._pristine: dict[tuple, _Singles] = {}

    def standing(self, key: tuple, build) -> tuple:
        """A card's options with the gains net of red lines, by (card, its active red lines,
        what their linkages read): see `_Turn._standing`."""
        found = self._standing.get(key)
        if found is None:
            found = self._standing[key] = build()
        return found

    def pristine(self, key: tuple, build) -> _Singles:
        """A card's single options scored before anything was heard or offered on it, by
        (card, its active red lines, what their linkages read): see `_Turn.single_options`."""
        found = self._pristine.get(key)
        if found is None:
            found = self._pristine[key] = build()
        return found

    def card(self, card: CardView, me: str) -> tuple[list[str], float, list[tuple[str, Item, float]]]:
        """(the other parties that sign it, a mediator's bridge prior, and each option that
        may be proposed with its gain against the status quo) for `card`."""
        found = self._cards.get(card.id)
        if found is None:
            values, weight = self.values[card.id], self.weights[card.id]
            status_quo = values[card.status_quo]
            found = self._cards[card.id] = (
                [d for d in card.consent if d != me],
                1.0 + (0.5 if len(card.consent) == 2 else 0.0),
                [
                    (o.id, (card.id, o.id), weight * (values[o.id] - status_quo) / self.total_weight)
                    for o in card.options
                    if o.id != card.status_quo
                ],
            )
        return found


class _Singles:
    """One card's options scored as drafts on their own: the parts of the scores, and the
    scores blended for each strength of the hand they were asked for."""

    __slots__ = ("key", "parts", "scores")

    def __init__(self, key: object, parts: tuple):
        self.key, self.parts = key, parts
        self.scores: dict[float, list[tuple[float, Item]]] = {}


def _cards_and_text(cards: tuple[CardView, ...]) -> tuple[dict[str, CardView], dict[str, str]]:
    """The cards by id, and the text in force (suspended and completed agreements left out)."""
    text = {
        c.id: c.signed.option for c in cards if c.signed is not None and not (c.signed.suspended or c.signed.completed)
    }
    return {c.id: c for c in cards}, text


def _active_lines(red_lines: tuple[RedLineView, ...]) -> tuple[dict, dict, dict, tuple[str, ...]]:
    """Its active red lines by card, their ids by card, what the linkages on each card
    read, and the ids of them all."""
    by_card: dict[str, list[RedLineView]] = {}
    for line in red_lines:
        if line.active:
            by_card.setdefault(line.card, []).append(line)
    ids = {card: tuple(line.id for line in lines) for card, lines in by_card.items()}
    linked = {
        card: reads(line.unless for line in lines)
        for card, lines in by_card.items()
        if any(line.unless for line in lines)
    }
    return by_card, ids, linked, tuple(line.id for lines in by_card.values() for line in lines)


def _strength(view: View, me: str, meter: str | None) -> float:
    """Where a meter this delegation can see stands in its range, 0 to 1 (0.5 if none)."""
    if meter is None:
        return 0.5
    for m in (*view.private[me].meters, *view.public_meters):
        if m.id == meter:
            return (m.value - m.min) / (m.max - m.min)
    return 0.5


def _progress(view: View) -> float:
    """How far the talks are, 0 to 1, counted in turns across the rounds still to be held."""
    total = elapsed = 0
    for rnd in view.rounds:
        if rnd.start > view.calendar_end:
            continue
        total += rnd.turns
        if rnd.status == "done":
            elapsed += rnd.turns
        elif rnd.status == "current":
            elapsed += rnd.turns - view.turns_left
    return min(1.0, elapsed / total) if total else 1.0


def _time_to_act(view: View) -> float:
    """1 while rounds are still to come after this one; in the last round, the share of
    its turns still to be played."""
    held = [r for r in view.rounds if r.start <= view.calendar_end and r.status != "done"]
    current = next((r for r in held if r.status == "current"), None)
    if current is None or len(held) > 1:
        return 1.0
    return view.turns_left / max(current.turns, 1)

"""A delegation appraising a package from its own view: which of its red lines the
package would cross, and what signing it would be worth to it. The offer composer
asks these questions live, as a person drafts; they read nothing but the view, so
they can never reveal what the seat may not know.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.content.models import Condition
from game.engine.conditions import holds
from game.engine.views import RedLineView, View


class ViewFacts:
    """What one delegation's view shows, for reading its own red lines' linkages."""

    __slots__ = ("view", "me", "text", "date", "round_id", "end_reason", "ended_by", "_meters")

    def __init__(self, view: View, me: str, text: dict[str, str]):
        self.view, self.me, self.text = view, me, text
        self.date = view.date
        self.round_id = view.round.id if view.round is not None else None
        self.end_reason = self.ended_by = None  # conditions on the end never hold during play
        self._meters = {m.id: m.value for m in (*view.public_meters, *view.private[me].meters)}

    def flag(self, flag: str) -> bool | None:
        return self.view.flags.get(flag)  # a private flag is not in the view: unknown

    def meter(self, meter: str) -> float | None:
        return self._meters.get(meter)

    def variants(self, delegation: str) -> set[str]:
        private = self.view.private.get(delegation)
        return {v.id for v in private.variants} if private is not None else set()


def holds_on_view(cond: Condition, view: View, me: str, text: dict[str, str]) -> bool:
    """A condition read from a delegation's view; what it cannot see counts as not holding."""
    return holds(cond, ViewFacts(view, me, text))


def in_force(view: View) -> dict[str, str]:
    """The signed text now in force (suspended and completed agreements left out)."""
    return {
        c.id: c.signed.option for c in view.cards
        if c.signed is not None and not (c.signed.suspended or c.signed.completed)
    }


def achieved(view: View) -> dict[str, str]:
    """What the talks have achieved so far: in force, plus agreements that ran their term."""
    return {c.id: c.signed.option for c in view.cards if c.signed is not None and not c.signed.suspended}


class RedLineJudge:
    """One delegation's red lines, judged on a whole package from its own view: the one
    judgement every seat uses (the composer's marks and bars, the package panel, the
    computer delegations' choices). A line is crossed when the package puts a forbidden
    option on its card and its linkage (`unless`), read on the text that would result
    (in force plus the package), does not hold. The engine refuses on the same rule
    from the game state (`Rules.crossed`); a property test holds the two together.

    Built once per view; `crossed` is then cheap enough to ask thousands of times."""

    __slots__ = ("view", "me", "text", "by_card", "order", "_facts")

    def __init__(self, view: View, me: str):
        self.view, self.me = view, me
        self.text = in_force(view)
        self.by_card: dict[str, list[RedLineView]] = {}
        self.order: dict[str, int] = {}
        for n, line in enumerate(view.private[me].red_lines):
            if line.active:
                self.by_card.setdefault(line.card, []).append(line)
                self.order[line.id] = n
        self._facts: ViewFacts | None = None

    def linkage_holds(self, cond: Condition, text: dict[str, str]) -> bool:
        if self._facts is None:
            self._facts = ViewFacts(self.view, self.me, text)
        self._facts.text = text
        return holds(cond, self._facts)

    def crossed(self, items: dict[str, str]) -> list[RedLineView]:
        """The active lines that signing `items` would cross, in the order of the brief."""
        out = []
        text = None
        for card, option in items.items():
            for line in self.by_card.get(card, ()):
                if option not in line.options:
                    continue
                if line.unless is not None:
                    text = {**self.text, **items} if text is None else text
                    if self.linkage_holds(line.unless, text):
                        continue
                out.append(line)
        if len(out) > 1:
            out.sort(key=lambda line: self.order[line.id])
        return out


def crossed(view: View, me: str, items: dict[str, str]) -> list[RedLineView]:
    """`me`'s active red lines that signing `items` would cross (linkages read on the result)."""
    return RedLineJudge(view, me).crossed(items)


HARD_MARK, SOFT_MARK = "hard", "soft"


def marks(lines: list[RedLineView] | tuple[RedLineView, ...]) -> dict[str, str]:
    """Card -> "hard" or "soft": the cards of a package whose option crosses one of
    `lines` (as judged on the whole package), hard where any line on it is hard."""
    out: dict[str, str] = {}
    for line in lines:
        if line.hard or out.get(line.card) != HARD_MARK:
            out[line.card] = HARD_MARK if line.hard else SOFT_MARK
    return out


def utility(view: View, me: str, text: dict[str, str]) -> float:
    """0-100: the weighted value to `me` of `text`, the status quo on every other card."""
    mine = view.private[me]
    total = weight_sum = 0.0
    for card in view.cards:
        weight = mine.weights.get(card.id, 0.0)
        total += weight * mine.values[card.id][text.get(card.id, card.status_quo)]
        weight_sum += weight
    return total / weight_sum if weight_sum else 0.0


@dataclass(frozen=True)
class Appraisal:
    """What a package would mean to the delegation drafting or reading it."""

    items: dict[str, str]
    now: float  # utility of what the talks have achieved so far
    worth: float  # utility once `items` are signed on top of it
    batna: float
    hard: tuple[RedLineView, ...]  # lines it cannot cross: the engine refuses the package
    soft: tuple[RedLineView, ...]  # lines it may cross, at their cost

    @property
    def gain(self) -> float:
        return self.worth - self.now

    @property
    def blocked(self) -> bool:
        return bool(self.hard)

    @property
    def marks(self) -> dict[str, str]:
        """Card -> "hard" or "soft", from this one appraisal of the whole package."""
        return marks((*self.hard, *self.soft))


def appraise(view: View, me: str, items: dict[str, str]) -> Appraisal:
    lines = crossed(view, me, items)
    now = achieved(view)
    return Appraisal(
        items=dict(items),
        now=round(utility(view, me, now), 1),
        worth=round(utility(view, me, {**now, **items}), 1),
        batna=view.private[me].batna,
        hard=tuple(line for line in lines if line.hard),
        soft=tuple(line for line in lines if not line.hard),
    )

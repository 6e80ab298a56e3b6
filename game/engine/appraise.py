"""A delegation appraising a package from its own view: which of its red lines the
package would cross, and what signing it would be worth to it. The offer composer
asks these questions live, as a person drafts; they read nothing but the view, so
they can never reveal what the seat may not know.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.content.models import Condition
from game.engine import value
from game.engine.conditions import holds
from game.engine.value import ScoreParts
from game.engine.views import RedLineView, View


class ViewFacts:
    """What one delegation's view shows, for reading its own red lines' linkages and its
    objectives. `meters` and `end` stand in for the view's own when a package's signing is
    being looked ahead to."""

    __slots__ = ("view", "me", "text", "date", "round_id", "end_reason", "ended_by", "_meters")

    def __init__(
        self, view: View, me: str, text: dict[str, str],
        meters: dict[str, float] | None = None, end: tuple[str | None, str | None] | None = None,
    ):
        self.view, self.me, self.text = view, me, text
        self.date = view.date
        self.round_id = view.round.id if view.round is not None else None
        if end is None:  # conditions on the end hold only once the talks have ended
            end = (view.end.reason, view.end.by) if view.end is not None else (None, None)
        self.end_reason, self.ended_by = end
        self._meters = meters if meters is not None else view_meters(view, me)

    def flag(self, flag: str) -> bool | None:
        return self.view.flags.get(flag)  # a private flag is not in the view: unknown

    def meter(self, meter: str) -> float | None:
        return self._meters.get(meter)

    def variants(self, delegation: str) -> set[str]:
        private = self.view.private.get(delegation)
        return {v.id for v in private.variants} if private is not None else set()


def view_meters(view: View, me: str) -> dict[str, float]:
    """The meters `me` can see, by id: the public ones and its own."""
    return {m.id: m.value for m in (*view.public_meters, *view.private[me].meters)}


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
    return value.utility(mine.values, mine.weights, ((c.id, c.status_quo) for c in view.cards), text, mine.off_table)


def score_parts(
    view: View, me: str, items: dict[str, str] | None = None, end: tuple[str, str | None] | None = None,
) -> ScoreParts:
    """`me`'s result now, from its own view (the engine's `Rules.score_parts` to the last
    digit); with `items`, its result once `items` were signed now: their utility, the cost
    of its soft red lines they cross (if its consent is needed) and the objectives signing
    meets, including those of a settlement if they complete the comprehensive text. With
    `end` ((reason, by)), its result if the talks ended now that way: a walk-out, say, or
    the end date."""
    mine = view.private[me]
    scoring = mine.scoring
    text = achieved(view)
    meters = view_meters(view, me)
    if items:
        text = {**text, **items}
        consent = {d for card in view.cards if card.id in items for d in card.consent}
        if me in consent:
            limits = {m.id: m for m in (*view.public_meters, *mine.meters)}
            for line in crossed(view, me, items):
                if line.hard:
                    continue
                for meter, delta in line.cost.items():
                    m = limits.get(meter)
                    if m is not None:
                        meters[meter] = round(min(m.max, max(m.min, meters[meter] + delta)), 4)
        on_table = {card.id for card in view.cards}
        wanted = [card for card in view.comprehensive if card in on_table]
        force = {**in_force(view), **items}
        if end is None and view.end is None and wanted and all(card in force for card in wanted):
            end = ("agreement", None)  # the signature completes the comprehensive text: the talks end
    starts = {m.id: m.start for m in (*view.public_meters, *mine.meters)}
    objectives = scoring.objectives if scoring is not None else ()
    weights = scoring.meters if scoring is not None else {}
    facts = ViewFacts(view, me, text, meters=meters, end=end)
    return ScoreParts(
        utility=utility(view, me, text),
        status_quo=utility(view, me, {}),
        moved=value.batna_moved(weights, meters.__getitem__, starts),
        objectives=value.objective_points(objectives, lambda cond: holds(cond, facts)),
    )


@dataclass(frozen=True)
class Appraisal:
    """What a package would mean to the delegation drafting or reading it: its result now
    and its result if the package were signed now (`game.engine.value`)."""

    items: dict[str, str]
    now: ScoreParts  # its result now
    then: ScoreParts  # its result once `items` are signed now, everything else as it is
    hard: tuple[RedLineView, ...]  # lines it cannot cross: the engine refuses the package
    soft: tuple[RedLineView, ...]  # lines it may cross, at their cost

    @property
    def worth(self) -> float:
        """What signing `items` now would change in its score."""
        return self.then.score - self.now.score

    @property
    def score_then(self) -> float:
        return self.then.score

    @property
    def over_batna(self) -> float:
        """Where signing leaves it against its BATNA now (the value of signing nothing):
        the signed text's value over the status quo, less any soft-line cost paid."""
        return self.then.utility + self.then.moved - self.now.batna

    @property
    def gain(self) -> float:
        """What signing `items` now would change in the utility of the achieved text."""
        return self.then.utility - self.now.utility

    @property
    def blocked(self) -> bool:
        return bool(self.hard)

    @property
    def marks(self) -> dict[str, str]:
        """Card -> "hard" or "soft", from this one appraisal of the whole package."""
        return marks((*self.hard, *self.soft))


def appraise(view: View, me: str, items: dict[str, str]) -> Appraisal:
    lines = crossed(view, me, items)
    return Appraisal(
        items=dict(items),
        now=score_parts(view, me),
        then=score_parts(view, me, items),
        hard=tuple(line for line in lines if line.hard),
        soft=tuple(line for line in lines if not line.hard),
    )

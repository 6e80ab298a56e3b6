"""The `random` delegation: a uniformly random choice among the kinds of action open
to it, then uniformly random parameters, from a generator seeded by the game seed.

It is a baseline, not an opponent: it knows only its own view, avoids options its
own active hard red lines forbid outright, and lets the engine refuse the rest
(the runner asks again after a refusal).
"""

from __future__ import annotations

from collections.abc import Sequence

from game.agents.registry import Words, register
from game.engine import commands as C
from game.engine.core import Refusal
from game.engine.rng import Rng, derive
from game.engine.views import View
from game.i18n import N_

STATEMENTS = (
    "We are ready to keep talking.",
    "We need more time to consult at home.",
    "Any agreement must be verifiable.",
    "We note the other side's position.",
    "Progress depends on concrete steps, not words.",
)


@register("random", Words(N_("Random moves (testing)"), N_("Random moves (testing)"), N_("random")))
class RandomAgent:
    kind = "random"

    def __init__(self, delegation: str, seed: int):
        self.delegation = delegation
        self.rng = Rng(derive(seed, "agent", self.kind, delegation))

    def observe(self, events) -> None:
        pass  # a random delegation learns nothing

    def decide(self, view: View, refused: Sequence[Refusal]) -> C.Command:
        me = self.delegation
        rng = self.rng
        mine = view.private[me]
        forbidden = {
            (line.card, option) for line in mine.red_lines if line.hard and line.active for option in line.options
        }
        open_cards = [c for c in view.cards if c.open and (c.signed is None or c.signed.suspended)]
        table = view.table
        choices: list[str] = []
        if open_cards:
            choices.append("propose" if table is None else "counter")
        if table is not None and me in table.needs:
            choices.append("reject")
            if me not in table.accepted_by and not any(item in forbidden for item in table.items.items()):
                choices.append("accept")
        if view.can_speak:
            choices.append("statement")
        levers = [lv for lv in mine.levers if lv.available and lv.uses_left > 0]
        if levers:
            choices.append("lever")
        choices += ["recess", "walkout", "pass"]

        match rng.choice(choices):
            case "propose" | "counter" as kind:
                items = {}
                for card in rng.sample(open_cards, 1 + rng.below(min(3, len(open_cards)))):
                    options = [o.id for o in card.options if o.id != card.status_quo and (card.id, o.id) not in forbidden]
                    if options:
                        items[card.id] = rng.choice(options)
                if not items:
                    return C.Pass(by=me)
                return C.Propose(by=me, items=items) if kind == "propose" else C.Counter(by=me, items=items)
            case "accept" if table is not None:  # offered only with a package on the table
                return C.Accept(by=me, package=table.id)
            case "reject" if table is not None:
                return C.Reject(by=me, package=table.id)
            case "statement":
                return C.Statement(by=me, text=rng.choice(STATEMENTS))
            case "lever":
                return C.UseLever(by=me, lever=rng.choice(levers).id)
            case "recess":
                return C.Recess(by=me)
            case "walkout":
                return C.WalkOut(by=me)
        return C.Pass(by=me)

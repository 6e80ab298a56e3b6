"""The `responder` delegation: it never proposes, and it answers every package that
needs its consent by what signing it now would change in its own score (the value
model's worth, `game.engine.appraise`): it accepts a package worth at least nothing to
it and turns down any other, naming the item that costs it most. Without a package
to answer it passes.

Nothing in it is random, so a game against responders goes the same way for the
same moves: the coached tutorial relies on it, so that every step it teaches happens
in every run. Its reasons are in `game.agents.voice`.
"""

from __future__ import annotations

from collections.abc import Sequence

from game.agents.registry import Words, register
from game.agents.voice import item, say
from game.engine import commands as C
from game.engine.appraise import appraise
from game.engine.core import Refusal
from game.engine.views import View
from game.i18n import N_


# Offered nowhere: the coached tutorial seats it by name.
@register("responder", Words(N_("responder"), N_("responder"), N_("responder")), offered=False)
class ResponderAgent:
    kind = "responder"

    def __init__(self, delegation: str, seed: int = 0):
        self.delegation = delegation  # the seed is not used: a responder draws nothing

    def observe(self, events) -> None:
        pass  # it judges each package on the view alone

    def decide(self, view: View, refused: Sequence[Refusal]) -> C.Command:
        me = self.delegation
        table = view.table
        if refused or table is None or me not in table.needs or me in table.accepted_by:
            return C.Pass(by=me, say=say("pass_wait" if table is None else "pass_table"))
        judged = appraise(view, me, table.items)
        focus = self._focus(view, table.items)
        if judged.hard:
            return C.Reject(by=me, package=table.id, say=say("reject_red_line", focus=focus))
        if judged.worth >= 0:
            return C.Accept(by=me, package=table.id, say=say("accept_worth"))
        return C.Reject(by=me, package=table.id, say=say("reject_worth", focus=focus))

    def _focus(self, view: View, items: dict[str, str]) -> str:
        """The item of `items` that, alone, would do its score the least good (a reference)."""
        worst = min(items, key=lambda card: (appraise(view, self.delegation, {card: items[card]}).worth, card))
        return item(worst, items[worst])

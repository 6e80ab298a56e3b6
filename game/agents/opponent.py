"""What a computer delegation learns of the others from what they do (`OpponentModel`:
what a delegation proposes it probably wants, what it rejects it probably does not),
and which events change the situation enough to offer again what was turned down."""

from __future__ import annotations

from collections import defaultdict
from typing import Final

from game.engine import events as E

Item = tuple[str, str]  # (card, option)

# Kinds of event as tuples, for `isinstance` (which narrows the event's type). No event
# class subclasses another, so `isinstance` is `type(event) is` one of them.
TALK: Final = (E.PackageProposed, E.PackageAccepted, E.PackageRejected)


# What changes the situation enough to offer again what was turned down.
SITUATION_CHANGES: Final = (E.EventFired, E.RoundStarted, E.AgreementSigned, E.RedLineChanged)


def changes_situation(event: E.Event) -> bool:
    """Whether `event` changes the situation enough to offer again what was turned down: an
    event fired in answer to the rejection itself does not."""
    return isinstance(event, SITUATION_CHANGES) and not getattr(event, "answer", False)


class OpponentModel:
    """What the other delegations seem to want, learned from their moves."""

    PROPOSED, ACCEPTED, REJECTED = 1.0, 0.5, -1.0

    def __init__(self) -> None:
        self.score: dict[str, dict[Item, float]] = defaultdict(lambda: defaultdict(float))
        self.packages: dict[int, dict[str, str]] = {}

    def observe(self, event: E.Event, me: str) -> None:
        if isinstance(event, E.PackageProposed):
            self.packages[event.package] = dict(event.items)
            if event.by != me:
                self._add(event.by, event.items, self.PROPOSED)
        elif isinstance(event, E.PackageAccepted) and event.by != me:
            self._add(event.by, self.packages.get(event.package, {}), self.ACCEPTED)
        elif isinstance(event, E.PackageRejected) and event.by != me:
            self._add(event.by, self.packages.get(event.package, {}), self.REJECTED)

    def _add(self, who: str, items: dict[str, str], amount: float) -> None:
        for item in items.items():
            self.score[who][item] += amount

    def wish(self, who: str, item: Item) -> float:
        found = self.score.get(who)
        return found.get(item, 0.0) if found else 0.0

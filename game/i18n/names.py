"""Names of a scenario's things, in the language the scenario was loaded in: the one
place that turns ids (a card, an option, a lever...) into the words players read.

The log and the network carry ids; the transcript, the refusals and the computer
delegations' sentences are put into words here, by each reader, from their own
(translated) scenario. An id the scenario does not know is shown as it is.
"""

from __future__ import annotations

from collections.abc import Iterable

from game.content import models as cm
from game.i18n import _, pgettext


# Who plays a seat, as a save writes it: in English the save's own word, in another
# language a name for it.
def holder(spec: str, short: bool = False) -> str:
    """Who plays a seat ("person", "ai:pragmatist"), in the reader's words: "computer,
    pragmatist" (`short`: "pragmatist"), as the strategy registered them. Anything else
    (a kind this Parley does not know) as it is."""
    if spec == "person":
        return pgettext("who plays a seat", "person")
    from game.agents.registry import words

    found = words(spec)
    if found is None:
        return spec
    return _(found.short if short else found.inline)


class Names:
    def __init__(self, scenario: cm.Scenario):
        self.sc = scenario
        self.cards = {c.id: c for c in scenario.cards}
        self.events = {e.id: e for e in scenario.events}
        self.rounds = {r.id: r for r in scenario.calendar.rounds}
        delegations = scenario.delegations.items()
        self.levers = {f"{d}.{lv.id}": lv for d, spec in delegations for lv in spec.levers}
        self.meters = {f"{d}.{m.id}": m for d, spec in delegations for m in spec.meters}
        self.red_lines = {f"{d}.{line.id}": line for d, spec in delegations for line in spec.red_lines}
        self.objectives = {
            f"{d}.{o.id}": o for d, scoring in scenario.scoring.items() for o in scoring.objectives
        }

    def short(self, code: str | None) -> str:
        if code is None:
            return "-"
        spec = self.sc.delegations.get(code)
        return spec.short if spec is not None else code

    def shorts(self, codes: Iterable[str | None]) -> str:
        """Delegations by their short names, in a list: "Moscow, Kyiv"."""
        return ", ".join(self.short(code) for code in codes)

    def card(self, card: str) -> str:
        found = self.cards.get(card)
        return found.title if found else card

    def option(self, card: str, option: str) -> str:
        found = self.cards.get(card)
        if found is None:
            return option
        return next((o.label for o in found.options if o.id == option), option)

    def item(self, card: str, option: str) -> str:
        """A card with one of its options, as the table names it: "Card title (option label)"."""
        return _("{card} ({option})").format(card=self.card(card), option=self.option(card, option))

    def items(self, items: dict[str, str]) -> str:
        return "; ".join(
            _("{card}: {option}").format(card=self.card(c), option=self.option(c, o)) for c, o in items.items()
        )

    def round(self, rid: str) -> str:
        found = self.rounds.get(rid)
        if found is None:
            return rid
        if found.place in found.label:
            return found.label
        return _("{round} ({place})").format(round=found.label, place=found.place)

    def meter(self, qid: str) -> str:
        found = self.meters.get(qid)
        return found.label if found else qid

    def lever(self, qid: str) -> str:
        found = self.levers.get(qid)
        return found.label if found else qid

    def red_line(self, qid: str) -> str:
        found = self.red_lines.get(qid)
        return found.label if found else qid

    def objective(self, qid: str) -> str:
        found = self.objectives.get(qid)
        return found.label if found else qid

    def event(self, event: str) -> str:
        found = self.events.get(event)
        return found.title if found else event

    def effect(self, cause: str | None, index: int | None) -> cm.Effect | None:
        """The `index`-th effect of the event or lever that `cause` names ("event:ID", "lever:QID")."""
        if cause is None or index is None:
            return None
        kind, _sep, ident = cause.partition(":")
        owner = self.events.get(ident) if kind == "event" else self.levers.get(ident) if kind == "lever" else None
        if owner is None or not 0 <= index < len(owner.effects):
            return None
        return owner.effects[index]

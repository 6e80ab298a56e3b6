"""Commitments: statements that took a position on a card, and the same delegation's
later moves that went against them.

A statement may carry a structured pledge (card -> option); such a pledge is an
explicit commitment *for* that option. Otherwise the text is read with a heuristic,
which the debrief says it is:

1. The text is cut into sentences (at . ; ! ?).
2. A sentence names an option when it contains the option's label (case and
   spacing aside, whole words). A label that several cards share (say "Not
   addressed") counts only when the sentence also names exactly one of those
   cards, by its title or its id written as words ("foreign troops"). A label
   inside a card's title ("neutral status" in "NATO membership and neutral
   status") is the title, not the option.
3. The commitment is *against* the option when one of the six words before the
   label (since the previous label in the sentence) is a negation: not, never, no,
   cannot, can't, won't, don't, nor, without, reject(s), refuse(s), oppose(s),
   against; otherwise it is *for* the option.
4. A commitment holds until the same delegation states a new position on that card.
   While it holds, a proposal, counter-proposal or acceptance by that delegation
   contradicts it when it puts a different option on the card (a commitment for)
   or that very option (a commitment against).

It reads words, not intent: it misses paraphrase ("the frost pause"), and can misread
double negatives or a label quoted to be refuted. Teachers should read the cited
statement and move side by side.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from game.content.models import Scenario
from game.debrief.model import Commitment, Move

NEGATIONS = frozenset({
    "not", "never", "no", "cannot", "can't", "won't", "don't", "nor", "without",
    "reject", "rejects", "refuse", "refuses", "oppose", "opposes", "against",
})
WINDOW = 6  # words before a label that a negation is looked for in
HEURISTIC = (
    "Commitments are read from the statements' words by a heuristic (a statement that names an "
    "option, with or without a negation before it); pledges made as such are marked explicit."
)


@dataclass(frozen=True)
class Said:
    """A statement, where it stands in the log."""

    index: int
    round: str | None
    date: dt.date
    by: str
    text: str
    pledge: Mapping[str, str]


@dataclass(frozen=True)
class Offer:
    """A delegation's proposal, counter-proposal or acceptance of a package."""

    index: int
    round: str | None
    date: dt.date
    by: str
    kind: str
    package: int
    items: Mapping[str, str]


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def _spans(pattern: str, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"(?<!\w)" + re.escape(pattern) + r"(?!\w)", text)]


class Reader:
    """Reads positions out of statements for one scenario."""

    def __init__(self, scenario: Scenario):
        self.cards = {c.id: c for c in scenario.cards}
        self.labels: dict[str, list[tuple[str, str]]] = {}  # label -> [(card, option)]
        for card in scenario.cards:
            for option in card.options:
                self.labels.setdefault(_words(option.label), []).append((card.id, option.id))
        self.names = {c.id: {_words(c.title), c.id.replace("_", " ")} for c in scenario.cards}

    def positions(self, text: str) -> list[tuple[str, str, str]]:
        """(card, option, "for" | "against") for each option the text names."""
        out: list[tuple[str, str, str]] = []
        for sentence in re.split(r"[.;!?]+", _words(text)):
            titles = {card: [span for name in names for span in _spans(name, sentence)] for card, names in self.names.items()}
            title_spans = [span for spans in titles.values() for span in spans]
            found: list[tuple[int, int, list[tuple[str, str]]]] = []
            taken: list[tuple[int, int]] = []
            for label in sorted(self.labels, key=len, reverse=True):  # longest first: no label inside another
                for start, end in _spans(label, sentence):
                    if any(a <= start and end <= b and (b - a) > (end - start) for a, b in title_spans):
                        continue  # part of a card's title
                    if any(start < b and a < end for a, b in taken):
                        continue
                    taken.append((start, end))
                    found.append((start, end, self.labels[label]))
            found.sort()
            named = {card for card, spans in titles.items()
                     if any(not any(a <= s and e <= b for a, b in taken) for s, e in spans)}
            previous = 0
            for start, end, choices in found:
                if len(choices) > 1:
                    choices = [(c, o) for c, o in choices if c in named]
                before = sentence[previous:start].split()[-WINDOW:]
                stance = "against" if any(w.strip(",:\"'()") in NEGATIONS for w in before) else "for"
                if len(choices) == 1:
                    out.append((*choices[0], stance))
                previous = end
        return out


def find_commitments(
    scenario: Scenario, said: Iterable[Said], offers: Iterable[Offer], labels: Mapping[tuple[str, str], str]
) -> list[Commitment]:
    """Every commitment made in `said`, with the later `offers` that contradict it.
    `labels` maps (card, option) to the option's label."""
    reader = Reader(scenario)
    offers = sorted(offers, key=lambda o: o.index)
    made: list[tuple[Said, str, str, str, bool]] = []
    for s in sorted(said, key=lambda s: s.index):
        if s.pledge:
            made += [(s, card, option, "for", True) for card, option in s.pledge.items() if card in reader.cards]
        else:
            made += [(s, card, option, stance, False) for card, option, stance in reader.positions(s.text)]
    out = []
    for s, card, option, stance, explicit in made:
        until = min(
            (t.index for t, c, *_ in made if t.by == s.by and c == card and t.index > s.index), default=None
        )
        against = []
        for offer in offers:
            if offer.by != s.by or offer.index <= s.index or (until is not None and offer.index >= until):
                continue
            put = offer.items.get(card)
            if put is None or (put == option) != (stance == "against"):
                continue
            against.append(Move(
                index=offer.index, round=offer.round, date=offer.date, kind=offer.kind, package=offer.package,
                option=put, option_label=labels.get((card, put), put),
            ))
        out.append(Commitment(
            delegation=s.by, card=card, title=reader.cards[card].title, option=option,
            label=labels.get((card, option), option), stance=stance, explicit=explicit, statement=s.text,
            index=s.index, round=s.round, date=s.date, contradicted_by=tuple(against),
        ))
    return out

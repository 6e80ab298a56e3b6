"""Commitments: statements that took a position on a card, and the same delegation's
later moves that went against them.

A statement may carry a structured pledge (card -> option); such a pledge is an
explicit commitment *for* that option. Otherwise the text is read with a heuristic,
which the debrief says it is. Statements stay as they were typed, in any language the
scenario has: the reader knows the labels of every language, and each language's
negations.

1. The text is cut into sentences (at . ; ! ?).
2. A sentence names an option when it contains the option's label in one of the
   scenario's languages (case and spacing aside, whole words; in German, word endings
   aside too: "der beiderseitigen Pause" names "Beiderseitige Pause"). A label that
   several cards share (say "Not addressed") counts only when the sentence also names
   exactly one of those cards, by its title or its id written as words ("foreign
   troops"). A label inside a card's title ("neutral status" in "NATO membership and
   neutral status") is the title, not the option.
3. The commitment is *against* the option when one of the six words before the label
   (since the previous label in the sentence) is a negation of that label's language
   (English: not, never, no, cannot, won't, without, reject, oppose, against...;
   German: nicht, nie, kein, ohne, gegen, ablehnen...). German also puts the negation
   after the object ("Eine Pause lehnen wir ab"), so for a German label the words after
   it count too, up to the next label or comma; otherwise it is *for* the option.
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
from game.debrief.model import Commitment, Move, MoveKind, Stance
from game.i18n import N_

NEGATIONS = {
    "en": frozenset({
        "not", "never", "no", "cannot", "can't", "won't", "don't", "nor", "without",
        "reject", "rejects", "refuse", "refuses", "oppose", "opposes", "against",
    }),
    "de": frozenset({
        "nicht", "nie", "niemals", "nein", "kein", "keine", "keinen", "keinem", "keiner", "keines",
        "keinesfalls", "keineswegs", "ohne", "weder", "gegen", "ablehnen", "lehnen", "lehnt", "abgelehnt",
        "verweigern", "verweigert", "zurückweisen", "unannehmbar", "inakzeptabel",
    }),
}
# Words that end the clause a German label's trailing negation is looked for in: what
# follows them is about the next thing named ("für A und gegen B").
CLAUSE_ENDS = {"de": frozenset({",", "und", "aber", "sondern", "oder", "doch", "jedoch", "sowie"})}
NEGATION_AFTER = frozenset({"de"})  # languages that may put the negation after the object
WINDOW = 6  # words before a label that a negation is looked for in
HEURISTIC = N_(
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
    kind: MoveKind
    package: int
    items: Mapping[str, str]


_GERMAN_ENDINGS = ("en", "em", "er", "es", "e", "n", "s")


def _stem(word: str) -> str:
    """A German word without its inflection ending, for matching ("beiderseitigen" ->
    "beiderseitig"); short words stay as they are."""
    for ending in _GERMAN_ENDINGS:
        if len(word) - len(ending) >= 4 and word.endswith(ending):
            return word[: -len(ending)]
    return word


def _words(text: str, lang: str = "en") -> str:
    if lang != "de":
        return " ".join(text.lower().split())
    # German: endings off, a comma kept as a word of its own (a clause ends there), and
    # "nicht nur" ("not only ... but also") read as no negation
    words = text.lower().replace(",", " , ").replace("nicht nur", "nichtnur").split()
    return " ".join(_stem(w.strip(":\"'()\u201e\u201c\u201d")) for w in words)


def _spans(pattern: str, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"(?<!\w)" + re.escape(pattern) + r"(?!\w)", text)]


def every_language(scenario: Scenario) -> list[tuple[str, Scenario]]:
    """The scenario in each language installed for it (same content), the given one first."""
    from game import i18n
    from game.content.loader import load_scenario_by_id
    from game.content.yamlsource import ContentError

    out = [(scenario.language, scenario)]
    for lang in i18n.LANGUAGES:
        if lang == scenario.language:
            continue
        try:
            other = load_scenario_by_id(scenario.id, lang=lang)
        except (ContentError, OSError):
            continue
        if other.content_hash == scenario.content_hash:
            out.append((lang, other))
    return out


class Reader:
    """Reads positions out of statements for one scenario, in every language it has."""

    def __init__(self, scenario: Scenario, languages: list[tuple[str, Scenario]] | None = None):
        self.cards = {c.id: c for c in scenario.cards}
        self.languages = languages if languages is not None else [("en", scenario)]
        # per language: label -> [(card, option)], and each card's names
        self.labels: dict[str, dict[str, list[tuple[str, str]]]] = {}
        self.names: dict[str, dict[str, set[str]]] = {}
        for lang, version in self.languages:
            labels = self.labels.setdefault(lang, {})
            for card in version.cards:
                for option in card.options:
                    pairs = labels.setdefault(_words(option.label, lang), [])
                    if (card.id, option.id) not in pairs:
                        pairs.append((card.id, option.id))
            names = self.names.setdefault(lang, {})
            for c in version.cards:
                names.setdefault(c.id, set()).update({_words(c.title, lang), c.id.replace("_", " ")})

    def positions(self, text: str) -> list[tuple[str, str, Stance]]:
        """(card, option, "for" | "against") for each option the text names, read in the
        scenario's language whose labels it names most."""
        best: list[tuple[str, str, Stance]] = []
        for lang in self.labels:
            found = self._positions(text, lang)
            if len(found) > len(best):
                best = found
        return best

    def _positions(self, text: str, lang: str) -> list[tuple[str, str, Stance]]:
        out: list[tuple[str, str, Stance]] = []
        labels, names, negations = self.labels[lang], self.names[lang], NEGATIONS.get(lang, NEGATIONS["en"])
        for raw in re.split(r"[.;!?]+", text):
            sentence = _words(raw, lang)
            titles = {card: [span for name in card_names for span in _spans(name, sentence)]
                      for card, card_names in names.items()}
            title_spans = [span for spans in titles.values() for span in spans]
            found: list[tuple[int, int, list[tuple[str, str]]]] = []
            taken: list[tuple[int, int]] = []
            for label in sorted(labels, key=len, reverse=True):  # longest first: no label inside another
                for start, end in _spans(label, sentence):
                    if any(a <= start and end <= b and (b - a) > (end - start) for a, b in title_spans):
                        continue  # part of a card's title
                    if any(start < b and a < end for a, b in taken):
                        continue
                    taken.append((start, end))
                    found.append((start, end, labels[label]))
            found.sort()
            named = {card for card, spans in titles.items()
                     if any(not any(a <= s and e <= b for a, b in taken) for s, e in spans)}
            previous = 0
            for at, (start, end, choices) in enumerate(found):
                if len(choices) > 1:
                    choices = [(c, o) for c, o in choices if c in named]
                near = sentence[previous:start].split()[-WINDOW:]
                if lang in NEGATION_AFTER:
                    following = sentence[end: found[at + 1][0] if at + 1 < len(found) else len(sentence)]
                    clause = []
                    for word in following.split()[:WINDOW]:  # up to the clause's end
                        if word in CLAUSE_ENDS.get(lang, ()):
                            break
                        clause.append(word)
                    near += clause
                stance: Stance = "against" if any(_bare(w) in negations or _unstemmed(w, negations) for w in near) else "for"
                if len(choices) == 1:
                    out.append((*choices[0], stance))
                previous = end
        return out


def _bare(word: str) -> str:
    return word.strip(",:\"'()\u201e\u201c\u201d")


def _unstemmed(word: str, negations: frozenset[str]) -> bool:
    """A negation whose ending the German reading took off ("keinen" read as "kein")."""
    bare = _bare(word)
    return any(_stem(n) == bare for n in negations)


def find_commitments(
    scenario: Scenario, said: Iterable[Said], offers: Iterable[Offer], labels: Mapping[tuple[str, str], str]
) -> list[Commitment]:
    """Every commitment made in `said`, with the later `offers` that contradict it.
    `labels` maps (card, option) to the option's label."""
    reader = Reader(scenario, every_language(scenario))
    offers = sorted(offers, key=lambda o: o.index)
    made: list[tuple[Said, str, str, Stance, bool]] = []
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

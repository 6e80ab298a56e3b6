"""The game log told as a transcript a person reads: one plain-English line per
event a seat may see. Used by the screens now and by the debrief later; it reads
only public labels of the scenario (titles, option labels) and events that have
already been redacted for the seat.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from game.content.models import Scenario
from game.engine import events as E

Kind = Literal["round", "offer", "answer", "agreement", "statement", "event", "meter", "move", "end", "quiet"]

END_REASONS = {
    "end_date": "The calendar ran out.",
    "agreement": "A comprehensive agreement was signed.",
    "walkout": "A delegation walked out.",
    "event": "Events ended the talks.",
    "facilitator": "The facilitator ended the game.",
}


@dataclass(frozen=True)
class Line:
    kind: Kind
    text: str
    notice: bool = False  # a player must see it: it stops play until acknowledged


class Narrator:
    def __init__(self, scenario: Scenario):
        self.sc = scenario
        self.cards = {c.id: c for c in scenario.cards}
        self.events = {e.id: e for e in scenario.events}
        self.rounds = {r.id: r for r in scenario.calendar.rounds}
        self.levers = {(d, lv.id): lv for d, spec in scenario.delegations.items() for lv in spec.levers}
        self.meters = {
            f"{d}.{m.id}": m for d, spec in scenario.delegations.items() for m in spec.meters
        }

    # ------------------------------------------------------------------ names

    def short(self, code: str | None) -> str:
        if code is None:
            return "-"
        spec = self.sc.delegations.get(code)
        return spec.short if spec is not None else code

    def shorts(self, codes) -> str:
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

    def items(self, items: dict[str, str]) -> str:
        return "; ".join(f"{self.card(c)}: {self.option(c, o)}" for c, o in items.items())

    def round(self, rid: str) -> str:
        found = self.rounds.get(rid)
        if found is None:
            return rid
        return found.label if found.place in found.label else f"{found.label} ({found.place})"

    def meter(self, qid: str) -> str:
        found = self.meters.get(qid)
        return found.label if found else qid

    # ------------------------------------------------------------------ lines

    def line(self, event: E.Event) -> Line | None:
        """The transcript line for an event already redacted for the reader, or None
        for bookkeeping the reader does not need (turn ends, the opening)."""
        said = f" \u2014 \u201c{event.reason}\u201d" if isinstance(event, E._Said) and event.reason else ""
        match event:
            case E.RoundStarted():
                return Line("round", f"{self.round(event.round)} opens on {event.date:%d %b %Y}: {event.turns} turns.")
            case E.RoundEnded():
                why = "a recess was called" if event.reason == "recess" else "its turns are used up"
                return Line("round", f"{self.round(event.round)} closes: {why}.")
            case E.RoundMoved():
                verb = "is postponed" if event.days > 0 else "is brought forward"
                return Line(
                    "event",
                    f"{self.round(event.round)} {verb} by {abs(event.days)} day{'s' if abs(event.days) != 1 else ''}: "
                    f"now {event.start:%d %b}\u2013{event.end:%d %b %Y}.",
                    notice=True,
                )
            case E.PackageProposed():
                verb = "counters with" if event.counter else "proposes"
                return Line("offer", f"{self.short(event.by)} {verb} package {event.package}: {self.items(event.items)}.{said}")
            case E.PackageAccepted():
                return Line("answer", f"{self.short(event.by)} accepts package {event.package}.{said}")
            case E.PackageRejected():
                return Line("answer", f"{self.short(event.by)} rejects package {event.package}.{said}")
            case E.PackageLapsed():
                return Line("answer", f"Package {event.package} lapses: {event.why}.")
            case E.AgreementSigned():
                parties = self.shorts(event.parties)
                return Line("agreement", f"SIGNED by {parties}: {self.items(event.items)}.", notice=True)
            case E.AgreementExpired():
                how = "has run its full term" if event.completed else "is no longer in force"
                return Line("agreement", f"The agreement on {self.card(event.card)} {how}.", notice=not event.completed)
            case E.AgreementSuspended():
                return Line("agreement", f"The agreement on {self.card(event.card)} is suspended.", notice=True)
            case E.StatementMade():
                return Line("statement", f"{self.short(event.by)}: \u201c{event.text}\u201d")
            case E.LeverUsed():
                lever = self.levers.get((event.by, event.lever))
                label = lever.label if lever else event.lever
                return Line("move", f"{self.short(event.by)} uses a lever: {label}.{said}")
            case E.RecessCalled():
                return Line("move", f"{self.short(event.by)} calls a recess.{said}")
            case E.WalkedOut():
                return Line("move", f"{self.short(event.by)} walks out of the talks.{said}")
            case E.Passed():
                return Line("quiet", f"{self.short(event.by)} passes.{said}")
            case E.EventFired():
                found = self.events.get(event.event)
                if found is None:
                    return Line("event", f"Event: {event.event}.", notice=True)
                return Line("event", f"{found.title}. {found.text.strip()}", notice=True)
            case E.MessageSent():
                head = f"{event.headline}. " if event.headline else ""
                source = ""
                if event.cause == "facilitator":
                    to = f" (to {' and '.join(self.short(d) for d in event.to)} only)" if event.to else ""
                    source = f"From the facilitator{to}: "
                return Line("event", f"{source}{head}{event.text}", notice=True)
            case E.MeterChanged():
                sign = "+" if event.delta >= 0 else ""
                return Line("meter", f"{self.meter(event.meter)}: {event.value:g} ({sign}{event.delta:g}).")
            case E.RedLineBlocked():
                return Line("answer", "A red line blocked that package.")
            case E.SoftLineCrossed():
                return Line("answer", f"Signing package {event.package} crosses one of your soft red lines, at its cost.")
            case E.RedLineChanged():
                return Line("meter", f"One of your red lines is now {'in force' if event.active else 'lifted'}.")
            case E.CardAdded():
                return Line("event", f"A new card is on the table: {self.card(event.card)}.")
            case E.CardRemoved():
                return Line("event", f"{self.card(event.card)} is off the table.")
            case E.RoundTurnsChanged():
                return Line("round", f"The round now has {event.turns} turns.")
            case E.Paused():
                # No stop-and-read notice: the header says PAUSED while it lasts, and a
                # notice would still be waiting, stale, after the facilitator resumed.
                return Line("event", "The facilitator pauses the table.")
            case E.Resumed():
                return Line("event", "The facilitator resumes the talks.")
            case E.TimedOut():
                then = "the turn passes" if event.then == "pass" else "a computer delegation moves in its place"
                return Line("quiet", f"{self.short(event.by)} ran out of time ({_duration(event.seconds)}): {then}.")
            case E.InfoRevealed():
                return Line("event", self.revealed(event), notice=True)
            case E.SeatHanded():
                who = "a person" if event.to == "person" else f"a computer delegation ({event.to})"
                return Line("event", f"{self.short(event.delegation)}'s seat is now played by {who}.")
            case E.TurnTimerSet():
                if not event.seconds:
                    return Line("event", "The turn timer is off.")
                then = "the delegation passes" if event.then == "pass" else "a computer delegation moves for it"
                return Line("event", f"Turn timer: {_duration(event.seconds)} per turn; when it runs out, {then}.", notice=True)
            case E.GameEnded():
                by = f" ({self.short(event.by)})" if event.by else ""
                return Line("end", f"The game ends{by}: {END_REASONS.get(event.reason, event.reason)}")
        return None

    def revealed(self, event: E.InfoRevealed) -> str:
        """What the facilitator made public about a delegation, in words."""
        spec = self.sc.delegations.get(event.delegation)
        drawn, lines = [], []
        if spec is not None:
            for hidden in spec.hidden:
                variant = next((v for v in hidden.options if v.id == event.variants.get(hidden.id)), None)
                if variant is not None:
                    drawn.append(f"{hidden.label}: {variant.label}")
            labels = {f"{event.delegation}.{line.id}": line.label for line in spec.red_lines}
            lines = [labels.get(qid, qid) for qid in event.red_lines]
        parts = [f"The facilitator reveals {self.short(event.delegation)}'s hidden information."]
        if drawn:
            parts.append("Drawn for this game: " + "; ".join(drawn) + ".")
        parts.append("Red lines in force: " + ("; ".join(lines) if lines else "none") + ".")
        return " ".join(parts)

    def lines(self, events) -> list[Line]:
        return [line for line in map(self.line, events) if line is not None]


def _duration(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if minutes and rest:
        return f"{minutes} min {rest} s"
    return f"{minutes} min" if minutes else f"{rest} s"

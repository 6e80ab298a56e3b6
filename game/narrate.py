"""The game log told as a transcript a person reads: one line per event a seat may
see, in the reader's language. Used by the screens and by the debrief; it reads only
public labels of the scenario (titles, option labels) and events that have already
been redacted for the seat.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from game.agents.voice import render
from game.content import models as cm
from game.engine import events as E
from game.i18n import N_, _, formats, ngettext
from game.i18n import engine as words
from game.i18n.names import Names, holder

Kind = Literal["round", "offer", "answer", "agreement", "statement", "event", "meter", "move", "end", "quiet"]

END_REASONS = {
    "end_date": N_("The calendar ran out."),
    "agreement": N_("A comprehensive agreement was signed."),
    "walkout": N_("A delegation walked out."),
    "event": N_("Events ended the talks."),
    "facilitator": N_("The facilitator ended the game."),
}


def end_reason(reason: str) -> str:
    """How the game ended, as a sentence."""
    return _(END_REASONS[reason]) if reason in END_REASONS else reason


@dataclass(frozen=True)
class Line:
    kind: Kind
    text: str
    notice: bool = False  # a player must see it: it stops play until acknowledged


class Narrator(Names):
    # ------------------------------------------------------------------ what was said

    def said(self, event: E.Event) -> str:
        """What a delegation said with its action, in words: a person's reason as typed,
        a computer delegation's sentence in the reader's language; "" if nothing."""
        if not isinstance(event, E._Said):
            return ""
        if event.say is not None:
            return render(event.say, self)
        return event.reason or ""

    def _quoted(self, event: E.Event) -> str:
        said = self.said(event)
        return _(" \u2014 \u201c{said}\u201d").format(said=said) if said else ""

    def message(self, event: E.MessageSent) -> tuple[str | None, str]:
        """A message's headline and text: the facilitator's own words, or the scenario's."""
        effect = self.effect(event.cause, event.effect)
        if isinstance(effect, cm.Message):
            return effect.headline, effect.text.strip()
        return event.headline, event.text or ""

    def ending(self, event: E.GameEnded) -> str | None:
        """The words of the event that ended the game, if it had any."""
        effect = self.effect(event.cause, event.effect)
        if isinstance(effect, cm.EndGame) and effect.text:
            return effect.text.strip()
        return None

    # ------------------------------------------------------------------ lines

    def line(self, event: E.Event) -> Line | None:
        """The transcript line for an event already redacted for the reader, or None
        for bookkeeping the reader does not need (turn ends, the opening)."""
        said = self._quoted(event)
        match event:
            case E.RoundStarted():
                return Line("round", ngettext("{round} opens on {date}: {turns} turn.",
                                              "{round} opens on {date}: {turns} turns.", event.turns).format(
                    round=self.round(event.round), date=formats.date(event.date), turns=event.turns))
            case E.RoundEnded():
                template = _("{round} closes: a recess was called.") if event.reason == "recess" else _(
                    "{round} closes: its turns are used up.")
                return Line("round", template.format(round=self.round(event.round)))
            case E.RoundMoved():
                days = abs(event.days)
                if event.days > 0:
                    template = ngettext("{round} is postponed by {days} day: now {start}\u2013{end}.",
                                        "{round} is postponed by {days} days: now {start}\u2013{end}.", days)
                else:
                    template = ngettext("{round} is brought forward by {days} day: now {start}\u2013{end}.",
                                        "{round} is brought forward by {days} days: now {start}\u2013{end}.", days)
                text = template.format(round=self.round(event.round), days=days,
                                       start=formats.day(event.start), end=formats.date(event.end))
                return Line("event", text, notice=True)
            case E.PackageProposed():
                template = _("{who} counters with package {number}: {items}.") if event.counter else _(
                    "{who} proposes package {number}: {items}.")
                text = template.format(who=self.short(event.by), number=event.package, items=self.items(event.items))
                return Line("offer", text + said)
            case E.PackageAccepted():
                return Line("answer", _("{who} accepts package {number}.").format(
                    who=self.short(event.by), number=event.package) + said)
            case E.PackageRejected():
                return Line("answer", _("{who} rejects package {number}.").format(
                    who=self.short(event.by), number=event.package) + said)
            case E.PackageLapsed():
                return Line("answer", _("Package {number} lapses: {why}.").format(
                    number=event.package, why=words.lapse(event.why)))
            case E.AgreementSigned():
                return Line("agreement", _("SIGNED by {parties}: {items}.").format(
                    parties=self.shorts(event.parties), items=self.items(event.items)), notice=True)
            case E.AgreementExpired():
                template = _("The agreement on {card} has run its full term.") if event.completed else _(
                    "The agreement on {card} is no longer in force.")
                return Line("agreement", template.format(card=self.card(event.card)), notice=not event.completed)
            case E.AgreementSuspended():
                return Line("agreement", _("The agreement on {card} is suspended.").format(card=self.card(event.card)),
                            notice=True)
            case E.StatementMade():
                return Line("statement", _("{who}: \u201c{text}\u201d").format(who=self.short(event.by), text=event.text))
            case E.LeverUsed():
                return Line("move", _("{who} uses a lever: {lever}.").format(
                    who=self.short(event.by), lever=self.lever(f"{event.by}.{event.lever}")) + said)
            case E.RecessCalled():
                return Line("move", _("{who} calls a recess.").format(who=self.short(event.by)) + said)
            case E.WalkedOut():
                return Line("move", _("{who} walks out of the talks.").format(who=self.short(event.by)) + said)
            case E.Passed():
                return Line("quiet", _("{who} passes.").format(who=self.short(event.by)) + said)
            case E.EventFired():
                found = self.events.get(event.event)
                if found is None:
                    return Line("event", _("Event: {event}.").format(event=event.event), notice=True)
                return Line("event", _("{title}. {text}").format(title=found.title, text=found.text.strip()), notice=True)
            case E.MessageSent():
                headline, text = self.message(event)
                if headline:
                    text = _("{headline}. {text}").format(headline=headline, text=text)
                if event.cause == "facilitator":
                    if event.to:
                        text = _("From the facilitator (to {whom} only): {text}").format(
                            whom=self.shorts(event.to), text=text)
                    else:
                        text = _("From the facilitator: {text}").format(text=text)
                return Line("event", text, notice=True)
            case E.MeterChanged():
                return Line("meter", _("{meter}: {value} ({delta}).").format(
                    meter=self.meter(event.meter), value=formats.compact(event.value),
                    delta=formats.signed(event.delta, 6, exact=False)))
            case E.RedLineBlocked():
                return Line("answer", _("A red line blocked that package."))
            case E.SoftLineCrossed():
                return Line("answer", _("Signing package {number} crosses one of your soft red lines, at its cost.").format(
                    number=event.package))
            case E.RedLineChanged():
                return Line("meter", _("One of your red lines is now in force.") if event.active else _(
                    "One of your red lines is now lifted."))
            case E.CardAdded():
                return Line("event", _("A new card is on the table: {card}.").format(card=self.card(event.card)))
            case E.CardRemoved():
                return Line("event", _("{card} is off the table.").format(card=self.card(event.card)))
            case E.RoundTurnsChanged():
                return Line("round", ngettext("The round now has {turns} turn.", "The round now has {turns} turns.",
                                              event.turns).format(turns=event.turns))
            case E.Paused():
                # No stop-and-read notice: the header says PAUSED while it lasts, and a
                # notice would still be waiting, stale, after the facilitator resumed.
                return Line("event", _("The facilitator pauses the table."))
            case E.Resumed():
                return Line("event", _("The facilitator resumes the talks."))
            case E.TimedOut():
                template = _("{who} ran out of time ({duration}): the turn passes.") if event.then == "pass" else _(
                    "{who} ran out of time ({duration}): a computer delegation moves in its place.")
                return Line("quiet", template.format(who=self.short(event.by), duration=duration(event.seconds)))
            case E.InfoRevealed():
                return Line("event", self.revealed(event), notice=True)
            case E.SeatHanded():
                if event.to == "person":
                    text = _("{who}'s seat is now played by a person.").format(who=self.short(event.delegation))
                else:
                    text = _("{who}'s seat is now played by a computer delegation ({kind}).").format(
                        who=self.short(event.delegation), kind=holder(event.to, short=True))
                return Line("event", text)
            case E.TurnTimerSet():
                if not event.seconds:
                    return Line("event", _("The turn timer is off."))
                template = _("Turn timer: {duration} per turn; when it runs out, the delegation passes.") if (
                    event.then == "pass") else _(
                    "Turn timer: {duration} per turn; when it runs out, a computer delegation moves for it.")
                return Line("event", template.format(duration=duration(event.seconds)), notice=True)
            case E.GameEnded():
                how = end_reason(event.reason)
                if event.by:
                    return Line("end", _("The game ends ({who}): {how}").format(who=self.short(event.by), how=how))
                return Line("end", _("The game ends: {how}").format(how=how))
        return None

    def revealed(self, event: E.InfoRevealed) -> str:
        """What the facilitator made public about a delegation, in words."""
        spec = self.sc.delegations.get(event.delegation)
        drawn, lines = [], []
        if spec is not None:
            for hidden in spec.hidden:
                variant = next((v for v in hidden.options if v.id == event.variants.get(hidden.id)), None)
                if variant is not None:
                    drawn.append(_("{hidden}: {variant}").format(hidden=hidden.label, variant=variant.label))
            lines = [self.red_line(qid) for qid in event.red_lines]
        parts = [_("The facilitator reveals {who}'s hidden information.").format(who=self.short(event.delegation))]
        if drawn:
            parts.append(_("Drawn for this game: {drawn}.").format(drawn="; ".join(drawn)))
        if lines:
            parts.append(_("Red lines in force: {lines}.").format(lines="; ".join(lines)))
        else:
            parts.append(_("Red lines in force: none."))
        return " ".join(parts)

    def lines(self, events) -> list[Line]:
        return [line for line in map(self.line, events) if line is not None]


def duration(seconds: int) -> str:
    """A duration in minutes and seconds: 1 min 30 s."""
    minutes, rest = divmod(seconds, 60)
    if minutes and rest:
        return _("{minutes} min {seconds} s").format(minutes=minutes, seconds=rest)
    if minutes:
        return _("{minutes} min").format(minutes=minutes)
    return _("{seconds} s").format(seconds=rest)

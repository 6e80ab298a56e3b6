"""The table's smaller panels: the calendar strip, the package on the table, the
draft's appraisal, and the transcript. Each renders what one seat may see."""

from __future__ import annotations

from string import Formatter

from rich.text import Text
from textual.events import Resize
from textual.widgets import RichLog, Static

from game.engine.appraise import Appraisal, appraise, score_parts
from game.engine.views import View
from game.i18n import N_, _, formats, ngettext
from game.narrate import Line, Narrator
from game.tui.widgets.cards import HARD, SOFT, option_label
from game.tui.widgets.tone import themed

STYLE = {
    "round": "bold cyan",
    "offer": "",
    "answer": "",
    "agreement": "bold green",
    "statement": "italic",
    "event": "bold yellow",
    "meter": "dim",
    "move": "magenta",
    "end": "bold",
    "quiet": "dim",
}


def who(view: View, code: str | None, seat: str) -> str:
    if code is None:
        return "-"
    short = next((d.short for d in view.delegations if d.code == code), code)
    return _("{who} (you)").format(who=short) if code == seat else short


figure, signed = formats.fixed, formats.signed  # the reader's way of writing figures


def styled(template: str, style: str = "", head: str | None = None, **values: str | tuple[str, str] | Text) -> Text:
    """A translated `template` filled in as Rich text: its own words in `style` (those before the
    first placeholder in `head`, if given), each value in its own style: a `(text, style)` pair,
    a Text as it is, or a plain string in `style`."""
    out = Text()
    first = True
    for literal, field, _spec, _conversion in Formatter().parse(template):
        if literal:
            out.append(literal, style=head if first and head is not None else style)
        if field is None:
            continue
        first = False
        value = values[field]
        if isinstance(value, Text):
            out.append_text(value)
        elif isinstance(value, tuple):
            out.append(value[0], style=value[1])
        else:
            out.append(value, style=style)
    return out


class ThemedStatic(Static):
    """A Static whose Rich text follows the theme (see `tone.themed`)."""

    def show_text(self, text: Text) -> None:
        self._last = text
        self.update(themed(text, self.app.current_theme.dark))

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._retheme, init=False)

    def _retheme(self) -> None:
        if getattr(self, "_last", None) is not None:
            self.update(themed(self._last, self.app.current_theme.dark))


class CalendarStrip(ThemedStatic):
    """Round, place, date, turns left, the next round (postponements shown), meters."""

    def show(self, view: View, seat: str) -> None:
        head = Text()
        rnd = view.round
        if rnd is not None:
            number = next(i for i, r in enumerate(view.rounds, 1) if r.id == rnd.id)
            head.append(f"{rnd.label}", style="bold")
            place = "" if rnd.place in rnd.label else f" \u00b7 {rnd.place}"
            head.append(f" ({number}/{len(view.rounds)}){place} \u00b7 {formats.weekday_date(view.date)}")
            head.append(" \u00b7 " + ngettext("{count} turn left", "{count} turns left", view.turns_left).format(
                count=view.turns_left))
        else:
            head.append(_("Between rounds"), style="bold")
            head.append(f" \u00b7 {formats.weekday_date(view.date)}")
        if view.paused:
            head.append(" \u00b7 " + _("PAUSED by the facilitator"), style="bold red")
        elif view.whose_turn is not None:
            head.append(" \u00b7 ")
            turn = who(view, view.whose_turn, seat), "bold reverse" if view.whose_turn == seat else "bold"
            head.append_text(styled(_("Turn: {who}"), who=turn))
        nxt_line = Text()
        if rnd is not None and rnd.start != rnd.planned_start:
            if rnd.start > rnd.planned_start:
                moved = _("This round was postponed from {date}")
            else:
                moved = _("This round was brought forward from {date}")
            nxt_line.append(moved.format(date=formats.day(rnd.planned_start)), style="bold yellow")
            nxt_line.append(" \u00b7 ")
        upcoming = [r for r in view.rounds if r.status == "planned"]
        if upcoming:
            nxt = upcoming[0]
            nxt_line.append(_("Next: {round}, {date}").format(round=nxt.label, date=formats.day(nxt.start)))
            if nxt.start != nxt.planned_start:
                if nxt.start > nxt.planned_start:
                    moved = _("(postponed from {date})")
                else:
                    moved = _("(brought forward from {date})")
                nxt_line.append(" " + moved.format(date=formats.day(nxt.planned_start)), style="bold yellow")
        else:
            nxt_line.append(_("No later round"))
        nxt_line.append(" \u00b7 " + _("the talks end {date}").format(date=formats.date(view.calendar_end)))
        if seat in view.private:
            usable = [lv.label for lv in view.private[seat].levers if lv.available and lv.uses_left > 0]
            nxt_line.append(" \u00b7 ")
            levers = (", ".join(usable), "magenta") if usable else (_("none now"), "dim")
            # Translators: (l) is the key that opens the levers.
            nxt_line.append_text(styled(_("Levers (l): {levers}"), levers=levers))
        meters = Text()
        if seat in view.private:  # the seat's own standing first: the line is cut at the width
            now = score_parts(view, seat)
            score = signed(now.score), "bold green" if now.score >= 0 else "bold red"
            meters.append_text(styled(_("Score {score}"), head="bold", score=score))
            meters.append(" \u00b7 " + _("BATNA {batna} ({moved} since the start)").format(
                batna=figure(now.batna), moved=signed(now.moved)) + " \u00b7 ")
        public = (m for m in view.public_meters if m.public)  # the facilitator's view holds every meter
        shown = {m.id: m for m in (*public, *(view.private[seat].meters if seat in view.private else ()))}.values()
        listed = Text()
        for i, m in enumerate(shown):
            listed.append(("" if i == 0 else " \u00b7 ") + f"{m.label} {formats.number(m.value, 2)}",
                          style="" if m.public else "cyan")
        meters.append_text(styled(_("Meters: {meters}"), head="dim", meters=listed))
        self.show_text(Text("\n").join([head, nxt_line, meters]))  # app.tcss cuts each line to the width


class TablePanel(ThemedStatic):
    """The package on the table: what it says, who accepted, whose consent it needs,
    and (`appraisal`) what it is worth to you."""

    # Translators: an observer is shown only the first sentence (up to the first ". ").
    EMPTY = N_("Nothing is on the table. Draft a package on the cards and propose it (p).")

    def show(self, view: View, seat: str) -> None:
        pkg = view.table
        if pkg is None:
            self.border_title = _("On the table")
            # An observer (no private part) drafts nothing: only the first sentence.
            empty = _(self.EMPTY)
            self.show_text(Text(empty if seat in view.private else empty.split(". ")[0].rstrip(".") + ".", style="dim"))
            return
        if pkg.counter:
            self.border_title = _("On the table: package {number} (counter)").format(number=pkg.id)
        else:
            self.border_title = _("On the table: package {number}").format(number=pkg.id)
        cards = {c.id: c for c in view.cards}
        out = Text()
        out.append(_("by {who}").format(who=who(view, pkg.by, seat)), style="bold")
        accepted = ", ".join(who(view, d, seat) for d in pkg.accepted_by)
        if accepted:
            out.append(" \u00b7 " + _("accepted: {who}").format(who=accepted))
        out.append("\n")
        for card, option in pkg.items.items():
            out.append(f"\u2022 {cards[card].title}: ", style="dim")
            out.append(option_label(cards[card], option) + "\n")
        waiting = [d for d in pkg.needs if d not in pkg.accepted_by]
        if waiting:
            out.append(_("Waiting for: {who}").format(who=", ".join(who(view, d, seat) for d in waiting)) + "\n")
        self.appraisal(out, view, seat, waiting)
        self.show_text(out)

    def appraisal(self, out: Text, view: View, seat: str, waiting: list[str]) -> None:
        if view.table is None:
            return
        if seat in view.private:
            out.append_text(worth_line(appraise(view, seat, view.table.items)))
            if seat in waiting:
                # Translators: a, r and c are keys.
                out.append("\n" + _("a accept \u00b7 r reject \u00b7 c counter"), style="bold")


def worth_line(a: Appraisal, sep: str = "\n") -> Text:
    """What signing a package now would change in the reader's score, where that leaves
    it (its score then, and how it then stands against its BATNA now), and the reader's
    own red lines it crosses; `sep` puts the red lines on lines of their own or runs them on.
    Every figure is from `appraise` (`game.engine.value`)."""
    worth = signed(a.worth), "bold green" if a.worth > 0.05 else "bold red" if a.worth < -0.05 else "bold"
    out = styled(_("If signed now: {worth} to your score"), head="bold", worth=worth)
    out.append(" · " + _("score then {score} · vs your BATNA now {batna}").format(
        score=signed(a.score_then), batna=signed(a.over_batna)), style="dim")
    if a.hard:
        out.append(sep + _("{mark} crosses your red line: {lines}").format(
            mark=HARD, lines="; ".join(line.label for line in a.hard)), style="bold red")
    if a.soft:
        out.append(sep + _("{mark} soft line, paid at signing: {lines}").format(
            mark=SOFT, lines="; ".join(line.label for line in a.soft)), style="yellow")
    return out


def lapse_warning(view: View, late: tuple[str, ...]) -> str:
    """Said before a package is proposed that some delegation whose consent it needs
    cannot answer: it gets no turn before the round ends, when the package lapses."""
    names = [d.short for d in view.delegations if d.code in late]
    # Translators: the end of a list of delegations: "Moscow, Kyiv and Washington".
    who = names[0] if len(names) == 1 else _("{names} and {last}").format(names=", ".join(names[:-1]), last=names[-1])
    return _("{who}: no turn left this round to answer. Proposed now, this package lapses unanswered.").format(who=who)


class DraftPanel(ThemedStatic):
    """Your draft package, appraised live (red lines, what signing it now would do to your score), and
    the last message for you (a refusal, a hint). Two lines under the cards; a third only
    to warn that a package proposed now would lapse unanswered."""

    def show(self, view: View, seat: str, draft: dict[str, str], status: Text | None = None) -> None:
        out = Text()
        mine = seat in view.private and view.whose_turn == seat
        late = view.cannot_answer(seat, draft) if draft and mine else ()
        self.set_class(bool(late), "-warning")
        if status is not None:  # first: a refusal or a hint must not scroll out of sight
            out.append_text(status)
            out.append("\n")
        if seat not in view.private:  # an observer watches the table; nothing to draft
            out.append(_("Observing: you see what every delegation sees, and no delegation's own brief or lines."),
                       style="dim")
            self.show_text(out)
            return
        n = len(draft)
        out.append(ngettext("Your draft ({count} card):", "Your draft ({count} cards):", n).format(count=n) + " ",
                   style="bold")
        if not draft:
            # Translators: d is a key.
            out.append(_("on a card, \u2190 \u2192 pick an option; d copies the package on the table."), style="dim")
        elif seat in view.private:
            out.append_text(worth_line(appraise(view, seat, draft), sep=" "))
            if late:  # first: what would happen to the package matters more than the keys
                out.append("\n" + lapse_warning(view, late), style="yellow")
            elif status is None:
                # Translators: p, c, x and Delete are keys.
                out.append("\n" + _("p propose \u00b7 c counter \u00b7 x clear \u00b7 Delete drops a card"),
                           style="dim")
        self.show_text(out)


class Transcript(RichLog):
    """Statements, offers, reasons and events, as the seat saw them."""

    def __init__(self, **kwargs) -> None:
        super().__init__(wrap=True, markup=False, auto_scroll=True, min_width=20, **kwargs)
        self.lines_shown: list[Line] = []
        self._wrapped_at = 0  # the width the lines were wrapped at

    def add(self, lines: list[Line]) -> None:
        dark = self.app.current_theme.dark
        self.lines_shown += lines
        for line in lines:
            self.write(themed(Text(line.text, style=STYLE.get(line.kind, "")), dark))

    def reset(self, narrator: Narrator, events) -> None:
        self.rewrite(narrator.lines(events))

    def rewrite(self, lines: list[Line]) -> None:
        self.clear()
        self.lines_shown = []
        self.add(lines)

    def on_resize(self, event: Resize | None = None) -> None:
        """A wrapped line keeps the width it was written at: when the width changes, the
        lines are written again, wrapped anew (scrolled to the end, as after a move)."""
        width = self.scrollable_content_region.width
        if self._wrapped_at and width != self._wrapped_at and self.lines_shown:
            self.rewrite(list(self.lines_shown))
        self._wrapped_at = width

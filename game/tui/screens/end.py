"""End screen: how the game ended, every delegation's score against its BATNA, the
hidden readings revealed, and a short summary; `d` opens the full debrief and `r`
replays the game from any seat's point of view."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Label, Static

from game.engine import events as E
from game.engine.views import View
from game.i18n import N_, _, formats, ngettext
from game.narrate import Narrator, end_reason
from game.play import Played
from game.tui.screens.base import ParleyScreen
from game.tui.widgets.cards import option_label
from game.tui.widgets.footer import Footer
from game.tui.widgets.panels import signed as with_sign


def summary_lines(view: View, events: list[E.Event], narrator: Narrator) -> list[str]:
    """A few sentences on what happened: offers made, texts signed, events that mattered."""
    offers = sum(1 for e in events if isinstance(e, E.PackageProposed))
    signed = [e for e in events if isinstance(e, E.AgreementSigned)]
    fired = [e for e in events if isinstance(e, (E.EventFired, E.RoundMoved))]
    rounds = sum(1 for e in events if isinstance(e, E.RoundStarted))
    held = ngettext("{count} round held", "{count} rounds held", rounds).format(count=rounds)
    put = ngettext("{count} package put on the table", "{count} packages put on the table", offers).format(count=offers)
    # Translators: {rounds} is "3 rounds held", {packages} "5 packages put on the table".
    out = [_("{rounds}, {packages}.").format(rounds=held, packages=put)]
    if signed:
        for e in signed:
            parties = narrator.shorts(e.parties)
            out.append(_("Signed by {parties}: {items}.").format(parties=parties, items=narrator.items(e.items)))
    else:
        out.append(_("Nothing was signed."))
    moved = [e for e in fired if isinstance(e, E.RoundMoved)]
    if moved:
        moves = "; ".join(
            ngettext("{round} by {days} day", "{round} by {days} days", abs(e.days)).format(
                round=narrator.round(e.round), days=f"{e.days:+d}")
            for e in moved
        )
        out.append(_("Rounds moved: {moves}.").format(moves=moves))
    return out


class EndScreen(ParleyScreen[None]):
    BINDINGS = [
        Binding("d", "debrief", N_("Debrief")),
        Binding("r", "replay", N_("Replay")),
        Binding("enter,escape,q", "lobby", N_("Back to the lobby"), priority=True),
    ]

    def __init__(self, view: View, events: list[E.Event], narrator: Narrator, played: Played | None = None) -> None:
        super().__init__()
        self.view = view
        self.events = events
        self.narrator = narrator
        self.played = played
        self.sub_title = _("The talks are over")

    def compose(self) -> ComposeResult:
        view, end = self.view, self.view.end
        yield Header()
        with VerticalScroll(id="end"):
            reason = (end_reason(end.reason) if end else _("The game is over.")).rstrip(".")
            if end and end.by:
                ended = _("How it ended: {reason} ({who}) on {date}.").format(
                    reason=reason, who=self.narrator.short(end.by), date=formats.date(view.date))
            else:
                ended = _("How it ended: {reason} on {date}.").format(reason=reason, date=formats.date(view.date))
            yield Label(Text(ended, style="bold"), id="end-reason")
            table: DataTable[str | Text] = DataTable(id="scores", cursor_type="none", show_cursor=False)
            table.add_columns(_("Delegation"), _("Score (vs BATNA at the start)"), _("Hidden reading (revealed)"))
            for d in view.delegations:
                score = end.scores.get(d.code, 0.0) if end else 0.0
                variants = "; ".join(f"{v.label}" for v in end.variants.get(d.code, ())) if end else ""
                table.add_row(
                    d.name, Text(with_sign(score), style="green" if score >= 0 else "red"), variants or _("none")
                )
            yield table
            yield Label(_("Signed text"), classes="section")
            signed = [c for c in view.cards if c.signed is not None]
            text = Text()
            if not signed:
                text.append(_("Nothing was signed; the status quo holds on every card."), style="dim")
            for card in signed:
                s = card.signed
                assert s is not None  # (the cards signed)
                if s.completed:
                    line = _("{card}: {option} (ran its full term)")
                elif s.suspended:
                    line = _("{card}: {option} (suspended)")
                else:
                    line = "{card}: {option}"
                text.append("\u2022 " + line.format(card=card.title, option=option_label(card, s.option)) + "\n")
            yield Static(text)
            yield Label(_("Summary"), classes="section")
            yield Static("\n".join(summary_lines(view, self.events, self.narrator)))
            # Translators: d and r are keys.
            yield Label(_("d opens the full debrief (scores against the Nash point, red lines, concession "
                          "curves, questions for the class); r replays the game from any seat."), classes="dialog-hint")
            yield Label(
                _("A positive score means the outcome beat that delegation's BATNA (its best alternative to "
                  "a negotiated agreement)."), classes="dialog-hint",
            )
        yield Footer()

    def action_debrief(self) -> None:
        from game.tui.screens.debrief import DebriefScreen

        if self.played is None:
            self.notify(_("This game's log is not at hand for a debrief."), severity="warning")
            return
        p = self.played
        self.app.push_screen(DebriefScreen(p.rules, list(p.steps), p.header, p.path, replay=self.action_replay))

    def action_replay(self) -> None:
        if self.played is None:
            self.notify(_("This game's log is not at hand for a replay."), severity="warning")
            return
        own = self.view.viewer if self.view.viewer in self.view.parties else None  # the facilitator's: everything
        self.app.open_replay(self.played, current=own)  # the player's own seat first

    def action_lobby(self) -> None:
        self.dismiss(None)

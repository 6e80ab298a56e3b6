"""End screen: how the game ended, every delegation's score against its BATNA, the
hidden readings revealed, and a short summary; `d` opens the full debrief and `r`
replays the game from any seat's point of view."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Label, Static

from game.engine import events as E
from game.engine.rules import Rules
from game.engine.views import View
from game.store.log import Header as SaveHeader
from game.store.log import Step
from game.narrate import END_REASONS, Narrator
from game.tui.widgets.cards import option_label


def summary_lines(view: View, events: list[E.Event], narrator: Narrator) -> list[str]:
    """A few sentences on what happened: offers made, texts signed, events that mattered."""
    offers = sum(1 for e in events if isinstance(e, E.PackageProposed))
    signed = [e for e in events if isinstance(e, E.AgreementSigned)]
    fired = [e for e in events if isinstance(e, (E.EventFired, E.RoundMoved))]
    rounds = sum(1 for e in events if isinstance(e, E.RoundStarted))
    out = [f"{rounds} round{'s' if rounds != 1 else ''} held, {offers} package{'s' if offers != 1 else ''} put on the table."]
    if signed:
        for e in signed:
            parties = narrator.shorts(e.parties)
            out.append(f"Signed by {parties}: {narrator.items(e.items)}.")
    else:
        out.append("Nothing was signed.")
    moved = [e for e in fired if isinstance(e, E.RoundMoved)]
    if moved:
        out.append("Rounds moved: " + "; ".join(f"{narrator.round(e.round)} by {e.days:+d} day{'s' if abs(e.days) != 1 else ''}" for e in moved) + ".")
    return out


@dataclass(frozen=True)
class Played:
    """A game's log and where it is saved: what the debrief and the replay read."""

    rules: Rules
    steps: tuple[Step, ...]
    header: SaveHeader | None
    path: Path | None

    @classmethod
    def of(cls, match) -> "Played":
        return cls(match.rules, tuple(match.session.steps), match.header(), match.path)


class EndScreen(Screen[None]):
    BINDINGS = [
        Binding("d", "debrief", "Debrief"),
        Binding("r", "replay", "Replay"),
        Binding("enter,escape,q", "lobby", "Back to the lobby", priority=True),
    ]

    def __init__(self, view: View, events: list[E.Event], narrator: Narrator, played: Played | None = None) -> None:
        super().__init__()
        self.view = view
        self.events = events
        self.narrator = narrator
        self.played = played
        self.sub_title = "The talks are over"

    def compose(self) -> ComposeResult:
        view, end = self.view, self.view.end
        yield Header()
        with VerticalScroll(id="end"):
            reason = END_REASONS.get(end.reason, end.reason) if end else "The game is over."
            by = f" ({self.narrator.short(end.by)})" if end and end.by else ""
            yield Label(Text(f"How it ended: {reason.rstrip('.')}{by} on {view.date:%d %b %Y}.", style="bold"), id="end-reason")
            table = DataTable(id="scores", cursor_type="none", show_cursor=False)
            table.add_columns("Delegation", "Score (vs BATNA at the start)", "Hidden reading (revealed)")
            for d in view.delegations:
                score = end.scores.get(d.code, 0.0) if end else 0.0
                variants = "; ".join(f"{v.label}" for v in end.variants.get(d.code, ())) if end else ""
                table.add_row(
                    d.name, Text(f"{score:+.1f}", style="green" if score >= 0 else "red"), variants or "none"
                )
            yield table
            yield Label("Signed text", classes="section")
            signed = [c for c in view.cards if c.signed is not None]
            text = Text()
            if not signed:
                text.append("Nothing was signed; the status quo holds on every card.", style="dim")
            for card in signed:
                s = card.signed
                state = " (ran its full term)" if s.completed else " (suspended)" if s.suspended else ""
                text.append(f"\u2022 {card.title}: {option_label(card, s.option)}{state}\n")
            yield Static(text)
            yield Label("Summary", classes="section")
            yield Static("\n".join(summary_lines(view, self.events, self.narrator)))
            yield Label("d opens the full debrief (scores against the Nash point, red lines, concession "
                        "curves, questions for the class); r replays the game from any seat.", classes="dialog-hint")
            yield Label(
                "A positive score means the outcome beat that delegation's BATNA (its best alternative to "
                "a negotiated agreement).", classes="dialog-hint",
            )
        yield Footer()

    def action_debrief(self) -> None:
        from game.tui.screens.debrief import DebriefScreen

        if self.played is None:
            self.notify("This game's log is not at hand for a debrief.", severity="warning")
            return
        p = self.played
        self.app.push_screen(DebriefScreen(p.rules, list(p.steps), p.header, p.path, replay=self.action_replay))

    def action_replay(self) -> None:
        if self.played is None:
            self.notify("This game's log is not at hand for a replay.", severity="warning")
            return
        own = self.view.viewer if self.view.viewer in ("ru", "ua", "us") else None  # the facilitator's: everything
        self.app.open_replay(self.played, current=own)  # the player's own seat first

    def action_lobby(self) -> None:
        self.dismiss(None)

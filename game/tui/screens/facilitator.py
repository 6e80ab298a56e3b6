"""The facilitator's console: the whole table at a glance (every delegation's meters,
red lines, hidden reading and what the package on the table is worth to it) and the
controls to steer it. Every control is a command that goes into the log.

People at a facilitated game take the keyboard in turn: Enter lends them the table
screen, which covers the console and comes back to it when no person is to move. At
a hosted table (`parley join` with the facilitator's code) the delegations play from
their own seats instead, and c withdraws a seat's join code.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widgets import Footer, Header

from game.engine import commands as C
from game.engine.appraise import appraise, score_parts
from game.engine.views import FACILITATOR, View
from game.match import PERSON, Match, MatchError, Moved
from game.narrate import Line, Narrator
from game.brief import briefing_markdown
from game.tui.screens.briefing import BriefingScreen
from game.tui.screens.dialogs import ChooseScreen, ConfirmScreen, InjectScreen, NoticeScreen
from game.tui.screens.lobby import SEAT_CHOICES
from game.tui.screens.table import MatchScreen, SeatMemory, TableScreen
from game.turnclock import TurnClock, clock_text
from game.tui.widgets.cards import HARD, SOFT, option_label
from game.tui.widgets.panels import CalendarStrip, ThemedStatic, Transcript

MOVES = [
    ("Postpone the next round by 1 day", "1"), ("Postpone it by 3 days", "3"), ("Postpone it by 7 days", "7"),
    ("Postpone it by 14 days", "14"), ("Bring it forward by 1 day", "-1"), ("Bring it forward by 3 days", "-3"),
    ("Bring it forward by 7 days", "-7"),
]
TURNS = [("Lengthen by 1 turn", "1"), ("Lengthen by 3 turns", "3"), ("Shorten by 1 turn", "-1"), ("Shorten by 3 turns", "-3")]
TIMERS = [("No turn timer", "0:pass")] + [
    (f"{m} min per turn; then {'the delegation passes' if then == 'pass' else 'a computer moves for it'}", f"{m * 60}:{then}")
    for m in (1, 2, 3, 5, 10) for then in ("pass", "computer")
]
SEAT_LABELS = dict((value, label) for label, value in SEAT_CHOICES)


def seat_label(spec: str) -> str:
    return SEAT_LABELS.get(spec, spec).replace("Computer: ", "computer, ")


class FacilitatorScreen(MatchScreen):
    BINDINGS = [
        Binding("enter", "hand_keyboard", "Hand over"),
        Binding("p", "pause", "Pause"),
        Binding("f", "fire_event", "Event"),
        Binding("i", "inject", "Inject"),
        Binding("m", "move_round", "Round"),
        Binding("t", "turns", "Turns"),
        Binding("v", "reveal", "Reveal"),
        Binding("h", "hand_seat", "Seat"),
        Binding("k", "timer", "Timer"),
        Binding("c", "codes", "Codes"),
        Binding("x", "end_game", "End"),
        Binding("b", "briefs", "Briefs", show=False),
        Binding("ctrl+s", "save_as", "Save", show=False),
        Binding("space", "skip", "Skip wait", show=False),
        Binding("q", "leave", "Lobby"),
        Binding("q", "leave_table", "Leave"),
    ]

    def __init__(self, match: Match, pace: float = 0.8) -> None:
        super().__init__()
        self.match = match
        self.pace = pace
        self.narrator = Narrator(match.scenario)
        self.memory = SeatMemory.for_match(match)  # what the people have seen, across the times they take the keyboard
        self.shown = 0  # raw events already in the transcript
        self._move_timer: Timer | None = None
        self._busy = False
        self._leaving = False
        self.title = "Parley \u2014 Facilitator"
        self.sub_title = match.scenario.title

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header()
        yield CalendarStrip(id="strip")
        with Horizontal(id="fac-main"):
            with VerticalScroll(id="fac-left"):
                yield ThemedStatic(id="fac-table")
            with VerticalScroll(id="fac-right"):
                yield ThemedStatic(id="fac-delegations")
        yield ThemedStatic(id="fac-status")
        yield Transcript(id="transcript")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        # (MatchScreen.on_mount runs too: Textual calls the handler of every class in turn.)
        self.clock = TurnClock(self.app.ticker)
        if self.remote:
            self.title = f"Parley \u2014 Facilitator \u00b7 {self.match.table}"
        self.query_one("#fac-left").border_title = "The table"
        self.query_one("#fac-right").border_title = "Delegations (everything they know)"
        self.set_interval(1.0, self.tick)
        self.catch_up()
        self.call_after_refresh(self.advance)

    @property
    def view(self) -> View:
        return self.match.view(FACILITATOR)

    def refresh_view(self) -> None:
        view = self.view
        self.query_one(CalendarStrip).show(view, FACILITATOR)
        self.query_one("#fac-table", ThemedStatic).show_text(self.table_text(view))
        self.query_one("#fac-delegations", ThemedStatic).show_text(self.delegations_text(view))

    def catch_up(self) -> None:
        """The transcript gets every event since it was last shown (the people's moves too)."""
        count = self.match.event_count()
        if count > self.shown:
            self.query_one(Transcript).add(self.narrator.lines(self.match.transcript_since(FACILITATOR, self.shown)))
            self.shown = count
        self.refresh_view()

    def table_text(self, view: View) -> Text:
        out = Text()
        pkg = view.table
        cards = {c.id: c for c in view.cards}
        if pkg is None:
            out.append("Nothing is on the table.\n", style="dim")
        else:
            out.append(f"Package {pkg.id} by {self.narrator.short(pkg.by)}", style="bold")
            if pkg.accepted_by:
                out.append(" \u00b7 accepted: " + self.narrator.shorts(pkg.accepted_by))
            waiting = [d for d in pkg.needs if d not in pkg.accepted_by]
            if waiting:
                out.append(" \u00b7 waiting for: " + self.narrator.shorts(waiting))
            out.append("\n")
            for card, option in pkg.items.items():
                out.append(f"  {cards[card].title}: {option_label(cards[card], option)}\n")
        out.append("Cards\n", style="bold")
        for card in view.cards:
            out.append(f"\u2022 {card.title}: ", style="dim")
            if card.signed is not None:
                state = " (ran its term)" if card.signed.completed else " (suspended)" if card.signed.suspended else ""
                out.append(f"signed {option_label(card, card.signed.option)}{state}\n", style="green")
            elif not card.open:
                out.append("closed\n", style="dim")
            else:
                out.append("open\n")
        return out

    def delegations_text(self, view: View) -> Text:
        out = Text()
        pkg = view.table
        for d in view.delegations:
            mine = view.private[d.code]
            seat = self.match.seats[d.code]
            out.append(f"{d.short}", style="bold")
            out.append(f" \u00b7 {seat_label(seat)}", style="cyan" if seat == PERSON else "dim")
            if self.remote and seat == PERSON:  # at a hosted table: is anyone at that seat?
                here = self.match.connected(d.code)
                if here is not None:
                    out.append(" (connected)" if here else " (not connected)", style="green" if here else "bold red")
            now = score_parts(view, d.code)
            out.append(" \u00b7 score ")
            out.append(f"{now.score:+.1f}", style="green" if now.score >= 0 else "red")
            out.append(f" \u00b7 BATNA {now.batna:.1f} (moved {now.moved:+.1f})", style="dim")
            if d.code in view.revealed:
                out.append(" \u00b7 revealed", style="yellow")
            out.append("\n")
            if pkg is not None and d.code in pkg.needs:
                a = appraise(view, d.code, pkg.items)
                out.append(f"  Table, if signed now: {a.worth:+.1f} (score then {a.score_then:+.1f})")
                if a.hard:
                    out.append(f" {HARD} " + "; ".join(line.label for line in a.hard), style="red")
                if a.soft:
                    out.append(f" {SOFT} " + "; ".join(line.label for line in a.soft), style="yellow")
                out.append("\n")
            out.append("  Meters: " + " \u00b7 ".join(f"{m.label} {m.value:g}" for m in mine.meters) + "\n", style="dim")
            hard = sum(1 for line in mine.red_lines if line.active and line.hard)
            soft = sum(1 for line in mine.red_lines if line.active and not line.hard)
            out.append(f"  Lines {hard}{HARD} {soft}{SOFT}", style="")
            if mine.variants:
                out.append(" \u00b7 Drawn: " + "; ".join(v.label for v in mine.variants), style="magenta")
            out.append("\n")
        return out

    def set_status(self, text: Text) -> None:
        self.query_one("#fac-status", ThemedStatic).show_text(text)

    # ------------------------------------------------------------------ flow

    def advance(self) -> None:
        if self._busy or self._leaving or not self.is_attached:
            return
        match = self.match
        if match.ended:
            self.open_end()
            return
        view = self.view
        turn = match.whose_turn
        if self.remote and match.lost is not None:
            self.set_status(Text(match.lost, style="bold red"))
        elif view.paused:
            self.set_status(Text("The table is paused: nobody can act. p resumes the talks.", style="bold red"))
        elif self.remote and turn is not None:
            holder = match.seats.get(turn, "person")
            who = "at their own seat" if holder == "person" else f"a computer ({seat_label(holder)}) on the host"
            self.set_status(Text(f"{self.narrator.short(turn)} is to move, {who}.", style="bold"))
        elif match.computer_to_move:
            self.set_status(Text(f"{self.narrator.short(turn)} (computer) is considering\u2026 Space skips the wait.", style="dim"))
            if self._move_timer is None:
                self._move_timer = self.set_timer(self.pace, self.computer_move) if self.pace > 0 else None
                if self._move_timer is None:
                    self.call_later(self.computer_move)
        elif match.is_person(turn):
            self.set_status(Text(
                f"{self.narrator.short(turn)} (a person) is to move: press Enter to hand them the keyboard.", style="bold"
            ))
        else:
            self.set_status(Text("Between rounds.", style="dim"))

    def computer_move(self) -> None:
        self._move_timer = None
        if self._busy or self._leaving or not self.match.computer_to_move or self.view.paused:
            return
        self.after(self.match.computer_move())

    def after(self, moved: Moved | None = None) -> None:
        self.catch_up()
        self.advance()

    def tick(self) -> None:
        """The turn timer as it stands. A person's time runs only once they have the
        keyboard (on the table lent to them), never while the console waits."""
        if self._leaving or not self.is_attached or self.match.ended:
            return
        view = self.view
        if self.remote:  # the host keeps the time; this shows it
            left = self.clock.left(view, True)
            who = f"{self.narrator.short(view.whose_turn)}: " if view.whose_turn else ""
            # the time first: a long scenario title must not cut it off at 100 columns
            self.sub_title = (f"{who}{clock_text(left)} \u00b7 " if left is not None else "") + self.match.scenario.title
        elif view.turn_timer and self.match.is_person(view.whose_turn):
            self.sub_title = f"{self.match.scenario.title} \u00b7 {clock_text(view.turn_timer)} once they have the keyboard"
        else:
            self.sub_title = self.match.scenario.title

    def open_dialog(self, screen, callback) -> None:
        self._busy = True

        def done(result) -> None:
            def go_on() -> None:
                self._busy = False
                callback(result)
                self.advance()

            self.call_after_refresh(go_on)

        self.app.push_screen(screen, done)

    def submit(self, command: C.Command) -> None:
        if self.remote:
            self.send(command, self.took)
            return
        self.took(self.match.act(command).outcome.refusal)

    def took(self, refusal) -> None:
        if refusal is not None:
            self.notify(refusal.message, title="Refused", severity="error")
            return
        self.after()

    def open_end(self) -> None:
        self.finish(FACILITATOR)

    # ------------------------------------------------------------------ controls

    def action_hand_keyboard(self) -> None:
        if self.remote:
            self.notify("At a hosted table every delegation plays from its own seat.", severity="warning")
            return
        turn = self.match.whose_turn
        if self._busy or not self.match.is_person(turn):
            self.notify("No person is to move now.", severity="warning")
            return
        if self.view.paused:
            self.notify("The table is paused: resume it (p) before handing over the keyboard.", severity="warning")
            return
        self._busy = True

        def back(_) -> None:
            def go_on() -> None:
                self._busy = False
                self.after()

            self.call_after_refresh(go_on)

        self.app.push_screen(TableScreen(self.match, pace=self.pace, memory=self.memory), back)

    def action_pause(self) -> None:
        self.submit(C.Resume() if self.view.paused else C.Pause())

    def action_fire_event(self) -> None:
        fired = {f.id: f.times for f in self.view.fired}
        choices = [
            (f"{e.title}" + (f" (fired {fired[e.id]}x)" if e.id in fired else ""), e.id)
            for e in self.match.scenario.events
        ]
        self.open_dialog(
            ChooseScreen("Fire a scenario event now", choices or [("This scenario has no events.", "")]),
            lambda event: event and self.submit(C.FireEvent(event=event)),
        )

    def action_inject(self) -> None:
        view = self.view
        audiences = [("Everyone", "")] + [(f"{d.name} only", d.code) for d in view.delegations]
        meters = [(f"{self.narrator.meter(m.id)} ({m.id.split('.')[0]})", m.id)
                  for code in view.private for m in view.private[code].meters]
        meters += [(m.label, m.id) for m in view.public_meters if m.id not in {v for _, v in meters}]

        def send(form: dict | None) -> None:
            if form:
                self.submit(C.Inject(**form))

        spans = {m.id: m.max - m.min for code in view.private for m in view.private[code].meters}
        spans.update({m.id: m.max - m.min for m in view.public_meters})
        self.open_dialog(InjectScreen(audiences, meters, (C.MAX_HEADLINE, C.MAX_INJECT), spans), send)

    def action_move_round(self) -> None:
        self.open_dialog(
            ChooseScreen("Move the next round", MOVES),
            lambda days: days and self.submit(C.MoveNextRound(days=int(days))),
        )

    def action_turns(self) -> None:
        self.open_dialog(
            ChooseScreen("Change the length of this round (or the next, between rounds)", TURNS),
            lambda delta: delta and self.submit(C.ChangeTurns(delta=int(delta))),
        )

    def action_timer(self) -> None:
        def chosen(value: str | None) -> None:
            if value:
                seconds, then = value.split(":")
                self.submit(C.SetTurnTimer(seconds=int(seconds), then=then))

        self.open_dialog(ChooseScreen("Turn timer (wall clock; stops while paused)", TIMERS), chosen)

    def action_reveal(self) -> None:
        view = self.view
        hidden = [(f"{d.name}: its hidden reading and red lines", d.code) for d in view.delegations if d.code not in view.revealed]
        if not hidden:
            self.notify("Everything hidden has been revealed already.", severity="warning")
            return
        choices = hidden + ([("All of them", "all")] if len(hidden) > 1 else [])
        self.open_dialog(
            ChooseScreen("Reveal to everyone (a teaching move; it is logged)", choices),
            lambda code: code and self.submit(C.Reveal(delegation=None if code == "all" else code)),
        )

    def action_hand_seat(self) -> None:
        seats = self.match.seats
        choices = [(f"{d.name} (now: {seat_label(seats[d.code])})", d.code) for d in self.view.delegations]

        def to_whom(code: str | None) -> None:
            if not code:
                return
            options = [(label, value) for label, value in SEAT_CHOICES if value != seats[code]]

            def handed(spec: str | None) -> None:
                if spec and self.remote:
                    self.send(C.HandSeat(delegation=code, to=spec), self.took)
                elif spec:
                    try:
                        moved = self.match.hand_seat(code, spec)
                    except MatchError as exc:
                        self.notify(str(exc), title="Refused", severity="error")
                        return
                    if not moved.outcome.ok:
                        self.notify(moved.outcome.refusal.message, title="Refused", severity="error")
                    self.after(moved)

            self.open_dialog(ChooseScreen(f"Who plays {self.narrator.short(code)} from now on?", options), handed)

        self.open_dialog(ChooseScreen("Hand a seat to a computer delegation, or back to a person", choices), to_whom)

    def action_briefs(self) -> None:
        view = self.view

        def show(code: str | None) -> None:
            if code:
                others = {c: [h.label for h in spec.hidden] for c, spec in self.match.scenario.delegations.items() if c != code}
                name = next(d.name for d in view.delegations if d.code == code)
                self.open_dialog(BriefingScreen(briefing_markdown(view, code, others), name), lambda _: None)

        self.open_dialog(ChooseScreen("Whose brief?", [(d.name, d.code) for d in view.delegations]), show)

    def action_codes(self) -> None:
        """The table's join codes, and withdrawing one (a lost or leaked code, the
        facilitator's own and the observers' included); the host issues a new one."""
        if not self.remote:
            self.notify("Join codes belong to hosted tables (`parley host`).", severity="warning")
            return
        from game.net.codes import grouped

        codes = self.match.codes
        names = {d.code: d.name for d in self.view.delegations}
        names.update({"facilitator": "You, the facilitator", "observer": "Observers"})
        choices = [
            (f"{names[seat]}: {grouped(codes[seat]) if seat in codes else '(not known here)'} \u00b7 withdraw it", seat)
            for seat in (*names,)
        ]

        def withdraw(seat: str | None) -> None:
            if not seat:
                return

            async def go() -> None:
                try:
                    new = await self.match.revoke(seat)
                except Exception as exc:  # noqa: BLE001 - the line down, or the host refusing: said, not raised
                    self.notify(str(exc) or "The host did not answer.", title="Not withdrawn", severity="error")
                    return
                after = ("You stay at the table; a rejoin from now on needs the new code. Keep it off the projector."
                         if seat == "facilitator" else
                         "Whoever held the old code has been disconnected. Give the new one to the person who takes the seat.")
                self.open_dialog(NoticeScreen(f"New join code: {names[seat]}", [
                    Line("event", f"{grouped(new)}\n\nThe old code no longer works. {after}"),
                ]), lambda _: None)

            self.run_worker(go(), group="codes")

        self.open_dialog(ChooseScreen("The table's join codes: choose one to withdraw and replace", choices), withdraw)

    def action_end_game(self) -> None:
        self.open_dialog(
            ConfirmScreen("End the game now? The scores are counted as things stand."),
            lambda yes: yes and self.submit(C.EndNow()),
        )

    def palette_actions(self) -> list[tuple[str, str, str]]:
        return [
            ("Hand the keyboard to the person to move", "Lend the table to a delegation", "hand_keyboard"),
            ("Pause or resume", "Stop the table, or let it go on", "pause"),
            ("Fire an event", "Any scenario event, now", "fire_event"),
            ("Inject news", "A headline and text of your own, with an optional meter change", "inject"),
            ("Move the next round", "Postpone it or bring it forward", "move_round"),
            ("Change the round's length", "Lengthen or shorten it", "turns"),
            ("Reveal hidden information", "A delegation's hidden reading and red lines, to everyone", "reveal"),
            ("Hand a seat over", "To a computer delegation, or back to a person", "hand_seat"),
            ("Turn timer", "Minutes per turn on the wall clock", "timer"),
            ("Read a delegation's brief", "Its brief, red lines, cards and BATNA", "briefs"),
            ("End the game", "Count the scores now", "end_game"),
            ("Save a named copy", "Write the game so far under a name", "save_as"),
            ("Back to the lobby", "The game is saved after every move", "leave"),
        ]

"""The facilitator's console: the whole table at a glance (every delegation's meters,
red lines, hidden reading and what the package on the table is worth to it) and the
controls to steer it. Every control is a command that goes into the log.

People at a facilitated game take the keyboard in turn: Enter lends them the table
screen, which covers the console and comes back to it when no person is to move. At
a hosted table (`parley join` with the facilitator's code) the delegations play from
their own seats instead, and c withdraws a seat's join code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widgets import Header

from game.brief import briefing_markdown
from game.engine import commands as C
from game.engine.appraise import appraise, score_parts
from game.engine.views import FACILITATOR, View
from game.flow import ComputerMove, ConsoleFacts, TheEnd, Wait, console_next
from game.i18n import N_, _, formats, ngettext
from game.i18n import engine as words
from game.match import PERSON
from game.narrate import Line, Narrator
from game.play import Game, GameError, Refused
from game.tui.screens.briefing import BriefingScreen
from game.tui.screens.dialogs import ChooseScreen, ConfirmScreen, InjectScreen, NoticeScreen
from game.tui.screens.lobby import seat_choices
from game.tui.screens.table import MatchScreen, SeatMemory, TableScreen
from game.tui.widgets.cards import HARD, SOFT, option_label
from game.tui.widgets.footer import Footer
from game.tui.widgets.panels import CalendarStrip, ThemedStatic, Transcript
from game.turnclock import TurnClock, clock_text

MOVES = (1, 3, 7, 14, -1, -3, -7)  # days the next round can be moved by
TURNS = (1, 3, -1, -3)  # turns a round can be lengthened or shortened by
TIMER_MINUTES = (1, 2, 3, 5, 10)
def seat_label(spec: str) -> str:
    """Who holds a seat, as the console's lines say it (the lobby's words, in the middle of a line)."""
    from game.agents.registry import words as strategy_words

    if spec == "person":
        return _("Person")
    found = strategy_words(spec)
    return _(found.inline) if found is not None else spec


def move_choices() -> list[tuple[str, str]]:
    """(label, days) for moving the next round."""
    out = []
    for i, days in enumerate(MOVES):
        n = abs(days)
        if days > 0 and i == 0:
            label = ngettext("Postpone the next round by {days} day", "Postpone the next round by {days} days", n)
        elif days > 0:
            label = ngettext("Postpone it by {days} day", "Postpone it by {days} days", n)
        else:
            label = ngettext("Bring it forward by {days} day", "Bring it forward by {days} days", n)
        out.append((label.format(days=n), str(days)))
    return out


def turn_choices() -> list[tuple[str, str]]:
    """(label, turns) for changing a round's length."""
    return [
        ((ngettext("Lengthen by {turns} turn", "Lengthen by {turns} turns", delta) if delta > 0 else
          ngettext("Shorten by {turns} turn", "Shorten by {turns} turns", -delta)).format(turns=abs(delta)), str(delta))
        for delta in TURNS
    ]


def timer_choices() -> list[tuple[str, str]]:
    """(label, "seconds:then") for the turn timer."""
    out = [(_("No turn timer"), "0:pass")]
    for m in TIMER_MINUTES:
        for then in ("pass", "computer"):
            if then == "pass":
                label = ngettext("{minutes} min per turn; then the delegation passes",
                                 "{minutes} min per turn; then the delegation passes", m)
            else:
                label = ngettext("{minutes} min per turn; then a computer moves for it",
                                 "{minutes} min per turn; then a computer moves for it", m)
            out.append((label.format(minutes=m), f"{m * 60}:{then}"))
    return out


_number, _signed, _meter = formats.fixed, formats.signed, formats.compact  # "17.5", "+2.5", a meter's "55"


def _append_styled(out: Text, template: str, field: str, value: str, style: str) -> None:
    """`template` (translated) with its `{field}` drawn in `style`."""
    before, _sep, after = template.partition("{" + field + "}")
    out.append(before)
    out.append(value, style=style)
    out.append(after)


class FacilitatorScreen(MatchScreen):
    BINDINGS = [
        Binding("enter", "hand_keyboard", N_("Hand over")),
        Binding("p", "pause", N_("Pause")),
        Binding("f", "fire_event", N_("Event")),
        Binding("i", "inject", N_("Inject")),
        Binding("m", "move_round", N_("Round")),
        Binding("t", "turns", N_("Turns")),
        Binding("v", "reveal", N_("Reveal")),
        Binding("h", "hand_seat", N_("Seat")),
        Binding("k", "timer", N_("Timer")),
        Binding("c", "codes", N_("Codes")),
        Binding("x", "end_game", N_("End")),
        Binding("b", "briefs", N_("Briefs"), show=False),
        Binding("ctrl+s", "save_as", N_("Save"), show=False),
        Binding("space", "skip", N_("Skip wait"), show=False),
        Binding("q", "leave", N_("Lobby")),
        Binding("q", "leave_table", N_("Leave")),
        Binding("escape", "back_to_desk", N_("Desk")),  # opened from the teacher's desk: back to it
    ]
    TUCKED = frozenset({"turns", "hand_seat", "timer"})  # leave a footer short of room (Room)

    def __init__(self, match: Game, pace: float = 0.8, from_desk: bool = False) -> None:
        """`from_desk`: opened from the teacher's desk, to which Esc goes back."""
        super().__init__()
        self.from_desk = from_desk
        self.match = match
        self.pace = pace
        self.narrator = Narrator(match.scenario)
        self.memory = SeatMemory.for_match(match)  # what the people have seen, across the times they take the keyboard
        self.shown = 0  # raw events already in the transcript
        self._move_timer: Timer | None = None
        self._busy = False
        self._leaving = False
        self.title = _("Parley \u2014 Facilitator")
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
        if self.match.table is not None:
            self.title = _("Parley \u2014 Facilitator \u00b7 {table}").format(table=self.match.table)
        self.query_one("#fac-left").border_title = _("The table")
        self.query_one("#fac-right").border_title = _("Delegations (everything they know)")
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
            out.append(_("Nothing is on the table.") + "\n", style="dim")
        else:
            out.append(_("Package {number} by {who}").format(number=pkg.id, who=self.narrator.short(pkg.by)),
                       style="bold")
            if pkg.accepted_by:
                out.append(" \u00b7 " + _("accepted: {delegations}").format(
                    delegations=self.narrator.shorts(pkg.accepted_by)))
            waiting = [d for d in pkg.needs if d not in pkg.accepted_by]
            if waiting:
                out.append(" \u00b7 " + _("waiting for: {delegations}").format(
                    delegations=self.narrator.shorts(waiting)))
            out.append("\n")
            for card_id, option in pkg.items.items():
                out.append(f"  {cards[card_id].title}: {option_label(cards[card_id], option)}\n")
        out.append(_("Cards") + "\n", style="bold")
        for card in view.cards:
            out.append(f"\u2022 {card.title}: ", style="dim")
            if card.signed is not None:
                if card.signed.completed:
                    signed = _("signed {option} (ran its term)")
                elif card.signed.suspended:
                    signed = _("signed {option} (suspended)")
                else:
                    signed = _("signed {option}")
                out.append(signed.format(option=option_label(card, card.signed.option)) + "\n", style="green")
            elif not card.open:
                # Translators: a card's state on the facilitator's console
                out.append(_("closed") + "\n", style="dim")
            else:
                # Translators: a card's state on the facilitator's console
                out.append(_("open") + "\n")
        return out

    def delegations_text(self, view: View) -> Text:
        out = Text()
        pkg = view.table
        for d in view.delegations:
            mine = view.private[d.code]
            seat = self.match.seats[d.code]
            out.append(f"{d.short}", style="bold")
            out.append(f" \u00b7 {seat_label(seat)}", style="cyan" if seat == PERSON else "dim")
            here = self.match.connected(d.code) if seat == PERSON else None  # (at a hosted table) is anyone there?
            if here is not None:
                out.append(" " + (_("(connected)") if here else _("(not connected)")),
                           style="green" if here else "bold red")
            now = score_parts(view, d.code)
            out.append(" \u00b7 ")
            _append_styled(out, _("score {score}"), "score", _signed(now.score), "green" if now.score >= 0 else "red")
            out.append(" \u00b7 " + _("BATNA {batna} (moved {moved})").format(
                batna=_number(now.batna), moved=_signed(now.moved)), style="dim")
            if d.code in view.revealed:
                # Translators: a delegation whose hidden reading the facilitator revealed
                out.append(" \u00b7 " + _("revealed"), style="yellow")
            out.append("\n")
            if pkg is not None and d.code in pkg.needs:
                a = appraise(view, d.code, pkg.items)
                out.append("  " + _("Table, if signed now: {worth} (score then {score})").format(
                    worth=_signed(a.worth), score=_signed(a.score_then)))
                if a.hard:
                    out.append(f" {HARD} " + "; ".join(line.label for line in a.hard), style="red")
                if a.soft:
                    out.append(f" {SOFT} " + "; ".join(line.label for line in a.soft), style="yellow")
                out.append("\n")
            meters = " \u00b7 ".join(f"{m.label} {_meter(m.value)}" for m in mine.meters)
            out.append("  " + _("Meters: {meters}").format(meters=meters) + "\n", style="dim")
            hard = sum(1 for line in mine.red_lines if line.active and line.hard)
            soft = sum(1 for line in mine.red_lines if line.active and not line.hard)
            # Translators: the red lines in force, counted: "Lines 2✖ 1!" ({hard_mark} ✖, {soft_mark} !)
            out.append("  " + _("Lines {hard}{hard_mark} {soft}{soft_mark}").format(
                hard=hard, hard_mark=HARD, soft=soft, soft_mark=SOFT), style="")
            if mine.variants:
                readings = "; ".join(v.label for v in mine.variants)
                # Translators: the hidden readings drawn for a delegation in this game
                out.append(" \u00b7 " + _("Drawn: {readings}").format(readings=readings), style="magenta")
            out.append("\n")
        return out

    def set_status(self, text: Text) -> None:
        self.query_one("#fac-status", ThemedStatic).show_text(text)

    # ------------------------------------------------------------------ flow

    def advance(self) -> None:
        """After anything happened: the step `console_next` gives (the end, a computer
        delegation's move after a pause Space skips, or what the table waits for)."""
        if self._busy or self._leaving or not self.is_attached:
            return
        match = self.match
        facts = ConsoleFacts(
            turn=match.whose_turn, ended=match.ended, people=frozenset(match.people),
            computer_to_move=match.computer_to_move, at_this_keyboard=match.at_this_keyboard,
            lost=match.lost, paused=self.view.paused,
        )
        match console_next(facts):
            case TheEnd():
                self.open_end()
            case ComputerMove(who=who):
                self.set_status(Text(_("{who} (computer) is considering\u2026 Space skips the wait.").format(
                    who=self.narrator.short(who)), style="dim"))
                self.pace_computer_move()
            case Wait(why="lost"):
                self.set_status(Text(self.match.lost or "", style="bold red"))
            case Wait(why="paused"):
                self.set_status(Text(_("The table is paused: nobody can act. p resumes the talks."), style="bold red"))
            case Wait(why="their_turn", who=str(who)):
                holder = self.match.seats.get(who, PERSON)
                if holder == PERSON:
                    status = _("{who} is to move, at their own seat.").format(who=self.narrator.short(who))
                else:
                    status = _("{who} is to move, a computer ({seat}) on the host.").format(
                        who=self.narrator.short(who), seat=seat_label(holder))
                self.set_status(Text(status, style="bold"))
            case Wait(why="person_to_move", who=str(who)):
                self.set_status(Text(
                    _("{who} (a person) is to move: press Enter to hand them the keyboard.").format(
                        who=self.narrator.short(who)), style="bold"
                ))
            case Wait():
                self.set_status(Text(_("Between rounds."), style="dim"))

    def computer_move(self) -> None:
        self._move_timer = None
        if self._busy or self._leaving or not self.match.computer_to_move or self.view.paused:
            return
        self.after(self.match.computer_move())

    def after(self, moved: object = None) -> None:
        self.catch_up()
        self.advance()

    def tick(self) -> None:
        """The turn timer as it stands. A person's time runs only once they have the
        keyboard (on the table lent to them), never while the console waits."""
        if self._leaving or not self.is_attached or self.match.ended:
            return
        view = self.view
        if not self.match.clock_here:  # the game keeps the time; this shows it
            left = self.clock.left(view, True)
            who = f"{self.narrator.short(view.whose_turn)}: " if view.whose_turn else ""
            # the time first: a long scenario title must not cut it off at 100 columns
            self.sub_title = (f"{who}{clock_text(left)} \u00b7 " if left is not None else "") + self.match.scenario.title
        elif view.turn_timer and self.match.is_person(view.whose_turn):
            self.sub_title = _("{scenario} \u00b7 {time} once they have the keyboard").format(
                scenario=self.match.scenario.title, time=clock_text(view.turn_timer))
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
        self.give(command, self.took)

    def submitting(self, command: Callable[[Any], C.Command]) -> Callable[[Any], None]:
        """A dialog's callback: given an answer (a choice made, a yes), submit the command
        `command` makes of it; given none (Esc, a no), nothing."""

        def answered(answer: Any) -> None:
            if answer:
                self.submit(command(answer))

        return answered

    def took(self, refusal: Refused | None) -> None:
        if refusal is not None:
            self.notify(words.refusal(refusal, self.narrator), title=_("Refused"), severity="error")
            return
        self.after()

    def open_end(self) -> None:
        self.finish(FACILITATOR)

    # ------------------------------------------------------------------ controls

    def applies(self, action: str) -> bool:
        if action == "back_to_desk":
            return self.from_desk
        return super().applies(action)

    def action_back_to_desk(self) -> None:
        self.action_leave()

    def action_hand_keyboard(self) -> None:
        if not self.match.at_this_keyboard:
            self.notify(_("At a hosted table every delegation plays from its own seat."), severity="warning")
            return
        turn = self.match.whose_turn
        if self._busy or not self.match.is_person(turn):
            self.notify(_("No person is to move now."), severity="warning")
            return
        if self.view.paused:
            self.notify(_("The table is paused: resume it (p) before handing over the keyboard."), severity="warning")
            return
        self._busy = True

        def back(_result) -> None:
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
            (_("{event} (fired {times}x)").format(event=e.title, times=fired[e.id]) if e.id in fired else f"{e.title}",
             e.id)
            for e in self.match.scenario.events
        ]
        self.open_dialog(
            ChooseScreen(_("Fire a scenario event now"), choices or [(_("This scenario has no events."), "")]),
            self.submitting(lambda event: C.FireEvent(event=event)),
        )

    def action_inject(self) -> None:
        view = self.view
        audiences = [(_("Everyone"), "")] + [(_("{delegation} only").format(delegation=d.name), d.code)
                                              for d in view.delegations]
        meters = [(f"{self.narrator.meter(m.id)} ({m.id.split('.')[0]})", m.id)
                  for code in view.private for m in view.private[code].meters]
        meters += [(m.label, m.id) for m in view.public_meters if m.id not in {v for _label, v in meters}]

        def send(form: dict | None) -> None:
            if form:
                self.submit(C.Inject(**form))

        spans = {m.id: m.max - m.min for code in view.private for m in view.private[code].meters}
        spans.update({m.id: m.max - m.min for m in view.public_meters})
        self.open_dialog(InjectScreen(audiences, meters, (C.MAX_HEADLINE, C.MAX_INJECT), spans), send)

    def action_move_round(self) -> None:
        self.open_dialog(
            ChooseScreen(_("Move the next round"), move_choices()),
            self.submitting(lambda days: C.MoveNextRound(days=int(days))),
        )

    def action_turns(self) -> None:
        self.open_dialog(
            ChooseScreen(_("Change the length of this round (or the next, between rounds)"), turn_choices()),
            self.submitting(lambda delta: C.ChangeTurns(delta=int(delta))),
        )

    def action_timer(self) -> None:
        def chosen(value: str | None) -> None:
            if value:
                seconds, then = value.split(":")
                self.submit(C.SetTurnTimer.model_validate({"seconds": int(seconds), "then": then}))

        self.open_dialog(ChooseScreen(_("Turn timer (wall clock; stops while paused)"), timer_choices()), chosen)

    def action_reveal(self) -> None:
        view = self.view
        hidden = [(_("{delegation}: its hidden reading and red lines").format(delegation=d.name), d.code)
                  for d in view.delegations if d.code not in view.revealed]
        if not hidden:
            self.notify(_("Everything hidden has been revealed already."), severity="warning")
            return
        choices = hidden + ([(_("All of them"), "all")] if len(hidden) > 1 else [])
        self.open_dialog(
            ChooseScreen(_("Reveal to everyone (a teaching move; it is logged)"), choices),
            self.submitting(lambda code: C.Reveal(delegation=None if code == "all" else code)),
        )

    def action_hand_seat(self) -> None:
        seats = self.match.seats
        choices = [(_("{delegation} (now: {seat})").format(delegation=d.name, seat=seat_label(seats[d.code])), d.code)
                   for d in self.view.delegations]

        def to_whom(code: str | None) -> None:
            if not code:
                return
            options = [(label, value) for label, value in seat_choices() if value != seats[code]]

            def handed(spec: str | None) -> None:
                if not spec:
                    return
                try:
                    self.match.hand_seat(code, spec, self.answer_to(self.took))
                except GameError as exc:
                    self.sending = False
                    self.notify(str(exc), title=_("Refused"), severity="error")

            self.open_dialog(ChooseScreen(_("Who plays {delegation} from now on?").format(
                delegation=self.narrator.short(code)), options), handed)

        self.open_dialog(ChooseScreen(_("Hand a seat to a computer delegation, or back to a person"), choices), to_whom)

    def action_briefs(self) -> None:
        view = self.view

        def show(code: str | None) -> None:
            if code:
                others = {c: [h.label for h in spec.hidden] for c, spec in self.match.scenario.delegations.items() if c != code}
                name = next(d.name for d in view.delegations if d.code == code)
                self.open_dialog(BriefingScreen(briefing_markdown(view, code, others), name), lambda _result: None)

        self.open_dialog(ChooseScreen(_("Whose brief?"), [(d.name, d.code) for d in view.delegations]), show)

    def action_codes(self) -> None:
        """The table's join codes, and withdrawing one (a lost or leaked code, the
        facilitator's own and the observers' included); the host issues a new one."""
        codes = self.match.codes
        if codes is None:
            self.notify(_("Join codes belong to hosted tables (`parley host`)."), severity="warning")
            return
        from game.net.codes import grouped

        names = {d.code: d.name for d in self.view.delegations}
        names.update({"facilitator": _("You, the facilitator"), "observer": _("Observers")})
        choices = [
            (_("{seat}: {code} \u00b7 withdraw it").format(
                seat=names[seat], code=grouped(codes[seat]) if seat in codes else _("(not known here)")), seat)
            for seat in (*names,)
        ]

        def withdraw(seat: str | None) -> None:
            if not seat:
                return

            async def go() -> None:
                try:
                    new = await self.match.revoke(seat)
                except GameError as exc:  # the line down, or the host refusing: said, not raised
                    self.notify(str(exc) or _("The host did not answer."), title=_("Not withdrawn"), severity="error")
                    return
                if seat == "facilitator":
                    after = _("The old code no longer works. You stay at the table; a rejoin from now on needs the "
                              "new code. Keep it off the projector.")
                else:
                    after = _("The old code no longer works. Whoever held the old code has been disconnected. "
                              "Give the new one to the person who takes the seat.")
                self.open_dialog(NoticeScreen(_("New join code: {seat}").format(seat=names[seat]), [
                    Line("event", f"{grouped(new)}\n\n{after}"),
                ]), lambda _result: None)

            self.run_worker(go(), group="codes")

        self.open_dialog(ChooseScreen(_("The table's join codes: choose one to withdraw and replace"), choices),
                         withdraw)

    def action_end_game(self) -> None:
        self.open_dialog(
            ConfirmScreen(_("End the game now? The scores are counted as things stand.")),
            self.submitting(lambda _yes: C.EndNow()),
        )

    def palette_actions(self) -> list[tuple[str, str, str]]:
        return [
            (_("Hand the keyboard to the person to move"), _("Lend the table to a delegation"), "hand_keyboard"),
            (_("Pause or resume"), _("Stop the table, or let it go on"), "pause"),
            (_("Fire an event"), _("Any scenario event, now"), "fire_event"),
            (_("Inject news"), _("A headline and text of your own, with an optional meter change"), "inject"),
            (_("Move the next round"), _("Postpone it or bring it forward"), "move_round"),
            (_("Change the round's length"), _("Lengthen or shorten it"), "turns"),
            (_("Reveal hidden information"), _("A delegation's hidden reading and red lines, to everyone"), "reveal"),
            (_("Hand a seat over"), _("To a computer delegation, or back to a person"), "hand_seat"),
            (_("Turn timer"), _("Minutes per turn on the wall clock"), "timer"),
            (_("Read a delegation's brief"), _("Its brief, red lines, cards and BATNA"), "briefs"),
            (_("End the game"), _("Count the scores now"), "end_game"),
            (_("Save a named copy"), _("Write the game so far under a name"), "save_as"),
            (_("Back to the lobby"), _("The game is saved after every move"), "leave"),
        ]

"""The table: the cards and the offer composer, the package on the table, the
transcript, the calendar strip. It shows one seat at a time (`self.seat`): in a
hot-seat game a hand-over screen covers it while it changes hands.

Everything comes from the game's views and transcripts for that seat; the screen
never reads the game state. The game is a `game.play.Game`: played here, or a seat at
a hosted table (`parley join`), where a move's answer comes back later and the other
delegations' moves arrive whenever they are made (`GameChanged`). What the table does
next after anything happened is `game.flow.table_next`'s to say.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header

from game.brief import briefing_markdown
from game.engine import commands as C
from game.engine.views import View
from game.flow import BackToFacilitator, Brief, ComputerMove, HandOver, News, TableFacts, TheEnd, Wait, table_next
from game.i18n import N_, _, formats
from game.i18n import engine as words
from game.narrate import Line, Narrator
from game.play import Game, GameError, Played, Refused
from game.tui.screens.base import ParleyScreen
from game.tui.screens.briefing import BriefingScreen
from game.tui.screens.dialogs import ConfirmScreen, HandOverScreen, LeverScreen, NoticeScreen, PromptScreen
from game.tui.screens.end import EndScreen
from game.tui.widgets.cards import CardGrid, draftable, option_label
from game.tui.widgets.footer import Footer, Room
from game.tui.widgets.panels import CalendarStrip, DraftPanel, TablePanel, ThemedStatic, Transcript, lapse_warning
from game.turnclock import TurnClock, clock_text


@dataclass
class SeatMemory:
    """What the people at a table have seen: kept across the times a facilitator lends them the table."""

    seen: dict[str, int] = field(default_factory=dict)  # raw event count whose notices each has seen
    briefed: set[str] = field(default_factory=set)

    @classmethod
    def for_match(cls, match: Game) -> SeatMemory:
        if match.resumed:  # a loaded game: its people have read their briefs and the news so far
            return cls({d: match.event_count() for d in match.people}, set(match.people))
        return cls()


class GameChanged(Message):
    """The game changed by itself: at a hosted table, the host sent this seat something
    (a move, news, the line dropping or back)."""


class MatchScreen(Room, ParleyScreen[Screen | None]):
    """What the table and the facilitator's console share: the computer delegations'
    paced moves (Space skips the wait), a copy of the save, leaving the table, the end
    of the game, the game's own news (a hosted table's), and moves that may be
    answered later. A subclass has `match`, `narrator`, `view`, `open_dialog`,
    `computer_move`, `after` and `advance`.

    The screen holds a `Game` and asks it what it does, never whether it is remote."""

    match: Game
    pace: float  # seconds before a computer delegation moves (0: at once)
    _move_timer: Timer | None = None
    _leaving = False
    sending = False  # a move given to the game is not answered yet
    _lost: str | None = None  # the connection trouble last shown

    def on_mount(self) -> None:
        self.match.listeners.append(self._heard)

    def on_unmount(self) -> None:
        if self._heard in self.match.listeners:
            self.match.listeners.remove(self._heard)

    def _heard(self) -> None:
        self.post_message(GameChanged())

    @on(GameChanged)
    def _game_changed(self) -> None:
        if self._leaving or not self.is_attached:
            return
        if self.match.gone:  # the seat is someone else's, or the host is gone: the join screen says why
            self._leaving = True
            self.match.close()
            while self.app.screen is not self:  # a dialog open on the table goes with it
                self.app.pop_screen()
            self.dismiss(None)
            return
        lost = self.match.lost
        if lost != self._lost:
            if lost is not None:
                self.notify(lost, title=_("Connection"), severity="error" if self.match.gone else "warning", timeout=10)
            elif self._lost is not None:
                self.notify(_("Back at the table."), title=_("Connection"))
            self._lost = lost
        self.after()

    def give(self, command: C.Command, took: Callable[[Refused | None], None]) -> None:
        """Give `command` to the game; `took(refusal or None)` once it answered, if the
        screen is still here. The status says "Sending…" while the answer is on its way."""
        self.match.submit(command, self.answer_to(took))
        if self.sending:
            self.waiting_for_answer()

    def answer_to(self, took: Callable[[Refused | None], None]) -> Callable[[Refused | None], None]:
        """What the game calls with its answer to a move: `took(refusal or None)`, if the
        screen is still here. `sending` holds until the answer comes."""
        self.sending = True

        def answered(refusal: Refused | None) -> None:
            self.sending = False
            if not self._leaving and self.is_attached:
                took(refusal)

        return answered

    def waiting_for_answer(self) -> None:
        """A move is on its way and its answer not back yet."""

    def finish(self, seat: str) -> None:
        """The game is over: the end screen, with the log for the debrief and the replay
        (from a hosted table, the host's log, copied into the saves folder first)."""
        self._leaving = True
        view, events = self.match.view(seat), self.match.transcript(seat)

        async def fetch() -> None:
            played = None
            try:
                played = await self.match.played(self.app.saves_dir)
            except GameError as exc:  # the end screen shows without it, and says why
                self.notify(_("The debrief and the replay are not at hand: {reason}").format(reason=exc),
                            title=_("The game's log"), severity="warning")
            self.match.close()
            self.dismiss(self.end_screen(view, events, played))

        self.run_worker(fetch(), group="end")

    def end_screen(self, view: View, events: list, played: Played | None) -> EndScreen:
        return EndScreen(view, events, self.narrator, played)

    # What an observer cannot do (the footer leaves them out).
    ACTING = frozenset({
        "propose", "counter", "accept", "reject", "statement", "pledge", "lever", "recess", "walk_out",
        "pass_turn", "briefing", "save_as", "draft_table", "clear_draft",
    })

    def applies(self, action: str) -> bool:
        """Whether `action`'s key belongs to this game and seat (the footer shows the ones that do)."""
        match = self.match
        if action in ("leave", "hand_keyboard"):  # back to the lobby; lending the keyboard
            return match.at_this_keyboard
        if action == "leave_table":  # each at their own seat: leave it, to come back with the code
            return not match.at_this_keyboard
        if action == "codes":
            return match.codes is not None
        if action in self.ACTING and match.observing:
            return False
        return True

    def action_leave_table(self) -> None:
        self.action_leave()

    def action_transcript(self) -> None:
        """To the transcript, to scroll back through it (arrow keys, PgUp, PgDn, Home,
        End), and back to the cards."""
        transcript = self.query_one(Transcript)
        if transcript.has_focus:
            self.query_one(CardGrid).focus()
        else:
            transcript.focus()

    def pace_computer_move(self) -> None:
        """The computer delegation to move moves after a readable pause (Space skips it)."""
        if self._move_timer is not None:
            return
        if self.pace > 0:
            self._move_timer = self.set_timer(self.pace, self.computer_move)
        else:
            self.call_later(self.computer_move)

    def action_skip(self) -> None:
        if self._move_timer is not None:
            self._move_timer.stop()
            self.computer_move()

    def action_save_as(self) -> None:
        if not self.match.saves_here:
            self.copy_from_host()
            return

        def named(name: str | None) -> None:
            if name:
                try:
                    path = self.match.save_as(name)
                except GameError as exc:
                    self.notify(str(exc), title=_("Not saved"), severity="error")
                else:
                    saved = _("Saved a copy as {file}. The game goes on saving to its own file.").format(file=path.name)
                    self.notify(saved, title=_("Saved"))
            self.advance()

        self.open_dialog(PromptScreen(_("Save a named copy"), _("A name for the save"), 60,
                                      _("Enter saves \u00b7 Esc cancels")), named)

    def copy_from_host(self) -> None:
        """Where the host keeps the save: the facilitator may take a copy at any time."""
        if not self.match.facilitated:
            self.notify(_("The host saves this game after every move. Once the talks are over, a copy comes to this "
                          "computer with the debrief."), title=_("Saved on the host"))
            return

        async def fetch() -> None:
            try:
                played = await self.match.played(self.app.saves_dir)
            except GameError as exc:
                self.notify(str(exc), title=_("Not copied"), severity="error")
            else:
                copied = _("A copy of the game so far is in {path}. The host goes on saving it.").format(
                    path=played.path)
                self.notify(copied, title=_("Copied"))

        self.run_worker(fetch(), group="copy")

    def action_leave(self) -> None:
        if self._move_timer is not None:
            self._move_timer.stop()
            self._move_timer = None
        if self._leaving:
            return
        self._leaving = True
        self.match.close()
        self.farewell()
        self.dismiss(None)

    def farewell(self) -> None:
        """What leaving the table says: where the game is kept, and how to come back."""
        self.notify(self.match.farewell(), title=_("Left the table"))


class TableScreen(MatchScreen):
    BINDINGS = [
        Binding("p", "propose", N_("Offer")),
        Binding("c", "counter", N_("Counter")),
        Binding("a", "accept", N_("Accept")),
        Binding("r", "reject", N_("Reject")),
        Binding("s", "statement", N_("Say")),
        Binding("g", "pledge", N_("Pledge")),
        Binding("l", "lever", N_("Lever")),
        Binding("e", "recess", N_("Recess"), show=False),
        Binding("w", "walk_out", N_("Walk out")),
        Binding("n", "pass_turn", N_("Pass")),
        Binding("b", "briefing", N_("Brief"), show=False),
        Binding("ctrl+s", "save_as", N_("Save")),
        Binding("d", "draft_table", N_("Copy table"), show=False),
        Binding("x", "clear_draft", N_("Clear draft"), show=False),
        Binding("space", "skip", N_("Skip wait"), show=False),
        Binding("t", "transcript", N_("Transcript"), show=False),
        Binding("q", "leave", N_("Lobby")),
        Binding("q", "leave_table", N_("Leave")),
    ]
    TUCKED = frozenset({"statement", "pledge", "walk_out", "save_as"})  # leave a footer short of room (Room)

    def __init__(self, match: Game, pace: float = 0.8, memory: SeatMemory | None = None) -> None:
        """With `memory`, the table is lent to the people at a facilitator's game: it goes
        back to the facilitator (behind a hand-over cover) when no person is to move."""
        super().__init__()
        self.match = match
        self.pace = pace
        self.narrator = Narrator(match.scenario)
        people = match.people
        turn = match.whose_turn
        self.seat: str = turn if turn in people else people[0]
        self.draft: dict[str, str] = {}
        self.status: Text | None = None
        self.facilitated = memory is not None
        self.memory = memory if memory is not None else SeatMemory.for_match(match)
        self.seen = self.memory.seen  # per person: raw event count whose notices they have seen
        self.briefed = self.memory.briefed
        self._move_timer: Timer | None = None
        self._busy = False  # a dialog is open: computer delegations wait for it
        self._leaving = False  # the table is leaving the screen: nothing more happens here
        self.sub_title = match.scenario.title

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header()
        yield CalendarStrip(id="strip")
        yield CardGrid(id="cards")
        yield ThemedStatic(id="detail")
        yield DraftPanel(id="draft-panel")
        with Horizontal(id="lower"):
            yield Transcript(id="transcript")
            yield TablePanel(id="table-panel")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        # (MatchScreen.on_mount runs too: Textual calls the handler of every class in turn.)
        self.clock = TurnClock(self.app.ticker)
        self.set_interval(1.0, self.tick)
        self.reset_transcript()
        self.refresh_view()
        self.query_one(CardGrid).focus()
        if self.hot_seat:  # whoever is at the keyboard may not be this seat's delegation
            self.add_class("-covered")  # not one frame of the table before the cover is up
            self.hand_over(self.seat)
            return
        self.call_after_refresh(self.advance)

    @property
    def hot_seat(self) -> bool:
        """More than one delegation's people share this keyboard: every time the table
        opens (a new game, continuing, loading) it opens covered, and the delegation to
        move lifts the cover. A facilitator's table is covered by the console's own hand-over."""
        return len(self.match.people) > 1 and not self.facilitated

    @property
    def view(self) -> View:
        return self.match.view(self.seat)

    def refresh_view(self) -> None:
        view = self.view
        self.title = f"Parley \u2014 {self.narrator.short(self.seat) if self.seat in view.private else _('Observer')}"
        self.query_one(CalendarStrip).show(view, self.seat)
        self.query_one(CardGrid).show(view, self.seat, self.draft)
        self.query_one(TablePanel).show(view, self.seat)
        self.query_one(DraftPanel).show(view, self.seat, self.draft, self.status)
        self.show_detail(view)

    def show_detail(self, view: View | None = None) -> None:
        """A line on the card under the cursor: its options and their value to you."""
        view = view or self.view
        card_id = self.query_one(CardGrid).current_card
        card = next((c for c in view.cards if c.id == card_id), None)
        out = Text()
        if card is not None:
            mine = view.private.get(self.seat)
            out.append(f"{card.title}: ", style="bold")
            parts = []
            for o in card.options:
                value = " " + formats.fixed(mine.values[card.id][o.id], 0) if mine else ""
                part = f"{o.label}{value}"
                parts.append(_("{option} (status quo)").format(option=part) if o.id == card.status_quo else part)
            out.append(" | ".join(parts), style="dim")
            # Translators: the delegations whose consent the card needs.
            out.append(" \u00b7 " + _("needs {who}").format(who=self.narrator.shorts(card.consent)), style="dim")
            if not draftable(card):
                out.append("  " + (_("[signed]") if card.signed else _("[closed]")), style="yellow")
        self.query_one("#detail", ThemedStatic).show_text(out)

    @on(CardGrid.Highlighted)
    def _row_moved(self) -> None:
        self.show_detail()

    @on(CardGrid.Resized)
    def _resized(self) -> None:
        self.refresh_view()

    def refresh_composer(self) -> None:
        """After a change to the draft: only the cards, the detail line and the draft panel."""
        view = self.view
        self.query_one(CardGrid).show(view, self.seat, self.draft)
        self.query_one(DraftPanel).show(view, self.seat, self.draft, self.status)
        self.show_detail(view)

    # ------------------------------------------------------------------ flow

    def facts(self) -> TableFacts:
        """What the table knows now, for `table_next`."""
        match = self.match
        view = self.view
        return TableFacts(
            seat=self.seat, turn=match.whose_turn, ended=match.ended, people=frozenset(match.people),
            computer_to_move=match.computer_to_move, lent=self.facilitated,
            has_brief=self.seat in view.private, briefed=self.seat in self.briefed,
            news=bool(self.unseen_notices()), lost=match.lost, paused=view.paused,
        )

    def advance(self) -> None:
        """After anything happened: take the next step `table_next` gives (the end, a hand-
        over, the brief, the news, a computer delegation's move after a readable pause
        that Space skips, or a status line saying what the table waits for)."""
        if self._busy or self._leaving or not self.is_attached:
            return
        facts = self.facts()
        if not facts.news:  # nothing to acknowledge up to here: later news is counted from now
            self.seen[self.seat] = self.match.event_count()
        match table_next(facts):
            case BackToFacilitator():
                self.back_to_facilitator()
            case TheEnd():
                self.show_notices(then_end=True)
            case HandOver(seat=seat):
                self.hand_over(seat)
            case Brief():
                self.briefed.add(self.seat)
                self.open_briefing()
            case News():
                self.show_notices()
            case ComputerMove(who=who):
                self.set_status(Text(_("{who} is considering\u2026 (Space skips the wait)").format(
                    who=self.narrator.short(who)), style="dim"))
                self.pace_computer_move()
            case Wait(why="lost"):
                self.set_status(Text(self.match.lost or "", style="bold red"))
            case Wait(why="paused"):
                self.set_status(Text(_("The facilitator has paused the table."), style="bold red"))
            case Wait(why="your_turn"):
                self.set_status(Text(_("Your turn."), style="bold"))
            case Wait(why="their_turn", who=str(who)):  # another delegation, at its own seat
                self.set_status(Text(_("{who} to move. Their move shows here as soon as they make it.").format(
                    who=self.narrator.short(who)), style="dim"))
            case Wait():  # between rounds: the last line stands
                pass

    def computer_move(self) -> None:
        self._move_timer = None
        if self._busy or not self.match.computer_to_move or self.view.paused:
            return
        moved = self.match.computer_move()
        self.after(moved)

    def after(self, moved: object = None) -> None:
        """Show what an action (or, at a hosted table, the host's news) did, for the seat at the keyboard."""
        self.add_to_transcript()
        self.refresh_view()
        self.advance()

    def reset_transcript(self) -> None:
        self.shown = self.match.event_count()
        self.query_one(Transcript).reset(self.narrator, self.match.transcript(self.seat))

    def add_to_transcript(self) -> None:
        """The events since the transcript was last brought up to date."""
        count = self.match.event_count()
        if count > self.shown:
            self.query_one(Transcript).add(self.narrator.lines(self.match.transcript_since(self.seat, self.shown)))
        self.shown = count

    def unseen_notices(self) -> list[Line]:
        """The notices among the events this seat has not acknowledged yet."""
        start = self.seen.get(self.seat, 0)
        return [line for line in self.narrator.lines(self.match.transcript_since(self.seat, start)) if line.notice]

    def show_notices(self, then_end: bool = False) -> None:
        """The events this seat has not acknowledged yet: they stop play until it does
        (at the end, they come before the end screen)."""
        lines = self.unseen_notices()
        self.seen[self.seat] = self.match.event_count()
        if then_end:
            if lines:
                self.open_dialog(NoticeScreen(_("The talks are over"), lines), lambda _result: self.open_end())
            else:
                self.open_end()
            return
        if lines:
            view = self.view
            self.open_dialog(NoticeScreen(_("News at the table \u2014 {date}").format(date=formats.date(view.date)),
                                          lines), lambda _result: self.advance())

    def open_dialog(self, screen, callback) -> None:
        self._busy = True
        self.tick()  # the turn clock holds from now

        def done(result) -> None:
            # Go on once the dialog has left the screen stack.
            def go_on() -> None:
                self._busy = False
                self.tick()
                callback(result)

            self.call_after_refresh(go_on)

        self.app.push_screen(screen, done)

    def back_to_facilitator(self) -> None:
        """The people's part is done for now: cover the table, then give the facilitator the keyboard."""
        self._leaving = True

        def covered(_result) -> None:
            self.dismiss(None)

        # Translators: who takes the keyboard next ("Next at the table: the facilitator.").
        cover = HandOverScreen(_("the facilitator"))
        def gone(result: None) -> None:
            self.call_after_refresh(covered, result)

        self.app.push_screen(cover, gone)

    def tick(self) -> None:
        """Once a second, and whenever a dialog opens or closes: the turn timer's time
        left, and its timeout when it runs out. The clock runs only while the delegation
        to move has this table in front of it, uncovered."""
        if self._leaving or not self.is_attached or self.match.ended:
            return
        view = self.view
        who = view.whose_turn
        if self.match.clock_here:
            running = not self._busy and self.app.screen is self and who == self.seat and self.match.is_person(who)
        else:  # the game keeps the time, whoever is to move: this shows it
            running = True
        left = self.clock.left(view, running)
        self.sub_title = (f"{clock_text(left)} \u00b7 " if left is not None else "") + self.match.scenario.title
        if not self.match.clock_here or who is None or not self.clock.due(view, running):
            return
        self.notify(_("{who}'s time for this turn ran out.").format(who=self.narrator.short(who)), title=_("Time"),
                    severity="warning")
        self.draft = {}
        self.after(self.match.time_out(who))

    def hand_over(self, seat: str) -> None:
        """Hot seat: re-render for `seat` underneath an opaque cover, then lift it."""
        self.seat = seat
        self.draft = {}
        self.status = None
        self.reset_transcript()
        self.refresh_view()
        name = next(d.name for d in self.view.delegations if d.code == seat)

        def lifted(_result) -> None:
            self.remove_class("-covered")
            self.advance()

        self.open_dialog(HandOverScreen(name), lifted)

    def open_briefing(self) -> None:
        view = self.view
        if self.seat not in view.private:
            self.notify(_("An observer has no brief: you see what every delegation sees."), title=_("Observing"))
            return
        others = {
            code: [h.label for h in spec.hidden]
            for code, spec in self.match.scenario.delegations.items() if code != self.seat
        }
        name = next(d.name for d in view.delegations if d.code == self.seat)
        self.open_dialog(self.briefing_screen(briefing_markdown(view, self.seat, others), name),
                         lambda _result: self.advance())

    def briefing_screen(self, markdown: str, name: str) -> BriefingScreen:
        return BriefingScreen(markdown, name)

    def open_end(self) -> None:
        """The table closes; the app shows the end screen in its place."""
        self.finish(self.seat)

    def set_status(self, status: Text | None) -> None:
        self.status = status
        self.query_one(DraftPanel).show(self.view, self.seat, self.draft, status)

    # ------------------------------------------------------------------ composer

    @on(CardGrid.Step)
    def _step(self, message: CardGrid.Step) -> None:
        view = self.view
        card = next(c for c in view.cards if c.id == message.card)
        choices = draftable(card)
        if not choices:
            if card.signed:
                refused = _("{card} cannot go into a package: it is signed.")
            else:
                refused = _("{card} cannot go into a package: it is closed.")
            self.set_status(Text(refused.format(card=card.title), style="yellow"))
            return
        ring = [None, *choices]
        now = ring.index(self.draft.get(card.id))
        nxt = ring[(now + message.step) % len(ring)]
        if nxt is None:
            self.draft.pop(card.id, None)
        else:
            self.draft[card.id] = nxt
        self.status = None
        self.refresh_composer()

    @on(CardGrid.Drop)
    def _drop(self, message: CardGrid.Drop) -> None:
        self.draft.pop(message.card, None)
        self.refresh_composer()

    def action_clear_draft(self) -> None:
        self.draft = {}
        self.status = None
        self.refresh_composer()

    def action_draft_table(self) -> None:
        table = self.view.table
        if table is None:
            self.set_status(Text(_("There is no package on the table to copy."), style="yellow"))
            return
        self.draft = dict(table.items)
        self.status = Text(_("The package on the table is in your draft: change it, then counter (c)."), style="dim")
        self.refresh_view()

    # ------------------------------------------------------------------ actions

    def my_turn(self) -> bool:
        if self.match.ended:
            return False
        if self.match.observing:
            self.set_status(Text(_("You are observing this table: the delegations move from their own seats."),
                                 style="yellow"))
            return False
        if self.sending:
            self.set_status(Text(_("Your last move is still on its way to the host."), style="yellow"))
            return False
        if self.match.whose_turn != self.seat:
            turn = self.match.whose_turn
            if turn is None:
                msg = _("The table is paused.")
            else:
                msg = _("It is {who}'s turn; wait for yours.").format(who=self.narrator.short(turn))
            self.set_status(Text(msg, style="yellow"))
            return False
        return True

    def submit(self, command: C.Command) -> None:
        self.give(command, lambda refusal: self.took(command, refusal))

    def waiting_for_answer(self) -> None:
        self.set_status(Text(_("Sending\u2026"), style="dim"))

    def took(self, command: C.Command, refusal) -> None:
        """What became of `command`: a refusal (with its message) or the move made."""
        if refusal is not None:
            self.add_to_transcript()  # a blocked red line is logged, for the debrief
            message = words.refusal(refusal, self.narrator)
            self.set_status(Text(_("Refused: {reason}").format(reason=message), style="bold red"))
            self.notify(message, title=_("Refused"), severity="error")
            return
        if isinstance(command, (C.Propose, C.Counter)):
            self.draft = {}
        self.status = None
        self.after()

    def _package(self) -> dict[str, str] | None:
        if not self.draft:
            self.query_one(CardGrid).focus()  # the arrows draft on the cards, not in the transcript
            self.set_status(Text(_("Your draft is empty: on a card, \u2190 \u2192 choose an option first."),
                                 style="yellow"))
            return None
        return dict(self.draft)

    def action_propose(self) -> None:
        if self.my_turn() and (items := self._package()):
            self.offer(C.Propose(by=self.seat, items=items))

    def action_counter(self) -> None:
        if self.my_turn() and (items := self._package()):
            self.offer(C.Counter(by=self.seat, items=items))

    def offer(self, command: C.Propose | C.Counter) -> None:
        """Send a proposal; first, if a delegation whose consent it needs has no turn left
        this round to answer it, say so and ask."""
        late = self.view.cannot_answer(self.seat, command.items)
        if not late:
            self.submit(command)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.submit(command)
            else:
                self.advance()

        question = _("{warning} Propose it anyway?").format(warning=lapse_warning(self.view, late))
        self.open_dialog(ConfirmScreen(question), answered)

    def action_accept(self) -> None:
        if self.my_turn():
            table = self.view.table
            self.submit(C.Accept(by=self.seat, package=table.id if table else None))

    def action_reject(self) -> None:
        if self.my_turn():
            table = self.view.table
            self.submit(C.Reject(by=self.seat, package=table.id if table else None))

    def action_pass_turn(self) -> None:
        if self.my_turn():
            self.submit(C.Pass(by=self.seat))

    def action_statement(self) -> None:
        if not self.my_turn():
            return
        if not self.view.can_speak:
            self.set_status(Text(_("You have already made a statement this turn."), style="yellow"))
            return

        def said(text: str | None) -> None:
            if text:
                self.submit(C.Statement(by=self.seat, text=text))
            self.advance()

        self.open_dialog(
            PromptScreen(_("A statement to the table"), _("What your delegation says"), C.MAX_STATEMENT,
                         _("Enter says it (it does not end your turn) \u00b7 Esc cancels")),
            said,
        )

    def action_pledge(self) -> None:
        """A statement that commits the delegation to its draft: the debrief holds it to it."""
        if not self.my_turn():
            return
        if not self.draft:
            self.set_status(Text(_("Put the options you commit to in your draft first, then g pledges them."),
                                 style="yellow"))
            return
        if not self.view.can_speak:
            self.set_status(Text(_("You have already made a statement this turn."), style="yellow"))
            return
        pledge = dict(self.draft)
        cards = {c.id: c for c in self.view.cards}
        what = "; ".join(f"{cards[c].title}: {option_label(cards[c], o)}" for c, o in pledge.items())

        def said(text: str | None) -> None:
            if text:
                self.submit(C.Statement(by=self.seat, text=text, pledge=pledge))
            self.advance()

        self.open_dialog(
            PromptScreen(_("A pledge to the table: {items}").format(items=what),
                         _("What your delegation promises, in its words"), C.MAX_STATEMENT,
                         _("Enter pledges it (the debrief checks later offers against it) \u00b7 Esc cancels")),
            said,
        )

    def action_lever(self) -> None:
        if not self.my_turn():
            return

        def chosen(lever: str | None) -> None:
            if lever:
                self.submit(C.UseLever(by=self.seat, lever=lever))
            self.advance()

        self.open_dialog(LeverScreen(self.view.private[self.seat].levers), chosen)

    def _confirm(self, question: str, command: C.Command) -> None:
        if not self.my_turn():
            return

        def answered(yes: bool) -> None:
            if yes:
                self.submit(command)
            self.advance()

        self.open_dialog(ConfirmScreen(question), answered)

    def action_recess(self) -> None:
        self._confirm(_("Call a recess? The round ends now and open packages lapse."), C.Recess(by=self.seat))

    def action_walk_out(self) -> None:
        self._confirm(_("Walk out? The talks end for everyone, and the game with them."), C.WalkOut(by=self.seat))

    def action_briefing(self) -> None:
        self.open_briefing()

    def action_leave(self) -> None:
        if self.facilitated:  # a lent table goes back to the facilitator, behind the cover
            self.back_to_facilitator()
            return
        super().action_leave()

    def palette_actions(self) -> list[tuple[str, str, str]]:
        """(title, help, action) for the command palette."""
        return [
            (_("Propose the draft"), _("Put your draft package on the table"), "propose"),
            (_("Counter"), _("Replace the package on the table with your draft"), "counter"),
            (_("Accept the package"), _("Accept the package on the table"), "accept"),
            (_("Reject the package"), _("Reject the package on the table"), "reject"),
            (_("Make a statement"), _("Say something to the table"), "statement"),
            (_("Pledge your draft"), _("A statement that commits you to the options in your draft"), "pledge"),
            (_("Use a lever"), _("Choose one of your delegation's levers"), "lever"),
            (_("Call a recess"), _("End the round now"), "recess"),
            (_("Walk out"), _("End the talks"), "walk_out"),
            (_("Pass"), _("Let the turn go by"), "pass_turn"),
            (_("Read the brief"), _("Your confidential brief"), "briefing"),
            (_("Save a named copy"), _("Write the game so far under a name"), "save_as"),
            (_("Back to the lobby"), _("The game is saved after every move"), "leave"),
        ]


"""Replay a saved game event by event, from one delegation's point of view or the
facilitator's ("what did Kyiv know in round two?").

Everything on the screen comes from `game.replay.Replay`: the view the seat had right
after the event at the cursor, and the events it had seen by then, redacted for it.
The screen never reads a game state. The cards are read-only here.

`ReplaySeatScreen` asks whose point of view to take; `open_replay` chains the two.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Protocol

from rich.segment import Segment
from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.screen import ModalScreen, Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Header, Label, OptionList
from textual.widgets.option_list import Option

from game.content.models import Scenario
from game.engine import events as E
from game.engine.appraise import appraise
from game.engine.rules import Rules
from game.engine.views import FACILITATOR, CardView, View
from game.i18n import N_, _, formats
from game.narrate import Line, Narrator
from game.replay import Replay, next_seat, seat_name, seats_of
from game.store.log import LoadedGame, Step
from game.tui.widgets.cards import CardGrid, clip, option_label
from game.tui.widgets.footer import Footer
from game.tui.widgets.panels import STYLE, CalendarStrip, TablePanel, ThemedStatic, who, worth_line
from game.tui.widgets.tone import themed


class GameLog(Protocol):
    rules: Rules
    steps: Sequence[Step]


Source = GameLog | LoadedGame | tuple[Rules, Sequence[Step]] | Replay


def point_of_view(scenario: Scenario, seat: str) -> str:
    if seat == FACILITATOR:
        return _("The facilitator's point of view (everything)")
    return _("{delegation}'s point of view").format(delegation=seat_name(scenario, seat))


class ReplayCards(CardGrid, inherit_bindings=False):
    """The card grid, read-only: no draft column (the status quo instead), no option keys."""

    BINDINGS = [
        Binding("up", "move(-1)", N_("Card \u2191"), show=False),
        Binding("down", "move(1)", N_("Card \u2193"), show=False),
    ]
    HEADINGS = (N_("Card"), N_("On the table"), N_("Signed"), N_("Status quo"), N_("Yours"))

    def _cells(self, view: View, seat: str, draft: dict[str, str], card: CardView) -> tuple[Text, ...]:
        title, on_table, signed, _draft, weight = super()._cells(view, seat, {}, card)
        status_quo = Text(clip(option_label(card, card.status_quo), self._widths[3]), style="dim")
        return (title, on_table, signed, status_quo, weight)


class ReplayTablePanel(TablePanel):
    """The package on the table at that moment, and what it was worth to the seat (to
    every delegation, for the facilitator)."""

    EMPTY = N_("Nothing was on the table.")

    def appraisal(self, out: Text, view: View, seat: str, waiting: list[str]) -> None:
        pkg = view.table
        if pkg is None:
            return
        if seat in view.private:
            out.append_text(worth_line(appraise(view, seat, pkg.items)))
        else:  # the facilitator: what signing it then would have changed in each score
            out.append(_("If signed then, to each score:"), style="bold")
            for i, code in enumerate(c for c in view.parties if c in view.private):
                a = appraise(view, code, pkg.items)
                out.append((" \u00b7 " if i else " ") + who(view, code, seat) + " ")
                out.append(_signed(a.worth), style="green" if a.worth >= 0 else "red")


_signed, _meter = formats.signed, formats.compact  # a change in a score ("+2.5"); a meter's value ("55", "2.5")


class ReplayTranscript(ScrollView, can_focus=True):
    """The transcript up to the cursor, the current event's line marked with \u25b8.

    A line-API widget: a line is wrapped once per width to know its height, and drawn
    only when it is in sight, so that stepping back through a long game costs a few
    lines, not the whole transcript written again (a RichLog takes about 0.3 s for
    500 events).
    """

    DEFAULT_CSS = """
    ReplayTranscript {
        overflow-x: hidden;
        scrollbar-gutter: stable;
    }
    """
    GUTTER = 2

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._lines: list[Line] = []  # the seat's transcript up to the cursor
        self._current = False  # the last line is the current event's
        self._tops: list[int] = [0]  # _tops[i]: first row of line i, for the lines measured so far
        self._drawn: dict[tuple[int, bool], list[Strip]] = {}  # (line, marked) -> its rows
        self._width = 0

    def reset(self) -> None:
        """Before another seat's transcript: nothing measured so far applies to it."""
        self._lines = []
        self._forget()

    def _forget(self) -> None:
        self._drawn.clear()
        self._tops = [0]

    def show(self, lines: list[Line], current: bool) -> None:
        """`lines` grows and shrinks as a prefix of one seat's transcript (`reset` between seats)."""
        self._lines = lines
        self._current = current
        self._layout()

    def _text(self, i: int, marked: bool) -> Text:
        line = self._lines[i]
        style = STYLE.get(line.kind, "") + (" bold" if marked else "")
        return themed(Text(line.text, style=style), self.app.current_theme.dark)

    def _layout(self) -> None:
        width = max(self.GUTTER + 10, self.scrollable_content_region.width)
        if width != self._width:
            self._width = width
            self._forget()
        console = self.app.console
        while len(self._tops) <= len(self._lines):
            i = len(self._tops) - 1
            self._tops.append(self._tops[i] + len(self._text(i, False).wrap(console, width - self.GUTTER)))
        height = self._tops[len(self._lines)]
        self.virtual_size = Size(width, height)
        self.scroll_to(y=max(0, height - self.scrollable_content_region.height), animate=False)
        self.refresh()

    def _rows(self, i: int, marked: bool) -> list[Strip]:
        rows = self._drawn.get((i, marked))
        if rows is None:
            console = self.app.console
            base = self.rich_style
            rows = []
            for n, row in enumerate(self._text(i, marked).wrap(console, self._width - self.GUTTER)):
                gutter = "\u25b8 " if marked and n == 0 else " " * self.GUTTER
                segments = [Segment(gutter, base + console.get_style("bold"))]
                segments += [
                    Segment(seg.text, base + seg.style if seg.style else base)
                    for seg in row.render(console) if seg.text != "\n" and not seg.control
                ]
                rows.append(Strip(segments).adjust_cell_length(self._width, base).simplify())
            self._drawn[(i, marked)] = rows
        return rows

    def render_line(self, y: int) -> Strip:
        row = y + int(self.scroll_offset.y)
        count = len(self._lines)
        width = self.scrollable_content_region.width
        if count == 0 or row >= self._tops[count]:
            return Strip.blank(width, self.rich_style)
        i = bisect_right(self._tops, row, 0, count + 1) - 1
        rows = self._rows(i, self._current and i == count - 1)
        return rows[row - self._tops[i]].crop_extend(0, width, self.rich_style)

    def on_resize(self) -> None:
        if self._lines:
            self._layout()

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._retheme, init=False)

    def _retheme(self) -> None:
        self._drawn.clear()
        self.refresh()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.refresh()


class ReplayScreen(Screen[None]):
    """A saved game, one event at a time, as one seat saw it. Dismisses with None."""

    BINDINGS = [
        Binding("right", "step(1)", N_("Event"), key_display="\u2190 \u2192", priority=True),
        Binding("left", "step(-1)", N_("Previous event"), show=False, priority=True),
        Binding("pagedown,right_square_bracket", "next_round", N_("Round"), key_display="PgUp PgDn [ ]", priority=True),
        Binding("pageup,left_square_bracket", "previous_round", N_("Previous round"), show=False, priority=True),
        Binding("end", "last", N_("First / last"), key_display="Home End", priority=True),
        Binding("home", "first", N_("First event"), show=False, priority=True),
        Binding("v", "switch_seat", N_("Point of view")),
        Binding("escape,q", "close", N_("Back"), key_display="q Esc"),
    ]

    def __init__(
        self, source: Source, seat: str = FACILITATOR, *, at_end: bool = False, seats: tuple[str, ...] | None = None
    ) -> None:
        """`source` is a game's log: a loaded save, anything else with `rules` and `steps`
        (the end screen's `Played`), a (rules, steps) pair, or a replay to take over (its
        seat and place are kept then). The replay opens on the first event, or on the
        last with `at_end`. `v` moves between `seats` (default: every delegation and the
        facilitator; a game still being played is replayed from the delegations' seats
        only: the facilitator's would tell all)."""
        super().__init__()
        if isinstance(source, Replay):
            self.replay = source
        else:
            rules, steps = source if isinstance(source, tuple) else (source.rules, source.steps)
            self.replay = Replay(rules, steps, seat)
        if at_end:
            self.replay.goto(len(self.replay))
        self.scenario = self.replay.rules.scenario
        self.seats = seats if seats is not None else seats_of(self.scenario)
        self.narrator = Narrator(self.scenario)
        self._narrated: list[Line | None] = []  # the transcript line of each event the seat saw, so far
        self.title = _("Parley \u2014 Replay")
        self.sub_title = self.scenario.title

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header()
        yield ThemedStatic(id="replay-bar")
        yield CalendarStrip(id="strip")
        yield ReplayCards(id="cards")
        yield ThemedStatic(id="replay-known")
        yield ThemedStatic(id="replay-now")
        with Horizontal(id="lower"):
            yield ReplayTranscript(id="transcript")
            yield ReplayTablePanel(id="table-panel")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(ReplayTranscript).border_title = _("Transcript")
        self.show_all()
        self.query_one(ReplayCards).focus()

    @on(CardGrid.Resized)
    def _resized(self) -> None:
        self.show_all()

    # ------------------------------------------------------------------ showing

    @property
    def seat(self) -> str:
        return self.replay.seat

    def show_all(self) -> None:
        replay, seat = self.replay, self.replay.seat
        view = replay.view()
        bar = Text()
        bar.append(point_of_view(self.scenario, seat), style="bold")
        bar.append(f" \u00b7 {replay.label()}")
        self.query_one("#replay-bar", ThemedStatic).show_text(bar)
        self.query_one(CalendarStrip).show(view, seat)
        self.query_one(ReplayCards).show(view, seat, {})
        self.query_one(ReplayTablePanel).show(view, seat)
        self.query_one("#replay-known", ThemedStatic).show_text(self.known_readings(view))
        self.query_one("#replay-now", ThemedStatic).show_text(self.now_line())
        self.sync_transcript()

    def sync_transcript(self) -> None:
        """The transcript up to the cursor. Lines are worded once, as the cursor first reaches them."""
        position = self.replay.position
        if len(self._narrated) < position:
            self._narrated += [self.narrator.line(e) for e in self.replay.transcript(len(self._narrated))]
        lines = [line for line in self._narrated[:position] if line is not None]
        self.query_one(ReplayTranscript).show(lines, current=self._narrated[position - 1] is not None)

    def known_readings(self, view: View) -> Text:
        """The hidden readings this seat knew of at that moment: its own, those the
        facilitator revealed, and everyone's once the talks were over. The facilitator
        also sees every delegation's private meters here (the strip shows public ones)."""
        everything = self.seat not in self.scenario.delegations
        heading = _("Hidden readings and meters:") if everything else _("Hidden readings known:")
        out = Text(heading + " ", style="dim")
        parts = []
        for d in view.delegations:
            meters = ""
            if d.code in view.private:
                mine = view.private[d.code]
                variants, how = mine.variants, "you" if d.code == self.seat else ""
                if everything:
                    meters = ", ".join(f"{m.label} {_meter(m.value)}" for m in mine.meters if not m.public)
            elif d.code in view.revealed:
                variants, how = view.revealed[d.code].variants, "revealed"
            elif view.end is not None:
                variants, how = view.end.variants.get(d.code, ()), ""
            else:
                continue
            if variants or meters:
                if how == "you":
                    head = _("{delegation} (you):").format(delegation=d.short)
                elif how == "revealed":
                    head = _("{delegation} (revealed):").format(delegation=d.short)
                else:
                    head = f"{d.short}:"
                parts.append((head, "; ".join(v.label for v in variants), meters))
        if not parts:
            # Translators: no hidden reading known, in the replay
            out.append(_("none"))
        for i, (head, labels, meters) in enumerate(parts):
            out.append(("" if i == 0 else " \u00b7 ") + head + " ")
            out.append(labels, style="cyan")
            if meters:
                out.append((", " if labels else "") + meters)
        return out

    def now_line(self) -> Text:
        event = self.replay.current()
        line = self.narrator.line(event)
        out = Text(" " + _("Event {number}").format(number=self.replay.position) + " ", style="bold reverse")
        out.append(" ")
        if line is not None:
            out.append(line.text, style=STYLE.get(line.kind, "") + " bold")
        else:
            out.append(self.bookkeeping(event), style="dim")
        return out

    def bookkeeping(self, event: E.Event) -> str:
        """Words for the events the transcript leaves out."""
        match event:
            case E.GameStarted():
                return _("The delegations take their seats; each hidden reading is drawn for this game.")
            case E.TurnEnded():
                return _("{delegation}'s turn ends.").format(delegation=self.narrator.short(event.by))
            case E.DateAdvanced():
                return _("The calendar moves on to {date}.").format(date=formats.date(event.date))
            case E.FlagChanged():
                flag = next((f for f in self.scenario.flags if f.id == event.flag), None)
                text = flag.description.strip() if flag is not None else event.flag
                return text if event.value else _("No longer the case: {flag}").format(flag=text)
        return _("A step of the game's bookkeeping.")

    # ------------------------------------------------------------------ keys

    def action_step(self, n: int) -> None:
        self.replay.step(n)
        self.show_all()

    def action_next_round(self) -> None:
        self.replay.next_round()
        self.show_all()

    def action_previous_round(self) -> None:
        self.replay.previous_round()
        self.show_all()

    def action_first(self) -> None:
        self.replay.goto(1)
        self.show_all()

    def action_last(self) -> None:
        self.replay.goto(len(self.replay))
        self.show_all()

    def action_switch_seat(self) -> None:
        """The next point of view (Moscow, Kyiv, Washington, the facilitator), at the last
        event both points of view saw."""
        self.replay = self.replay.as_seen_by(next_seat(self.seat, self.seats))
        self._narrated = []
        self.query_one(ReplayTranscript).reset()
        self.show_all()

    def action_close(self) -> None:
        self.dismiss(None)


class ReplaySeatScreen(ModalScreen[str | None]):
    """Whose point of view to replay from. Dismisses with a delegation's code or
    "facilitator", or None when cancelled."""

    BINDINGS = [
        Binding("enter", "choose", N_("Replay"), priority=True),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(self, scenario: Scenario, current: str = FACILITATOR, seats: tuple[str, ...] | None = None) -> None:
        super().__init__()
        self.scenario = scenario
        self.seats = seats if seats is not None else seats_of(scenario)
        self.current = current if current in self.seats else self.seats[0]

    def compose(self) -> ComposeResult:
        with Vertical(id="replay-seat", classes="dialog"):
            yield Label(_("Replay the game from whose point of view?"), classes="dialog-title")
            options = []
            for seat in self.seats:
                text = Text()
                text.append(seat_name(self.scenario, seat), style="bold")
                if seat == FACILITATOR:
                    text.append(" \u2014 " + _("everything, every delegation's secrets included"))
                else:
                    name = self.scenario.delegations[seat].name
                    text.append(" \u2014 " + _("{delegation}: only what it could see at the time").format(
                        delegation=name))
                options.append(Option(text, id=seat))
            yield OptionList(*options, id="replay-seats")
            yield Label(_("\u2191 \u2193 choose \u00b7 Enter replays \u00b7 Esc cancels"), classes="dialog-hint")
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.seats.index(self.current)
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_choose(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(self.seats[options.highlighted])

    def action_cancel(self) -> None:
        self.dismiss(None)


def open_replay(
    app: App, source: Source, seat: str | None = None, *, at_end: bool = False, seats: tuple[str, ...] | None = None,
    current: str = FACILITATOR,
) -> None:
    """Ask whose point of view (unless `seat` is given; `current` is offered first), then
    replay the game in `source` (as `ReplayScreen` takes it) from there; `seats` are the
    points of view offered (default: every delegation and the facilitator)."""
    if seat is not None:
        app.push_screen(ReplayScreen(source, seat, at_end=at_end, seats=seats))
        return

    def chosen(picked: str | None) -> None:
        if picked is not None:
            app.push_screen(ReplayScreen(source, picked, at_end=at_end, seats=seats))

    rules = source.rules if not isinstance(source, tuple) else source[0]
    app.push_screen(ReplaySeatScreen(rules.scenario, current=current, seats=seats), chosen)

"""Title and lobby: choose a scenario, who plays each delegation, the seed; or
continue the last game, load a save, play the tutorial.

The lobby draws before the engine and the scenarios are loaded: they load in a
worker thread, so the first frame does not wait for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from game.i18n import N_, _, formats, ngettext
from game.tui.screens.base import ParleyScreen
from game.tui.widgets.choice import Choice
from game.tui.widgets.footer import Footer, Room

if TYPE_CHECKING:
    from game.engine.commands import TimerThen
    from game.store.catalog import SaveInfo

FIRST_SEAT, OTHER_SEATS = "person", "ai:pragmatist"  # a scenario's first delegation, and the others, at first
TUTORIAL = "tutorial"
TIMER_MINUTES = (1, 2, 3, 5, 10)


def seat_choices() -> list[tuple[str, str]]:
    """(label, seat) for who may play a seat, in the player's language: a person, or each
    computer strategy registered (`game.agents.registry`), presets first."""
    from game.agents.registry import specs, words

    return [(_("Person"), "person")] + [(_(found.choice), spec) for spec in specs() if (found := words(spec))]


def full_length() -> list[tuple[str, str]]:
    """The one game length of a scenario without game lengths of its own."""
    return [(_("Full calendar"), "")]


def timer_choices() -> list[tuple[str, str]]:
    # Translators: the turn timer's choices in the lobby: "Off", "1 min a turn", "2 min a turn"...
    return [(_("Off"), "0")] + [
        (ngettext("{minutes} min a turn", "{minutes} min a turn", m).format(minutes=m), str(m * 60))
        for m in TIMER_MINUTES
    ]


@dataclass(frozen=True)
class ScenarioEntry:
    id: str
    title: str
    summary: str
    folder: str
    problem: str | None = None  # why it does not load
    lengths: tuple[tuple[str, str], ...] = ()  # (label, id) of the game lengths it offers
    parties: tuple[tuple[str, str], ...] = ()  # (code, label) of its delegations, in its order


@dataclass(frozen=True)
class StartRequest:
    """What the lobby asks the app to start."""

    scenario: str
    seats: dict[str, str]
    seed: int
    timer: int = 0  # seconds per turn on the wall clock (0: none)
    timer_then: TimerThen = "pass"
    facilitator: bool = False
    length: str | None = None  # one of the scenario's game lengths (None: its first)


class LobbyScreen(Room, ParleyScreen[None]):
    BINDINGS = [
        Binding("g", "start", N_("Start game")),
        Binding("f", "facilitate", N_("Facilitate")),
        Binding("c", "continue_last", N_("Continue")),
        Binding("l", "load", N_("Load")),
        Binding("t", "tutorial", N_("Tutorial")),
        Binding("j", "join", N_("Join")),
        Binding("f2", "language", N_("Language")),
        Binding("r", "reroll", N_("New seed"), show=False),
        Binding("q", "app.quit", N_("Quit")),
    ]
    TUCKED = frozenset({"facilitate", "continue_last"})  # when the footer has no room: the lobby's text names them
    SPACING = 3  # a footer with room to breathe

    def footer_width(self) -> int:
        from game.tui.widgets.footer import PALETTE

        return super().footer_width() + len(_(PALETTE)) + 6  # and the command palette's key, on the right

    def on_resize(self) -> None:
        super().on_resize()
        self.query_one(Footer).compact = self.has_class("-narrow")  # below 100 columns, keys closer together

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[ScenarioEntry] = []  # the scenarios listed, once the chosen one's seats are shown
        self.listed: list[ScenarioEntry] = []  # ... and as soon as they are listed
        self.sub_title = _("Lobby")
        self.wanted: tuple[str | None, str | None] = (None, None)  # (scenario, length) to choose again once listed
        self.parties: tuple[tuple[str, str], ...] = ()  # the delegations whose seats are shown: (code, label)
        self.chosen: dict[str, str] = {}  # who plays each delegation code, as last chosen (kept across scenarios)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            Text.assemble(("PARLEY", "bold"), "  \u00b7  " + _("a negotiation game: take a delegation's seat at "
                                                                "the table")),
            id="title-banner",
        )
        with Horizontal(id="lobby"):
            with Vertical(id="lobby-left"):
                yield Label(_("Scenario"), classes="section")
                yield OptionList(Option(_("Loading scenarios\u2026"), disabled=True), id="scenarios")
                yield Static(id="summary")
            with Vertical(id="lobby-right"):
                yield Label(_("Who plays each delegation (\u2190 \u2192 to change)"), classes="section")
                with Vertical(id="seats"):
                    yield from self.seat_rows(self.parties)
                with Horizontal(classes="seat-row"):
                    yield Label(_("Game length"), classes="seat-label")
                    yield Choice(full_length(), "", id="length")
                with Horizontal(classes="seat-row"):
                    yield Label(_("Turn timer (wall clock)"), classes="seat-label")
                    yield Choice(timer_choices(), "0", id="timer")
                with Horizontal(classes="seat-row"):
                    yield Label(_("Seed (same seed, same game)"), classes="seat-label")
                    yield Input(str(self.app.new_seed()), id="seed", type="integer", max_length=18)
                yield Static(self.start_hint(), id="start")
                yield Static(id="continue-info")
        yield Footer()

    def seat_rows(self, parties: tuple[tuple[str, str], ...]) -> list[Horizontal]:
        """A row for each delegation: its name and who plays it (as last chosen for its
        code; at first a person at the first delegation, computers at the others)."""
        rows = []
        for i, (code, label) in enumerate(parties):
            value = self.chosen.get(code, FIRST_SEAT if i == 0 else OTHER_SEATS)
            rows.append(Horizontal(Label(label, classes="seat-label"), Choice(seat_choices(), value, id=f"seat-{code}"),
                                   classes="seat-row"))
        return rows

    async def show_seats(self, entry: ScenarioEntry | None) -> None:
        """The seat rows of `entry`'s delegations (none while no scenario is chosen)."""
        wanted = entry.parties if entry is not None else self.parties
        if wanted == self.parties:
            return
        self.chosen.update(self.seats())
        box = self.query_one("#seats", Vertical)
        if [c for c, _label in wanted] == [c for c, _label in self.parties]:  # the same seats, in other words
            for label, (_code, text) in zip(box.query(".seat-label").results(Label), wanted):
                label.update(text)
        else:
            await box.remove_children()
            await box.mount_all(self.seat_rows(wanted))
        self.parties = wanted
        self.set_class(len(wanted) > 3, "-many-seats")

    def start_hint(self) -> Text:
        if self.app.facilitator:
            return Text(_("Press g to start the game with you at the facilitator's seat."), style="bold")
        # Translators: [bold]...[/bold] marks the words shown in bold; keep the marks
        return Text.from_markup(_("[bold]Press g to start the game[/bold]; f starts it with you as its facilitator."))

    def on_mount(self) -> None:
        self.query_one("#scenarios", OptionList).focus()
        # The first frame comes first: scenarios and saves are read once it is drawn.
        self.call_after_refresh(self.load_scenarios)

    # ------------------------------------------------------------------ data

    @work(thread=True, exclusive=True, group="scenarios")
    def load_scenarios(self) -> None:
        from game.i18n import current

        lang = current()
        entries = self.app.list_scenarios(lang)
        last = self.app.last_unfinished()
        # mypy cannot solve Textual's `T | Awaitable[T]` for a coroutine function: the call is right
        self.app.call_from_thread(self.show_listed, lang, entries, last)  # type: ignore[arg-type]
        from game.tui.screens.help import rendered

        rendered()  # read and parsed now: F1 opens the help at once

    async def show_listed(self, lang: str, entries: list[ScenarioEntry], last: SaveInfo | None) -> None:
        from game.i18n import current

        if lang != current():  # listed before the language changed (F2): the worker started since lists them
            return
        await self.show_scenarios(entries)
        self.show_continue(last)

    async def show_scenarios(self, entries: list[ScenarioEntry]) -> None:
        """The list of scenarios, one chosen with its seats shown; `entries` is set last,
        so that once it is, the chosen scenario's seats are there to choose."""
        self.listed = entries
        options = self.query_one("#scenarios", OptionList)
        options.clear_options()
        for entry in entries:
            if entry.problem:
                label = _("{folder} (does not load)").format(folder=entry.folder)
                options.add_option(Option(Text(label, style="dim"), id=entry.folder, disabled=True))
            else:
                options.add_option(Option(entry.title, id=entry.id))
        if not entries:
            options.add_option(Option(_("No scenarios found"), disabled=True))
        first = next((i for i, e in enumerate(entries) if not e.problem and e.id != TUTORIAL), None)
        if self.wanted[0] is not None:  # the scenario chosen before the language changed
            first = next((i for i, e in enumerate(entries) if e.id == self.wanted[0] and not e.problem), first)
        if first is None:
            first = next((i for i, e in enumerate(entries) if not e.problem), None)
        if first is not None:
            options.highlighted = first
        await self.show_summary()
        self.entries = entries

    @work(thread=True, exclusive=True, group="saves")
    def refresh_continue(self) -> None:
        last = self.app.last_unfinished()
        self.app.call_from_thread(self.show_continue, last)

    def show_continue(self, info) -> None:
        label = self.query_one("#continue-info", Static)
        if info is None:
            label.update(Text(_("No unfinished game to continue."), style="dim"))
        elif info.date:
            label.update(Text(_("c continues {name} ({scenario}, {round}, {date}).").format(
                name=info.name, scenario=info.header.scenario, round=info.round or "-", date=formats.date(info.date),
            ), style="dim"))
        else:
            label.update(Text(_("c continues {name} ({scenario}, -).").format(
                name=info.name, scenario=info.header.scenario), style="dim"))

    def selected(self) -> ScenarioEntry | None:
        options = self.query_one("#scenarios", OptionList)
        if options.highlighted is None or not self.listed:
            return None
        option = options.get_option_at_index(options.highlighted)
        return next((e for e in self.listed if e.id == option.id and not e.problem), None)

    @on(OptionList.OptionHighlighted, "#scenarios")
    async def show_summary(self) -> None:
        entry = self.selected()
        summary = self.query_one("#summary", Static)
        if entry is None:
            bad = [e for e in self.listed if e.problem]
            summary.update("\n".join(f"{e.folder}: {e.problem}" for e in bad))
            return
        summary.update(Text(entry.summary))
        await self.show_seats(entry)
        lengths = self.query_one("#length", Choice)
        offered = list(entry.lengths) or full_length()
        if offered != lengths.choices:  # the scenario's own lengths, the first chosen
            lengths.choices, lengths.index = offered, 0
            wanted = self.wanted[1] if entry.id == self.wanted[0] else None
            lengths.index = next((i for i, (_label, value) in enumerate(offered) if value == wanted), 0)
            lengths.refresh_choice()
        self.wanted = (None, None)

    # ------------------------------------------------------------------ actions

    def seats(self) -> dict[str, str]:
        """Who plays each delegation of the scenario chosen."""
        return {code: self.query_one(f"#seat-{code}", Choice).value for code, _label in self.parties}

    def seed(self) -> int | None:
        text = self.query_one("#seed", Input).value.strip()
        try:
            seed = int(text)
        except ValueError:
            return None
        return seed if 0 <= seed < 2**63 else None

    def action_facilitate(self) -> None:
        self.action_start(facilitator=True)

    @on(OptionList.OptionSelected, "#scenarios")
    @on(Input.Submitted, "#seed")
    def action_start(self, facilitator: bool = False) -> None:
        facilitator = facilitator is True or self.app.facilitator
        entry = self.selected()
        if entry is None:
            self.notify(_("Choose a scenario first."), severity="warning")
            return
        seed = self.seed()
        if seed is None:
            self.notify(_("The seed must be a whole number from 0 up."), severity="error")
            self.query_one("#seed", Input).focus()
            return
        seats = self.seats()
        if "person" not in seats.values() and not facilitator:
            self.notify(
                _("Choose at least one person, or press f to facilitate a table of computer delegations. "
                  "`parley simulate` plays whole games without a screen."), severity="warning",
            )
            return
        timer = int(self.query_one("#timer", Choice).value)
        length = self.query_one("#length", Choice).value or None
        self.app.start_game(StartRequest(entry.id, seats, seed, timer=timer, facilitator=facilitator, length=length))

    async def action_language(self) -> None:
        """Speak the next language Parley knows: the lobby is drawn again in it, keeping
        what was chosen, and every screen from now on speaks it."""
        from game import i18n

        codes = list(i18n.LANGUAGES)
        chosen = codes[(codes.index(i18n.current()) + 1) % len(codes)]
        kept = {f"#{c.id}": c.value for c in self.query(Choice) if c.id}
        self.chosen.update(self.seats())
        seed = self.query_one("#seed", Input).value
        entry = self.selected()
        self.wanted = (entry.id if entry else None, kept.get("#length"))
        i18n.use(chosen)
        self.sub_title = _("Lobby")
        await self.recompose()
        for selector, value in kept.items():
            choice = self.query_one(selector, Choice)
            choice.index = next((i for i, (_label, v) in enumerate(choice.choices) if v == value), choice.index)
            choice.refresh_choice()
        self.query_one("#seed", Input).value = seed
        self.query_one("#scenarios", OptionList).focus()
        self.load_scenarios()  # their titles and summaries, in the new language
        self.notify(_("Parley now speaks {language}.").format(language=i18n.LANGUAGES[chosen]), title=_("Language"))

    def action_tutorial(self) -> None:
        """The coached tutorial: its own seats, seed and scenario; none of the lobby's choices."""
        self.app.start_tutorial()

    def action_reroll(self) -> None:
        self.query_one("#seed", Input).value = str(self.app.new_seed())

    def action_continue_last(self) -> None:
        info = self.app.last_unfinished()
        if info is None:
            self.notify(_("There is no unfinished game to continue."), severity="warning")
            return
        self.app.resume_game(info.path)

    def action_join(self) -> None:
        """A seat at a table someone hosts (`parley host`): its address, then the seat's code."""
        from game.net.client import parse_address
        from game.tui.screens.dialogs import PromptScreen
        from game.tui.screens.join import JoinScreen

        def given(address: str | None) -> None:
            if not address:
                return
            uri = parse_address(address)
            if uri is None:
                # Translators: HOST and PORT are what the player types; keep them as they are
                self.notify(_("{address} is not an address: type HOST or HOST:PORT, for example 192.168.1.20:8765."
                              ).format(address=repr(address)), title=_("Join"), severity="error")
                return
            self.app.push_screen(JoinScreen(uri))

        def answered(address: str | None) -> None:
            self.call_after_refresh(given, address)  # once the prompt has gone: a notice shows here

        self.app.push_screen(PromptScreen(
            _("Join a hosted table"), _("The host's address: HOST or HOST:PORT, as the facilitator gives it"), 200,
            _("Enter goes on to your seat's code \u00b7 Esc cancels"),
        ), answered)

    def action_load(self) -> None:
        from game.tui.screens.load import LoadScreen

        def chosen(match) -> None:
            if match is not None:
                self.app.open_match(match)

        self.app.push_screen(LoadScreen(), chosen)

    def on_screen_resume(self) -> None:
        self.refresh_continue()

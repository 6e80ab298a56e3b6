"""Title and lobby: choose a scenario, who plays each delegation, the seed; or
continue the last game, load a save, play the tutorial.

The lobby draws before the engine and the scenarios are loaded: they load in a
worker thread, so the first frame does not wait for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from game.tui.widgets.choice import Choice

SEAT_CHOICES = [
    ("Person", "person"),
    ("Computer: pragmatist", "ai:pragmatist"),
    ("Computer: hard-liner", "ai:hardliner"),
    ("Computer: dealmaker", "ai:dealmaker"),
    ("Computer: preset drawn per game", "ai"),
    ("Random moves (testing)", "random"),
]
DEFAULT_SEATS = {"ru": "person", "ua": "ai:pragmatist", "us": "ai:pragmatist"}
SEAT_NAMES = {"ru": "Russian delegation (Moscow)", "ua": "Ukrainian delegation (Kyiv)", "us": "US delegation (Washington)"}
TUTORIAL = "tutorial"
FULL_LENGTH = [("Full calendar", "")]  # a scenario without game lengths of its own
TIMER_CHOICES = [("Off", "0")] + [(f"{m} min a turn", str(m * 60)) for m in (1, 2, 3, 5, 10)]


@dataclass(frozen=True)
class ScenarioEntry:
    id: str
    title: str
    summary: str
    folder: str
    problem: str | None = None  # why it does not load
    lengths: tuple[tuple[str, str], ...] = ()  # (label, id) of the game lengths it offers


@dataclass(frozen=True)
class StartRequest:
    """What the lobby asks the app to start."""

    scenario: str
    seats: dict[str, str]
    seed: int
    timer: int = 0  # seconds per turn on the wall clock (0: none)
    timer_then: str = "pass"
    facilitator: bool = False
    length: str | None = None  # one of the scenario's game lengths (None: its first)


class LobbyScreen(Screen[None]):
    BINDINGS = [
        Binding("g", "start", "Start game"),
        Binding("f", "facilitate", "Facilitate"),
        Binding("c", "continue_last", "Continue"),
        Binding("l", "load", "Load"),
        Binding("t", "tutorial", "Tutorial"),
        Binding("j", "join", "Join"),
        Binding("r", "reroll", "New seed", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[ScenarioEntry] = []
        self.sub_title = "Lobby"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            Text.assemble(("PARLEY", "bold"), "  \u00b7  a negotiation game: sit at the table as the Russian, "
                          "Ukrainian or US delegation"),
            id="title-banner",
        )
        with Horizontal(id="lobby"):
            with Vertical(id="lobby-left"):
                yield Label("Scenario", classes="section")
                yield OptionList(Option("Loading scenarios\u2026", disabled=True), id="scenarios")
                yield Static(id="summary")
            with Vertical(id="lobby-right"):
                yield Label("Who plays each delegation (\u2190 \u2192 to change)", classes="section")
                for code in ("ru", "ua", "us"):
                    with Horizontal(classes="seat-row"):
                        yield Label(SEAT_NAMES[code], classes="seat-label")
                        yield Choice(SEAT_CHOICES, DEFAULT_SEATS[code], id=f"seat-{code}")
                with Horizontal(classes="seat-row"):
                    yield Label("Game length", classes="seat-label")
                    yield Choice(FULL_LENGTH, FULL_LENGTH[0][1], id="length")
                with Horizontal(classes="seat-row"):
                    yield Label("Turn timer (wall clock)", classes="seat-label")
                    yield Choice(TIMER_CHOICES, "0", id="timer")
                with Horizontal(classes="seat-row"):
                    yield Label("Seed (same seed, same game)", classes="seat-label")
                    yield Input(str(self.app.new_seed()), id="seed", type="integer", max_length=18)
                yield Static(self.start_hint(), id="start")
                yield Static(id="continue-info")
        yield Footer()

    def start_hint(self) -> Text:
        if self.app.facilitator:
            return Text("Press g to start the game with you at the facilitator's seat.", style="bold")
        return Text.assemble(("Press g to start the game", "bold"), "; f starts it with you as its facilitator.")

    def on_mount(self) -> None:
        self.query_one("#scenarios", OptionList).focus()
        # The first frame comes first: scenarios and saves are read once it is drawn.
        self.call_after_refresh(self.load_scenarios)

    # ------------------------------------------------------------------ data

    @work(thread=True, exclusive=True, group="scenarios")
    def load_scenarios(self) -> None:
        entries = self.app.list_scenarios()
        last = self.app.last_unfinished()
        self.app.call_from_thread(self.show_scenarios, entries)
        self.app.call_from_thread(self.show_continue, last)
        import game.tui.screens.help  # noqa: F401  (read and parsed now: F1 opens the help at once)

    def show_scenarios(self, entries: list[ScenarioEntry]) -> None:
        self.entries = entries
        options = self.query_one("#scenarios", OptionList)
        options.clear_options()
        for entry in entries:
            if entry.problem:
                options.add_option(Option(Text(f"{entry.folder} (does not load)", style="dim"), id=entry.folder, disabled=True))
            else:
                options.add_option(Option(entry.title, id=entry.id))
        if not entries:
            options.add_option(Option("No scenarios found", disabled=True))
        first = next((i for i, e in enumerate(entries) if not e.problem and e.id != TUTORIAL), None)
        if first is None:
            first = next((i for i, e in enumerate(entries) if not e.problem), None)
        if first is not None:
            options.highlighted = first
        self.show_summary()

    @work(thread=True, exclusive=True, group="saves")
    def refresh_continue(self) -> None:
        last = self.app.last_unfinished()
        self.app.call_from_thread(self.show_continue, last)

    def show_continue(self, info) -> None:
        label = self.query_one("#continue-info", Static)
        if info is None:
            label.update(Text("No unfinished game to continue.", style="dim"))
        else:
            where = f"{info.round or '-'}, {info.date:%d %b %Y}" if info.date else "-"
            label.update(Text(f"c continues {info.name} ({info.header.scenario}, {where}).", style="dim"))

    def selected(self) -> ScenarioEntry | None:
        options = self.query_one("#scenarios", OptionList)
        if options.highlighted is None or not self.entries:
            return None
        option = options.get_option_at_index(options.highlighted)
        return next((e for e in self.entries if e.id == option.id and not e.problem), None)

    @on(OptionList.OptionHighlighted, "#scenarios")
    def show_summary(self) -> None:
        entry = self.selected()
        summary = self.query_one("#summary", Static)
        if entry is None:
            bad = [e for e in self.entries if e.problem]
            summary.update("\n".join(f"{e.folder}: {e.problem}" for e in bad))
            return
        summary.update(Text(entry.summary))
        lengths = self.query_one("#length", Choice)
        offered = list(entry.lengths) or FULL_LENGTH
        if offered != lengths.choices:  # the scenario's own lengths, the first chosen
            lengths.choices, lengths.index = offered, 0
            lengths.refresh_choice()

    # ------------------------------------------------------------------ actions

    def seats(self) -> dict[str, str]:
        return {code: self.query_one(f"#seat-{code}", Choice).value for code in ("ru", "ua", "us")}

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
            self.notify("Choose a scenario first.", severity="warning")
            return
        seed = self.seed()
        if seed is None:
            self.notify("The seed must be a whole number from 0 up.", severity="error")
            self.query_one("#seed", Input).focus()
            return
        seats = self.seats()
        if "person" not in seats.values() and not facilitator:
            self.notify(
                "Choose at least one person, or press f to facilitate a table of computer delegations. "
                "`parley simulate` plays whole games without a screen.", severity="warning",
            )
            return
        timer = int(self.query_one("#timer", Choice).value)
        length = self.query_one("#length", Choice).value or None
        self.app.start_game(StartRequest(entry.id, seats, seed, timer=timer, facilitator=facilitator, length=length))

    def action_tutorial(self) -> None:
        """The coached tutorial: its own seats, seed and scenario; none of the lobby's choices."""
        self.app.start_tutorial()

    def action_reroll(self) -> None:
        self.query_one("#seed", Input).value = str(self.app.new_seed())

    def action_continue_last(self) -> None:
        info = self.app.last_unfinished()
        if info is None:
            self.notify("There is no unfinished game to continue.", severity="warning")
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
                self.notify(f"{address!r} is not an address: type HOST or HOST:PORT, for example 192.168.1.20:8765.",
                            title="Join", severity="error")
                return
            self.app.push_screen(JoinScreen(uri))

        self.app.push_screen(PromptScreen(
            "Join a hosted table", "The host's address: HOST or HOST:PORT, as the facilitator gives it", 200,
            "Enter goes on to your seat's code \u00b7 Esc cancels",
        ), lambda address: self.call_after_refresh(given, address))  # once the prompt has gone: a notice shows here

    def action_load(self) -> None:
        from game.tui.screens.load import LoadScreen

        def chosen(match) -> None:
            if match is not None:
                self.app.open_match(match)

        self.app.push_screen(LoadScreen(), chosen)

    def on_screen_resume(self) -> None:
        self.refresh_continue()

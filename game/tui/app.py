"""The Parley app: the lobby first, then a game's screens. Thin on purpose: what a
screen does lives in the screen; what the game does lives in `game.match`."""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from game.i18n import N_, _
from game.tui.screens.lobby import LobbyScreen, ScenarioEntry, StartRequest

if TYPE_CHECKING:
    from game.coach import Coach
    from game.play import Game
    from game.store.catalog import SaveInfo


def length_label(length) -> str:
    """A game length as the lobby offers it: its label, and its measured play time (about)."""
    if not length.minutes:
        return length.label
    # Translators: a game length in the lobby, e.g. "Short game (40 min)"
    return _("{label} ({minutes} min)").format(label=length.label, minutes=length.minutes)


# Textual's own words that Parley shows: the command palette's system commands (the
# footer's "palette" key is in `game.tui.widgets.footer`). Listed here to be translated.
TEXTUAL_COMMANDS = (
    N_("Theme"), N_("Change the current theme"), N_("Quit"), N_("Quit the application as soon as possible"),
    N_("Keys"), N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"), N_("Minimize the widget and restore to normal size"), N_("Maximize"),
    N_("Maximize the focused widget"), N_("Screenshot"), N_("Save an SVG 'screenshot' of the current screen"),
)


class ParleyApp(App[None]):
    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "Parley"
    BINDINGS = [
        Binding("f1", "help", N_("Help")),
        Binding("question_mark", "help", N_("Help"), show=False),
    ]
    # Every screen gets a class for the terminal's size (app.tcss): laid out for 100x30,
    # it degrades on purpose below that (down to 80x24) and grows above 160x40.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-full-width")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-full-height"), (40, "-tall")]
    FULL_SIZE = (100, 30)

    def __init__(
        self,
        saves_dir: Path,
        *,
        pace: float = 0.8,
        seed_source: Callable[[], int] | None = None,
        clock: Callable[[], dt.datetime] | None = None,
        ticker: Callable[[], float] | None = None,
        facilitator: bool = False,
        join: tuple[str, str | None] | None = None,
    ) -> None:
        """`clock` dates new saves; `ticker` (seconds, monotonic) times turns for the turn
        timer; `facilitator` starts games from the lobby at the facilitator's seat;
        `join` (a host's ws:// address and a code, or None to ask for it) takes a seat
        at a hosted table instead of opening the lobby."""
        super().__init__()
        self.saves_dir = Path(saves_dir)
        self.pace = pace  # seconds between computer delegations' moves (0: no wait)
        self._seed_source = seed_source or (lambda: random.SystemRandom().randrange(1_000_000))
        self._clock = clock or (lambda: dt.datetime.now().astimezone())
        self.ticker = ticker or time.monotonic  # each table keeps its own turn clock on it
        self.facilitator = facilitator
        self.join = join
        self.match: Game | None = None
        self.coach: Coach | None = None  # the coached tutorial's coach, while it runs (`start_tutorial`)
        self._coach_toast: tuple[str, float] = ("", 0.0)  # the coach's last hint in a window, and when

    _told_small = False  # the "small terminal" notice shows once, until the terminal is big enough again

    def on_resize(self, event) -> None:
        small = event.size.width < self.FULL_SIZE[0] or event.size.height < self.FULL_SIZE[1]
        if small and not self._told_small:
            self.notify(
                _("This terminal is {width}x{height}; Parley is laid out for {full_width}x{full_height} or more. "
                  "Everything still works, with shorter lines and fewer rows: enlarge the window for the full view."
                  ).format(width=event.size.width, height=event.size.height,
                           full_width=self.FULL_SIZE[0], full_height=self.FULL_SIZE[1]),
                title=_("Small terminal"), severity="warning", timeout=8,
            )
        self._told_small = small

    def on_mount(self) -> None:
        if not self.is_headless and sys.__stdin__ is not None and sys.__stdin__.isatty():
            self._terminal = sys.__stdin__.fileno()
            self.set_interval(2.0, self._check_terminal)
        if self.join is not None:
            from game.tui.screens.join import JoinScreen

            self.push_screen(JoinScreen(*self.join))
            return
        self.push_screen(LobbyScreen())

    def _check_terminal(self) -> None:
        """Leave when the terminal is gone (its window closed under `make play`, whose make
        keeps the hang-up to itself): Textual would go on reading nothing from it at full
        speed. Every action is saved already; the game's save is closed on the way out."""
        try:
            os.tcgetpgrp(self._terminal)
        except OSError:
            self.exit()

    # ------------------------------------------------------------------ services for screens

    def new_seed(self) -> int:
        return self._seed_source()

    def list_scenarios(self, lang: str | None = None) -> list[ScenarioEntry]:
        """The scenarios installed, in `lang` (default: the language spoken now)."""
        from game.coach import SCENARIO as COACHED  # here, not at the top: the lobby's first frame waits for imports
        from game.content.loader import load_scenario, scenario_dirs
        from game.content.yamlsource import ContentError

        out = []
        for folder in scenario_dirs():
            try:
                sc = load_scenario(folder, lang)
            except ContentError as exc:
                first = exc.problems[0] if exc.problems else None
                problem = (_("does not load: {problem}").format(problem=first) if first
                           else _("does not load: it does not load"))
                out.append(ScenarioEntry(folder.name, folder.name, "", folder.name, problem=problem))
                continue
            lengths = tuple((length_label(length), length.id) for length in sc.calendar.lengths)
            if sc.id == COACHED:
                continue  # played only with its coach: t in the lobby
            parties = tuple(
                # Translators: a delegation in the lobby: its name, then its short name: "Russian delegation (Moscow)".
                (code, spec.name if spec.short in spec.name else _("{name} ({short})").format(
                    name=spec.name, short=spec.short))
                for code, spec in sc.delegations.items())
            out.append(ScenarioEntry(sc.id, sc.title, sc.summary, folder.name, lengths=lengths, parties=parties))
        return out

    def on_key(self, event) -> None:
        """In the coached tutorial, a key that nothing on the screen handles gets the
        coach's hint. (This runs before the app's own bindings: it only looks.)"""
        if self.coach is None or self.coach.finished:
            return
        from game.tui.screens.tutorial import hint_for

        hint = hint_for(self.coach, self.screen, event.key)
        if hint is None:
            return
        refresh_coach = getattr(self.screen, "refresh_coach", None)
        if refresh_coach is not None:  # a screen of the tutorial: its panel shows the hint
            refresh_coach()
            return
        now = self.ticker()
        if self._coach_toast[0] != hint or now - self._coach_toast[1] > 4:  # one toast for a key mashed
            self._coach_toast = (hint, now)
            self.notify(hint, title=_("Coach"), timeout=4)

    def start_tutorial(self) -> None:
        """The coached tutorial: its own scenario, seats and seed, no turn timer, no save."""
        from game import coach as tutorial
        from game.content.loader import load_scenario_by_id
        from game.content.yamlsource import ContentError
        from game.engine.rules import Rules
        from game.match import Match, MatchError
        from game.tui.screens.tutorial import TutorialScreen

        try:
            rules = Rules(load_scenario_by_id(tutorial.SCENARIO))
            match = Match.new(rules, tutorial.SEED, tutorial.seats(rules.scenario), None)
            coach = tutorial.Coach(tutorial.script(rules.scenario))
        except (ContentError, MatchError, OSError, ValueError) as exc:
            self.notify(str(exc), title=_("Cannot start the tutorial"), severity="error")
            return
        self.coach = coach
        self.match = match
        self.push_screen(TutorialScreen(match, self.coach, pace=self.pace), self._after_game(match))

    def end_tutorial(self, coach) -> None:
        """The tutorial is over (finished, or left with Esc): back to normal keys, and a word."""
        from game.coach import say

        self.coach = None
        self.notify(say("coach", "done" if coach.finished else "left"), title=_("Tutorial"))

    def last_unfinished(self) -> SaveInfo | None:
        from game.store.catalog import latest_unfinished

        return latest_unfinished(self.saves_dir)

    def start_game(self, request: StartRequest) -> None:
        from game.content.loader import load_scenario_by_id
        from game.content.yamlsource import ContentError
        from game.engine.rules import Rules
        from game.match import Match, MatchError

        try:
            rules = Rules(load_scenario_by_id(request.scenario))
            match = Match.new(
                rules, request.seed, request.seats, self.saves_dir, now=self._clock(),
                timer=request.timer, timer_then=request.timer_then, facilitator=request.facilitator,
                length=request.length,
            )
        except (ContentError, MatchError, OSError) as exc:
            self.notify(str(exc), title=_("Cannot start the game"), severity="error")
            return
        self.open_match(match)

    def resume_game(self, path: Path) -> None:
        from game.match import Match
        from game.store.log import SaveError

        try:
            match = Match.resume(path)
        except (SaveError, OSError) as exc:
            self.notify(str(exc), title=_("Cannot load the save"), severity="error", timeout=10)
            return
        self.open_match(match)

    def open_match(self, match: Game) -> None:
        """A game's screen: the table, the facilitator's console, or the end screen of a
        game that is over already."""
        from game.tui.screens.table import TableScreen

        if match.ended:
            self.open_ended(match)
            return
        if not match.people and not match.facilitated and not match.observing:
            match.close()
            self.notify(
                _("Computer delegations hold every seat of this game; there is no seat for a person. "
                  "`parley replay` verifies and summarises it."), title=_("Cannot continue this game"),
                severity="warning",
            )
            return
        self.match = match
        if match.facilitated:
            from game.tui.screens.facilitator import FacilitatorScreen

            self.push_screen(FacilitatorScreen(match, pace=self.pace), self._after_game(match))
            return
        self.push_screen(TableScreen(match, pace=self.pace), self._after_game(match))

    def open_ended(self, match: Game) -> None:
        """A finished game's end screen (everything on it is public by then), with its log
        for the debrief and the replay (a hosted table's copied here first)."""
        from game.narrate import Narrator
        from game.play import GameError
        from game.tui.screens.end import EndScreen

        seat = match.main_seat

        async def fetch() -> None:
            played = None
            try:
                played = await match.played(self.saves_dir)
            except GameError as exc:  # the end screen shows without it, and says why
                self.notify(_("The debrief and the replay are not at hand: {problem}").format(problem=exc),
                            severity="warning")
            match.close()
            self.push_screen(EndScreen(match.view(seat), match.transcript(seat), Narrator(match.scenario), played))

        self.run_worker(fetch(), group="end")

    def _after_game(self, match: Game) -> Callable[[Screen | None], None]:
        """What follows a game's screen: the match closed, and the end screen it left, if any."""

        def closed(then: Screen | None) -> None:
            match.close()
            self.match = None
            if then is not None:  # the game ended: its end screen, once the table has gone
                self.call_after_refresh(self.push_screen, then)

        return closed

    def open_replay(self, played, current: str | None = None) -> None:
        """Step through a game event by event, from the seat the player chooses (the
        player's own, `current`, offered first)."""
        from game.tui.screens.replay import FACILITATOR, open_replay

        open_replay(self, played, at_end=True, current=current or FACILITATOR)

    # ------------------------------------------------------------------ help and palette

    def action_help(self) -> None:
        from game.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):  # Textual's own, in the player's language
            yield command._replace(title=_(command.title), help=_(command.help))
        yield SystemCommand(_("Help"), _("The rules in brief and every key"), self.action_help)
        for title, help_text, action in getattr(screen, "palette_actions", lambda: [])():
            yield SystemCommand(title, help_text, getattr(screen, f"action_{action}"))

    def on_unmount(self) -> None:
        if self.match is not None:
            self.match.close()

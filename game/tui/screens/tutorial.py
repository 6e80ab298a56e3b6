"""The coached tutorial: the table, the brief and the end screen of the game as
everywhere else, with the coach's panel on top (`game.coach` decides what it says).

The coach opens only the keys its step needs (the footer shows just those, with
Enter when it goes on and Esc to leave); any other key gets the step's hint
(`ParleyApp.on_key`). The tutorial has its own seats and no turn timer, and writes no
save: leaving it leaves nothing behind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header

from game.coach import Coach, say
from game.engine import commands as C
from game.engine.views import View
from game.i18n import N_, _
from game.play import Game, Played
from game.tui.screens.briefing import BriefingScreen
from game.tui.screens.end import EndScreen
from game.tui.screens.table import TableScreen
from game.tui.widgets.cards import CardGrid
from game.tui.widgets.panels import ThemedStatic, Transcript


class CoachPanel(ThemedStatic):
    """The step, what to do and why, and the last hint for a key the coach did not expect."""

    def show_coach(self, coach: Coach, view: View) -> None:
        shown = coach.shown(view)
        out = Text()
        # Translators: the coach panel's heading, e.g. "Coach · Step 2 of 10: Draft a package on two cards"
        heading = _("Coach \u00b7 {progress}: {title}").format(progress=shown.progress, title=shown.title)
        out.append(heading + "\n", style="bold magenta")
        out.append(shown.what, style="bold")
        if shown.why:  # none while the step waits for the table
            out.append("\n" + shown.why, style="dim")
        if shown.hint:
            out.append("\n\u25b6 " + shown.hint, style="bold yellow")
        self.show_text(out)


if TYPE_CHECKING:  # a mixin for screens: the type checker reads it as one
    _Mixin = Screen[Any]
else:
    _Mixin = object


class _Coached(_Mixin):
    """What every screen of the tutorial shares: the coach's panel under the header,
    brought up to date from the screen's own `view` (the seat's, as the screen shows it)."""

    coach: Coach
    view: View

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            yield widget
            if isinstance(widget, Header):
                yield CoachPanel(id="coach")

    def on_mount(self) -> None:
        self.refresh_coach()

    def refresh_coach(self) -> None:
        for panel in self.query(CoachPanel):
            panel.show_coach(self.coach, self.view)


class TutorialBriefing(_Coached, BriefingScreen):
    """The brief: at the first step Esc leaves the tutorial (the footer says so); opened
    again later (b), Esc closes it, as everywhere."""

    BINDINGS = [
        Binding("enter,b", "close", N_("To the table"), priority=True),
        Binding("escape", "leave_tutorial", N_("Leave the tutorial"), priority=True),
        Binding("escape", "close", N_("To the table"), show=False, priority=True),
    ]

    def __init__(self, markdown: str, title: str, coach: Coach, view: View) -> None:
        super().__init__(markdown, title)
        self.coach = coach
        self.view = view

    @property
    def first(self) -> bool:
        return self.coach.step.id == "brief"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_tutorial":
            return self.first
        return True

    def action_close(self) -> None:
        self.coach.brief_closed()
        super().action_close()

    def action_leave_tutorial(self) -> None:
        self.coach.left = True  # the table leaves once the brief is off the screen
        super().action_close()


class TutorialEndScreen(_Coached, EndScreen):
    BINDINGS = [Binding("enter,escape,q", "lobby", N_("Finish the tutorial"), priority=True)]

    def __init__(self, view: View, events, narrator, played: Played | None, coach: Coach) -> None:
        super().__init__(view, events, narrator, played)
        self.coach = coach

    def action_lobby(self) -> None:
        self.coach.enter()
        self.app.end_tutorial(self.coach)
        super().action_lobby()


class TutorialScreen(_Coached, TableScreen):
    BINDINGS = [
        Binding("enter", "coach_next", N_("Next")),
        Binding("escape", "leave_tutorial", N_("Leave the tutorial")),
        Binding("q", "leave_tutorial", N_("Leave the tutorial"), show=False),
    ]

    def __init__(self, match: Game, coach: Coach, pace: float = 0.8) -> None:
        super().__init__(match, pace=pace)
        self.coach = coach
        self._coached = match.event_count()  # raw events the coach has seen
        self._shown_step = coach.index  # the step the screen last showed

    # ------------------------------------------------------------------ what the coach opens

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        base = action.removesuffix("_tucked")
        if not self.coach.allows(base):
            return False
        if base == "coach_next" and self.coach.step.id == "score":
            return False  # the last step is read on the end screen, and Enter there finishes
        return super().check_action(action, parameters)

    def palette_actions(self) -> list[tuple[str, str, str]]:
        leave = (_("Leave the tutorial"), _("Back to the lobby; the tutorial keeps no save"), "leave")
        return [leave if entry[2] == "leave" else entry
                for entry in super().palette_actions() if self.coach.allows(entry[2])]

    def hint(self, text: str) -> None:
        self.refresh_coach()
        self.set_status(Text(text, style="bold yellow"))

    # ------------------------------------------------------------------ what the player does

    def action_coach_next(self) -> None:
        if self.coach.enter():
            self.coach_moved()

    def action_leave_tutorial(self) -> None:
        self.action_leave()

    def refresh_composer(self) -> None:
        super().refresh_composer()
        self.coach.drafted(self.draft)
        self.coach_moved()

    def offer(self, command: C.Propose | C.Counter) -> None:
        hint = self.coach.check(command, self.view)
        if hint is not None:
            self.hint(hint)
            return
        super().offer(command)

    def submit(self, command: C.Command) -> None:
        # An offer was checked in `offer` (before the lapse warning); any other move here.
        hint = None if isinstance(command, (C.Propose, C.Counter)) else self.coach.check(command, self.view)
        if hint is not None:
            self.hint(hint)
            return
        super().submit(command)

    def took(self, command: C.Command, refusal) -> None:
        self.coach.took(command, refusal)
        super().took(command, refusal)
        if refusal is not None:
            self.coach_moved()

    def after(self, moved=None) -> None:
        events = self.match.transcript_since(self.seat, self._coached)
        self._coached = self.match.event_count()
        self.coach.saw(events, self.view)
        self.coach_moved()
        super().after(moved)

    def advance(self) -> None:
        if self.coach.left:  # Esc on the first brief
            self.action_leave()
            return
        super().advance()

    def coach_moved(self) -> None:
        """The coach may have gone on: its panel and the footer follow, and a new step
        starts on the cards (the transcript may have the focus from the step before)."""
        self.refresh_coach()
        self.refresh_bindings()
        if self.coach.index != self._shown_step:
            self._shown_step = self.coach.index
            self.query_one(CardGrid).focus()

    def on_screen_resume(self) -> None:
        self.coach_moved()  # after the brief or a dialog: the step may have moved on

    # ------------------------------------------------------------------ the tutorial's own screens

    def briefing_screen(self, markdown: str, name: str) -> BriefingScreen:
        return TutorialBriefing(markdown, name, self.coach, self.view)

    def end_screen(self, view: View, events: list, played: Played | None) -> EndScreen:
        self.coach.saw((), view)
        return TutorialEndScreen(view, events, self.narrator, played, self.coach)

    def farewell(self) -> None:
        self.coach.left = True
        self.app.end_tutorial(self.coach)


def hint_for(coach: Coach, screen, key: str) -> str | None:
    """The coach's hint for `key` on `screen`, or None when a key there handles it: at
    a screen of the tutorial, what its step asks for; in a dialog, that dialog's keys."""
    active = screen.active_bindings.get(key)
    if active is not None and active.enabled:
        return None
    if isinstance(screen, TutorialBriefing) and not screen.first:
        coach.hint = say("coach", "brief_again")
        return coach.hint
    if isinstance(screen, TutorialScreen) and screen.query_one(Transcript).has_focus:
        coach.hint = say("coach", "in_transcript")  # the arrows scroll here: the way back first
        return coach.hint
    if isinstance(screen, _Coached):
        return coach.unexpected()
    keys = ", ".join(
        f"{screen.app.get_key_display(a.binding)} {_(a.binding.description) if a.binding.description else ''}"
        for a in screen.active_bindings.values() if a.binding.show and a.enabled
    )
    return coach.unexpected(keys or "Esc")


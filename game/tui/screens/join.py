"""Joining a hosted table (`parley join HOST[:PORT] [CODE]`, and every browser seat of
`parley serve`): the seat's code, typed here or given on the command line, then the
same screens as a local game, connected to that seat.

This screen stays underneath while the seat is played: leaving the table, or the end
of the game, comes back here, where Enter joins again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Header, Input, Label, Static

from game.i18n import N_, _
from game.net.codes import LENGTH, looks_like_a_code
from game.net.deskclient import DeskClient
from game.tui.screens.base import ParleyScreen
from game.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from game.net.remote import RemoteMatch


class JoinScreen(ParleyScreen[None]):
    BINDINGS = [
        Binding("escape", "quit", N_("Quit")),  # `parley join`: this is the app's first screen
        Binding("escape", "back", N_("Lobby")),  # from the lobby (j): back to it
    ]

    def __init__(self, uri: str, code: str | None = None) -> None:
        super().__init__()
        self.uri = uri
        self.code = (code or "").strip()
        self.joining = False
        self.match: RemoteMatch | None = None  # the seat last joined from here (coming back means it was left)
        self.sub_title = _("Join a hosted table")

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="join", classes="dialog"):
            yield Label(_("Take your seat at a hosted table"), classes="dialog-title")
            # Translators: a label before the host's address
            yield Static(Text.assemble((_("Host") + "  ", "bold"), self.uri), id="join-host")
            yield Label(_("Your seat's join code (from the facilitator):"), classes="section")
            yield Input(value=self.code, placeholder=_("for example K7QM-3XWA-9PHT"), max_length=100, id="join-code")
            yield Static("", id="join-status")
            yield Static(_("Enter joins \u00b7 Esc leaves. A code is a secret for one seat: keep it to yourself."),
                         classes="dialog-hint")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self.code:
            self.join(self.code)

    def on_screen_resume(self) -> None:
        """Back from the table or the desk (left, the game over, or the seat lost): ready to join again."""
        match = self.match
        if self.joining and match is None:  # back from the desk
            self.joining = False
            self.query_one(Input).focus()
            self.say(_("You left the desk. Enter opens it again with the same code."), "dim")
            return
        if match is None:
            return
        self.joining = False
        field = self.query_one(Input)
        field.focus()
        if match.code_void:  # withdrawn: the old code is of no use any more
            field.value = ""
            # Translators: {problem} is a sentence saying why the seat was lost
            self.say(_("{problem} Type the new code here.").format(problem=match.lost), "bold red")
        elif match.gone:
            self.say(_("{problem} Enter joins again.").format(problem=match.lost), "bold red")
        else:
            self.say(_("You left the table. Enter joins again with the same code."), "dim")

    def say(self, text: str, style: str = "") -> None:
        self.query_one("#join-status", Static).update(Text(text, style=style))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        code = event.value.strip()
        if not code:
            self.say(_("Type your seat's code first."), "yellow")
            return
        if not looks_like_a_code(code):
            self.say(_("A join code is {length} letters and digits in groups of four, for example K7QM-3XWA-9PHT "
                       "(no 0, O, 1, I, L, U or V). Check it with the facilitator.").format(length=LENGTH), "yellow")
            return
        self.join(code)

    def join(self, code: str) -> None:
        if self.joining:
            return
        self.joining = True
        self.code = code
        self.say(_("Connecting to {address}\u2026").format(address=self.uri), "dim")
        self.run_worker(self._join(code), group="join", exclusive=True)

    async def _join(self, code: str) -> None:
        from game.content.loader import load_scenario_by_id
        from game.net.remote import connect, join_problem

        try:
            joined = await connect(self.uri, code, load_scenario_by_id)
        except Exception as exc:  # noqa: BLE001 - join_problem words any failure for the person at the keyboard
            self.joining = False
            self.say(join_problem(exc, self.uri), "bold red")
            return
        if isinstance(joined, DeskClient):  # the lesson's desk code: the teacher's desk
            from game.tui.screens.desk import DeskScreen

            self.say(_("At the desk of {lesson}.").format(lesson=joined.lesson), "green")
            self.match = None
            self.app.push_screen(DeskScreen(joined, self.uri))
            return
        self.say(_("Joined {table} as {seat}.").format(table=joined.table, seat=joined.seat), "green")
        self.match = joined
        self.app.open_match(joined)

    @property
    def from_lobby(self) -> bool:
        return getattr(self.app, "join", None) is None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quit":
            return not self.from_lobby
        if action == "back":
            return self.from_lobby
        return True

    def action_quit(self) -> None:
        self.app.exit()

    def action_back(self) -> None:
        self.dismiss(None)

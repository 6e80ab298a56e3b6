"""Briefing: your delegation's confidential brief (its text: `game.brief`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Markdown

from game.i18n import N_
from game.tui.screens.base import ParleyScreen
from game.tui.widgets.footer import Footer


class BriefingScreen(ParleyScreen[None]):
    BINDINGS = [Binding("enter,escape,b", "close", N_("To the table"), priority=True)]

    def __init__(self, markdown: str, title: str) -> None:
        super().__init__()
        self.markdown = markdown
        self.sub_title = title

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="brief"):
            yield Markdown(self.markdown)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#brief").focus()

    def action_close(self) -> None:
        self.dismiss(None)

"""The debrief screen: the played game as a lesson (scores against BATNA and the Nash
point, what was left on the table, red lines touched, commitments, the concession
curves as a terminal chart, the hidden readings, discussion questions). The same
debrief `parley debrief` writes; `w` writes it as a self-contained HTML page next to
the save, for the class."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Label, Markdown, Static

from game.engine.rules import Rules
from game.i18n import N_, _
from game.store.log import Header as SaveHeader
from game.store.log import Step
from game.tui.widgets.footer import Footer


def write_html(debrief, target: Path) -> Path:
    """The HTML debrief beside the save, written whole or not at all."""
    from game.debrief import to_html
    from game.store.files import write_text_atomically

    target.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomically(target, to_html(debrief))
    return target


class DebriefScreen(Screen[None]):
    BINDINGS = [
        Binding("w", "write_html", N_("Write HTML")),
        Binding("r", "replay", N_("Replay")),
        Binding("escape,q", "back", N_("Back")),
    ]

    def __init__(
        self, rules: Rules, steps: list[Step], header: SaveHeader | None, save: Path | None,
        replay: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.rules, self.steps, self.header, self.save = rules, steps, header, save
        self.replay = replay
        self.debrief = None
        self.sub_title = _("Debrief")

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="debrief"):
            yield Label(Text(_("Preparing the debrief\u2026"), style="dim"), id="debrief-wait")
            yield Label(_("Concession curves (own utility of each delegation's offers, turn by turn)"),
                        classes="section")
            yield Static(id="debrief-chart")
            yield Markdown(id="debrief-text")
        yield Footer()

    def on_mount(self) -> None:
        self.build()

    @work(thread=True, exclusive=True)
    def build(self) -> None:
        from game.debrief import build_debrief, to_markdown

        try:
            debrief = build_debrief(self.rules, self.steps, self.header)
            markdown = to_markdown(debrief)
        except Exception as exc:  # noqa: BLE001 - a debrief that cannot be made says so; the game is safe
            self.app.call_from_thread(self.failed, exc)
            return
        self.app.call_from_thread(self.show, debrief, markdown)

    def failed(self, exc: Exception) -> None:
        wait = self.query_one("#debrief-wait", Label)
        wait.update(Text(_("The debrief could not be made: {problem}. The save is untouched; "
                           "`parley debrief SAVE` says more.").format(problem=exc), style="bold red"))

    def show(self, debrief, markdown: str) -> None:
        from game.debrief import terminal_chart

        self.debrief = debrief
        self.query_one("#debrief-wait", Label).display = False
        chart = self.query_one("#debrief-chart", Static)
        if any(curve.points for curve in debrief.curves):
            width = max(40, self.size.width - 8)  # the padding and the scroll bar
            chart.update(Text("\n".join(terminal_chart(debrief.curves, width, 16, debrief.round_marks))))
        else:
            chart.update(Text(_("No delegation put a package on the table: there is no curve to draw."), style="dim"))
        self.query_one("#debrief-text", Markdown).update(markdown)
        self.query_one("#debrief", VerticalScroll).focus()

    def action_write_html(self) -> None:
        if self.debrief is None:
            self.notify(_("The debrief is still being prepared."), severity="warning")
            return
        folder = self.save.parent if self.save is not None else Path(getattr(self.app, "saves_dir", "saves"))
        stem = self.save.stem if self.save is not None else f"{self.rules.scenario.id}-debrief"
        try:
            path = write_html(self.debrief, folder / f"{stem}.debrief.html")
        except OSError as exc:
            self.notify(_("Could not write the debrief: {problem}").format(problem=exc.strerror or exc),
                        title=_("Not written"), severity="error")
            return
        self.notify(_("Wrote {path}: one page, opens in any browser, offline.").format(path=path),
                    title=_("Debrief written"), timeout=8)

    def action_replay(self) -> None:
        if self.replay is None:
            self.notify(_("There is nothing to replay here."), severity="warning")
            return
        self.replay()

    def action_back(self) -> None:
        self.dismiss(None)

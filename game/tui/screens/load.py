"""Load a save: every save in the saves folder with its scenario, the date and
round reached, who played what, and when it was last played."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Label, Static

from game.i18n import N_, _, formats
from game.store.catalog import SaveInfo, list_saves
from game.tui.screens.base import ParleyScreen
from game.tui.widgets.footer import Footer


def seat_short(spec: str) -> str:
    """Who held a seat, in a word (a computer by its preset's name)."""
    from game.agents.registry import words

    if spec == "person":
        return _("person")
    found = words(spec)
    return _(found.short) if found is not None else spec.partition(":")[2] or spec


def seats_text(info: SaveInfo) -> str:
    if info.header is None or not info.header.seats:
        return "-"
    return " ".join(f"{d}:{seat_short(kind)}" for d, kind in info.header.seats.items())


def last_played(info: SaveInfo) -> str:
    if not info.modified:
        return "-"
    return dt.datetime.fromtimestamp(info.modified, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def shown_path(path: Path) -> str:
    """A folder as a person reads it: relative to where Parley was started, when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve())) or "."
    except ValueError:
        return str(path)


class LoadScreen(ParleyScreen[object]):
    """Dismisses with the loaded `Match`, or None; a save that does not load says why here."""

    BINDINGS = [
        Binding("enter", "open", N_("Load"), priority=True),
        Binding("r", "replay", N_("Replay")),
        Binding("d", "debrief", N_("Debrief")),
        Binding("escape,q", "cancel", N_("Back")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.saves: list[SaveInfo] = []
        self.sub_title = _("Load a save")

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(id="saves-folder")
        yield DataTable(id="saves", cursor_type="row", zebra_stripes=True)
        yield Static(id="load-status")
        yield Footer()

    def on_mount(self) -> None:
        folder = shown_path(self.app.saves_dir)
        self.saves = list_saves(self.app.saves_dir)
        self.query_one("#saves-folder", Label).update(
            _("Saves in {folder} ({count}), most recently played first.").format(folder=folder, count=len(self.saves))
            if self.saves
            else _("No saves in {folder} yet. Games are saved there after every move.").format(folder=folder)
        )
        table = self.query_one("#saves", DataTable)
        table.add_columns(_("Save"), _("Scenario"), _("Date in game"), _("Round"), _("Who played"), _("Last played"))
        for info in self.saves:
            if info.problem:
                problem = Text(_("cannot be read: {problem}").format(problem=info.problem), style="red")
                table.add_row(Text(info.name, style="dim"), problem, "", "", "", last_played(info), key=str(info.path))
                continue
            # Translators: a save's state in the load screen's "Date in game" column
            state = _("ended") if info.ended else (formats.date(info.date) if info.date else "-")
            scenario = info.header.scenario if info.header is not None else "-"
            table.add_row(info.name, scenario, state, info.round or "-", seats_text(info), last_played(info),
                          key=str(info.path))
        table.focus()

    @on(DataTable.RowSelected)
    def action_open(self) -> None:
        table = self.query_one("#saves", DataTable)
        if not self.saves:
            return
        info = self.saves[table.cursor_row]
        problem = info.problem
        if problem is None:
            from game.match import Match
            from game.store.log import SaveError

            try:
                match = Match.resume(info.path)
            except (SaveError, OSError) as exc:
                problem = str(exc).split(": ", 1)[-1] if isinstance(exc, SaveError) else str(exc)
            else:
                self.dismiss(match)
                return
        message = _("{file} cannot be loaded: {problem}").format(file=info.path.name, problem=problem)
        self.query_one("#load-status", Static).update(Text(message, style="bold red"))
        self.notify(message, title=_("Cannot load"), severity="error")

    def _read(self):
        """(path, loaded game) for the save under the cursor, read without touching it (a
        replay or a debrief only reads); None after saying why it cannot be read."""
        from game.content.loader import load_scenario_by_id
        from game.store.log import SaveError, load

        if not self.saves:
            return None
        info = self.saves[self.query_one("#saves", DataTable).cursor_row]
        problem = info.problem
        if problem is None:
            try:
                return info.path, load(info.path, load_scenario_by_id)
            except (SaveError, OSError) as exc:
                problem = str(exc).split(": ", 1)[-1] if isinstance(exc, SaveError) else str(exc)
        message = _("{file} cannot be read: {problem}").format(file=info.path.name, problem=problem)
        self.query_one("#load-status", Static).update(Text(message, style="bold red"))
        self.notify(message, title=_("Cannot read the save"), severity="error")
        return None

    def action_replay(self) -> None:
        from game.tui.screens.replay import open_replay

        read = self._read()
        if read is None:
            return
        loaded = read[1]
        if loaded.state.ended:
            open_replay(self.app, loaded)
            return
        # A game still being played: only the delegations' own points of view, one at a time.
        open_replay(self.app, loaded, seats=loaded.rules.parties)

    def action_debrief(self) -> None:
        from game.tui.screens.debrief import DebriefScreen
        from game.tui.screens.replay import open_replay

        read = self._read()
        if read is not None and not read[1].state.ended:
            message = _("The debrief shows every delegation's secrets, so it opens once the game has ended. "
                        "A facilitator can print it now with `parley debrief`.")
            self.query_one("#load-status", Static).update(Text(message, style="yellow"))
            self.notify(message, title=_("The game is still being played"), severity="warning")
            return
        if read is not None:
            path, loaded = read
            self.app.push_screen(DebriefScreen(
                loaded.rules, list(loaded.steps), loaded.header, path, replay=lambda: open_replay(self.app, loaded),
            ))

    def action_cancel(self) -> None:
        self.dismiss(None)

"""The teacher's desk (`parley join HOST DESK-CODE`): every table of the lesson at a
glance, live, and the class-wide controls. Each control is a facilitator's command that
goes into every chosen table's save. Space chooses tables (none chosen: all of them);
Enter opens a table's own console, and Esc there comes back here; v puts the projector
view up; w writes the lesson's debriefs.

What the desk shows comes from the host's summaries (`game.net.desk`), built from what
every delegation sees: nothing here is a delegation's secret, so the projector view
can show any of it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Digits, Header, Markdown, Static

from game.engine import commands as C
from game.i18n import N_, _, formats, ngettext
from game.net.deskclient import DeskClient, alerts
from game.net.protocol import TableSummary
from game.tui.screens.base import ParleyScreen
from game.tui.widgets.footer import Footer, Room

ALERTS = {
    "walked_out": N_("{who} walked out"),
    "finished": N_("finished"),
    "disconnected": N_("{who} not connected"),
    "idle": N_("idle for minutes"),
}
CUT = 20  # characters of the last move the desk's list shows


class DeskChanged(Message):
    """The host sent the desk something."""


def minutes(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


class DeskView:
    """The words of the desk and the projector for one lesson: each table's summary put
    into the reader's language, with the scenario installed here."""

    def __init__(self, desk: DeskClient) -> None:
        from game.narrate import Narrator

        self.desk = desk
        self.narrators = {sid: Narrator(rules.scenario) for sid, rules in desk.rules.items()}

    def narrator(self, table: str):
        return self.narrators[self.desk.tables[table].scenario]

    def summary(self, table: str) -> TableSummary:
        return self.desk.summaries[table]

    def when(self, table: str) -> str:
        s = self.summary(table)
        date = formats.short_day(dt.date.fromisoformat(s.date))
        return f"{self.round(table)} \u00b7 {date}" if s.round else date

    def round(self, table: str) -> str:
        """"Round 2" ("-" before the first)."""
        s = self.summary(table)
        return self.narrator(table).round(s.round).split(":", 1)[0] if s.round else "-"

    def to_move(self, table: str) -> str:
        s = self.summary(table)
        since = self.desk.since(table)
        if s.ended:
            return _("ended")
        if s.paused:
            return _("paused {time}").format(time=minutes(s.turn_for + since))
        if s.whose_turn is None:
            return _("between rounds")
        return f"{self.narrator(table).short(s.whose_turn)} {minutes(s.turn_for + since)}"

    def last(self, table: str) -> str:
        s = self.summary(table)
        line = self.narrator(table).line(s.last) if s.last is not None else None
        return line.text if line is not None else "-"

    def timer(self, table: str) -> str:
        s = self.summary(table)
        if not s.timer or s.time_left is None:
            return "-"
        return minutes(max(0.0, s.time_left - (0 if s.paused else self.desk.since(table))))

    def seats(self, table: str) -> str:
        s = self.summary(table)
        people = [at for at in s.seats.values() if at.holder == "person"]
        here = sum(1 for at in people if at.present)
        computers = len(s.seats) - len(people)
        # Translators: people connected of the people's seats, and (+n) the seats computers play
        out = f"{here}/{len(people)}"
        return out + f" +{computers}" if computers else out

    def needs(self, table: str) -> str:
        """What at `table` needs the teacher, in a few words ("" for nothing)."""
        found = alerts(self.summary(table), self.desk.since(table))
        n = self.narrator(table)
        gone = [a.who for a in found if a.kind == "disconnected"]
        out = []
        if len(gone) == 1:
            out.append(_(ALERTS["disconnected"]).format(who=n.short(gone[0])))
        elif gone:
            out.append(ngettext("{count} seat not connected", "{count} seats not connected", len(gone)).format(
                count=len(gone)))
        out += [_(ALERTS[a.kind]).format(who=n.short(a.who) if a.who else "") for a in found if a.kind != "disconnected"]
        return "; ".join(out)

    def signed(self, table: str) -> list[str]:
        s = self.summary(table)
        n = self.narrator(table)
        return [f"{n.card(card)}: {n.option(card, option)}" for card, option in s.signed.items()]


class DeskPart(ParleyScreen[None]):
    """A screen over the desk's connection: shown anew whenever the host sends something
    (and every second, for the clocks)."""

    def __init__(self, desk: DeskClient) -> None:
        super().__init__()
        self.desk = desk

    def on_mount(self) -> None:
        self.desk.listeners.append(self._heard)
        self.set_interval(1.0, self.show)

    def on_unmount(self) -> None:
        if self._heard in self.desk.listeners:
            self.desk.listeners.remove(self._heard)

    def _heard(self) -> None:
        self.post_message(DeskChanged())

    @on(DeskChanged)
    def _changed(self) -> None:
        self.heard()

    def heard(self) -> None:
        """The host sent the desk something."""
        self.show()

    def show(self) -> None:
        """Bring the screen up to date with the desk's summaries."""


def _cut(text: str) -> str:
    return text if len(text) <= CUT else text[: CUT - 1] + "\u2026"


class DeskScreen(Room, DeskPart):
    BINDINGS = [
        Binding("enter", "console", N_("Console")),
        Binding("space", "choose", N_("Choose")),
        Binding("a", "choose_all", N_("All"), show=False),
        Binding("p", "pause", N_("Pause")),
        Binding("r", "resume", N_("Resume")),
        Binding("i", "inject", N_("News")),
        Binding("m", "move_round", N_("Round")),
        Binding("k", "timer", N_("Timer")),
        Binding("x", "end_all", N_("End")),
        Binding("v", "projector", N_("Projector")),
        Binding("w", "write", N_("Debriefs")),
        Binding("c", "code", N_("Code"), show=False),
        Binding("q", "leave", N_("Leave")),
    ]
    TUCKED = frozenset({"timer", "move_round", "write"})

    def __init__(self, desk: DeskClient, uri: str) -> None:
        super().__init__(desk)
        self.uri = uri
        self.words = DeskView(desk)
        self.chosen: set[str] = set()
        self.title = _("Parley \u2014 Desk")
        self.sub_title = ngettext("{count} table", "{count} tables", len(desk.tables)).format(count=len(desk.tables))
        self._leaving = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="desk-alerts")
        table: DataTable = DataTable(id="desk-tables", cursor_type="row", zebra_stripes=True)
        table.add_columns(" ", _("Table"), _("Round"), _("To move"), _("Last move"), _("Signed"), _("Timer"), _("Here"),
                          _("Needs you"))
        yield table
        yield Static(id="desk-status")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.call_after_refresh(self.first_show)

    def first_show(self) -> None:
        self.show()
        for table in self.query(DataTable):
            table.focus()

    def heard(self) -> None:
        if not self.desk.connected and not self._leaving:
            self.notify(_("The connection to the host was lost. Join again with the desk code."), title=_("Desk"),
                        severity="error", timeout=10)
            self._leaving = True
            self.dismiss(None)
            return
        self.show()

    # ------------------------------------------------------------------ showing

    def show(self) -> None:
        if not self.is_attached or not self.query(DataTable):  # (not mounted yet, or gone)
            return
        table = self.query_one(DataTable)
        words = self.words
        rows = []
        for name in self.desk.tables:
            if name not in self.desk.summaries:
                continue
            rows.append((name, [
                "\u25cf" if name in self.chosen else "", name, words.round(name), words.to_move(name),
                _cut(words.last(name)), str(len(self.desk.summaries[name].signed)), words.timer(name),
                words.seats(name), Text(words.needs(name), style="bold red"),
            ]))
        cursor = table.cursor_row
        table.clear()
        for name, cells in rows:
            table.add_row(*cells, key=name)
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))
        needing = [name for name in self.desk.tables if name in self.desk.summaries and words.needs(name)]
        if needing:
            text = Text(_("Needs you: {tables} (the last column says why).").format(tables=", ".join(needing)),
                        style="bold red")
        else:
            text = Text(_("Every table is playing."), style="green")
        self.query_one("#desk-alerts", Static).update(text)
        chosen = ", ".join(sorted(self.chosen)) if self.chosen else _("all tables")
        self.query_one("#desk-status", Static).update(Text(
            _("Controls act on: {tables} (Space chooses; a chooses all or none).").format(tables=chosen), style="dim"))

    def current(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def targets(self) -> list[str]:
        return sorted(self.chosen) if self.chosen else list(self.desk.tables)

    # ------------------------------------------------------------------ choosing

    def action_choose(self) -> None:
        name = self.current()
        if name is not None:
            self.chosen ^= {name}
            self.show()

    def action_choose_all(self) -> None:
        self.chosen = set() if self.chosen == set(self.desk.tables) else set(self.desk.tables)
        self.show()

    # ------------------------------------------------------------------ class-wide controls

    def give(self, command: C.Command, done_words: str) -> None:
        """`command` to every chosen table; what became of it, said."""
        targets = self.targets()

        async def go() -> None:
            try:
                result = await self.desk.act(command, targets if self.chosen else None)
            except Exception as exc:  # noqa: BLE001 - the line down or the host refusing: said, not raised
                self.notify(str(exc) or _("The host did not answer."), title=_("Desk"), severity="error")
                return
            if result.done:
                self.notify(done_words.format(tables=", ".join(result.done)), title=_("Desk"))
            if result.refused:
                from game.i18n import engine as refusals

                reasons = "; ".join(
                    f"{table}: {refusals.refusal(refused, self.words.narrator(table))}"
                    for table, refused in sorted(result.refused.items()))
                self.notify(reasons, title=_("Not done at some tables"), severity="warning", timeout=10)

        self.run_worker(go(), group="desk")

    def action_pause(self) -> None:
        self.give(C.Pause(), _("Paused: {tables}."))

    def action_resume(self) -> None:
        self.give(C.Resume(), _("Resumed: {tables}."))

    def action_inject(self) -> None:
        from game.tui.screens.dialogs import InjectScreen

        name = next(iter(self.desk.tables.values()))
        n = self.words.narrators[name.scenario]
        audiences = [(_("Everyone"), "")] + [(_("{delegation} only").format(delegation=n.short(d)), d)
                                              for d in name.parties]

        def send(form: dict | None) -> None:
            if form:
                self.give(C.Inject(**form), _("News sent to: {tables}."))

        self.app.push_screen(InjectScreen(audiences, [], (C.MAX_HEADLINE, C.MAX_INJECT)), send)

    def action_move_round(self) -> None:
        from game.tui.screens.dialogs import ChooseScreen
        from game.tui.screens.facilitator import move_choices

        def chosen(days: str | None) -> None:
            if days:
                self.give(C.MoveNextRound(days=int(days)), _("Next round moved: {tables}."))

        self.app.push_screen(ChooseScreen(_("Move the next round at the chosen tables"), move_choices()), chosen)

    def action_timer(self) -> None:
        from game.tui.screens.dialogs import ChooseScreen
        from game.tui.screens.facilitator import timer_choices

        def chosen(value: str | None) -> None:
            if value:
                seconds, then = value.split(":")
                self.give(C.SetTurnTimer.model_validate({"seconds": int(seconds), "then": then}),
                          _("Turn timer set: {tables}."))

        self.app.push_screen(ChooseScreen(_("Turn timer at the chosen tables"), timer_choices()), chosen)

    def action_end_all(self) -> None:
        from game.tui.screens.dialogs import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.give(C.EndNow(), _("Ended: {tables}."))

        question = _("End the talks at {tables} now? The scores are counted as things stand.").format(
            tables=", ".join(self.targets()))
        self.app.push_screen(ConfirmScreen(question), answered)

    def action_code(self) -> None:
        from game.net.codes import grouped

        async def go() -> None:
            try:
                code = await self.desk.revoke()
            except Exception as exc:  # noqa: BLE001 - said, not raised
                self.notify(str(exc) or _("The host did not answer."), title=_("Not withdrawn"), severity="error")
                return
            self.notify(_("New desk code: {code}. The old one no longer works. Keep it off the projector.").format(
                code=grouped(code)), title=_("Desk"), timeout=20)

        self.run_worker(go(), group="desk")

    # ------------------------------------------------------------------ a table's console, the projector, the lesson

    @on(DataTable.RowSelected)
    def _row_chosen(self) -> None:
        self.action_console()  # Enter on the table list

    def action_console(self) -> None:
        name = self.current()
        if name is None:
            return
        code = self.desk.tables[name].facilitator

        async def go() -> None:
            from game.content.loader import load_scenario_by_id
            from game.net.remote import join_problem, join_table
            from game.tui.screens.facilitator import FacilitatorScreen

            try:
                match = await join_table(self.uri, code, load_scenario_by_id)
            except Exception as exc:  # noqa: BLE001 - join_problem words any failure
                self.notify(join_problem(exc, self.uri), title=_("Console"), severity="error")
                return

            def back(_result) -> None:
                match.close()

            self.app.push_screen(FacilitatorScreen(match, pace=self.app.pace, from_desk=True), back)

        self.run_worker(go(), group="console")

    def action_projector(self) -> None:
        self.app.push_screen(ProjectorScreen(self.desk, self.words))

    def action_write(self) -> None:
        folder = Path(self.app.saves_dir) / self.desk.lesson

        async def go() -> None:
            import asyncio

            from game.lesson import LessonError, write_lesson

            try:
                logs = {t: (await self.desk.fetch_log(t)).text for t in self.desk.tables}
                pages = await asyncio.get_running_loop().run_in_executor(None, write_lesson, folder, logs)
            except (LessonError, ConnectionError, Exception) as exc:  # noqa: BLE001 - said, not raised
                self.notify(str(exc), title=_("Debriefs not written"), severity="error", timeout=10)
                return
            self.notify(_("The class's comparison and each table's debrief are in {folder} (open {page}).").format(
                folder=folder, page=pages[0].name), title=_("Debriefs"), timeout=20)

        self.run_worker(go(), group="write")

    def palette_actions(self) -> list[tuple[str, str, str]]:
        """(title, help, action) for the command palette."""
        return [
            (_("Choose every table, or none"), _("The controls act on the chosen tables (none: every table)"),
             "choose_all"),
            (_("Pause the chosen tables"), _("Nobody can act there until they resume"), "pause"),
            (_("Resume the chosen tables"), _("Play goes on"), "resume"),
            (_("Send news"), _("A headline and text, to everyone or one delegation at each chosen table"), "inject"),
            (_("Move the next round"), _("Postpone it or bring it forward at the chosen tables"), "move_round"),
            (_("Turn timer"), _("Minutes per turn at the chosen tables"), "timer"),
            (_("End the talks"), _("At the chosen tables, scores counted as things stand"), "end_all"),
            (_("Open the table's console"), _("Every control of its facilitator"), "console"),
            (_("Projector view"), _("Every table, only what every delegation sees"), "projector"),
            (_("Write the lesson's debriefs"), _("The class's comparison and each table's debrief"), "write"),
            (_("Withdraw the desk code"), _("A new code; the old one stops working at once"), "code"),
            (_("Leave the desk"), _("Join again with the desk code"), "leave"),
        ]

    def action_leave(self) -> None:
        self._leaving = True

        async def go() -> None:
            await self.desk.close()

        self.run_worker(go(), group="leave")
        self.dismiss(None)


class ProjectorScreen(DeskPart):
    """For the classroom screen: every table side by side, large, with only what every
    delegation sees: the round and date, who is to move and the time left, and the
    signed text. Once every table is over, the class's comparison (`parley debrief
    --compare`: what each table signed, and the scores against each other), public by
    then as every debrief is."""

    BINDINGS = [Binding("escape,v,q", "close", N_("Back to the desk"))]

    def __init__(self, desk: DeskClient, words: DeskView) -> None:
        super().__init__(desk)
        self.words = words
        self.title = _("Parley \u2014 Projector")
        self.comparing = False  # the class's comparison asked for (every table over)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="projector-compare"):
            yield Markdown()
        with Grid(id="projector"):
            for number, name in enumerate(self.desk.tables, 1):
                with VerticalScroll(classes="projector-table", id=f"projector-{name}"):
                    yield Digits(str(number), classes="projector-number")  # large: read from the back of the room
                    yield Static(classes="projector-title")
                    yield Digits(classes="projector-clock")
                    yield Static(classes="projector-body")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.call_after_refresh(self.first_show)

    def first_show(self) -> None:
        for grid in self.query("#projector").results(Grid):
            grid.styles.grid_size_columns = min(len(self.desk.tables), 4)
        for compare in self.query("#projector-compare"):
            compare.display = False
        self.show()

    def show(self) -> None:
        if not self.is_attached or not self.query("#projector"):  # (not mounted yet, or gone)
            return
        words = self.words
        summaries = self.desk.summaries
        if not self.comparing and len(self.desk.tables) > 1 and all(
                name in summaries and summaries[name].ended for name in self.desk.tables):
            self.comparing = True
            self.run_worker(self.compare(), group="compare")
        for name in self.desk.tables:
            if name not in summaries:
                continue
            s = summaries[name]
            box = self.query_one(f"#projector-{name}")
            title = Text(name.upper(), style="bold")
            title.append("\n" + words.when(name))
            box.query_one(".projector-title", Static).update(title)
            clock = box.query_one(".projector-clock", Digits)
            clock.display = bool(s.timer) and not s.ended
            clock.update(words.timer(name) if s.timer else "")
            body = Text()
            body.append(words.to_move(name) + "\n\n", style="bold")
            signed = words.signed(name)
            body.append((_("Signed") if signed else _("Nothing signed yet")) + "\n", style="bold")
            for line in signed:
                body.append(f"\u2022 {line}\n")
            if s.ended and s.scores:
                body.append("\n" + _("Scores") + "\n", style="bold")
                for code, score in s.scores.items():
                    body.append(f"{words.narrator(name).short(code)} {formats.signed(score, 1)}\n")
            box.query_one(".projector-body", Static).update(body)

    async def compare(self) -> None:
        """Every table is over: the class's comparison takes the screen."""
        import asyncio

        from game.debrief import CompareError, to_markdown
        from game.store.log import SaveError

        try:
            logs = {t: (await self.desk.fetch_log(t)).text for t in self.desk.tables}
            comparison = await asyncio.get_running_loop().run_in_executor(None, _comparison, logs)
        except (CompareError, SaveError, ConnectionError, OSError, ValueError) as exc:
            self.notify(str(exc), title=_("No comparison"), severity="warning")
            return
        if not self.is_attached:
            return
        await self.query_one(Markdown).update(to_markdown(comparison))
        self.query_one("#projector").display = False
        self.query_one("#projector-compare").display = True

    def action_close(self) -> None:
        self.dismiss(None)


def _comparison(logs: dict[str, str]):
    """The class's comparison of the tables whose logs are `logs` (table -> a save's text)."""
    import tempfile

    from game.content.loader import load_scenario_by_id
    from game.debrief import compare, debrief_of
    from game.store.log import SUFFIX, load

    with tempfile.TemporaryDirectory() as folder:
        debriefs = []
        for table in sorted(logs):
            path = Path(folder) / f"{table}{SUFFIX}"
            path.write_text(logs[table], encoding="utf-8")
            debriefs.append(debrief_of(load(path, load_scenario_by_id), label=table))
    return compare(debriefs)

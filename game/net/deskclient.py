"""The teacher's desk, on the joining side: every table of a lesson at a glance, kept up
to date from the host's summaries, and the class-wide controls (a facilitator's command
for every table, or a chosen set). No Textual here: the desk's screen builds on it.

What the summaries say is what every delegation sees (the host builds them from the
observer's view), so the projector can show any of it.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass

from game.engine import commands as C
from game.engine.rules import Rules
from game.i18n import _
from game.net.client import JoinError, Link
from game.net.protocol import (
    VERSION,
    DeskAct,
    DeskResult,
    DeskTable,
    DeskUpdate,
    DeskWelcome,
    Fetch,
    Hello,
    Log,
    NewCode,
    Revoke,
    TableSummary,
)

IDLE = 180.0  # seconds without anything happening at a table before the desk flags it


@dataclass(frozen=True)
class Alert:
    """Something at a table a teacher acts on."""

    table: str
    kind: str  # "walked_out", "finished", "disconnected", "idle"
    who: str | None = None  # the delegation concerned, if one is


def alerts(summary: TableSummary, since: float = 0.0, idle: float = IDLE) -> list[Alert]:
    """What at `summary`'s table needs the teacher, `since` seconds after it was sent: a
    walk-out, the end, a person's seat with nobody connected, or nothing happening for
    `idle` seconds while the talks go on (a pause is the teacher's own doing)."""
    table = summary.table
    if summary.ended:
        if summary.end_reason == "walk_out":
            return [Alert(table, "walked_out", summary.end_by)]
        return [Alert(table, "finished")]
    out = [Alert(table, "disconnected", seat) for seat, at in summary.seats.items()
           if at.holder == "person" and at.present == 0]
    if not summary.paused and summary.idle_for + since >= idle:
        out.append(Alert(table, "idle"))
    return out


class DeskClient(Link):
    """A desk joined with the lesson's desk code."""

    def __init__(self, connection, welcome: DeskWelcome, keep_raw: bool = False) -> None:
        super().__init__(connection, keep_raw)
        self.code = welcome.code
        self.tables: dict[str, DeskTable] = {t.table: t for t in welcome.tables}
        self.summaries: dict[str, TableSummary] = {}
        self.clock = time.monotonic  # this computer's clock (seconds): how old each summary is
        self.heard: dict[str, float] = {}  # table -> when its summary came, on `clock`
        self.results: dict[int, DeskResult] = {}
        self.logs: dict[str, Log] = {}  # table -> its log, as last fetched
        self.lesson = welcome.lesson
        self.rules: dict[str, Rules] = {}  # scenario id -> its rules as installed here (`game.net.remote.connect`)
        self._ids = itertools.count(1)

    @classmethod
    async def join(cls, uri: str, code: str, *, keep_raw: bool = False) -> DeskClient:
        connection, first = await cls.hello(uri, Hello(version=VERSION, code=code))
        if not isinstance(first, DeskWelcome):
            await connection.close()
            raise JoinError(_("That code is a seat's, not the desk's: join the table with it instead."))
        desk = cls(connection, first, keep_raw)
        desk.start()
        await desk.wait(lambda: set(desk.summaries) >= set(desk.tables))
        return desk

    def take(self, message) -> None:
        if isinstance(message, DeskWelcome):  # again: a table's facilitator code was withdrawn and replaced
            self.tables = {t.table: t for t in message.tables}
            self.changed.set()
        elif isinstance(message, DeskUpdate):
            now = self.clock()
            for summary in message.tables:
                self.summaries[summary.table] = summary
                self.heard[summary.table] = now
            self.changed.set()
        elif isinstance(message, DeskResult):
            self.results[message.id] = message
            self.changed.set()
        elif isinstance(message, Log) and message.table is not None:
            self.logs[message.table] = message
            self.changed.set()
        elif isinstance(message, NewCode) and message.seat == "desk":
            self.code = message.code
            self.changed.set()
        else:
            super().take(message)

    def since(self, table: str) -> float:
        """Seconds since `table`'s summary came."""
        now = self.clock()
        return max(0.0, now - self.heard.get(table, now))

    def alerts(self) -> list[Alert]:
        """What needs the teacher now, table by table."""
        return [a for name in self.tables if name in self.summaries
                for a in alerts(self.summaries[name], self.since(name))]

    async def act(self, command: C.Command, tables: list[str] | None = None) -> DeskResult:
        """Give every table (or `tables`) a facilitator's `command`; what each made of it."""
        number = next(self._ids)
        request = DeskAct.model_validate({"id": number, "tables": tables or [], "command": command.model_dump()})
        await self.answer(request, lambda: number in self.results)
        return self.results.pop(number)

    async def fetch_log(self, table: str) -> Log:
        """`table`'s whole log, as the host has it now."""
        self.logs.pop(table, None)
        await self.answer(Fetch(table=table), lambda: table in self.logs)
        return self.logs[table]

    async def revoke(self) -> str:
        """Withdraw the desk's code (a code that leaked): the new one; any other desk
        that joined with the old code is disconnected."""
        old = self.code
        await self.answer(Revoke(seat="desk"), lambda: self.code != old)
        return self.code


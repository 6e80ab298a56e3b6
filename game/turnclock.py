"""The turn timer's wall clock. The engine keeps no clock: the front end measures how
long the delegation to move has had the table, and when the time set for the game runs
out it enters a `TimeOut` command for it.

A clock belongs to one screen, and counts only while the delegation to move can act:
not while the table is paused, nor while a cover, its brief or a notice hides the table
(the screen says so with `running`). It reads time through an injected function
(`time.monotonic` in play, a fake in tests).
"""

from __future__ import annotations

from collections.abc import Callable

from game.engine.views import View
from game.i18n import _


class TurnClock:
    def __init__(self, now: Callable[[], float]) -> None:
        self.now = now
        self._turn: tuple | None = None  # the turn being timed: (round, turn number, who)
        self._used = 0.0  # seconds counted for it so far, up to `_since`
        self._since: float | None = None  # when it last started counting (None: held)
        self._expired: tuple | None = None  # the turn whose timeout was already entered

    def left(self, view: View, running: bool = True) -> float | None:
        """Seconds left for the delegation to move, or None when no timer runs for it.
        `running` is False while it cannot act (the table hidden from it); a paused
        table holds the clock too."""
        if not view.turn_timer or view.whose_turn is None or view.round is None:
            self._turn = None
            return None
        # The turn's number stays put when the facilitator lengthens or shortens the round.
        turn = (view.round.id, view.round.turns - view.turns_left, view.whose_turn)
        now = self.now()
        if turn != self._turn:
            self._turn, self._used, self._since = turn, 0.0, None
        if self._since is not None:
            self._used += now - self._since
            self._since = None
        if running and not view.paused:
            self._since = now
        return max(0.0, view.turn_timer - self._used)

    def due(self, view: View, running: bool = True) -> bool:
        """True once per turn, when its time has run out while the delegation could act."""
        left = self.left(view, running)
        if left is None or left > 0 or not running or view.paused or self._turn == self._expired:
            return False
        self._expired = self._turn
        return True


def clock_text(seconds: float | None) -> str:
    if seconds is None:
        return ""
    whole = int(seconds + 0.999)
    # Translators: {time} is the turn timer's time left, as minutes:seconds ("1:15").
    return _("{time} left").format(time=f"{whole // 60}:{whole % 60:02d}")

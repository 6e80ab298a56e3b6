"""The turn timer's wall clock. The engine keeps no clock: the front end measures how
long the delegation to move has had, and when the time set for the game runs out it
enters a `TimeOut` command for it. The clock reads time through an injected function
(`time.monotonic` in play, a fake in tests) and stops while the table is paused.
"""

from __future__ import annotations

from collections.abc import Callable

from game.engine.views import View


class TurnClock:
    def __init__(self, now: Callable[[], float]) -> None:
        self.now = now
        self._turn: tuple | None = None  # the turn being timed: (round, turns left, who)
        self._started = 0.0
        self._paused_at: float | None = None
        self._expired: tuple | None = None  # the turn whose timeout was already entered

    def left(self, view: View) -> float | None:
        """Seconds left for the delegation to move, or None when no timer runs for it."""
        if not view.turn_timer or view.whose_turn is None or view.round is None:
            self._turn = None
            return None
        turn = (view.round.id, view.turns_left, view.whose_turn)
        now = self.now()
        if turn != self._turn:
            self._turn, self._started, self._paused_at = turn, now, None
        if view.paused:
            if self._paused_at is None:
                self._paused_at = now
            now = self._paused_at
        elif self._paused_at is not None:  # resumed: the pause does not count
            self._started += now - self._paused_at
            self._paused_at = None
        return max(0.0, view.turn_timer - (now - self._started))

    def due(self, view: View) -> bool:
        """True once per turn, when its time has run out (and the table is not paused)."""
        left = self.left(view)
        if left is None or left > 0 or view.paused or self._turn == self._expired:
            return False
        self._expired = self._turn
        return True


def clock_text(seconds: float | None) -> str:
    if seconds is None:
        return ""
    whole = int(seconds + 0.999)
    return f"{whole // 60}:{whole % 60:02d} left"

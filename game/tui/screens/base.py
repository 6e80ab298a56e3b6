"""The screens of the Parley app: `self.app` is the `ParleyApp` (its saves folder, its
clock, its ways to open a game) for the type checker. At run time this adds nothing:
Textual's own `app` property answers."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.screen import Screen

if TYPE_CHECKING:
    from textual import getters

    from game.tui.app import ParleyApp

Result = TypeVar("Result")


class ParleyScreen(Screen[Result]):
    """A screen of the Parley app, dismissed with a `Result`."""

    if TYPE_CHECKING:
        app = getters.app(ParleyApp)  # Textual's way to name the app's class for the type checker

"""A one-line chooser: ◂ value ▸, changed with the arrow keys. Lighter than a Select
(no overlay), and the same gesture as choosing an option on a card."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Static

from game.i18n import N_


class Choice(Static, can_focus=True):
    DEFAULT_CSS = """
    Choice {
        height: 1;
        padding: 0 1;
        background: $boost;
        &:focus { background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold; }
    }
    """
    BINDINGS = [
        Binding("left", "step(-1)", N_("Previous"), show=False),
        Binding("right,space", "step(1)", N_("Next"), show=False),  # Enter is the form's: it sends or starts
    ]

    def __init__(self, choices: list[tuple[str, str]], value: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.choices = choices
        self.index = next(i for i, (_, v) in enumerate(choices) if v == value)
        self._show()

    @property
    def value(self) -> str:
        return self.choices[self.index][1]

    def refresh_choice(self) -> None:
        """Show the current choice again (after `choices` or `index` changed)."""
        self._show()

    def _show(self) -> None:
        self.update(f"\u25c2 {self.choices[self.index][0]} \u25b8")

    def action_step(self, step: int) -> None:
        self.index = (self.index + step) % len(self.choices)
        self._show()

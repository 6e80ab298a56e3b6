"""The footer every screen shows its keys in, in the player's language.

Key descriptions are written once, in English, in each class's `BINDINGS` (marked with
`N_()`); this footer translates them as it shows them, so a language chosen in the
lobby applies to every screen from then on."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Footer as _TextualFooter
from textual.widgets._footer import FooterKey

from game.i18n import N_, _

PALETTE = N_("palette")  # Textual's name for the command palette's key, which this footer shows too


class Footer(_TextualFooter):
    """Textual's footer, in the player's language, rebuilt only when what it shows changes.

    Textual rebuilds its footer (a widget per key) whenever a screen's bindings may have
    changed: after every key, focus change and resumed screen. Most of those change
    nothing it shows, and the rebuild was a sixth of the work of a game at the table."""

    _shown: tuple[object, ...] | None = None  # what the keys said when last built

    def compose(self):
        self._shown = self._showing()
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = _(widget.description) if widget.description else widget.description
                if isinstance(widget.tooltip, str) and widget.tooltip:
                    widget.tooltip = _(widget.tooltip)
            yield widget

    def _showing(self) -> tuple[object, ...] | None:
        """Everything of the screen's bindings that the built footer depends on."""
        if not self._bindings_ready:
            return None
        from game.i18n import current

        keys = tuple(
            (binding.key, binding.action, binding.description, binding.group, enabled, tooltip)
            for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values() if binding.show
        )
        return current(), self.compact, self.show_command_palette, keys

    def bindings_changed(self, screen) -> None:
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        if self.is_attached and self._showing() != self._shown:
            await self.recompose()


class Room:
    """For a screen whose footer may not have room for every key (below 100 columns, or
    where the player's language needs more room than the screen has): the actions in
    `TUCKED` then leave the footer. Each gets a twin binding, `<action>_tucked`, not
    shown, that keeps its key working; help and the palette list them. A screen says
    which of its keys apply now in `applies`."""

    TUCKED: frozenset[str] = frozenset()
    BINDINGS: ClassVar[list[BindingType]]  # the screen's own, which Textual reads (declared here, not set)
    SPACING = 2  # columns between two keys, and between a key and its label, plus one
    _footer_need: tuple[str, int] | None = None  # (language, columns) of the full footer

    def __init_subclass__(cls, **kwargs) -> None:
        own = cls.__dict__.get("BINDINGS")
        if own and "TUCKED" in cls.__dict__:  # before Textual reads the bindings (in the call below)
            cls.BINDINGS = [*own, *(
                Binding(b.key, f"{b.action}_tucked", b.description, show=False)
                for b in own if isinstance(b, Binding) and b.action in cls.TUCKED
            )]
        super().__init_subclass__(**kwargs)

    def __getattr__(self, name: str):
        """A tucked key's twin action is the action itself."""
        if name.startswith("action_") and name.endswith("_tucked"):
            return getattr(self, name.removesuffix("_tucked"))
        raise AttributeError(name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.TUCKED and self.crowded():
            return False
        return self.applies(action.removesuffix("_tucked"))

    def applies(self, action: str) -> bool:
        return True

    def crowded(self) -> bool:
        return self.has_class("-narrow") or self.footer_width() > self.size.width

    def footer_width(self) -> int:
        """Columns the footer needs to show every key that applies, each once with its
        label in the player's language (the app's own keys, such as help, included)."""
        from game.i18n import current

        if self._footer_need is None or self._footer_need[0] != current():
            keys = {b.key: b for b in (*self.BINDINGS, *self.app.BINDINGS)
                    if b.show and not b.action.endswith("_tucked") and self.applies(b.action)}
            need = sum(len(self.app.get_key_display(b)) + len(_(b.description)) + self.SPACING for b in keys.values())
            self._footer_need = (current(), need - 1)
        return self._footer_need[1]

    def on_resize(self) -> None:
        self.call_after_refresh(self.refresh_bindings)  # the footer follows the width

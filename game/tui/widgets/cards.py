"""The issue cards as a grid, and the offer composer that lives on it: the cursor
row is a card, left and right choose the option to put in the draft."""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from game.engine.appraise import HARD_MARK, SOFT_MARK, appraise
from game.engine.views import CardView, View
from game.i18n import N_, _, formats
from game.tui.widgets.tone import themed

HARD = "\u2716"  # a hard red line of yours: you cannot sign it
SOFT = "!"  # a soft red line: signing costs you


def option_label(card: CardView, option: str) -> str:
    return card.label(option)


def draftable(card: CardView) -> list[str]:
    """Options that can go into an offer on this card (the status quo needs no signing)."""
    if card.signed is not None or not card.open:
        return []
    return [o.id for o in card.options if o.id != card.status_quo]


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "\u2026"


def package_marks(view: View, seat: str, items: dict[str, str]) -> dict[str, str]:
    """Card -> the red-line mark (HARD or SOFT) of `seat`'s own lines on the package
    `items`, judged on the whole package as the table judges it: a linked line that the
    rest of the package satisfies marks nothing."""
    if seat not in view.private or not items:
        return {}
    symbol = {HARD_MARK: HARD, SOFT_MARK: SOFT}
    return {card: symbol[kind] for card, kind in appraise(view, seat, items).marks.items()}


def importance(weight: float, top: float) -> str:
    filled = 0 if top <= 0 else max(1, round(4 * weight / top)) if weight > 0 else 0
    return "\u25cf" * filled + "\u00b7" * (4 - filled)


class CardGrid(ScrollView, can_focus=True):
    """One row per card: title, the option on the table, the signed option, your
    draft (with its value to you) and how much the card matters to you.

    A line-API widget: each row is rendered to a strip once and kept until that row
    changes, so choosing an option re-renders one line, not the table (the composer
    must answer a key press within a frame or two).
    """

    COMPONENT_CLASSES = {"card-grid--header", "card-grid--cursor", "card-grid--even"}
    DEFAULT_CSS = """
    CardGrid {
        background: $surface;
        height: 1fr;
        & > .card-grid--header { text-style: bold; background: $panel; color: $foreground; }
        & > .card-grid--cursor {
            background: $block-cursor-blurred-background; color: $block-cursor-blurred-foreground;
        }
        &:focus > .card-grid--cursor {
            background: $block-cursor-background; color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .card-grid--even { background: $surface-lighten-1 50%; }
    }
    """
    BINDINGS = [
        Binding("up", "move(-1)", N_("Card \u2191"), show=False),
        Binding("down", "move(1)", N_("Card \u2193"), show=False),
        Binding("pageup", "move(-10)", show=False),
        Binding("pagedown", "move(10)", show=False),
        Binding("home", "move(-1000)", show=False),
        Binding("end", "move(1000)", show=False),
        Binding("left", "step(-1)", N_("Option \u2190"), show=False),
        Binding("right", "step(1)", N_("Option \u2192"), show=False),
        Binding("delete,backspace", "drop", N_("Drop from draft"), show=False),
    ]
    # Translators: the column headings of the card grid; "Yours" is how much the card matters to you.
    HEADINGS = (N_("Card"), N_("On the table"), N_("Signed"), N_("Your draft"), N_("Yours"))

    class Highlighted(Message):
        def __init__(self, card: str | None) -> None:
            super().__init__()
            self.card = card

    class Resized(Message):
        pass

    class Step(Message):
        """The person asks for the previous (-1) or next (+1) option on `card`."""

        def __init__(self, card: str, step: int) -> None:
            super().__init__()
            self.card = card
            self.step = step

    class Drop(Message):
        def __init__(self, card: str) -> None:
            super().__init__()
            self.card = card

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.keys: list[str] = []
        self.cells: list[tuple[Text, ...]] = []
        self.cursor_row = 0
        self._widths: tuple[int, ...] = self._column_widths(96)
        self._strips: dict[tuple[int, int], Strip] = {}  # (line, width) -> rendered strip
        self._marks: tuple[dict[str, str], dict[str, str]] = ({}, {})  # the table's package, the draft
        self.observing = False  # an observer's grid: no draft, no valuations, no columns for them

    # ---------------------------------------------------------------- data

    @staticmethod
    def _column_widths(width: int, observing: bool = False) -> tuple[int, ...]:
        """Card, on the table, signed, your draft, your marks. Below 96 columns the first
        three give way; your draft column keeps its width and the marks stay in view. An
        observer drafts nothing and has no valuations: the first three share the width."""
        if observing:
            rest = max(24, width - 4 - 2)
            card, table = rest * 40 // 100, rest * 30 // 100
            return (card, table, rest - card - table, 0, 0)
        if width < 96:
            rest = max(24, width - 22 - 5 - 5 - 2)  # the draft, the marks, the gaps, the scrollbar
            card, table = rest * 45 // 100, rest * 30 // 100
            return (card, table, rest - card - table, 22, 5)
        extra = max(0, width - 96) // 4
        return (20 + extra, 17 + extra, 15 + extra, 22 + extra, 5)

    @property
    def current_card(self) -> str | None:
        return self.keys[self.cursor_row] if self.keys else None

    def show(self, view: View, seat: str, draft: dict[str, str]) -> None:
        """Redraw for `seat`: marks and valuations are that seat's own. Only rows whose
        cells changed are rendered again."""
        keep = self.current_card
        observing = seat not in view.private
        if observing != self.observing:
            self.observing = observing
            self._widths = self._column_widths(max(60, self.size.width or 96), observing)
            self.keys = []  # every row is drawn again, at the new widths
        # One appraisal of each whole package marks its cards: the one on the table, the draft.
        self._marks = (
            package_marks(view, seat, view.table.items if view.table is not None else {}),
            package_marks(view, seat, draft),
        )
        rows = [(card.id, self._cells(view, seat, draft, card)) for card in view.cards]
        keys = [key for key, _cells in rows]
        if keys != self.keys:
            self.keys, self.cells = keys, [cells for _key, cells in rows]
            self._strips.clear()
            self.virtual_size = Size(sum(self._widths) + len(self._widths), len(keys) + 1)
            self.cursor_row = keys.index(keep) if keep in keys else min(self.cursor_row, max(0, len(keys) - 1))
            self.refresh()
            return
        for i, (_key, cells) in enumerate(rows):
            if cells != self.cells[i]:
                self.cells[i] = cells
                self._forget(i + 1)

    def _forget(self, line: int) -> None:
        for key in [k for k in self._strips if k[0] == line]:
            del self._strips[key]
        self.refresh_line(line)

    def _cells(self, view: View, seat: str, draft: dict[str, str], card: CardView) -> tuple[Text, ...]:
        mine = view.private.get(seat)
        top = max(mine.weights.values(), default=0.0) if mine else 0.0
        wt, wtab, wsig, wdraft, _wmarks = self._widths
        table = view.table.items if view.table is not None else {}
        title = Text(clip(card.title, wt))
        if not card.open and card.signed is None:
            title.stylize("dim")
        on_table = Text()
        if card.id in table:
            opt = table[card.id]
            mark = self._marks[0].get(card.id, "")
            on_table = Text(clip(option_label(card, opt), wtab - (2 if mark else 0)))
            if mark:
                on_table.append(" " + mark, style="bold red" if mark == HARD else "bold yellow")
        signed = Text()
        if card.signed is not None:
            s = card.signed
            label = option_label(card, s.option)
            if s.completed:
                # Translators: after a signed option in a narrow column: the agreement has run its full term.
                tail = " " + _("(ran)")
                signed = Text(clip(label, wsig - len(tail)) + tail, style="dim")
            elif s.suspended:
                # Translators: after a signed option in a narrow column: the agreement is suspended.
                tail = " " + _("(susp)")
                signed = Text(clip(label, wsig - len(tail)) + tail, style="yellow")
            elif s.expires_on is not None:
                tail = " \u2192" + formats.short_day(s.expires_on).replace(" ", "")  # "24Jan": the column is narrow
                signed = Text(clip(label, wsig - len(tail)) + tail, style="green")
            else:
                signed = Text(clip(label, wsig), style="green")
        elif not card.open:
            signed = Text(_("closed"), style="dim")
        cell = Text()
        if card.id in draft:
            opt = draft[card.id]
            mark = self._marks[1].get(card.id, "")
            value = " " + formats.fixed(mine.values[card.id][opt], 0) if mine else ""
            room = wdraft - 2 - len(value) - (2 if mark else 0)
            cell = Text("\u25c2" + clip(option_label(card, opt), room) + "\u25b8", style="bold")
            cell.append(value, style="cyan")
            if mark:
                cell.append(" " + mark, style="bold red" if mark == HARD else "bold yellow")
        elif draftable(card) and mine:
            cell = Text(_("\u2190 \u2192 to draft"), style="dim")
        weight = Text(importance(mine.weights.get(card.id, 0.0), top) if mine else "", style="cyan")
        return (title, on_table, signed, cell, weight)

    # ---------------------------------------------------------------- rendering

    def on_resize(self) -> None:
        widths = self._column_widths(max(60, self.size.width), self.observing)
        if widths != self._widths:
            self._widths = widths
            self.virtual_size = Size(sum(widths) + len(widths), len(self.keys) + 1)
            self.post_message(self.Resized())  # the cells are clipped to the widths: draw them again
        self._strips.clear()

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._retheme, init=False)

    def _retheme(self) -> None:
        self._strips.clear()
        self.refresh()

    def on_focus(self) -> None:
        self._forget(self.cursor_row + 1)

    def on_blur(self) -> None:
        self._forget(self.cursor_row + 1)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        line = 0 if y == 0 else y + self.scroll_offset.y  # the header stays on top
        if line > len(self.keys):
            return Strip.blank(width, self.rich_style)
        key = (line, width)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._strips[key] = self._render_row(line, width)
        return strip

    def _render_row(self, line: int, width: int) -> Strip:
        if line == 0:
            cells = tuple(Text(_(h)) for h in (self.HEADINGS[:3] if self.observing else self.HEADINGS))
            style = self.get_component_rich_style("card-grid--header")
        else:
            cells = self.cells[line - 1]
            if line - 1 == self.cursor_row:
                style = self.get_component_rich_style("card-grid--cursor")
            elif line % 2 == 0:
                style = self.rich_style + self.get_component_rich_style("card-grid--even")
            else:
                style = self.rich_style
        row = Text(" ", end="")
        dark = self.app.current_theme.dark
        for cell, w in zip(cells, self._widths):
            piece = themed(cell.copy(), dark)
            piece.truncate(w, overflow="ellipsis", pad=True)
            row.append_text(piece)
            row.append(" ")
        segments = [
            Segment(seg.text, style + seg.style if seg.style else style) if not seg.control else seg
            for seg in row.render(self.app.console)
        ]
        return Strip(segments).adjust_cell_length(width, style).simplify()

    # ---------------------------------------------------------------- keys and mouse

    def _set_cursor(self, row: int) -> None:
        row = max(0, min(row, len(self.keys) - 1))
        if row == self.cursor_row or not self.keys:
            return
        old, self.cursor_row = self.cursor_row, row
        self._forget(old + 1)
        self._forget(row + 1)
        visible = self.size.height - 1  # below the header
        top = self.scroll_offset.y
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + visible:
            self.scroll_to(y=row - visible + 1, animate=False)
        self.post_message(self.Highlighted(self.current_card))

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.refresh()

    def move_to(self, card: str) -> None:
        if card in self.keys:
            self._set_cursor(self.keys.index(card))

    def action_move(self, delta: int) -> None:
        self._set_cursor(self.cursor_row + delta)

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            self._set_cursor(event.y - 1 + self.scroll_offset.y)

    def action_step(self, step: int) -> None:
        card = self.current_card
        if card is not None:
            self.post_message(self.Step(card, step))

    def action_drop(self) -> None:
        card = self.current_card
        if card is not None:
            self.post_message(self.Drop(card))

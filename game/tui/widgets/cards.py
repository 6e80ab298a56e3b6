"""The issue cards as a grid, and the offer composer that lives on it: the cursor
row is a card, left and right choose the option to put in the draft."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from game.engine.appraise import crossed
from game.engine.views import CardView, View

HARD = "\u2716"  # a hard red line of yours: you cannot sign it
SOFT = "!"  # a soft red line: signing costs you


def option_label(card: CardView, option: str) -> str:
    return next((o.label for o in card.options if o.id == option), option)


def draftable(card: CardView) -> list[str]:
    """Options that can go into an offer on this card (the status quo needs no signing)."""
    if card.signed is not None or not card.open:
        return []
    return [o.id for o in card.options if o.id != card.status_quo]


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "\u2026"


def line_mark(view: View, seat: str, card: str, option: str) -> str:
    """The red-line mark for `option` on `card`, for `seat` only (its own lines)."""
    if seat not in view.private:
        return ""
    lines = crossed(view, seat, {card: option})
    if any(line.hard for line in lines):
        return HARD
    return SOFT if lines else ""


def importance(weight: float, top: float) -> str:
    filled = 0 if top <= 0 else max(1, round(4 * weight / top)) if weight > 0 else 0
    return "\u25cf" * filled + "\u00b7" * (4 - filled)


class CardGrid(DataTable):
    """One row per card: title, the option on the table, the signed option, your
    draft (with its value to you) and how much the card matters to you."""

    BINDINGS = [
        Binding("left", "step(-1)", "Option \u2190", show=False),
        Binding("right", "step(1)", "Option \u2192", show=False),
        Binding("delete,backspace", "drop", "Drop from draft", show=False),
    ]

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
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._widths: tuple[int, ...] = ()

    def on_mount(self) -> None:
        self._set_columns()

    def _set_columns(self) -> None:
        width = max(60, self.size.width or 96)
        extra = max(0, width - 96) // 4
        widths = (20 + extra, 17 + extra, 15 + extra, 22 + extra, 5)
        if widths == self._widths:
            return
        self._widths = widths
        self.clear(columns=True)
        for (label, key), w in zip(
            (("Card", "card"), ("On the table", "table"), ("Signed", "signed"), ("Your draft", "draft"), ("Yours", "weight")),
            widths,
        ):
            self.add_column(label, key=key, width=w)

    @property
    def current_card(self) -> str | None:
        if self.row_count == 0:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def show(self, view: View, seat: str, draft: dict[str, str]) -> None:
        """Redraw every row for `seat`: marks and valuations are that seat's own. Rows are
        updated in place while the cards stay the same, so the cursor never jumps."""
        keep = self.current_card
        self._set_columns()
        rows = [(card.id, self._cells(view, seat, draft, card)) for card in view.cards]
        keys = [key for key, _ in rows]
        if keys != [row.value for row in self.rows]:
            self.clear()
            for key, cells in rows:
                self.add_row(*cells, key=key)
            if keep in keys:
                self.move_cursor(row=keys.index(keep), animate=False)
            return
        columns = [column.key for column in self.ordered_columns]
        for key, cells in rows:
            for column, cell in zip(columns, cells):
                if self.get_cell(key, column) != cell:
                    self.update_cell(key, column, cell)

    def _cells(self, view: View, seat: str, draft: dict[str, str], card: CardView) -> tuple[Text, ...]:
        mine = view.private.get(seat)
        top = max(mine.weights.values(), default=0.0) if mine else 0.0
        wt, wtab, wsig, wdraft, _ = self._widths
        table = view.table.items if view.table is not None else {}
        title = Text(clip(card.title, wt))
        if not card.open and card.signed is None:
            title.stylize("dim")
        on_table = Text()
        if card.id in table:
            opt = table[card.id]
            mark = line_mark(view, seat, card.id, opt)
            on_table = Text(clip(option_label(card, opt), wtab - (2 if mark else 0)))
            if mark:
                on_table.append(" " + mark, style="bold red" if mark == HARD else "bold yellow")
        signed = Text()
        if card.signed is not None:
            s = card.signed
            label = option_label(card, s.option)
            if s.completed:
                signed = Text(clip(label, wsig - 6) + " (ran)", style="dim")
            elif s.suspended:
                signed = Text(clip(label, wsig - 7) + " (susp)", style="yellow")
            elif s.expires_on is not None:
                signed = Text(clip(label, wsig - 7) + f" \u2192{s.expires_on:%d%b}", style="green")
            else:
                signed = Text(clip(label, wsig), style="green")
        elif not card.open:
            signed = Text("closed", style="dim")
        cell = Text()
        if card.id in draft:
            opt = draft[card.id]
            mark = line_mark(view, seat, card.id, opt)
            value = f" {mine.values[card.id][opt]:.0f}" if mine else ""
            room = wdraft - 2 - len(value) - (2 if mark else 0)
            cell = Text("\u25c2" + clip(option_label(card, opt), room) + "\u25b8", style="bold")
            cell.append(value, style="cyan")
            if mark:
                cell.append(" " + mark, style="bold red" if mark == HARD else "bold yellow")
        elif draftable(card):
            cell = Text("\u2190 \u2192 to draft", style="dim")
        weight = Text(importance(mine.weights.get(card.id, 0.0), top) if mine else "", style="cyan")
        return (title, on_table, signed, cell, weight)

    def action_step(self, step: int) -> None:
        card = self.current_card
        if card is not None:
            self.post_message(self.Step(card, step))

    def action_drop(self) -> None:
        card = self.current_card
        if card is not None:
            self.post_message(self.Drop(card))

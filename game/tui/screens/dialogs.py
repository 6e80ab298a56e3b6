"""Small screens over the table: event notices, questions, text prompts, the lever
list, and the hand-over screen of a hot-seat game."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from game.engine.views import LeverView
from game.narrate import Line
from game.tui.widgets.panels import STYLE


class NoticeScreen(ModalScreen[None]):
    """Events that fired: play stops until the player acknowledges them."""

    BINDINGS = [Binding("enter,escape,space", "dismiss", "Continue", priority=True)]

    def __init__(self, title: str, lines: list[Line]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(id="notice", classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            with VerticalScroll():
                for line in self.lines:
                    yield Static(Text(line.text, style=STYLE.get(line.kind, "")), classes="notice-line")
            yield Label("Press Enter to continue.", classes="dialog-hint")
        yield Footer()

    def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", priority=True),
        Binding("n,escape", "answer(False)", "No", priority=True),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title")
            yield Label("y yes \u00b7 n no", classes="dialog-hint")
        yield Footer()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class PromptScreen(ModalScreen[str | None]):
    """One line of text: a statement to the table, a save's name."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, placeholder: str, max_length: int, hint: str) -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.max_length = max_length
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(placeholder=self.placeholder, max_length=self.max_length, id="prompt")
            yield Label(self.hint, classes="dialog-hint")
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class LeverScreen(ModalScreen[str | None]):
    """Your delegation's levers; those not available now are shown, greyed, with why."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, levers: tuple[LeverView, ...]) -> None:
        super().__init__()
        self.levers = levers

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Use a lever", classes="dialog-title")
            options = []
            for lever in self.levers:
                usable = lever.available and lever.uses_left > 0
                status = "" if usable else (" (used up)" if lever.uses_left <= 0 else " (not available now)")
                text = Text()
                text.append(f"{lever.label}{status}\n", style="bold" if usable else "dim")
                text.append(lever.description, style="" if usable else "dim")
                options.append(Option(text, id=lever.id, disabled=not usable))
            if not options:
                options.append(Option("Your delegation has no levers in this scenario.", disabled=True))
            yield OptionList(*options, id="levers")
            yield Label("Enter uses the lever \u00b7 Esc cancels", classes="dialog-hint")
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HandOverScreen(Screen[None]):
    """Hot seat: everything is hidden until the next delegation takes the keyboard."""

    BINDINGS = [Binding("enter", "ready", "I am the next delegation", priority=True)]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.delegation_name = name

    def compose(self) -> ComposeResult:
        with Vertical(id="handover"):
            yield Label("Hand over the keyboard", classes="dialog-title")
            yield Label(f"Next at the table: {self.delegation_name}.")
            yield Label(
                "Everything on screen is hidden so that no one sees another delegation's brief, "
                "red lines, meters or valuations."
            )
            yield Label(f"{self.delegation_name}: press Enter when you are ready.", classes="dialog-hint")
        yield Footer()

    def action_ready(self) -> None:
        self.dismiss(None)

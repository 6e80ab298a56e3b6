"""Small screens over the table: event notices, questions, text prompts, the lever
list, and the hand-over screen of a hot-seat game."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from game.engine.views import LeverView
from game.i18n import N_, _, formats, ngettext
from game.narrate import Line
from game.tui.widgets.footer import Footer
from game.tui.widgets.panels import STYLE


class NoticeScreen(ModalScreen[None]):
    """Events that fired: play stops until the player acknowledges them."""

    BINDINGS = [Binding("enter,escape,space", "dismiss", N_("Continue"), priority=True)]

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
            yield Label(_("Press Enter to continue."), classes="dialog-hint")
        yield Footer()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes"), priority=True),
        Binding("n,escape", "answer(False)", N_("No"), priority=True),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title")
            # Translators: y and n are the keys, whatever the language.
            yield Label(_("y yes \u00b7 n no"), classes="dialog-hint")
        yield Footer()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class PromptScreen(ModalScreen[str | None]):
    """One line of text: a statement to the table, a save's name."""

    BINDINGS = [Binding("enter", "submit", N_("OK")), Binding("escape", "cancel", N_("Cancel"))]

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
            yield Static(self.count_text(""), id="prompt-count", classes="dialog-hint")
            yield Static(self.hint, classes="dialog-hint")
        yield Footer()

    def count_text(self, value: str) -> str:
        """How much of the limit the text uses, shown while typing: the Input stops at it."""
        left = self.max_length - len(value)
        if left <= 0:
            return ngettext("{count}/{limit} character: that is the limit",
                            "{count}/{limit} characters: that is the limit",
                            self.max_length).format(count=len(value), limit=self.max_length)
        return ngettext("{count}/{limit} character", "{count}/{limit} characters", self.max_length).format(
            count=len(value), limit=self.max_length)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#prompt-count", Static).update(self.count_text(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_submit(self) -> None:
        self.dismiss(self.query_one("#prompt", Input).value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class LeverScreen(ModalScreen[str | None]):
    """Your delegation's levers; those not available now are shown, greyed, with why."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, levers: tuple[LeverView, ...]) -> None:
        super().__init__()
        self.levers = levers

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Use a lever"), classes="dialog-title")
            options = []
            for lever in self.levers:
                usable = lever.available and lever.uses_left > 0
                if usable:
                    name = lever.label
                elif lever.uses_left <= 0:
                    name = _("{lever} (used up)").format(lever=lever.label)
                else:
                    name = _("{lever} (not available now)").format(lever=lever.label)
                text = Text()
                text.append(name + "\n", style="bold" if usable else "dim")
                text.append(lever.description, style="" if usable else "dim")
                options.append(Option(text, id=lever.id, disabled=not usable))
            if not options:
                options.append(Option(_("Your delegation has no levers in this scenario."), disabled=True))
            yield OptionList(*options, id="levers")
            yield Label(_("Enter uses the lever \u00b7 Esc cancels"), classes="dialog-hint")
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HandOverScreen(Screen[None]):
    """Hot seat: everything is hidden until the next delegation takes the keyboard."""

    BINDINGS = [Binding("enter", "ready", N_("I am the next delegation"), priority=True)]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.delegation_name = name

    def compose(self) -> ComposeResult:
        with Vertical(id="handover"):
            yield Label(_("Hand over the keyboard"), classes="dialog-title")
            yield Label(_("Next at the table: {who}.").format(who=self.delegation_name))
            yield Label(
                _("Everything on screen is hidden so that no one sees another delegation's brief, "
                  "red lines, meters or valuations.")
            )
            yield Label(_("{who}: press Enter when you are ready.").format(who=self.delegation_name),
                        classes="dialog-hint")
        yield Footer()

    def action_ready(self) -> None:
        self.dismiss(None)


class ChooseScreen(ModalScreen[str | None]):
    """One choice from a short list (the facilitator's controls): Enter picks, Esc cancels."""

    # Enter is the list's own key; the binding shows it in the footer and acts the same.
    BINDINGS = [Binding("enter", "choose", N_("Choose")), Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, title: str, choices: list[tuple[str, str]], hint: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices  # (label, value); a value of "" shows the label as a disabled note
        self.hint = _("Enter chooses \u00b7 Esc cancels") if hint is None else hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(
                *(Option(label, id=value or None, disabled=not value) for label, value in self.choices), id="choices"
            )
            yield Label(self.hint, classes="dialog-hint")
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_choose(self) -> None:
        options = self.query_one("#choices", OptionList)
        if options.highlighted is not None:
            options.action_select()

    def action_cancel(self) -> None:
        self.dismiss(None)


class InjectScreen(ModalScreen["dict | None"]):
    """The facilitator's own news item: headline, text, who hears it, and an optional
    change to one meter. Tab moves between fields; Enter sends; Esc cancels."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel")), Binding("enter,ctrl+s", "send", N_("Send"))]

    def __init__(
        self, audiences: list[tuple[str, str]], meters: list[tuple[str, str]], limits: tuple[int, int],
        spans: dict[str, float] | None = None,
    ) -> None:
        """`meters` are (label, id) pairs; `spans` how far each meter can move (its range)."""
        super().__init__()
        self.audiences = audiences
        self.meters = meters
        self.limits = limits
        self.spans = spans or {}

    def compose(self) -> ComposeResult:
        from game.tui.widgets.choice import Choice

        with Vertical(classes="dialog", id="inject"):
            yield Label(_("Inject news at the table"), classes="dialog-title")
            yield Input(placeholder=_("Headline (optional)"), max_length=self.limits[0], id="inject-headline")
            yield Input(placeholder=_("What happened"), max_length=self.limits[1], id="inject-text")
            yield Label(_("Who hears it (\u2190 \u2192)"))
            yield Choice(self.audiences, self.audiences[0][1], id="inject-to")
            yield Label(_("Meter effect (\u2190 \u2192), and by how much"))
            yield Choice([(_("No meter change"), ""), *self.meters], "", id="inject-meter")
            yield Input(placeholder=_("Change, e.g. -5"), id="inject-delta", type="number", max_length=8)
            yield Label(_("Tab moves \u00b7 Enter sends \u00b7 Esc cancels"), classes="dialog-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#inject-headline", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_send()

    def action_send(self) -> None:
        from game.tui.widgets.choice import Choice

        text = self.query_one("#inject-text", Input).value.strip()
        if not text:
            self.notify(_("Write what happened first."), severity="warning")
            self.query_one("#inject-text", Input).focus()
            return
        meter = self.query_one("#inject-meter", Choice).value
        meters: dict[str, float] = {}
        if meter:
            raw = self.query_one("#inject-delta", Input).value.strip()
            try:
                delta = formats.parse_number(raw)
            except ValueError:
                delta = float("nan")
            span = self.spans.get(meter, float("inf"))
            if not abs(delta) <= span:  # not a number, or further than the meter reaches
                self.notify(_("Give the meter change as a number from {low} to {high}, such as -5.").format(
                    low=formats.number(-span, 2), high=formats.number(span, 2)), severity="warning")
                self.query_one("#inject-delta", Input).focus()
                return
            meters[meter] = delta
        audience = self.query_one("#inject-to", Choice).value
        self.dismiss({
            "headline": self.query_one("#inject-headline", Input).value,
            "text": text,
            "to": tuple(audience.split(",")) if audience else (),
            "meters": meters,
        })

    def action_cancel(self) -> None:
        self.dismiss(None)
